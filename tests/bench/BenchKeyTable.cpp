// bench_key_table: the Keys page over a store of 100,000 keys (issue 4, item 9). Prints the
// time from creating the page to the first rows painted, the time of filter and sort changes
// (rows back from SQL), and the peak memory, next to the targets. A benchmark, not a test:
// no assertions. Usage: bench_key_table [--keys N] [--load-rows N] [--save-db FILE]
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "KmsClient.h"
#include "TestHelpers.h"
#include "store/Store.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QTableView>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace kms;

namespace {

// A /proc/self/status field in MiB (VmHWM, VmRSS), -1 if unreadable.
double statusMiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Resets VmHWM to the current RSS, so the peak measured afterwards is the console's, not the
// store filler's (Linux: "5" > /proc/self/clear_refs).
bool resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

void row(const char *what, double value, const char *unit, const char *target = "")
{
    std::printf("  %-56s %10.1f %-4s %s\n", what, value, unit, target);
}

// Runs `change` (which must leave the model with rows back) `runs` times with `undo` in
// between; returns the median time of `change` in ms.
double median(int runs, const std::function<void()> &change, const std::function<void()> &undo)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        change();
        times.push_back(ms(timer.nsecsElapsed()));
        undo();
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

bool fill(StoreSession &session, int count)
{
    static const char *const specs[] = { "AES_256", "AES_256", "AES_256", "AES_256", "AES_256",
        "AES_256", "SM4_128", "SM4_128", "RSA_2048", "EC_P256" };
    store::Store &store = session.store();
    store::TransactionGuard transaction(store);
    if (!transaction.begin())
        return false;
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-400);
    for (int i = 0; i < count; ++i) {
        store::KeyRecord key;
        key.cmkUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        key.regionId = QStringLiteral("local-1");
        key.keySpec = QString::fromLatin1(specs[i % 10]);
        key.keyUsage = key.keySpec == QLatin1String("EC_P256") || (i % 20 == 8)
            ? QStringLiteral("SIGN/VERIFY")
            : QStringLiteral("ENCRYPT/DECRYPT");
        key.keyState = i % 20 == 3 ? QStringLiteral("Disabled")
            : i % 40 == 5          ? QStringLiteral("PendingDeletion")
                                   : QStringLiteral("Enabled");
        if (key.keyState == QLatin1String("PendingDeletion"))
            key.deleteDate = start.addDays(420);
        key.protectionLevel = QStringLiteral("SOFTWARE");
        key.origin = QStringLiteral("KMS");
        key.description = QStringLiteral("Bench key %1 of team-%2 for service %3")
                              .arg(i)
                              .arg(i % 500)
                              .arg(i % 37);
        key.creationDate = start.addSecs(i * 60);
        if (!store.insertKey(key))
            return false;
        if (i % 10 == 0) {
            const store::AliasRecord alias { QStringLiteral("alias/bench/app-%1").arg(i),
                key.regionId, key.cmkUuid, key.creationDate, key.creationDate };
            if (!store.insertAlias(alias))
                return false;
        }
    }
    return bool(transaction.commit());
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int keys = 100'000;
    int loadRows = 10'000;
    QString saveDb; // a copy of the filled store, to study query plans with sqlite3
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--keys"))
            keys = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--load-rows"))
            loadRows = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--save-db"))
            saveDb = args.at(i + 1);
    }

    std::printf(
        "bench_key_table: Keys page over %d keys (%d with an alias)\n", keys, (keys + 9) / 10);
    test::TestStore testStore;
    if (!testStore.isValid())
        return 1;
    QElapsedTimer timer;
    timer.start();
    if (!fill(testStore.session(), keys)) {
        std::printf("filling the store failed\n");
        return 1;
    }
    std::printf("  store filled in %.1f s (one transaction); peak memory while filling %.1f MiB\n",
        timer.elapsed() / 1000.0, statusMiB("VmHWM"));
    if (!saveDb.isEmpty()) {
        QFile::remove(saveDb);
        const bool saved = testStore.exec(QStringLiteral("VACUUM INTO '%1'").arg(saveDb));
        std::printf("  store copied to %s: %s\n", qPrintable(saveDb), saved ? "yes" : "FAILED");
    }
    const bool peakReset = resetPeak();

    // --- start: page and model created, first rows painted ---------------------------------
    timer.restart();
    KmsClient client(testStore.session());
    ui::KeysPage page(client);
    page.resize(1400, 800);
    page.show();
    const bool exposed = QTest::qWaitForWindowExposed(&page);
    KeyTableModel *model = page.model();
    (void)page.grab(); // paints the table with its rows
    const double firstRows = ms(timer.nsecsElapsed());
    std::printf("\nstart-up (exposed: %s, rows loaded: %d of %lld)\n", exposed ? "yes" : "no",
        model->rowCount(), model->totalCount());
    row("create page + model -> first rows painted", firstRows, "ms", "(target < 1000 ms)");
    row("resident memory with the first page (VmRSS)", statusMiB("VmRSS"), "MiB");

    // --- filter and sort changes: rows back from SQL (median of 5) -------------------------
    auto *state = page.findChild<QComboBox *>(QStringLiteral("stateComboBox"));
    auto *spec = page.findChild<QComboBox *>(QStringLiteral("specComboBox"));
    const auto choose = [](QComboBox *combo, const char *value) {
        combo->setCurrentIndex(combo->findData(QString::fromLatin1(value)));
    };
    constexpr int runs = 5;
    std::printf("\nfilter / sort change -> rows back (median of %d; first page of 100 rows and "
                "the total count)\n",
        runs);
    const auto report = [&](const char *what, const std::function<void()> &change,
                            const std::function<void()> &undo, const char *target) {
        const double t = median(runs, change, undo);
        change();
        char label[128];
        std::snprintf(label, sizeof label, "%s [%lld rows]", what, model->totalCount());
        undo();
        row(label, t, "ms", target);
        return t;
    };
    const char *filterTarget = "(target < 100 ms)";
    report(
        "state = Disabled (combo)", [&] { choose(state, "Disabled"); }, [&] { choose(state, ""); },
        filterTarget);
    report(
        "spec = RSA_2048 (combo)", [&] { choose(spec, "RSA_2048"); }, [&] { choose(spec, ""); },
        filterTarget);
    report(
        "state + spec (Disabled, EC_P256)",
        [&] {
            choose(state, "Disabled");
            choose(spec, "EC_P256");
        },
        [&] {
            choose(state, "");
            choose(spec, "");
        },
        filterTarget);
    report(
        "search \"team-42 \" (description)",
        [&] { model->setSearchText(QStringLiteral("team-42 ")); },
        [&] { model->setSearchText(QString()); }, filterTarget);
    const QString someId = model->keyIdAt(5);
    report(
        "search key id prefix (8 chars)", [&] { model->setSearchText(someId.left(8)); },
        [&] { model->setSearchText(QString()); }, filterTarget);
    report(
        "search \"app-4242\" (alias)", [&] { model->setSearchText(QStringLiteral("app-4242")); },
        [&] { model->setSearchText(QString()); }, filterTarget);
    report(
        "search with no match", [&] { model->setSearchText(QStringLiteral("zzz-nothing")); },
        [&] { model->setSearchText(QString()); }, filterTarget);
    model->setSearchText(QStringLiteral("service 7"));
    report(
        "state = Enabled while searching \"service 7\"", [&] { choose(state, "Enabled"); },
        [&] { choose(state, ""); }, filterTarget);
    model->setSearchText(QString());
    const auto sortBy = [&](int column, Qt::SortOrder order) {
        return [&page, column, order] { page.tableView()->sortByColumn(column, order); };
    };
    const auto defaultSort = sortBy(KeyTableModel::CreatedColumn, Qt::DescendingOrder);
    report("sort by key id", sortBy(KeyTableModel::KeyIdColumn, Qt::AscendingOrder), defaultSort,
        filterTarget);
    report("sort by alias (asc)", sortBy(KeyTableModel::AliasColumn, Qt::AscendingOrder),
        defaultSort, filterTarget);
    report("sort by alias (desc)", sortBy(KeyTableModel::AliasColumn, Qt::DescendingOrder),
        defaultSort, filterTarget);
    report("sort by description", sortBy(KeyTableModel::DescriptionColumn, Qt::AscendingOrder),
        defaultSort, filterTarget);
    report("sort by state", sortBy(KeyTableModel::StateColumn, Qt::AscendingOrder), defaultSort,
        filterTarget);
    report("sort by created (asc)", sortBy(KeyTableModel::CreatedColumn, Qt::AscendingOrder),
        defaultSort, filterTarget);
    report(
        "refresh (F5) of the loaded page", [&] { page.refresh(); }, [] {}, filterTarget);

    // --- scrolling: pages fetched as the view asks ------------------------------------------
    std::printf("\nscrolling (fetchMore, 100 rows a page)\n");
    timer.restart();
    while (model->rowCount() < loadRows && model->canFetchMore({}))
        model->fetchMore({});
    const double loadTime = ms(timer.nsecsElapsed());
    char label[128];
    std::snprintf(label, sizeof label, "load %d rows (%d pages)", model->rowCount(),
        model->rowCount() / KeyTableModel::kPageSize);
    row(label, loadTime, "ms");
    row("  mean per page", loadTime / std::max(1, model->rowCount() / 100), "ms");
    timer.restart();
    const Response deep = client.call(QStringLiteral("ListKeys"),
        { { QStringLiteral("pageNumber"), std::max(1, keys / 100) },
            { QStringLiteral("pageSize"), 100 } });
    row("one page at the far end (OFFSET ~ all keys)", ms(timer.nsecsElapsed()), "ms",
        deep.ok() ? "" : "(failed)");
    page.tableView()->scrollToBottom();
    QApplication::processEvents();
    (void)page.grab();

    std::printf("\nmemory\n");
    row(peakReset ? "peak (VmHWM) since the page was created" : "peak (VmHWM) of the process",
        statusMiB("VmHWM"), "MiB", "(target < 300 MiB)");
    row("resident now (VmRSS)", statusMiB("VmRSS"), "MiB");
    return 0;
}
