#include "KeyTableModel.h"
#include "KmsClient.h"
#include "TestHelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace kms;

namespace {

constexpr int kKeyCount = 300;

// Key i: EC_P256 for every 15th (20 keys, under the quota of 50 asymmetric keys), SM4_128 for
// i % 10 == 1, AES_256 otherwise; description "key NNN", with " needle" for i % 50 == 7;
// alias alias/app-NNN for i % 25 == 3.
QString specOf(int i)
{
    if (i % 15 == 0)
        return QStringLiteral("EC_P256");
    if (i % 10 == 1)
        return QStringLiteral("SM4_128");
    return QStringLiteral("AES_256");
}

// Rows in descending (creation date, key id) order, the ListKeys order the model asks for.
bool isNewestFirst(const KeyTableModel &model)
{
    for (int row = 1; row < model.rowCount(); ++row) {
        const QModelIndex above = model.index(row - 1, 0);
        const QModelIndex below = model.index(row, 0);
        const auto key = [](const QModelIndex &index) {
            return std::make_pair(index.data(KeyTableModel::CreationDateRole).toDateTime(),
                index.data(KeyTableModel::KeyIdRole).toString());
        };
        if (key(above) < key(below)) {
            qWarning("rows %d and %d out of order", row - 1, row);
            return false;
        }
    }
    return true;
}

} // namespace

class TestKeyTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pagesComeInOnDemand();
    void headerAndRoles();
    void sortGoesToSql();
    void filtersGoToSql();
    void searchCoversAliasesAndDescriptions();
    void failedListStopsFetching();
    void refreshSeesChangesMadeElsewhere();
    void refreshShowsKeysCreatedElsewhere();
    void changeThroughClientRefreshes();

private:
    std::unique_ptr<test::TestStore> m_store;
    QStringList m_ids; // by creation
};

void TestKeyTableModel::initTestCase()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    for (int i = 0; i < kKeyCount; ++i) {
        QString description = QStringLiteral("key %1").arg(i, 3, 10, QLatin1Char('0'));
        if (i % 50 == 7)
            description += QStringLiteral(" needle");
        const QString spec = specOf(i);
        const Response created = m_store->call(QStringLiteral("CreateKey"),
            { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                { QStringLiteral("keySpec"), spec },
                { QStringLiteral("keyUsage"),
                    spec == QLatin1String("EC_P256") ? QStringLiteral("SIGN/VERIFY")
                                                     : QStringLiteral("ENCRYPT/DECRYPT") },
                { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
                { QStringLiteral("description"), description } });
        QCOMPARE_CODE(created, "0");
        const QString id = created.data.value(QStringLiteral("keyMetadata"))
                               .toObject()
                               .value(QStringLiteral("cmkUuid"))
                               .toString();
        m_ids.append(id);
        if (i % 25 == 3)
            QCOMPARE_CODE(
                m_store->call(QStringLiteral("CreateAlias"),
                    { { QStringLiteral("aliasName"),
                          QStringLiteral("alias/app-%1").arg(i, 3, 10, QLatin1Char('0')) },
                        { QStringLiteral("cmkUuid"), id } }),
                "0");
    }
}

void TestKeyTableModel::pagesComeInOnDemand()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy total(&model, &KeyTableModel::totalCountChanged);

    // Nothing is read before a view (or the tester) asks.
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.canFetchMore({}));

    model.fetchMore({});
    QCOMPARE(model.rowCount(), KeyTableModel::kPageSize);
    QCOMPARE(model.totalCount(), qint64(kKeyCount));
    QCOMPARE(total.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), KeyTableModel::kPageSize - 1);

    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * KeyTableModel::kPageSize);
    QCOMPARE(inserted.at(1).at(1).toInt(), KeyTableModel::kPageSize);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), kKeyCount);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(inserted.count(), 3);

    // Default order: newest first (creation date, then key id), every key once.
    QVERIFY(isNewestFirst(model));
    QStringList loaded;
    for (int row = 0; row < model.rowCount(); ++row)
        loaded.append(model.keyIdAt(row));
    loaded.sort();
    QStringList all = m_ids;
    all.sort();
    QCOMPARE(loaded, all);

    // The same again under the tester: it fetches too, and checks every signal.
    KeyTableModel tested(client);
    QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(tested.rowCount() >= KeyTableModel::kPageSize);
    while (tested.canFetchMore({}))
        tested.fetchMore({});
    QCOMPARE(tested.rowCount(), kKeyCount);
    QVERIFY(isNewestFirst(tested));
    QCOMPARE(tested.keyIdAt(tested.rowOfKey(m_ids.at(5))), m_ids.at(5));
}

