#pragma once

#include "crypto/MasterKey.h"
#include "hsm/Hsm.h"

#include <cstddef>
#include <memory>

namespace kms::hsm {

// The built-in software HSM (protection level SOFTWARE) on OpenSSL 3.0. Key material is
// made here and leaves only wrapped under the store's master key (MasterKey::wrap, AES-256-
// GCM), with the key id, version id and key spec bound in as associated data; the wrapped
// blob is the handle. Supports AES_256, SM4_128, RSA_2048, EC_P256 and EC_SM2. The formats
// are written down at the top of SoftwareHsm.cpp.
//
// Key cache: like a hardware HSM that keeps its keys loaded, the HSM keeps the key versions
// it has used unwrapped in memory, so an operation does not unwrap the handle (AES-GCM) and
// decode the PKCS#8 key (OpenSSL's decoders, and the RSA key's precomputation) every time.
// An entry is keyed by the whole associated data (key id, version id, key spec) and the
// exact handle bytes, so a changed handle, or one given for another key version or spec,
// never meets a stale entry: it is unwrapped and checked as without the cache. A handle is
// kept only after it unwrapped and decoded successfully. Entries hold the decoded EVP_PKEY
// of an asymmetric key, the raw key of an AES key and the raw key (and, once used, its two
// derived subkeys) of an SM4 key, all in SecureBytes or OpenSSL's own key objects, which
// wipe their private parts when freed. At most `keyCacheCapacity` entries are kept (the
// least recently used is dropped first); everything is freed and wiped with the HSM, which
// the session destroys when it locks. The master key must not change while the HSM lives
// (it is a reference, and the session makes a new HSM for each unlock).
//
// Not thread-safe: the cache changes on every operation, so an HSM is used from one thread
// at a time. The session gives each connection (one KmsService, one thread) its own HSMs.
class SoftwareHsm final : public Hsm
{
public:
    static constexpr std::size_t kDefaultKeyCacheCapacity = 1024;

    // Keeps a reference: the caller keeps the master key alive as long as this HSM.
    explicit SoftwareHsm(
        const MasterKey &masterKey, std::size_t keyCacheCapacity = kDefaultKeyCacheCapacity);
    ~SoftwareHsm() override;
    SoftwareHsm(const SoftwareHsm &) = delete;
    SoftwareHsm &operator=(const SoftwareHsm &) = delete;

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
    Result<void> usePrivateKey(
        const KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use) override;
    // Wraps the material like generated material; the fingerprint is HMAC-SHA256 under a
    // subkey of the master key ("kms-import-fingerprint-v1").
    Result<ImportedKey> importKey(const KeyRef &key, const SecureBytes &material) override;
    Result<QByteArray> importFingerprint(const SecureBytes &material) override;

    // The associated data a key version's material is wrapped with:
    // "kms-material-v1" 0x00 cmkUuid 0x00 versionId 0x00 keySpecName (UTF-8).
    static QByteArray materialAad(const KeyRef &key);

    static constexpr int kMaxRandomBytes = 1024;

    // How many key versions are held unwrapped, and the bound.
    std::size_t cachedKeyCount() const;
    // Whether this handle of the key version is held unwrapped (a look that does not count as
    // a use).
    bool holdsKey(const KeyRef &key, const QByteArray &handle) const;
    std::size_t keyCacheCapacity() const { return m_keyCacheCapacity; }
    // Drops (and wipes) every unwrapped key.
    void clearKeyCache();

private:
    struct LoadedKey;
    class KeyCache;

    Result<SecureBytes> unwrapMaterial(const KeyRef &key, const QByteArray &handle) const;
    // The unwrapped key of a version, from the cache or unwrapped (and decoded) and then
    // kept; the checks and errors of unwrapMaterial and of decoding (KMS.0504). The pointer
    // is valid until the next call that loads a key.
    Result<LoadedKey *> loadKey(const KeyRef &key, const QByteArray &handle);

    const MasterKey &m_masterKey;
    std::size_t m_keyCacheCapacity;
    std::unique_ptr<KeyCache> m_keyCache;
};

} // namespace kms::hsm
