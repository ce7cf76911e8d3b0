#pragma once

#include "crypto/MasterKey.h"
#include "hsm/Hsm.h"

namespace kms::hsm {

// The built-in software HSM (protection level SOFTWARE) on OpenSSL 3.0. Key material is
// made here and leaves only wrapped under the store's master key (MasterKey::wrap, AES-256-
// GCM), with the key id, version id and key spec bound in as associated data; the wrapped
// blob is the handle. Plaintext material exists only in SecureBytes for the length of one
// call. Supports AES_256, SM4_128, RSA_2048, EC_P256 and EC_SM2. The formats are written
// down at the top of SoftwareHsm.cpp.
class SoftwareHsm final : public Hsm
{
public:
    // Keeps a reference: the caller keeps the master key alive as long as this HSM.
    explicit SoftwareHsm(const MasterKey &masterKey);

    QString name() const override;
    bool supports(KeySpec spec) const override;

    Result<QByteArray> generateKey(const KeyRef &key) override;
    Result<void> destroyKey(const KeyRef &key, const QByteArray &handle) override;
    Result<QByteArray> publicKeyPem(const KeyRef &key, const QByteArray &handle) override;

    Result<SealedData> encrypt(const KeyRef &key, const QByteArray &handle,
        const QByteArray &plaintext, const QByteArray &aad) override;
    Result<SecureBytes> decrypt(const KeyRef &key, const QByteArray &handle,
        const SealedData &sealed, const QByteArray &aad) override;

    Result<SecureBytes> randomBytes(int count) override;

    // Private-key operations over the unwrapped PKCS#8 material (crypto/PublicKeyCrypto.h).
    Result<QByteArray> sign(const KeyRef &key, const QByteArray &handle, SignAlgorithm algorithm,
        const QByteArray &digest) override;
    Result<SecureBytes> asymmetricDecrypt(const KeyRef &key, const QByteArray &handle,
        AsymmetricAlgorithm algorithm, const QByteArray &ciphertext) override;

    // The associated data a key version's material is wrapped with:
    // "kms-material-v1" 0x00 cmkUuid 0x00 versionId 0x00 keySpecName (UTF-8).
    static QByteArray materialAad(const KeyRef &key);

    static constexpr int kMaxRandomBytes = 1024;

private:
    Result<SecureBytes> unwrapMaterial(const KeyRef &key, const QByteArray &handle) const;

    const MasterKey &m_masterKey;
};

} // namespace kms::hsm
