#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"

#include <QJsonObject>

namespace kms::ops {

// Alias operations (DESIGN.md). Aliases are `alias/` + 1..255 of [A-Za-z0-9_/-], unique per
// region; `alias/acs/<product>` is reserved for the region's default key of that product.
Result<QJsonObject> createAlias(OperationContext &ctx, const Params &params);
Result<QJsonObject> updateAlias(OperationContext &ctx, const Params &params);
Result<QJsonObject> deleteAlias(OperationContext &ctx, const Params &params);
Result<QJsonObject> listAliases(OperationContext &ctx, const Params &params);
Result<QJsonObject> listAliasesByKeyId(OperationContext &ctx, const Params &params);

} // namespace kms::ops
