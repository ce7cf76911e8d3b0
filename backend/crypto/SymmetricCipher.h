#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <openssl/types.h>

#include <QByteArray>

#include <cstddef>
#include <initializer_list>
#include <span>

// Deterministic symmetric primitives over OpenSSL 3.0's EVP interfaces. Every input,
// including the IV, is given by the caller, so each function can be checked against
// published known-answer vectors; the callers (MasterKey, SoftwareHsm) pick the random IVs.
//
// Errors: sealing, HKDF and HMAC failures carry KMS.0503; an open that fails, for a bad
// tag or a malformed input, carries KMS.0219 and never returns any plaintext. Callers give
// them the code of their own operation with KmsError::withCode().
//
// The algorithms (AES-256-GCM, SM4-CTR, HMAC, HKDF) are fetched from OpenSSL's default
// provider once per process, at first use (thread-safe static initialisation), and kept
// until exit: an implicit or explicit fetch per call is a large part of the cost of
// sealing a short message with OpenSSL 3.0. The functions keep no other state and may be
// called from any thread.
namespace kms::crypto {

using ByteView = std::span<const unsigned char>;

inline ByteView byteView(const QByteArray &bytes)
{
    return { reinterpret_cast<const unsigned char *>(bytes.constData()),
        static_cast<std::size_t>(bytes.size()) };
}
inline ByteView byteView(const SecureBytes &bytes)
{
    return { bytes.data(), bytes.size() };
}

constexpr std::size_t kAes256KeyLength = 32;
constexpr std::size_t kGcmIvLength = 12;
constexpr std::size_t kGcmTagLength = 16;
constexpr std::size_t kSm4KeyLength = 16;
constexpr std::size_t kSm4IvLength = 16;
constexpr std::size_t kSm3MacLength = 32;

enum class Digest { Sha256, Sm3 };

struct SealedBytes
{
    QByteArray ciphertext; // same length as the plaintext
    QByteArray tag;
};

// AES-256-GCM with a 32-byte key, a 12-byte IV and a 16-byte tag (other sizes are refused).
Result<SealedBytes> aes256GcmSeal(ByteView key, ByteView iv, ByteView plaintext, ByteView aad);
Result<SecureBytes> aes256GcmOpen(
    ByteView key, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad);

// SM4 in CTR mode (GB/T 32907 block cipher, 128-bit big-endian counter block starting at
// the IV); the same call encrypts and decrypts. Key and IV are 16 bytes.
Result<SecureBytes> sm4Ctr(ByteView key, ByteView iv, ByteView input);

// SM4-CTR + HMAC-SM3, encrypt-then-MAC, as documented at the top of hsm/SoftwareHsm.cpp
// (and in docs/formats.md): a 16-byte key, a 16-byte IV, a 32-byte tag.
Result<SealedBytes> sm4CtrHmacSm3Seal(ByteView key, ByteView iv, ByteView plaintext, ByteView aad);
Result<SecureBytes> sm4CtrHmacSm3Open(
    ByteView key, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad);

// The two subkeys the construction derives from the 16-byte SM4 key (HKDF-SM3, "kms-sm4-ctr-
// enc" and "kms-sm4-hmac-sm3"). A holder of many operations under one key (the software HSM's
// key cache) derives them once and seals and opens with them; the results are the same as
// with the SM4 key itself.
struct Sm4Subkeys
{
    SecureBytes encKey; // 16 bytes
    SecureBytes macKey; // 32 bytes
};
Result<Sm4Subkeys> sm4Subkeys(ByteView key);
Result<SealedBytes> sm4CtrHmacSm3Seal(
    const Sm4Subkeys &subkeys, ByteView iv, ByteView plaintext, ByteView aad);
Result<SecureBytes> sm4CtrHmacSm3Open(
    const Sm4Subkeys &subkeys, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad);

// HKDF (RFC 5869) through EVP_KDF "HKDF". An empty salt means "no salt" (HashLen zero
// bytes), an empty info means no info.
Result<SecureBytes> hkdf(
    Digest digest, ByteView ikm, ByteView salt, ByteView info, std::size_t length);

// HMAC through EVP_MAC "HMAC"; the MAC has the digest's full length.
Result<QByteArray> hmac(Digest digest, ByteView key, ByteView data);

// HMAC under one key for many messages (the audit chain MACs every request): the key is
// set into a context once, and each MAC starts from a copy of it (EVP_MAC_CTX_dup), which
// skips the key schedule. The results equal hmac() with the same key. mac() only reads the
// keyed context, so it may be called from several threads. OpenSSL wipes the key copy in
// the context when it is freed. An empty key is refused (isValid() false, mac() fails), as
// the audit key's users expect.
class HmacKey
{
public:
    HmacKey() = default;
    HmacKey(Digest digest, ByteView key);
    HmacKey(const HmacKey &) = delete;
    HmacKey &operator=(const HmacKey &) = delete;
    HmacKey(HmacKey &&other) noexcept;
    HmacKey &operator=(HmacKey &&other) noexcept;
    ~HmacKey();

    bool isValid() const { return m_keyed != nullptr; }
    // The MAC of the concatenation of parts.
    Result<QByteArray> mac(std::initializer_list<ByteView> parts) const;

private:
    EVP_MAC_CTX *m_keyed = nullptr;
};

} // namespace kms::crypto
