// Tampering with a real store file the way an intruder with shell access would, with the
// `sqlite3` command-line tool, caught and named by `kmsctl audit verify` (exit 1, the verdict
// with the first bad row on stderr), plus kmsctl's audit export, head and public-key.
#include "TestHelpers.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

class TestAuditTampering : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tampering_data();
    void tampering();
    void exportHeadAndPublicKey();

private:
    struct Chain
    {
        std::unique_ptr<TestStore> store;
        QString passFile;
        qint64 last = 0;
    };
    Chain makeChain();
    test::ProcessRun kmsctl(const Chain &chain, const QStringList &args);

    QString m_sqlite3;
    QString m_kmsctl;
    QTemporaryDir m_dir;
};

void TestAuditTampering::initTestCase()
{
    m_sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (m_sqlite3.isEmpty())
        QSKIP("the sqlite3 command-line tool is not installed (scripts/setup.sh installs it)");
    m_kmsctl = qEnvironmentVariable("KMSCTL");
    QVERIFY2(QFile::exists(m_kmsctl), "KMSCTL must name the kmsctl binary");
}

TestAuditTampering::Chain TestAuditTampering::makeChain()
{
    Chain chain;
    chain.store = std::make_unique<TestStore>();
    for (int i = 0; i < 10; ++i) {
        if (i % 3 == 2)
            (void)chain.store->call(QStringLiteral("DescribeKey")); // refused, audited
        else
            (void)chain.store->createKey();
    }
    chain.last = chain.store->scalar(QStringLiteral("SELECT MAX(seq) FROM audit"));
    chain.passFile = chain.store->dataDir() + QStringLiteral("/../pass");
    test::writeFile(chain.passFile, "correct horse battery\n");
    // kmsctl and sqlite3 open the file themselves.
    chain.store->close();
    return chain;
}

test::ProcessRun TestAuditTampering::kmsctl(const Chain &chain, const QStringList &args)
{
    return test::runProcess(m_kmsctl,
        QStringList { QStringLiteral("--data-dir"), chain.store->dataDir(),
            QStringLiteral("--passphrase-file"), chain.passFile }
            + args);
}

void TestAuditTampering::tampering_data()
{
    // %L is the last seq of the chain.
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("firstBadSeq");
    QTest::addColumn<QString>("problem");
    QTest::newRow("field changed") << "UPDATE audit SET operator = 'someone-else' WHERE seq = 4;"
                                   << "4"
                                   << "changed";
    QTest::newRow("result hidden") << "UPDATE audit SET result_code = '0' WHERE seq = 3;"
                                   << "3"
                                   << "changed";
    QTest::newRow("middle row deleted") << "DELETE FROM audit WHERE seq = 5;"
                                        << "5"
                                        << "deleted";
    QTest::newRow("last row deleted") << "DELETE FROM audit WHERE seq = %L;"
                                      << "%L"
                                      << "deleted";
    QTest::newRow("two rows swapped") << "UPDATE audit SET seq = -1 WHERE seq = 6;"
                                         "UPDATE audit SET seq = 6 WHERE seq = 7;"
                                         "UPDATE audit SET seq = 7 WHERE seq = -1;"
                                      << "6"
                                      << "reordered";
    QTest::newRow("forged row inserted")
        << "UPDATE audit SET seq = -(seq + 1) WHERE seq >= 4;"
           "UPDATE audit SET seq = -seq WHERE seq < 0;"
           "INSERT INTO audit (seq, time, operator, action, target, region_id, result_code,"
           " request_id, mac) SELECT 4, time, operator, 'DisableKey', target, region_id, '0',"
           " request_id, mac FROM audit WHERE seq = 3;"
        << "4"
        << "inserted";
    QTest::newRow("forged row appended")
        << "INSERT INTO audit (seq, time, operator, action, target, region_id, result_code,"
           " request_id, mac) VALUES (%L + 1, '2026-01-01T00:00:00.000Z', 'intruder',"
           " 'DisableKey', '', 'local-1', '0', 'x', randomblob(32));"
        << "%L+1"
        << "inserted";
}

