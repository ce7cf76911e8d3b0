// Alias operations: success paths and every alias error code for its real cause.
#include "TestHelpers.h"

#include <QJsonArray>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

namespace {
QJsonObject aliasParams(const QString &name, const QString &cmkUuid = {})
{
    QJsonObject params { { QStringLiteral("aliasName"), name } };
    if (!cmkUuid.isEmpty())
        params.insert(QStringLiteral("cmkUuid"), cmkUuid);
    return params;
}
} // namespace

class TestAliasOperations : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createDescribeRepointDelete();
    void listAliases();
    void sameNameInTwoRegions();
    void defaultKeyAliasesAreProtected();
    void errors_data();
    void errors();
    void deleteFailureInStorage();

private:
    std::unique_ptr<TestStore> m_store;
    QString m_key;
    QString m_otherKey;
    QString m_signKey;
    QString m_pendingKey;
    QString m_defaultKey;
};

void TestAliasOperations::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    m_key = m_store->createKey();
    m_otherKey = m_store->createKey();
    m_signKey = m_store->createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    m_pendingKey = m_store->createKey();
    QCOMPARE_CODE(m_store->call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), m_pendingKey },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    const Response defaultKey = m_store->call(QStringLiteral("GetDefaultKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("product"), QStringLiteral("ecs") } });
    QCOMPARE_CODE(defaultKey, "0");
    m_defaultKey = defaultKey.data.value(QStringLiteral("keyMetadata"))
                       .toObject()
                       .value(QStringLiteral("cmkUuid"))
                       .toString();
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      aliasParams(QStringLiteral("alias/payroll"), m_key)),
        "0");
}

void TestAliasOperations::createDescribeRepointDelete()
{
    const QString name = QStringLiteral("alias/team-a/db_backup-2026");
    Response response = m_store->call(QStringLiteral("CreateAlias"), aliasParams(name, m_key));
    QCOMPARE_CODE(response, "0");
    QCOMPARE(response.data.value(QStringLiteral("alias"))
                 .toObject()
                 .value(QStringLiteral("cmkUuid"))
                 .toString(),
        m_key);

    response
        = m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), name } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(response.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("cmkUuid"))
                 .toString(),
        m_key);

    QCOMPARE_CODE(m_store->call(QStringLiteral("UpdateAlias"), aliasParams(name, m_otherKey)), "0");
    response
        = m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), name } });
    QCOMPARE(response.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("cmkUuid"))
                 .toString(),
        m_otherKey);

    QCOMPARE_CODE(m_store->call(QStringLiteral("DeleteAlias"), aliasParams(name)), "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), name } }),
        "KMS.0301");
    // The longest legal alias.
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CreateAlias"),
            aliasParams(QStringLiteral("alias/") + QString(255, QLatin1Char('a')), m_key)),
        "0");
}

void TestAliasOperations::listAliases()
{
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CreateAlias"), aliasParams(QStringLiteral("alias/b"), m_key)),
        "0");
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      aliasParams(QStringLiteral("alias/c"), m_otherKey)),
        "0");
    Response response
        = m_store->call(QStringLiteral("ListAliases"), { { QStringLiteral("pageSize"), 2 } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(response.data.value(QStringLiteral("totalCount")).toInt(), 4); // + alias/acs/ecs
    const QJsonArray page = response.data.value(QStringLiteral("aliases")).toArray();
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.at(0).toObject().value(QStringLiteral("aliasName")).toString(),
        QStringLiteral("alias/acs/ecs"));
    QCOMPARE(page.at(0).toObject().value(QStringLiteral("isDefault")).toBool(), true);

    response = m_store->call(
        QStringLiteral("ListAliasesByKeyId"), { { QStringLiteral("cmkUuid"), m_key } });
    QCOMPARE_CODE(response, "0");
    QStringList names;
    for (const QJsonValue &alias : response.data.value(QStringLiteral("aliases")).toArray())
        names.append(alias.toObject().value(QStringLiteral("aliasName")).toString());
    QCOMPARE(names, (QStringList { QStringLiteral("alias/b"), QStringLiteral("alias/payroll") }));
}

