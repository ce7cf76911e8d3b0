#include "CryptoTestHelpers.h"

#include <QFile>
#include <QJsonDocument>

#include <cstring>

namespace kms::test {

bool sameBytes(const SecureBytes &secure, const QByteArray &plain)
{
    return secure.size() == static_cast<std::size_t>(plain.size())
        && (plain.isEmpty() || std::memcmp(secure.data(), plain.constData(), secure.size()) == 0);
}

QByteArray toByteArray(const SecureBytes &secure)
{
    return QByteArray(
        reinterpret_cast<const char *>(secure.data()), static_cast<qsizetype>(secure.size()));
}

SecureBytes toSecure(QByteArray bytes)
{
    SecureBytes secure = SecureBytes::fromByteArray(bytes);
    wipeByteArray(bytes);
    return secure;
}

SecureBytes secureFromHex(const char *hex)
{
    return toSecure(QByteArray::fromHex(hex));
}

QString testDataFile(const QString &name)
{
    const QString fromEnvironment = qEnvironmentVariable("KMS_TEST_DATA");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment + QLatin1Char('/') + name;
    // Relative to this file (tests/support/), as it was to the tests in tests/backend/.
    return QFINDTESTDATA(QStringLiteral("../data/") + name);
}

QJsonObject loadJson(const QString &name)
{
    QFile file(testDataFile(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray hexField(const QJsonObject &object, const char *field)
{
    return QByteArray::fromHex(object.value(QLatin1String(field)).toString().toLatin1());
}

} // namespace kms::test
