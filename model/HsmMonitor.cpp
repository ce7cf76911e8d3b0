#include "HsmMonitor.h"

#include "api/StoreSession.h"
#include "store/SqliteStore.h"

namespace kms {

namespace {

const QString kSoftware = QStringLiteral("software");

HsmMonitor::State stateOf(StoreSession::HsmStatus::State state)
{
    switch (state) {
    case StoreSession::HsmStatus::Connected:
        return HsmMonitor::State::Connected;
    case StoreSession::HsmStatus::Disconnected:
        return HsmMonitor::State::Disconnected;
    case StoreSession::HsmStatus::NoPin:
        return HsmMonitor::State::NoPin;
    case StoreSession::HsmStatus::NotConfigured:
        return HsmMonitor::State::NotConfigured;
    }
    return HsmMonitor::State::NotConfigured;
}

} // namespace

HsmMonitor::HsmMonitor(StoreSession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &HsmMonitor::poll);
}

HsmMonitor::~HsmMonitor() = default;

void HsmMonitor::setHsm(const QString &hsm)
{
    m_hsm = hsm.isEmpty() ? kSoftware : hsm;
    poll();
}

void HsmMonitor::start()
{
    m_timer.start();
}

void HsmMonitor::stop()
{
    m_timer.stop();
}

void HsmMonitor::poll()
{
    ++m_pollCount;
    if (m_hsm == kSoftware) {
        setState(State::Software, QString());
        return;
    }
    if (!m_session.isUnlocked()) {
        setState(State::Disconnected, QString());
        return;
    }
    // Checked each time: reconnects when the token was gone, asks it for one random byte when
    // it was there (the state changes only on a call).
    const StoreSession::HsmStatus status = m_session.hsmStatus(m_hsm, true);
    setState(stateOf(status.state), status.lastError);
}

void HsmMonitor::setState(State state, const QString &lastError)
{
    if (state == m_state && lastError == m_lastError)
        return;
    m_state = state;
    m_lastError = lastError;
    emit stateChanged(state);
}

QMap<QString, QStringList> HsmMonitor::boundRegions(StoreSession &session)
{
    QMap<QString, QStringList> bound;
    if (auto regions = session.store().listRegions(); regions) {
        for (const store::RegionRecord &region : std::as_const(*regions))
            bound[region.hsm].append(region.regionId);
    }
    return bound;
}

} // namespace kms
