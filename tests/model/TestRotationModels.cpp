#include "DeletionTableModel.h"
#include "JobMonitor.h"
#include "KeyVersionTableModel.h"
#include "KmsClient.h"
#include "RotationPlanModel.h"
#include "UiTestHelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace kms;
using kms::test::metadataOf;

// The models of the Rotation and Deletions pages, the key versions of the detail pane, and the
// job monitor, over a real store whose clock the tests move.
class TestRotationModels : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void planListsKeysWithPolicyInNextRotationOrder();
    void planPausesDisabledKeysAndSorts();
    void planProjectsRotationsForward();
    void versionsFollowRotations();
    void deletionsSortByDateWithDaysLeft();
    void jobMonitorRunsDueJobsAndCounts();
    void jobMonitorReportsFailingJobs();

private:
    QString createKey(const QString &description, const QString &spec = QStringLiteral("AES_256"));
    void setPolicy(const QString &cmkUuid, int days);

    test::ClientFixture m_fixture;
};

void TestRotationModels::init()
{
    QVERIFY(m_fixture.open());
}

void TestRotationModels::cleanup()
{
    m_fixture.close();
}

QString TestRotationModels::createKey(const QString &description, const QString &spec)
{
    const bool symmetric = spec == QLatin1String("AES_256") || spec == QLatin1String("SM4_128");
    const Response created = m_fixture.store().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), spec },
            { QStringLiteral("keyUsage"),
                symmetric ? QStringLiteral("ENCRYPT/DECRYPT") : QStringLiteral("SIGN/VERIFY") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("description"), description } });
    return metadataOf(created).value(QStringLiteral("cmkUuid")).toString();
}

void TestRotationModels::setPolicy(const QString &cmkUuid, int days)
{
    QCOMPARE_CODE(
        m_fixture.store().call(QStringLiteral("UpdateRotationPolicy"),
            { { QStringLiteral("cmkUuid"), cmkUuid },
                { QStringLiteral("enableAutomaticRotation"), true },
                { QStringLiteral("rotationInterval"), QStringLiteral("%1d").arg(days) } }),
        "0");
}

void TestRotationModels::planListsKeysWithPolicyInNextRotationOrder()
{
    const QString slow = createKey(QStringLiteral("slow"));
    const QString fast = createKey(QStringLiteral("fast"));
    createKey(QStringLiteral("no policy"));
    setPolicy(slow, 90);
    setPolicy(fast, 30);

    RotationPlanModel model(m_fixture.client());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    if (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.totalCount(), qint64(2));
    QCOMPARE(model.columnCount(), int(RotationPlanModel::ColumnCount));
    // Soonest first: the 30-day key rotates before the 90-day one.
    QCOMPARE(model.keyIdAt(0), fast);
    QCOMPARE(model.keyIdAt(1), slow);
    const QModelIndex first = model.index(0, 0);
    QCOMPARE(first.data(RotationPlanModel::IntervalDaysRole).toInt(), 30);
    QCOMPARE(first.data(RotationPlanModel::PausedRole).toBool(), false);
    QVERIFY(!first.data(RotationPlanModel::LastRotationRole).toDateTime().isValid());
    const QDateTime next = first.data(RotationPlanModel::NextRotationRole).toDateTime();
    QVERIFY(next.isValid());
    QVERIFY(qAbs(m_fixture.clock().now().addDays(30).secsTo(next)) < 60);
    QCOMPARE(model.index(0, RotationPlanModel::IntervalColumn).data().toString(),
        QStringLiteral("Every 30 days"));
    QCOMPARE(model.index(0, RotationPlanModel::LastRotationColumn).data().toString(),
        QStringLiteral("Never"));
    QCOMPARE(model.index(0, RotationPlanModel::DueColumn).data().toString(),
        QStringLiteral("In 30 days"));
    QCOMPARE(model.headerData(RotationPlanModel::NextRotationColumn, Qt::Horizontal).toString(),
        QStringLiteral("Next rotation"));

    // A policy switched on through the client refreshes the model.
    const QString later = createKey(QStringLiteral("later"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE_CODE(m_fixture.client().call(QStringLiteral("UpdateRotationPolicy"),
                      { { QStringLiteral("cmkUuid"), later },
                          { QStringLiteral("enableAutomaticRotation"), true },
                          { QStringLiteral("rotationInterval"), QStringLiteral("365d") } }),
        "0");
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.keyIdAt(2), later);
    // And switched off: the key leaves the plan.
    QCOMPARE_CODE(m_fixture.client().call(QStringLiteral("UpdateRotationPolicy"),
                      { { QStringLiteral("cmkUuid"), fast },
                          { QStringLiteral("enableAutomaticRotation"), false } }),
        "0");
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfKey(fast), -1);
}

