// Operators, roles, log-in, lock-out and quotas (issue 9, points 1-3 and 6): each role against
// each action class, KMS.0401 / KMS.0405 / KMS.0406 / kms.0407 / KMS.0127 for their real
// causes, the audit rows of log-ins and refusals, and a store without operators as before.
#include "TestHelpers.h"

#include "auth/PasswordHash.h"
#include "auth/Roles.h"
#include "jobs/Scheduler.h"
#include "store/Store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kms;
using namespace kms::test;

namespace {

const char *const kAdminPassword = "admin-pass-1";
const char *const kOfficerPassword = "officer-pass-2";
const char *const kCryptoPassword = "crypto-pass-3";
const char *const kAuditorPassword = "auditor-pass-4";

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

} // namespace

class TestOperators : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void passwordHashRoundTrip();
    void storeWithoutOperatorsWorksAsBefore();
    void firstOperatorIsAnAdministrator();
    void callsNeedALogIn();
    void roleAgainstActionClass_data();
    void roleAgainstActionClass();
    void cryptoUserOnlyUsesGrantedKeys();
    void fiveFailedLogInsFreeze();
    void administratorFreezesAndOnlyAdministratorUnfreezes();
    void sessionExpiresWhenIdle();
    void quotaPerOperatorAndAction();
    void administrativeCallsNeedAUserId();
    void auditRowsOfLogInsAndRefusals();
    void kmsctlLogsIn();
    void scheduledJobsRunWhoeverIsLoggedIn();
    void hsmConfigurationRefusalsAndUnlocksAreAudited();

private:
    // A store with a symmetric and an EC key (made before operator mode), an administrator
    // "root", a key officer "kate", a crypto user "carl" granted the symmetric key only, and
    // an auditor "audrey". Nobody is logged in afterwards.
    void setUpOperators();
    Result<QString> logIn(const QString &name, const char *password);
    Response call(const QString &action, const QJsonObject &params = {});

    std::unique_ptr<TestStore> m_store;
    TestClock m_clock;
    QString m_aesKey;
    QString m_ecKey;
    QString m_otherAesKey;
    QString m_ecVersion;
};

void TestOperators::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    m_store->session().setClock(m_clock);
    m_store->session().setPasswordHashParams(fastArgon2());
}

void TestOperators::cleanup()
{
    m_store.reset();
}

Result<QString> TestOperators::logIn(const QString &name, const char *password)
{
    return m_store->session().logIn(name, secret(password));
}

Response TestOperators::call(const QString &action, const QJsonObject &params)
{
    return m_store->call(action, params);
}

void TestOperators::setUpOperators()
{
    m_aesKey = m_store->createKey();
    m_otherAesKey = m_store->createKey();
    m_ecKey = m_store->createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!m_aesKey.isEmpty() && !m_ecKey.isEmpty() && !m_otherAesKey.isEmpty());
    m_ecVersion = call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_ecKey } })
                      .data.value(QStringLiteral("keyMetadata"))
                      .toObject()
                      .value(QStringLiteral("primaryKeyVersion"))
                      .toString();
    QVERIFY(!m_ecVersion.isEmpty());
    StoreSession &session = m_store->session();
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret(kAdminPassword)));
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), secret(kOfficerPassword)));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("carl"), QStringLiteral("crypto_user"), secret(kCryptoPassword)));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("audrey"), QStringLiteral("auditor"), secret(kAuditorPassword)));
    QVERIFY_RESULT(session.grantKey(QStringLiteral("carl"), m_aesKey));
    QVERIFY_RESULT(session.grantKey(QStringLiteral("carl"), m_ecKey));
    QVERIFY_RESULT(session.logOut());
}

void TestOperators::passwordHashRoundTrip()
{
    auto hash = auth::hashPassword(secret("s3cret"), fastArgon2());
    QVERIFY_RESULT(hash);
    QVERIFY(hash->startsWith(QLatin1String("$argon2id$v=19$m=8192,t=1,p=1$")));
    QVERIFY(!hash->contains(QLatin1String("s3cret")));
    QVERIFY(auth::verifyPassword(secret("s3cret"), *hash));
    QVERIFY(!auth::verifyPassword(secret("s3cret!"), *hash));
    QVERIFY(!auth::verifyPassword(secret("s3cret"), QStringLiteral("$argon2id$garbage")));
    // A fresh salt each time.
    auto again = auth::hashPassword(secret("s3cret"), fastArgon2());
    QVERIFY_RESULT(again);
    QVERIFY(*again != *hash);
}

