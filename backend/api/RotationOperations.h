#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QJsonObject>

namespace kms::ops {

// Key versions and rotation (DESIGN.md, docs/errors.md). The primary version encrypts and
// signs; every version of a key decrypts and verifies.
Result<QJsonObject> updateRotationPolicy(OperationContext &ctx, const Params &params);
Result<QJsonObject> rotateKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> listKeyVersions(OperationContext &ctx, const Params &params);
Result<QJsonObject> describeKeyVersion(OperationContext &ctx, const Params &params);

// Makes a new primary version of `key` now (rotationType "MANUAL" or "AUTOMATIC"), records
// the rotation dates and moves the key's rotation job to the next date. KMS.0516 when the
// HSM or the store fails, KMS.0507 when the next rotation job cannot be written. Returns the
// new version id.
Result<QString> rotate(
    OperationContext &ctx, const store::KeyRecord &key, const QString &rotationType);

} // namespace kms::ops
