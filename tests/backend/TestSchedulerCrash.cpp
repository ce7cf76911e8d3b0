// Crash safety of the scheduler, with a real process: `kmsctl jobs run` is killed with
// SIGKILL at many points of a run over a store with hundreds of due rotations and deletions.
// After every kill the store must be consistent (each key rotated or not, deleted or not,
// never half of either; one audit row per job done), and running the jobs again must finish
// the work with each due key rotated exactly once and each due deletion done exactly once.
//
// The store is made in process with a clock 60 days in the past, so that the child, on the
// real clock, finds everything due; nothing in the product lets a caller move its clock.
#include "TestHelpers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using namespace kms;
using kms::test::TestClock;
using kms::test::TestStore;

namespace {

constexpr int kRotations = 150;
constexpr int kDeletions = 150;
const QString kPassphrase = QStringLiteral("correct horse battery");

using StoreFile = kms::test::SqlFile;

struct Progress
{
    int rotated = 0;
    int deleted = 0;
};

} // namespace

class TestSchedulerCrash : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedAtManyPoints();
    void killedRepeatedlyUntilDone();

private:
    // Puts the fixture store into the work folder (as it was before any job ran).
    bool resetStore();
    QProcess *startJobs();
    // Checks the store after a kill; returns how far the work got, or fails the test.
    Progress checkConsistent(bool *ok);
    void checkFinished();
    int runToEnd();

    QTemporaryDir m_dir;
    QString m_fixture; // data folder with the untouched store
    QString m_work; // data folder the child works on
    QString m_passFile;
    QStringList m_rotating;
    QStringList m_deleting;
    QString m_notDueRotation;
    QString m_notDueDeletion;
    qint64 m_fullRunMs = 0;
};

void TestSchedulerCrash::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("KMSCTL")), "KMSCTL names the kmsctl binary");
    m_passFile = m_dir.filePath(QStringLiteral("pass"));
    QFile pass(m_passFile);
    QVERIFY(pass.open(QIODevice::WriteOnly));
    pass.write(kPassphrase.toUtf8() + '\n');
    pass.close();

    TestClock clock;
    clock.advanceDays(-60);
    TestStore store(kPassphrase);
    QVERIFY(store.isValid());
    store.session().setClock(clock);
    const auto call = [&](const QString &action, const QJsonObject &params) {
        return store.call(action, params).ok();
    };
    for (int i = 0; i < kRotations; ++i) {
        const QString id
            = store.createKey(i % 2 ? QStringLiteral("AES_256") : QStringLiteral("SM4_128"));
        QVERIFY(call(QStringLiteral("UpdateRotationPolicy"),
            { { QStringLiteral("cmkUuid"), id },
                { QStringLiteral("enableAutomaticRotation"), true },
                { QStringLiteral("rotationInterval"), QStringLiteral("30d") } }));
        m_rotating.append(id);
    }
    for (int i = 0; i < kDeletions; ++i) {
        const QString id = store.createKey();
        QVERIFY(call(QStringLiteral("CreateAlias"),
            { { QStringLiteral("cmkUuid"), id },
                { QStringLiteral("aliasName"), QStringLiteral("alias/doomed-%1").arg(i) } }));
        QVERIFY(call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }));
        m_deleting.append(id);
    }
    m_notDueRotation = store.createKey();
    QVERIFY(call(QStringLiteral("UpdateRotationPolicy"),
        { { QStringLiteral("cmkUuid"), m_notDueRotation },
            { QStringLiteral("enableAutomaticRotation"), true },
            { QStringLiteral("rotationInterval"), QStringLiteral("365d") } }));
    m_notDueDeletion = store.createKey();
    QVERIFY(call(QStringLiteral("ScheduleKeyDeletion"),
        { { QStringLiteral("cmkUuid"), m_notDueDeletion },
            { QStringLiteral("pendingWindowInDays"), 366 } }));

    m_fixture = m_dir.filePath(QStringLiteral("fixture"));
    m_work = m_dir.filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(m_fixture));
    const QString database = store.databasePath();
    const QString dataDir = QFileInfo(database).absolutePath();
    store.close(); // the last connection closes: the WAL is checkpointed into the file
    for (const QString &name : QDir(dataDir).entryList(QDir::Files))
        QVERIFY(
            QFile::copy(dataDir + QLatin1Char('/') + name, m_fixture + QLatin1Char('/') + name));

    // One uninterrupted run tells how long the work takes on this machine: the kills spread
    // over that time.
    QVERIFY(resetStore());
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(runToEnd(), 0);
    m_fullRunMs = timer.elapsed();
    qInfo("an uninterrupted run of %d jobs took %lld ms", kRotations + kDeletions, m_fullRunMs);
    checkFinished();
}