void TestOperators::storeWithoutOperatorsWorksAsBefore()
{
    auto mode = m_store->session().operatorMode();
    QVERIFY_RESULT(mode);
    QVERIFY(!*mode);
    const QString key = m_store->createKey();
    QVERIFY(!key.isEmpty());
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), key } }), "0");
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE operator <> "
                                            "'test-officer'")),
        0);
    // Regions are added without a log-in, as before.
    QVERIFY_RESULT(m_store->session().addRegion(QStringLiteral("local-2"), QStringLiteral("two")));
}

void TestOperators::firstOperatorIsAnAdministrator()
{
    StoreSession &session = m_store->session();
    QCOMPARE(session
                 .createOperator(QStringLiteral("kate"), QStringLiteral("key_officer"),
                     secret(kOfficerPassword))
                 .error()
                 .code(),
        QStringLiteral("KMS.0405"));
    QCOMPARE(session
                 .createOperator(
                     QStringLiteral("root"), QStringLiteral("superuser"), secret(kAdminPassword))
                 .error()
                 .code(),
        QStringLiteral("KMS.0101"));
    QCOMPARE(
        session.createOperator(QStringLiteral("root"), QStringLiteral("administrator"), secret(""))
            .error()
            .code(),
        QStringLiteral("KMS.0101"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM operators")), 0);
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret(kAdminPassword)));
    auto mode = session.operatorMode();
    QVERIFY_RESULT(mode);
    QVERIFY(*mode);
    // Later operators need an administrator's log-in.
    QCOMPARE(session
                 .createOperator(QStringLiteral("kate"), QStringLiteral("key_officer"),
                     secret(kOfficerPassword))
                 .error()
                 .code(),
        QStringLiteral("KMS.0401"));
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QCOMPARE(session
                 .createOperator(
                     QStringLiteral("root"), QStringLiteral("auditor"), secret(kAuditorPassword))
                 .error()
                 .code(),
        QStringLiteral("KMS.0101")); // the name is in use
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), secret(kOfficerPassword)));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM operators")), 2);
    // The hash is Argon2id with its own salt, never the password.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM operators WHERE password_hash "
                                            "LIKE '$argon2id$%' AND password_hash NOT LIKE "
                                            "'%pass%'")),
        2);
    // A key officer may not create operators.
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE(session
                 .createOperator(
                     QStringLiteral("eve"), QStringLiteral("administrator"), secret("eve-pass"))
                 .error()
                 .code(),
        QStringLiteral("KMS.0405"));
    QCOMPARE(session.listOperators().error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(session.removeHsmConfiguration(QStringLiteral("pkcs11:none")).error().code(),
        QStringLiteral("KMS.0405"));
    QCOMPARE(session.addRegion(QStringLiteral("local-9"), QStringLiteral("nine")).error().code(),
        QStringLiteral("KMS.0405"));
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(session.addRegion(QStringLiteral("local-9"), QStringLiteral("nine")));
    auto operators = session.listOperators();
    QVERIFY_RESULT(operators);
    QCOMPARE(operators->size(), 2);
    QVERIFY(operators->first().passwordHash.isEmpty());
}

void TestOperators::callsNeedALogIn()
{
    setUpOperators();
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "KMS.0401");
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE_CODE(
        call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_aesKey } }), "0");
    // The worker thread's connection shares the log-in.
    auto connection = m_store->session().openConnection();
    QVERIFY_RESULT(connection);
    QCOMPARE_CODE((*connection)
                      ->service()
                      .call(QStringLiteral("DescribeKey"),
                          QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "0");
    QVERIFY_RESULT(m_store->session().logOut());
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "KMS.0401");
    QCOMPARE_CODE((*connection)
                      ->service()
                      .call(QStringLiteral("DescribeKey"),
                          QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "KMS.0401");
}

