#pragma once

#include "auth/Approvals.h"
#include "auth/Roles.h"

#include <QDateTime>
#include <QMutex>
#include <QString>

#include <optional>

namespace kms::auth {

// Who is logged in.
struct SignedIn
{
    QString name;
    Role role = Role::Auditor;
    QString token; // 32 random bytes, hex; in memory only, never stored or audited
    QDateTime lastUse; // the session expires after the idle time-out since this
};

// The operator logged in to one console: shared by a StoreSession and the services of every
// connection it opens (the GUI's worker thread), so a log-in or log-out applies to all.
// Thread-safe.
class OperatorSession
{
public:
    // Starts a session for the operator and returns its token.
    QString signIn(const QString &name, Role role, const QDateTime &now);
    void signOut();
    // The live session at `now`: present and used less than `idleSeconds` ago. Refreshes its last
    // use. An expired session ends (and `expired`, when given, is set). nullopt when nobody is
    // logged in.
    std::optional<SignedIn> use(const QDateTime &now, qint64 idleSeconds, bool *expired = nullptr);
    // The session as it stands, without refreshing or expiring it.
    std::optional<SignedIn> current() const;
    // Follows an administrator's change of the logged-in operator's role.
    void setRole(Role role);
    // Second officers' approvals of dual-controlled actions (api/DualControl.h); dropped when
    // the operator signs out.
    Approvals &approvals() { return m_approvals; }

private:
    mutable QMutex m_mutex;
    std::optional<SignedIn> m_current;
    Approvals m_approvals;
};

} // namespace kms::auth
