#pragma once

#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace kms::server {

// The signing scheme of the local API (docs/api.md, "Signing a request"): the client signs
//
//   SDK-HMAC-SHA256 \n METHOD \n PATH \n X-SDK-DATE \n hex(SHA-256(sorted body values))
//
// with HMAC-SHA256 under its access key's secret and sends
//   Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=x-sdk-date, Signature=<hex>
//   X-Sdk-Date: 20261129T101500Z
namespace signature {

inline constexpr QLatin1String kAlgorithm { "SDK-HMAC-SHA256" };
inline constexpr QLatin1String kSignedHeaders { "x-sdk-date" };

// "20261129T101500Z" (UTC, exactly this form) to a UTC time; invalid for anything else.
QDateTime parseDate(const QByteArray &text);
QByteArray formatDate(const QDateTime &time);

// What the body digest covers. A body that is a JSON object (an empty body is the empty
// object): one line "key=value\n" per top-level key, keys sorted by their UTF-8 bytes, each
// value in its compact JSON form (strings quoted and escaped, objects with sorted keys). Any
// other body (not JSON, not an object, a key with a control character): the body's bytes.
QByteArray sortedBodyValues(const QByteArray &body);
// Lower-case hex SHA-256 of sortedBodyValues(body).
QByteArray bodyDigest(const QByteArray &body);
QByteArray canonicalString(const QByteArray &method, const QByteArray &path, const QByteArray &date,
    const QByteArray &body);
// Lower-case hex HMAC-SHA256(secret, canonical); empty if the secret is empty.
QByteArray sign(const SecureBytes &secret, const QByteArray &canonical);

struct Authorization
{
    QString accessKeyId;
    QByteArray signature; // 32 bytes, decoded from the header's hex
};
// The Authorization header's value; nullopt unless it is the algorithm followed by exactly
// the parameters Access, SignedHeaders=x-sdk-date and Signature (64 hex digits), in any order,
// separated by commas.
std::optional<Authorization> parseAuthorization(const QByteArray &header);
QByteArray authorizationHeader(const QString &accessKeyId, const QByteArray &signatureHex);

} // namespace signature
} // namespace kms::server
