// Dual control (issue 9, api/DualControl.h): scheduling a key's deletion and re-keying the
// master key need a second officer's approval once an administrator says so. Without one the
// action answers KMS.0405; the approval must come from another operator whose role may make
// the action, with the right password (wrong ones count towards the freeze, KMS.0406); it
// covers one action on one key for one requester, once, for a few minutes; approvals and
// refusals are audited and no password reaches the store.
#include "TestHelpers.h"

#include "api/DualControl.h"
#include "api/MasterKeyRotation.h"
#include "auth/Approvals.h"

#include <QFile>
#include <QTest>

using namespace kms;
using namespace kms::test;

namespace {

const char *const kRootPassword = "root-pass-1";
const char *const kRoot2Password = "root2-pass-2";
const char *const kKatePassword = "kate-pass-3";
const char *const kKenPassword = "ken-pass-4";
const char *const kCarlPassword = "carl-pass-5";
const char *const kAudreyPassword = "audrey-pass-6";

} // namespace

class TestDualControl : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void cannotBeSwitchedOnWithoutOperators();
    void onlyAnAdministratorSetsIt();
    void deletionNeedsAnApproval();
    void approvalBySameOperatorIsRefused();
    void approvalByAnotherRoleIsRefused();
    void wrongApproverPasswordCountsTowardsFreeze();
    void approvalAppliesToOneKeyAndAction();
    void approvalOfAnAliasFollowsItsKey();
    void approvalIsUsedOnce();
    void approvalExpires();
    void failedActionKeepsTheApproval();
    void masterKeyRotationNeedsAnApproval();
    void auditRowsAndNoPasswordInTheStore();
    void kmsctlApproves();

private:
    // Keys k1, k2 made before operator mode; administrators root and root2, key officers kate
    // and ken, crypto user carl, auditor audrey; ScheduleKeyDeletion and RotateMasterKey under
    // dual control; kate logged in.
    void setUp();
    Response schedule(const QString &key);
    Result<void> approve(const QString &approver, const char *password,
        const QString &action = QStringLiteral("ScheduleKeyDeletion"),
        const QString &target = QString());

    std::unique_ptr<TestStore> m_store;
    TestClock m_clock;
    QString m_k1;
    QString m_k2;
};

void TestDualControl::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    m_store->session().setClock(m_clock);
    m_store->session().setPasswordHashParams(fastArgon2());
}

void TestDualControl::cleanup()
{
    m_store.reset();
}

void TestDualControl::setUp()
{
    m_k1 = m_store->createKey();
    m_k2 = m_store->createKey();
    QVERIFY(!m_k1.isEmpty() && !m_k2.isEmpty());
    StoreSession &session = m_store->session();
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret(kRootPassword)));
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kRootPassword)));
    const std::pair<const char *, const char *> operators[]
        = { { "root2", "administrator" }, { "kate", "key_officer" }, { "ken", "key_officer" },
              { "carl", "crypto_user" }, { "audrey", "auditor" } };
    const char *const passwords[]
        = { kRoot2Password, kKatePassword, kKenPassword, kCarlPassword, kAudreyPassword };
    for (std::size_t i = 0; i < std::size(operators); ++i)
        QVERIFY_RESULT(session.createOperator(QString::fromLatin1(operators[i].first),
            QString::fromLatin1(operators[i].second), secret(passwords[i])));
    QVERIFY_RESULT(session.setDualControl(
        { QStringLiteral("ScheduleKeyDeletion"), QStringLiteral("RotateMasterKey") }));
    auto controlled = session.dualControl();
    QVERIFY_RESULT(controlled);
    QCOMPARE(controlled->size(), 2);
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("kate"), secret(kKatePassword)));
}

Response TestDualControl::schedule(const QString &key)
{
    return m_store->call(QStringLiteral("ScheduleKeyDeletion"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("pendingWindowInDays"), 7 } });
}

Result<void> TestDualControl::approve(
    const QString &approver, const char *password, const QString &action, const QString &target)
{
    return m_store->session().approve(
        approver, secret(password), action, target.isNull() ? m_k1 : target);
}

void TestDualControl::cannotBeSwitchedOnWithoutOperators()
{
    const QString before = m_store->snapshot();
    auto refused = m_store->session().setDualControl({ QStringLiteral("ScheduleKeyDeletion") });
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(m_store->snapshot(), before);
    // Without operators nothing is under dual control: the deletion goes through.
    const QString key = m_store->createKey();
    QCOMPARE_CODE(schedule(key), "0");
}

void TestDualControl::onlyAnAdministratorSetsIt()
{
    setUp();
    StoreSession &session = m_store->session();
    auto refused = session.setDualControl({});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0405")); // kate is a key officer
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kRootPassword)));
    auto unknown = session.setDualControl({ QStringLiteral("Encrypt") });
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code(), QStringLiteral("KMS.0101"));
    QVERIFY_RESULT(session.setDualControl({ QStringLiteral("RotateMasterKey") }));
    auto controlled = session.dualControl();
    QVERIFY_RESULT(controlled);
    QCOMPARE(*controlled, QStringList { QStringLiteral("RotateMasterKey") });
    // Deletion is no longer under dual control.
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("kate"), secret(kKatePassword)));
    QCOMPARE_CODE(schedule(m_k1), "0");
}

