#pragma once

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"

#include <QJsonObject>

#include <QString>
#include <optional>

namespace kms {

class SecretStore;

// How the master key is protected; chosen when the store is initialised.
enum class MasterKeyProtection { Keychain, Passphrase };

// What the store keeps about the master key: never the key itself. For the keychain mode
// the name of the keychain entry and a key-check value; for the passphrase mode the
// Argon2id parameters and the master key wrapped under the passphrase-derived key.
struct VaultRecord
{
    MasterKeyProtection protection = MasterKeyProtection::Keychain;
    QString storeUuid;
    QString keychainEntry; // keychain mode
    Argon2Params argon2; // passphrase mode
    QByteArray wrappedMasterKey; // passphrase mode: MasterKey::wrapWith(kek, ...)
    QByteArray keyCheck; // HMAC-SHA256(subkey "kms-key-check-v1", storeUuid)

    QJsonObject toJson() const;
    static std::optional<VaultRecord> fromJson(const QJsonObject &json);
};

struct NewVault
{
    MasterKey masterKey;
    VaultRecord record;
};

// Creates and opens the master key. Failures are catalog errors:
// - wrong passphrase: KMS.0401 (detail "wrong passphrase");
// - keychain unavailable or entry missing, or a key that fails its check: KMS.0503 with a
//   detail naming the cause.
// Nothing is changed on failure.
class MasterKeyVault
{
public:
    static Result<NewVault> createWithKeychain(SecretStore &secrets, const QString &storeUuid);
    static Result<NewVault> createWithPassphrase(
        const SecureBytes &passphrase, const QString &storeUuid, const Argon2Params &params);
    static Result<MasterKey> unlockWithKeychain(const VaultRecord &record, SecretStore &secrets);
    static Result<MasterKey> unlockWithPassphrase(
        const VaultRecord &record, const SecureBytes &passphrase);
};

} // namespace kms
