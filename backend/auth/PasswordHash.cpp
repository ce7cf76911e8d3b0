#include "PasswordHash.h"

#include <openssl/crypto.h>

#include <QStringList>

namespace kms::auth {

namespace {

constexpr auto kBase64 = QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals;

QString encode(const Argon2Params &params, const SecureBytes &hash)
{
    const QByteArray hashBytes = QByteArray::fromRawData(
        reinterpret_cast<const char *>(hash.data()), qsizetype(hash.size()));
    return QStringLiteral("$argon2id$v=19$m=%1,t=%2,p=%3$%4$%5")
        .arg(params.memoryKiB)
        .arg(params.timeCost)
        .arg(params.parallelism)
        .arg(QString::fromLatin1(params.salt.toBase64(kBase64)),
            QString::fromLatin1(hashBytes.toBase64(kBase64)));
}

// The parameters and hash of an encoded string; nullopt if it is not one this console wrote.
std::optional<std::pair<Argon2Params, QByteArray>> decode(const QString &encoded)
{
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 6 || !parts.at(0).isEmpty() || parts.at(1) != QLatin1String("argon2id")
        || parts.at(2) != QLatin1String("v=19"))
        return std::nullopt;
    Argon2Params params;
    const QStringList costs = parts.at(3).split(QLatin1Char(','));
    if (costs.size() != 3)
        return std::nullopt;
    bool okM = false;
    bool okT = false;
    bool okP = false;
    if (!costs.at(0).startsWith(QLatin1String("m=")) || !costs.at(1).startsWith(QLatin1String("t="))
        || !costs.at(2).startsWith(QLatin1String("p=")))
        return std::nullopt;
    params.memoryKiB = costs.at(0).mid(2).toUInt(&okM);
    params.timeCost = costs.at(1).mid(2).toUInt(&okT);
    params.parallelism = costs.at(2).mid(2).toUInt(&okP);
    if (!okM || !okT || !okP)
        return std::nullopt;
    auto salt = QByteArray::fromBase64Encoding(
        parts.at(4).toLatin1(), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    auto hash = QByteArray::fromBase64Encoding(
        parts.at(5).toLatin1(), kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || hash.decoded.isEmpty())
        return std::nullopt;
    params.salt = salt.decoded;
    return std::make_pair(params, hash.decoded);
}

} // namespace

Result<QString> hashPassword(const SecureBytes &password, const Argon2Params &params)
{
    auto fresh = newArgon2Params(); // a new salt for every password
    if (!fresh)
        return fresh.error();
    Argon2Params used = params;
    used.salt = fresh->salt;
    auto hash = deriveKeyFromPassphrase(password, used);
    if (!hash)
        return hash.error();
    return encode(used, *hash);
}

bool verifyPassword(const SecureBytes &password, const QString &encoded)
{
    const auto decoded = decode(encoded);
    if (!decoded)
        return false;
    auto hash = deriveKeyFromPassphrase(password, decoded->first);
    if (!hash || qsizetype(hash->size()) != decoded->second.size())
        return false;
    return CRYPTO_memcmp(hash->data(), decoded->second.constData(), hash->size()) == 0;
}

} // namespace kms::auth
