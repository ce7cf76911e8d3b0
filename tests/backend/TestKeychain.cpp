// The master key in the OS keychain, against a real Secret Service (gnome-keyring in a
// private D-Bus session started by tests/support/with-keyring.sh), and the refusal to use
// the keychain when there is none.
#include "TestHelpers.h"
#include "api/StoreSession.h"
#include "secrets/KeychainSecretStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run kmsctl(const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("KMSCTL"), args);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return { process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
        QString::fromUtf8(process.readAllStandardError()) };
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void masterKeyLivesInTheKeychain();
    void missingEntryRefusesToUnlock();
    void foreignEntryRefusesToUnlock();
    void kmsctlUnlocksByItself();
    void noKeychainServiceIsRefused();

private:
    KeychainSecretStore m_keychain { QStringLiteral("kms-console-test") };
};

void TestKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs a D-Bus session with a Secret Service: run through with-keyring.sh");
}

void TestKeychain::masterKeyLivesInTheKeychain()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Keychain;
    options.keychain = &m_keychain;
    auto session = StoreSession::initialise(dataDir, options);
    QVERIFY_RESULT(session);
    QCOMPARE((*session)->protection(), MasterKeyProtection::Keychain);
    const Response created = (*session)->service().call(QStringLiteral("CreateKey"),
        QJsonObject { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(created, "0");
    const QString entry = QStringLiteral("master-key/%1").arg((*session)->storeUuid());
    auto stored = m_keychain.readSecret(entry);
    QVERIFY_RESULT(stored);
    QVERIFY(stored->equals((*session)->masterKey().bytes()));
    session->reset();

    // The store opens locked and unlocks from the keychain alone.
    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    QVERIFY(!(*reopened)->isUnlocked());
    QVERIFY_RESULT((*reopened)->unlockWithKeychain(m_keychain));
    QCOMPARE_CODE((*reopened)->service().call(QStringLiteral("ListKeys"), QJsonObject()), "0");
    // The database never holds the master key.
    QFile db(StoreSession::databasePath(dataDir));
    QVERIFY(db.open(QIODevice::ReadOnly));
    const QByteArray raw(reinterpret_cast<const char *>((*reopened)->masterKey().bytes().data()),
        (*reopened)->masterKey().bytes().intSize());
    QVERIFY(!db.readAll().contains(raw));
    QVERIFY_RESULT(m_keychain.deleteSecret(entry));
}

void TestKeychain::missingEntryRefusesToUnlock()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    StoreSession::InitOptions options;
    options.keychain = &m_keychain;
    auto session = StoreSession::initialise(dataDir, options);
    QVERIFY_RESULT(session);
    QVERIFY_RESULT(
        m_keychain.deleteSecret(QStringLiteral("master-key/%1").arg((*session)->storeUuid())));
    session->reset();

    const QByteArray before = fileHash(StoreSession::databasePath(dataDir));
    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    const Result<void> unlocked = (*reopened)->unlockWithKeychain(m_keychain);
    QVERIFY(!unlocked.ok());
    QCOMPARE(unlocked.error().code(), QStringLiteral("KMS.0503"));
    QVERIFY2(unlocked.error().detail().contains(QLatin1String("no entry")),
        qPrintable(unlocked.error().detail()));
    QVERIFY(!(*reopened)->isUnlocked());
    reopened->reset();
    QCOMPARE(fileHash(StoreSession::databasePath(dataDir)), before);
}

void TestKeychain::foreignEntryRefusesToUnlock()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    StoreSession::InitOptions options;
    options.keychain = &m_keychain;
    auto session = StoreSession::initialise(dataDir, options);
    QVERIFY_RESULT(session);
    const QString entry = QStringLiteral("master-key/%1").arg((*session)->storeUuid());
    session->reset();
    // Another 256-bit key under this store's entry (say, restored from another machine).
    auto other = MasterKey::generate();
    QVERIFY_RESULT(other);
    QVERIFY_RESULT(m_keychain.writeSecret(entry, other->bytes()));

    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    const Result<void> unlocked = (*reopened)->unlockWithKeychain(m_keychain);
    QVERIFY(!unlocked.ok());
    QCOMPARE(unlocked.error().code(), QStringLiteral("KMS.0503"));
    QVERIFY(unlocked.error().detail().contains(QLatin1String("not hold this store's master key")));
    QVERIFY(!(*reopened)->isUnlocked());
    QVERIFY_RESULT(m_keychain.deleteSecret(entry));
}

void TestKeychain::kmsctlUnlocksByItself()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    Run run = kmsctl({ QStringLiteral("--data-dir"), dataDir, QStringLiteral("init"),
        QStringLiteral("--keychain") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = kmsctl({ QStringLiteral("--data-dir"), dataDir, QStringLiteral("call"),
        QStringLiteral("CreateKey"),
        QStringLiteral(R"({"regionId":"local-1","keySpec":"SM4_128",)"
                       R"("keyUsage":"ENCRYPT/DECRYPT","protectionLevel":"SOFTWARE"})") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY(run.out.contains(QLatin1String("\"code\": \"0\"")));
    run = kmsctl({ QStringLiteral("--data-dir"), dataDir, QStringLiteral("audit"),
        QStringLiteral("verify") });
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
}

void TestKeychain::noKeychainServiceIsRefused()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
        QStringLiteral("unix:path=%1").arg(dir.filePath(QStringLiteral("no-bus"))));
    const Run run = kmsctl({ QStringLiteral("--data-dir"), dataDir, QStringLiteral("init"),
                               QStringLiteral("--keychain") },
        env);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(
        run.err.contains(QLatin1String("KMS.0503")) && run.err.contains(QLatin1String("keychain")),
        qPrintable(run.err));
    // Nothing was left behind: the folder can still be initialised another way.
    QVERIFY(!QFile::exists(StoreSession::databasePath(dataDir)));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "TestKeychain.moc"
