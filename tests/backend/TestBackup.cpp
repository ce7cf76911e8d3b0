// Backup and restore of the whole store: a backup restored into a fresh folder gives every
// key back (what they encrypted decrypts, what they signed verifies), aliases, rotation
// versions, certificates and the audit chain intact; a damaged, truncated or foreign backup,
// or the wrong unlock, restores nothing. kmsctl backs up and restores a custodians store.
#include "TestHelpers.h"
#include "api/StoreBackup.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::test::readFile;
using kms::test::runProcess;
using kms::test::TestStore;
using kms::test::writeFile;

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery");

StoreBackup::Unlock passphraseUnlock(const QString &passphrase)
{
    return [passphrase](const VaultRecord &vault) {
        const QByteArray utf8 = passphrase.toUtf8();
        return MasterKeyVault::unlockWithPassphrase(vault, test::secret(utf8.constData()));
    };
}

QString data(const Response &response, const char *object, const char *field)
{
    return response.data.value(QLatin1String(object))
        .toObject()
        .value(QLatin1String(field))
        .toString();
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void restoreGivesEverythingBack();
    void damagedBackupsRestoreNothing_data();
    void damagedBackupsRestoreNothing();
    void wrongUnlockRestoresNothing();
    void refusesAFolderWithAStore();
    void kmsctlBackupAndRestoreWithCustodians();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestStore> m_store;
    QByteArray m_backup;
    QString m_aesKey;
    QString m_rsaKey;
    QString m_rsaVersion;
    QJsonValue m_blob;
    QString m_digest;
    QJsonValue m_signature;
    int m_auditRows = 0;
};

void TestBackup::initTestCase()
{
    m_store = std::make_unique<TestStore>(kPassphrase);
    QVERIFY(m_store->isValid());
    m_aesKey = m_store->createKey();
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("cmkUuid"), m_aesKey },
                          { QStringLiteral("aliasName"), QStringLiteral("alias/payroll") } }),
        "0");
    const Response sealed = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_aesKey },
            { QStringLiteral("plaintext"), QStringLiteral("cGF5cm9sbA==") } });
    QCOMPARE_CODE(sealed, "0");
    m_blob = sealed.data.value(QStringLiteral("ciphertextBlob"));
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("RotateKey"), { { QStringLiteral("cmkUuid"), m_aesKey } }),
        "0");
    m_rsaKey = m_store->createKey(QStringLiteral("RSA_2048"), QStringLiteral("SIGN/VERIFY"));
    m_rsaVersion = data(
        m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_rsaKey } }),
        "keyMetadata", "primaryKeyVersion");
    m_digest = QString::fromLatin1(
        QCryptographicHash::hash("ceremony", QCryptographicHash::Sha256).toBase64());
    const Response signature = m_store->call(QStringLiteral("AsymmetricSign"),
        { { QStringLiteral("cmkUuid"), m_rsaKey }, { QStringLiteral("keyVersionId"), m_rsaVersion },
            { QStringLiteral("algorithm"), QStringLiteral("RSA_PSS_SHA_256") },
            { QStringLiteral("digest"), m_digest } });
    QCOMPARE_CODE(signature, "0");
    m_signature = signature.data.value(QStringLiteral("value"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateCertificate"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                          { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
                          { QStringLiteral("subject"),
                              QJsonObject { { QStringLiteral("CN"), QStringLiteral("Backup Root") },
                                  { QStringLiteral("C"), QStringLiteral("CN") },
                                  { QStringLiteral("O"), QStringLiteral("Bank") },
                                  { QStringLiteral("OU"), QStringLiteral("PKI") } } },
                          { QStringLiteral("selfSigned"), true } }),
        "0");

    QBuffer buffer(&m_backup);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY_RESULT(StoreBackup::write(m_store->session(), buffer));
    m_auditRows = int(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit")));
    QVERIFY(m_backup.size() > 1000);
    // Nothing of the store in the clear: not the key ids, not the alias.
    QVERIFY(!m_backup.contains(m_aesKey.toLatin1()));
    QVERIFY(!m_backup.contains("alias/payroll"));
}

