#pragma once

#include "core/Algorithms.h"
#include "core/Result.h"

#include <QByteArray>
#include <QIODevice>

// The digests the signature algorithms sign, computed by the client side (kmsctl, the
// workbench) before AsymmetricSign / AsymmetricVerify. No OpenSSL type in this header.
// Implemented in PublicKeyCrypto.cpp.
namespace kms::crypto {

// Every signature algorithm signs a digest of this many bytes (core/Algorithms.h).
inline constexpr qsizetype kSignDigestLength = 32;

// e = SM3(Z_A || message) for SM2DSA, with Z_A from the public key and the ID (GM/T 0003.2).
Result<QByteArray> sm2Digest(const QByteArray &publicKey, const QByteArray &message,
    const QByteArray &id = QByteArray(kSm2DefaultId));
// The digest of a message as the algorithm signs it: SHA-256, or SM2's e.
Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, const QByteArray &message);

// The same over a stream read to its end (files of any size, without holding them).
Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, QIODevice &message);

} // namespace kms::crypto
