#include "Scheduler.h"

#include "api/KmsService.h"
#include "core/Clock.h"
#include "store/Store.h"

#include <QJsonObject>

#include <algorithm>

namespace kms {

namespace {

// Answers of RunJob that mean "nothing to do (any more)", not a failure: another run did the
// job, or it stopped being due (policy changed, key paused, deletion cancelled).
bool isNothingToDo(const QString &code)
{
    return code == QLatin1String("KMS.0501") || code == QLatin1String("KMS.0208")
        || code == QLatin1String("KMS.0209") || code == QLatin1String("KMS.0301");
}

QString queueFailureCode(const QString &kind)
{
    if (kind == store::kJobRotate)
        return QStringLiteral("KMS.0507");
    if (kind == store::kJobDelete)
        return QStringLiteral("KMS.0508");
    return QStringLiteral("KMS.0509");
}

} // namespace

Scheduler::Scheduler(KmsService &service, store::Store &store)
    : m_service(service)
    , m_store(store)
{
}

QDateTime Scheduler::retryTime(const QDateTime &now, int attempts)
{
    constexpr qint64 first = 5 * 60;
    constexpr qint64 longest = 6 * 60 * 60;
    const int doublings = std::clamp(attempts - 1, 0, 16);
    return now.addSecs(std::min(longest, first << doublings));
}

SchedulerRun Scheduler::runDue(int limit)
{
    SchedulerRun run;
    auto due = m_store.dueJobs(m_service.clock().now(), limit);
    if (!due) {
        run.error = due.error();
        return run;
    }
    for (const store::JobRecord &job : *due) {
        JobOutcome outcome { job.jobId, job.kind, job.cmkUuid, {}, {}, {} };
        const Response response = m_service.runScheduledJob(job.jobId);
        outcome.code = response.code;
        outcome.detail = response.detail;
        if (response.ok()) {
            ++run.done;
        } else if (isNothingToDo(response.code)) {
            ++run.skipped;
        } else {
            ++run.failed;
            const QDateTime now = m_service.clock().now();
            outcome.retryAt = retryTime(now, job.attempts + 1);
            const QString error = response.detail.isEmpty()
                ? response.code
                : QStringLiteral("%1 %2").arg(response.code, response.detail);
            store::TransactionGuard transaction(m_store);
            auto recorded = transaction.begin();
            if (recorded)
                recorded = m_store.recordJobFailure(job.jobId, error, now, outcome.retryAt);
            if (recorded)
                recorded = transaction.commit();
            if (!recorded) {
                outcome.code = queueFailureCode(job.kind);
                outcome.detail = QStringLiteral("the job failed with %1 and could not be queued "
                                                "again: %2")
                                     .arg(response.code, recorded.error().detail());
                outcome.retryAt = QDateTime();
            }
        }
        run.outcomes.append(outcome);
    }
    return run;
}

} // namespace kms
