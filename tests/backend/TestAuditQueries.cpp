// The audit log as the audit page and kmsctl read it: filtered, counted and paged in SQL
// (offset from either end, keyset), the migration that adds the indexes, the ListAuditEvents
// action (validated, not audited itself), verification with progress and cancel, and the
// audit signing key (made once, stored only wrapped).
#include "TestHelpers.h"
#include "audit/AuditLog.h"
#include "audit/AuditService.h"
#include "audit/AuditSigningKey.h"
#include "store/SqliteStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace kms;
using kms::store::AuditQuery;
using kms::store::AuditRecord;
using kms::test::TestStore;

class TestAuditQueries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void filtersCountAndPage_data();
    void filtersCountAndPage();
    void keysetPagesMatchOffsetPages();
    void indexesServeTheFilters();
    void migrationAddsIndexes();
    void listAuditEventsAction();
    void listAuditEventsRefusesBadInput_data();
    void listAuditEventsRefusesBadInput();
    void verifyReportsProgressAndCancels();
    void verifyAndExportAreAudited();
    void signingKeyMadeOnceAndWrapped();

private:
    std::unique_ptr<TestStore> m_store;
    QList<AuditRecord> m_all; // every row, seq ascending
    QDateTime m_base;
};

namespace {

constexpr int kRows = 30000; // beyond the store's reverse-offset threshold (20,000)

const char *const kOperators[] = { "alice", "bob", "carol" };
const char *const kActions[] = { "CreateKey", "Encrypt", "Decrypt", "DisableKey" };

bool matches(const AuditRecord &row, const AuditQuery &q)
{
    if (q.from.isValid() && row.time < q.from)
        return false;
    if (q.to.isValid() && row.time >= q.to)
        return false;
    if (!q.operatorName.isEmpty() && row.operatorName != q.operatorName)
        return false;
    if (!q.action.isEmpty() && row.action != q.action)
        return false;
    if (!q.target.isEmpty() && row.target != q.target)
        return false;
    if (q.result == QLatin1String("SUCCESS") && row.resultCode != QLatin1String("0"))
        return false;
    if (q.result == QLatin1String("FAILURE") && row.resultCode == QLatin1String("0"))
        return false;
    if (!q.result.isEmpty() && q.result != QLatin1String("SUCCESS")
        && q.result != QLatin1String("FAILURE") && row.resultCode != q.result)
        return false;
    if (q.beforeSeq > 0 && row.seq >= q.beforeSeq)
        return false;
    return true;
}

} // namespace

void TestAuditQueries::initTestCase()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    m_base = QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);
    // Rows made the way the service makes them (chained), but many and varied, fast.
    store::Store &store = m_store->session().store();
    const AuditLog &log = m_store->service().auditLog();
    store::TransactionGuard transaction(store);
    QVERIFY_RESULT(transaction.begin());
    for (int i = 0; i < kRows; ++i) {
        AuditRecord row;
        row.time = m_base.addSecs(i);
        row.operatorName = QLatin1String(kOperators[i % 3]);
        row.action = QLatin1String(kActions[i % 4]);
        row.target = QStringLiteral("key-%1").arg(i % 10);
        row.regionId = QStringLiteral("local-1");
        row.resultCode = i % 5 == 0 ? QStringLiteral("KMS.0206")
            : i % 7 == 0            ? QStringLiteral("KMS.0301")
                                    : QStringLiteral("0");
        row.requestId = QStringLiteral("req-%1").arg(i);
        QVERIFY_RESULT(log.append(store, row));
    }
    QVERIFY_RESULT(transaction.commit());
    auto all = store.auditRows(0, -1);
    QVERIFY_RESULT(all);
    m_all = *all;
    QVERIFY(m_all.size() >= kRows);
}

void TestAuditQueries::cleanupTestCase()
{
    m_store.reset();
}

