#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace kms::ui {

// Long work of the crypto workbench (envelope encryption of big files, digests of big files)
// on a thread of its own, one job at a time, with progress and cancellation. The job runs
// pure crypto and file I/O only: it must not call the KMS (the store's connection belongs to
// the GUI thread); KMS calls happen before the job starts and after it finished.
//
// Progress and cancellation go through a QPromise watched from the GUI thread; the outcome
// is handed to the `finish` callback on the GUI thread once the thread has ended, so every
// file the job opened is closed by then (an uncommitted QSaveFile is gone).
class WorkbenchTask : public QObject
{
    Q_OBJECT

public:
    // Called by the job with the bytes done so far; false means "stop now".
    using Progress = std::function<bool(qint64 done)>;
    using Job = std::function<Result<QByteArray>(const Progress &progress)>;
    enum class Outcome { Succeeded, Failed, Cancelled };
    Q_ENUM(Outcome)
    using Finish = std::function<void(Outcome outcome, const Result<QByteArray> &result)>;

    explicit WorkbenchTask(QObject *parent = nullptr);
    // Cancels a running job and waits for its thread.
    ~WorkbenchTask() override;

    bool isRunning() const { return m_running; }
    // Starts `job` on a new thread; `totalBytes` scales the progress to 0..100. False (and
    // nothing started) while another job runs.
    bool start(const QString &description, qint64 totalBytes, Job job, Finish finish);
    // Asks the running job to stop at its next progress report; its outcome is Cancelled.
    void cancel();

signals:
    void started(const QString &description);
    void progressChanged(int percent);
    void finished(kms::ui::WorkbenchTask::Outcome outcome);

private:
    struct State;
    void threadFinished();

    bool m_running = false;
    QThread *m_thread = nullptr;
    QFutureWatcher<void> m_watcher;
    std::shared_ptr<State> m_state;
    Finish m_finish;
};

} // namespace kms::ui
