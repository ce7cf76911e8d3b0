#include "crypto/PassphraseKdf.h"

#include "crypto/OpenSslError.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <QJsonValue>

#include <cmath>

namespace kms {

namespace {

const QString kKdfFailed = QStringLiteral("KMS.0503");
const QString kRandomFailed = QStringLiteral("KMS.0511");

constexpr int kKeyLength = 32;
constexpr qsizetype kSaltLength = 16;

// Bounds on stored parameters, inside libargon2's own range: a store whose parameters ask
// for more than 4 GiB, 256 passes or 64 lanes was not written by this console, and
// would only make the unlock hang.
constexpr quint32 kMaxTimeCost = 256;
constexpr quint32 kMaxMemoryKiB = 4u * 1024u * 1024u;
constexpr quint32 kMaxParallelism = 64;
constexpr qsizetype kMinSaltLength = ARGON2_MIN_SALT_LENGTH;
constexpr qsizetype kMaxSaltLength = 1024;

const QLatin1String kAlgorithmKey("algorithm");
const QLatin1String kVersionKey("version");
const QLatin1String kTimeCostKey("timeCost");
const QLatin1String kMemoryKey("memoryKiB");
const QLatin1String kParallelismKey("parallelism");
const QLatin1String kSaltKey("salt");
const QLatin1String kAlgorithmName("argon2id");

bool validParams(const Argon2Params &params)
{
    return params.timeCost >= ARGON2_MIN_TIME && params.timeCost <= kMaxTimeCost
        && params.parallelism >= ARGON2_MIN_LANES && params.parallelism <= kMaxParallelism
        && params.memoryKiB >= 8 * params.parallelism && params.memoryKiB <= kMaxMemoryKiB
        && params.salt.size() >= kMinSaltLength && params.salt.size() <= kMaxSaltLength;
}

// A JSON number that is a whole number in quint32's range.
std::optional<quint32> toUInt32(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= 0 && number <= 4294967295.0) || std::floor(number) != number)
        return std::nullopt;
    return static_cast<quint32>(number);
}

} // namespace

QJsonObject Argon2Params::toJson() const
{
    return QJsonObject {
        { kAlgorithmKey, kAlgorithmName },
        { kVersionKey, static_cast<int>(ARGON2_VERSION_13) },
        { kTimeCostKey, static_cast<qint64>(timeCost) },
        { kMemoryKey, static_cast<qint64>(memoryKiB) },
        { kParallelismKey, static_cast<qint64>(parallelism) },
        { kSaltKey, QString::fromLatin1(salt.toBase64()) },
    };
}

std::optional<Argon2Params> Argon2Params::fromJson(const QJsonObject &json)
{
    // "algorithm" and "version" may be missing (then they mean argon2id 1.3), never wrong.
    if (json.contains(kAlgorithmKey) && json.value(kAlgorithmKey).toString() != kAlgorithmName)
        return std::nullopt;
    if (json.contains(kVersionKey)
        && toUInt32(json.value(kVersionKey)) != static_cast<quint32>(ARGON2_VERSION_13))
        return std::nullopt;

    const auto timeCost = toUInt32(json.value(kTimeCostKey));
    const auto memoryKiB = toUInt32(json.value(kMemoryKey));
    const auto parallelism = toUInt32(json.value(kParallelismKey));
    const QJsonValue saltValue = json.value(kSaltKey);
    if (!timeCost || !memoryKiB || !parallelism || !saltValue.isString())
        return std::nullopt;
    auto salt = QByteArray::fromBase64Encoding(
        saltValue.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt)
        return std::nullopt;

    Argon2Params params;
    params.timeCost = *timeCost;
    params.memoryKiB = *memoryKiB;
    params.parallelism = *parallelism;
    params.salt = *salt;
    if (!validParams(params))
        return std::nullopt;
    return params;
}

Result<SecureBytes> deriveKeyFromPassphrase(
    const SecureBytes &passphrase, const Argon2Params &params)
{
    if (!validParams(params))
        return KmsError(kKdfFailed, QStringLiteral("Argon2id parameters out of range"));
    if (passphrase.size() > ARGON2_MAX_PWD_LENGTH)
        return KmsError(kKdfFailed, QStringLiteral("passphrase too long"));

    SecureBytes key(kKeyLength);
    const int rc = argon2id_hash_raw(params.timeCost, params.memoryKiB, params.parallelism,
        passphrase.data(), passphrase.size(), params.salt.constData(),
        static_cast<std::size_t>(params.salt.size()), key.data(), key.size());
    if (rc != ARGON2_OK) {
        key.clear();
        // libargon2's messages are fixed English texts ("Memory allocation error", ...).
        return KmsError(kKdfFailed,
            QStringLiteral("Argon2id failed: %1")
                .arg(QString::fromLatin1(argon2_error_message(rc))));
    }
    return key;
}

Result<Argon2Params> newArgon2Params()
{
    Argon2Params params;
    params.salt.resize(kSaltLength);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(params.salt.data()),
            static_cast<int>(params.salt.size()))
        != 1)
        return openSslError(kRandomFailed, "random Argon2id salt");
    return params;
}

Result<Argon2Params> argon2ParamsOr(const std::optional<Argon2Params> &given)
{
    if (given)
        return *given;
    return newArgon2Params();
}

} // namespace kms