void TestOperators::roleAgainstActionClass_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("actionClass");
    QTest::addColumn<bool>("allowed");

    // The role table of auth/Roles.cpp, row by row.
    const QStringList classes = { QStringLiteral("Administration"), QStringLiteral("KeyManagement"),
        QStringLiteral("KeyUse"), QStringLiteral("PublicKeyRead"), QStringLiteral("MetadataRead"),
        QStringLiteral("AuditRead") };
    const QList<std::pair<QString, QList<bool>>> table = {
        { QStringLiteral("administrator"), { true, false, false, false, true, false } },
        { QStringLiteral("key_officer"), { false, true, false, true, true, false } },
        { QStringLiteral("crypto_user"), { false, false, true, true, true, false } },
        { QStringLiteral("auditor"), { false, false, false, false, true, true } },
    };
    for (const auto &[role, allowed] : table) {
        for (qsizetype i = 0; i < classes.size(); ++i)
            QTest::addRow("%s %s", qPrintable(role), qPrintable(classes.at(i)))
                << role << classes.at(i) << allowed.at(i);
    }
}

void TestOperators::roleAgainstActionClass()
{
    QFETCH(QString, role);
    QFETCH(QString, actionClass);
    QFETCH(bool, allowed);
    setUpOperators();
    const QHash<QString, std::pair<QString, const char *>> who = {
        { QStringLiteral("administrator"), { QStringLiteral("root"), kAdminPassword } },
        { QStringLiteral("key_officer"), { QStringLiteral("kate"), kOfficerPassword } },
        { QStringLiteral("crypto_user"), { QStringLiteral("carl"), kCryptoPassword } },
        { QStringLiteral("auditor"), { QStringLiteral("audrey"), kAuditorPassword } },
    };
    QVERIFY_RESULT(logIn(who.value(role).first, who.value(role).second));
    const qint64 rowsBefore = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit"));

    QString code;
    QString action;
    if (actionClass == QLatin1String("Administration")) {
        action = QStringLiteral("CreateOperator");
        auto created = m_store->session().createOperator(
            QStringLiteral("newbie"), QStringLiteral("auditor"), secret("newbie-pass"));
        code = created ? QStringLiteral("0") : created.error().code();
    } else {
        QJsonObject params;
        if (actionClass == QLatin1String("KeyManagement")) {
            action = QStringLiteral("UpdateKeyDescription");
            params = { { QStringLiteral("cmkUuid"), m_aesKey },
                { QStringLiteral("description"), QStringLiteral("changed") } };
        } else if (actionClass == QLatin1String("KeyUse")) {
            action = QStringLiteral("Encrypt");
            params = { { QStringLiteral("cmkUuid"), m_aesKey },
                { QStringLiteral("plaintext"), base64("hello") } };
        } else if (actionClass == QLatin1String("PublicKeyRead")) {
            action = QStringLiteral("GetPublicKey");
            params = { { QStringLiteral("cmkUuid"), m_ecKey },
                { QStringLiteral("keyVersionId"), m_ecVersion } };
        } else if (actionClass == QLatin1String("MetadataRead")) {
            action = QStringLiteral("DescribeKey");
            params = { { QStringLiteral("cmkUuid"), m_aesKey } };
        } else {
            action = QStringLiteral("GetAuditPublicKey");
        }
        QCOMPARE(auth::actionClass(action).has_value(), true);
        code = call(action, params).code;
    }
    QCOMPARE(code, allowed ? QStringLiteral("0") : QStringLiteral("KMS.0405"));
    // Allowed or refused, the call is audited with the operator and its role.
    const QString auditOperator = QStringLiteral("%1 (%2)").arg(who.value(role).first, role);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE seq > %1 AND "
                                            "action = '%2' AND operator = '%3' AND result_code "
                                            "= '%4'")
                                 .arg(rowsBefore)
                                 .arg(action, auditOperator, code)),
        1);
    if (!allowed && actionClass == QLatin1String("KeyManagement")) {
        // Refused before it ran: the description is unchanged.
        QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys WHERE description = "
                                                "'changed'")),
            0);
    }
}

