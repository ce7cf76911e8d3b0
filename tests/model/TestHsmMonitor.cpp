// HsmMonitor without a token: the software HSM is not polled and always fine, an HSM the
// session has no PIN for says so, stateChanged comes only on a change, the timer polls, and
// the regions are grouped by their HSM. TestHsmSettingsPage runs it against a real SoftHSM2
// token behind a p11-kit server that is stopped and started again.
#include "HsmMonitor.h"
#include "TestHelpers.h"

#include "api/StoreSession.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace kms;

class TestHsmMonitor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void softwareIsNotPolled();
    void missingPinAndChangesOnly();
    void timerPolls();
    void boundRegions();

private:
    std::unique_ptr<test::TestStore> m_store;
};

void TestHsmMonitor::init()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
}

void TestHsmMonitor::cleanup()
{
    m_store.reset();
}

void TestHsmMonitor::softwareIsNotPolled()
{
    HsmMonitor monitor(m_store->session());
    QSignalSpy changed(&monitor, &HsmMonitor::stateChanged);
    QCOMPARE(monitor.interval(), HsmMonitor::kDefaultIntervalMs);
    monitor.setHsm(QStringLiteral("software"));
    QCOMPARE(monitor.state(), HsmMonitor::State::Software);
    QVERIFY(monitor.lastError().isEmpty());
    QCOMPARE(changed.count(), 0); // it started as the software HSM
    monitor.setHsm(QString()); // no HSM named: the software one
    QCOMPARE(monitor.hsm(), QStringLiteral("software"));
    QCOMPARE(monitor.state(), HsmMonitor::State::Software);
}

void TestHsmMonitor::missingPinAndChangesOnly()
{
    HsmMonitor monitor(m_store->session());
    QSignalSpy changed(&monitor, &HsmMonitor::stateChanged);
    monitor.setHsm(QStringLiteral("pkcs11:absent"));
    QCOMPARE(monitor.state(), HsmMonitor::State::NoPin);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<HsmMonitor::State>(), HsmMonitor::State::NoPin);
    monitor.poll();
    monitor.poll();
    QCOMPARE(changed.count(), 1); // nothing changed
    QCOMPARE(monitor.pollCount(), 3);
    monitor.setHsm(QStringLiteral("software"));
    QCOMPARE(monitor.state(), HsmMonitor::State::Software);
    QCOMPARE(changed.count(), 2);

    // A locked session has no HSM to ask.
    m_store->session().lock();
    monitor.setHsm(QStringLiteral("pkcs11:absent"));
    QCOMPARE(monitor.state(), HsmMonitor::State::Disconnected);
}

void TestHsmMonitor::timerPolls()
{
    HsmMonitor monitor(m_store->session());
    monitor.setInterval(20);
    monitor.setHsm(QStringLiteral("pkcs11:absent"));
    const int before = monitor.pollCount();
    monitor.start();
    QVERIFY(monitor.isActive());
    QTRY_VERIFY(monitor.pollCount() >= before + 3);
    monitor.stop();
    QVERIFY(!monitor.isActive());
    const int stopped = monitor.pollCount();
    QTest::qWait(100);
    QCOMPARE(monitor.pollCount(), stopped);
}

void TestHsmMonitor::boundRegions()
{
    QVERIFY_RESULT(
        m_store->session().addRegion(QStringLiteral("local-2"), QStringLiteral("second")));
    const QMap<QString, QStringList> bound = HsmMonitor::boundRegions(m_store->session());
    QVERIFY(bound.value(QStringLiteral("software")).contains(QStringLiteral("local-1")));
    QVERIFY(bound.value(QStringLiteral("software")).contains(QStringLiteral("local-2")));
    // An HSM that is not configured cannot take a region.
    QVERIFY(!m_store->session()
                 .addRegion(QStringLiteral("x"), QString(), QStringLiteral("pkcs11:absent"))
                 .ok());
}

QTEST_MAIN(TestHsmMonitor)
#include "TestHsmMonitor.moc"
