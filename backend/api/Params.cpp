#include "Params.h"

#include <QJsonValue>

#include <cmath>

namespace kms {

namespace {
const QString kIllegalJson = QStringLiteral("KMS.0128");

bool present(const QJsonObject &json, const QString &name)
{
    const QJsonValue value = json.value(name);
    return !value.isUndefined() && !value.isNull();
}
} // namespace

bool Params::has(const QString &name) const
{
    return present(m_json, name);
}

Result<QString> Params::requiredString(const QString &name, const QString &emptyCode) const
{
    if (!present(m_json, name))
        return KmsError(emptyCode, QStringLiteral("%1 is missing").arg(name));
    const QJsonValue value = m_json.value(name);
    if (!value.isString())
        return KmsError(kIllegalJson, QStringLiteral("%1 must be a string").arg(name));
    if (value.toString().isEmpty())
        return KmsError(emptyCode, QStringLiteral("%1 is empty").arg(name));
    return value.toString();
}

Result<std::optional<QString>> Params::optionalString(const QString &name) const
{
    if (!present(m_json, name))
        return std::optional<QString>();
    const QJsonValue value = m_json.value(name);
    if (!value.isString())
        return KmsError(kIllegalJson, QStringLiteral("%1 must be a string").arg(name));
    return std::optional<QString>(value.toString());
}

Result<std::optional<bool>> Params::optionalBool(
    const QString &name, const QString &formatCode) const
{
    if (!present(m_json, name))
        return std::optional<bool>();
    const QJsonValue value = m_json.value(name);
    if (value.isBool())
        return std::optional<bool>(value.toBool());
    if (value.isString()) {
        const QString text = value.toString();
        if (text == QLatin1String("true"))
            return std::optional<bool>(true);
        if (text == QLatin1String("false"))
            return std::optional<bool>(false);
    }
    return KmsError(formatCode, QStringLiteral("%1 must be true or false").arg(name));
}

Result<std::optional<qint64>> Params::optionalInteger(
    const QString &name, const QString &formatCode) const
{
    if (!present(m_json, name))
        return std::optional<qint64>();
    const QJsonValue value = m_json.value(name);
    const KmsError malformed(formatCode, QStringLiteral("%1 must be a whole number").arg(name));
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::trunc(number) != number || std::abs(number) > 9.0e15)
            return malformed;
        return std::optional<qint64>(static_cast<qint64>(number));
    }
    if (value.isString()) {
        const QString text = value.toString();
        bool ok = false;
        const qint64 number = text.toLongLong(&ok);
        if (ok && !text.isEmpty() && !text.startsWith(QLatin1Char('+')) && text.trimmed() == text)
            return std::optional<qint64>(number);
    }
    return malformed;
}

Result<qint64> Params::requiredInteger(
    const QString &name, const QString &emptyCode, const QString &formatCode) const
{
    if (!present(m_json, name)
        || (m_json.value(name).isString() && m_json.value(name).toString().isEmpty()))
        return KmsError(emptyCode, QStringLiteral("%1 is missing").arg(name));
    auto value = optionalInteger(name, formatCode);
    if (!value)
        return value.error();
    return **value;
}

} // namespace kms
