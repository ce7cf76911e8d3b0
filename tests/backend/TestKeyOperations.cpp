// Key lifecycle operations: every success path, and every error code they raise, each
// triggered by its real cause. A failed call must leave the store exactly as it was.
#include "FaultyHsm.h"
#include "TestHelpers.h"
#include "api/KeyOperations.h"
#include "api/KmsService.h"
#include "hsm/SoftwareHsm.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

namespace {

QJsonObject meta(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

QJsonObject keyParams(const QString &spec, const QString &usage,
    const QString &protection = QStringLiteral("SOFTWARE"))
{
    return { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), spec }, { QStringLiteral("keyUsage"), usage },
        { QStringLiteral("protectionLevel"), protection } };
}

QJsonObject with(QJsonObject object, const QString &name, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(name);
    else
        object.insert(name, value);
    return object;
}

const QString kEd = QStringLiteral("ENCRYPT/DECRYPT");
const QString kSv = QStringLiteral("SIGN/VERIFY");

} // namespace

class TestKeyOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keyIdFormat_data();
    void keyIdFormat();

    void createKey_data();
    void createKey();
    void createExternalKeyWaitsForImport();
    void createKeyWithRotationPolicy();
    void describeKeyByIdAndAlias();
    void listKeysPagesFiltersAndSorts();
    void regionsArePartitions();
    void updateDescription();
    void enableDisableCycle();
    void scheduleAndCancelDeletion();
    void defaultKeyCreatedOnFirstUse();

    void errors_data();
    void errors();
    void asymmetricKeyQuotaPerRegion();
    void hsmFailures();
    void storageFailures();

private:
    std::unique_ptr<TestStore> m_store;
    QHash<QString, QString> m_keys; // role -> key id
    QString substitute(QString text) const;
    QJsonObject substitute(const QJsonObject &params) const;
};

void TestKeyOperations::initTestCase()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    QVERIFY_RESULT(m_store->session().addRegion(QStringLiteral("local-2"), QString()));
    m_keys[QStringLiteral("enabled")] = m_store->createKey();
    m_keys[QStringLiteral("disabled")] = m_store->createKey();
    m_keys[QStringLiteral("pending")] = m_store->createKey();
    m_keys[QStringLiteral("rsa")] = m_store->createKey(QStringLiteral("RSA_2048"), kSv);
    for (const QString &id : std::as_const(m_keys))
        QVERIFY(!id.isEmpty());
    QCOMPARE_CODE(m_store->call(QStringLiteral("DisableKey"),
                      { { QStringLiteral("cmkUuid"), m_keys[QStringLiteral("disabled")] } }),
        "0");
    QCOMPARE_CODE(m_store->call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), m_keys[QStringLiteral("pending")] },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    auto external = m_store->call(QStringLiteral("CreateKey"),
        with(keyParams(QStringLiteral("AES_256"), kEd), QStringLiteral("origin"),
            QStringLiteral("EXTERNAL")));
    QCOMPARE_CODE(external, "0");
    m_keys[QStringLiteral("external")] = meta(external).value(QStringLiteral("cmkUuid")).toString();
    auto defaultKey = m_store->call(QStringLiteral("GetDefaultKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("product"), QStringLiteral("ecs") } });
    QCOMPARE_CODE(defaultKey, "0");
    m_keys[QStringLiteral("default")]
        = meta(defaultKey).value(QStringLiteral("cmkUuid")).toString();
}

QString TestKeyOperations::substitute(QString text) const
{
    for (auto it = m_keys.constBegin(); it != m_keys.constEnd(); ++it)
        text.replace(QLatin1Char('$') + it.key(), it.value());
    return text;
}

QJsonObject TestKeyOperations::substitute(const QJsonObject &params) const
{
    QJsonObject result;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it)
        result.insert(it.key(),
            it.value().isString() ? QJsonValue(substitute(it.value().toString())) : it.value());
    return result;
}

void TestKeyOperations::keyIdFormat_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("lower") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    QTest::newRow("upper") << "0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0";
    QTest::newRow("final newline") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\n";
    QTest::newRow("two newlines") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\n\n";
    QTest::newRow("carriage return") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\r";
    QTest::newRow("leading newline") << "\n0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    QTest::newRow("braces") << "{0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0}";
    QTest::newRow("short") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f";
    QTest::newRow("long") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f00";
    QTest::newRow("dash moved") << "0b1c2d3e4-f50-6172-8394-a5b6c7d8e9f0";
    QTest::newRow("not hex") << "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9g0";
    QTest::newRow("full-width digit") << QStringLiteral("０b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
    QTest::newRow("alias") << "alias/acs/ecs";
    QTest::newRow("empty") << "";
}