void TestBackup::restoreGivesEverythingBack()
{
    const QString target = m_dir.filePath(QStringLiteral("restored"));
    QBuffer buffer(&m_backup);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    auto manifest = StoreBackup::readManifest(buffer);
    QVERIFY_RESULT(manifest);
    QCOMPARE(manifest->storeUuid, m_store->session().storeUuid());
    QCOMPARE(manifest->vault.protection, MasterKeyProtection::Passphrase);
    buffer.seek(0);
    QVERIFY_RESULT(StoreBackup::restore(target, buffer, passphraseUnlock(kPassphrase)));

    auto session = StoreSession::open(target);
    QVERIFY_RESULT(session);
    QCOMPARE((*session)->storeUuid(), m_store->session().storeUuid());
    QVERIFY_RESULT((*session)->unlockWithPassphrase(test::secret("correct horse battery")));
    KmsService &service = (*session)->service();
    const Response opened = service.call(
        QStringLiteral("Decrypt"), QJsonObject { { QStringLiteral("ciphertextBlob"), m_blob } });
    QCOMPARE_CODE(opened, "0");
    QCOMPARE(
        opened.data.value(QStringLiteral("plaintext")).toString(), QStringLiteral("cGF5cm9sbA=="));
    const Response verified = service.call(QStringLiteral("AsymmetricVerify"),
        QJsonObject { { QStringLiteral("cmkUuid"), m_rsaKey },
            { QStringLiteral("keyVersionId"), m_rsaVersion },
            { QStringLiteral("algorithm"), QStringLiteral("RSA_PSS_SHA_256") },
            { QStringLiteral("digest"), m_digest }, { QStringLiteral("value"), m_signature } });
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());
    QCOMPARE(
        data(service.call(QStringLiteral("DescribeKey"),
                 QJsonObject { { QStringLiteral("cmkUuid"), QStringLiteral("alias/payroll") } }),
            "keyMetadata", "cmkUuid"),
        m_aesKey);
    QCOMPARE(service
                 .call(QStringLiteral("ListKeyVersions"),
                     QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey } })
                 .data.value(QStringLiteral("totalCount"))
                 .toInt(),
        2);
    QCOMPARE(service.call(QStringLiteral("ListCertificates"), QJsonObject {})
                 .data.value(QStringLiteral("totalCount"))
                 .toInt(),
        1);
    // The audit chain came along and still verifies (with the calls just made).
    const auto verdict = service.auditLog().verify((*session)->store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
    QVERIFY(verdict->rowsChecked > m_auditRows);
}

void TestBackup::damagedBackupsRestoreNothing_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("a flipped bit in the data") << "flip-body";
    QTest::newRow("a flipped bit in the manifest") << "flip-header";
    QTest::newRow("cut short") << "truncate";
    QTest::newRow("not a backup") << "garbage";
}

void TestBackup::damagedBackupsRestoreNothing()
{
    QFETCH(QString, damage);
    QByteArray bytes = m_backup;
    if (damage == QLatin1String("flip-body"))
        bytes[bytes.size() - 100] = char(bytes.at(bytes.size() - 100) ^ 0x01);
    else if (damage == QLatin1String("flip-header"))
        bytes[60] = char(bytes.at(60) ^ 0x01);
    else if (damage == QLatin1String("truncate"))
        bytes.chop(17);
    else
        bytes = QByteArray(4096, 'x');
    const QString target = m_dir.filePath(QStringLiteral("damaged-") + damage);
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto restored = StoreBackup::restore(target, buffer, passphraseUnlock(kPassphrase));
    QVERIFY(!restored);
    QCOMPARE(restored.error().code(), QStringLiteral("KMS.0219"));
    QVERIFY(!QFileInfo::exists(target));
}

void TestBackup::wrongUnlockRestoresNothing()
{
    const QString target = m_dir.filePath(QStringLiteral("wrong-passphrase"));
    QBuffer buffer(&m_backup);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto restored
        = StoreBackup::restore(target, buffer, passphraseUnlock(QStringLiteral("wrong")));
    QVERIFY(!restored);
    QCOMPARE(restored.error().code(), QStringLiteral("KMS.0401"));
    QVERIFY(!QFileInfo::exists(target));
}

