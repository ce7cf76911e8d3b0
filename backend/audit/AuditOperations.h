#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QJsonObject>

namespace kms::ops {

// ListAuditEvents: filters `startTime`, `endTime` (ISO 8601; rows with startTime <= time <
// endTime), `operatorName`, `auditAction`, `target` (a key or certificate id as audited),
// `result` ("SUCCESS", "FAILURE" or a catalog code), `beforeSeq` (keyset paging: rows older
// than this seq), `order` ("newestFirst", the default, or "oldestFirst"), `pageNumber`,
// `pageSize`, `offset` (rows to skip, instead of pageNumber), `withTotalCount` (default true; false
// skips the count, which a view paging through a known total does not need) → `auditEvents` (seq,
// time, operator, action, target, regionId, resultCode, requestId, mac in hex) in that order,
// `totalCount` (-1 when not counted), `pageNumber`, `pageSize`. KMS.0128 on a malformed filter.
Result<QJsonObject> listAuditEvents(OperationContext &ctx, const Params &params);
// GetAuditPublicKey → `publicKey` (PEM) and `algorithm` ("ED25519"): the key that signs audit
// exports; made on first use (so the call runs in the request's transaction).
Result<QJsonObject> getAuditPublicKey(OperationContext &ctx, const Params &params);

// The filters of ListAuditEvents (shared with kmsctl's options): KMS.0128 when malformed.
Result<store::AuditQuery> readAuditQuery(const Params &params);
QJsonObject auditEventJson(const store::AuditRecord &record);

} // namespace kms::ops
