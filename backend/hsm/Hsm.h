#pragma once

#include "core/Algorithms.h"
#include "core/KeySpec.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <openssl/types.h>

#include <QByteArray>
#include <QString>

#include <functional>

namespace kms::hsm {

// Which key version an HSM operation is about. The HSM binds the key id and the version
// id into whatever it stores (associated data for wrapped software keys, the object label
// on a PKCS#11 token), so material of one version can never be used as another's.
struct KeyRef
{
    QString cmkUuid;
    QString versionId;
    KeySpec spec = KeySpec::Aes256;
};

// Output of a symmetric authenticated encryption inside the HSM.
struct SealedData
{
    QByteArray iv; // nonce / IV
    QByteArray ciphertext; // same length as the plaintext
    QByteArray tag; // authentication tag
};

// The one HSM interface. The software HSM and the PKCS#11 HSM implement it; nothing above
// it knows which HSM holds a key. A "handle" is the opaque, storable reference the HSM
// returns for a key version: wrapped material for the software HSM, an object label on a
// token. Handles are safe to persist: they never hold plaintext key material.
//
// Errors are catalog codes: KMS.0505 when key generation fails, KMS.0503 when new material
// cannot be wrapped, KMS.0504 when stored material cannot be unwrapped, KMS.0511 when the
// random generator fails, KMS.0227 for a spec this HSM does not support (the operations
// check supports() first and answer KMS.0505 "HSM failed to create user key").
class Hsm
{
public:
    virtual ~Hsm() = default;

    // "software" or "pkcs11:<token label>"; stored beside each key version.
    virtual QString name() const = 0;
    virtual bool supports(KeySpec spec) const = 0;
    // Why supports(spec) is false, for the operator: the mechanism the token lacks. "" when
    // there is nothing more to say than the spec.
    virtual QString unsupportedReason(KeySpec) const { return QString(); }

    // Creates key material for one key version and returns its handle.
    virtual Result<QByteArray> generateKey(const KeyRef &key) = 0;
    // Destroys a key version's material (a no-op for wrapped software keys, whose handle
    // is simply dropped by the store).
    virtual Result<void> destroyKey(const KeyRef &key, const QByteArray &handle) = 0;
    // SubjectPublicKeyInfo in PEM for an asymmetric key version.
    virtual Result<QByteArray> publicKeyPem(const KeyRef &key, const QByteArray &handle) = 0;

    // Symmetric authenticated encryption with the version's key: AES-256-GCM for AES_256,
    // SM4-CTR + HMAC-SM3 (encrypt-then-MAC, docs/formats.md) for SM4_128. The associated
    // data is authenticated, not encrypted. decrypt fails with KMS.0219 when anything was
    // changed.
    virtual Result<SealedData> encrypt(const KeyRef &key, const QByteArray &handle,
        const QByteArray &plaintext, const QByteArray &aad)
        = 0;
    virtual Result<SecureBytes> decrypt(const KeyRef &key, const QByteArray &handle,
        const SealedData &sealed, const QByteArray &aad)
        = 0;

    // Random bytes from the HSM's generator (data keys, IVs).
    virtual Result<SecureBytes> randomBytes(int count) = 0;

    // Private-key operations of asymmetric key versions (the public-key halves, verification
    // and encryption, run on the stored public key: crypto/PublicKeyCrypto.h).
    // sign: `digest` is the 32-byte digest the algorithm names (for SM2DSA already
    // SM3(Z_A || M)); KMS.0212 if the algorithm does not fit the key's spec, KMS.0514 if the
    // signing fails.
    virtual Result<QByteArray> sign(const KeyRef &key, const QByteArray &handle,
        SignAlgorithm algorithm, const QByteArray &digest)
        = 0;
    // asymmetricDecrypt: KMS.0239 when the ciphertext does not decrypt (padding, length, a
    // point off the curve), KMS.0212 if the algorithm does not fit the key's spec.
    virtual Result<SecureBytes> asymmetricDecrypt(const KeyRef &key, const QByteArray &handle,
        AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
        = 0;

    // Takes symmetric key material from outside (BYOK, already unwrapped inside this HSM from
    // the import wrapping) as a key version: its handle, and a keyed fingerprint that tells
    // whether the same material was imported before, without revealing it. Default: KMS.0505.
    struct ImportedKey
    {
        QByteArray handle;
        QByteArray fingerprint;
    };
    virtual Result<ImportedKey> importKey(const KeyRef &key, const SecureBytes &material);
    // The fingerprint importKey gives this material, before choosing the version it goes to.
    virtual Result<QByteArray> importFingerprint(const SecureBytes &material);

    // Lends the private key of an asymmetric version to `use` for the length of the call:
    // X.509 signing (CSRs, certificates, CRLs) and the PKCS#12 export of keys created
    // exportable. The key must not be kept. An HSM that never lets keys out of its boundary
    // lends a key whose private operations it performs itself (PKCS#11), or answers KMS.0212
    // (the default).
    using PrivateKeyUse = std::function<Result<void>(EVP_PKEY *)>;
    virtual Result<void> usePrivateKey(
        const KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use);
};

inline Result<Hsm::ImportedKey> Hsm::importKey(const KeyRef &, const SecureBytes &)
{
    return KmsError(QStringLiteral("KMS.0505"),
        QStringLiteral("the HSM %1 cannot take imported key material").arg(name()));
}

inline Result<QByteArray> Hsm::importFingerprint(const SecureBytes &)
{
    return KmsError(QStringLiteral("KMS.0505"),
        QStringLiteral("the HSM %1 cannot take imported key material").arg(name()));
}

inline Result<void> Hsm::usePrivateKey(const KeyRef &, const QByteArray &, const PrivateKeyUse &)
{
    return KmsError(QStringLiteral("KMS.0212"),
        QStringLiteral("the HSM %1 does not let private keys out").arg(name()));
}

} // namespace kms::hsm