void TestAliasOperations::sameNameInTwoRegions()
{
    QVERIFY_RESULT(m_store->session().addRegion(QStringLiteral("local-2"), QString()));
    const QString remote = m_store->createKey(
        QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), QStringLiteral("local-2"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      aliasParams(QStringLiteral("alias/payroll"), remote)),
        "0");
    // Ambiguous without a region, exact with one.
    QCOMPARE_CODE(m_store->call(QStringLiteral("DescribeKey"),
                      { { QStringLiteral("cmkUuid"), QStringLiteral("alias/payroll") } }),
        "KMS.0115");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("DeleteAlias"), aliasParams(QStringLiteral("alias/payroll"))),
        "KMS.0115");
    const Response response = m_store->call(QStringLiteral("DescribeKey"),
        { { QStringLiteral("cmkUuid"), QStringLiteral("alias/payroll") },
            { QStringLiteral("regionId"), QStringLiteral("local-2") } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(response.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("cmkUuid"))
                 .toString(),
        remote);
    // An alias only points at keys of its own region.
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("UpdateAlias"),
            QJsonObject { { QStringLiteral("aliasName"), QStringLiteral("alias/payroll") },
                { QStringLiteral("regionId"), QStringLiteral("local-2") },
                { QStringLiteral("cmkUuid"), m_otherKey } }),
        "KMS.0302");
}

