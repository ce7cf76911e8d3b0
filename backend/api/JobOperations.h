#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"

#include <QJsonObject>

namespace kms::ops {

// The durable job table as service actions (the scheduler in jobs/Scheduler.h drives RunJob).
//
// ListJobs: `state` (PENDING, FAILING, DONE, CANCELLED; empty: all), `kind` (ROTATE, DELETE,
// EXPIRE_MATERIAL), `cmkUuid`, paging → `jobs`, `totalCount`, and the counts of pending, due
// and failing jobs.
Result<QJsonObject> listJobs(OperationContext &ctx, const Params &params);

// RunJob: `jobId`. Carries out one due job in the request's transaction, so it is done
// completely or not at all, and marks it done. A rotation job makes a new primary version;
// a deletion job destroys the key's material, removes its versions, aliases and row, and
// leaves a tombstone. A job that is not pending or not runnable now answers KMS.0501
// (rotation) or KMS.0209 (deletion): running a job twice does its work once.
Result<QJsonObject> runJob(OperationContext &ctx, const Params &params);

} // namespace kms::ops