void TestAuditQueries::filtersCountAndPage_data()
{
    QTest::addColumn<int>("filter");
    QTest::newRow("none") << 0;
    QTest::newRow("operator") << 1;
    QTest::newRow("action") << 2;
    QTest::newRow("target") << 3;
    QTest::newRow("success") << 4;
    QTest::newRow("failure") << 5;
    QTest::newRow("one code") << 6;
    QTest::newRow("time range") << 7;
    QTest::newRow("all together") << 8;
    QTest::newRow("nothing matches") << 9;
    QTest::newRow("before seq") << 10;
}

void TestAuditQueries::filtersCountAndPage()
{
    QFETCH(int, filter);
    AuditQuery q;
    switch (filter) {
    case 1:
        q.operatorName = QStringLiteral("bob");
        break;
    case 2:
        q.action = QStringLiteral("Decrypt");
        break;
    case 3:
        q.target = QStringLiteral("key-7");
        break;
    case 4:
        q.result = QStringLiteral("SUCCESS");
        break;
    case 5:
        q.result = QStringLiteral("FAILURE");
        break;
    case 6:
        q.result = QStringLiteral("KMS.0301");
        break;
    case 7:
        q.from = m_base.addSecs(1000);
        q.to = m_base.addSecs(26000);
        break;
    case 8:
        q.from = m_base.addSecs(100);
        q.operatorName = QStringLiteral("alice");
        q.action = QStringLiteral("Encrypt");
        q.result = QStringLiteral("FAILURE");
        break;
    case 9:
        q.operatorName = QStringLiteral("mallory");
        break;
    case 10:
        q.beforeSeq = 12345;
        break;
    default:
        break;
    }
    QList<AuditRecord> expected;
    for (auto it = m_all.crbegin(); it != m_all.crend(); ++it) {
        if (matches(*it, q))
            expected.append(*it);
    }
    store::Store &store = m_store->session().store();
    auto count = store.auditCount(q);
    QVERIFY_RESULT(count);
    QCOMPARE(*count, expected.size());
    // First, middle, just past the reverse threshold, last (partial) page, past the end.
    const qint64 total = expected.size();
    for (qint64 offset : { qint64(0), qint64(100), total / 2 - 50, qint64(20000), total - 100,
             total - 37, total, total + 5 }) {
        if (offset < 0)
            continue;
        auto page = store.auditPage(q, offset, 100);
        QVERIFY_RESULT(page);
        const QList<AuditRecord> want = expected.mid(offset, 100);
        QCOMPARE(page->size(), want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            QCOMPARE(page->at(i).seq, want.at(i).seq);
            QCOMPARE(page->at(i).mac, want.at(i).mac);
        }
    }
}

void TestAuditQueries::keysetPagesMatchOffsetPages()
{
    store::Store &store = m_store->session().store();
    AuditQuery q;
    q.operatorName = QStringLiteral("carol");
    QList<qint64> byKeyset;
    for (;;) {
        auto page = store.auditPage(q, 0, 1000);
        QVERIFY_RESULT(page);
        for (const AuditRecord &row : std::as_const(*page))
            byKeyset.append(row.seq);
        if (page->size() < 1000)
            break;
        q.beforeSeq = page->constLast().seq;
    }
    q.beforeSeq = 0;
    QList<qint64> byOffset;
    for (qint64 offset = 0;; offset += 1000) {
        auto page = store.auditPage(q, offset, 1000);
        QVERIFY_RESULT(page);
        for (const AuditRecord &row : std::as_const(*page))
            byOffset.append(row.seq);
        if (page->size() < 1000)
            break;
    }
    QCOMPARE(byKeyset, byOffset);
    QCOMPARE(byKeyset.size(), 10000);
}