// isKeyId() checks by hand what this regular expression did.
void TestKeyOperations::keyIdFormat()
{
    QFETCH(QString, text);
    static const QRegularExpression uuid(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    QCOMPARE(ops::isKeyId(text), uuid.match(text).hasMatch());
}

void TestKeyOperations::createKey_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("usage");
    QTest::newRow("AES_256") << "AES_256" << kEd;
    QTest::newRow("SM4_128") << "SM4_128" << kEd;
    QTest::newRow("RSA_2048 encrypt") << "RSA_2048" << kEd;
    QTest::newRow("RSA_2048 sign") << "RSA_2048" << kSv;
    QTest::newRow("EC_P256 sign") << "EC_P256" << kSv;
    QTest::newRow("EC_SM2 sign") << "EC_SM2" << kSv;
    QTest::newRow("EC_SM2 encrypt") << "EC_SM2" << kEd;
}

void TestKeyOperations::createKey()
{
    QFETCH(QString, spec);
    QFETCH(QString, usage);
    const Response response = m_store->call(QStringLiteral("CreateKey"),
        with(keyParams(spec, usage), QStringLiteral("description"), QStringLiteral("测试 key")));
    QCOMPARE_CODE(response, "0");
    const QJsonObject key = meta(response);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f-]{36}$"))
                .match(key.value(QStringLiteral("cmkUuid")).toString())
                .hasMatch());
    QCOMPARE(key.value(QStringLiteral("keySpec")).toString(), spec);
    QCOMPARE(key.value(QStringLiteral("keyUsage")).toString(), usage);
    QCOMPARE(key.value(QStringLiteral("keyState")).toString(), QStringLiteral("Enabled"));
    QCOMPARE(key.value(QStringLiteral("protectionLevel")).toString(), QStringLiteral("SOFTWARE"));
    QCOMPARE(key.value(QStringLiteral("origin")).toString(), QStringLiteral("KMS"));
    QCOMPARE(key.value(QStringLiteral("description")).toString(), QStringLiteral("测试 key"));
    QVERIFY(!key.value(QStringLiteral("creationDate")).toString().isEmpty());
    const QString version = key.value(QStringLiteral("primaryKeyVersion")).toString();
    QVERIFY(!version.isEmpty());

    // One stored version, its material wrapped (never the bare key length) and, for
    // asymmetric keys, the public key beside it.
    auto stored = m_store->session().store().findKeyVersion(version);
    QVERIFY_RESULT(stored);
    QVERIFY(stored->has_value());
    QCOMPARE((*stored)->hsm, QStringLiteral("software"));
    QVERIFY((*stored)->handle.size() >= 16 + 1 + 12 + 16); // version, nonce, tag
    const bool asymmetric
        = !spec.startsWith(QLatin1String("AES")) && !spec.startsWith(QLatin1String("SM4"));
    QCOMPARE((*stored)->publicKeyPem.startsWith("-----BEGIN PUBLIC KEY-----"), asymmetric);
}

void TestKeyOperations::createExternalKeyWaitsForImport()
{
    const Response described = m_store->call(QStringLiteral("DescribeKey"),
        { { QStringLiteral("cmkUuid"), m_keys[QStringLiteral("external")] } });
    QCOMPARE_CODE(described, "0");
    QCOMPARE(meta(described).value(QStringLiteral("keyState")).toString(),
        QStringLiteral("PendingImport"));
    QCOMPARE(
        meta(described).value(QStringLiteral("origin")).toString(), QStringLiteral("EXTERNAL"));
    QCOMPARE(meta(described).value(QStringLiteral("primaryKeyVersion")).toString(), QString());
}

