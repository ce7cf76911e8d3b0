// The job scheduler in process: due rotations and deletions run once, paused and cancelled
// work does not run, failures wait and retry, and every job code for its real cause. Time is
// moved with a test clock instead of waiting. (TestSchedulerCrash kills a real kmsctl.)
#include "TestHelpers.h"
#include "api/KmsService.h"
#include "audit/AuditLog.h"
#include "jobs/Scheduler.h"

#include <QJsonArray>
#include <QTest>

using namespace kms;
using kms::test::TestClock;
using kms::test::TestStore;

namespace {

QJsonObject meta(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

QJsonObject idParams(const QString &id)
{
    return { { QStringLiteral("cmkUuid"), id } };
}

struct ClockedStore
{
    TestClock clock;
    TestStore store;
    ClockedStore() { store.session().setClock(clock); }
    Response call(const QString &action, const QJsonObject &params = {})
    {
        return store.call(action, params);
    }
    SchedulerRun runDue() { return Scheduler(store.service(), store.session().store()).runDue(); }
    QString keyWithPolicy(const QString &interval = QStringLiteral("30d"))
    {
        const QString id = store.createKey();
        const Response set = call(QStringLiteral("UpdateRotationPolicy"),
            { { QStringLiteral("cmkUuid"), id },
                { QStringLiteral("enableAutomaticRotation"), true },
                { QStringLiteral("rotationInterval"), interval } });
        return set.ok() ? id : QString();
    }
    bool scheduleDeletion(const QString &id, int days = 7)
    {
        return call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), days } })
            .ok();
    }
    int versions(const QString &id)
    {
        return call(QStringLiteral("ListKeyVersions"), idParams(id))
            .data.value(QStringLiteral("totalCount"))
            .toInt();
    }
    QJsonObject onlyJob(const QString &id, const QString &state)
    {
        const QJsonArray jobs = call(QStringLiteral("ListJobs"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("state"), state } })
                                    .data.value(QStringLiteral("jobs"))
                                    .toArray();
        return jobs.size() == 1 ? jobs.first().toObject() : QJsonObject();
    }
};

#define QCOMPARE_RUN(run, expectedDone, expectedSkipped, expectedFailed)                           \
    do {                                                                                           \
        const SchedulerRun &run_ = (run);                                                          \
        QVERIFY2(!run_.error, run_.error ? qPrintable(run_.error->detail()) : "");                 \
        QCOMPARE(run_.done, expectedDone);                                                         \
        QCOMPARE(run_.skipped, expectedSkipped);                                                   \
        QCOMPARE(run_.failed, expectedFailed);                                                     \
    } while (false)

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private slots:
    void rotationRunsOnceWhenDue();
    void pausedRotationResumesWhenEnabled();
    void deletionDestroysTheKeyAtWindowEnd();
    void deletionCancelsTheKeysOtherJobs();
    void cancelledDeletionDoesNotRun();
    void failedJobWaitsAndRetries();
    void jobsThatCannotBeQueued_data();
    void jobsThatCannotBeQueued();
    void failedJobThatCannotBeRequeued_data();
    void failedJobThatCannotBeRequeued();
    void runJobNothingToDo();
    void retryTimesGrow();
};

void TestScheduler::rotationRunsOnceWhenDue()
{
    ClockedStore s;
    const QString id = s.keyWithPolicy();
    QVERIFY(!id.isEmpty());
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    s.clock.advanceDays(29);
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    const qint64 jobId
        = s.onlyJob(id, QStringLiteral("PENDING")).value(QStringLiteral("jobId")).toInteger();
    s.clock.advanceDays(2);
    const SchedulerRun run = s.runDue();
    QCOMPARE_RUN(run, 1, 0, 0);
    QCOMPARE(run.outcomes.first().jobId, jobId);
    QCOMPARE(run.outcomes.first().cmkUuid, id);
    QCOMPARE(s.versions(id), 2);

    const Response described = s.call(QStringLiteral("DescribeKey"), idParams(id));
    const QDateTime last
        = parseTime(meta(described).value(QStringLiteral("lastRotationDate")).toString());
    const QDateTime next
        = parseTime(meta(described).value(QStringLiteral("nextRotationDate")).toString());
    QVERIFY(last.isValid());
    QCOMPARE(next, last.addDays(30));
    const QJsonArray versions = s.call(QStringLiteral("ListKeyVersions"), idParams(id))
                                    .data.value(QStringLiteral("keyVersions"))
                                    .toArray();
    QCOMPARE(versions.first().toObject().value(QStringLiteral("rotationType")).toString(),
        QStringLiteral("AUTOMATIC"));
    QCOMPARE(versions.first().toObject().value(QStringLiteral("keyVersionId")).toString(),
        meta(described).value(QStringLiteral("primaryKeyVersion")).toString());
    // The done job stays as history; the next one waits for its date.
    QCOMPARE(
        s.onlyJob(id, QStringLiteral("DONE")).value(QStringLiteral("jobId")).toInteger(), jobId);
    QCOMPARE(s.onlyJob(id, QStringLiteral("PENDING")).value(QStringLiteral("dueDate")).toString(),
        formatTime(next));

    // Running again does nothing; running the done job again is refused and changes nothing.
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), jobId } }), "KMS.0501");
    QCOMPARE(s.store.snapshot(), before);
    QCOMPARE(s.versions(id), 2);

    s.clock.advanceDays(31);
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
    QCOMPARE(s.versions(id), 3);
}

