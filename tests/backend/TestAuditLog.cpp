// The audit chain: one row per call, successful or not, and verification that finds any
// changed, removed, inserted or appended row, and a touched chain head.
#include "TestHelpers.h"
#include "audit/AuditLog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

class TestAuditLog : public QObject
{
    Q_OBJECT

private slots:
    void everyCallAppendsOneRow();
    void intactChainVerifies();
    void tampering_data();
    void tampering();
    void headTamperingDetected();
    void laterRowsDoNotHealABreak_data();
    void laterRowsDoNotHealABreak();
    void headRecordFormat();
    void chainAcrossConnections();
    void failedCommitIsAuditedAlone();
    void noSecretsInTheStore();

private:
    // A store with a chain of rows from real calls.
    std::unique_ptr<TestStore> makeChain(int calls);
    AuditLog::Verdict verify(TestStore &store);
};

std::unique_ptr<TestStore> TestAuditLog::makeChain(int calls)
{
    auto store = std::make_unique<TestStore>();
    for (int i = 0; i < calls; ++i) {
        if (i % 3 == 2)
            (void)store->call(QStringLiteral("DescribeKey")); // a refused call is audited too
        else
            (void)store->createKey();
    }
    return store;
}

AuditLog::Verdict TestAuditLog::verify(TestStore &store)
{
    auto verdict = store.service().auditLog().verify(store.session().store());
    if (!verdict) {
        qWarning("verify failed: %s", qPrintable(verdict.error().detail()));
        return {};
    }
    return *verdict;
}