void TestDualControl::deletionNeedsAnApproval()
{
    setUp();
    const Response refused = schedule(m_k1);
    QCOMPARE_CODE(refused, "KMS.0405");
    QVERIFY(refused.detail.contains(QStringLiteral("second officer's approval")));
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    QCOMPARE_CODE(schedule(m_k1), "0");
    // An administrator may not schedule deletions (key management), so it may not approve one.
    auto byAdministrator = approve(
        QStringLiteral("root2"), kRoot2Password, QStringLiteral("ScheduleKeyDeletion"), m_k2);
    QVERIFY(!byAdministrator.ok());
    QCOMPARE(byAdministrator.error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE_CODE(schedule(m_k2), "KMS.0405");
}

void TestDualControl::approvalBySameOperatorIsRefused()
{
    setUp();
    auto refused = approve(QStringLiteral("kate"), kKatePassword);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
}

void TestDualControl::approvalByAnotherRoleIsRefused()
{
    setUp();
    for (const auto &[name, password] :
        { std::pair { "carl", kCarlPassword }, std::pair { "audrey", kAudreyPassword } }) {
        auto refused = approve(QString::fromLatin1(name), password);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), QStringLiteral("KMS.0405"));
    }
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
    // An unknown approver is a failed log-in.
    auto unknown = approve(QStringLiteral("nobody"), "whatever");
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code(), QStringLiteral("KMS.0401"));
    auto empty = approve(QString(), "whatever");
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code(), QStringLiteral("KMS.0127"));
}

void TestDualControl::wrongApproverPasswordCountsTowardsFreeze()
{
    setUp();
    for (int i = 1; i < StoreSession::kMaxFailedLogins; ++i) {
        auto refused = approve(QStringLiteral("ken"), "wrong password");
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), QStringLiteral("KMS.0401"));
    }
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT failed_logins FROM operators WHERE name = 'ken'")),
        qint64(StoreSession::kMaxFailedLogins - 1));
    auto fifth = approve(QStringLiteral("ken"), "wrong password");
    QVERIFY(!fifth.ok());
    QCOMPARE(fifth.error().code(), QStringLiteral("KMS.0401"));
    // Frozen now: the right password does not help, and ken cannot log in either.
    auto frozen = approve(QStringLiteral("ken"), kKenPassword);
    QVERIFY(!frozen.ok());
    QCOMPARE(frozen.error().code(), QStringLiteral("KMS.0406"));
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
    QVERIFY_RESULT(m_store->session().logOut());
    auto logIn = m_store->session().logIn(QStringLiteral("ken"), secret(kKenPassword));
    QVERIFY(!logIn.ok());
    QCOMPARE(logIn.error().code(), QStringLiteral("KMS.0406"));
}

void TestDualControl::approvalAppliesToOneKeyAndAction()
{
    setUp();
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    QCOMPARE_CODE(schedule(m_k2), "KMS.0405"); // another key
    // Another action: an approval of the deletion does not rotate the master key.
    QVERIFY_RESULT(m_store->session().logOut());
    QVERIFY_RESULT(m_store->session().logIn(QStringLiteral("root"), secret(kRootPassword)));
    const SecureBytes passphrase = secret("a new passphrase");
    MasterKeyRotation::Options options;
    options.passphrase = &passphrase;
    options.argon2 = fastArgon2();
    auto rotated = m_store->session().rotateMasterKey(options);
    QVERIFY(!rotated.ok());
    QCOMPARE(rotated.error().code(), QStringLiteral("KMS.0405"));
    // Another requester: kate's approval does not serve ken, and is gone once kate logs out.
    QVERIFY_RESULT(m_store->session().logOut());
    QVERIFY_RESULT(m_store->session().logIn(QStringLiteral("ken"), secret(kKenPassword)));
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
    QVERIFY_RESULT(m_store->session().logOut());
    QVERIFY_RESULT(m_store->session().logIn(QStringLiteral("kate"), secret(kKatePassword)));
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
}

void TestDualControl::approvalOfAnAliasFollowsItsKey()
{
    setUp();
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/scratch") },
                          { QStringLiteral("cmkUuid"), m_k1 } }),
        "0");
    // Ken approves deleting alias/scratch (k1, a scratch key); kate then points the alias at
    // k2 and asks to delete alias/scratch: the approval was for k1, not for k2.
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword,
        QStringLiteral("ScheduleKeyDeletion"), QStringLiteral("alias/scratch")));
    QCOMPARE_CODE(m_store->call(QStringLiteral("UpdateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/scratch") },
                          { QStringLiteral("cmkUuid"), m_k2 } }),
        "0");
    QCOMPARE_CODE(schedule(QStringLiteral("alias/scratch")), "KMS.0405");
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys WHERE key_state = "
                                            "'PendingDeletion'")),
        0);
    // The approval is k1's, by alias or by id alike.
    QCOMPARE_CODE(schedule(m_k1), "0");
}