void TestAuditTampering::tampering()
{
    QFETCH(QString, sql);
    QFETCH(QString, firstBadSeq);
    QFETCH(QString, problem);
    Chain chain = makeChain();
    test::ProcessRun run = kmsctl(chain, { QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("intact"));
    // kmsctl's unlock and the verification appended their rows: the last seq is read now.
    const test::ProcessRun max = test::runProcess(
        m_sqlite3, { chain.store->databasePath(), QStringLiteral("SELECT MAX(seq) FROM audit;") });
    QCOMPARE(max.exitCode, 0);
    const qint64 lastSeq = max.out.trimmed().toLongLong();
    QCOMPARE(lastSeq, chain.last + 2);
    const QString last = QString::number(lastSeq);
    sql.replace(QStringLiteral("%L"), last);
    firstBadSeq = firstBadSeq == QLatin1String("%L+1")
        ? QString::number(lastSeq + 1)
        : firstBadSeq.replace(QStringLiteral("%L"), last);

    const test::ProcessRun tamper
        = test::runProcess(m_sqlite3, { chain.store->databasePath() }, sql.toUtf8());
    QVERIFY2(tamper.exitCode == 0, tamper.err.constData());

    run = kmsctl(chain, { QStringLiteral("audit"), QStringLiteral("verify") });
    QCOMPARE(run.exitCode, 1);
    const QByteArray expected
        = QStringLiteral("BROKEN at row %1 (%2)").arg(firstBadSeq, problem).toUtf8();
    QVERIFY2(run.err.contains(expected), (run.err + " expected: " + expected).constData());
}

void TestAuditTampering::exportHeadAndPublicKey()
{
    Chain chain = makeChain();
    const QString out = m_dir.filePath(QStringLiteral("failures.csv"));
    const QString pem = m_dir.filePath(QStringLiteral("audit.pem"));
    test::ProcessRun run = kmsctl(chain,
        { QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"),
            QStringLiteral("csv"), QStringLiteral("--out"), out, QStringLiteral("--public-key"),
            pem, QStringLiteral("--result"), QStringLiteral("FAILURE") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QList<QByteArray> lines = test::readFile(out).split('\n');
    QCOMPARE(lines.first(),
        QByteArray("seq,time,operator,action,target,regionId,resultCode,"
                   "requestId,mac\r"));
    QCOMPARE(lines.size(), 1 + 3 + 1); // header, three refused DescribeKey calls, final ""
    for (int i = 1; i <= 3; ++i)
        QVERIFY(lines.at(i).contains(",DescribeKey,"));
    QCOMPARE(QFileInfo(out + QStringLiteral(".sig")).size(), 64);

    const test::ProcessRun key
        = kmsctl(chain, { QStringLiteral("audit"), QStringLiteral("public-key") });
    QCOMPARE(key.exitCode, 0);
    QCOMPARE(key.out, test::readFile(pem));

    const test::ProcessRun head = kmsctl(chain,
        { QStringLiteral("audit"), QStringLiteral("head"), QStringLiteral("-n"),
            QStringLiteral("2"), QStringLiteral("--action"), QStringLiteral("CreateKey") });
    QCOMPARE(head.exitCode, 0);
    const QList<QByteArray> rows = head.out.trimmed().split('\n');
    QCOMPARE(rows.size(), 2);
    QVERIFY(rows.at(0).split('\t').value(0).toLongLong()
        > rows.at(1).split('\t').value(0).toLongLong());
    QCOMPARE(rows.at(0).split('\t').value(3), QByteArray("CreateKey"));

    QCOMPARE(kmsctl(chain, { QStringLiteral("audit"), QStringLiteral("export") }).exitCode, 2);
    QCOMPARE(kmsctl(chain,
                 { QStringLiteral("audit"), QStringLiteral("head"), QStringLiteral("--result"),
                     QStringLiteral("perhaps") })
                 .exitCode,
        1);
    // The export, the key and the verification left their rows; the chain is whole.
    run = kmsctl(chain, { QStringLiteral("audit"), QStringLiteral("verify") });
    QCOMPARE(run.exitCode, 0);
}

QTEST_GUILESS_MAIN(TestAuditTampering)
#include "TestAuditTampering.moc"