void TestOperators::cryptoUserOnlyUsesGrantedKeys()
{
    setUpOperators();
    // The key officer makes a blob under the key carl is not granted, and an alias of it.
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE_CODE(call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/other") },
                          { QStringLiteral("cmkUuid"), m_otherAesKey } }),
        "0");
    QVERIFY_RESULT(logIn(QStringLiteral("carl"), kCryptoPassword));
    QCOMPARE_CODE(call(QStringLiteral("Encrypt"),
                      { { QStringLiteral("cmkUuid"), m_otherAesKey },
                          { QStringLiteral("plaintext"), base64("x") } }),
        "KMS.0405");
    QCOMPARE_CODE(call(QStringLiteral("Encrypt"),
                      { { QStringLiteral("cmkUuid"), QStringLiteral("alias/other") },
                          { QStringLiteral("plaintext"), base64("x") } }),
        "KMS.0405");
    QCOMPARE_CODE(
        call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_otherAesKey } }),
        "KMS.0405");
    // The key list shows the granted keys only (the workbench's list), the paging count too.
    const Response listed = call(QStringLiteral("ListKeys"));
    QCOMPARE_CODE(listed, "0");
    QStringList listedIds;
    for (const QJsonValue &key : listed.data.value(QStringLiteral("keys")).toArray())
        listedIds.append(key.toObject().value(QStringLiteral("cmkUuid")).toString());
    listedIds.sort();
    QStringList granted { m_aesKey, m_ecKey };
    granted.sort();
    QCOMPARE(listedIds, granted);
    QCOMPARE(listed.data.value(QStringLiteral("totalCount")).toInteger(), 2);
    // A granted key encrypts and decrypts.
    const Response sealed = call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_aesKey }, { QStringLiteral("plaintext"), base64("x") } });
    QCOMPARE_CODE(sealed, "0");
    QCOMPARE_CODE(call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          sealed.data.value(QStringLiteral("ciphertextBlob")) } }),
        "0");
    // A blob of a key not granted does not decrypt.
    QVERIFY_RESULT(m_store->session().logOut());
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(m_store->session().grantKey(QStringLiteral("carl"), m_otherAesKey));
    QVERIFY_RESULT(logIn(QStringLiteral("carl"), kCryptoPassword));
    const Response other = call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_otherAesKey },
            { QStringLiteral("plaintext"), base64("y") } });
    QCOMPARE_CODE(other, "0");
    QVERIFY(m_store->exec(
        QStringLiteral("DELETE FROM operator_grants WHERE key_id = '%1'").arg(m_otherAesKey)));
    QCOMPARE_CODE(call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          other.data.value(QStringLiteral("ciphertextBlob")) } }),
        "KMS.0405");
    // Grants need a known key.
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QCOMPARE(m_store->session()
                 .grantKey(
                     QStringLiteral("carl"), QStringLiteral("00000000-0000-4000-8000-000000000000"))
                 .error()
                 .code(),
        QStringLiteral("KMS.0301"));
}

void TestOperators::fiveFailedLogInsFreeze()
{
    setUpOperators();
    for (int attempt = 1; attempt <= StoreSession::kMaxFailedLogins; ++attempt) {
        auto failed = logIn(QStringLiteral("kate"), "wrong-password");
        QVERIFY(!failed);
        QCOMPARE(failed.error().code(), QStringLiteral("KMS.0401"));
        QCOMPARE(m_store->scalar(
                     QStringLiteral("SELECT failed_logins FROM operators WHERE name = 'kate'")),
            attempt);
    }
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT frozen FROM operators WHERE name = 'kate'")), 1);
    // The lock-out has a row of its own after the 5th failed log-in.
    QCOMPARE(m_store->scalar(QStringLiteral(
                 "SELECT COUNT(*) FROM audit WHERE action = 'FreezeOperator' AND target = 'kate' "
                 "AND result_code = 'KMS.0406' AND operator = 'kate (key_officer)' AND seq = "
                 "(SELECT MAX(seq) FROM audit)")),
        1);
    // Frozen: the right password is refused too.
    auto refused = logIn(QStringLiteral("kate"), kOfficerPassword);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0406"));
    QVERIFY(!m_store->session().signedIn());
    // An unknown operator answers like a wrong password.
    auto unknown = logIn(QStringLiteral("nobody"), "whatever");
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code(), QStringLiteral("KMS.0401"));
    // Only an administrator unfreezes.
    QVERIFY_RESULT(logIn(QStringLiteral("audrey"), kAuditorPassword));
    QCOMPARE(m_store->session().unfreezeOperator(QStringLiteral("kate")).error().code(),
        QStringLiteral("KMS.0405"));
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(m_store->session().unfreezeOperator(QStringLiteral("kate")));
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT failed_logins FROM operators WHERE name = "
                                            "'kate'")),
        0);
    // A success between failures starts the count again.
    for (int i = 0; i < 4; ++i)
        QVERIFY(!logIn(QStringLiteral("kate"), "wrong-password"));
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QVERIFY(!logIn(QStringLiteral("kate"), "wrong-password"));
    QCOMPARE(
        m_store->scalar(QStringLiteral("SELECT frozen FROM operators WHERE name = 'kate'")), 0);
}