void TestKeyOperations::createKeyWithRotationPolicy()
{
    QJsonObject params = keyParams(QStringLiteral("AES_256"), kEd);
    params.insert(QStringLiteral("enableAutomaticRotation"), true);
    params.insert(QStringLiteral("rotationInterval"), QStringLiteral("30d"));
    const Response response = m_store->call(QStringLiteral("CreateKey"), params);
    QCOMPARE_CODE(response, "0");
    const QJsonObject key = meta(response);
    QCOMPARE(key.value(QStringLiteral("automaticRotation")).toBool(), true);
    QCOMPARE(key.value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("30d"));
    const QDateTime created = parseTime(key.value(QStringLiteral("creationDate")).toString());
    const QDateTime next = parseTime(key.value(QStringLiteral("nextRotationDate")).toString());
    QCOMPARE(created.daysTo(next), 30);

    // The string forms "true"/"false" are accepted as the table's message suggests.
    params.insert(QStringLiteral("enableAutomaticRotation"), QStringLiteral("false"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateKey"), params), "0");
}

void TestKeyOperations::describeKeyByIdAndAlias()
{
    const QString id = m_keys[QStringLiteral("enabled")];
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/describe-me") },
                          { QStringLiteral("cmkUuid"), id } }),
        "0");
    const Response byId
        = m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(byId, "0");
    const Response byAlias = m_store->call(QStringLiteral("DescribeKey"),
        { { QStringLiteral("cmkUuid"), QStringLiteral("alias/describe-me") } });
    QCOMPARE_CODE(byAlias, "0");
    QCOMPARE(meta(byAlias).value(QStringLiteral("cmkUuid")).toString(), id);
    QVERIFY(meta(byId)
                .value(QStringLiteral("aliases"))
                .toArray()
                .contains(QStringLiteral("alias/describe-me")));
    // Every field of the contract is present.
    for (const char *field :
        { "cmkUuid", "regionId", "keySpec", "keyUsage", "keyState", "protectionLevel", "origin",
            "creationDate", "description", "primaryKeyVersion", "deleteDate", "automaticRotation",
            "rotationInterval", "lastRotationDate", "nextRotationDate", "aliases" })
        QVERIFY2(meta(byId).contains(QLatin1String(field)), field);
}

void TestKeyOperations::listKeysPagesFiltersAndSorts()
{
    TestStore store;
    QStringList ids;
    for (int i = 0; i < 7; ++i) {
        ids.append(store.createKey(i % 2 ? QStringLiteral("SM4_128") : QStringLiteral("AES_256")));
        QVERIFY(!ids.last().isEmpty());
    }
    QCOMPARE_CODE(
        store.call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), ids[0] } }), "0");
    QCOMPARE_CODE(store.call(QStringLiteral("UpdateKeyDescription"),
                      { { QStringLiteral("cmkUuid"), ids[3] },
                          { QStringLiteral("description"), QStringLiteral("payroll 工资") } }),
        "0");

    Response page = store.call(QStringLiteral("ListKeys"),
        { { QStringLiteral("pageSize"), 3 }, { QStringLiteral("pageNumber"), 3 } });
    QCOMPARE_CODE(page, "0");
    QCOMPARE(page.data.value(QStringLiteral("totalCount")).toInt(), 7);
    QCOMPARE(page.data.value(QStringLiteral("keys")).toArray().size(), 1);
    QCOMPARE(page.data.value(QStringLiteral("pageNumber")).toInt(), 3);

    page = store.call(
        QStringLiteral("ListKeys"), { { QStringLiteral("keyState"), QStringLiteral("Disabled") } });
    QCOMPARE(page.data.value(QStringLiteral("totalCount")).toInt(), 1);
    page = store.call(
        QStringLiteral("ListKeys"), { { QStringLiteral("keySpec"), QStringLiteral("SM4_128") } });
    QCOMPARE(page.data.value(QStringLiteral("totalCount")).toInt(), 3);
    page = store.call(
        QStringLiteral("ListKeys"), { { QStringLiteral("search"), QStringLiteral("工资") } });
    QCOMPARE(page.data.value(QStringLiteral("totalCount")).toInt(), 1);
    QCOMPARE(page.data.value(QStringLiteral("keys"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("cmkUuid"))
                 .toString(),
        ids[3]);

    page = store.call(QStringLiteral("ListKeys"),
        { { QStringLiteral("sortBy"), QStringLiteral("cmkUuid") },
            { QStringLiteral("sortOrder"), QStringLiteral("desc") } });
    QCOMPARE_CODE(page, "0");
    QStringList listed;
    for (const QJsonValue &key : page.data.value(QStringLiteral("keys")).toArray())
        listed.append(key.toObject().value(QStringLiteral("cmkUuid")).toString());
    QStringList sorted = ids;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    QCOMPARE(listed, sorted);
}

