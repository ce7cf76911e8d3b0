#pragma once

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "secrets/MasterKeyVault.h"

#include <QIODevice>
#include <QSaveFile>
#include <QString>

#include <functional>

namespace kms {

class StoreSession;

// The whole key store in one file (kmsctl backup / restore): keys, versions, aliases,
// policies, jobs, certificates, imported material, settings and the audit log, as a
// consistent SQLite snapshot encrypted under the master key (docs/formats.md):
//
//   an EnvelopeStream file (AES-256-GCM in 64 KiB chunks, every chunk bound to the header)
//   whose header field holds a JSON manifest: format, store id, the master-key vault record
//   (no secret: how the master key is unlocked), the schema version, the snapshot's size and
//   SHA-256, and a fresh backup key wrapped under the master key.
//
// Restoring needs the same master key: the same custodians (any M shares), the same
// passphrase, or the same keychain entry. Everything in the store was already only wrapped
// under that key; the backup adds a second layer. Keys on PKCS#11 tokens would be in the
// backup as references; their material stays on the token.
class StoreBackup
{
public:
    // Writes the backup of the unlocked session's store. KMS.0503 on a storage or write error.
    static Result<void> write(StoreSession &session, QIODevice &out);
    // The same into a file opened for writing: made readable by the owner only, committed
    // when complete, discarded otherwise (KMS.0503 when it cannot be committed).
    static Result<void> writeFile(StoreSession &session, QSaveFile &file);

    // How a restore obtains the master key from the backup's vault record.
    using Unlock = std::function<Result<MasterKey>(const VaultRecord &)>;
    struct Manifest
    {
        QString storeUuid;
        VaultRecord vault;
        int schemaVersion = 0;
        qint64 snapshotBytes = 0;
        QByteArray snapshotSha256;
        QString created;
    };
    // The manifest of a backup file, without the master key (to know how to unlock it).
    // KMS.0219 if the file is not a backup of this console.
    static Result<Manifest> readManifest(QIODevice &in);
    // Restores into `dataDir`, which must hold no store yet. Nothing is left behind on failure:
    // a damaged, truncated or foreign file is KMS.0219, a wrong unlock the unlock's error.
    static Result<void> restore(const QString &dataDir, QIODevice &in, const Unlock &unlock);
};

} // namespace kms