// Each filter is served by its index (EXPLAIN QUERY PLAN), not by a scan of the table. A time
// range alone is left out: SQLite walks the table newest first (seq is the rowid, time follows
// it), which needs no sort and stops after a page; audit_time serves ranges combined with
// COUNT and narrow windows (docs/performance.md).
void TestAuditQueries::indexesServeTheFilters()
{
    test::SqlFile file(m_store->databasePath());
    const QList<std::pair<QString, QString>> plans = {
        { QStringLiteral("operator = 'bob'"), QStringLiteral("audit_operator") },
        { QStringLiteral("action = 'Encrypt'"), QStringLiteral("audit_action") },
        { QStringLiteral("target = 'key-1'"), QStringLiteral("audit_target") },
        { QStringLiteral("result_code = 'KMS.0206'"), QStringLiteral("audit_result") },
        { QStringLiteral("result_code <> '0'"), QStringLiteral("audit_failures") },
    };
    for (const auto &[where, index] : plans) {
        QSqlQuery query(file.db());
        QVERIFY(query.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT seq FROM audit WHERE %1 "
                                          "ORDER BY seq DESC LIMIT 100")
                               .arg(where)));
        QString plan;
        while (query.next())
            plan += query.value(3).toString() + QLatin1Char('\n');
        QVERIFY2(plan.contains(index), qPrintable(where + QStringLiteral(": ") + plan));
    }
}

void TestAuditQueries::migrationAddsIndexes()
{
    TestStore store;
    QVERIFY(store.isValid());
    (void)store.createKey();
    auto version = store.session().store().schemaVersion();
    QVERIFY_RESULT(version);
    const int current = *version;
    QVERIFY(current >= 6);
    // Back to a version-5 store (as the previous release left it), then open it again.
    for (const char *index : { "audit_time", "audit_operator", "audit_action", "audit_target",
             "audit_result", "audit_failures" })
        QVERIFY(store.exec(QStringLiteral("DROP INDEX %1").arg(QLatin1String(index))));
    QVERIFY(store.exec(QStringLiteral("PRAGMA user_version = 5")));
    store.reopen(QStringLiteral("correct horse battery"));
    QVERIFY(store.isValid());
    version = store.session().store().schemaVersion();
    QVERIFY_RESULT(version);
    QCOMPARE(*version, current);
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                         "'index' AND name LIKE 'audit_%'")),
        6);
    auto verdict = store.service().auditLog().verify(store.session().store());
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
}

void TestAuditQueries::listAuditEventsAction()
{
    const qint64 before = m_store->scalar(QStringLiteral("SELECT MAX(seq) FROM audit"));
    const Response page = m_store->call(QStringLiteral("ListAuditEvents"),
        { { QStringLiteral("operatorName"), QStringLiteral("alice") },
            { QStringLiteral("result"), QStringLiteral("FAILURE") },
            { QStringLiteral("startTime"), QStringLiteral("2026-03-01T08:10:00Z") },
            { QStringLiteral("pageNumber"), 2 }, { QStringLiteral("pageSize"), 50 } });
    QCOMPARE_CODE(page, "0");
    AuditQuery q;
    q.operatorName = QStringLiteral("alice");
    q.result = QStringLiteral("FAILURE");
    q.from = m_base.addSecs(600);
    auto count = m_store->session().store().auditCount(q);
    QVERIFY_RESULT(count);
    QCOMPARE(page.data.value(QStringLiteral("totalCount")).toInteger(), *count);
    const QJsonArray events = page.data.value(QStringLiteral("auditEvents")).toArray();
    QCOMPARE(events.size(), 50);
    auto rows = m_store->session().store().auditPage(q, 50, 50);
    QVERIFY_RESULT(rows);
    const QJsonObject first = events.first().toObject();
    QCOMPARE(first.value(QStringLiteral("seq")).toInteger(), rows->first().seq);
    QCOMPARE(first.value(QStringLiteral("operator")).toString(), QStringLiteral("alice"));
    QCOMPARE(first.value(QStringLiteral("mac")).toString(),
        QString::fromLatin1(rows->first().mac.toHex()));
    QVERIFY(first.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));

    // Keyset and no count.
    const Response next = m_store->call(QStringLiteral("ListAuditEvents"),
        { { QStringLiteral("operatorName"), QStringLiteral("alice") },
            { QStringLiteral("result"), QStringLiteral("FAILURE") },
            { QStringLiteral("startTime"), QStringLiteral("2026-03-01T08:10:00Z") },
            { QStringLiteral("beforeSeq"), events.last().toObject().value("seq").toInteger() },
            { QStringLiteral("withTotalCount"), false }, { QStringLiteral("pageSize"), 50 } });
    QCOMPARE_CODE(next, "0");
    QCOMPARE(next.data.value(QStringLiteral("totalCount")).toInteger(), -1);
    auto more = m_store->session().store().auditPage(q, 100, 1);
    QVERIFY_RESULT(more);
    QCOMPARE(next.data.value(QStringLiteral("auditEvents"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("seq"))
                 .toInteger(),
        more->first().seq);

    // Oldest first from an offset, as the audit model reads a page near the old end.
    const Response oldest = m_store->call(QStringLiteral("ListAuditEvents"),
        { { QStringLiteral("operatorName"), QStringLiteral("alice") },
            { QStringLiteral("order"), QStringLiteral("oldestFirst") },
            { QStringLiteral("offset"), 3 }, { QStringLiteral("pageSize"), 2 } });
    QCOMPARE_CODE(oldest, "0");
    AuditQuery alice;
    alice.operatorName = QStringLiteral("alice");
    alice.oldestFirst = true;
    auto oldestRows = m_store->session().store().auditPage(alice, 3, 2);
    QVERIFY_RESULT(oldestRows);
    const QJsonArray oldestEvents = oldest.data.value(QStringLiteral("auditEvents")).toArray();
    QCOMPARE(oldestEvents.size(), 2);
    QVERIFY(oldestRows->at(0).seq < oldestRows->at(1).seq);
    QCOMPARE(oldestEvents.at(0).toObject().value(QStringLiteral("seq")).toInteger(),
        oldestRows->at(0).seq);
    QCOMPARE(oldestEvents.at(1).toObject().value(QStringLiteral("seq")).toInteger(),
        oldestRows->at(1).seq);

    // Reading the log writes nothing to it; ListJobs neither.
    (void)m_store->call(QStringLiteral("ListJobs"));
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT MAX(seq) FROM audit")), before);
    // A refused read is audited.
    QCOMPARE_CODE(m_store->call(QStringLiteral("ListAuditEvents"),
                      { { QStringLiteral("result"), QStringLiteral("maybe") } }),
        "KMS.0128");
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT MAX(seq) FROM audit")), before + 1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE seq = %1 AND "
                                            "action = 'ListAuditEvents' AND result_code = "
                                            "'KMS.0128'")
                                 .arg(before + 1)),
        1);
}

