#pragma once

#include "core/Algorithms.h"
#include "core/KeySpec.h"
#include "core/Result.h"
#include "crypto/PublicKeyCrypto.h"

#include <QByteArray>

#include <functional>
#include <optional>

namespace kms::crypto {

// Makes the signature of a 32-byte SHA-256 digest with a private key held elsewhere: raw for
// RSA PKCS#1 v1.5, DER ECDSA-Sig-Value for ECDSA (the Hsm::sign contract).
struct DelegatedSigner
{
    std::function<Result<QByteArray>(SignAlgorithm, const QByteArray &digest)> sign;
    std::optional<KmsError> lastError; // the error of the last signature that failed
};

// An EVP_PKEY for a key whose private half never leaves its HSM (a PKCS#11 token): the public
// key `publicKeyPem`, with signatures made by `signer`. Enough for OpenSSL to sign X.509
// structures (CSRs, certificates, CRLs) with SHA-256: RSA PKCS#1 v1.5 (RSA_2048) and ECDSA
// (EC_P256). Nothing that needs the private key itself works with it (PKCS#12 export).
//
// It uses OpenSSL's RSA_METHOD / EC_KEY_METHOD, deprecated in 3.0 but kept for such "foreign"
// keys, which OpenSSL 3 keeps on its legacy code path instead of exporting them to a provider
// (the way PKCS#11 engines work). `signer` must outlive the key. If a signature fails, the key
// answers failure to OpenSSL and the signer's lastError tells why. KMS.0212 for other specs.
Result<PKey> makeDelegatedKey(
    const QByteArray &publicKeyPem, KeySpec spec, DelegatedSigner &signer);

} // namespace kms::crypto
