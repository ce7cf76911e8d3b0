#include "AuditTasks.h"

#include "api/StoreSession.h"

#include <QMetaObject>
#include <QThread>

namespace kms {

AuditTasks::AuditTasks(StoreSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
}

AuditTasks::~AuditTasks()
{
    if (m_thread != nullptr) {
        cancel();
        m_thread->wait();
        delete m_thread;
    }
}

void AuditTasks::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool AuditTasks::start(
    std::function<void(AuditService *, const KmsError &, const std::atomic_bool &)> work)
{
    if (m_busy)
        return false;
    if (m_thread != nullptr) {
        // The last task delivered its result: its thread is ending or has ended.
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_busy = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancel = m_cancel;
    StoreSession *session = &m_session;
    // The connection is opened and closed in the task's thread (a Qt SQL connection belongs
    // to the thread that made it); the master key is only read there.
    m_thread = QThread::create([session, cancel, work] {
        auto connection = session->openConnection();
        if (!connection) {
            work(nullptr, connection.error(), *cancel);
            return;
        }
        AuditService service((*connection)->store(), session->masterKey(), session->clock(),
            session->operatorName());
        work(&service, KmsError(), *cancel);
    });
    m_thread->setObjectName(QStringLiteral("kms-audit"));
    m_thread->start(QThread::LowPriority);
    return true;
}

template<typename T>
void AuditTasks::deliver(const Result<T> &result, void (AuditTasks::*signal)(const Result<T> &))
{
    QMetaObject::invokeMethod(
        this,
        [this, result, signal] {
            m_busy = false;
            emit(this->*signal)(result);
        },
        Qt::QueuedConnection);
}

std::function<void(qint64, qint64)> AuditTasks::progressReporter()
{
    return [this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            this, [this, done, total] { emit progress(done, total); }, Qt::QueuedConnection);
    };
}

bool AuditTasks::verify()
{
    return start(
        [this](AuditService *service, const KmsError &error, const std::atomic_bool &cancel) {
            deliver(service == nullptr ? Result<AuditLog::Verdict>(error)
                                       : service->verify(progressReporter(), &cancel),
                &AuditTasks::verified);
        });
}

bool AuditTasks::exportToFiles(const store::AuditQuery &query, AuditExportFormat format,
    const QString &path, const QString &publicKeyPath)
{
    return start([this, query, format, path, publicKeyPath](
                     AuditService *service, const KmsError &error, const std::atomic_bool &cancel) {
        deliver(service == nullptr ? Result<AuditService::ExportedFiles>(error)
                                   : service->exportToFiles(query, format, path, publicKeyPath,
                                       progressReporter(), &cancel),
            &AuditTasks::exported);
    });
}

} // namespace kms
