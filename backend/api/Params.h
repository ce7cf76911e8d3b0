#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace kms {

// Typed access to an operation's JSON parameters. Each accessor names the catalog code to
// answer when the parameter is missing or malformed, so every operation validates the same
// way: a value of the wrong JSON type is "Request JSON format is illegal" (KMS.0128) unless
// the caller names a more specific code.
class Params
{
public:
    explicit Params(QJsonObject json)
        : m_json(std::move(json))
    {
    }

    bool has(const QString &name) const;
    const QJsonObject &json() const { return m_json; }

    // A non-empty string; missing, null or "" answers emptyCode.
    Result<QString> requiredString(const QString &name, const QString &emptyCode) const;
    // A string if present and not null ("" is returned as it is).
    Result<std::optional<QString>> optionalString(const QString &name) const;
    // A JSON boolean, or the strings "true"/"false"; anything else answers formatCode.
    Result<std::optional<bool>> optionalBool(const QString &name, const QString &formatCode) const;
    // A JSON integer, or a string of decimal digits; anything else answers formatCode.
    Result<std::optional<qint64>> optionalInteger(
        const QString &name, const QString &formatCode) const;
    Result<qint64> requiredInteger(
        const QString &name, const QString &emptyCode, const QString &formatCode) const;

private:
    QJsonObject m_json;
};

} // namespace kms