void TestAuditQueries::listAuditEventsRefusesBadInput_data()
{
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    QTest::newRow("bad start time")
        << QJsonObject { { "startTime", "yesterday" } } << QStringLiteral("KMS.0128");
    QTest::newRow("end before start") << QJsonObject { { "startTime", "2026-03-02T00:00:00Z" },
        { "endTime", "2026-03-01T00:00:00Z" } }
                                      << QStringLiteral("KMS.0128");
    QTest::newRow("bad result") << QJsonObject { { "result", "OK" } } << QStringLiteral("KMS.0128");
    QTest::newRow("operator not text")
        << QJsonObject { { "operatorName", 5 } } << QStringLiteral("KMS.0128");
    QTest::newRow("bad beforeSeq")
        << QJsonObject { { "beforeSeq", 0 } } << QStringLiteral("KMS.0128");
    QTest::newRow("bad order") << QJsonObject { { "order", "random" } }
                               << QStringLiteral("KMS.0128");
    QTest::newRow("negative offset")
        << QJsonObject { { "offset", -1 } } << QStringLiteral("KMS.0128");
    QTest::newRow("page too big") << QJsonObject { { "pageSize", 101 } }
                                  << QStringLiteral("KMS.0130");
    QTest::newRow("page zero") << QJsonObject { { "pageSize", 0 } } << QStringLiteral("KMS.0231");
}

void TestAuditQueries::listAuditEventsRefusesBadInput()
{
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    const QString before = m_store->snapshot();
    const Response response = m_store->call(QStringLiteral("ListAuditEvents"), params);
    QCOMPARE(response.code, code);
    QCOMPARE(m_store->snapshot(), before);
}

