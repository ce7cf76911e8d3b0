// Request-level rules every operation shares: the JSON body, its size, paging.
#include "TestHelpers.h"
#include "errors/ErrorCatalog.h"

#include <QJsonDocument>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

class TestRequestValidation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void illegalJson_data();
    void illegalJson();
    void requestTooLong();
    void pageSizeLimits_data();
    void pageSizeLimits();
    void envelopeCarriesCatalogTexts();
    void envelopesAreTheirOwn();
    void unknownActionIsRefused();

private:
    std::unique_ptr<TestStore> m_store;
};

void TestRequestValidation::initTestCase()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    QVERIFY(!m_store->createKey().isEmpty());
}

void TestRequestValidation::illegalJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("truncated object") << QByteArray(R"({"regionId": "local-1")");
    QTest::newRow("not json") << QByteArray("regionId=local-1");
    QTest::newRow("array") << QByteArray(R"(["local-1"])");
    QTest::newRow("string") << QByteArray(R"("local-1")");
    QTest::newRow("trailing garbage") << QByteArray(R"({"regionId":"local-1"} x)");
    QTest::newRow("pageSize wrong type") << QByteArray(R"({"pageSize": [1]})");
    QTest::newRow("pageNumber zero") << QByteArray(R"({"pageNumber": 0})");
    QTest::newRow("pageNumber fraction") << QByteArray(R"({"pageNumber": 1.5})");
    QTest::newRow("keyState unknown") << QByteArray(R"({"keyState": "Lost"})");
    QTest::newRow("sortBy unknown") << QByteArray(R"({"sortBy": "colour"})");
    QTest::newRow("regionId wrong type") << QByteArray(R"({"regionId": 1})");
}

void TestRequestValidation::illegalJson()
{
    QFETCH(QByteArray, body);
    const QString before = m_store->snapshot();
    QCOMPARE_CODE(m_store->callRaw(QStringLiteral("ListKeys"), body), "KMS.0128");
    QCOMPARE(m_store->snapshot(), before);
}

void TestRequestValidation::requestTooLong()
{
    // 64 KiB is the limit; a description long enough to pass it is refused before parsing.
    const QByteArray prefix
        = R"({"regionId":"local-1","keySpec":"AES_256","keyUsage":"ENCRYPT/DECRYPT","protectionLevel":"SOFTWARE","description":")";
    const QByteArray suffix = R"("})";
    QByteArray body = prefix + QByteArray(64 * 1024 - prefix.size() - suffix.size(), 'x') + suffix;
    QCOMPARE(body.size(), 64 * 1024);
    // Exactly at the limit: accepted (with descriptions allowed to be that long).
    QVERIFY_RESULT(m_store->session().store().setSetting(
        QStringLiteral("limits.maxDescriptionLength"), QStringLiteral("100000")));
    QCOMPARE_CODE(m_store->callRaw(QStringLiteral("CreateKey"), body), "0");
    // One byte more: refused before parsing, nothing created.
    const QString before = m_store->snapshot();
    body.insert(prefix.size(), 'y');
    QCOMPARE_CODE(m_store->callRaw(QStringLiteral("CreateKey"), body), "KMS.0129");
    QCOMPARE(m_store->snapshot(), before);
    QVERIFY(m_store->exec(QStringLiteral("DELETE FROM settings")));
    const QString reset = m_store->snapshot();
    // With the default description limit (8192 characters) a long description is too long.
    body.chop(40 * 1024 + 1);
    body.append(suffix);
    QCOMPARE_CODE(m_store->callRaw(QStringLiteral("CreateKey"), body), "KMS.0129");
    QCOMPARE(m_store->snapshot(), reset);
    // A smaller body well within the limit works.
    QCOMPARE_CODE(
        m_store->callRaw(QStringLiteral("ListKeys"), QByteArray(R"({"pageSize":5})")), "0");
    // The limit is configurable.
    QVERIFY_RESULT(m_store->session().store().setSetting(
        QStringLiteral("limits.maxRequestBytes"), QStringLiteral("16")));
    QCOMPARE_CODE(m_store->callRaw(QStringLiteral("ListKeys"),
                      QByteArray(R"({"pageSize": 5, "pageNumber": 1})")),
        "KMS.0129");
    QVERIFY(
        m_store->exec(QStringLiteral("DELETE FROM settings WHERE key = 'limits.maxRequestBytes'")));
}

void TestRequestValidation::pageSizeLimits_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<QString>("code");
    for (const char *action : { "ListKeys", "ListAliases" }) {
        QTest::addRow("%s 1", action) << action << 1 << "0";
        QTest::addRow("%s 100", action) << action << 100 << "0";
        QTest::addRow("%s KMS.0130 101", action) << action << 101 << "KMS.0130";
        QTest::addRow("%s KMS.0130 100000", action) << action << 100000 << "KMS.0130";
        QTest::addRow("%s KMS.0231 0", action) << action << 0 << "KMS.0231";
        QTest::addRow("%s KMS.0231 -5", action) << action << -5 << "KMS.0231";
    }
}

