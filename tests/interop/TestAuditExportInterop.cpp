// Signed audit exports checked by a party no one here wrote: the `openssl` command-line tool
// verifies the Ed25519 signature of a JSON-lines and a CSV export with the published audit
// public key (the command docs/formats.md gives), and rejects the file once one byte changed.
#include "TestHelpers.h"
#include "audit/AuditExport.h"
#include "audit/AuditService.h"
#include "audit/AuditSigningKey.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

class TestAuditExportInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensslVerifiesExport_data();
    void opensslVerifiesExport();
    void csvQuotingFollowsRfc4180();

private:
    test::ProcessRun opensslVerify(const QString &pem, const QString &data, const QString &sig);
    QString m_openssl;
    QTemporaryDir m_dir;
};

void TestAuditExportInterop::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (m_openssl.isEmpty())
        QSKIP("the openssl command-line tool is not installed");
}

test::ProcessRun TestAuditExportInterop::opensslVerify(
    const QString &pem, const QString &data, const QString &sig)
{
    return test::runProcess(m_openssl,
        { QStringLiteral("pkeyutl"), QStringLiteral("-verify"), QStringLiteral("-pubin"),
            QStringLiteral("-inkey"), pem, QStringLiteral("-rawin"), QStringLiteral("-in"), data,
            QStringLiteral("-sigfile"), sig });
}

void TestAuditExportInterop::opensslVerifiesExport_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json lines") << QStringLiteral("jsonl");
    QTest::newRow("csv") << QStringLiteral("csv");
}

void TestAuditExportInterop::opensslVerifiesExport()
{
    QFETCH(QString, format);
    TestStore store;
    QVERIFY(store.isValid());
    for (int i = 0; i < 5; ++i)
        (void)store.createKey();
    (void)store.call(QStringLiteral("DescribeKey")); // a refused call

    const Response published = store.call(QStringLiteral("GetAuditPublicKey"));
    QCOMPARE_CODE(published, "0");
    AuditService audit(store.session().store(), store.session().masterKey(),
        store.session().clock(), QStringLiteral("auditor"));
    const QString data = m_dir.filePath(QStringLiteral("rows.") + format);
    const QString pem = m_dir.filePath(QStringLiteral("audit-%1.pem").arg(format));
    auto files = audit.exportToFiles({}, *AuditExport::formatFromName(format), data, pem);
    QVERIFY_RESULT(files);
    QCOMPARE(files->rows, 7); // five keys, one refusal, GetAuditPublicKey
    QCOMPARE(test::readFile(pem),
        published.data.value(QStringLiteral("publicKey")).toString().toLatin1());

    const QByteArray content = test::readFile(data);
    if (format == QLatin1String("jsonl")) {
        const QList<QByteArray> lines = content.split('\n');
        QCOMPARE(lines.size(), 8);
        QVERIFY(lines.last().isEmpty());
        const QJsonObject newest = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(newest.keys(),
            QStringList({ "action", "mac", "operator", "regionId", "requestId", "resultCode", "seq",
                "target", "time" }));
        QCOMPARE(
            newest.value(QStringLiteral("action")).toString(), QStringLiteral("GetAuditPublicKey"));
        QCOMPARE(newest.value(QStringLiteral("mac")).toString().size(), 64);
        QVERIFY(newest.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));
    }

    test::ProcessRun run = opensslVerify(pem, data, files->signaturePath);
    QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
    QVERIFY(run.out.contains("Signature Verified Successfully"));
    QVERIFY(AuditSigningKey::verify(test::readFile(pem),
        reinterpret_cast<const unsigned char *>(content.constData()), std::size_t(content.size()),
        test::readFile(files->signaturePath)));

    // One changed byte: openssl refuses.
    QByteArray changed = content;
    const qsizetype at = changed.indexOf("test-officer");
    QVERIFY(at > 0);
    changed[at] = 'T';
    const QString tampered = m_dir.filePath(QStringLiteral("tampered.") + format);
    QVERIFY(test::writeFile(tampered, changed));
    run = opensslVerify(pem, tampered, files->signaturePath);
    QVERIFY(run.exitCode != 0);
    QVERIFY(run.out.contains("Signature Verification Failure"));
}

void TestAuditExportInterop::csvQuotingFollowsRfc4180()
{
    store::AuditRecord row;
    row.seq = 7;
    row.time = QDateTime(QDate(2026, 3, 1), QTime(8, 0, 1, 250), Qt::UTC);
    row.operatorName = QStringLiteral("o'brien, \"ops\"");
    row.action = QStringLiteral("CreateAlias");
    row.target = QStringLiteral("line\nbreak");
    row.regionId = QStringLiteral("local-1");
    row.resultCode = QStringLiteral("0");
    row.requestId = QStringLiteral("r1");
    row.mac = QByteArray::fromHex("00ff");
    QCOMPARE(AuditExport::csvLine(row),
        QByteArray("7,2026-03-01T08:00:01.250Z,\"o'brien, \"\"ops\"\"\",CreateAlias,"
                   "\"line\nbreak\",local-1,0,r1,00ff\r\n"));
    QCOMPARE(AuditExport::jsonLine(row),
        QByteArray("{\"action\":\"CreateAlias\",\"mac\":\"00ff\",\"operator\":\"o'brien, "
                   "\\\"ops\\\"\",\"regionId\":\"local-1\",\"requestId\":\"r1\",\"resultCode\":"
                   "\"0\",\"seq\":7,\"target\":\"line\\nbreak\",\"time\":"
                   "\"2026-03-01T08:00:01.250Z\"}\n"));
}

QTEST_GUILESS_MAIN(TestAuditExportInterop)
#include "TestAuditExportInterop.moc"