void TestOperators::administratorFreezesAndOnlyAdministratorUnfreezes()
{
    setUpOperators();
    QVERIFY_RESULT(logIn(QStringLiteral("carl"), kCryptoPassword));
    QCOMPARE(m_store->session().freezeOperator(QStringLiteral("kate")).error().code(),
        QStringLiteral("KMS.0405"));
    // The administrator freezes kate while kate is logged in elsewhere: her next call fails.
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    auto connection = m_store->session().openConnection();
    QVERIFY_RESULT(connection);
    QVERIFY(m_store->exec(QStringLiteral("UPDATE operators SET frozen = 1 WHERE name = 'kate'")));
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "KMS.0406");
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(m_store->session().unfreezeOperator(QStringLiteral("kate")));
    QVERIFY_RESULT(m_store->session().freezeOperator(QStringLiteral("kate")));
    QCOMPARE(
        logIn(QStringLiteral("kate"), kOfficerPassword).error().code(), QStringLiteral("KMS.0406"));
    QCOMPARE(m_store->session().freezeOperator(QStringLiteral("ghost")).error().code(),
        QStringLiteral("KMS.0101"));
    // Role changes apply at the next call.
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    QVERIFY_RESULT(m_store->session().setOperatorRole(
        QStringLiteral("audrey"), QStringLiteral("key_officer")));
    QVERIFY_RESULT(logIn(QStringLiteral("audrey"), kAuditorPassword));
    QCOMPARE_CODE(call(QStringLiteral("UpdateKeyDescription"),
                      { { QStringLiteral("cmkUuid"), m_aesKey },
                          { QStringLiteral("description"), QStringLiteral("by audrey") } }),
        "0");
}

void TestOperators::sessionExpiresWhenIdle()
{
    setUpOperators();
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    const QJsonObject describe { { QStringLiteral("cmkUuid"), m_aesKey } };
    // Each call refreshes the session: 14 minutes idle twice is fine.
    m_clock.advanceSecs(14 * 60);
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
    m_clock.advanceSecs(14 * 60);
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
    // 15 minutes without a call end it.
    m_clock.advanceSecs(15 * 60 + 1);
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "KMS.0401");
    QVERIFY(!m_store->session().signedIn());
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'DescribeKey' AND result_code = 'KMS.0401' AND "
                                            "operator = 'kate (key_officer)'")),
        1);
    // The idle time-out is a setting.
    {
        store::TransactionGuard transaction(m_store->session().store());
        QVERIFY_RESULT(transaction.begin());
        QVERIFY_RESULT(m_store->session().store().setSetting(
            QStringLiteral("auth.idleTimeoutSeconds"), QStringLiteral("60")));
        QVERIFY_RESULT(transaction.commit());
    }
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    m_clock.advanceSecs(61);
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "KMS.0401");
}

