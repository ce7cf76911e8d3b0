#pragma once

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>

#include <optional>

namespace kms::auth {

// A second officer's approval of one action (dual control, api/DualControl.h): bound to the
// action, its target and the operator who asked for it, used once, and only until it expires.
// Never holds a password.
struct Approval
{
    QString action; // "ScheduleKeyDeletion", "RotateMasterKey"
    QString target; // the key id (as the request names it) or the store's uuid
    QString requester; // the logged-in operator who will make the action
    QString approver; // the second officer
    QDateTime expires;
};

// The approvals given in one console (beside its OperatorSession, shared with every
// connection). In memory only; thread-safe.
class Approvals
{
public:
    static constexpr qint64 kLifetimeSeconds = 300;

    // Records an approval, replacing one for the same action, target and requester.
    void grant(Approval approval);
    // Whether a live approval matches, without using it.
    bool has(const QString &action, const QString &target, const QString &requester,
        const QDateTime &now) const;
    // Uses a live approval (it is gone afterwards); nullopt when none matches. Expired ones
    // are dropped on the way.
    std::optional<Approval> take(const QString &action, const QString &target,
        const QString &requester, const QDateTime &now);
    void clear();

private:
    mutable QMutex m_mutex;
    QList<Approval> m_approvals;
};

} // namespace kms::auth