void TestKeyOperations::regionsArePartitions()
{
    TestStore store;
    QVERIFY_RESULT(store.session().addRegion(QStringLiteral("local-2"), QStringLiteral("second")));
    QVERIFY(!store.createKey().isEmpty());
    QVERIFY(!store.createKey(QStringLiteral("AES_256"), kEd, QStringLiteral("local-2")).isEmpty());
    QVERIFY(!store.createKey(QStringLiteral("AES_256"), kEd, QStringLiteral("local-2")).isEmpty());
    auto count = [&](const QString &region) {
        return store.call(QStringLiteral("ListKeys"), { { QStringLiteral("regionId"), region } })
            .data.value(QStringLiteral("totalCount"))
            .toInt();
    };
    QCOMPARE(count(QStringLiteral("local-1")), 1);
    QCOMPARE(count(QStringLiteral("local-2")), 2);
    QCOMPARE(
        store.call(QStringLiteral("ListKeys")).data.value(QStringLiteral("totalCount")).toInt(), 3);
}

void TestKeyOperations::updateDescription()
{
    const QString id = m_keys[QStringLiteral("enabled")];
    const Response response = m_store->call(QStringLiteral("UpdateKeyDescription"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("description"), QStringLiteral("根密钥 root") } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(meta(response).value(QStringLiteral("description")).toString(),
        QStringLiteral("根密钥 root"));
    // An empty description clears it.
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("UpdateKeyDescription"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("description"), QString() } }),
        "0");
}

void TestKeyOperations::enableDisableCycle()
{
    const QString id = m_store->createKey();
    const QJsonObject params { { QStringLiteral("cmkUuid"), id } };
    Response response = m_store->call(QStringLiteral("DisableKey"), params);
    QCOMPARE_CODE(response, "0");
    QCOMPARE(
        meta(response).value(QStringLiteral("keyState")).toString(), QStringLiteral("Disabled"));
    response = m_store->call(QStringLiteral("EnableKey"), params);
    QCOMPARE_CODE(response, "0");
    QCOMPARE(
        meta(response).value(QStringLiteral("keyState")).toString(), QStringLiteral("Enabled"));
    // Enabling an enabled key is a no-op success, as in the cloud KMS.
    QCOMPARE_CODE(m_store->call(QStringLiteral("EnableKey"), params), "0");
}

void TestKeyOperations::scheduleAndCancelDeletion()
{
    const QString id = m_store->createKey();
    Response response = m_store->call(QStringLiteral("ScheduleKeyDeletion"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("pendingWindowInDays"), QStringLiteral("30") } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(meta(response).value(QStringLiteral("keyState")).toString(),
        QStringLiteral("PendingDeletion"));
    const QDateTime deleteDate
        = parseTime(meta(response).value(QStringLiteral("deleteDate")).toString());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(30).secsTo(deleteDate)) < 60);

    response
        = m_store->call(QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(response, "0");
    QCOMPARE(
        meta(response).value(QStringLiteral("keyState")).toString(), QStringLiteral("Disabled"));
    QCOMPARE(meta(response).value(QStringLiteral("deleteDate")).toString(), QString());

    // A key that never got material goes back to waiting for it.
    const QString external = m_keys[QStringLiteral("external")];
    QCOMPARE_CODE(m_store->call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), external },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    response = m_store->call(
        QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), external } });
    QCOMPARE(meta(response).value(QStringLiteral("keyState")).toString(),
        QStringLiteral("PendingImport"));
}

void TestKeyOperations::defaultKeyCreatedOnFirstUse()
{
    TestStore store;
    const QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("product"), QStringLiteral("rds") } };
    const Response first = store.call(QStringLiteral("GetDefaultKey"), params);
    QCOMPARE_CODE(first, "0");
    const Response second = store.call(QStringLiteral("GetDefaultKey"), params);
    QCOMPARE_CODE(second, "0");
    QCOMPARE(meta(first).value(QStringLiteral("cmkUuid")),
        meta(second).value(QStringLiteral("cmkUuid")));
    QCOMPARE(meta(first).value(QStringLiteral("keySpec")).toString(), QStringLiteral("AES_256"));
    QCOMPARE(meta(first).value(QStringLiteral("aliases")).toArray(),
        QJsonArray { QStringLiteral("alias/acs/rds") });
    QCOMPARE(
        store.call(QStringLiteral("ListKeys")).data.value(QStringLiteral("totalCount")).toInt(), 1);

    // The product list is configurable.
    QVERIFY_RESULT(store.session().store().setSetting(
        QStringLiteral("products"), QStringLiteral("billing,crm")));
    QCOMPARE_CODE(store.call(QStringLiteral("GetDefaultKey"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                          { QStringLiteral("product"), QStringLiteral("crm") } }),
        "0");
    QCOMPARE_CODE(store.call(QStringLiteral("GetDefaultKey"), params), "KMS.0136");
}

