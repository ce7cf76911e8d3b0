#include "Approvals.h"

#include <QMutexLocker>

namespace kms::auth {

namespace {

bool matches(const Approval &approval, const QString &action, const QString &target,
    const QString &requester)
{
    return approval.action == action && approval.target == target
        && approval.requester == requester;
}

} // namespace

void Approvals::grant(Approval approval)
{
    QMutexLocker locker(&m_mutex);
    m_approvals.removeIf([&approval](const Approval &other) {
        return matches(other, approval.action, approval.target, approval.requester);
    });
    m_approvals.append(std::move(approval));
}

bool Approvals::has(const QString &action, const QString &target, const QString &requester,
    const QDateTime &now) const
{
    QMutexLocker locker(&m_mutex);
    return std::any_of(m_approvals.cbegin(), m_approvals.cend(), [&](const Approval &approval) {
        return matches(approval, action, target, requester) && now < approval.expires;
    });
}

std::optional<Approval> Approvals::take(
    const QString &action, const QString &target, const QString &requester, const QDateTime &now)
{
    QMutexLocker locker(&m_mutex);
    m_approvals.removeIf([&now](const Approval &approval) { return now >= approval.expires; });
    for (qsizetype i = 0; i < m_approvals.size(); ++i) {
        if (matches(m_approvals.at(i), action, target, requester))
            return m_approvals.takeAt(i);
    }
    return std::nullopt;
}

void Approvals::clear()
{
    QMutexLocker locker(&m_mutex);
    m_approvals.clear();
}

} // namespace kms::auth
