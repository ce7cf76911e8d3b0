#pragma once

#include "core/Algorithms.h"
#include "core/Result.h"
#include "crypto/PublicKeyCrypto.h"

#include <QByteArray>

#include <cstddef>
#include <memory>

namespace kms::crypto {

// Decoded public keys for verifyDigest and encryptWithPublicKey (crypto/PublicKeyCrypto.h),
// so a stored public key (a key version's SubjectPublicKeyInfo PEM) is decoded once and not
// on every request: decoding costs OpenSSL 3.0 more than verifying an ECDSA signature.
//
// Entries are keyed by the key's exact bytes and the key spec the algorithm needs, and hold
// the decoded key that was checked to fit that spec; a key that does not decode or fit is
// not kept, and its error is answered again on every call. The methods answer exactly what
// the free functions of the same names answer, errors included. Public keys are not secret,
// so nothing here needs wiping.
//
// Bounded: past `capacity` entries the least recently used one is dropped. Not thread-safe:
// one cache per KmsService, which is used from one thread.
class PublicKeyCache
{
public:
    static constexpr std::size_t kDefaultCapacity = 1024;

    explicit PublicKeyCache(std::size_t capacity = kDefaultCapacity);
    ~PublicKeyCache();
    PublicKeyCache(const PublicKeyCache &) = delete;
    PublicKeyCache &operator=(const PublicKeyCache &) = delete;

    // As crypto::verifyDigest: KMS.0128 for a digest that is not 32 bytes, KMS.0212 for a key
    // that does not decode or fit; false for a signature that does not verify.
    Result<bool> verifyDigest(const QByteArray &publicKey, SignAlgorithm algorithm,
        const QByteArray &digest, const QByteArray &signature);
    // As crypto::encryptWithPublicKey: KMS.0212 for a key that does not fit, KMS.0128 for a
    // plaintext too long for the key (or empty for SM2PKE).
    Result<QByteArray> encryptWithPublicKey(
        const QByteArray &publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext);

    std::size_t size() const;
    std::size_t capacity() const { return m_capacity; }
    void clear();

private:
    // The decoded key for the bytes and spec, decoding and keeping it on a miss; KMS.0212 if
    // it does not decode or fit. The pointer stays valid until the next call.
    Result<EVP_PKEY *> keyFor(const QByteArray &publicKey, KeySpec spec);

    class Entries;
    std::size_t m_capacity;
    std::unique_ptr<Entries> m_entries;
};

} // namespace kms::crypto
