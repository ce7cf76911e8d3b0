#pragma once

#include "core/KeySpec.h"

#include <QString>

#include <optional>

namespace kms {

// Signature algorithms over a 32-byte digest (DESIGN.md, asymmetric crypto).
//  RSA_PSS_SHA_256   RSA_2048, RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32
//  RSA_PKCS1_SHA_256 RSA_2048, RSASSA-PKCS1-v1_5 with SHA-256 DigestInfo
//  ECDSA_SHA_256     EC_P256, signature DER-encoded (SEQUENCE of r, s)
//  SM2DSA            EC_SM2, digest e = SM3(Z_A || M) with the default ID
//                    "1234567812345678", signature DER-encoded
enum class SignAlgorithm { RsaPssSha256, RsaPkcs1Sha256, EcdsaSha256, Sm2Dsa };

// Asymmetric encryption algorithms.
//  RSAES_OAEP_SHA_256 RSA_2048, OAEP with SHA-256 and MGF1-SHA-256, empty label
//  RSAES_OAEP_SHA_1   RSA_2048, OAEP with SHA-1 and MGF1-SHA-1, empty label
//  SM2PKE             EC_SM2, GM/T 0003.4 encryption, DER (C1 C3 C2) as OpenSSL writes it
enum class AsymmetricAlgorithm { RsaOaepSha256, RsaOaepSha1, Sm2Pke };

QString signAlgorithmName(SignAlgorithm algorithm);
std::optional<SignAlgorithm> signAlgorithmFromName(const QString &name);
QString asymmetricAlgorithmName(AsymmetricAlgorithm algorithm);
std::optional<AsymmetricAlgorithm> asymmetricAlgorithmFromName(const QString &name);

// Which spec an algorithm works with.
KeySpec specOf(SignAlgorithm algorithm); // RSA_2048 for both RSA algorithms
KeySpec specOf(AsymmetricAlgorithm algorithm);

// The default SM2 distinguishing ID.
inline constexpr char kSm2DefaultId[] = "1234567812345678";

} // namespace kms