void TestRotationModels::planPausesDisabledKeysAndSorts()
{
    const QString a = createKey(QStringLiteral("a"));
    const QString b = createKey(QStringLiteral("b"));
    setPolicy(a, 30);
    setPolicy(b, 60);
    RotationPlanModel model(m_fixture.client());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fetchMore({});
    QCOMPARE_CODE(
        m_fixture.client().call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), a } }),
        "0");
    const int row = model.rowOfKey(a);
    QVERIFY(row >= 0); // still planned, but paused
    QCOMPARE(model.index(row, 0).data(RotationPlanModel::PausedRole).toBool(), true);
    QCOMPARE(
        model.index(row, RotationPlanModel::DueColumn).data().toString(), QStringLiteral("Paused"));
    QVERIFY(!model.index(row, RotationPlanModel::DueColumn).data(Qt::ToolTipRole).isNull());

    // Sorting goes to SQL; columns without an order in SQL keep it.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(RotationPlanModel::NextRotationColumn, Qt::DescendingOrder);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.keyIdAt(0), b);
    model.sort(RotationPlanModel::IntervalColumn, Qt::AscendingOrder);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.sortColumn(), int(RotationPlanModel::NextRotationColumn));
    model.sort(RotationPlanModel::DueColumn, Qt::AscendingOrder);
    QCOMPARE(model.keyIdAt(0), a);
}

void TestRotationModels::planProjectsRotationsForward()
{
    const QDateTime next = QDateTime(QDate(2026, 1, 10), QTime(8, 0), Qt::UTC);
    const QList<QDateTime> rotations = RotationPlanModel::projectRotations(
        next, 30, QDateTime(QDate(2026, 4, 10), QTime(8, 0), Qt::UTC));
    QCOMPARE(rotations,
        (QList<QDateTime> { next, next.addDays(30), next.addDays(60), next.addDays(90) }));
    QVERIFY(RotationPlanModel::projectRotations(next, 0, next.addDays(100)).isEmpty());
    QVERIFY(RotationPlanModel::projectRotations({}, 30, next).isEmpty());
    QCOMPARE(RotationPlanModel::intervalDays(QStringLiteral("45d")), 45);
    QCOMPARE(RotationPlanModel::intervalDays(QString()), 0);

    const QString monthly = createKey(QStringLiteral("monthly"));
    const QString yearly = createKey(QStringLiteral("yearly"));
    setPolicy(monthly, 30);
    setPolicy(yearly, 365);
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/monthly") },
                          { QStringLiteral("cmkUuid"), monthly } }),
        "0");
    RotationPlanModel model(m_fixture.client());
    const QDateTime until = m_fixture.clock().now().addDays(365);
    const QList<RotationPlanModel::KeyPlan> plan = model.plan(until);
    QCOMPARE(plan.size(), 2);
    QCOMPARE(plan.at(0).cmkUuid, monthly);
    QCOMPARE(plan.at(0).name, QStringLiteral("alias/monthly"));
    QCOMPARE(plan.at(0).intervalDays, 30);
    QCOMPARE(plan.at(0).rotations.size(), 12); // days 30, 60, ..., 360
    QCOMPARE(plan.at(0).rotations.first(), plan.at(0).nextRotation);
    QCOMPARE(plan.at(0).rotations.at(1), plan.at(0).nextRotation.addDays(30));
    QCOMPARE(plan.at(1).cmkUuid, yearly);
    QCOMPARE(plan.at(1).name, yearly);
    QCOMPARE(plan.at(1).rotations.size(), 1);
}

