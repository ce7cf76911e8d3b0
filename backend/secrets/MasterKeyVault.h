#pragma once

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"

#include <QJsonObject>

#include <QString>
#include <QStringList>
#include <optional>

namespace kms {

class SecretStore;

// How the master key is protected; chosen when the store is initialised.
enum class MasterKeyProtection { Keychain, Passphrase, Custodians };
// "keychain", "passphrase" or "custodians", as the vault record stores it.
QString protectionName(MasterKeyProtection protection);

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
    int threshold = 0; // custodians mode: M shares unlock
    int shareCount = 0; // custodians mode: N shares were handed out
    QString splitId; // custodians mode: the current split (older shares are refused)

    QJsonObject toJson() const;
    static std::optional<VaultRecord> fromJson(const QJsonObject &json);
};

struct NewVault
{
    MasterKey masterKey;
    VaultRecord record;
    QStringList shares; // custodians mode: one per custodian, shown once, never stored
};

// Creates and opens the master key. Failures are catalog errors:
// - wrong passphrase: KMS.0401 (detail "wrong passphrase");
// - keychain unavailable or entry missing, or a key that fails its check: KMS.0503 with a
//   detail naming the cause.
// Nothing is changed on failure.
class MasterKeyVault
{
public:
    // `entry` names the keychain entry ("master-key/<storeUuid>" when empty); master-key
    // rotation writes the new key under a new entry.
    static Result<NewVault> createWithKeychain(
        SecretStore &secrets, const QString &storeUuid, const QString &entry = QString());
    static Result<NewVault> createWithPassphrase(
        const SecureBytes &passphrase, const QString &storeUuid, const Argon2Params &params);
    // A fresh master key split into N custodian shares, M of which unlock it
    // (crypto/CustodianShares.h). KMS.0128 for a policy outside 2 <= M <= N <= 16.
    static Result<NewVault> createWithCustodians(
        const QString &storeUuid, int threshold, int shareCount);
    // New shares of the same master key (re-keying the custodians): the record's M and N change.
    static Result<NewVault> resplit(
        const MasterKey &masterKey, const VaultRecord &record, int threshold, int shareCount);
    static Result<MasterKey> unlockWithKeychain(const VaultRecord &record, SecretStore &secrets);
    // The key is this record's master key (key-check value): KMS.0503 otherwise.
    static Result<MasterKey> verify(const VaultRecord &record, MasterKey key);
    // KMS.0401 when a share is malformed, fails its checksum, is missing, or the shares do not
    // give this store's master key.
    static Result<MasterKey> unlockWithShares(const VaultRecord &record, const QStringList &shares);
    static Result<MasterKey> unlockWithPassphrase(
        const VaultRecord &record, const SecureBytes &passphrase);
};

} // namespace kms