bool TestSchedulerCrash::resetStore()
{
    QDir(m_work).removeRecursively();
    if (!QDir().mkpath(m_work))
        return false;
    for (const QString &name : QDir(m_fixture).entryList(QDir::Files)) {
        if (!QFile::copy(m_fixture + QLatin1Char('/') + name, m_work + QLatin1Char('/') + name))
            return false;
    }
    return true;
}

QProcess *TestSchedulerCrash::startJobs()
{
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->setStandardOutputFile(QProcess::nullDevice());
    process->start(qEnvironmentVariable("KMSCTL"),
        { QStringLiteral("--data-dir"), m_work, QStringLiteral("--passphrase-file"), m_passFile,
            QStringLiteral("jobs"), QStringLiteral("run") });
    return process;
}

int TestSchedulerCrash::runToEnd()
{
    std::unique_ptr<QProcess> process(startJobs());
    if (!process->waitForFinished(120000))
        return -1;
    return process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
}

Progress TestSchedulerCrash::checkConsistent(bool *ok)
{
    *ok = false;
    Progress progress;
    const StoreFile db(StoreSession::databasePath(m_work));
    if (db.value(QStringLiteral("PRAGMA integrity_check")).toString() != QLatin1String("ok")) {
        qWarning("integrity check failed");
        return progress;
    }
    if (db.count(QStringLiteral("PRAGMA foreign_key_check")) != 0) {
        qWarning("foreign key check failed");
        return progress;
    }
    for (const QString &id : std::as_const(m_rotating)) {
        const auto q = [&](const char *sql) { return db.count(QString::fromLatin1(sql).arg(id)); };
        const qint64 versions = q("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid = '%1'");
        const qint64 automatic = q("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid = '%1'"
                                   " AND rotation_type = 'AUTOMATIC'");
        const qint64 done = q("SELECT COUNT(*) FROM jobs WHERE cmk_uuid = '%1' AND kind = 'ROTATE'"
                              " AND state = 'DONE'");
        const qint64 pending = q("SELECT COUNT(*) FROM jobs WHERE cmk_uuid = '%1'"
                                 " AND kind = 'ROTATE' AND state = 'PENDING'");
        // The primary version is the newest one, and it exists.
        const qint64 primaryIsNewest
            = q("SELECT COUNT(*) FROM keys k WHERE k.cmk_uuid = '%1' AND k.primary_key_version ="
                " (SELECT version_id FROM key_versions v WHERE v.cmk_uuid = k.cmk_uuid"
                " ORDER BY creation_date DESC, rowid DESC LIMIT 1)");
        const qint64 lastSet = q("SELECT COUNT(*) FROM keys WHERE cmk_uuid = '%1'"
                                 " AND last_rotation_date IS NOT NULL");
        const bool before = versions == 1 && automatic == 0 && done == 0 && pending == 1
            && lastSet == 0 && primaryIsNewest == 1;
        const bool after = versions == 2 && automatic == 1 && done == 1 && pending == 1
            && lastSet == 1 && primaryIsNewest == 1;
        if (!before && !after) {
            qWarning("rotation of %s half done: %lld versions, %lld done, %lld pending jobs",
                qPrintable(id), versions, done, pending);
            return progress;
        }
        progress.rotated += after ? 1 : 0;
    }
    for (const QString &id : std::as_const(m_deleting)) {
        const auto q = [&](const char *sql) { return db.count(QString::fromLatin1(sql).arg(id)); };
        const qint64 key = q("SELECT COUNT(*) FROM keys WHERE cmk_uuid = '%1'"
                             " AND key_state = 'PendingDeletion'");
        const qint64 versions = q("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid = '%1'");
        const qint64 aliases = q("SELECT COUNT(*) FROM aliases WHERE cmk_uuid = '%1'");
        const qint64 tombstone = q("SELECT COUNT(*) FROM key_tombstones WHERE cmk_uuid = '%1'");
        const qint64 done = q("SELECT COUNT(*) FROM jobs WHERE cmk_uuid = '%1' AND kind = 'DELETE'"
                              " AND state = 'DONE'");
        const qint64 pending = q("SELECT COUNT(*) FROM jobs WHERE cmk_uuid = '%1'"
                                 " AND kind = 'DELETE' AND state = 'PENDING'");
        const bool before = key == 1 && versions == 1 && aliases == 1 && tombstone == 0 && done == 0
            && pending == 1;
        const bool after = key == 0 && versions == 0 && aliases == 0 && tombstone == 1 && done == 1
            && pending == 0;
        if (!before && !after) {
            qWarning("deletion of %s half done: key %lld, versions %lld, aliases %lld,"
                     " tombstone %lld, jobs done %lld pending %lld",
                qPrintable(id), key, versions, aliases, tombstone, done, pending);
            return progress;
        }
        progress.deleted += after ? 1 : 0;
    }
    // Each job done has its one audit row, committed with it; no row for work undone.
    const qint64 audited = db.count(
        QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'RunJob' AND result_code = '0'"));
    if (audited != progress.rotated + progress.deleted) {
        qWarning("%lld audit rows for %d jobs done", audited, progress.rotated + progress.deleted);
        return progress;
    }
    // Work that was not due is untouched.
    if (db.count(QStringLiteral("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid IN ('%1', '%2')")
                     .arg(m_notDueRotation, m_notDueDeletion))
        != 2) {
        qWarning("work that was not due was done");
        return progress;
    }
    *ok = true;
    return progress;
}

void TestSchedulerCrash::checkFinished()
{
    bool ok = false;
    const Progress progress = checkConsistent(&ok);
    QVERIFY(ok);
    QCOMPARE(progress.rotated, kRotations);
    QCOMPARE(progress.deleted, kDeletions);
    // The audit chain verifies in a separate process too.
    QProcess verify;
    verify.start(qEnvironmentVariable("KMSCTL"),
        { QStringLiteral("--data-dir"), m_work, QStringLiteral("--passphrase-file"), m_passFile,
            QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY(verify.waitForFinished(60000));
    QVERIFY2(verify.exitCode() == 0, verify.readAllStandardOutput().constData());
    // A further run finds nothing to do.
    QCOMPARE(runToEnd(), 0);
    QVERIFY(checkConsistent(&ok).rotated == kRotations && ok);
}

void TestSchedulerCrash::killedAtManyPoints()
{
    // Each round starts from the untouched store and kills the run at another moment, spread
    // over the length of a whole run; then the jobs run again to the end.
    // (The whole run includes the process's start and exit: the work itself takes about
    // the first two thirds, where most kills land.)
    constexpr int rounds = 24;
    int midway = 0;
    for (int round = 0; round < rounds; ++round) {
        QVERIFY(resetStore());
        const qint64 delayUs = (m_fullRunMs * 700 * (2 * round + 1)) / (2 * rounds);
        std::unique_ptr<QProcess> process(startJobs());
        QVERIFY(process->waitForStarted());
        QThread::usleep(static_cast<unsigned long>(delayUs));
        process->kill(); // SIGKILL
        QVERIFY(process->waitForFinished(60000));
        bool ok = false;
        const Progress progress = checkConsistent(&ok);
        QVERIFY2(ok,
            qPrintable(QStringLiteral("inconsistent after a kill at %1 ms").arg(delayUs / 1000)));
        const int done = progress.rotated + progress.deleted;
        qInfo("killed after %lld ms: %d of %d jobs done", delayUs / 1000, done,
            kRotations + kDeletions);
        if (done > 0 && done < kRotations + kDeletions)
            ++midway;
        QCOMPARE(runToEnd(), 0);
        checkFinished();
    }
    // The kills landed in the middle of the work, not only before or after it.
    QVERIFY(midway > 0);
}

void TestSchedulerCrash::killedRepeatedlyUntilDone()
{
    // Without resetting: kill, kill, kill, ... until one run gets to its end.
    QVERIFY(resetStore());
    auto *random = QRandomGenerator::global();
    int kills = 0;
    for (; kills < 100; ++kills) {
        std::unique_ptr<QProcess> process(startJobs());
        QVERIFY(process->waitForStarted());
        const qint64 delayUs = random->bounded(m_fullRunMs * 1000 / 10, m_fullRunMs * 1000 + 1);
        QThread::usleep(static_cast<unsigned long>(delayUs));
        process->kill();
        QVERIFY(process->waitForFinished(60000));
        bool ok = false;
        const Progress progress = checkConsistent(&ok);
        QVERIFY2(ok, "inconsistent after a kill");
        if (process->exitStatus() == QProcess::NormalExit
            || progress.rotated + progress.deleted == kRotations + kDeletions)
            break;
    }
    qInfo("%d kills before a run finished", kills);
    QCOMPARE(runToEnd(), 0);
    checkFinished();
}

QTEST_GUILESS_MAIN(TestSchedulerCrash)
#include "TestSchedulerCrash.moc"
