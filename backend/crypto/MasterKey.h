#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>

#include <utility>
#include <vector>

namespace kms {

// The store's 256-bit master key, held only in memory while the store is unlocked.
// It wraps key material with AES-256-GCM and derives purpose-bound subkeys (HKDF-SHA256).
//
// Wrapped format (docs/formats.md): 0x01 | nonce (12) | ciphertext | tag (16); the
// associated data given by the caller (for key material: key id and version id) is
// authenticated, so a wrapped blob moved to another key or version fails to unwrap.
class MasterKey
{
public:
    static constexpr int kKeyLength = 32;

    // Fresh random master key (OpenSSL's RAND_priv_bytes). KMS.0511 if the DRBG fails.
    static Result<MasterKey> generate();
    // Takes ownership of 32 bytes; anything else is KMS.0503.
    static Result<MasterKey> fromBytes(SecureBytes bytes);

    MasterKey(MasterKey &&) noexcept = default;
    MasterKey &operator=(MasterKey &&) noexcept = default;

    const SecureBytes &bytes() const { return m_key; }

    // KMS.0503 if sealing fails.
    Result<QByteArray> wrap(
        const unsigned char *data, std::size_t size, const QByteArray &aad) const;
    Result<QByteArray> wrap(const SecureBytes &plain, const QByteArray &aad) const
    {
        return wrap(plain.data(), plain.size(), aad);
    }
    // KMS.0504 if the blob is malformed, was changed, or was made for other associated data.
    Result<SecureBytes> unwrap(const QByteArray &wrapped, const QByteArray &aad) const;

    // HKDF-SHA256(master key, info = label), 32 bytes: audit MAC key, key-check value, ...
    // A subkey kept from an earlier master key (keepSubkey) is answered instead.
    SecureBytes deriveSubkey(const QByteArray &label) const;
    // Master-key rotation (api/MasterKeyRotation.h): what an earlier master key derived for
    // `label` (the audit chain's MAC key, the import fingerprint key) stays the subkey of that
    // label, so old audit rows and fingerprints still verify under the new key.
    void keepSubkey(const QByteArray &label, SecureBytes subkey);
    bool hasKeptSubkey(const QByteArray &label) const;
    // A copy of the key and its kept subkeys (for another thread's connection).
    Result<MasterKey> copy() const;

    // Wraps/unwraps with an arbitrary 32-byte key-encryption key (same format); used to
    // protect the master key itself under a passphrase-derived key.
    static Result<QByteArray> wrapWith(
        const SecureBytes &kek, const unsigned char *data, std::size_t size, const QByteArray &aad);
    static Result<SecureBytes> unwrapWith(
        const SecureBytes &kek, const QByteArray &wrapped, const QByteArray &aad);

private:
    explicit MasterKey(SecureBytes key)
        : m_key(std::move(key))
    {
    }
    SecureBytes m_key;
    std::vector<std::pair<QByteArray, SecureBytes>> m_keptSubkeys;
};

// HMAC-SHA256 over data with a secret key.
QByteArray hmacSha256(const SecureBytes &key, const QByteArray &data);

} // namespace kms
