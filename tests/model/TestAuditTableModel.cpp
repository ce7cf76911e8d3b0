// The audit table model: every matching row counted at once, pages loaded as views reach them
// (keyset after a loaded page, offset after a jump), filters in SQL, pinned to the rows there
// when it loaded, and sound under QAbstractItemModelTester.
#include "AuditTableModel.h"
#include "KmsClient.h"
#include "TestHelpers.h"
#include "audit/AuditLog.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace kms;

namespace {
constexpr int kRows = 2500;
}

class TestAuditTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void countsAllAndLoadsPagesOnDemand();
    void jumpsToTheEnd();
    void filters();
    void filteredJumpsReadFromTheOldEnd();
    void pinnedUntilRefresh();
    void modelTester();

private:
    std::unique_ptr<test::TestStore> m_store;
    qint64 m_total = 0;
};

void TestAuditTableModel::initTestCase()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    store::Store &store = m_store->session().store();
    const AuditLog &log = m_store->service().auditLog();
    store::TransactionGuard transaction(store);
    QVERIFY_RESULT(transaction.begin());
    const QDateTime base(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < kRows; ++i) {
        store::AuditRecord row;
        row.time = base.addSecs(i);
        row.operatorName = i % 2 ? QStringLiteral("alice") : QStringLiteral("bob");
        row.action = QStringLiteral("Encrypt");
        row.target = QStringLiteral("key-%1").arg(i % 5);
        row.regionId = QStringLiteral("local-1");
        row.resultCode = i % 10 == 0 ? QStringLiteral("KMS.0206") : QStringLiteral("0");
        row.requestId = QStringLiteral("req-%1").arg(i);
        QVERIFY_RESULT(log.append(store, row));
    }
    QVERIFY_RESULT(transaction.commit());
    m_total = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit"));
}

void TestAuditTableModel::countsAllAndLoadsPagesOnDemand()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    QCOMPARE(model.totalCount(), m_total);
    QCOMPARE(model.rowCount(), int(m_total));
    QCOMPARE(model.columnCount(), int(AuditTableModel::ColumnCount));
    QVERIFY(!model.canFetchMore({})); // no growing: every row is there to scroll to
    const int requests = model.requestCount();
    QCOMPARE(requests, 1);
    // Newest first.
    const qint64 top = model.data(model.index(0, 0), AuditTableModel::SeqRole).toLongLong();
    QCOMPARE(top, m_store->scalar(QStringLiteral("SELECT MAX(seq) FROM audit")));
    QCOMPARE(model.data(model.index(99, 0), AuditTableModel::SeqRole).toLongLong(), top - 99);
    QCOMPARE(model.requestCount(), requests); // the first page came with the count
    // Scrolling down: one request per page.
    for (int row = 100; row < 500; ++row)
        QCOMPARE(model.data(model.index(row, 0), AuditTableModel::SeqRole).toLongLong(), top - row);
    QCOMPARE(model.requestCount(), requests + 4);
    const QModelIndex result = model.index(0, AuditTableModel::ResultColumn);
    const QString code = model.data(result, AuditTableModel::ResultCodeRole).toString();
    QCOMPARE(
        model.data(result, AuditTableModel::IsFailureRole).toBool(), code != QLatin1String("0"));
    const QJsonObject event = model.eventAt(3);
    QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), top - 3);
    QCOMPARE(event.value(QStringLiteral("mac")).toString().size(), 64);
}

void TestAuditTableModel::jumpsToTheEnd()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    const int last = model.rowCount() - 1;
    QCOMPARE(model.data(model.index(last, 0), AuditTableModel::SeqRole).toLongLong(), 1);
    QCOMPARE(model.requestCount(), 2); // the count and first page, then the last page only
    QCOMPARE(model.data(model.index(last / 2, 0), AuditTableModel::SeqRole).toLongLong(),
        m_total - last / 2);
}

