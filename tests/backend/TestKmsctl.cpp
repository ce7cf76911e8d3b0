// kmsctl as a user runs it: a real child process over a real data folder. Exit codes
// 0 / 1 / 2, the response envelope, passphrases from a file, audit verification.
#include "TestHelpers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestKmsctl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void callPrintsTheEnvelope();
    void kmsErrorsExitOne();
    void requestFromStandardInput();
    void wrongPassphraseFileIsRefused();
    void auditVerifyFindsTampering();
    void regionsAndConfig();
    void jobsListAndRun();
    void passphraseNeverOnTheCommandLine();
    void speaksChinese();

private:
    Run kmsctl(const QStringList &args, const QByteArray &input = {},
        const QString &language = QStringLiteral("C"));
    QTemporaryDir m_dir;
    QString m_dataDir;
    QString m_passFile;
};

Run TestKmsctl::kmsctl(const QStringList &args, const QByteArray &input, const QString &language)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANG"), language + QStringLiteral(".UTF-8"));
    env.insert(QStringLiteral("LANGUAGE"), language);
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("KMSCTL"), args);
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return { process.exitCode(), process.readAllStandardOutput(),
        QString::fromUtf8(process.readAllStandardError()) };
}

void TestKmsctl::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("KMSCTL")), "KMSCTL names the kmsctl binary");
    m_dataDir = m_dir.filePath(QStringLiteral("data"));
    m_passFile = m_dir.filePath(QStringLiteral("pass"));
    QFile pass(m_passFile);
    QVERIFY(pass.open(QIODevice::WriteOnly));
    pass.write("ceremony passphrase\n");
    pass.close();
    const Run run
        = kmsctl({ QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"),
            m_passFile, QStringLiteral("init"), QStringLiteral("--argon2-memory-kib"),
            QStringLiteral("8192"), QStringLiteral("--argon2-iterations"), QStringLiteral("1") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(QFile::exists(StoreSession::databasePath(m_dataDir)));
    QCOMPARE(QFileInfo(m_dataDir).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
        QFileDevice::Permissions());
}

void TestKmsctl::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no command") << QStringList();
    QTest::newRow("unknown command") << QStringList { "frobnicate" };
    QTest::newRow("unknown action") << QStringList { "call", "MakeCoffee" };
    QTest::newRow("call without action") << QStringList { "call" };
    QTest::newRow("init twice modes") << QStringList { "init", "--keychain", "--passphrase" };
    QTest::newRow("option without value") << QStringList { "call", "ListKeys", "--operator" };
    QTest::newRow("audit without verb") << QStringList { "audit" };
    QTest::newRow("jobs without verb") << QStringList { "jobs" };
    QTest::newRow("jobs run with a bad limit") << QStringList { "jobs", "run", "--limit", "many" };
    QTest::newRow("jobs list with a stray word") << QStringList { "jobs", "list", "everything" };
}

void TestKmsctl::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    // "no command" prints the usage on stdout and succeeds; everything else is an error.
    const Run run = kmsctl(QStringList { QStringLiteral("--data-dir"), m_dataDir } + args);
    QCOMPARE(run.exitCode, args.isEmpty() ? 0 : 2);
    QVERIFY(run.out.contains("Usage") || run.err.contains(QLatin1String("Usage")));
}

void TestKmsctl::callPrintsTheEnvelope()
{
    Run run = kmsctl({ QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"),
        m_passFile, QStringLiteral("call"), QStringLiteral("CreateKey"),
        QStringLiteral(R"({"regionId":"local-1","keySpec":"EC_SM2","keyUsage":"SIGN/VERIFY",)"
                       R"("protectionLevel":"SOFTWARE","description":"根 CA"})") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + QString::fromUtf8(run.out)));
    QJsonObject envelope = run.json();
    QCOMPARE(envelope.value(QStringLiteral("code")).toString(), QStringLiteral("0"));
    QCOMPARE(envelope.value(QStringLiteral("httpStatus")).toInt(), 200);
    QCOMPARE(envelope.value(QStringLiteral("message")).toString(), QStringLiteral("成功"));
    QCOMPARE(envelope.value(QStringLiteral("messageZh")).toString(), QStringLiteral("成功操作"));
    QVERIFY(!envelope.value(QStringLiteral("requestId")).toString().isEmpty());
    const QJsonObject key = envelope.value(QStringLiteral("data"))
                                .toObject()
                                .value(QStringLiteral("keyMetadata"))
                                .toObject();
    QCOMPARE(key.value(QStringLiteral("description")).toString(), QStringLiteral("根 CA"));

    run = kmsctl({ QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"),
        m_passFile, QStringLiteral("call"), QStringLiteral("ListKeys") });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("totalCount"))
                 .toInt(),
        1);
}

