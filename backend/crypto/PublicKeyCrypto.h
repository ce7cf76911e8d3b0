#pragma once

#include "core/Algorithms.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QIODevice>

namespace kms::crypto {

// Public-key halves of the asymmetric algorithms of core/Algorithms.h, and the private-key
// halves over a PKCS#8 key (used inside the software HSM and by known-answer tests). Keys
// are accepted as PEM or DER (SubjectPublicKeyInfo / PKCS#8 PrivateKeyInfo).

// KMS.0212 if the key does not fit the algorithm; false (not an error) for a signature that
// does not verify, including a malformed one. `digest` must be 32 bytes (KMS.0128).
Result<bool> verifyDigest(const QByteArray &publicKey, SignAlgorithm algorithm,
    const QByteArray &digest, const QByteArray &signature);

// KMS.0212 if the key does not fit; KMS.0128 if the plaintext is too long for the key
// (RSA-OAEP: 190 bytes for SHA-256, 214 for SHA-1 with a 2048-bit key).
Result<QByteArray> encryptWithPublicKey(
    const QByteArray &publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext);

// e = SM3(Z_A || message) for SM2DSA, with Z_A from the public key and the ID (GM/T 0003.2).
Result<QByteArray> sm2Digest(const QByteArray &publicKey, const QByteArray &message,
    const QByteArray &id = QByteArray(kSm2DefaultId));
// The digest of a message as the algorithm signs it: SHA-256, or SM2's e.
Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, const QByteArray &message);

// The same over a stream read to its end (files of any size, without holding them).
Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, QIODevice &message);

// Private-key operations over PKCS#8 DER (wiped by the caller).
Result<QByteArray> signDigest(
    const SecureBytes &privateKeyPkcs8, SignAlgorithm algorithm, const QByteArray &digest);
// KMS.0239 when the ciphertext does not decrypt.
Result<SecureBytes> decryptWithPrivateKey(const SecureBytes &privateKeyPkcs8,
    AsymmetricAlgorithm algorithm, const QByteArray &ciphertext);

} // namespace kms::crypto