void TestAuditTableModel::filters()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy total(&model, &AuditTableModel::totalCountChanged);
    store::AuditQuery filter;
    filter.operatorName = QStringLiteral("alice");
    filter.result = QStringLiteral("FAILURE");
    model.setFilter(filter);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(total.count(), 1);
    // alice has the odd rows, failures are every tenth (even) row: none.
    QCOMPARE(model.totalCount(), 0);
    filter.operatorName = QStringLiteral("bob");
    filter.target = QStringLiteral("key-0");
    model.setFilter(filter);
    QCOMPARE(model.totalCount(), qint64(kRows / 10));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QJsonObject event = model.eventAt(row);
        QCOMPARE(event.value(QStringLiteral("operator")).toString(), QStringLiteral("bob"));
        QCOMPARE(event.value(QStringLiteral("target")).toString(), QStringLiteral("key-0"));
        QVERIFY(model.data(model.index(row, 0), AuditTableModel::IsFailureRole).toBool());
    }
    QCOMPARE(AuditTableModel::filterParameters(filter),
        QJsonObject({ { "operatorName", "bob" }, { "target", "key-0" }, { "result", "FAILURE" } }));
}

// A filtered view cannot name seqs from offsets: a jump into the older half is read oldest
// first from the old end; every row must still be the one a newest-first walk puts there.
void TestAuditTableModel::filteredJumpsReadFromTheOldEnd()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    store::AuditQuery filter;
    filter.operatorName = QStringLiteral("alice");
    model.setFilter(filter);
    auto all = m_store->session().store().auditPage(filter, 0, 100000);
    QVERIFY_RESULT(all);
    QCOMPARE(model.rowCount(), all->size());
    const int requests = model.requestCount();
    for (int row : { model.rowCount() - 1, model.rowCount() - 150, model.rowCount() * 3 / 4,
             model.rowCount() / 2 + 7, 5 }) {
        QCOMPARE(model.data(model.index(row, 0), AuditTableModel::SeqRole).toLongLong(),
            all->at(row).seq);
    }
    QCOMPARE(model.requestCount(), requests + 4); // pages 0 came with the count
    // Walking down from a jumped-to page continues by keyset.
    const int start = (model.rowCount() * 3 / 4 / 100) * 100;
    for (int row = start; row < start + 250 && row < model.rowCount(); ++row)
        QCOMPARE(model.data(model.index(row, 0), AuditTableModel::SeqRole).toLongLong(),
            all->at(row).seq);
}

void TestAuditTableModel::pinnedUntilRefresh()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    const qint64 before = model.totalCount();
    const qint64 top = model.data(model.index(0, 0), AuditTableModel::SeqRole).toLongLong();
    (void)client.call(QStringLiteral("DescribeKey")); // refused, audited: a new row
    QCOMPARE(model.totalCount(), before);
    QCOMPARE(model.data(model.index(150, 0), AuditTableModel::SeqRole).toLongLong(), top - 150);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.totalCount(), before + 1);
    QCOMPARE(model.data(model.index(0, 0), AuditTableModel::SeqRole).toLongLong(), top + 1);
    QCOMPARE(model.data(model.index(0, AuditTableModel::ActionColumn)).toString(),
        QStringLiteral("DescribeKey"));
}

void TestAuditTableModel::modelTester()
{
    KmsClient client(m_store->session());
    AuditTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    store::AuditQuery filter;
    filter.action = QStringLiteral("Encrypt");
    model.setFilter(filter);
    QVERIFY(model.rowCount() > 0);
    (void)model.data(model.index(model.rowCount() - 1, AuditTableModel::TimeColumn));
    model.setFilter({});
    model.refresh();
    model.retranslate();
    QCOMPARE(model.headerData(AuditTableModel::SeqColumn, Qt::Horizontal).toString(),
        QStringLiteral("Seq"));
}

QTEST_GUILESS_MAIN(TestAuditTableModel)
#include "TestAuditTableModel.moc"