void TestRequestValidation::pageSizeLimits()
{
    QFETCH(QString, action);
    QFETCH(int, pageSize);
    QFETCH(QString, code);
    QCOMPARE_CODE(
        m_store->call(action, { { QStringLiteral("pageSize"), pageSize } }), qPrintable(code));
}

void TestRequestValidation::envelopeCarriesCatalogTexts()
{
    const Response failed = m_store->call(QStringLiteral("DescribeKey"));
    const QJsonObject envelope = failed.toJson(ErrorCatalog::builtin());
    QCOMPARE(envelope.value(QStringLiteral("code")).toString(), QStringLiteral("KMS.0102"));
    QCOMPARE(envelope.value(QStringLiteral("httpStatus")).toInt(), 400);
    QCOMPARE(envelope.value(QStringLiteral("message")).toString(),
        QStringLiteral("CmkUuid cannot be empty"));
    QCOMPARE(
        envelope.value(QStringLiteral("messageZh")).toString(), QStringLiteral("主密钥id不能为空"));
    QVERIFY(!envelope.value(QStringLiteral("requestId")).toString().isEmpty());
    QVERIFY(!envelope.contains(QStringLiteral("data")));

    const QJsonObject ok
        = m_store->call(QStringLiteral("ListKeys")).toJson(ErrorCatalog::builtin());
    QCOMPARE(ok.value(QStringLiteral("code")).toString(), QStringLiteral("0"));
    QCOMPARE(ok.value(QStringLiteral("httpStatus")).toInt(), 200);
    QCOMPARE(ok.value(QStringLiteral("message")).toString(), QStringLiteral("成功"));
    QCOMPARE(ok.value(QStringLiteral("messageZh")).toString(), QStringLiteral("成功操作"));
    QVERIFY(ok.value(QStringLiteral("data")).isObject());
}

// The built-in catalog's part of an envelope is reused between answers: each answer still
// carries its own request id and data, and another catalog its own texts.
void TestRequestValidation::envelopesAreTheirOwn()
{
    const ErrorCatalog &builtin = ErrorCatalog::builtin();
    QJsonObject firstData { { QStringLiteral("n"), 1 } };
    const QJsonObject first = Response::success(firstData, QStringLiteral("r1")).toJson(builtin);
    const QJsonObject second
        = Response::success({ { QStringLiteral("n"), 2 } }, QStringLiteral("r2")).toJson(builtin);
    QCOMPARE(first.value(QStringLiteral("requestId")).toString(), QStringLiteral("r1"));
    QCOMPARE(first.value(QStringLiteral("data")).toObject(), firstData);
    QCOMPARE(second.value(QStringLiteral("requestId")).toString(), QStringLiteral("r2"));
    QCOMPARE(second.value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toInt(), 2);
    QCOMPARE(second.value(QStringLiteral("message")), first.value(QStringLiteral("message")));
    QCOMPARE(second.keys(),
        QStringList({ "code", "data", "httpStatus", "message", "messageZh", "requestId" }));

    const QJsonObject failed = Response::failure(
        KmsError(QStringLiteral("KMS.0102"), QStringLiteral("why")), QStringLiteral("r3"))
                                   .toJson(builtin);
    QCOMPARE(failed.value(QStringLiteral("detail")).toString(), QStringLiteral("why"));
    QVERIFY(!failed.contains(QStringLiteral("data")));
    // A code missing from the catalog answers as the internal failure.
    const QJsonObject unknown
        = Response::failure(KmsError(QStringLiteral("KMS.9999")), QStringLiteral("r4"))
              .toJson(builtin);
    QCOMPARE(unknown.value(QStringLiteral("code")).toString(), QStringLiteral("KMS.0503"));
    QCOMPARE(
        unknown.keys(), QStringList({ "code", "httpStatus", "message", "messageZh", "requestId" }));

    const auto other = ErrorCatalog::fromTsv(
        "http_status\tcode\tmessage_en\tmessage_zh\n200\t0\tFine\t好\n503\tKMS.0503\tDown\t坏\n");
    QVERIFY(other.has_value());
    const QJsonObject own = Response::success(firstData, QStringLiteral("r5")).toJson(*other);
    QCOMPARE(own.value(QStringLiteral("message")).toString(), QStringLiteral("Fine"));
    QCOMPARE(own.value(QStringLiteral("messageZh")).toString(), QStringLiteral("好"));
    const QJsonObject again = Response::success(firstData, QStringLiteral("r6")).toJson(builtin);
    QCOMPARE(again.value(QStringLiteral("message")), first.value(QStringLiteral("message")));
}

void TestRequestValidation::unknownActionIsRefused()
{
    // kmsctl refuses unknown actions as a usage error before calling; the service itself
    // (the entry point of the GUI and, later, the HTTP API) answers KMS.0405.
    const QString before = m_store->snapshot();
    const Response response = m_store->call(QStringLiteral("DeleteEverything"));
    QCOMPARE_CODE(response, "KMS.0405");
    QCOMPARE(m_store->snapshot(), before);
}

QTEST_GUILESS_MAIN(TestRequestValidation)
#include "TestRequestValidation.moc"