void TestKeyOperations::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");

    const QJsonObject aes = keyParams(QStringLiteral("AES_256"), kEd);
    const QString create = QStringLiteral("CreateKey");
    auto key = [](const char *role) {
        return QJsonObject { { QStringLiteral("cmkUuid"),
            QLatin1Char('$') + QLatin1String(role) } };
    };

    // Missing parameters.
    QTest::newRow("KMS.0101 unknown region")
        << create << with(aes, "regionId", "nowhere") << "KMS.0101";
    QTest::newRow("KMS.0101 description missing")
        << "UpdateKeyDescription" << key("enabled") << "KMS.0101";
    QTest::newRow("KMS.0102 cmkUuid missing") << "DescribeKey" << QJsonObject() << "KMS.0102";
    QTest::newRow("KMS.0102 cmkUuid empty")
        << "EnableKey" << QJsonObject { { "cmkUuid", "" } } << "KMS.0102";
    QTest::newRow("KMS.0113 protectionLevel missing")
        << create << with(aes, "protectionLevel", QJsonValue::Undefined) << "KMS.0113";
    QTest::newRow("KMS.0115 regionId missing")
        << create << with(aes, "regionId", QJsonValue::Undefined) << "KMS.0115";
    QTest::newRow("KMS.0115 default key without region")
        << "GetDefaultKey" << QJsonObject { { "product", "ecs" } } << "KMS.0115";
    QTest::newRow("KMS.0117 keyUsage missing")
        << create << with(aes, "keyUsage", QJsonValue::Undefined) << "KMS.0117";
    QTest::newRow("KMS.0118 rotation without interval")
        << create << with(aes, "enableAutomaticRotation", true) << "KMS.0118";
    QTest::newRow("KMS.0122 window missing")
        << "ScheduleKeyDeletion" << key("enabled") << "KMS.0122";
    QTest::newRow("KMS.0135 product missing")
        << "GetDefaultKey" << QJsonObject { { "regionId", "local-1" } } << "KMS.0135";
    QTest::newRow("KMS.0136 unknown product")
        << "GetDefaultKey" << QJsonObject { { "regionId", "local-1" }, { "product", "toaster" } }
        << "KMS.0136";
    QTest::newRow("KMS.0253 keySpec missing")
        << create << with(aes, "keySpec", QJsonValue::Undefined) << "KMS.0253";
    QTest::newRow("KMS.0253 keySpec empty") << create << with(aes, "keySpec", "") << "KMS.0253";

    // Wrong types and formats.
    QTest::newRow("KMS.0128 keySpec not a string")
        << create << with(aes, "keySpec", 256) << "KMS.0128";
    QTest::newRow("KMS.0215 keySpec malformed")
        << create << with(aes, "keySpec", "aes-256") << "KMS.0215";
    QTest::newRow("KMS.0216 keyUsage unknown")
        << create << with(aes, "keyUsage", "WRAP/UNWRAP") << "KMS.0216";
    QTest::newRow("KMS.0217 rotation flag not boolean")
        << create << with(aes, "enableAutomaticRotation", "yes") << "KMS.0217";
    QTest::newRow("KMS.0218 protectionLevel unknown")
        << create << with(aes, "protectionLevel", "CLOUD") << "KMS.0218";
    QTest::newRow("KMS.0218 HSM in a software region")
        << create << with(aes, "protectionLevel", "HSM") << "KMS.0218";
    QTest::newRow("KMS.0224 interval too short")
        << create << with(aes, "rotationInterval", "3d") << "KMS.0224";
    QTest::newRow("KMS.0224 interval malformed")
        << create << with(aes, "rotationInterval", "30 days") << "KMS.0224";
    QTest::newRow("KMS.0226 window too short")
        << "ScheduleKeyDeletion" << with(key("enabled"), "pendingWindowInDays", 6) << "KMS.0226";
    QTest::newRow("KMS.0226 window too long")
        << "ScheduleKeyDeletion" << with(key("enabled"), "pendingWindowInDays", 367) << "KMS.0226";
    QTest::newRow("KMS.0226 window not a number")
        << "ScheduleKeyDeletion" << with(key("enabled"), "pendingWindowInDays", "week")
        << "KMS.0226";
    QTest::newRow("KMS.0240 cmkUuid not a key id")
        << "DescribeKey" << QJsonObject { { "cmkUuid", "not-a-uuid" } } << "KMS.0240";
    QTest::newRow("KMS.0242 origin unknown")
        << create << with(aes, "origin", "IMPORTED") << "KMS.0242";

    // Spec and usage rules.
    QTest::newRow("KMS.0212 EC_P256 cannot encrypt")
        << create << keyParams("EC_P256", kEd) << "KMS.0212";
    QTest::newRow("KMS.0212 AES cannot sign") << create << keyParams("AES_256", kSv) << "KMS.0212";
    QTest::newRow("KMS.0211 asymmetric rotation")
        << create
        << with(with(keyParams("RSA_2048", kSv), "enableAutomaticRotation", true),
               "rotationInterval", "30d")
        << "KMS.0211";
    QTest::newRow("KMS.0220 AES_128 CMK")
        << create << with(aes, "keySpec", "AES_128") << "KMS.0220";
    QTest::newRow("KMS.0221 SM4_256") << create << with(aes, "keySpec", "SM4_256") << "KMS.0221";
    QTest::newRow("KMS.0222 RSA_4096") << create << keyParams("RSA_4096", kSv) << "KMS.0222";
    QTest::newRow("KMS.0225 external asymmetric")
        << create << with(keyParams("RSA_2048", kSv), "origin", "EXTERNAL") << "KMS.0225";
    QTest::newRow("KMS.0227 EC_P384") << create << keyParams("EC_P384", kSv) << "KMS.0227";

    // State rules.
    QTest::newRow("KMS.0203 describe a pending key anew")
        << "UpdateKeyDescription" << with(key("pending"), "description", "x") << "KMS.0203";
    QTest::newRow("KMS.0203 disable default key") << "DisableKey" << key("default") << "KMS.0203";
    QTest::newRow("KMS.0203 delete default key")
        << "ScheduleKeyDeletion" << with(key("default"), "pendingWindowInDays", 7) << "KMS.0203";
    QTest::newRow("KMS.0206 disable disabled") << "DisableKey" << key("disabled") << "KMS.0206";
    QTest::newRow("KMS.0206 disable pending") << "DisableKey" << key("pending") << "KMS.0206";
    QTest::newRow("KMS.0207 enable pending deletion")
        << "EnableKey" << key("pending") << "KMS.0207";
    QTest::newRow("KMS.0207 enable pending import") << "EnableKey" << key("external") << "KMS.0207";
    QTest::newRow("KMS.0208 deletion twice")
        << "ScheduleKeyDeletion" << with(key("pending"), "pendingWindowInDays", 7) << "KMS.0208";
    QTest::newRow("KMS.0209 cancel without deletion")
        << "CancelKeyDeletion" << key("enabled") << "KMS.0209";

    // Not found.
    QTest::newRow("KMS.0301 unknown key id")
        << "DescribeKey" << QJsonObject { { "cmkUuid", "0b1f7a52-9d47-4e8a-a0f4-0d3c7e4b7d10" } }
        << "KMS.0301";
    QTest::newRow("KMS.0301 key in another region")
        << "DescribeKey" << with(key("enabled"), "regionId", "local-2") << "KMS.0301";
    QTest::newRow("KMS.0301 unknown alias")
        << "DisableKey" << QJsonObject { { "cmkUuid", "alias/nobody" } } << "KMS.0301";
}

