// Custodian shares of the master key (M of N, libgfshare): any M unlock, M-1 do not, a
// mistyped or foreign share is caught by its checksum, re-keying gives new shares for the
// same keys and retires the old ones, and no share ever reaches the store file. kmsctl
// initialises, unlocks and re-keys such a store from share files.
#include "TestHelpers.h"
#include "crypto/CustodianShares.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::test::readFile;
using kms::test::runProcess;
using kms::test::writeFile;

namespace {

// Every way of choosing k of the indexes 0..n-1.
QList<QList<int>> combinations(int n, int k)
{
    QList<QList<int>> all;
    QList<int> current;
    std::function<void(int)> pick = [&](int from) {
        if (current.size() == k) {
            all.append(current);
            return;
        }
        for (int i = from; i < n; ++i) {
            current.append(i);
            pick(i + 1);
            current.removeLast();
        }
    };
    pick(0);
    return all;
}

QStringList choose(const QStringList &shares, const QList<int> &indexes)
{
    QStringList chosen;
    for (int i : indexes)
        chosen.append(shares.at(i));
    return chosen;
}

} // namespace

class TestCustodians : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void anyThresholdOfSharesUnlocks();
    void fewerSharesDoNotUnlock();
    void badSharesAreCaughtByTheirChecksum();
    void sharesTypedBackLooselyAreAccepted();
    void rekeyKeepsTheKeysAndRetiresOldShares();
    void policyLimits();
    void sharesNeverReachTheStoreFile();
    void kmsctlInitUnlockAndRekey();

private:
    // A 3-of-5 store with one key and a ciphertext of it.
    void makeStore();
    std::unique_ptr<StoreSession> reopen();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QStringList m_shares;
    QString m_keyId;
    QJsonValue m_blob;
};

void TestCustodians::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_dataDir = m_dir->filePath(QStringLiteral("data"));
    m_shares.clear();
}

void TestCustodians::makeStore()
{
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Custodians;
    options.custodianThreshold = 3;
    options.custodianCount = 5;
    options.shares = &m_shares;
    auto session = StoreSession::initialise(m_dataDir, options);
    QVERIFY_RESULT(session);
    QCOMPARE(m_shares.size(), 5);
    const Response created = (*session)->service().call(QStringLiteral("CreateKey"),
        QJsonObject { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(created, "0");
    m_keyId = created.data.value(QStringLiteral("keyMetadata"))
                  .toObject()
                  .value(QStringLiteral("cmkUuid"))
                  .toString();
    const Response sealed = (*session)->service().call(QStringLiteral("Encrypt"),
        QJsonObject { { QStringLiteral("cmkUuid"), m_keyId },
            { QStringLiteral("plaintext"), QStringLiteral("c2VjcmV0") } });
    QCOMPARE_CODE(sealed, "0");
    m_blob = sealed.data.value(QStringLiteral("ciphertextBlob"));
}

std::unique_ptr<StoreSession> TestCustodians::reopen()
{
    auto session = StoreSession::open(m_dataDir);
    return session ? std::move(*session) : nullptr;
}

void TestCustodians::anyThresholdOfSharesUnlocks()
{
    makeStore();
    const auto all = combinations(5, 3);
    QCOMPARE(all.size(), 10);
    for (const QList<int> &indexes : all) {
        auto session = reopen();
        QVERIFY(session);
        QVERIFY_RESULT(session->unlockWithShares(choose(m_shares, indexes)));
        const Response opened = session->service().call(QStringLiteral("Decrypt"),
            QJsonObject { { QStringLiteral("ciphertextBlob"), m_blob } });
        QCOMPARE_CODE(opened, "0");
        QCOMPARE(
            opened.data.value(QStringLiteral("plaintext")).toString(), QStringLiteral("c2VjcmV0"));
    }
    // More than M shares work too.
    auto session = reopen();
    QVERIFY_RESULT(session->unlockWithShares(m_shares));
}

void TestCustodians::fewerSharesDoNotUnlock()
{
    makeStore();
    for (const QList<int> &indexes : combinations(5, 2)) {
        auto session = reopen();
        const auto refused = session->unlockWithShares(choose(m_shares, indexes));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), QStringLiteral("KMS.0401"));
        QVERIFY(!session->isUnlocked());
    }
    // The same share three times is one share.
    auto session = reopen();
    const auto repeated
        = session->unlockWithShares({ m_shares.at(0), m_shares.at(0), m_shares.at(1) });
    QVERIFY(!repeated);
    QVERIFY(repeated.error().detail().contains(QLatin1String("repeats")));
}

void TestCustodians::badSharesAreCaughtByTheirChecksum()
{
    makeStore();
    // One digit mistyped in the share itself.
    QString mistyped = m_shares.at(1);
    const qsizetype at = mistyped.indexOf(QLatin1Char('-'), 20) + 5;
    mistyped[at] = mistyped.at(at) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    auto session = reopen();
    auto refused = session->unlockWithShares({ m_shares.at(0), mistyped, m_shares.at(2) });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0401"));
    QVERIFY2(refused.error().detail().contains(QLatin1String("share 2 fails its checksum")),
        qPrintable(refused.error().detail()));
    // A share of another store (same policy) fails its checksum the same way.
    QStringList other;
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Custodians;
    options.custodianThreshold = 3;
    options.custodianCount = 5;
    options.shares = &other;
    QVERIFY_RESULT(StoreSession::initialise(m_dir->filePath(QStringLiteral("other")), options));
    refused = session->unlockWithShares({ m_shares.at(0), m_shares.at(1), other.at(2) });
    QVERIFY(!refused);
    QVERIFY(refused.error().detail().contains(QLatin1String("share 3 fails its checksum")));
    // Garbage.
    refused
        = session->unlockWithShares({ m_shares.at(0), m_shares.at(1), QStringLiteral("hello") });
    QVERIFY(refused.error().detail().contains(QLatin1String("share 3 is not a share")));
    QVERIFY(!session->isUnlocked());
}