void TestRotationModels::versionsFollowRotations()
{
    const QString id = createKey(QStringLiteral("versions"));
    KeyVersionTableModel model(m_fixture.client());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setKeyId(id);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalCount(), qint64(1));
    const QString initial = model.versionIdAt(0);
    QVERIFY(!initial.isEmpty());
    QCOMPARE(model.primaryVersionId(), initial);
    QCOMPARE(model.index(0, 0).data(KeyVersionTableModel::RotationTypeRole).toString(),
        QStringLiteral("INITIAL"));
    QCOMPARE(model.index(0, KeyVersionTableModel::PrimaryColumn).data().toString(),
        QStringLiteral("Primary"));
    QCOMPARE(model.index(0, KeyVersionTableModel::TypeColumn).data().toString(),
        QStringLiteral("Initial"));

    // A rotation through the client: the new version leads and is the primary one. (A second
    // later: versions made in the same millisecond have no order.)
    m_fixture.clock().advanceSecs(1);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const Response rotated = m_fixture.client().call(
        QStringLiteral("RotateKey"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(rotated, "0");
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.versionIdAt(0), rotated.data.value(QStringLiteral("keyVersionId")).toString());
    QCOMPARE(model.index(0, 0).data(KeyVersionTableModel::PrimaryRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(KeyVersionTableModel::PrimaryRole).toBool(), false);
    QCOMPARE(model.index(0, KeyVersionTableModel::TypeColumn).data().toString(),
        QStringLiteral("Manual"));
    QCOMPARE(model.index(1, KeyVersionTableModel::PrimaryColumn).data().toString(), QString());
    QCOMPARE(model.versionIdAt(1), initial);

    // A change of another key does not reload these versions.
    const QString other = createKey(QStringLiteral("other"));
    QCOMPARE_CODE(m_fixture.client().call(
                      QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), other } }),
        "0");
    QCOMPARE(reset.count(), 1);

    model.setKeyId(QString());
    QCOMPARE(model.rowCount(), 0);
}

