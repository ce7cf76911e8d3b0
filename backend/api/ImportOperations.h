#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QJsonObject>

namespace kms::ops {

// Bring your own key (DESIGN.md, docs/errors.md): a key of origin EXTERNAL receives its
// material wrapped under a one-off RSA-2048 wrapping key of the HSM (RSAES_OAEP_SHA_256,
// RSAES_OAEP_SHA_1, or RSA_AES_KEY_WRAP_SHA_256: an AES-256 key under RSA-OAEP-SHA-256
// followed by the material under that key with AES key wrap with padding). The material is
// unwrapped inside the HSM and never leaves it; the owner keeps the only backup.
Result<QJsonObject> getParametersForImport(OperationContext &ctx, const Params &params);
Result<QJsonObject> importKeyMaterial(OperationContext &ctx, const Params &params);
Result<QJsonObject> deleteKeyMaterial(OperationContext &ctx, const Params &params);

// `wrappingKeySpec` of a request that wraps key material under an RSA key (import,
// ExportDataKey): empty KMS.0121, anything but RSA_2048 KMS.0237.
Result<void> requireWrappingKeySpec(const Params &params);

// Destroys a key's imported material (DeleteKeyMaterial, and the expiry job): its versions
// go, the key waits for material again (PendingImport), its expiry job is cancelled
// (KMS.0509 if that cannot be written).
Result<void> removeMaterial(OperationContext &ctx, const store::KeyRecord &key);

} // namespace kms::ops
