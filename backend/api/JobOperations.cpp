#include "JobOperations.h"

#include "api/ImportOperations.h"
#include "api/KeyOperations.h"
#include "api/RotationOperations.h"
#include "core/KeyModel.h"
#include "core/KeySpec.h"
#include "hsm/HsmProvider.h"

#include <QJsonArray>

namespace kms::ops {

using namespace keymodel;
using store::JobRecord;
using store::KeyRecord;

namespace {

QJsonObject jobJson(const JobRecord &job)
{
    return QJsonObject {
        { QStringLiteral("jobId"), job.jobId },
        { QStringLiteral("kind"), job.kind },
        { QStringLiteral("cmkUuid"), job.cmkUuid },
        { QStringLiteral("dueDate"), formatTime(job.dueDate) },
        { QStringLiteral("state"), job.state },
        { QStringLiteral("attempts"), job.attempts },
        { QStringLiteral("lastError"), job.lastError },
        { QStringLiteral("lastAttemptDate"), formatTime(job.lastAttemptDate) },
        { QStringLiteral("nextAttemptDate"), formatTime(job.nextAttemptDate) },
        { QStringLiteral("creationDate"), formatTime(job.creationDate) },
        { QStringLiteral("finishedDate"), formatTime(job.finishedDate) },
    };
}

// The code a job of `kind` answers when it is not pending any more (done, cancelled) or not
// due yet: nothing for it to do.
QString notPending(const QString &kind)
{
    return kind == store::kJobDelete ? QStringLiteral("KMS.0209") : QStringLiteral("KMS.0501");
}

QString notDue(const QString &kind)
{
    return kind == store::kJobDelete ? QStringLiteral("KMS.0208") : QStringLiteral("KMS.0501");
}

Result<QJsonObject> runRotation(OperationContext &ctx, const JobRecord &job, const KeyRecord &key)
{
    if (!key.automaticRotation || !key.nextRotationDate.isValid())
        return KmsError(QStringLiteral("KMS.0501"), QStringLiteral("the key has no rotation plan"));
    if (key.keyState != kEnabled)
        return KmsError(QStringLiteral("KMS.0501"),
            QStringLiteral("rotation is paused while the key is %1").arg(key.keyState));
    const QDateTime now = ctx.clock.now();
    if (auto finished = ctx.store.finishJob(job.jobId, QStringLiteral("DONE"), now); !finished)
        return storeFailure(finished.error(), QStringLiteral("KMS.0516"));
    auto versionId = rotate(ctx, key, QStringLiteral("AUTOMATIC"));
    if (!versionId)
        return versionId.error();
    return QJsonObject { { QStringLiteral("keyVersionId"), *versionId } };
}

Result<QJsonObject> runDeletion(OperationContext &ctx, const JobRecord &job, const KeyRecord &key)
{
    const QDateTime now = ctx.clock.now();
    if (key.keyState != kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0209"));
    if (!key.deleteDate.isValid() || key.deleteDate > now)
        return KmsError(QStringLiteral("KMS.0208"),
            QStringLiteral("the deletion window ends %1").arg(formatTime(key.deleteDate)));

    // Material on a token goes first; destroying is idempotent, so a crash before the commit
    // below only means the next run destroys nothing more and removes the rows.
    auto destroyed = destroyVersionMaterial(ctx, key);
    if (!destroyed)
        return destroyed.error();
    for (const QLatin1String kind : { store::kJobRotate, store::kJobExpireMaterial })
        KMS_TRY(ctx.store.cancelJob(kind, key.cmkUuid, now));
    KMS_TRY(ctx.store.finishJob(job.jobId, QStringLiteral("DONE"), now));
    KMS_TRY(ctx.store.deleteKey(key.cmkUuid, now));
    return QJsonObject { { QStringLiteral("destroyedVersions"), *destroyed } };
}

// Imported material whose expiry time has come is destroyed; the key waits for new material.
Result<QJsonObject> runExpiry(OperationContext &ctx, const JobRecord &job, const KeyRecord &key)
{
    const QDateTime now = ctx.clock.now();
    if (key.keyState == kPendingImport || !key.materialExpireDate.isValid()
        || key.materialExpireDate > now)
        return KmsError(QStringLiteral("KMS.0501"), QStringLiteral("no material is due to expire"));
    KMS_TRY(ctx.store.finishJob(job.jobId, QStringLiteral("DONE"), now));
    KMS_TRY(removeMaterial(ctx, key));
    return QJsonObject { { QStringLiteral("keyState"), QString(kPendingImport) } };
}

} // namespace

Result<QJsonObject> listJobs(OperationContext &ctx, const Params &params)
{
    store::JobQuery query;
    auto state = params.optionalString(QStringLiteral("state"));
    if (!state)
        return state.error();
    query.state = state->value_or(QString());
    static const QStringList states = { QStringLiteral("PENDING"), QStringLiteral("FAILING"),
        QStringLiteral("DONE"), QStringLiteral("CANCELLED") };
    if (!query.state.isEmpty() && !states.contains(query.state))
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("state is PENDING, FAILING, DONE or CANCELLED"));
    auto kind = params.optionalString(QStringLiteral("kind"));
    if (!kind)
        return kind.error();
    query.kind = kind->value_or(QString());
    if (!query.kind.isEmpty() && query.kind != store::kJobRotate && query.kind != store::kJobDelete
        && query.kind != store::kJobExpireMaterial)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("kind is ROTATE, DELETE or EXPIRE_MATERIAL"));
    if (params.has(QStringLiteral("cmkUuid"))) {
        // A key id lists its jobs even after the key was deleted; an alias must resolve.
        auto name = params.optionalString(QStringLiteral("cmkUuid"));
        if (!name)
            return name.error();
        if (name->has_value() && isKeyId(**name)) {
            query.cmkUuid = **name;
            ctx.target = query.cmkUuid;
        } else {
            auto key = resolveKey(ctx, params);
            if (!key)
                return key.error();
            query.cmkUuid = key->cmkUuid;
        }
    }
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    query.offset = paging->offset();
    query.limit = paging->pageSize;