void TestScheduler::pausedRotationResumesWhenEnabled()
{
    ClockedStore s;
    const QString id = s.keyWithPolicy();
    QCOMPARE_CODE(s.call(QStringLiteral("DisableKey"), idParams(id)), "0");
    s.clock.advanceDays(40);
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    const Response counts = s.call(QStringLiteral("ListJobs"));
    QCOMPARE(counts.data.value(QStringLiteral("pendingCount")).toInt(), 1);
    QCOMPARE(counts.data.value(QStringLiteral("dueCount")).toInt(), 0);
    QCOMPARE(s.versions(id), 1);
    // Enabled again: the overdue rotation runs at the next run.
    QCOMPARE_CODE(s.call(QStringLiteral("EnableKey"), idParams(id)), "0");
    QCOMPARE(s.call(QStringLiteral("ListJobs")).data.value(QStringLiteral("dueCount")).toInt(), 1);
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
    QCOMPARE(s.versions(id), 2);
}

void TestScheduler::deletionDestroysTheKeyAtWindowEnd()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    const QString keep = s.store.createKey();
    QCOMPARE_CODE(s.call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("cmkUuid"), id },
                          { QStringLiteral("aliasName"), QStringLiteral("alias/doomed") } }),
        "0");
    const Response sealed = s.call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("plaintext"), QStringLiteral("aGk=") } });
    QCOMPARE_CODE(sealed, "0");
    QVERIFY(s.scheduleDeletion(id, 7));
    const QDateTime deleteDate = parseTime(meta(s.call(QStringLiteral("DescribeKey"), idParams(id)))
                                               .value(QStringLiteral("deleteDate"))
                                               .toString());
    QCOMPARE(s.onlyJob(id, QStringLiteral("PENDING")).value(QStringLiteral("dueDate")).toString(),
        formatTime(deleteDate));

    s.clock.advanceDays(6);
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    QCOMPARE_CODE(s.call(QStringLiteral("DescribeKey"), idParams(id)), "0");
    s.clock.advanceDays(2);
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);

    // A tombstone: the key is gone for every action, with the date in the detail.
    const Response described = s.call(QStringLiteral("DescribeKey"), idParams(id));
    QCOMPARE_CODE(described, "KMS.0301");
    QVERIFY(described.detail.contains(QLatin1String("deleted")));
    QCOMPARE_CODE(s.call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          sealed.data.value(QStringLiteral("ciphertextBlob")) } }),
        "KMS.0301");
    QCOMPARE_CODE(s.call(QStringLiteral("ListKeyVersions"), idParams(id)), "KMS.0301");
    QCOMPARE_CODE(s.call(QStringLiteral("DescribeKey"), idParams(QStringLiteral("alias/doomed"))),
        "KMS.0301");
    // The wrapped material went with the versions; the alias is free again.
    QCOMPARE(s.store.scalar(
                 QStringLiteral("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid = '%1'").arg(id)),
        0);
    QCOMPARE(
        s.store.scalar(
            QStringLiteral("SELECT COUNT(*) FROM key_tombstones WHERE cmk_uuid = '%1'").arg(id)),
        1);
    QCOMPARE_CODE(s.call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("cmkUuid"), keep },
                          { QStringLiteral("aliasName"), QStringLiteral("alias/doomed") } }),
        "0");
    QCOMPARE_CODE(s.call(QStringLiteral("DescribeKey"), idParams(keep)), "0");
    QVERIFY(!s.onlyJob(id, QStringLiteral("DONE")).isEmpty());

    // The audit log keeps the history, and the chain is intact.
    QVERIFY(s.store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE target = '%1'"
                                          " AND action = 'RunJob' AND result_code = '0'")
                               .arg(id))
        == 1);
    const auto verdict = s.store.service().auditLog().verify(s.store.session().store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
}

