// The passphrase-protected master key: Argon2id parameters recorded in the store, a wrong
// passphrase refused without changing anything, and a damaged record refused.
#include "TestHelpers.h"
#include "secrets/MasterKeyVault.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace kms;
using kms::test::secret;
using kms::test::TestStore;

namespace {
QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}
} // namespace

class TestMasterKeyVault : public QObject
{
    Q_OBJECT

private slots:
    void parametersAreRecorded();
    void rightPassphraseUnlocks();
    void wrongPassphraseChangesNothing();
    void recordRoundTrip();
    void damagedRecordRefused();
    void wrappedKeyIsBoundToItsStore();
    void initialiseRefusesAnExistingStore();
    void emptyPassphraseRefused();
};

void TestMasterKeyVault::parametersAreRecorded()
{
    TestStore store;
    QVERIFY(store.isValid());
    auto json = store.session().store().meta(QStringLiteral("vault"));
    QVERIFY_RESULT(json);
    QVERIFY(json->has_value());
    const QJsonObject vault = QJsonDocument::fromJson(**json).object();
    QCOMPARE(vault.value(QStringLiteral("protection")).toString(), QStringLiteral("passphrase"));
    const QJsonObject argon2 = vault.value(QStringLiteral("argon2id")).toObject();
    QVERIFY(!argon2.isEmpty());
    auto params = Argon2Params::fromJson(argon2);
    QVERIFY(params.has_value());
    QCOMPARE(params->memoryKiB, kms::test::fastArgon2().memoryKiB);
    QCOMPARE(params->timeCost, 1u);
    QCOMPARE(params->salt.size(), 16);
    QVERIFY(!vault.value(QStringLiteral("wrappedMasterKey")).toString().isEmpty());
}

void TestMasterKeyVault::rightPassphraseUnlocks()
{
    TestStore store(QStringLiteral("密码 with spaces"));
    const QString id = store.createKey();
    store.reopen(QStringLiteral("密码 with spaces"));
    QVERIFY(store.isValid());
    QCOMPARE_CODE(
        store.call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } }), "0");
}

void TestMasterKeyVault::wrongPassphraseChangesNothing()
{
    TestStore store(QStringLiteral("right passphrase"));
    QVERIFY(!store.createKey().isEmpty());
    store.close();
    const QByteArray before = fileHash(store.databasePath());

    auto session = StoreSession::open(store.dataDir());
    QVERIFY_RESULT(session);
    for (const char *wrong : { "wrong passphrase", "right passphras", "right passphrase ", "x" }) {
        const Result<void> unlocked = (*session)->unlockWithPassphrase(secret(wrong));
        QVERIFY(!unlocked.ok());
        QCOMPARE(unlocked.error().code(), QStringLiteral("KMS.0401"));
        QCOMPARE(unlocked.error().detail(), QStringLiteral("wrong passphrase"));
        QVERIFY(!(*session)->isUnlocked());
    }
    session->reset();
    QCOMPARE(fileHash(store.databasePath()), before);
    // Retrying with the right one works (and that unlock is audited: the file changes then).
    session = StoreSession::open(store.dataDir());
    QVERIFY_RESULT(session);
    QVERIFY_RESULT((*session)->unlockWithPassphrase(secret("right passphrase")));
    QVERIFY((*session)->isUnlocked());
}

void TestMasterKeyVault::recordRoundTrip()
{
    auto created = MasterKeyVault::createWithPassphrase(
        secret("pass"), QStringLiteral("store-1"), kms::test::fastArgon2());
    QVERIFY_RESULT(created);
    const auto parsed = VaultRecord::fromJson(created->record.toJson());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->storeUuid, QStringLiteral("store-1"));
    QCOMPARE(parsed->wrappedMasterKey, created->record.wrappedMasterKey);
    QCOMPARE(parsed->keyCheck, created->record.keyCheck);
    auto unlocked = MasterKeyVault::unlockWithPassphrase(*parsed, secret("pass"));
    QVERIFY_RESULT(unlocked);
    QVERIFY(unlocked->bytes().equals(created->masterKey.bytes()));
}

void TestMasterKeyVault::damagedRecordRefused()
{
    TestStore store;
    store.close();
    QVERIFY(store.exec(QStringLiteral("UPDATE meta SET value = '{\"protection\":\"passphrase\"}' "
                                      "WHERE key = 'vault'")));
    auto session = StoreSession::open(store.dataDir());
    QVERIFY(!session.ok());
    QCOMPARE(session.error().code(), QStringLiteral("KMS.0503"));
    QVERIFY(session.error().detail().contains(QLatin1String("damaged")));
}

void TestMasterKeyVault::wrappedKeyIsBoundToItsStore()
{
    auto created = MasterKeyVault::createWithPassphrase(
        secret("pass"), QStringLiteral("store-1"), kms::test::fastArgon2());
    QVERIFY_RESULT(created);
    VaultRecord moved = created->record;
    moved.storeUuid = QStringLiteral("store-2"); // the record copied into another store
    auto unlocked = MasterKeyVault::unlockWithPassphrase(moved, secret("pass"));
    QVERIFY(!unlocked.ok());
    QCOMPARE(unlocked.error().code(), QStringLiteral("KMS.0401"));
}

void TestMasterKeyVault::initialiseRefusesAnExistingStore()
{
    TestStore store;
    const SecureBytes pass = secret("another");
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Passphrase;
    options.passphrase = &pass;
    options.argon2 = kms::test::fastArgon2();
    const QByteArray before = store.snapshot().toUtf8();
    auto again = StoreSession::initialise(store.dataDir(), options);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code(), QStringLiteral("KMS.0503"));
    QCOMPARE(store.snapshot().toUtf8(), before);
}

void TestMasterKeyVault::emptyPassphraseRefused()
{
    QTemporaryDir dir;
    const SecureBytes empty;
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Passphrase;
    options.passphrase = &empty;
    auto session = StoreSession::initialise(dir.filePath(QStringLiteral("data")), options);
    QVERIFY(!session.ok());
    QCOMPARE(session.error().code(), QStringLiteral("KMS.0101"));
    QVERIFY(!QFile::exists(StoreSession::databasePath(dir.filePath(QStringLiteral("data")))));
}

QTEST_GUILESS_MAIN(TestMasterKeyVault)
#include "TestMasterKeyVault.moc"