void TestKeyOperations::errors()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    const QString before = m_store->snapshot();
    const qint64 auditRows = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit"));
    const Response response = m_store->call(action, substitute(params));
    QCOMPARE_CODE(response, qPrintable(code));
    QVERIFY(response.data.isEmpty());
    QCOMPARE(m_store->snapshot(), before);
    // ... except for the audit row that records the refusal.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit")), auditRows + 1);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE result_code = '%1' "
                                            "AND seq = (SELECT MAX(seq) FROM audit)")
                                 .arg(code)),
        1);
}

void TestKeyOperations::asymmetricKeyQuotaPerRegion()
{
    TestStore store;
    QVERIFY_RESULT(store.session().addRegion(QStringLiteral("local-2"), QString()));
    // The default quota is 50; a lower configured quota shows the rule without 50 RSA keys.
    QVERIFY_RESULT(store.session().store().setSetting(
        QStringLiteral("limits.maxAsymmetricKeysPerRegion"), QStringLiteral("3")));
    QVERIFY(!store.createKey(QStringLiteral("EC_P256"), kSv).isEmpty());
    QVERIFY(!store.createKey(QStringLiteral("EC_SM2"), kSv).isEmpty());
    QVERIFY(!store.createKey(QStringLiteral("EC_P256"), kSv).isEmpty());
    const QString before = store.snapshot();
    QCOMPARE_CODE(
        store.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("EC_P256"), kSv)),
        "KMS.0238");
    QCOMPARE(store.snapshot(), before);
    // Symmetric keys do not count, and the quota is per region.
    QVERIFY(!store.createKey().isEmpty());
    QVERIFY(!store.createKey(QStringLiteral("EC_P256"), kSv, QStringLiteral("local-2")).isEmpty());
}