void TestCustodians::sharesTypedBackLooselyAreAccepted()
{
    makeStore();
    QStringList typed;
    for (int i = 0; i < 3; ++i)
        typed.append(crypto::formatShareForPrinting(m_shares.at(i)).toLower());
    QVERIFY(typed.first().contains(QLatin1Char('\n')));
    auto session = reopen();
    QVERIFY_RESULT(session->unlockWithShares(typed));
}

void TestCustodians::rekeyKeepsTheKeysAndRetiresOldShares()
{
    makeStore();
    auto session = reopen();
    auto fresh = session->rekeyCustodians(m_shares.mid(1, 3), 2, 3);
    QVERIFY_RESULT(fresh);
    QCOMPARE(fresh->size(), 3);
    session.reset();

    session = reopen();
    QCOMPARE(session->custodianThreshold(), 2);
    const auto old = session->unlockWithShares(m_shares.mid(0, 3));
    QVERIFY(!old);
    QVERIFY(old.error().detail().contains(QLatin1String("another split")));
    QVERIFY_RESULT(session->unlockWithShares(fresh->mid(1, 2)));
    // The same master key: the keys and what they encrypted are untouched.
    const Response opened = session->service().call(
        QStringLiteral("Decrypt"), QJsonObject { { QStringLiteral("ciphertextBlob"), m_blob } });
    QCOMPARE_CODE(opened, "0");
    // Re-keying needs the current shares.
    const auto refused = session->rekeyCustodians(m_shares.mid(0, 3), 3, 5);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), QStringLiteral("KMS.0401"));
}

void TestCustodians::policyLimits()
{
    for (const auto &[m, n] : { std::pair { 1, 3 }, std::pair { 4, 3 }, std::pair { 2, 17 } }) {
        StoreSession::InitOptions options;
        options.protection = MasterKeyProtection::Custodians;
        options.custodianThreshold = m;
        options.custodianCount = n;
        const QString dir = m_dir->filePath(QStringLiteral("policy-%1-%2").arg(m).arg(n));
        auto session = StoreSession::initialise(dir, options);
        QVERIFY(!session);
        QCOMPARE(session.error().code(), QStringLiteral("KMS.0128"));
        QVERIFY(!StoreSession::isInitialised(dir));
    }
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Custodians;
    options.custodianThreshold = 16;
    options.custodianCount = 16;
    QStringList shares;
    options.shares = &shares;
    QVERIFY_RESULT(StoreSession::initialise(m_dir->filePath(QStringLiteral("sixteen")), options));
    QCOMPARE(shares.size(), 16);
}

void TestCustodians::sharesNeverReachTheStoreFile()
{
    makeStore();
    QByteArray files;
    for (const QString &name : QDir(m_dataDir).entryList(QDir::Files))
        files += readFile(m_dataDir + QLatin1Char('/') + name);
    QVERIFY(!files.isEmpty());
    for (const QString &share : std::as_const(m_shares)) {
        const QByteArray body = share.section(QLatin1Char('-'), 4, 4).toLatin1();
        QVERIFY(!files.contains(body));
        QVERIFY(!files.contains(QByteArray::fromHex(body)));
    }
}

void TestCustodians::kmsctlInitUnlockAndRekey()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    QVERIFY2(QFile::exists(kmsctl), "KMSCTL names the kmsctl binary");
    const QStringList base { QStringLiteral("--data-dir"), m_dataDir };
    auto run = runProcess(kmsctl, base + QStringList { "init", "--custodians", "2/3" });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // The printed shares, one block each.
    QStringList shares;
    const QStringList blocks = QString::fromLatin1(run.out).split(QStringLiteral("\n\n"));
    for (const QString &block : blocks) {
        const qsizetype at = block.indexOf(QLatin1String("KMS1-"));
        if (at >= 0)
            shares.append(block.mid(at));
    }
    QCOMPARE(shares.size(), 3);
    QStringList files;
    for (int i = 0; i < 3; ++i) {
        files.append(m_dir->filePath(QStringLiteral("share-%1.txt").arg(i + 1)));
        QVERIFY(writeFile(files.last(), shares.at(i).toLatin1()));
    }
    const auto withShares = [&](const QList<int> &indexes) {
        QStringList args = base;
        for (int i : indexes)
            args << QStringLiteral("--share-file") << files.at(i);
        return args;
    };
    run = runProcess(kmsctl, withShares({ 0, 2 }) + QStringList { "unlock" });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runProcess(kmsctl, withShares({ 1 }) + QStringList { "unlock" });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("KMS.0401"));
    run = runProcess(kmsctl, base + QStringList { "status" });
    QVERIFY(run.out.contains("2 of 3 custodian shares"));
    run = runProcess(
        kmsctl, withShares({ 1, 2 }) + QStringList { "rekey-custodians", "--custodians", "3/4" });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.out.count("KMS1-"), 4);
    run = runProcess(kmsctl, withShares({ 0, 1, 2 }) + QStringList { "unlock" });
    QCOMPARE(run.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestCustodians)
#include "TestCustodians.moc"
