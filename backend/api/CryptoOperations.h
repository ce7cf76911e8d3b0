#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"

#include <QJsonObject>

namespace kms::ops {

// Symmetric cryptography with CMKs (envelope encryption, data keys, re-encryption).
// Binary values travel as base64; blobs are crypto/CiphertextBlob.h.
Result<QJsonObject> encrypt(OperationContext &ctx, const Params &params);
Result<QJsonObject> decrypt(OperationContext &ctx, const Params &params);
// A data key (a GenerateDataKey blob) sealed again under another party's RSA-2048 public key
// (`publicKeyBlob`: PEM or base64 DER; `wrappingKeySpec` RSA_2048; `wrappingAlgorithm`
// RSAES_OAEP_SHA_256 or _SHA_1) → `exportedDataKey`. The plaintext key is never answered.
Result<QJsonObject> exportDataKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> reEncrypt(OperationContext &ctx, const Params &params);
Result<QJsonObject> generateDataKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> generateDataKeyWithoutPlaintext(OperationContext &ctx, const Params &params);

// Asymmetric cryptography with a key version (core/Algorithms.h).
Result<QJsonObject> getPublicKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> asymmetricSign(OperationContext &ctx, const Params &params);
Result<QJsonObject> asymmetricVerify(OperationContext &ctx, const Params &params);
Result<QJsonObject> asymmetricEncrypt(OperationContext &ctx, const Params &params);
Result<QJsonObject> asymmetricDecrypt(OperationContext &ctx, const Params &params);

} // namespace kms::ops
