#include "RequestSignature.h"

#include "crypto/MasterKey.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QRegularExpression>

#include <algorithm>

namespace kms::server::signature {

namespace {

const char *const kDateFormat = "yyyyMMdd'T'HHmmss'Z'";

// A JSON value in its compact form: QJsonDocument writes documents only, so a value is
// written inside a one-element array and the brackets are cut off.
QByteArray compactJson(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

bool hasControlCharacter(const QByteArray &text)
{
    return std::any_of(
        text.cbegin(), text.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

} // namespace

QDateTime parseDate(const QByteArray &text)
{
    static const QRegularExpression pattern(QStringLiteral("\\A\\d{8}T\\d{6}Z\\z"));
    const QString string = QString::fromLatin1(text);
    if (!pattern.match(string).hasMatch())
        return {};
    QDateTime time = QDateTime::fromString(string, QLatin1String(kDateFormat));
    if (!time.isValid())
        return {};
    time.setTimeSpec(Qt::UTC);
    return time;
}

QByteArray formatDate(const QDateTime &time)
{
    return time.toUTC().toString(QLatin1String(kDateFormat)).toLatin1();
}

QByteArray sortedBodyValues(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return body;
    const QJsonObject object = document.object();
    QList<QByteArray> keys;
    for (auto it = object.begin(); it != object.end(); ++it) {
        QByteArray key = it.key().toUtf8();
        if (hasControlCharacter(key))
            return body; // a key that could forge a line break
        keys.append(std::move(key));
    }
    std::sort(keys.begin(), keys.end());
    QByteArray lines;
    for (const QByteArray &key : std::as_const(keys))
        lines += key + '=' + compactJson(object.value(QString::fromUtf8(key))) + '\n';
    return lines;
}

QByteArray bodyDigest(const QByteArray &body)
{
    return QCryptographicHash::hash(sortedBodyValues(body), QCryptographicHash::Sha256).toHex();
}

QByteArray canonicalString(const QByteArray &method, const QByteArray &path, const QByteArray &date,
    const QByteArray &body)
{
    return QByteArray(kAlgorithm.data(), kAlgorithm.size()) + '\n' + method + '\n' + path + '\n'
        + date + '\n' + bodyDigest(body);
}

QByteArray sign(const SecureBytes &secret, const QByteArray &canonical)
{
    return hmacSha256(secret, canonical).toHex();
}

std::optional<Authorization> parseAuthorization(const QByteArray &header)
{
    const QByteArray value = header.trimmed();
    const QByteArray prefix = QByteArray(kAlgorithm.data(), kAlgorithm.size()) + ' ';
    if (!value.startsWith(prefix))
        return std::nullopt;
    std::optional<QByteArray> access;
    std::optional<QByteArray> signedHeaders;
    std::optional<QByteArray> signatureHex;
    for (const QByteArray &part : value.mid(prefix.size()).split(',')) {
        const qsizetype equals = part.indexOf('=');
        if (equals <= 0)
            return std::nullopt;
        const QByteArray name = part.left(equals).trimmed();
        const QByteArray parameter = part.mid(equals + 1).trimmed();
        std::optional<QByteArray> *slot = name == "Access" ? &access
            : name == "SignedHeaders"                      ? &signedHeaders
            : name == "Signature"                          ? &signatureHex
                                                           : nullptr;
        if (slot == nullptr || slot->has_value())
            return std::nullopt; // unknown or repeated parameter
        *slot = parameter;
    }
    static const QRegularExpression hex(QStringLiteral("\\A[0-9a-fA-F]{64}\\z"));
    if (!access || access->isEmpty() || !signedHeaders || !signatureHex
        || signedHeaders->toLower() != QByteArray(kSignedHeaders.data())
        || !hex.match(QString::fromLatin1(*signatureHex)).hasMatch())
        return std::nullopt;
    return Authorization { QString::fromLatin1(*access), QByteArray::fromHex(*signatureHex) };
}

QByteArray authorizationHeader(const QString &accessKeyId, const QByteArray &signatureHex)
{
    return QByteArray(kAlgorithm.data(), kAlgorithm.size()) + " Access=" + accessKeyId.toLatin1()
        + ", SignedHeaders=" + QByteArray(kSignedHeaders.data()) + ", Signature=" + signatureHex;
}

} // namespace kms::server::signature