void TestAuditQueries::verifyReportsProgressAndCancels()
{
    const AuditLog &log = m_store->service().auditLog();
    QList<std::pair<qint64, qint64>> reports;
    auto verdict = log.verify(m_store->session().store(), [&reports](qint64 done, qint64 total) {
        reports.append({ done, total });
    });
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
    QVERIFY(reports.size() >= kRows / 2000);
    for (qsizetype i = 1; i < reports.size(); ++i)
        QVERIFY(reports.at(i).first > reports.at(i - 1).first);
    QCOMPARE(reports.constLast().first, verdict->rowsChecked);
    QCOMPARE(reports.constLast().second, verdict->rowsChecked);

    std::atomic_bool cancel { false };
    qint64 seen = 0;
    verdict = log.verify(
        m_store->session().store(),
        [&](qint64 done, qint64) {
            seen = done;
            cancel = true;
        },
        &cancel);
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->cancelled);
    QVERIFY(!verdict->intact);
    QCOMPARE(verdict->rowsChecked, seen);
    QVERIFY(verdict->rowsChecked < qint64(m_all.size()));
}

void TestAuditQueries::verifyAndExportAreAudited()
{
    TestStore store;
    (void)store.createKey();
    AuditService audit(store.session().store(), store.session().masterKey(),
        store.session().clock(), QStringLiteral("auditor"));
    auto verdict = audit.verify();
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'VerifyAuditChain' AND operator = 'auditor'")),
        1);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rows.jsonl"));
    auto files = audit.exportToFiles(
        {}, AuditExportFormat::JsonLines, path, dir.filePath(QStringLiteral("audit.pem")));
    QVERIFY_RESULT(files);
    QCOMPARE(files->rows, 2); // CreateKey and VerifyAuditChain, not the export itself
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'ExportAuditEvents' AND result_code = '0'")),
        1);
    // A failed export is audited with its code.
    auto failed = audit.exportToFiles(
        {}, AuditExportFormat::Csv, dir.filePath(QStringLiteral("missing/folder/rows.csv")));
    QVERIFY(!failed);
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'ExportAuditEvents' AND result_code = 'KMS.0503'")),
        1);
    verdict = audit.verify();
    QVERIFY_RESULT(verdict);
    QVERIFY(verdict->intact);
}

void TestAuditQueries::signingKeyMadeOnceAndWrapped()
{
    TestStore store;
    const Response first = store.call(QStringLiteral("GetAuditPublicKey"));
    QCOMPARE_CODE(first, "0");
    const QString pem = first.data.value(QStringLiteral("publicKey")).toString();
    QVERIFY(pem.startsWith(QLatin1String("-----BEGIN PUBLIC KEY-----")));
    QCOMPARE(first.data.value(QStringLiteral("algorithm")).toString(), QStringLiteral("ED25519"));
    QCOMPARE(store.call(QStringLiteral("GetAuditPublicKey"))
                 .data.value(QStringLiteral("publicKey"))
                 .toString(),
        pem);
    // The record holds the public key and the wrapped private key, nothing in the clear.
    auto record = store.session().store().meta(QString(AuditSigningKey::kMetaKey));
    QVERIFY_RESULT(record);
    QVERIFY(record->has_value());
    const QJsonObject json = QJsonDocument::fromJson(**record).object();
    QCOMPARE(json.keys(), QStringList({ "algorithm", "publicKeyPem", "wrapped" }));
    QVERIFY(!(**record).contains("PRIVATE"));
    // Bound to its public key: another public key in the record makes it unusable.
    QJsonObject swapped = json;
    swapped.insert(
        QStringLiteral("publicKeyPem"), pem.left(40) + QStringLiteral("AAAA") + pem.mid(44));
    QVERIFY(store.exec(
        QStringLiteral("UPDATE meta SET value = '%1' WHERE key = '%2'")
            .arg(QString::fromUtf8(QJsonDocument(swapped).toJson(QJsonDocument::Compact)),
                QString(AuditSigningKey::kMetaKey))));
    auto key = AuditSigningKey::loadOrCreate(store.session().store(), store.session().masterKey());
    QVERIFY(!key);
    QCOMPARE(key.error().code(), QStringLiteral("KMS.0504"));
}

QTEST_GUILESS_MAIN(TestAuditQueries)
#include "TestAuditQueries.moc"