void TestScheduler::deletionCancelsTheKeysOtherJobs()
{
    ClockedStore s;
    const QString id = s.keyWithPolicy(QStringLiteral("7d"));
    QVERIFY(s.scheduleDeletion(id, 30));
    s.clock.advanceDays(31);
    // The rotation is paused (pending deletion), the deletion runs and cancels it.
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
    QCOMPARE(s.onlyJob(id, QStringLiteral("CANCELLED")).value(QStringLiteral("kind")).toString(),
        QStringLiteral("ROTATE"));
    QCOMPARE(
        s.call(QStringLiteral("ListJobs")).data.value(QStringLiteral("pendingCount")).toInt(), 0);
}

void TestScheduler::cancelledDeletionDoesNotRun()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    QVERIFY(s.scheduleDeletion(id));
    QCOMPARE_CODE(s.call(QStringLiteral("CancelKeyDeletion"), idParams(id)), "0");
    QCOMPARE(s.onlyJob(id, QStringLiteral("CANCELLED")).value(QStringLiteral("kind")).toString(),
        QStringLiteral("DELETE"));
    s.clock.advanceDays(10);
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    QCOMPARE(meta(s.call(QStringLiteral("DescribeKey"), idParams(id)))
                 .value(QStringLiteral("keyState"))
                 .toString(),
        QStringLiteral("Disabled"));
    // Scheduling again makes a new job, which runs.
    QVERIFY(s.scheduleDeletion(id));
    s.clock.advanceDays(8);
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
}

void TestScheduler::failedJobWaitsAndRetries()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    QVERIFY(s.scheduleDeletion(id));
    s.clock.advanceDays(8);
    QVERIFY(
        s.store.injectFailure(QStringLiteral("injected"), QStringLiteral("BEFORE DELETE ON keys")));
    const SchedulerRun failed = s.runDue();
    QCOMPARE_RUN(failed, 0, 0, 1);
    QCOMPARE(failed.outcomes.first().code, QStringLiteral("KMS.0503"));
    QVERIFY(failed.outcomes.first().retryAt > s.clock.now().addSecs(4 * 60));
    const QJsonObject job = s.onlyJob(id, QStringLiteral("FAILING"));
    QCOMPARE(job.value(QStringLiteral("attempts")).toInt(), 1);
    QVERIFY(
        job.value(QStringLiteral("lastError")).toString().startsWith(QLatin1String("KMS.0503")));
    QCOMPARE(job.value(QStringLiteral("nextAttemptDate")).toString(),
        formatTime(failed.outcomes.first().retryAt));
    const Response counts = s.call(QStringLiteral("ListJobs"));
    QCOMPARE(counts.data.value(QStringLiteral("failingCount")).toInt(), 1);
    QCOMPARE(counts.data.value(QStringLiteral("dueCount")).toInt(), 0);
    // The key is untouched and the job waits for its retry time.
    QCOMPARE(meta(s.call(QStringLiteral("DescribeKey"), idParams(id)))
                 .value(QStringLiteral("keyState"))
                 .toString(),
        QStringLiteral("PendingDeletion"));
    QCOMPARE_RUN(s.runDue(), 0, 0, 0);
    s.clock.advanceSecs(6 * 60);
    QCOMPARE_RUN(s.runDue(), 0, 0, 1);
    QCOMPARE(s.onlyJob(id, QStringLiteral("FAILING")).value(QStringLiteral("attempts")).toInt(), 2);
    QVERIFY(s.store.removeFailure(QStringLiteral("injected")));
    s.clock.advanceSecs(11 * 60);
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
    QCOMPARE_CODE(s.call(QStringLiteral("DescribeKey"), idParams(id)), "KMS.0301");
}

