#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace kms::store {
class Store;
}

namespace kms {

class KmsService;

// What became of one job in a scheduler run.
struct JobOutcome
{
    qint64 jobId = 0;
    QString kind;
    QString cmkUuid;
    QString code; // "0" done; a catalog code otherwise
    QString detail;
    QDateTime retryAt; // when a failed job will be tried again
};

struct SchedulerRun
{
    int done = 0; // jobs carried out
    int skipped = 0; // jobs another run had already done or that stopped being due
    int failed = 0; // jobs that failed and wait for a retry
    QList<JobOutcome> outcomes;
    std::optional<KmsError> error; // the due jobs could not be read at all
};

// Runs due jobs (automatic rotations, deletions at the end of their window) from the durable
// job table. Each job runs as one RunJob request of the service: one transaction, one audit
// row, all or nothing. The console runs it on a timer, `kmsctl jobs run` from cron or a
// systemd timer; several runs at once (two processes) are safe because RunJob re-checks the
// job under the write lock and does nothing for a job that is no longer pending.
//
// A failed job stays pending with its error and waits before its next attempt (5 minutes,
// doubling up to 6 hours). If even that cannot be recorded, the outcome is the catalog's
// code for a task that cannot be queued: KMS.0507 (rotation), KMS.0508 (deletion), KMS.0509
// (material expiry).
class Scheduler
{
public:
    Scheduler(KmsService &service, store::Store &store);

    SchedulerRun runDue(int limit = 1000);

    // When a job that has failed `attempts` times is tried again.
    static QDateTime retryTime(const QDateTime &now, int attempts);

private:
    KmsService &m_service;
    store::Store &m_store;
};

} // namespace kms