void TestKmsctl::kmsErrorsExitOne()
{
    const Run run = kmsctl({ QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), m_passFile, QStringLiteral("call"),
        QStringLiteral("DescribeKey"), QStringLiteral(R"({"cmkUuid":"alias/none"})") });
    QCOMPARE(run.exitCode, 1);
    const QJsonObject envelope = run.json();
    QCOMPARE(envelope.value(QStringLiteral("code")).toString(), QStringLiteral("KMS.0301"));
    QCOMPARE(envelope.value(QStringLiteral("httpStatus")).toInt(), 404);
    QCOMPARE(envelope.value(QStringLiteral("message")).toString(),
        QStringLiteral("The CMK does not exist or has been deleted"));
    QCOMPARE(envelope.value(QStringLiteral("messageZh")).toString(),
        QStringLiteral("密钥不存在或已删除"));
    QVERIFY(envelope.contains(QStringLiteral("detail")));

    const Run illegal = kmsctl(
        { QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"), m_passFile,
            QStringLiteral("call"), QStringLiteral("ListKeys"), QStringLiteral("{not json") });
    QCOMPARE(illegal.exitCode, 1);
    QCOMPARE(illegal.json().value(QStringLiteral("code")).toString(), QStringLiteral("KMS.0128"));
}

void TestKmsctl::requestFromStandardInput()
{
    const Run run = kmsctl(
        { QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--passphrase-file"), m_passFile,
            QStringLiteral("call"), QStringLiteral("GetDefaultKey"), QStringLiteral("-") },
        R"({"regionId":"local-1","product":"obs"})");
    QVERIFY2(run.exitCode == 0, qPrintable(QString::fromUtf8(run.out)));
    QCOMPARE(run.json()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("aliases"))
                 .toArray()
                 .first()
                 .toString(),
        QStringLiteral("alias/acs/obs"));
}

void TestKmsctl::wrongPassphraseFileIsRefused()
{
    const QString wrong = m_dir.filePath(QStringLiteral("wrong"));
    QFile file(wrong);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not the passphrase\n");
    file.close();
    const Run run = kmsctl({ QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), wrong, QStringLiteral("unlock") });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QLatin1String("KMS.0401"))
            && run.err.contains(QLatin1String("wrong passphrase")),
        qPrintable(run.err));
    // Without a terminal and without a file there is nobody to ask.
    const Run noTty = kmsctl({ QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("unlock") });
    QCOMPARE(noTty.exitCode, 1);
    QVERIFY(noTty.err.contains(QLatin1String("--passphrase-file")));
    const Run ok = kmsctl({ QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), m_passFile, QStringLiteral("unlock") });
    QCOMPARE(ok.exitCode, 0);
}

void TestKmsctl::auditVerifyFindsTampering()
{
    const QStringList verify { QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), m_passFile, QStringLiteral("audit"),
        QStringLiteral("verify") };
    Run run = kmsctl(verify);
    QVERIFY2(run.exitCode == 0, qPrintable(QString::fromUtf8(run.out) + run.err));
    QVERIFY(run.out.contains("intact"));
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(StoreSession::databasePath(m_dataDir));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("UPDATE audit SET action = 'DisableKey' WHERE seq = 2")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    run = kmsctl(verify);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("BROKEN at row 2"), run.out.constData());
}