void TestScheduler::jobsThatCannotBeQueued_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("code");
    QTest::newRow("deletion task not written")
        << "BEFORE UPDATE OF key_state ON keys WHEN NEW.key_state = 'PendingDeletion'"
        << "KMS.0506";
    QTest::newRow("deletion job not queued") << "BEFORE INSERT ON jobs"
                                             << "KMS.0508";
}

void TestScheduler::jobsThatCannotBeQueued()
{
    QFETCH(QString, trigger);
    QFETCH(QString, code);
    ClockedStore s;
    const QString id = s.store.createKey();
    QVERIFY(s.store.injectFailure(QStringLiteral("injected"), trigger));
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(
        s.call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        qPrintable(code));
    QCOMPARE(s.store.snapshot(), before);
}

void TestScheduler::failedJobThatCannotBeRequeued_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("code");
    QTest::newRow("rotation") << "ROTATE"
                              << "BEFORE INSERT ON key_versions"
                              << "KMS.0507";
    QTest::newRow("deletion") << "DELETE"
                              << "BEFORE DELETE ON keys"
                              << "KMS.0508";
}

void TestScheduler::failedJobThatCannotBeRequeued()
{
    QFETCH(QString, kind);
    QFETCH(QString, failure);
    QFETCH(QString, code);
    ClockedStore s;
    QString id;
    if (kind == QLatin1String("ROTATE")) {
        id = s.keyWithPolicy();
    } else {
        id = s.store.createKey();
        QVERIFY(s.scheduleDeletion(id));
    }
    s.clock.advanceDays(31);
    QVERIFY(s.store.injectFailure(QStringLiteral("injected"), failure));
    QVERIFY(s.store.injectFailure(QStringLiteral("no_requeue"),
        QStringLiteral("BEFORE UPDATE OF attempts ON jobs"), QStringLiteral("queue full")));
    const QString before = s.store.snapshot();
    const SchedulerRun run = s.runDue();
    QCOMPARE_RUN(run, 0, 0, 1);
    QCOMPARE(run.outcomes.first().code, code);
    QVERIFY(run.outcomes.first().detail.contains(QLatin1String("queue full")));
    QCOMPARE(s.store.snapshot(), before);
    // Nothing was lost: the job is still pending and runs once the store recovers.
    QVERIFY(s.store.removeFailure(QStringLiteral("injected")));
    QVERIFY(s.store.removeFailure(QStringLiteral("no_requeue")));
    QCOMPARE_RUN(s.runDue(), 1, 0, 0);
}

void TestScheduler::runJobNothingToDo()
{
    ClockedStore s;
    QCOMPARE_CODE(s.call(QStringLiteral("RunJob")), "KMS.0101");
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), QStringLiteral("x") } }),
        "KMS.0128");
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), 4242 } }), "KMS.0501");

    const QString rotating = s.keyWithPolicy();
    const QString deleting = s.store.createKey();
    QVERIFY(s.scheduleDeletion(deleting));
    const qint64 rotation
        = s.onlyJob(rotating, QStringLiteral("PENDING")).value(QStringLiteral("jobId")).toInteger();
    const qint64 deletion
        = s.onlyJob(deleting, QStringLiteral("PENDING")).value(QStringLiteral("jobId")).toInteger();
    const QString before = s.store.snapshot();
    // Not due yet.
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), rotation } }), "KMS.0501");
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), deletion } }), "KMS.0208");
    QCOMPARE(s.store.snapshot(), before);
    // Due, but the rotation's key is disabled (paused) and the deletion was cancelled.
    s.clock.advanceDays(31);
    QCOMPARE_CODE(s.call(QStringLiteral("DisableKey"), idParams(rotating)), "0");
    QCOMPARE_CODE(s.call(QStringLiteral("CancelKeyDeletion"), idParams(deleting)), "0");
    const QString paused = s.store.snapshot();
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), rotation } }), "KMS.0501");
    QCOMPARE_CODE(
        s.call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), deletion } }), "KMS.0209");
    QCOMPARE(s.store.snapshot(), paused);
}

void TestScheduler::retryTimesGrow()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(Scheduler::retryTime(now, 1), now.addSecs(5 * 60));
    QCOMPARE(Scheduler::retryTime(now, 2), now.addSecs(10 * 60));
    QCOMPARE(Scheduler::retryTime(now, 3), now.addSecs(20 * 60));
    QCOMPARE(Scheduler::retryTime(now, 100), now.addSecs(6 * 60 * 60));
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "TestScheduler.moc"