void TestOperators::quotaPerOperatorAndAction()
{
    setUpOperators();
    {
        store::TransactionGuard transaction(m_store->session().store());
        QVERIFY_RESULT(transaction.begin());
        QVERIFY_RESULT(m_store->session().store().setSetting(
            QStringLiteral("limits.quota.DescribeKey"), QStringLiteral("2/60")));
        QVERIFY_RESULT(transaction.commit());
    }
    const QJsonObject describe { { QStringLiteral("cmkUuid"), m_aesKey } };
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
    const Response exceeded = call(QStringLiteral("DescribeKey"), describe);
    QCOMPARE_CODE(exceeded, "kms.0407");
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "kms.0407");
    // Other actions and other operators have quotas of their own.
    QCOMPARE_CODE(call(QStringLiteral("ListKeyVersions"), describe), "0");
    QVERIFY_RESULT(logIn(QStringLiteral("audrey"), kAuditorPassword));
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
    // After the window the calls go through again.
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    m_clock.advanceSecs(61);
    QCOMPARE_CODE(call(QStringLiteral("DescribeKey"), describe), "0");
}

void TestOperators::administrativeCallsNeedAUserId()
{
    setUpOperators();
    QVERIFY_RESULT(logIn(QStringLiteral("root"), kAdminPassword));
    StoreSession &session = m_store->session();
    QCOMPARE(
        session.createOperator(QString(), QStringLiteral("auditor"), secret("p")).error().code(),
        QStringLiteral("KMS.0127"));
    QCOMPARE(session.freezeOperator(QString()).error().code(), QStringLiteral("KMS.0127"));
    QCOMPARE(session.unfreezeOperator(QString()).error().code(), QStringLiteral("KMS.0127"));
    QCOMPARE(session.grantKey(QString(), m_aesKey).error().code(), QStringLiteral("KMS.0127"));
    QCOMPARE(session.setOperatorRole(QString(), QStringLiteral("auditor")).error().code(),
        QStringLiteral("KMS.0127"));
    QCOMPARE(session.logIn(QString(), secret("p")).error().code(), QStringLiteral("KMS.0127"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE result_code = "
                                            "'KMS.0127'")),
        6);
}