void TestKmsctl::regionsAndConfig()
{
    const QStringList base { QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), m_passFile };
    QCOMPARE(
        kmsctl(base + QStringList { "region", "add", "offline-ca", "ceremony room" }).exitCode, 0);
    const Run list = kmsctl(base + QStringList { "region", "list" });
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("offline-ca\tsoftware\tceremony room"));
    QCOMPARE(
        kmsctl(base + QStringList { "config", "set", "limits.maxPageSize", "10" }).exitCode, 0);
    QCOMPARE(kmsctl(base + QStringList { "config", "get", "limits.maxPageSize" }).out.trimmed(),
        QByteArray("10"));
    QCOMPARE(kmsctl(base + QStringList { "call", "ListKeys", "{\"pageSize\": 11}" })
                 .json()
                 .value(QStringLiteral("code"))
                 .toString(),
        QStringLiteral("KMS.0130"));
    QCOMPARE(
        kmsctl(base + QStringList { "config", "set", "limits.maxPageSize", "-3" }).exitCode, 1);
    QCOMPARE(kmsctl(base + QStringList { "config", "set", "no.such.setting", "1" }).exitCode, 2);
    QCOMPARE(
        kmsctl(base + QStringList { "config", "set", "limits.maxPageSize", "100" }).exitCode, 0);
}

void TestKmsctl::jobsListAndRun()
{
    const QStringList base { QStringLiteral("--data-dir"), m_dataDir,
        QStringLiteral("--passphrase-file"), m_passFile };
    const Run created = kmsctl(base
        + QStringList { "call", "CreateKey",
            "{\"regionId\":\"local-1\",\"keySpec\":\"AES_256\",\"keyUsage\":\"ENCRYPT/DECRYPT\","
            "\"protectionLevel\":\"SOFTWARE\"}" });
    QCOMPARE(created.exitCode, 0);
    const QString id = created.json()
                           .value(QStringLiteral("data"))
                           .toObject()
                           .value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    QCOMPARE(kmsctl(base
                 + QStringList { "call", "ScheduleKeyDeletion",
                     QStringLiteral("{\"cmkUuid\":\"%1\",\"pendingWindowInDays\":7}").arg(id) })
                 .exitCode,
        0);
    const Run listed = kmsctl(base + QStringList { "jobs", "list", "--state", "PENDING" });
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains(QStringLiteral("\tDELETE\t%1\tPENDING\t").arg(id).toUtf8()));
    // Nothing is due for a week: the run does nothing and succeeds.
    const Run ran = kmsctl(base + QStringList { "jobs", "run" });
    QCOMPARE(ran.exitCode, 0);
    QVERIFY(ran.out.contains("Jobs: 0 done, 0 skipped, 0 failed."));
    QCOMPARE(kmsctl(base
                 + QStringList { "call", "CancelKeyDeletion",
                     QStringLiteral("{\"cmkUuid\":\"%1\"}").arg(id) })
                 .exitCode,
        0);
    QVERIFY(kmsctl(base + QStringList { "jobs", "list", "--state", "CANCELLED" })
                .out.contains(id.toUtf8()));
}

void TestKmsctl::passphraseNeverOnTheCommandLine()
{
    // There is no option that takes the passphrase itself.
    const Run run = kmsctl({ QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("other")),
        QStringLiteral("init"), QStringLiteral("--passphrase"), QStringLiteral("secret") });
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!QFile::exists(StoreSession::databasePath(m_dir.filePath(QStringLiteral("other")))));
}

void TestKmsctl::speaksChinese()
{
    // The translation compiled from translations/kms_zh_CN.ts is used in a Chinese locale;
    // the envelope keeps both catalog texts whatever the locale.
    const Run usage = kmsctl({}, {}, QStringLiteral("zh_CN"));
    QCOMPARE(usage.exitCode, 0);
    QVERIFY(QString::fromUtf8(usage.out).contains(QStringLiteral("用法：kmsctl")));
    const Run status = kmsctl({ QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("status") },
        {}, QStringLiteral("zh_CN"));
    QCOMPARE(status.exitCode, 0);
    QVERIFY(QString::fromUtf8(status.out).contains(QStringLiteral("根密钥由口令保护")));
}

QTEST_GUILESS_MAIN(TestKmsctl)
#include "TestKmsctl.moc"
