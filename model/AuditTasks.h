#pragma once

#include "audit/AuditExport.h"
#include "audit/AuditLog.h"
#include "audit/AuditService.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace kms {

class StoreSession;

// Verification and export of the audit log off the GUI thread (audit/AuditService.h): one
// task at a time on a thread of its own with its own store connection
// (StoreSession::openConnection), reporting progress through queued signals and stopping at
// cancel(). A million rows take seconds; the GUI keeps working (and auditing) meanwhile.
class AuditTasks : public QObject
{
    Q_OBJECT

public:
    explicit AuditTasks(StoreSession &session, QObject *parent = nullptr);
    ~AuditTasks() override; // cancels and waits for a running task

    // A task runs, or its result is not delivered yet.
    bool isRunning() const { return m_busy; }
    // False if a task is running already.
    bool verify();
    bool exportToFiles(const store::AuditQuery &query, AuditExportFormat format,
        const QString &path, const QString &publicKeyPath);
    void cancel();

signals:
    void progress(qint64 done, qint64 total);
    void verified(const kms::Result<kms::AuditLog::Verdict> &verdict);
    void exported(const kms::Result<kms::AuditService::ExportedFiles> &files);

private:
    // `work` runs on the task's thread with a service over the thread's connection, or with
    // null and the error when the connection cannot be opened.
    bool start(
        std::function<void(AuditService *, const KmsError &, const std::atomic_bool &)> work);
    // From the task's thread: the task is over, `signal` hands its result to the GUI thread.
    template<typename T>
    void deliver(const Result<T> &result, void (AuditTasks::*signal)(const Result<T> &));
    // From the task's thread: progress, as the progress signal on the GUI thread.
    std::function<void(qint64, qint64)> progressReporter();

    StoreSession &m_session;
    QThread *m_thread = nullptr; // the last task's thread, until the next one starts
    bool m_busy = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace kms