void TestKeyOperations::hsmFailures()
{
    TestStore store;
    hsm::SoftwareHsm software(store.session().masterKey());
    test::FaultyHsm faulty(software);
    test::SingleHsmProvider provider(faulty);
    SystemClock clock;
    KmsService service(store.session().store(), provider, store.session().masterKey(), clock,
        QStringLiteral("test-officer"));
    const QString before = store.snapshot();

    faulty.inject(test::FaultyHsm::Fault::GenerateKey);
    QCOMPARE_CODE(
        service.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("AES_256"), kEd)),
        "KMS.0505");
    QCOMPARE_CODE(service.call(QStringLiteral("GetDefaultKey"),
                      QJsonObject { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                          { QStringLiteral("product"), QStringLiteral("ecs") } }),
        "KMS.0510");
    faulty.clear();
    faulty.inject(test::FaultyHsm::Fault::WrapKey);
    QCOMPARE_CODE(
        service.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("SM4_128"), kEd)),
        "KMS.0503");
    faulty.clear();
    faulty.inject(test::FaultyHsm::Fault::PublicKey);
    QCOMPARE_CODE(
        service.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("EC_P256"), kSv)),
        "KMS.0503");
    QCOMPARE(store.snapshot(), before);

    faulty.clear();
    QCOMPARE_CODE(
        service.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("AES_256"), kEd)), "0");
}

void TestKeyOperations::storageFailures()
{
    TestStore store;
    const QString id = store.createKey();
    const QString before = store.snapshot();

    // A real SQLite failure in the middle of the operation: the key row goes in, the version
    // row is refused; the whole CreateKey must vanish.
    QVERIFY(store.exec(QStringLiteral("CREATE TRIGGER refuse_version BEFORE INSERT ON key_versions "
                                      "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")));
    QCOMPARE_CODE(
        store.call(QStringLiteral("CreateKey"), keyParams(QStringLiteral("AES_256"), kEd)),
        "KMS.0515");
    QCOMPARE_CODE(store.call(QStringLiteral("GetDefaultKey"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                          { QStringLiteral("product"), QStringLiteral("obs") } }),
        "KMS.0510");
    QVERIFY(store.exec(QStringLiteral("DROP TRIGGER refuse_version")));
    QCOMPARE(store.snapshot(), before);

    QVERIFY(
        store.exec(QStringLiteral("CREATE TRIGGER refuse_description BEFORE UPDATE OF description "
                                  "ON keys BEGIN SELECT RAISE(ABORT, 'disk says no'); END")));
    QCOMPARE_CODE(store.call(QStringLiteral("UpdateKeyDescription"),
                      { { QStringLiteral("cmkUuid"), id },
                          { QStringLiteral("description"), QStringLiteral("new") } }),
        "KMS.0518");
    QVERIFY(store.exec(QStringLiteral("DROP TRIGGER refuse_description")));
    QCOMPARE(store.snapshot(), before);
}

QTEST_GUILESS_MAIN(TestKeyOperations)
#include "TestKeyOperations.moc"