void TestKeyTableModel::headerAndRoles()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.columnCount(), int(KeyTableModel::ColumnCount));
    QCOMPARE(model.headerData(KeyTableModel::KeyIdColumn, Qt::Horizontal).toString(),
        QStringLiteral("Key ID"));
    QCOMPARE(model.headerData(KeyTableModel::StateColumn, Qt::Horizontal).toString(),
        QStringLiteral("State"));

    const int row = model.rowOfKey(m_ids.at(3)); // alias/app-003
    QVERIFY(row < 0); // oldest keys come last: not loaded yet
    model.sort(KeyTableModel::CreatedColumn, Qt::AscendingOrder);
    QVERIFY(model.rowOfKey(m_ids.at(3)) >= 0);
    const QModelIndex first = model.index(model.rowOfKey(m_ids.at(3)), KeyTableModel::AliasColumn);
    QCOMPARE(first.data(KeyTableModel::KeyIdRole).toString(), m_ids.at(3));
    QCOMPARE(first.data().toString(), QStringLiteral("alias/app-003"));
    QCOMPARE(first.data(KeyTableModel::AliasesRole).toStringList(),
        QStringList { QStringLiteral("alias/app-003") });
    QCOMPARE(first.data(KeyTableModel::KeyStateRole).toString(), QStringLiteral("Enabled"));
    QCOMPARE(first.siblingAtColumn(KeyTableModel::StateColumn).data().toString(),
        QStringLiteral("Enabled"));
    QCOMPARE(first.siblingAtColumn(KeyTableModel::DescriptionColumn).data().toString(),
        QStringLiteral("key 003"));
    QCOMPARE(first.data(KeyTableModel::KeySpecRole).toString(), QStringLiteral("AES_256"));
    const int ec = model.rowOfKey(m_ids.at(0));
    QCOMPARE(
        model.index(ec, KeyTableModel::SpecColumn).data().toString(), QStringLiteral("EC_P256"));
    QCOMPARE(model.index(ec, KeyTableModel::UsageColumn).data().toString(),
        QStringLiteral("SIGN/VERIFY"));
    const QJsonObject metadata = first.data(KeyTableModel::KeyMetadataRole).toJsonObject();
    QCOMPARE(metadata.value(QStringLiteral("cmkUuid")).toString(), m_ids.at(3));
    QVERIFY(!metadata.value(QStringLiteral("primaryKeyVersion")).toString().isEmpty());
    QCOMPARE(first.data(KeyTableModel::RegionRole).toString(), QStringLiteral("local-1"));
    QVERIFY(!first.data(KeyTableModel::IsDefaultKeyRole).toBool());
    QVERIFY(first.data(KeyTableModel::CreationDateRole).toDateTime().isValid());
    QVERIFY(model.roleNames().contains(KeyTableModel::KeyIdRole));
}

void TestKeyTableModel::sortGoesToSql()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // Sorted by key id: the first page holds the smallest ids of the whole store, not a
    // sorted first page of creation order.
    model.sort(KeyTableModel::KeyIdColumn, Qt::AscendingOrder);
    QCOMPARE(reset.count(), 1);
    QStringList sorted = m_ids;
    sorted.sort();
    QVERIFY(model.rowCount() >= KeyTableModel::kPageSize);
    for (int row = 0; row < KeyTableModel::kPageSize; ++row)
        QCOMPARE(model.keyIdAt(row), sorted.at(row));
    QCOMPARE(model.totalCount(), qint64(kKeyCount));

    model.sort(KeyTableModel::KeyIdColumn, Qt::DescendingOrder);
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.keyIdAt(0), sorted.last());
    QCOMPARE(model.keyIdAt(1), sorted.at(sorted.size() - 2));
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);

    // The same order again: no reload.
    model.sort(KeyTableModel::KeyIdColumn, Qt::DescendingOrder);
    QCOMPARE(reset.count(), 2);

    model.sort(KeyTableModel::DescriptionColumn, Qt::DescendingOrder);
    QCOMPARE(model.index(0, KeyTableModel::DescriptionColumn).data().toString(),
        QStringLiteral("key 299"));
    QCOMPARE(model.index(1, KeyTableModel::DescriptionColumn).data().toString(),
        QStringLiteral("key 298"));

    // Keys with an alias first (alias order), the others after.
    model.sort(KeyTableModel::AliasColumn, Qt::AscendingOrder);
    QCOMPARE(model.index(0, KeyTableModel::AliasColumn).data().toString(),
        QStringLiteral("alias/app-003"));
    QCOMPARE(model.index(1, KeyTableModel::AliasColumn).data().toString(),
        QStringLiteral("alias/app-028"));
    QCOMPARE(model.index(11, KeyTableModel::AliasColumn).data().toString(),
        QStringLiteral("alias/app-278"));
    QCOMPARE(model.index(12, KeyTableModel::AliasColumn).data().toString(), QString());

    model.sort(KeyTableModel::SpecColumn, Qt::AscendingOrder);
    QCOMPARE(
        model.index(0, KeyTableModel::SpecColumn).data().toString(), QStringLiteral("AES_256"));
    model.sort(KeyTableModel::SpecColumn, Qt::DescendingOrder);
    QCOMPARE(
        model.index(0, KeyTableModel::SpecColumn).data().toString(), QStringLiteral("SM4_128"));
    QCOMPARE(reset.count(), 6);
}