void TestDualControl::approvalIsUsedOnce()
{
    setUp();
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    QCOMPARE_CODE(schedule(m_k1), "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), m_k1 } }),
        "0");
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
}

void TestDualControl::approvalExpires()
{
    setUp();
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    m_clock.advanceSecs(auth::Approvals::kLifetimeSeconds + 1);
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    m_clock.advanceSecs(auth::Approvals::kLifetimeSeconds - 60);
    QCOMPARE_CODE(schedule(m_k1), "0");
}

void TestDualControl::failedActionKeepsTheApproval()
{
    setUp();
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), m_k1 }, { QStringLiteral("pendingWindowInDays"), 3 } }),
        "KMS.0226");
    QCOMPARE_CODE(schedule(m_k1), "0");
}

void TestDualControl::masterKeyRotationNeedsAnApproval()
{
    setUp();
    StoreSession &session = m_store->session();
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kRootPassword)));
    const SecureBytes passphrase = secret("a new passphrase");
    MasterKeyRotation::Options options;
    options.passphrase = &passphrase;
    options.argon2 = fastArgon2();
    const QString before = m_store->snapshot();
    auto refused = session.rotateMasterKey(options);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(m_store->snapshot(), before);
    // A key officer may not rotate the master key, so it may not approve it either.
    auto byOfficer = approve(
        QStringLiteral("kate"), kKatePassword, QStringLiteral("RotateMasterKey"), QString(""));
    QVERIFY(!byOfficer.ok());
    QCOMPARE(byOfficer.error().code(), QStringLiteral("KMS.0405"));
    QVERIFY_RESULT(approve(
        QStringLiteral("root2"), kRoot2Password, QStringLiteral("RotateMasterKey"), QString("")));
    QVERIFY_RESULT(session.rotateMasterKey(options));
    auto again = session.rotateMasterKey(options);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code(), QStringLiteral("KMS.0405"));
}

void TestDualControl::auditRowsAndNoPasswordInTheStore()
{
    setUp();
    QCOMPARE_CODE(schedule(m_k1), "KMS.0405");
    QVERIFY(!approve(QStringLiteral("ken"), "wrong password").ok());
    QVERIFY_RESULT(approve(QStringLiteral("ken"), kKenPassword));
    QCOMPARE_CODE(schedule(m_k1), "0");
    const QString target = QStringLiteral("ScheduleKeyDeletion ") + m_k1;
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'ApproveAction' AND operator = 'ken (key_officer)' "
                                            "AND result_code = '0' AND target = '%1'")
                                 .arg(target)),
        qint64(1));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'ApproveAction' AND result_code = 'KMS.0401' AND "
                                            "target = '%1'")
                                 .arg(target)),
        qint64(1));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'ScheduleKeyDeletion' AND result_code = 'KMS.0405' "
                                            "AND target = '%1' AND operator = 'kate (key_officer)'")
                                 .arg(m_k1)),
        qint64(1));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'SetDualControl' AND result_code = '0'")),
        qint64(1));
    auto verdict = m_store->service().auditLog().verify(m_store->session().store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
    m_store->close();
    for (const QString &suffix : { QString(), QStringLiteral("-wal") }) {
        QFile file(m_store->databasePath() + suffix);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        for (const char *password : { kKenPassword, kKatePassword, "wrong password" })
            QVERIFY2(!bytes.contains(password), "a password is in the store file");
    }
}

void TestDualControl::kmsctlApproves()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    if (kmsctl.isEmpty())
        QSKIP("KMSCTL is not set (run through CTest)");
    setUp();
    m_store->close();
    QTemporaryDir dir;
    const QString passphrase = dir.filePath(QStringLiteral("passphrase"));
    const QString katePassword = dir.filePath(QStringLiteral("kate"));
    const QString kenPassword = dir.filePath(QStringLiteral("ken"));
    QVERIFY(writeFile(passphrase, QByteArrayLiteral("correct horse battery\n")));
    QVERIFY(writeFile(katePassword, QByteArray(kKatePassword) + '\n'));
    QVERIFY(writeFile(kenPassword, QByteArray(kKenPassword) + '\n'));
    const QStringList base { QStringLiteral("--data-dir"), m_store->dataDir(),
        QStringLiteral("--passphrase-file"), passphrase, QStringLiteral("--login"),
        QStringLiteral("kate"), QStringLiteral("--password-file"), katePassword };
    const QStringList call { QStringLiteral("call"), QStringLiteral("ScheduleKeyDeletion"),
        QStringLiteral(R"({"cmkUuid":"%1","pendingWindowInDays":7})").arg(m_k1) };
    ProcessRun run = runProcess(kmsctl, base + call);
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("KMS.0405"));
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--approver"), QStringLiteral("ken"),
                QStringLiteral("--approver-password-file"), kenPassword }
            + call);
    QVERIFY2(run.exitCode == 0, run.out.constData());
    run = runProcess(
        kmsctl, base + QStringList { QStringLiteral("dual-control"), QStringLiteral("show") });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("ScheduleKeyDeletion"));
}

QTEST_GUILESS_MAIN(TestDualControl)
#include "TestDualControl.moc"
