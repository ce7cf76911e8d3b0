// The catalog compiled into the backend against the project's data file, row by row, and
// the data file against the published table when it is reachable (developer machines).
#include "errors/ErrorCatalog.h"

#include <QFile>
#include <QTest>

using namespace kms;

class TestErrorCatalog : public QObject
{
    Q_OBJECT

private slots:
    void catalogMatchesDataFileRowByRow();
    void irregularCodesKeptAsPublished();
    void malformedTablesAreRefused();
    void unknownCodeAnswersAsInternalFailure();
};

void TestErrorCatalog::catalogMatchesDataFileRowByRow()
{
    QFile file(qEnvironmentVariable("KMS_SPEC_TSV"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "KMS_SPEC_TSV names the project's error-codes.tsv");
    const QList<QByteArray> lines = file.readAll().split('\n');
    const QList<ErrorEntry> &entries = ErrorCatalog::builtin().entries();
    QCOMPARE(lines.first(), QByteArray("http_status\tcode\tmessage_en\tmessage_zh"));
    int row = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty())
            continue;
        const QList<QByteArray> fields = lines.at(i).split('\t');
        QCOMPARE(fields.size(), 4);
        QVERIFY(row < entries.size());
        const ErrorEntry &entry = entries.at(row++);
        QCOMPARE(QByteArray::number(entry.httpStatus), fields.at(0));
        QCOMPARE(entry.code.toUtf8(), fields.at(1));
        QCOMPARE(entry.messageEn.toUtf8(), fields.at(2));
        QCOMPARE(entry.messageZh.toUtf8(), fields.at(3));
    }
    QCOMPARE(row, entries.size());
    QCOMPARE(entries.size(), 140); // the published table: "0" and 139 error codes
}

void TestErrorCatalog::irregularCodesKeptAsPublished()
{
    const ErrorCatalog &catalog = ErrorCatalog::builtin();
    for (const char *code : { "KMS0254", "KMS0255", "KMS0256", "KMS0257", "KMS0258", "KMS0259",
             "KMS0260", "KMS0310", "kms.0407" })
        QVERIFY2(catalog.contains(QLatin1String(code)), code);
    QVERIFY(!catalog.contains(QStringLiteral("KMS.0254")));
    QVERIFY(!catalog.contains(QStringLiteral("KMS.0407")));
    QCOMPARE(catalog.find(QStringLiteral("KMS0310"))->messageEn,
        QStringLiteral("The certificate hsa been deleted"));
    QCOMPARE(catalog.find(QStringLiteral("KMS.0107"))->messageEn,
        QStringLiteral("Plaintext can notbe empty"));
    QCOMPARE(catalog.find(QStringLiteral("KMS.0127"))->messageZh, QStringLiteral("用戶id不能为空"));
    QCOMPARE(catalog.find(QStringLiteral("kms.0407"))->httpStatus, 401);
    QCOMPARE(catalog.find(QStringLiteral("KMS.0518"))->httpStatus, 500);
}

void TestErrorCatalog::malformedTablesAreRefused()
{
    QVERIFY(!ErrorCatalog::fromTsv(QByteArray()).has_value());
    QVERIFY(!ErrorCatalog::fromTsv("code\tstatus\n").has_value());
    QVERIFY(!ErrorCatalog::fromTsv(
        "http_status\tcode\tmessage_en\tmessage_zh\n400\tKMS.1\tonly three\n")
                 .has_value());
    QVERIFY(!ErrorCatalog::fromTsv("http_status\tcode\tmessage_en\tmessage_zh\nfour\tKMS.1\ta\tb\n")
                 .has_value());
    QVERIFY(!ErrorCatalog::fromTsv("http_status\tcode\tmessage_en\tmessage_zh\n400\tKMS.1\ta\tb\n"
                                   "400\tKMS.1\ta\tb\n")
                 .has_value());
    QVERIFY(
        ErrorCatalog::fromTsv("http_status\tcode\tmessage_en\tmessage_zh\r\n400\tKMS.1\ta\tb\r\n")
            .has_value());
}

void TestErrorCatalog::unknownCodeAnswersAsInternalFailure()
{
    const ErrorEntry entry = ErrorCatalog::builtin().entryOrInternal(QStringLiteral("KMS.9999"));
    QCOMPARE(entry.code, QStringLiteral("KMS.0503"));
    QCOMPARE(entry.httpStatus, 500);
}

QTEST_GUILESS_MAIN(TestErrorCatalog)
#include "TestErrorCatalog.moc"