void TestKeyTableModel::filtersGoToSql()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy total(&model, &KeyTableModel::totalCountChanged);

    const qint64 ecKeys
        = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys WHERE key_spec = 'EC_P256'"));
    QCOMPARE(ecKeys, 20);
    model.setSpecFilter(QStringLiteral("EC_P256"));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.totalCount(), ecKeys);
    QCOMPARE(model.rowCount(), int(ecKeys));
    QVERIFY(!model.canFetchMore({}));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(KeyTableModel::KeySpecRole).toString(),
            QStringLiteral("EC_P256"));
    QCOMPARE(total.last().at(0).toLongLong(), ecKeys);

    // Filters combine; the region filter takes the configured region.
    model.setRegionFilter(QStringLiteral("local-1"));
    QCOMPARE(model.totalCount(), ecKeys);
    model.setStateFilter(QStringLiteral("Disabled"));
    QCOMPARE(model.totalCount(),
        m_store->scalar(QStringLiteral(
            "SELECT COUNT(*) FROM keys WHERE key_spec = 'EC_P256' AND key_state = 'Disabled'")));
    model.setStateFilter(QString());
    model.setSpecFilter(QStringLiteral("SM4_128"));
    QCOMPARE(model.totalCount(),
        m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys WHERE key_spec = 'SM4_128'")));
    QVERIFY(model.totalCount() > KeyTableModel::kPageSize / 4);

    model.setSpecFilter(QString());
    model.setRegionFilter(QString());
    QCOMPARE(model.totalCount(), m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys")));
    QCOMPARE(model.specFilter(), QString());
}

void TestKeyTableModel::searchCoversAliasesAndDescriptions()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    model.setSearchText(QStringLiteral("  needle "));
    QCOMPARE(model.searchText(), QStringLiteral("needle"));
    QCOMPARE(model.totalCount(), qint64(kKeyCount / 50));
    QCOMPARE(model.rowCount(), kKeyCount / 50);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.index(row, KeyTableModel::DescriptionColumn)
                    .data()
                    .toString()
                    .endsWith(QLatin1String(" needle")));

    model.setSearchText(QStringLiteral("APP-1")); // case-insensitive, aliases app-103, 128, ...
    QCOMPARE(model.totalCount(), qint64(4));
    model.setSearchText(m_ids.at(42).left(13));
    QVERIFY(model.rowOfKey(m_ids.at(42)) >= 0);
    model.setSearchText(QStringLiteral("no such key anywhere"));
    QCOMPARE(model.totalCount(), qint64(0));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
}

void TestKeyTableModel::failedListStopsFetching()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy failed(&model, &KeyTableModel::loadFailed);
    model.setRegionFilter(QStringLiteral("nowhere-9"));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).value<Response>().code, QStringLiteral("KMS.0101"));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    model.setRegionFilter(QString());
    QCOMPARE(model.rowCount() > 0, true);
    QCOMPARE(failed.count(), 1);
}

