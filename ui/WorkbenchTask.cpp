#include "WorkbenchTask.h"

#include <QPromise>
#include <QThread>

#include <atomic>
#include <optional>
#include <utility>

namespace kms::ui {

// What the job's thread and the GUI thread share. `result` is written by the thread before it
// ends and read on the GUI thread after QThread::finished, which orders the two.
struct WorkbenchTask::State
{
    QPromise<void> promise;
    std::atomic<bool> stoppedOnRequest { false };
    std::optional<Result<QByteArray>> result;
};

WorkbenchTask::WorkbenchTask(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<void>::progressValueChanged, this, [this](int percent) {
        // Late notifications of a job that has finished are dropped: the outcome decides.
        if (m_running)
            emit progressChanged(percent);
    });
}

WorkbenchTask::~WorkbenchTask()
{
    if (m_thread != nullptr) {
        m_thread->disconnect(this);
        cancel();
        m_thread->wait();
        delete m_thread;
    }
}

bool WorkbenchTask::start(const QString &description, qint64 totalBytes, Job job, Finish finish)
{
    if (m_running)
        return false;
    auto state = std::make_shared<State>();
    state->promise.setProgressRange(0, 100);
    state->promise.start();
    m_watcher.setFuture(state->promise.future());
    m_state = state;
    m_finish = std::move(finish);
    m_running = true;

    m_thread = QThread::create([state, totalBytes, job = std::move(job)]() mutable {
        const Progress progress = [&state, totalBytes](qint64 done) {
            if (state->promise.isCanceled()) {
                state->stoppedOnRequest = true;
                return false;
            }
            const qint64 percent = totalBytes > 0 ? done * 100 / totalBytes : 100;
            state->promise.setProgressValue(int(qBound(qint64(0), percent, qint64(100))));
            return true;
        };
        state->result = job(progress);
        // Whatever the job holds (a data key, open files) goes away here, on this thread.
        job = nullptr;
        state->promise.finish();
    });
    m_thread->setObjectName(QStringLiteral("kms-workbench"));
    connect(m_thread, &QThread::finished, this, &WorkbenchTask::threadFinished);
    emit started(description);
    emit progressChanged(0);
    m_thread->start();
    return true;
}

void WorkbenchTask::cancel()
{
    if (m_running)
        m_watcher.future().cancel();
}

void WorkbenchTask::threadFinished()
{
    QThread *thread = std::exchange(m_thread, nullptr);
    thread->deleteLater();
    const std::shared_ptr<State> state = std::exchange(m_state, nullptr);
    const Finish finish = std::exchange(m_finish, nullptr);
    m_running = false;
    m_watcher.setFuture(QFuture<void>());

    const Result<QByteArray> result = state->result.value_or(Result<QByteArray>(
        KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the job left no result"))));
    Outcome outcome = Outcome::Succeeded;
    if (!result.ok())
        outcome = state->stoppedOnRequest ? Outcome::Cancelled : Outcome::Failed;
    if (outcome == Outcome::Succeeded)
        emit progressChanged(100);
    emit finished(outcome);
    if (finish)
        finish(outcome, result);
}

} // namespace kms::ui
