#include "OperatorSession.h"

#include <openssl/rand.h>

#include <QByteArray>
#include <QMutexLocker>

namespace kms::auth {

QString OperatorSession::signIn(const QString &name, Role role, const QDateTime &now)
{
    QByteArray bytes(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), int(bytes.size())) != 1)
        return {}; // no session without a random token
    const QString token = QString::fromLatin1(bytes.toHex());
    QMutexLocker locker(&m_mutex);
    m_current = SignedIn { name, role, token, now };
    return token;
}

void OperatorSession::signOut()
{
    QMutexLocker locker(&m_mutex);
    m_current.reset();
    m_approvals.clear();
}

std::optional<SignedIn> OperatorSession::use(
    const QDateTime &now, qint64 idleSeconds, bool *expired)
{
    QMutexLocker locker(&m_mutex);
    if (!m_current)
        return std::nullopt;
    if (m_current->lastUse.secsTo(now) >= idleSeconds) {
        m_current.reset();
        if (expired != nullptr)
            *expired = true;
        return std::nullopt;
    }
    if (now > m_current->lastUse)
        m_current->lastUse = now;
    return m_current;
}

std::optional<SignedIn> OperatorSession::current() const
{
    QMutexLocker locker(&m_mutex);
    return m_current;
}

void OperatorSession::setRole(Role role)
{
    QMutexLocker locker(&m_mutex);
    if (m_current)
        m_current->role = role;
}

} // namespace kms::auth