void TestKeyTableModel::refreshSeesChangesMadeElsewhere()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int row = model.rowOfKey(m_ids.at(kKeyCount - 10));
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, 0).data(KeyTableModel::KeyStateRole).toString(),
        QStringLiteral("Enabled"));
    const int loaded = model.rowCount();

    // Another window (or kmsctl): a connection of its own to the same file.
    auto other = m_store->session().openConnection();
    QVERIFY_RESULT(other);
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("DisableKey"),
                      { { QStringLiteral("cmkUuid"), m_ids.at(kKeyCount - 10) } }),
        "0");
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("UpdateKeyDescription"),
                      { { QStringLiteral("cmkUuid"), m_ids.at(kKeyCount - 12) },
                          { QStringLiteral("description"), QStringLiteral("changed elsewhere") } }),
        "0");
    // The model does not know yet.
    QCOMPARE(model.index(row, 0).data(KeyTableModel::KeyStateRole).toString(),
        QStringLiteral("Enabled"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(reset.count(), 0); // same keys, same order: the view keeps selection and scroll
    QVERIFY(model.rowCount() >= loaded);
    QCOMPARE(model.index(row, 0).data(KeyTableModel::KeyStateRole).toString(),
        QStringLiteral("Disabled"));
    QCOMPARE(
        model.index(row, KeyTableModel::StateColumn).data().toString(), QStringLiteral("Disabled"));
    const int described = model.rowOfKey(m_ids.at(kKeyCount - 12));
    QCOMPARE(model.index(described, KeyTableModel::DescriptionColumn).data().toString(),
        QStringLiteral("changed elsewhere"));
    // Only the two changed rows were announced (one run if they are neighbours).
    QSet<int> announced;
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        for (int r = signal.at(0).toModelIndex().row(); r <= signal.at(1).toModelIndex().row(); ++r)
            announced.insert(r);
    }
    QCOMPARE(announced, (QSet<int> { row, described }));

    // Enabled again, for the other tests.
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("EnableKey"),
                      { { QStringLiteral("cmkUuid"), m_ids.at(kKeyCount - 10) } }),
        "0");
}

void TestKeyTableModel::refreshShowsKeysCreatedElsewhere()
{
    KmsClient client(m_store->session());
    // Oldest first, everything loaded: a new key comes in at the end.
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.sort(KeyTableModel::CreatedColumn, Qt::AscendingOrder);
    while (model.canFetchMore({}))
        model.fetchMore({});
    const int before = model.rowCount();
    QCOMPARE(qint64(before), model.totalCount());

    // Newest first: the new key comes in at the top, which resets the model.
    KeyTableModel newest(client);
    QAbstractItemModelTester newestTester(
        &newest, QAbstractItemModelTester::FailureReportingMode::Fatal);

    auto other = m_store->session().openConnection();
    QVERIFY_RESULT(other);
    const Response created = (*other)->service().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("description"), QStringLiteral("made by kmsctl") } });
    QCOMPARE_CODE(created, "0");
    const QString id = created.data.value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), before);
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(model.keyIdAt(before), id);
    QCOMPARE(model.totalCount(), qint64(before + 1));

    QSignalSpy newestReset(&newest, &QAbstractItemModel::modelReset);
    newest.refresh();
    QCOMPARE(newestReset.count(), 1);
    QCOMPARE(newest.keyIdAt(0), id);
    QCOMPARE(newest.totalCount(), qint64(before + 1));

    QCOMPARE_CODE(
        (*other)->service().call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    model.setStateFilter(QStringLiteral("PendingDeletion"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.keyIdAt(0), id);
    QCOMPARE(model.index(0, KeyTableModel::StateColumn).data().toString(),
        QStringLiteral("Pending deletion"));
}

void TestKeyTableModel::changeThroughClientRefreshes()
{
    KmsClient client(m_store->session());
    KeyTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setStateFilter(QStringLiteral("Disabled"));
    const int before = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // A change through the client: storeChanged refreshes the model, no refresh() needed.
    QCOMPARE_CODE(
        client.call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), m_ids.at(100) } }),
        "0");
    QCOMPARE(model.rowCount(), before + 1);
    QVERIFY(model.rowOfKey(m_ids.at(100)) >= 0);
    QCOMPARE(inserted.count() + reset.count(), 1);

    QCOMPARE_CODE(
        client.call(QStringLiteral("EnableKey"), { { QStringLiteral("cmkUuid"), m_ids.at(100) } }),
        "0");
    QCOMPARE(model.rowCount(), before);
    QCOMPARE(model.rowOfKey(m_ids.at(100)), -1);
}

QTEST_MAIN(TestKeyTableModel)
#include "TestKeyTableModel.moc"