void TestRotationModels::deletionsSortByDateWithDaysLeft()
{
    const QString late = createKey(QStringLiteral("late"));
    const QString soon = createKey(QStringLiteral("soon"));
    const QString middle = createKey(QStringLiteral("middle"));
    createKey(QStringLiteral("kept"));
    for (const auto &[id, days] :
        { std::pair { late, 30 }, std::pair { soon, 7 }, std::pair { middle, 10 } })
        QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("ScheduleKeyDeletion"),
                          { { QStringLiteral("cmkUuid"), id },
                              { QStringLiteral("pendingWindowInDays"), days } }),
            "0");

    DeletionTableModel model(m_fixture.client());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.keyIdAt(0), soon);
    QCOMPARE(model.keyIdAt(1), middle);
    QCOMPARE(model.keyIdAt(2), late);
    QCOMPARE(model.index(0, 0).data(DeletionTableModel::DaysLeftRole).toInt(), 7);
    QCOMPARE(model.index(2, 0).data(DeletionTableModel::DaysLeftRole).toInt(), 30);
    QCOMPARE(model.index(0, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("7 days"));
    QCOMPARE(model.index(0, DeletionTableModel::DeleteDateColumn).data(Qt::ToolTipRole).toString(),
        metadataOf(m_fixture.store().call(
                       QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), soon } }))
            .value(QStringLiteral("deleteDate"))
            .toString());

    // Time passes: fewer days left; once the date has come, "Due now".
    m_fixture.clock().advanceDays(6);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateDaysLeft();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("1 day"));
    m_fixture.clock().advanceDays(2);
    QCOMPARE(model.index(0, 0).data(DeletionTableModel::DaysLeftRole).toInt(), 0);
    QCOMPARE(model.index(0, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("Due now"));

    // Sorting: latest first.
    model.sort(DeletionTableModel::DaysLeftColumn, Qt::DescendingOrder);
    QCOMPARE(model.keyIdAt(0), late);
    model.sort(DeletionTableModel::RegionColumn, Qt::AscendingOrder); // no SQL order: kept
    QCOMPARE(model.keyIdAt(0), late);

    // A cancelled deletion leaves the list.
    QCOMPARE_CODE(m_fixture.client().call(QStringLiteral("CancelKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), middle } }),
        "0");
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfKey(middle), -1);
}

void TestRotationModels::jobMonitorRunsDueJobsAndCounts()
{
    const QString rotating = createKey(QStringLiteral("rotating"));
    const QString deleted = createKey(QStringLiteral("deleted"));
    setPolicy(rotating, 30);
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), deleted },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");

    JobMonitor monitor(m_fixture.client());
    QCOMPARE(monitor.interval(), JobMonitor::kDefaultIntervalMs);
    monitor.refreshCounts();
    QVERIFY(monitor.hasCounts());
    QCOMPARE(monitor.pendingCount(), qint64(2));
    QCOMPARE(monitor.dueCount(), qint64(0));
    QCOMPARE(monitor.failingCount(), qint64(0));

    // A month later both are due; the first run right after start() carries them out.
    m_fixture.clock().advanceDays(31);
    monitor.refreshCounts();
    QCOMPARE(monitor.dueCount(), qint64(2));
    QSignalSpy finished(&monitor, &JobMonitor::runFinished);
    QSignalSpy storeChanged(&m_fixture.client(), &KmsClient::storeChanged);
    monitor.setInterval(60 * 60 * 1000); // only the first run in this test
    monitor.start();
    QVERIFY(monitor.isActive());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(!monitor.isRunning());
    QCOMPARE(monitor.runCount(), 1);
    QCOMPARE(monitor.lastRun().done, 2);
    QCOMPARE(monitor.lastRun().failed, 0);
    QVERIFY(monitor.lastRunTime().isValid());
    QVERIFY(storeChanged.count() >= 1);
    // The counts were read again: the rotation is pending for next month, nothing is due.
    QCOMPARE(monitor.dueCount(), qint64(0));
    QCOMPARE(monitor.pendingCount(), qint64(1));

    const Response versions = m_fixture.store().call(
        QStringLiteral("ListKeyVersions"), { { QStringLiteral("cmkUuid"), rotating } });
    QCOMPARE(versions.data.value(QStringLiteral("totalCount")).toInt(), 2);
    QCOMPARE(versions.data.value(QStringLiteral("keyVersions"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("rotationType"))
                 .toString(),
        QStringLiteral("AUTOMATIC"));
    QCOMPARE_CODE(m_fixture.store().call(
                      QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), deleted } }),
        "KMS.0301");

    // The timer runs it again; nothing is due, nothing changes.
    monitor.setInterval(20);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, 30000);
    monitor.stop();
    QVERIFY(!monitor.isActive());
    QCOMPARE(monitor.lastRun().done, 0);
}

void TestRotationModels::jobMonitorReportsFailingJobs()
{
    // A deletion whose key material sits on an HSM the store does not know fails, stays
    // pending and waits for a retry.
    const QString id = createKey(QStringLiteral("stuck"));
    QVERIFY(m_fixture.store().exec(
        QStringLiteral("UPDATE key_versions SET hsm = 'missing-hsm' WHERE cmk_uuid = '%1'")
            .arg(id)));
    QCOMPARE_CODE(
        m_fixture.store().call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    m_fixture.clock().advanceDays(8);

    JobMonitor monitor(m_fixture.client());
    QSignalSpy counts(&monitor, &JobMonitor::countsChanged);
    monitor.runDueJobs();
    QVERIFY(monitor.isRunning());
    monitor.runDueJobs(); // one run at a time
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.isRunning(), 30000);
    QCOMPARE(monitor.runCount(), 1);
    QCOMPARE(monitor.lastRun().failed, 1);
    QVERIFY(counts.count() >= 1);
    QCOMPARE(monitor.failingCount(), qint64(1));
    QCOMPARE(monitor.pendingCount(), qint64(1));
    QCOMPARE(monitor.failingJobs().size(), 1);
    const QJsonObject job = monitor.failingJobs().constFirst();
    QCOMPARE(job.value(QStringLiteral("cmkUuid")).toString(), id);
    QCOMPARE(job.value(QStringLiteral("kind")).toString(), QStringLiteral("DELETE"));
    QVERIFY(!job.value(QStringLiteral("lastError")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestRotationModels)
#include "TestRotationModels.moc"
