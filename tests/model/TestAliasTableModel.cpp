#include "AliasTableModel.h"
#include "KmsClient.h"
#include "TestHelpers.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace kms;

namespace {

constexpr int kKeys = 60;
constexpr int kAliasesPerKey = 4;

QString aliasName(int key, int n)
{
    return QStringLiteral("alias/k%1-%2").arg(key, 2, 10, QLatin1Char('0')).arg(n);
}

QString keyIdOf(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata"))
        .toObject()
        .value(QStringLiteral("cmkUuid"))
        .toString();
}

} // namespace

class TestAliasTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pagesInAliasOrder();
    void defaultAliasesAreMarked();
    void refreshSeesChangesMadeElsewhere();
    void changeThroughClientRefreshes();
    void regionFilter();

private:
    std::unique_ptr<test::TestStore> m_store;
    QStringList m_keys;
    QString m_defaultKey;
};

void TestAliasTableModel::initTestCase()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    for (int key = 0; key < kKeys; ++key) {
        m_keys.append(m_store->createKey());
        QVERIFY(!m_keys.last().isEmpty());
        for (int n = 0; n < kAliasesPerKey; ++n)
            QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                              { { QStringLiteral("aliasName"), aliasName(key, n) },
                                  { QStringLiteral("cmkUuid"), m_keys.last() } }),
                "0");
    }
    const Response defaultKey = m_store->call(QStringLiteral("GetDefaultKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("product"), QStringLiteral("ecs") } });
    QCOMPARE_CODE(defaultKey, "0");
    m_defaultKey = keyIdOf(defaultKey);
}

void TestAliasTableModel::pagesInAliasOrder()
{
    KmsClient client(m_store->session());
    AliasTableModel model(client);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), AliasTableModel::kPageSize);
    QCOMPARE(model.totalCount(), qint64(kKeys * kAliasesPerKey + 1));
    // alias/acs/ecs sorts first, then alias/k00-0, alias/k00-1, ...
    QCOMPARE(model.aliasNameAt(0), QStringLiteral("alias/acs/ecs"));
    QCOMPARE(model.aliasNameAt(1), aliasName(0, 0));
    QCOMPARE(model.index(5, AliasTableModel::KeyIdColumn).data().toString(), m_keys.at(1));
    QCOMPARE(model.index(5, 0).data(AliasTableModel::KeyIdRole).toString(), m_keys.at(1));
    QCOMPARE(
        model.index(5, AliasTableModel::RegionColumn).data().toString(), QStringLiteral("local-1"));
    QVERIFY(!model.index(5, AliasTableModel::CreatedColumn).data().toString().isEmpty());

    AliasTableModel tested(client);
    QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::Fatal);
    while (tested.canFetchMore({}))
        tested.fetchMore({});
    QCOMPARE(tested.rowCount(), kKeys * kAliasesPerKey + 1);
    for (int row = 1; row < tested.rowCount(); ++row)
        QVERIFY(tested.aliasNameAt(row - 1) < tested.aliasNameAt(row));
    QCOMPARE(tested.rowOfAlias(aliasName(kKeys - 1, 3), QStringLiteral("local-1")),
        tested.rowCount() - 1);
    QCOMPARE(tested.headerData(AliasTableModel::DefaultColumn, Qt::Horizontal).toString(),
        QStringLiteral("Default"));
}

void TestAliasTableModel::defaultAliasesAreMarked()
{
    KmsClient client(m_store->session());
    AliasTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int row = model.rowOfAlias(QStringLiteral("alias/acs/ecs"), QStringLiteral("local-1"));
    QCOMPARE(row, 0);
    QVERIFY(model.index(row, 0).data(AliasTableModel::DefaultRole).toBool());
    QCOMPARE(model.index(row, AliasTableModel::KeyIdColumn).data().toString(), m_defaultKey);
    QCOMPARE(model.index(row, AliasTableModel::DefaultColumn).data().toString(),
        QStringLiteral("Default (protected)"));
    QVERIFY(!model.index(1, 0).data(AliasTableModel::DefaultRole).toBool());
    QCOMPARE(model.index(1, AliasTableModel::DefaultColumn).data().toString(), QString());
    QCOMPARE(model.index(row, 0)
                 .data(AliasTableModel::AliasRole)
                 .toJsonObject()
                 .value(QStringLiteral("aliasName")),
        QStringLiteral("alias/acs/ecs"));
}