void TestOperators::auditRowsOfLogInsAndRefusals()
{
    setUpOperators();
    QVERIFY(!logIn(QStringLiteral("kate"), "typo-secret-9"));
    auto token = logIn(QStringLiteral("kate"), kOfficerPassword);
    QVERIFY_RESULT(token);
    QCOMPARE(token->size(), 64);
    QCOMPARE_CODE(call(QStringLiteral("Encrypt"),
                      { { QStringLiteral("cmkUuid"), m_aesKey },
                          { QStringLiteral("plaintext"), base64("secret plaintext") } }),
        "KMS.0405");
    QVERIFY_RESULT(m_store->session().logOut());
    // A password typed into the name field is no operator name: not recorded.
    QVERIFY(!logIn(QStringLiteral("my password 123"), "x"));

    auto count = [this](const QString &where) {
        return m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE %1").arg(where));
    };
    QCOMPARE(count(QStringLiteral("action = 'LogIn' AND result_code = 'KMS.0401' AND operator = "
                                  "'kate (key_officer)' AND target = 'kate'")),
        1);
    QCOMPARE(count(QStringLiteral("action = 'LogIn' AND result_code = '0' AND operator = 'kate "
                                  "(key_officer)'")),
        1);
    QCOMPARE(count(QStringLiteral("action = 'Encrypt' AND result_code = 'KMS.0405' AND operator "
                                  "= 'kate (key_officer)'")),
        1);
    QCOMPARE(count(QStringLiteral("action = 'LogOut' AND result_code = '0' AND operator = 'kate "
                                  "(key_officer)'")),
        1);
    QCOMPARE(count(QStringLiteral("action = 'CreateOperator' AND result_code = '0' AND operator = "
                                  "'root (administrator)'")),
        3);
    QCOMPARE(count(QStringLiteral("action = 'LogIn' AND operator = '' AND target = ''")), 1);
    // No password, token or plaintext anywhere in the trail.
    for (const QString &secretText : { QString::fromLatin1(kAdminPassword),
             QString::fromLatin1(kOfficerPassword), QString::fromLatin1(kCryptoPassword),
             QString::fromLatin1(kAuditorPassword), QStringLiteral("typo-secret-9"),
             QStringLiteral("my password"), *token, QStringLiteral("secret plaintext") }) {
        QCOMPARE(count(QStringLiteral("instr(operator || action || target || region_id || "
                                      "result_code || request_id, '%1') > 0")
                           .arg(secretText)),
            0);
    }
    // The chain stays intact.
    auto verdict = m_store->service().auditLog().verify(m_store->session().store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
}

void TestOperators::kmsctlLogsIn()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    if (!QFile::exists(kmsctl))
        QSKIP("KMSCTL does not name the kmsctl binary");
    const QString key = m_store->createKey();
    QVERIFY(!key.isEmpty());
    const QString dataDir = m_store->dataDir();
    m_store->close();
    QTemporaryDir files;
    const QString storePass = files.filePath(QStringLiteral("store-pass"));
    const QString adminPass = files.filePath(QStringLiteral("admin-pass"));
    const QString officerPass = files.filePath(QStringLiteral("officer-pass"));
    QVERIFY(writeFile(storePass, "correct horse battery\n"));
    QVERIFY(writeFile(adminPass, "admin-pass-1\n"));
    QVERIFY(writeFile(officerPass, "officer-pass-2\n"));
    const QStringList base
        = { QStringLiteral("--data-dir"), dataDir, QStringLiteral("--passphrase-file"), storePass };
    const QStringList asAdmin = base
        + QStringList { QStringLiteral("--login"), QStringLiteral("root"),
              QStringLiteral("--password-file"), adminPass };
    const QStringList describe = { QStringLiteral("call"), QStringLiteral("DescribeKey"),
        QStringLiteral("{\"cmkUuid\":\"%1\"}").arg(key) };

    // The first administrator, without a log-in; then operator mode.
    ProcessRun run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("operator"), QStringLiteral("add"),
                QStringLiteral("root"), QStringLiteral("--role"), QStringLiteral("administrator"),
                QStringLiteral("--new-password-file"), adminPass });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runProcess(kmsctl, base + describe);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("code")).toString(),
        QStringLiteral("KMS.0401"));
    // The administrator adds a key officer, who then describes the key.
    run = runProcess(kmsctl,
        asAdmin
            + QStringList { QStringLiteral("operator"), QStringLiteral("add"),
                QStringLiteral("kate"), QStringLiteral("--role"), QStringLiteral("key_officer"),
                QStringLiteral("--new-password-file"), officerPass });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runProcess(
        kmsctl, asAdmin + QStringList { QStringLiteral("operator"), QStringLiteral("list") });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("kate\tkey_officer\tactive"));
    QVERIFY(!run.out.contains("argon2"));
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--login"), QStringLiteral("kate"),
                QStringLiteral("--password-file"), officerPass }
            + describe);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // A wrong password: KMS.0401, exit 1; the administrator's role may not use keys.
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--login"), QStringLiteral("kate"),
                QStringLiteral("--password-file"), adminPass }
            + describe);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("code")).toString(),
        QStringLiteral("KMS.0401"));
    run = runProcess(kmsctl,
        asAdmin
            + QStringList { QStringLiteral("call"), QStringLiteral("Encrypt"),
                QStringLiteral("{\"cmkUuid\":\"%1\",\"plaintext\":\"aGk=\"}").arg(key) });
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("code")).toString(),
        QStringLiteral("KMS.0405"));
    // Settings are the administrator's; the audit chain verifies.
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--login"), QStringLiteral("kate"),
                QStringLiteral("--password-file"), officerPass, QStringLiteral("config"),
                QStringLiteral("set"), QStringLiteral("limits.quota.Encrypt"),
                QStringLiteral("10/60") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("KMS.0405"));
    run = runProcess(kmsctl,
        asAdmin
            + QStringList { QStringLiteral("config"), QStringLiteral("set"),
                QStringLiteral("limits.quota.Encrypt"), QStringLiteral("10/60") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // Commands beside KmsService check the role too: the audit log is the auditor's.
    run = runProcess(
        kmsctl, asAdmin + QStringList { QStringLiteral("audit"), QStringLiteral("verify") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("KMS.0405"));
    run = runProcess(
        kmsctl, base + QStringList { QStringLiteral("audit"), QStringLiteral("verify") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("KMS.0401"));
    // The trail names who did what, and holds no password; the chain is intact.
    m_store->reopen(QStringLiteral("correct horse battery"));
    QVERIFY(m_store->isValid());
    // The refused commands beside KmsService are in the trail too, and the refused setting.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'kmsctl "
                                            "audit verify' AND operator = 'root (administrator)' "
                                            "AND result_code = 'KMS.0405'")),
        1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'kmsctl "
                                            "audit verify' AND result_code = 'KMS.0401'")),
        1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'UpdateSetting' AND operator = 'kate (key_officer)' "
                                            "AND result_code = 'KMS.0405'")),
        1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'LogIn' AND "
                                            "operator = 'kate (key_officer)' AND result_code = "
                                            "'KMS.0401'")),
        1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE instr(operator || "
                                            "target, 'pass-') > 0")),
        0);
    auto verdict = m_store->service().auditLog().verify(m_store->session().store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
}

