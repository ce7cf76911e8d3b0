#pragma once

#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace kms {

class StoreSession;

// Watches the connection to the PKCS#11 HSM of the region the console works in, for the
// status bar: every interval (a few seconds) it asks StoreSession::hsmStatus. While the HSM is
// connected it also makes one cheap call on the token (one random byte), because a token that
// went away (a stopped p11-kit server, an unplugged device) is only noticed by a call; while it
// is disconnected it asks hsmStatus to reconnect, so the state recovers when the token is
// back. The software HSM is always "connected" and is not polled.
//
// The calls run on the GUI thread: they are short (a local module or a socket on this host)
// and fail fast when the token is gone.
class HsmMonitor : public QObject
{
    Q_OBJECT

public:
    enum class State { Software, Connected, Disconnected, NoPin, NotConfigured };
    Q_ENUM(State)

    static constexpr int kDefaultIntervalMs = 5 * 1000;

    explicit HsmMonitor(StoreSession &session, QObject *parent = nullptr);
    ~HsmMonitor() override;

    // The HSM configuration to watch ("software" or "pkcs11:<label>"); polls it at once.
    void setHsm(const QString &hsm);
    const QString &hsm() const { return m_hsm; }

    // Polls every interval until stop().
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    // The time between polls (tests make it short).
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }

    State state() const { return m_state; }
    // Why the HSM is disconnected (the backend's English detail, with the CK_RV); empty
    // otherwise.
    const QString &lastError() const { return m_lastError; }
    // How many polls ran since construction.
    int pollCount() const { return m_pollCount; }

    // The regions bound to each HSM configuration, by configuration name.
    static QMap<QString, QStringList> boundRegions(StoreSession &session);

public slots:
    // Reads the state now (reconnecting when disconnected); stateChanged when it changed.
    void poll();

signals:
    void stateChanged(kms::HsmMonitor::State state);

private:
    void setState(State state, const QString &lastError);

    StoreSession &m_session;
    QTimer m_timer;
    QString m_hsm = QStringLiteral("software");
    State m_state = State::Software;
    QString m_lastError;
    int m_pollCount = 0;
};

} // namespace kms