void TestBackup::refusesAFolderWithAStore()
{
    QBuffer buffer(&m_backup);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const QString before = m_store->snapshot();
    const auto restored
        = StoreBackup::restore(m_store->dataDir(), buffer, passphraseUnlock(kPassphrase));
    QVERIFY(!restored);
    QCOMPARE(restored.error().code(), QStringLiteral("KMS.0503"));
    QCOMPARE(m_store->snapshot(), before);
}

void TestBackup::kmsctlBackupAndRestoreWithCustodians()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    QVERIFY2(QFile::exists(kmsctl), "KMSCTL names the kmsctl binary");
    const QString original = m_dir.filePath(QStringLiteral("ceremony"));
    auto run = runProcess(kmsctl,
        { QStringLiteral("--data-dir"), original, QStringLiteral("init"),
            QStringLiteral("--custodians"), QStringLiteral("2/3") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QStringList files;
    for (const QString &block : QString::fromLatin1(run.out).split(QStringLiteral("\n\n"))) {
        const qsizetype at = block.indexOf(QLatin1String("KMS1-"));
        if (at < 0)
            continue;
        files.append(m_dir.filePath(QStringLiteral("custodian-%1.txt").arg(files.size() + 1)));
        QVERIFY(writeFile(files.last(), block.mid(at).toLatin1()));
    }
    QCOMPARE(files.size(), 3);
    const auto withShares = [&](const QString &dataDir, int first, int second) {
        return QStringList { QStringLiteral("--data-dir"), dataDir, QStringLiteral("--share-file"),
            files.at(first), QStringLiteral("--share-file"), files.at(second) };
    };
    run = runProcess(kmsctl,
        withShares(original, 0, 1)
            + QStringList { "call", "CreateKey",
                "{\"regionId\":\"local-1\",\"keySpec\":\"SM4_128\",\"keyUsage\":\"ENCRYPT/"
                "DECRYPT\","
                "\"protectionLevel\":\"SOFTWARE\"}" });
    QCOMPARE(run.exitCode, 0);
    const QString key = QJsonDocument::fromJson(run.out)
                            .object()
                            .value(QStringLiteral("data"))
                            .toObject()
                            .value(QStringLiteral("keyMetadata"))
                            .toObject()
                            .value(QStringLiteral("cmkUuid"))
                            .toString();
    run = runProcess(kmsctl,
        withShares(original, 0, 1)
            + QStringList { "call", "Encrypt",
                QStringLiteral("{\"cmkUuid\":\"%1\",\"plaintext\":\"c20=\"}").arg(key) });
    QCOMPARE(run.exitCode, 0);
    const QString blob = QJsonDocument::fromJson(run.out)
                             .object()
                             .value(QStringLiteral("data"))
                             .toObject()
                             .value(QStringLiteral("ciphertextBlob"))
                             .toString();
    const QString backupFile = m_dir.filePath(QStringLiteral("ceremony.kmsbackup"));
    run = runProcess(kmsctl,
        withShares(original, 1, 2)
            + QStringList { QStringLiteral("backup"), QStringLiteral("--out"), backupFile });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(
        QFileInfo(backupFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
        QFileDevice::Permissions());

    // Another machine: an empty folder, the same custodians (another pair of them).
    const QString elsewhere = m_dir.filePath(QStringLiteral("elsewhere"));
    run = runProcess(kmsctl,
        withShares(elsewhere, 0, 2)
            + QStringList { QStringLiteral("restore"), QStringLiteral("--in"), backupFile });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runProcess(kmsctl,
        withShares(elsewhere, 2, 1)
            + QStringList {
                "call", "Decrypt", QStringLiteral("{\"ciphertextBlob\":\"%1\"}").arg(blob) });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out)
                 .object()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("plaintext"))
                 .toString(),
        QStringLiteral("c20="));
    run = runProcess(kmsctl, withShares(elsewhere, 0, 1) + QStringList { "audit", "verify" });
    QVERIFY2(run.exitCode == 0, run.out.constData());
    // One custodian alone restores nothing.
    const QString alone = m_dir.filePath(QStringLiteral("alone"));
    run = runProcess(kmsctl,
        { QStringLiteral("--data-dir"), alone, QStringLiteral("--share-file"), files.at(0),
            QStringLiteral("restore"), QStringLiteral("--in"), backupFile });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(!QFileInfo::exists(alone));
}

QTEST_GUILESS_MAIN(TestBackup)
#include "TestBackup.moc"
