#pragma once

#include "api/Response.h"
#include "jobs/Scheduler.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

namespace kms {

class KmsClient;

// Runs the due jobs of the store (automatic rotations, deletions at the end of their window)
// while the console is open: once right after start(), then on a timer (every minute), each
// time on the KmsClient's worker thread (KmsClient::runDueJobsInBackground) and only while the
// session is unlocked. After each run, and whenever the store changes, it reads the job counts
// (ListJobs) for the status bar: how many jobs are pending, due, and failing (waiting for a
// retry after an error).
class JobMonitor : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 60 * 1000;
    // How many failing jobs failingJobs() holds (for a tooltip).
    static constexpr int kFailingJobsShown = 5;

    explicit JobMonitor(KmsClient &client, QObject *parent = nullptr);
    ~JobMonitor() override;

    // Runs the due jobs right away (from the event loop) and then every interval; stop()
    // ends that (also before the first run).
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    // The time between runs (tests make it short).
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }

    // A run is going on in the worker thread.
    bool isRunning() const { return m_running; }
    // The counts are read (ListJobs answered at least once since the last failure).
    bool hasCounts() const { return m_hasCounts; }
    qint64 pendingCount() const { return m_pending; }
    qint64 dueCount() const { return m_due; }
    qint64 failingCount() const { return m_failing; }
    // The first failing jobs as ListJobs answers them (jobId, kind, cmkUuid, lastError,
    // nextAttemptDate, ...).
    const QList<QJsonObject> &failingJobs() const { return m_failingJobs; }
    // The last finished run and when it finished (invalid before the first one).
    const SchedulerRun &lastRun() const { return m_lastRun; }
    const QDateTime &lastRunTime() const { return m_lastRunTime; }
    // How many runs finished since construction.
    int runCount() const { return m_runCount; }

public slots:
    // Starts a run unless one is going on or the session is locked; the counts follow.
    void runDueJobs();
    // Reads the counts again (on the GUI thread).
    void refreshCounts();

signals:
    // A run finished (done, skipped, failed jobs, or the error that kept it from reading them).
    void runFinished(const kms::SchedulerRun &run);
    // The counts or the failing jobs changed, or could not be read (hasCounts() false).
    void countsChanged();

private:
    void finished();

    KmsClient &m_client;
    QTimer m_timer;
    QFutureWatcher<SchedulerRun> m_watcher;
    bool m_running = false;
    bool m_hasCounts = false;
    qint64 m_pending = 0;
    qint64 m_due = 0;
    qint64 m_failing = 0;
    QList<QJsonObject> m_failingJobs;
    SchedulerRun m_lastRun;
    QDateTime m_lastRunTime;
    int m_runCount = 0;
};

} // namespace kms
