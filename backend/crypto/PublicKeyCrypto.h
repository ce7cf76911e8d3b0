#pragma once

#include "core/Algorithms.h"
#include "core/Result.h"
#include "crypto/MessageDigest.h"
#include "crypto/SecureBytes.h"

#include <openssl/types.h>

#include <QByteArray>
#include <QIODevice>

#include <memory>

namespace kms::crypto {

// Public-key halves of the asymmetric algorithms of core/Algorithms.h, and the private-key
// halves over a PKCS#8 key (used inside the software HSM and by known-answer tests). Keys
// are accepted as PEM or DER (SubjectPublicKeyInfo / PKCS#8 PrivateKeyInfo).
//
// Decoding a key costs more than most of the operations themselves (OpenSSL 3.0's decoders),
// so every operation also takes an already decoded key: a caller that uses one key many
// times decodes it once (crypto/PublicKeyCache for stored public keys, the software HSM's
// key cache for private keys). The decoded-key overloads check that the key fits the
// algorithm just as the encoded ones do, with the same errors.

// An owned EVP_PKEY.
struct PKeyDeleter
{
    void operator()(EVP_PKEY *key) const;
};
using PKey = std::unique_ptr<EVP_PKEY, PKeyDeleter>;

// A public key (SubjectPublicKeyInfo, PEM or DER) that fits the spec: KMS.0212 if it does not
// decode or does not fit.
Result<PKey> decodePublicKey(const QByteArray &publicKey, KeySpec spec);
// A private key (PKCS#8 PrivateKeyInfo, PEM or DER, not encrypted) that fits the spec:
// KMS.0212 if it does not decode or does not fit.
Result<PKey> decodePrivateKey(const SecureBytes &privateKeyPkcs8, KeySpec spec);

// KMS.0212 if the key does not fit the algorithm; false (not an error) for a signature that
// does not verify, including a malformed one. `digest` must be 32 bytes (KMS.0128).
Result<bool> verifyDigest(const QByteArray &publicKey, SignAlgorithm algorithm,
    const QByteArray &digest, const QByteArray &signature);
Result<bool> verifyDigest(EVP_PKEY *publicKey, SignAlgorithm algorithm, const QByteArray &digest,
    const QByteArray &signature);

// KMS.0212 if the key does not fit; KMS.0128 if the plaintext is too long for the key
// (RSA-OAEP: 190 bytes for SHA-256, 214 for SHA-1 with a 2048-bit key).
Result<QByteArray> encryptWithPublicKey(
    const QByteArray &publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext);
Result<QByteArray> encryptWithPublicKey(
    EVP_PKEY *publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext);

// Private-key operations over PKCS#8 (wiped by the caller), or over a decoded private key.
// KMS.0128 for a digest that is not 32 bytes, KMS.0212 for a key that does not fit.
Result<QByteArray> signDigest(
    const SecureBytes &privateKeyPkcs8, SignAlgorithm algorithm, const QByteArray &digest);
Result<QByteArray> signDigest(
    EVP_PKEY *privateKey, SignAlgorithm algorithm, const QByteArray &digest);
// KMS.0239 when the ciphertext does not decrypt.
Result<SecureBytes> decryptWithPrivateKey(const SecureBytes &privateKeyPkcs8,
    AsymmetricAlgorithm algorithm, const QByteArray &ciphertext);
Result<SecureBytes> decryptWithPrivateKey(
    EVP_PKEY *privateKey, AsymmetricAlgorithm algorithm, const QByteArray &ciphertext);

} // namespace kms::crypto
