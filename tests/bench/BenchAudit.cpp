// bench_audit: the audit log at a million rows (issue 9, item 6). Prints audit appends per
// second (one transaction per row, as each request writes it), the time to build the store,
// the verification time of the whole chain (target: 1,000,000 rows within 5 s on one core),
// and the time to fetch the first and last page, unfiltered and filtered, by raw OFFSET, by
// keyset, by the store's auditPage (offset from the nearer end) and through the model as the
// Audit page does. A benchmark, not a test: no assertions.
// Usage: bench_audit [--rows N] [--appends N]
#include "AuditTableModel.h"
#include "KmsClient.h"
#include "TestHelpers.h"
#include "audit/AuditLog.h"
#include "core/Clock.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>

#include <cstdio>
#include <ctime>
#include <functional>

using namespace kms;

namespace {

double millis(const std::function<void()> &work, int repeat = 1)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < repeat; ++i)
        work();
    return double(timer.nsecsElapsed()) / 1e6 / repeat;
}

// CPU time of the calling thread: verification runs on one core, and the machine is shared.
double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

store::AuditRecord makeRow(qint64 i, const QDateTime &base)
{
    static const char *const operators[] = { "alice", "bob", "carol", "dave", "erin" };
    static const char *const actions[]
        = { "Encrypt", "Decrypt", "DescribeKey", "CreateKey", "ListKeys", "GenerateDataKey" };
    store::AuditRecord row;
    row.time = base.addMSecs(i * 50);
    row.operatorName = QLatin1String(operators[i % 5]);
    row.action = QLatin1String(actions[i % 6]);
    row.target
        = QStringLiteral("6f1c3a1e-0000-4000-8000-%1").arg(i % 1000, 12, 10, QLatin1Char('0'));
    row.regionId = QStringLiteral("local-1");
    row.resultCode = i % 50 == 0 ? QStringLiteral("KMS.0206") : QStringLiteral("0");
    row.requestId = QStringLiteral("2f7d0c9a-1111-4222-8333-%1").arg(i, 12, 10, QLatin1Char('0'));
    return row;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 rows = 1'000'000;
    int appends = 20'000;
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(QStringLiteral("--rows")); at > 0)
        rows = args.value(at + 1).toLongLong();
    if (const qsizetype at = args.indexOf(QStringLiteral("--appends")); at > 0)
        appends = args.value(at + 1).toInt();

    test::TestStore testStore;
    if (!testStore.isValid())
        return 1;
    store::Store &store = testStore.session().store();
    const AuditLog &log = testStore.service().auditLog();
    const QDateTime base(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);

    // 1. Appends, one transaction each (the cost a request pays for its audit row).
    qint64 next = 0;
    const double appendMs = millis([&] {
        for (int i = 0; i < appends; ++i) {
            store::TransactionGuard transaction(store);
            (void)transaction.begin();
            (void)log.append(store, makeRow(next++, base));
            (void)transaction.commit();
        }
    });
    std::printf("audit appends, one transaction each: %d in %.0f ms = %.0f rows/s\n", appends,
        appendMs, appends / appendMs * 1000);

    // 2. The rest of the million in transactions of 10,000.
    const double buildMs = millis([&] {
        while (next < rows) {
            store::TransactionGuard transaction(store);
            (void)transaction.begin();
            for (int i = 0; i < 10'000 && next < rows; ++i)
                (void)log.append(store, makeRow(next++, base));
            (void)transaction.commit();
        }
    });
    std::printf("building the store to %lld rows (batches of 10,000): %.1f s = %.0f rows/s\n", rows,
        buildMs / 1000, double(rows - appends) / buildMs * 1000);

    // 3. Verification of the whole chain.
    AuditLog::Verdict verdict;
    const double cpuBefore = threadCpuSeconds();
    const double verifyMs = millis([&] { verdict = *log.verify(store); });
    const double verifyCpu = threadCpuSeconds() - cpuBefore;
    std::printf("verify %lld rows: %.2f s wall, %.2f s CPU of this thread (%s), %.0f rows/s; "
                "target 1,000,000 within 5 s on one core\n",
        verdict.rowsChecked, verifyMs / 1000, verifyCpu, verdict.intact ? "intact" : "BROKEN",
        verdict.rowsChecked / verifyMs * 1000);

    // 4. Pages: raw OFFSET from the newest end, keyset, and the store's auditPage.
    const qint64 count = *store.auditCount({});
    test::SqlFile file(testStore.databasePath());
    auto rawPage = [&](const QString &where, qint64 offset) {
        QSqlQuery query(file.db());
        query.exec(QStringLiteral("SELECT seq, time, operator, action, target, region_id, "
                                  "result_code, request_id, mac FROM audit %1 ORDER BY seq DESC "
                                  "LIMIT 100 OFFSET %2")
                       .arg(where)
                       .arg(offset));
        while (query.next()) { }
    };
    store::AuditQuery none;
    store::AuditQuery byOperator;
    byOperator.operatorName = QStringLiteral("carol");
    store::AuditQuery failures;
    failures.result = QStringLiteral("FAILURE");
    // The oldest tenth of the log by time: matching rows sit at the far end of a newest-first
    // walk.
    store::AuditQuery oldest;
    oldest.from = base;
    oldest.to = base.addMSecs(rows * 50 / 10);
    struct Case
    {
        const char *name;
        store::AuditQuery query;
        QString where;
    };
    const Case cases[] = {
        { "no filter", none, QString() },
        { "operator = carol (1/5)", byOperator, QStringLiteral("WHERE operator = 'carol'") },
        { "failures (1/50)", failures, QStringLiteral("WHERE result_code <> '0'") },
        { "time: oldest tenth", oldest,
            QStringLiteral("WHERE time >= '%1' AND time < '%2'")
                .arg(formatTime(oldest.from), formatTime(oldest.to)) },
    };
    std::printf("\npage of 100 rows (ms)          count   first  last:OFFSET  last:keyset  "
                "last:auditPage  middle:auditPage\n");
    for (const Case &c : cases) {
        qint64 total = 0;
        const double countMs = millis([&] { total = *store.auditCount(c.query); }, 3);
        const double firstMs = millis([&] { (void)store.auditPage(c.query, 0, 100); }, 5);
        const double rawLastMs
            = millis([&] { rawPage(c.where, std::max<qint64>(0, total - 100)); }, 3);
        // Keyset: the seq bound of the last page is known from the page before it.
        auto before = store.auditPage(c.query, std::max<qint64>(0, total - 101), 1);
        store::AuditQuery keyset = c.query;
        keyset.beforeSeq = before->isEmpty() ? 0 : before->first().seq;
        const double keysetMs = millis([&] { (void)store.auditPage(keyset, 0, 100); }, 5);
        const double lastMs = millis(
            [&] { (void)store.auditPage(c.query, std::max<qint64>(0, total - 100), 100); }, 3);
        const double middleMs = millis([&] { (void)store.auditPage(c.query, total / 2, 100); }, 3);
        std::printf("%-28s %7.1f %7.2f %12.1f %12.2f %15.1f %17.1f   (%lld rows)\n", c.name,
            countMs, firstMs, rawLastMs, keysetMs, lastMs, middleMs, total);
    }

    // 5. Through the service and the model, as the Audit page reads it.
    KmsClient client(testStore.session());
    std::unique_ptr<AuditTableModel> model;
    const double openMs = millis([&] { model = std::make_unique<AuditTableModel>(client); });
    const double endMs = millis([&] {
        (void)model->data(model->index(model->rowCount() - 1, 0), AuditTableModel::SeqRole);
    });
    const double nextMs = millis([&] {
        (void)model->data(model->index(model->rowCount() - 1 - 100, 0), AuditTableModel::SeqRole);
    });
    const double downMs = millis([&] {
        (void)model->data(model->index(200, 0), AuditTableModel::SeqRole);
        (void)model->data(model->index(100, 0), AuditTableModel::SeqRole);
    });
    store::AuditQuery carol;
    carol.operatorName = QStringLiteral("carol");
    const double filterMs = millis([&] { model->setFilter(carol); });
    const double filterEndMs = millis([&] {
        (void)model->data(model->index(model->rowCount() - 1, 0), AuditTableModel::SeqRole);
    });
    const double filterMiddleMs = millis([&] {
        (void)model->data(model->index(model->rowCount() / 2 + 50, 0), AuditTableModel::SeqRole);
    });
    const double filterThreeQuartersMs = millis([&] {
        (void)model->data(
            model->index(model->rowCount() * 3 / 4 + 50, 0), AuditTableModel::SeqRole);
    });
    std::printf("\nAuditTableModel over %lld rows: open (count + first page) %.1f ms, jump to "
                "the last row %.1f ms, the page above it %.1f ms, pages 2-3 (keyset) %.1f ms, "
                "filter operator %.1f ms, its last row %.1f ms, its middle %.1f ms, at 3/4 "
                "%.1f ms\n",
        count, openMs, endMs, nextMs, downMs, filterMs, filterEndMs, filterMiddleMs,
        filterThreeQuartersMs);
    store::AuditQuery oldestWeek = oldest;
    model->setFilter(oldestWeek);
    const double timeEndMs = millis([&] {
        (void)model->data(model->index(model->rowCount() - 1, 0), AuditTableModel::SeqRole);
    });
    const double timeFirstMs
        = millis([&] { (void)model->data(model->index(150, 0), AuditTableModel::SeqRole); });
    std::printf("AuditTableModel, oldest tenth by time: first rows %.1f ms, last row %.1f ms\n",
        timeFirstMs, timeEndMs);
    return 0;
}
