#include "AccessKeys.h"

#include "crypto/MasterKey.h"

#include <openssl/rand.h>

#include <QRegularExpression>

namespace kms::auth {

namespace {

// `length` characters of `alphabet`, each uniform: random bytes at or above the largest
// multiple of the alphabet's size are drawn again instead of skewing the first characters.
bool randomText(unsigned char *out, int length, QLatin1String alphabet, bool privateDrbg)
{
    const int size = int(alphabet.size());
    const int usable = 256 - 256 % size;
    SecureBytes pool(64);
    int filled = 0;
    while (filled < length) {
        const int drawn = privateDrbg ? RAND_priv_bytes(pool.data(), pool.intSize())
                                      : RAND_bytes(pool.data(), pool.intSize());
        if (drawn != 1)
            return false;
        for (std::size_t i = 0; i < pool.size() && filled < length; ++i) {
            if (pool.data()[i] < usable)
                out[filled++]
                    = static_cast<unsigned char>(alphabet.at(pool.data()[i] % size).toLatin1());
        }
    }
    return true;
}

const QLatin1String kIdAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
const QLatin1String kSecretAlphabet(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

} // namespace

Result<NewAccessKey> generateAccessKey()
{
    QByteArray id(kAccessKeyIdLength, '\0');
    NewAccessKey key;
    key.secret = SecureBytes(kAccessKeySecretLength);
    if (!randomText(
            reinterpret_cast<unsigned char *>(id.data()), kAccessKeyIdLength, kIdAlphabet, false)
        || !randomText(key.secret.data(), kAccessKeySecretLength, kSecretAlphabet, true))
        return KmsError(QStringLiteral("KMS.0511"), QStringLiteral("no random access key"));
    key.accessKeyId = QString::fromLatin1(id);
    return key;
}

bool isValidAccessKeyId(const QString &accessKeyId)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\A[A-Z0-9]{%1}\\z").arg(kAccessKeyIdLength));
    return pattern.match(accessKeyId).hasMatch();
}

QByteArray accessKeyAad(const QString &accessKeyId, const QString &storeUuid)
{
    return "kms-access-key-v1|" + storeUuid.toLatin1() + '|' + accessKeyId.toLatin1();
}

Result<QByteArray> wrapAccessKeySecret(const MasterKey &masterKey, const SecureBytes &secret,
    const QString &accessKeyId, const QString &storeUuid)
{
    return masterKey.wrap(secret, accessKeyAad(accessKeyId, storeUuid));
}

Result<SecureBytes> unwrapAccessKeySecret(const MasterKey &masterKey, const QByteArray &wrapped,
    const QString &accessKeyId, const QString &storeUuid)
{
    return masterKey.unwrap(wrapped, accessKeyAad(accessKeyId, storeUuid));
}

} // namespace kms::auth
