#include "KmsClient.h"

#include "api/StoreSession.h"
#include "auth/Roles.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThread>

namespace kms {

// The worker thread and its connection; the connection is opened by the first call, in the
// worker thread, and closed there when the thread ends.
class KmsClient::Worker
{
public:
    explicit Worker(StoreSession &session)
        : m_session(session)
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_context, [this] {
            m_connection.reset(); // in the worker thread, where it was opened
        });
        QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
        m_thread.setObjectName(QStringLiteral("kms-worker"));
        m_thread.start();
    }
    ~Worker()
    {
        m_thread.quit();
        m_thread.wait();
    }

    // Runs `work` on the worker thread with its connection; `failed` makes the result when
    // the connection cannot be opened.
    template<typename T>
    QFuture<T> post(std::function<T(StoreSession::Connection &)> work,
        std::function<T(const KmsError &)> failed)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        QMetaObject::invokeMethod(m_context, [this, promise, work, failed] {
            if (m_connection && m_connection->isStale())
                m_connection.reset(); // the master key was rotated: open with the new one
            if (!m_connection) {
                auto opened = m_session.openConnection();
                if (!opened) {
                    promise->addResult(failed(opened.error()));
                    promise->finish();
                    return;
                }
                m_connection = std::move(*opened);
            }
            promise->addResult(work(*m_connection));
            promise->finish();
        });
        return future;
    }

private:
    StoreSession &m_session;
    QThread m_thread;
    QObject *m_context = nullptr;
    std::unique_ptr<StoreSession::Connection> m_connection;
};

KmsClient::KmsClient(StoreSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_worker(std::make_unique<Worker>(session))
{
}

KmsClient::~KmsClient() = default;

bool KmsClient::changesStore(const QString &action)
{
    static const QStringList changing = {
        QStringLiteral("CreateKey"),
        QStringLiteral("UpdateKeyDescription"),
        QStringLiteral("EnableKey"),
        QStringLiteral("DisableKey"),
        QStringLiteral("ScheduleKeyDeletion"),
        QStringLiteral("CancelKeyDeletion"),
        QStringLiteral("GetDefaultKey"),
        QStringLiteral("CreateAlias"),
        QStringLiteral("UpdateAlias"),
        QStringLiteral("DeleteAlias"),
        QStringLiteral("UpdateRotationPolicy"),
        QStringLiteral("RotateKey"),
        QStringLiteral("RunJob"),
        QStringLiteral("CreateCertificate"),
        QStringLiteral("UploadCertificate"),
        QStringLiteral("UpdateCertificateStatus"),
        QStringLiteral("DeleteCertificate"),
        QStringLiteral("IssueCertificate"),
        QStringLiteral("RevokeIssuedCertificate"),
        QStringLiteral("GenerateCrl"),
        QStringLiteral("ImportKeyMaterial"),
        QStringLiteral("DeleteKeyMaterial"),
    };
    return changing.contains(action);
}

bool KmsClient::mayCall(const QString &action) const
{
    const auto actionClass = auth::actionClass(action);
    if (!actionClass) { // no role may call it: only a store without operators
        const Result<bool> operatorMode = m_session.operatorMode();
        return !operatorMode || !*operatorMode;
    }
    if (!m_session.allows(*actionClass))
        return false;
    // A crypto user's lists would name keys it is not granted (refused), except the key list,
    // which shows only its granted keys.
    static const QStringList wholeStoreLists { QStringLiteral("ListAliases"),
        QStringLiteral("ListCertificates"), QStringLiteral("ListJobs") };
    const auto signedIn = m_session.signedIn();
    return !(signedIn && auth::roleNeedsGrant(signedIn->role) && wholeStoreLists.contains(action));
}

void KmsClient::announce(const QString &action, const Response &response)
{
    if (response.code == QLatin1String("KMS.0401") && !m_session.signedIn()) {
        const Result<bool> operatorMode = m_session.operatorMode();
        if (operatorMode && *operatorMode)
            emit sessionEnded();
    }
    if (response.ok() && changesStore(action)) {
        const QJsonObject meta = response.data.value(QStringLiteral("keyMetadata")).toObject();
        emit storeChanged(action,
            meta.value(QStringLiteral("cmkUuid"))
                .toString(response.data.value(QStringLiteral("cmkUuid")).toString()));
    }
}

Response KmsClient::call(const QString &action, const QJsonObject &params)
{
    const Response response = m_session.service().call(action, params);
    announce(action, response);
    return response;
}

QFuture<Response> KmsClient::callInBackground(const QString &action, const QJsonObject &params)
{
    QFuture<Response> future = m_worker->post<Response>(
        [action, params](StoreSession::Connection &connection) {
            return connection.service().call(action, params);
        },
        [](const KmsError &error) { return Response::failure(error, QString()); });
    auto *watcher = new QFutureWatcher<Response>(this);
    connect(watcher, &QFutureWatcher<Response>::finished, this, [this, watcher, action] {
        if (watcher->future().resultCount() > 0)
            announce(action, watcher->future().result());
        watcher->deleteLater();
    });
    watcher->setFuture(future);
    return future;
}

QFuture<SchedulerRun> KmsClient::runDueJobsInBackground()
{
    QFuture<SchedulerRun> future = m_worker->post<SchedulerRun>(
        [](StoreSession::Connection &connection) {
            return Scheduler(connection.service(), connection.store()).runDue();
        },
        [](const KmsError &error) {
            SchedulerRun run;
            run.error = error;
            return run;
        });
    auto *watcher = new QFutureWatcher<SchedulerRun>(this);
    connect(watcher, &QFutureWatcher<SchedulerRun>::finished, this, [this, watcher] {
        if (watcher->future().resultCount() > 0 && watcher->future().result().done > 0)
            emit storeChanged(QStringLiteral("RunJob"), QString());
        watcher->deleteLater();
    });
    watcher->setFuture(future);
    return future;
}

} // namespace kms
