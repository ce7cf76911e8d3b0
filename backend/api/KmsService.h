#pragma once

#include "api/Limits.h"
#include "api/Response.h"
#include "audit/AuditLog.h"
#include "crypto/PublicKeyCache.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

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

    // Writes an audit row for an event that is not a KMS action (a key ceremony beginning or
    // ending, ...) in a transaction of its own; returns its request id, or KMS.0503.
    Result<QString> recordEvent(const QString &action, const QString &target,
        const QString &resultCode = QStringLiteral("0"));

    const AuditLog &auditLog() const { return m_audit; }
    const QString &operatorName() const { return m_operatorName; }
    const Clock &clock() const { return m_clock; }

private:
    // Exactly one of body (raw JSON text) and params is given.
    Response run(const QString &action, const QByteArray *body, const QJsonObject *params);
    // The limits in force, re-read only when the store changed since they were read.
    Result<Limits> limits();
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
};

} // namespace kms