void TestAliasOperations::defaultKeyAliasesAreProtected()
{
    const Response response = m_store->call(
        QStringLiteral("ListAliasesByKeyId"), { { QStringLiteral("cmkUuid"), m_defaultKey } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(response.data.value(QStringLiteral("totalCount")).toInt(), 1);
    QCOMPARE_CODE(m_store->call(QStringLiteral("DescribeKey"),
                      { { QStringLiteral("cmkUuid"), QStringLiteral("alias/acs/ecs") } }),
        "0");
}

void TestAliasOperations::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    const QString create = QStringLiteral("CreateAlias");
    const QString update = QStringLiteral("UpdateAlias");
    const QString remove = QStringLiteral("DeleteAlias");

    QTest::newRow("KMS.0103 aliasName missing")
        << create << QJsonObject { { "cmkUuid", "$key" } } << "KMS.0103";
    QTest::newRow("KMS.0103 aliasName empty")
        << remove << QJsonObject { { "aliasName", "" } } << "KMS.0103";
    QTest::newRow("KMS.0102 cmkUuid missing")
        << create << QJsonObject { { "aliasName", "alias/x" } } << "KMS.0102";
    QTest::newRow("KMS.0132 alias too long")
        << create
        << QJsonObject { { "aliasName", QStringLiteral("alias/") + QString(256, QLatin1Char('a')) },
               { "cmkUuid", "$key" } }
        << "KMS.0132";
    QTest::newRow("KMS.0133 no alias/ prefix")
        << create << QJsonObject { { "aliasName", "payroll" }, { "cmkUuid", "$key" } }
        << "KMS.0133";
    QTest::newRow("KMS.0133 illegal character")
        << create << QJsonObject { { "aliasName", "alias/pay roll" }, { "cmkUuid", "$key" } }
        << "KMS.0133";
    QTest::newRow("KMS.0133 nothing after prefix")
        << create << QJsonObject { { "aliasName", "alias/" }, { "cmkUuid", "$key" } } << "KMS.0133";
    QTest::newRow("KMS.0133 reserved prefix")
        << create << QJsonObject { { "aliasName", "alias/acs/mine" }, { "cmkUuid", "$key" } }
        << "KMS.0133";
    QTest::newRow("KMS.0201 alias exists")
        << create << QJsonObject { { "aliasName", "alias/payroll" }, { "cmkUuid", "$other" } }
        << "KMS.0201";
    QTest::newRow("KMS.0202 alias for default key")
        << create << QJsonObject { { "aliasName", "alias/mine" }, { "cmkUuid", "$default" } }
        << "KMS.0202";
    QTest::newRow("KMS.0233 alias for pending key")
        << create << QJsonObject { { "aliasName", "alias/late" }, { "cmkUuid", "$pending" } }
        << "KMS.0233";
    QTest::newRow("KMS.0234 delete default alias")
        << remove << QJsonObject { { "aliasName", "alias/acs/ecs" } } << "KMS.0234";
    QTest::newRow("KMS.0240 target by alias name")
        << create << QJsonObject { { "aliasName", "alias/x" }, { "cmkUuid", "alias/payroll" } }
        << "KMS.0240";
    QTest::newRow("KMS.0243 update default alias")
        << update << QJsonObject { { "aliasName", "alias/acs/ecs" }, { "cmkUuid", "$key" } }
        << "KMS.0243";
    QTest::newRow("KMS.0243 repoint to default key")
        << update << QJsonObject { { "aliasName", "alias/payroll" }, { "cmkUuid", "$default" } }
        << "KMS.0243";
    QTest::newRow("KMS.0302 target key missing")
        << create
        << QJsonObject { { "aliasName", "alias/x" },
               { "cmkUuid", "5b0c35a4-1e08-4c5e-9d36-4a3f4ae8c001" } }
        << "KMS.0302";
    QTest::newRow("KMS.0302 repoint to missing key")
        << update
        << QJsonObject { { "aliasName", "alias/payroll" },
               { "cmkUuid", "5b0c35a4-1e08-4c5e-9d36-4a3f4ae8c001" } }
        << "KMS.0302";
    QTest::newRow("KMS.0303 delete unknown alias")
        << remove << QJsonObject { { "aliasName", "alias/ghost" } } << "KMS.0303";
    QTest::newRow("KMS.0303 update unknown alias")
        << update << QJsonObject { { "aliasName", "alias/ghost" }, { "cmkUuid", "$key" } }
        << "KMS.0303";
    QTest::newRow("KMS.0304 repoint to pending key")
        << update << QJsonObject { { "aliasName", "alias/payroll" }, { "cmkUuid", "$pending" } }
        << "KMS.0304";
    QTest::newRow("KMS.0304 repoint to other usage")
        << update << QJsonObject { { "aliasName", "alias/payroll" }, { "cmkUuid", "$sign" } }
        << "KMS.0304";
    QTest::newRow("KMS.0101 unknown region")
        << remove << QJsonObject { { "aliasName", "alias/payroll" }, { "regionId", "mars-1" } }
        << "KMS.0101";
}

void TestAliasOperations::errors()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    QJsonObject resolved;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        QString value = it.value().toString();
        value.replace(QStringLiteral("$key"), m_key)
            .replace(QStringLiteral("$other"), m_otherKey)
            .replace(QStringLiteral("$sign"), m_signKey)
            .replace(QStringLiteral("$pending"), m_pendingKey)
            .replace(QStringLiteral("$default"), m_defaultKey);
        resolved.insert(it.key(), value);
    }
    const QString before = m_store->snapshot();
    QCOMPARE_CODE(m_store->call(action, resolved), qPrintable(code));
    QCOMPARE(m_store->snapshot(), before);
}

void TestAliasOperations::deleteFailureInStorage()
{
    const QString before = m_store->snapshot();
    QVERIFY(m_store->exec(QStringLiteral("CREATE TRIGGER keep_aliases BEFORE DELETE ON aliases "
                                         "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")));
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("DeleteAlias"), aliasParams(QStringLiteral("alias/payroll"))),
        "KMS.0502");
    QVERIFY(m_store->exec(QStringLiteral("DROP TRIGGER keep_aliases")));
    QCOMPARE(m_store->snapshot(), before);
}

QTEST_GUILESS_MAIN(TestAliasOperations)
#include "TestAliasOperations.moc"
