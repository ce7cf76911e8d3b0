#pragma once

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"
#include "secrets/MasterKeyVault.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace kms {

class SecretStore;
class StoreSession;
namespace store {
class Store;
}

// Re-keying the master key (issue 9, docs/operators.md): a new master key in the store's
// protection mode, and in one transaction everything wrapped under the old one wrapped again
// under the new one, with the new vault record and the audit row RotateMasterKey.
//
// What is rewrapped: every handle of the software HSM (key versions, import tokens' private
// keys, certificates' private keys; SoftwareHsm::materialAad) and the audit signing key.
// Subkeys DERIVED from the master key cannot be derived again from the new one, so the two
// that outlive a key are kept: the audit chain's MAC key ("kms-audit-mac-v1") and the import
// fingerprint key ("kms-import-fingerprint-v1") are stored wrapped under the new key (meta
// "masterKey.keptSubkeys") and MasterKey::deriveSubkey answers them; old audit rows verify
// and new rows chain on. The key-check value is derived afresh (it proves the new key).
//
// Keychain mode writes the new key under a new keychain entry before the commit and deletes
// the old entry only after it; a failure anywhere leaves the store, the vault record and the
// old entry as they were (the new entry is deleted again).
class MasterKeyRotation
{
public:
    struct Options
    {
        SecretStore *keychain = nullptr; // keychain mode (default: the session's keychain)
        const SecureBytes *passphrase = nullptr; // passphrase mode: the new passphrase
        std::optional<Argon2Params> argon2; // passphrase mode; fresh default parameters if unset
        int custodianThreshold = 0; // custodians mode: new M of N (0: the current ones)
        int custodianCount = 0;
    };

    static constexpr QLatin1String kKeptSubkeysMeta { "masterKey.keptSubkeys" };
    // The labels of the subkeys that outlive a master key.
    static QList<QByteArray> keptSubkeyLabels();

    // Puts the subkeys this store keeps (if any) into a master key that unlocked it. KMS.0504
    // when they do not open under it.
    static Result<void> loadKeptSubkeys(
        store::Store &store, const QString &storeUuid, MasterKey &key);

    // The whole rotation of an unlocked session (StoreSession::rotateMasterKey calls it and
    // then continues with the new key): the new key with its kept subkeys, its vault record
    // and the custodians' new shares. Administrator only in operator mode (KMS.0401,
    // KMS.0405), with a second officer's approval when RotateMasterKey is under dual control
    // (KMS.0405), audited as RotateMasterKey. KMS.0101 for an empty passphrase, KMS.0128 for a
    // custodian policy outside 2 <= M <= N <= 16, KMS.0503 when the keychain or the store fails.
    static Result<NewVault> rotate(StoreSession &session, const Options &options);

    // Inside an open transaction: everything wrapped under `from` wrapped under `to`, the kept
    // subkeys and the new vault record saved.
    static Result<void> rewrapStore(store::Store &store, const MasterKey &from, const MasterKey &to,
        const VaultRecord &newRecord);
};

} // namespace kms