void TestAuditLog::everyCallAppendsOneRow()
{
    TestStore store;
    const Response ok = store.call(QStringLiteral("GetDefaultKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("product"), QStringLiteral("ecs") } });
    QCOMPARE_CODE(ok, "0");
    const Response refused = store.call(QStringLiteral("DisableKey"),
        { { QStringLiteral("cmkUuid"), QStringLiteral("alias/acs/ecs") } });
    QCOMPARE_CODE(refused, "KMS.0203");
    const Response malformed = store.callRaw(QStringLiteral("ListKeys"), "{oops");
    QCOMPARE_CODE(malformed, "KMS.0128");

    auto rows = store.session().store().auditRows(0, 10);
    QVERIFY_RESULT(rows);
    QCOMPARE(rows->size(), 3);
    const QString keyId = ok.data.value(QStringLiteral("keyMetadata"))
                              .toObject()
                              .value(QStringLiteral("cmkUuid"))
                              .toString();
    const auto &first = rows->at(0);
    QCOMPARE(first.seq, 1);
    QCOMPARE(first.action, QStringLiteral("GetDefaultKey"));
    QCOMPARE(first.operatorName, QStringLiteral("test-officer"));
    QCOMPARE(first.target, keyId);
    QCOMPARE(first.regionId, QStringLiteral("local-1"));
    QCOMPARE(first.resultCode, QStringLiteral("0"));
    QCOMPARE(first.requestId, ok.requestId);
    QVERIFY(qAbs(first.time.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QCOMPARE(first.mac.size(), 32);
    QCOMPARE(rows->at(1).resultCode, QStringLiteral("KMS.0203"));
    QCOMPARE(rows->at(1).target, keyId);
    QCOMPARE(rows->at(1).requestId, refused.requestId);
    QCOMPARE(rows->at(2).resultCode, QStringLiteral("KMS.0128"));
    QCOMPARE(rows->at(2).action, QStringLiteral("ListKeys"));
}

void TestAuditLog::intactChainVerifies()
{
    auto store = makeChain(30);
    AuditLog::Verdict verdict = verify(*store);
    QVERIFY2(verdict.intact, qPrintable(verdict.message));
    QCOMPARE(verdict.rowsChecked, 30);
    // The same chain verifies after the store is closed and unlocked again.
    store->reopen(QStringLiteral("correct horse battery"));
    QVERIFY(store->isValid());
    verdict = verify(*store);
    QVERIFY(verdict.intact);
    QCOMPARE(verdict.rowsChecked, 31); // and the Unlock row of the reopening
}

void TestAuditLog::tampering_data()
{
    QTest::addColumn<QStringList>("sql");
    QTest::addColumn<qint64>("firstBadSeq");
    QTest::addColumn<QString>("problem");
    QTest::newRow("result code changed")
        << QStringList { "UPDATE audit SET result_code = '0' WHERE seq = 3" } << qint64(3)
        << "changed";
    QTest::newRow("operator changed")
        << QStringList { "UPDATE audit SET operator = 'someone-else' WHERE seq = 7" } << qint64(7)
        << "changed";
    QTest::newRow("time changed") << QStringList {
        "UPDATE audit SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 1"
    } << qint64(1) << "changed";
    QTest::newRow("row removed") << QStringList { "DELETE FROM audit WHERE seq = 5" } << qint64(5)
                                 << "deleted";
    QTest::newRow("row removed, rest renumbered") << QStringList {
        "DELETE FROM audit WHERE seq = 5", "UPDATE audit SET seq = -(seq - 1) WHERE seq > 5",
        "UPDATE audit SET seq = -seq WHERE seq < 0"
    } << qint64(5) << "changed";
    QTest::newRow("last row removed")
        << QStringList { "DELETE FROM audit WHERE seq = 10" } << qint64(10) << "deleted";
    QTest::newRow("row inserted") << QStringList {
        "UPDATE audit SET seq = -(seq + 1) WHERE seq >= 4",
        "UPDATE audit SET seq = -seq WHERE seq < 0",
        "INSERT INTO audit (seq, time, operator, action, target, region_id, result_code, "
        "request_id, mac) SELECT 4, time, operator, 'DisableKey', target, region_id, '0', "
        "request_id, mac FROM audit WHERE seq = 3"
    } << qint64(4) << "inserted";
    QTest::newRow("row appended") << QStringList {
        "INSERT INTO audit (seq, time, operator, action, target, region_id, result_code, "
        "request_id, mac) SELECT 11, time, operator, action, target, region_id, "
        "result_code, request_id, mac FROM audit WHERE seq = 10"
    } << qint64(11) << "inserted";
    QTest::newRow("two rows swapped") << QStringList { "UPDATE audit SET seq = -1 WHERE seq = 2",
        "UPDATE audit SET seq = 2 WHERE seq = 3", "UPDATE audit SET seq = 3 WHERE seq = -1" }
                                      << qint64(2) << "reordered";
}

void TestAuditLog::tampering()
{
    QFETCH(QStringList, sql);
    QFETCH(qint64, firstBadSeq);
    QFETCH(QString, problem);
    auto store = makeChain(10);
    QVERIFY(verify(*store).intact);
    for (const QString &statement : sql)
        QVERIFY(store->exec(statement));
    const AuditLog::Verdict verdict = verify(*store);
    QVERIFY(!verdict.intact);
    QCOMPARE(verdict.problem, problem);
    QCOMPARE(verdict.firstBadSeq, firstBadSeq);
    QVERIFY(!verdict.message.isEmpty());
}

void TestAuditLog::headTamperingDetected()
{
    auto store = makeChain(4);
    // Removing the last row and pointing the head back at the one before needs the MAC key.
    QVERIFY(store->exec(QStringLiteral("DELETE FROM audit WHERE seq = 4")));
    QVERIFY(store->exec(QStringLiteral("UPDATE meta SET value = replace(value, '\"seq\":4', "
                                       "'\"seq\":3') WHERE key = 'audit.head'")));
    AuditLog::Verdict verdict = verify(*store);
    QVERIFY(!verdict.intact);
    QCOMPARE(verdict.problem, QStringLiteral("head"));

    QVERIFY(store->exec(QStringLiteral("DELETE FROM meta WHERE key = 'audit.head'")));
    verdict = verify(*store);
    QVERIFY(!verdict.intact);
    QCOMPARE(verdict.problem, QStringLiteral("head"));
}

// The head is written without QJsonDocument on the hot path; it must stay the compact JSON
// document older versions wrote and read, naming the newest row.
void TestAuditLog::headRecordFormat()
{
    auto store = makeChain(5);
    auto head = store->session().store().meta(QStringLiteral("audit.head"));
    QVERIFY_RESULT(head);
    QVERIFY(head->has_value());
    const QJsonDocument document = QJsonDocument::fromJson(**head);
    QVERIFY(document.isObject());
    QCOMPARE(document.toJson(QJsonDocument::Compact), **head);
    const QJsonObject object = document.object();
    QCOMPARE(object.keys(), QStringList({ "headMac", "mac", "seq" }));
    auto last = store->session().store().lastAudit();
    QVERIFY_RESULT(last);
    QVERIFY(last->has_value());
    QCOMPARE(object.value(QStringLiteral("seq")).toInteger(), (*last)->seq);
    QCOMPARE(QByteArray::fromBase64(object.value(QStringLiteral("mac")).toString().toLatin1()),
        (*last)->mac);
    QCOMPARE(QByteArray::fromBase64(object.value(QStringLiteral("headMac")).toString().toLatin1())
                 .size(),
        32);
}

// Two services on two connections of one store, taking turns: each continues the chain
// where the other left it (its cached newest row is dropped when the other commits).
void TestAuditLog::chainAcrossConnections()
{
    TestStore store;
    auto other = store.session().openConnection();
    QVERIFY_RESULT(other);
    const QString keyId = store.createKey();
    QVERIFY(!keyId.isEmpty());
    const QJsonObject describe { { QStringLiteral("cmkUuid"), keyId } };
    for (int i = 0; i < 6; ++i) {
        QCOMPARE_CODE(store.call(QStringLiteral("DescribeKey"), describe), "0");
        QCOMPARE_CODE((*other)->service().call(QStringLiteral("DescribeKey"), describe), "0");
        if (i % 2 == 0) {
            // Two in a row on the same connection, then a refused call on the other.
            QCOMPARE_CODE(store.call(QStringLiteral("DescribeKey"), describe), "0");
            QCOMPARE_CODE(
                (*other)->service().call(QStringLiteral("DisableKey"), QJsonObject()), "KMS.0102");
        }
    }
    const AuditLog::Verdict verdict = verify(store);
    QVERIFY2(verdict.intact, qPrintable(verdict.message));
    QCOMPARE(verdict.rowsChecked, 1 + 6 * 2 + 3 * 2);
    // The other connection's log verifies the same chain.
    auto otherVerdict = (*other)->service().auditLog().verify((*other)->store());
    QVERIFY_RESULT(otherVerdict);
    QVERIFY(otherVerdict->intact);
    QCOMPARE(otherVerdict->rowsChecked, verdict.rowsChecked);
}

// A change whose commit fails leaves neither the change nor its audit row; the failure is
// audited in a transaction of its own, and the chain stays whole.
void TestAuditLog::failedCommitIsAuditedAlone()
{
    auto store = makeChain(3);
    // Any key inserted from now on fails at COMMIT: a deferred foreign key to no row.
    QVERIFY(store->exec(QStringLiteral("CREATE TABLE trap_parent (id TEXT PRIMARY KEY)")));
    QVERIFY(store->exec(
        QStringLiteral("CREATE TABLE commit_trap (cmk_uuid TEXT REFERENCES trap_parent (id)"
                       " DEFERRABLE INITIALLY DEFERRED)")));
    QVERIFY(store->exec(QStringLiteral("CREATE TRIGGER trap_keys AFTER INSERT ON keys BEGIN"
                                       " INSERT INTO commit_trap VALUES (NEW.cmk_uuid); END")));
    const QString before = store->snapshot();
    const Response refused = store->call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(refused, "KMS.0503");
    QCOMPARE(refused.detail, QStringLiteral("the change could not be saved"));
    QCOMPARE(store->snapshot(), before);
    auto rows = store->session().store().auditRows(0, 100);
    QVERIFY_RESULT(rows);
    QCOMPARE(rows->size(), 4);
    QCOMPARE(rows->last().action, QStringLiteral("CreateKey"));
    QCOMPARE(rows->last().resultCode, QStringLiteral("KMS.0503"));
    QCOMPARE(rows->last().requestId, refused.requestId);
    const AuditLog::Verdict verdict = verify(*store);
    QVERIFY2(verdict.intact, qPrintable(verdict.message));
    QCOMPARE(verdict.rowsChecked, 4);
}

void TestAuditLog::noSecretsInTheStore()
{
    TestStore store(QStringLiteral("an unmistakable passphrase 7731"));
    QVERIFY(!store.createKey().isEmpty());
    store.close();
    QFile file(store.databasePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray raw = file.readAll();
    QVERIFY(!raw.contains("an unmistakable passphrase 7731"));
    QFile wal(store.databasePath() + QStringLiteral("-wal"));
    if (wal.open(QIODevice::ReadOnly))
        QVERIFY(!wal.readAll().contains("an unmistakable passphrase 7731"));
}

void TestAuditLog::laterRowsDoNotHealABreak_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<qint64>("firstBadSeq");
    QTest::addColumn<QString>("problem");
    QTest::newRow("last rows deleted")
        << "DELETE FROM audit WHERE seq > 8" << qint64(9) << "deleted";
    QTest::newRow("every row deleted") << "DELETE FROM audit" << qint64(1) << "deleted";
    QTest::newRow("row appended") << "INSERT INTO audit SELECT 11, time, 'intruder', action, "
                                     "target, region_id, '0', request_id, mac FROM audit WHERE "
                                     "seq = 10"
                                  << qint64(11) << "inserted";
    QTest::newRow("head record removed")
        << "DELETE FROM meta WHERE key = 'audit.head'" << qint64(13) << "head";
}

void TestAuditLog::laterRowsDoNotHealABreak()
{
    // A break at the end of the chain, then the console goes on working: the rows it appends
    // chain on from the head it wrote last, not from whatever row now ends the table, so the
    // break stays visible to every later verification.
    QFETCH(QString, sql);
    QFETCH(qint64, firstBadSeq);
    QFETCH(QString, problem);
    auto store = makeChain(10);
    QVERIFY(store->exec(sql));
    for (int i = 0; i < 3; ++i)
        (void)store->call(QStringLiteral("ListKeys"), { { QStringLiteral("pageSize"), 0 } });
    const AuditLog::Verdict verdict = verify(*store);
    QVERIFY(!verdict.intact);
    QCOMPARE(verdict.firstBadSeq, firstBadSeq);
    QCOMPARE(verdict.problem, problem);
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "TestAuditLog.moc"
