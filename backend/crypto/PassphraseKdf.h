#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace kms {

// Argon2id parameters, recorded in the store so a passphrase unlocks with exactly the
// parameters it was set with.
struct Argon2Params
{
    quint32 timeCost = 3; // iterations
    quint32 memoryKiB = 64 * 1024; // 64 MiB
    quint32 parallelism = 1;
    QByteArray salt; // 16 random bytes

    QJsonObject toJson() const;
    static std::optional<Argon2Params> fromJson(const QJsonObject &json);
};

// Argon2id (Debian's libargon2) from a passphrase to a 32-byte key-encryption key.
// KMS.0503 if the parameters are out of the library's range or hashing fails.
Result<SecureBytes> deriveKeyFromPassphrase(
    const SecureBytes &passphrase, const Argon2Params &params);

// Default parameters with a fresh random salt.
Result<Argon2Params> newArgon2Params();
// `given` when set (tests make Argon2id cheap), otherwise newArgon2Params().
Result<Argon2Params> argon2ParamsOr(const std::optional<Argon2Params> &given);

} // namespace kms
