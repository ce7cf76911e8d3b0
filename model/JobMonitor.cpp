#include "JobMonitor.h"

#include "KmsClient.h"
#include "api/StoreSession.h"

#include <QJsonArray>

namespace kms {

JobMonitor::JobMonitor(KmsClient &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &JobMonitor::runDueJobs);
    connect(&m_watcher, &QFutureWatcher<SchedulerRun>::finished, this, &JobMonitor::finished);
    // Changes made in this console (and the jobs it ran) change the counts.
    connect(&m_client, &KmsClient::storeChanged, this, &JobMonitor::refreshCounts);
}

JobMonitor::~JobMonitor()
{
    // The worker finishes a run it started; nothing here waits for it or reads it after.
    m_watcher.disconnect(this);
}

void JobMonitor::start()
{
    m_timer.start();
    QTimer::singleShot(0, this, [this] {
        if (isActive()) // not stopped in the meantime
            runDueJobs();
    });
}

void JobMonitor::stop()
{
    m_timer.stop();
}

void JobMonitor::runDueJobs()
{
    if (m_running || !m_client.session().isUnlocked())
        return;
    m_running = true;
    m_watcher.setFuture(m_client.runDueJobsInBackground());
}

void JobMonitor::finished()
{
    m_running = false;
    if (m_watcher.future().resultCount() > 0)
        m_lastRun = m_watcher.future().result();
    else
        m_lastRun = SchedulerRun {};
    m_lastRunTime = m_client.session().clock().now();
    ++m_runCount;
    emit runFinished(m_lastRun);
    refreshCounts();
}

void JobMonitor::refreshCounts()
{
    if (!m_client.session().isUnlocked() || !m_client.mayCall(QStringLiteral("ListJobs"))) {
        if (m_hasCounts) {
            m_hasCounts = false;
            emit countsChanged();
        }
        return;
    }
    const Response response = m_client.call(QStringLiteral("ListJobs"),
        { { QStringLiteral("state"), QStringLiteral("FAILING") },
            { QStringLiteral("pageNumber"), 1 },
            { QStringLiteral("pageSize"), kFailingJobsShown } });
    if (!response.ok()) {
        if (m_hasCounts) {
            m_hasCounts = false;
            m_failingJobs.clear();
            emit countsChanged();
        }
        return;
    }
    const qint64 pending = response.data.value(QStringLiteral("pendingCount")).toInteger();
    const qint64 due = response.data.value(QStringLiteral("dueCount")).toInteger();
    const qint64 failing = response.data.value(QStringLiteral("failingCount")).toInteger();
    QList<QJsonObject> failingJobs;
    for (const QJsonValue &job : response.data.value(QStringLiteral("jobs")).toArray())
        failingJobs.append(job.toObject());
    if (m_hasCounts && pending == m_pending && due == m_due && failing == m_failing
        && failingJobs == m_failingJobs)
        return;
    m_hasCounts = true;
    m_pending = pending;
    m_due = due;
    m_failing = failing;
    m_failingJobs = failingJobs;
    emit countsChanged();
}

} // namespace kms