    auto page = ctx.store.listJobs(query);
    if (!page)
        return page.error();
    auto counts = ctx.store.jobCounts(ctx.clock.now());
    if (!counts)
        return counts.error();
    QJsonArray jobs;
    for (const JobRecord &job : page->rows)
        jobs.append(jobJson(job));
    QJsonObject answer = pageAnswer(QStringLiteral("jobs"), jobs, page->totalCount, *paging);
    answer.insert(QStringLiteral("pendingCount"), counts->pending);
    answer.insert(QStringLiteral("dueCount"), counts->due);
    answer.insert(QStringLiteral("failingCount"), counts->failing);
    return answer;
}

Result<QJsonObject> runJob(OperationContext &ctx, const Params &params)
{
    if (!params.has(QStringLiteral("jobId")))
        return KmsError(QStringLiteral("KMS.0101"), QStringLiteral("jobId is missing"));
    auto jobId = params.requiredInteger(
        QStringLiteral("jobId"), QStringLiteral("KMS.0101"), QStringLiteral("KMS.0128"));
    if (!jobId)
        return jobId.error();
    auto job = ctx.store.findJob(*jobId);
    if (!job)
        return job.error();
    if (!job->has_value())
        return KmsError(QStringLiteral("KMS.0501"), QStringLiteral("no job %1").arg(*jobId));
    const JobRecord &record = **job;
    ctx.target = record.cmkUuid;
    if (record.state != QLatin1String("PENDING"))
        return KmsError(notPending(record.kind),
            QStringLiteral("job %1 is %2").arg(record.jobId).arg(record.state));
    if (record.dueDate > ctx.clock.now())
        return KmsError(notDue(record.kind),
            QStringLiteral("job %1 is due %2").arg(record.jobId).arg(formatTime(record.dueDate)));

    auto key = ctx.store.findKey(record.cmkUuid);
    if (!key)
        return key.error();
    if (!key->has_value())
        return KmsError(QStringLiteral("KMS.0301"));
    ctx.regionId = (*key)->regionId;

    Result<QJsonObject> done = record.kind == store::kJobRotate ? runRotation(ctx, record, **key)
        : record.kind == store::kJobDelete                      ? runDeletion(ctx, record, **key)
                                                                : runExpiry(ctx, record, **key);
    if (!done)
        return done.error();
    QJsonObject answer = *done;
    answer.insert(QStringLiteral("jobId"), record.jobId);
    answer.insert(QStringLiteral("kind"), record.kind);
    answer.insert(QStringLiteral("cmkUuid"), record.cmkUuid);
    return answer;
}

} // namespace kms::ops