void TestAliasTableModel::refreshSeesChangesMadeElsewhere()
{
    KmsClient client(m_store->session());
    AliasTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const int row = model.rowOfAlias(aliasName(2, 1), QStringLiteral("local-1"));
    QVERIFY(row > 0);
    QCOMPARE(model.index(row, 0).data(AliasTableModel::KeyIdRole).toString(), m_keys.at(2));

    auto other = m_store->session().openConnection();
    QVERIFY_RESULT(other);
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("UpdateAlias"),
                      { { QStringLiteral("aliasName"), aliasName(2, 1) },
                          { QStringLiteral("cmkUuid"), m_keys.at(7) } }),
        "0");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), row);
    QCOMPARE(model.index(row, AliasTableModel::KeyIdColumn).data().toString(), m_keys.at(7));

    // A deleted alias shifts the rows after it: the model resets.
    const qint64 before = model.totalCount();
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("DeleteAlias"),
                      { { QStringLiteral("aliasName"), aliasName(2, 1) } }),
        "0");
    model.refresh();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.totalCount(), before - 1);
    QCOMPARE(model.rowOfAlias(aliasName(2, 1), QStringLiteral("local-1")), -1);
    QCOMPARE(model.aliasNameAt(row), aliasName(2, 2));
}

void TestAliasTableModel::changeThroughClientRefreshes()
{
    KmsClient client(m_store->session());
    AliasTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const qint64 before = model.totalCount();
    QCOMPARE_CODE(client.call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/b-new") },
                          { QStringLiteral("cmkUuid"), m_keys.at(3) } }),
        "0");
    QCOMPARE(model.totalCount(), before + 1);
    QCOMPARE(reset.count(), 1); // inserted in the middle of the name order
    const int row = model.rowOfAlias(QStringLiteral("alias/b-new"), QStringLiteral("local-1"));
    QCOMPARE(row, 1);
    QCOMPARE(model.index(row, 0).data(AliasTableModel::KeyIdRole).toString(), m_keys.at(3));

    // A failed change refreshes nothing.
    QCOMPARE_CODE(client.call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/b-new") },
                          { QStringLiteral("cmkUuid"), m_keys.at(4) } }),
        "KMS.0201");
    QCOMPARE(reset.count(), 1);
}

void TestAliasTableModel::regionFilter()
{
    QVERIFY_RESULT(m_store->session().addRegion(QStringLiteral("east-2"), QStringLiteral("East")));
    const QString key = m_store->createKey(
        QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), QStringLiteral("east-2"));
    QVERIFY(!key.isEmpty());
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), aliasName(0, 0) },
                          { QStringLiteral("cmkUuid"), key } }),
        "0");

    KmsClient client(m_store->session());
    AliasTableModel model(client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRegionFilter(QStringLiteral("east-2"));
    QCOMPARE(model.totalCount(), qint64(1));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(
        model.index(0, AliasTableModel::RegionColumn).data().toString(), QStringLiteral("east-2"));
    QCOMPARE(model.index(0, AliasTableModel::KeyIdColumn).data().toString(), key);
    model.setRegionFilter(QString());
    // The same name in two regions: two rows.
    QVERIFY(model.rowOfAlias(aliasName(0, 0), QStringLiteral("east-2")) >= 0);
    QVERIFY(model.rowOfAlias(aliasName(0, 0), QStringLiteral("local-1")) >= 0);
}

QTEST_MAIN(TestAliasTableModel)
#include "TestAliasTableModel.moc"
