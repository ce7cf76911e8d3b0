#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QString>

namespace kms {

class MasterKey;

namespace auth {

// Access keys of the local signed API (docs/api.md): an id that names the key in requests
// and a secret that signs them. The store keeps the secret only wrapped under the master key,
// bound to the key's id and the store (accessKeyAad), so a wrapped secret copied to another
// access key or another store does not unwrap.
inline constexpr int kAccessKeyIdLength = 20; // of [A-Z0-9]
inline constexpr int kAccessKeySecretLength = 40; // of [A-Za-z0-9]
inline constexpr QLatin1String kAccessKeyActive { "active" };
inline constexpr QLatin1String kAccessKeyDisabled { "disabled" };

struct NewAccessKey
{
    QString accessKeyId;
    SecureBytes secret; // ASCII; shown once at creation, never stored in clear
};

// A fresh id (RAND_bytes) and secret (RAND_priv_bytes), each character drawn uniformly.
// KMS.0511 if the DRBG fails.
Result<NewAccessKey> generateAccessKey();
bool isValidAccessKeyId(const QString &accessKeyId);

QByteArray accessKeyAad(const QString &accessKeyId, const QString &storeUuid);
Result<QByteArray> wrapAccessKeySecret(const MasterKey &masterKey, const SecureBytes &secret,
    const QString &accessKeyId, const QString &storeUuid);
// KMS.0504 when the wrapped secret was changed or belongs to another key or store.
Result<SecureBytes> unwrapAccessKeySecret(const MasterKey &masterKey, const QByteArray &wrapped,
    const QString &accessKeyId, const QString &storeUuid);

} // namespace auth
} // namespace kms
