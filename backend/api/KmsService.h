#pragma once

#include "api/Limits.h"
#include "api/Response.h"
#include "audit/AuditLog.h"
#include "auth/OperatorSession.h"
#include "crypto/PublicKeyCache.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace kms::store {
class Store;
}
namespace kms::hsm {
class HsmProvider;
}

namespace kms {

class Clock;
class MasterKey;

// The one entry point of the KMS: an action name and a JSON object of parameters in, one
// response envelope out. The GUI, kmsctl and (later) the local HTTP API all call it, so
// validation, error codes and auditing come from one place.
//
// Each call runs in one store transaction. On success the operation's writes and its audit
// row commit together; on failure everything is rolled back and the audit row alone is
// written in a transaction of its own. Not thread-safe: one service per thread.
class KmsService
{
public:
    KmsService(store::Store &store, hsm::HsmProvider &hsms, const MasterKey &masterKey,
        const Clock &clock, QString operatorName);

    static QStringList actions();
    static bool hasAction(const QString &action);

    // `body` is the raw JSON text: KMS.0129 if longer than the limit, KMS.0128 if it is not
    // a JSON object. An empty body is an empty object.
    Response call(const QString &action, const QByteArray &body);
    Response call(const QString &action, const QJsonObject &params);
    // One call of the local signed API (server/LocalApiServer.h) as the operator `name` who
    // owns the request's access key, instead of this console's log-in: the operator's role,
    // grants, frozen state and quota as the store has them now, checked as for a log-in
    // (KMS.0401 for an operator that no longer exists, KMS.0406, KMS.0405, kms.0407).
    Response callAs(const QString &name, const QString &action, const QByteArray &body);
    // The scheduler's RunJob (jobs/Scheduler.h): a rotation or deletion a key officer planned,
    // carried out when due whoever is logged in (or nobody). In operator mode the audit row
    // names kSchedulerOperator.
    Response runScheduledJob(qint64 jobId);
    static constexpr QLatin1String kSchedulerOperator { "scheduler" };

    // Writes an audit row for an event that is not a KMS action (a key ceremony beginning or
    // ending, ...) in a transaction of its own; returns its request id, or KMS.0503.
    // `auditOperator`, when given, is whom the row names (a refused API request).
    Result<QString> recordEvent(const QString &action, const QString &target,
        const QString &resultCode = QStringLiteral("0"), const QString &auditOperator = QString());

    // --- operators (issue 9; auth/Roles.h) ---
    // Operator mode is on once the store has an operator (its first administrator): every
    // call then needs the live log-in of an operator whose role may call the action. Without
    // operators the service behaves as before, acting as operatorName().
    //
    // The log-in of this service's console, shared with the StoreSession and its other
    // connections. Without one nobody is logged in.
    void setOperatorSession(std::shared_ptr<auth::OperatorSession> session);
    const std::shared_ptr<auth::OperatorSession> &operatorSession() const
    {
        return m_operatorSession;
    }
    Result<bool> operatorMode();
    // How long a log-in lasts without a call: the setting auth.idleTimeoutSeconds (900 s when
    // unset); KMS.0503 for a setting that is not a positive number.
    static constexpr qint64 kDefaultIdleTimeoutSeconds = 900;
    static Result<qint64> idleTimeoutSeconds(store::Store &store);
    // Drops what the service read from settings and the operators table (limits, operator
    // mode, idle time-out): a change made on this service's own connection outside a KMS
    // action (StoreSession's operator administration) calls it.
    void forgetCachedSettings();

    struct Actor
    {
        QString name;
        auth::Role role = auth::Role::Auditor;
    };
    // An administrative change that is not a KMS action (operators, regions, HSMs, log-in)
    // in one transaction with its audit row `action` on `target`. In operator mode, with
    // `needsAdministrator`, only an administrator's live log-in may make it (KMS.0401,
    // KMS.0405, KMS.0406, checked before `change` runs); without operators anyone may. On
    // failure the writes roll back unless `keepOnFailure` (a failed log-in keeps its count),
    // and the failure is audited. `auditOperator` overrides who the row names (log-in).
    Result<void> administer(const QString &action, const QString &target, bool needsAdministrator,
        const std::function<Result<void>(const std::optional<Actor> &)> &change,
        bool keepOnFailure = false, const QString &auditOperator = QString());

    const AuditLog &auditLog() const { return m_audit; }
    const QString &operatorName() const { return m_operatorName; }
    const Clock &clock() const { return m_clock; }

private:
    // Exactly one of body (raw JSON text) and params is given.
    // `asOperator`: callAs() instead of the console's log-in.
    // `scheduled`: runScheduledJob().
    Response run(const QString &action, const QByteArray *body, const QJsonObject *params,
        const QString *asOperator = nullptr, bool scheduled = false);
    // The limits in force, re-read only when the store changed since they were read.
    Result<Limits> limits();
    // In operator mode: the logged-in operator as the store has it now (role, not frozen).
    // KMS.0401 when nobody is logged in or the session expired, KMS.0406 when frozen. Sets
    // m_callOperator to whom the audit row names.
    Result<Actor> currentActor();
    // The operator `name` as the store has it now: its role; KMS.0401 when it no longer exists,
    // KMS.0406 when frozen. Sets m_callOperator like currentActor().
    Result<Actor> storedActor(const QString &name);
    // kms.0407 when the operator made `action` as often as its quota allows in the window.
    Result<void> checkQuota(const QString &action);
    // Crypto users: every key the request names (before) or the operation acted on (after)
    // must be granted. KMS.0405 otherwise.
    Result<void> checkGrantedBefore(const Actor &actor, const QJsonObject &params);
    Result<void> checkGranted(const Actor &actor, const QStringList &keyIds);
    // Appends the audit row; inside the operation's transaction or in one of its own.
    bool audit(const QString &action, const QString &target, const QString &regionId,
        const QString &resultCode, const QString &requestId, bool inOpenTransaction);

    store::Store &m_store;
    hsm::HsmProvider &m_hsms;
    const Clock &m_clock;
    QString m_operatorName;
    AuditLog m_audit;
    const MasterKey &m_masterKey;
    crypto::PublicKeyCache m_publicKeys;
    std::optional<Limits> m_limits;
    qint64 m_limitsVersion = -1;
    bool m_operatorMode = false;
    qint64 m_idleTimeoutSeconds = kDefaultIdleTimeoutSeconds;
    QStringList m_dualControl; // actions under dual control (api/DualControl.h)
    std::shared_ptr<auth::OperatorSession> m_operatorSession;
    // Whom the audit rows of the current call name: operatorName(), or "name (role)" of the
    // logged-in operator in operator mode.
    QString m_callOperator;
};

} // namespace kms