void TestOperators::scheduledJobsRunWhoeverIsLoggedIn()
{
    setUpOperators();
    // The key officer plans a deletion and logs out; a week later the console runs it with
    // nobody logged in, and then with the auditor logged in (neither could delete a key).
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE_CODE(call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), m_aesKey },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    QCOMPARE_CODE(call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), m_otherAesKey },
                          { QStringLiteral("pendingWindowInDays"), 14 } }),
        "0");
    QVERIFY_RESULT(m_store->session().logOut());
    m_clock.advanceDays(8);
    Scheduler scheduler(m_store->service(), m_store->session().store());
    const SchedulerRun first = scheduler.runDue();
    QCOMPARE(first.done, 1);
    QCOMPARE(first.failed, 0);
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT COUNT(*) FROM keys WHERE cmk_uuid = '%1'").arg(m_aesKey)),
        0);
    QVERIFY_RESULT(logIn(QStringLiteral("audrey"), kAuditorPassword));
    m_clock.advanceDays(7);
    const SchedulerRun second = scheduler.runDue();
    QCOMPARE(second.done, 1);
    QCOMPARE(second.failed, 0);
    // The audit rows name the scheduler, not whoever sat at the console.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'RunJob' AND operator = 'scheduler' AND "
                                            "result_code = '0'")),
        2);
    // A RunJob asked for by an operator is still an action of the key officer's class.
    QVERIFY_RESULT(logIn(QStringLiteral("audrey"), kAuditorPassword));
    QCOMPARE_CODE(
        call(QStringLiteral("RunJob"), { { QStringLiteral("jobId"), QStringLiteral("x") } }),
        "KMS.0405");
}

void TestOperators::hsmConfigurationRefusalsAndUnlocksAreAudited()
{
    setUpOperators();
    HsmConfiguration configuration;
    configuration.modulePath = QStringLiteral("/usr/lib/softhsm/libsofthsm2.so");
    configuration.tokenLabel = QStringLiteral("refused");
    // A key officer may not configure HSMs; the refusal is in the trail before any probe.
    QVERIFY_RESULT(logIn(QStringLiteral("kate"), kOfficerPassword));
    auto saved = m_store->session().saveHsmConfiguration(configuration, secret("1234"));
    QVERIFY(!saved);
    QCOMPARE(saved.error().code(), QStringLiteral("KMS.0405"));
    auto removed = m_store->session().removeHsmConfiguration(configuration.name());
    QVERIFY(!removed);
    QCOMPARE(removed.error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(m_store->scalar(QStringLiteral(
                 "SELECT COUNT(*) FROM audit WHERE action IN ('SaveHsm', 'RemoveHsm') AND target "
                 "= 'pkcs11:refused' AND result_code = 'KMS.0405' AND operator = "
                 "'kate (key_officer)'")),
        2);
    QVERIFY_RESULT(m_store->session().logOut());
    // Nobody logged in: KMS.0401, audited too.
    auto anonymous = m_store->session().removeHsmConfiguration(configuration.name());
    QVERIFY(!anonymous);
    QCOMPARE(anonymous.error().code(), QStringLiteral("KMS.0401"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'RemoveHsm' AND result_code = 'KMS.0401'")),
        1);
    // Unlocking the store is an audited event too (who and how).
    m_store->reopen(QStringLiteral("correct horse battery"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE seq = (SELECT "
                                            "MAX(seq) FROM audit) AND action = 'Unlock' AND "
                                            "target = 'passphrase'")),
        1);
}

QTEST_GUILESS_MAIN(TestOperators)
#include "TestOperators.moc"
