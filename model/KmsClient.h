#pragma once

#include "api/Response.h"
#include "jobs/Scheduler.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

namespace kms {

class StoreSession;

// How the GUI talks to the KMS: every action goes through KmsService, so validation, error
// codes and the audit trail are the same as for kmsctl.
// - call(): quick actions (lists, describe, state changes) on the calling thread (the GUI
//   thread, which owns the session's SQLite connection).
// - callInBackground(): slow actions (RSA key generation, ...) on a worker thread with a
//   connection of its own (StoreSession::openConnection); the future finishes there and is
//   watched from the GUI thread.
// storeChanged() tells models to refresh after any successful change, made either way.
class KmsClient : public QObject
{
    Q_OBJECT

public:
    explicit KmsClient(StoreSession &session, QObject *parent = nullptr);
    ~KmsClient() override;

    StoreSession &session() { return m_session; }

    Response call(const QString &action, const QJsonObject &params = {});
    QFuture<Response> callInBackground(const QString &action, const QJsonObject &params = {});
    // Carries out the due jobs (jobs/Scheduler.h) on the worker thread; storeChanged() follows
    // when one was done.
    QFuture<SchedulerRun> runDueJobsInBackground();

    // Whether an action changes the store (and so models must refresh after it).
    static bool changesStore(const QString &action);
    // Whether the console may call `action` now: always without operators; in operator mode
    // only while an operator whose role allows the action is logged in (auth/Roles.h). Pages
    // and models do not load what the operator may not read (no refusal box, no audit row of
    // a refusal nobody asked for).
    bool mayCall(const QString &action) const;

signals:
    void storeChanged(const QString &action, const QString &target);
    // A call was refused with KMS.0401 and nobody is logged in any more (the session expired,
    // the operator was frozen or removed): the console locks.
    void sessionEnded();

private:
    void announce(const QString &action, const Response &response);

    StoreSession &m_session;
    class Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace kms
