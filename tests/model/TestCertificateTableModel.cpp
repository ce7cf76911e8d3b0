// CertificateTableModel over a real store: paging, columns and roles, the expiry marks on the
// session's clock, the filters of ListCertificates, and refreshes after changes.
#include "CertificateTableModel.h"
#include "KmsClient.h"
#include "TestHelpers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace kms;

namespace {

constexpr int kBulk = 110; // more than a page

QJsonObject subject(const QString &cn)
{
    return { { QStringLiteral("CN"), cn }, { QStringLiteral("C"), QStringLiteral("CN") },
        { QStringLiteral("O"), QStringLiteral("Example Bank") },
        { QStringLiteral("OU"), QStringLiteral("PKI") } };
}

} // namespace

class TestCertificateTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void pagesNewestFirst();
    void columnsAndRoles();
    void expiryMarks();
    void filters();
    void refreshAfterChange();

private:
    QString create(const QString &cn, bool selfSigned, int validityDays = 3650);

    test::TestClock m_clock;
    std::unique_ptr<test::TestStore> m_store;
    std::unique_ptr<KmsClient> m_client;
    QString m_expired;
    QString m_soon;
    QString m_root;
    QString m_pending;
};

QString TestCertificateTableModel::create(const QString &cn, bool selfSigned, int validityDays)
{
    QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
        { QStringLiteral("subject"), subject(cn) },
        { QStringLiteral("subjectAlternativeNames"),
            cn.contains(QLatin1Char(' ')) ? QJsonArray() : QJsonArray { cn } },
        { QStringLiteral("selfSigned"), selfSigned } };
    if (selfSigned)
        params.insert(QStringLiteral("validityDays"), validityDays);
    const Response response = m_store->call(QStringLiteral("CreateCertificate"), params);
    if (!response.ok())
        qWarning(
            "CreateCertificate: %s %s", qPrintable(response.code), qPrintable(response.detail));
    return response.data.value(QStringLiteral("certificate"))
        .toObject()
        .value(QStringLiteral("certificateId"))
        .toString();
}

void TestCertificateTableModel::initTestCase()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    m_store->session().setClock(m_clock);
    m_client = std::make_unique<KmsClient>(m_store->session());
    m_expired = create(QStringLiteral("old.example"), true, 5);
    m_clock.advanceDays(6); // old.example ran out yesterday
    for (int i = 0; i < kBulk; ++i)
        QVERIFY(!create(QStringLiteral("bulk-%1.example").arg(i, 3, 10, QLatin1Char('0')), false)
                     .isEmpty());
    m_soon = create(QStringLiteral("soon.example"), true, 10);
    m_root = create(QStringLiteral("Example Root CA"), true, 3650);
    m_pending = create(QStringLiteral("pending.example"), false);
    QVERIFY(!m_expired.isEmpty() && !m_soon.isEmpty() && !m_root.isEmpty() && !m_pending.isEmpty());
}

void TestCertificateTableModel::cleanupTestCase()
{
    m_client.reset();
    m_store.reset();
}

void TestCertificateTableModel::pagesNewestFirst()
{
    CertificateTableModel model(*m_client);
    QSignalSpy totals(&model, &CertificateTableModel::totalCountChanged);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), PagedTableModel::kPageSize);
    // Checked from here on (the tester fetches more by itself when it starts).
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.totalCount(), kBulk + 4);
    QCOMPARE(totals.size(), 1);
    QCOMPARE(model.columnCount(), int(CertificateTableModel::ColumnCount));
    // Newest first.
    QCOMPARE(model.certificateIdAt(0), m_pending);
    QCOMPARE(model.certificateIdAt(1), m_root);
    if (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), kBulk + 4);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.certificateIdAt(model.rowCount() - 1), m_expired);
    QCOMPARE(model.rowOfCertificate(m_soon), 2);
    QCOMPARE(model.rowOfCertificate(QStringLiteral("nope")), -1);
}

void TestCertificateTableModel::columnsAndRoles()
{
    CertificateTableModel model(*m_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fetchMore({});
    const auto headers
        = [&model](int column) { return model.headerData(column, Qt::Horizontal).toString(); };
    QCOMPARE(headers(CertificateTableModel::SubjectColumn), QStringLiteral("Subject"));
    QCOMPARE(headers(CertificateTableModel::IssuerColumn), QStringLiteral("Issuer"));
    QCOMPARE(headers(CertificateTableModel::KeySpecColumn), QStringLiteral("Key spec"));
    QCOMPARE(headers(CertificateTableModel::StatusColumn), QStringLiteral("Status"));
    QCOMPARE(headers(CertificateTableModel::NotAfterColumn), QStringLiteral("Not after"));

    const int root = model.rowOfCertificate(m_root);
    const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QVERIFY(cell(root, CertificateTableModel::SubjectColumn)
                .toString()
                .startsWith(QLatin1String("CN=Example Root CA")));
    QVERIFY(cell(root, CertificateTableModel::IssuerColumn)
                .toString()
                .contains(QLatin1String("Example Root CA")));
    QCOMPARE(
        cell(root, CertificateTableModel::KeySpecColumn).toString(), QStringLiteral("EC_P256"));
    QCOMPARE(cell(root, CertificateTableModel::StatusColumn).toString(), QStringLiteral("Active"));
    QCOMPARE(cell(root, 0, CertificateTableModel::StatusRole).toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(cell(root, 0, CertificateTableModel::CertificateIdRole).toString(), m_root);
    QVERIFY(cell(root, 0, CertificateTableModel::IsCaRole).toBool());
    QVERIFY(cell(root, 0, CertificateTableModel::NotAfterRole).toDateTime().isValid());
    QCOMPARE(cell(root, CertificateTableModel::NotAfterColumn).toString().size(), 16);
    QCOMPARE(cell(root, CertificateTableModel::NotAfterColumn, CertificateTableModel::SortRole)
                 .toString(),
        cell(root, 0, CertificateTableModel::CertificateRole)
            .toJsonObject()
            .value(QStringLiteral("notAfter"))
            .toString());

    const int pending = model.rowOfCertificate(m_pending);
    QCOMPARE(cell(pending, CertificateTableModel::StatusColumn).toString(),
        QStringLiteral("Pending import"));
    QVERIFY(cell(pending, CertificateTableModel::IssuerColumn).toString().isEmpty());
    QVERIFY(cell(pending, CertificateTableModel::NotAfterColumn).toString().isEmpty());
    QVERIFY(!cell(pending, 0, CertificateTableModel::IsCaRole).toBool());
    QCOMPARE(model.roleNames().value(CertificateTableModel::ExpiryRole), QByteArray("expiry"));
}

void TestCertificateTableModel::expiryMarks()
{
    using Expiry = CertificateTableModel::Expiry;
    CertificateTableModel model(*m_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({}))
        model.fetchMore({});
    const auto expiry = [&model](const QString &id) {
        return Expiry(model.index(model.rowOfCertificate(id), 0)
                          .data(CertificateTableModel::ExpiryRole)
                          .toInt());
    };
    QCOMPARE(expiry(m_root), Expiry::Valid);
    QCOMPARE(expiry(m_soon), Expiry::ExpiringSoon);
    QCOMPARE(expiry(m_expired), Expiry::Expired);
    QCOMPARE(expiry(m_pending), Expiry::None);
    const QString tip
        = model.index(model.rowOfCertificate(m_soon), CertificateTableModel::NotAfterColumn)
              .data(Qt::ToolTipRole)
              .toString();
    QVERIFY2(
        tip == QLatin1String("Expires in 9 days") || tip == QLatin1String("Expires in 10 days"),
        qPrintable(tip));
    QVERIFY(model.index(model.rowOfCertificate(m_expired), CertificateTableModel::NotAfterColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QLatin1String("Expired on ")));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(CertificateTableModel::expiryOf({}, now), Expiry::None);
    QCOMPARE(CertificateTableModel::expiryOf(now.addSecs(-1), now), Expiry::Expired);
    QCOMPARE(CertificateTableModel::expiryOf(now.addDays(30), now), Expiry::ExpiringSoon);
    QCOMPARE(CertificateTableModel::expiryOf(now.addDays(31), now), Expiry::Valid);
}

void TestCertificateTableModel::filters()
{
    CertificateTableModel model(*m_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fetchMore({});
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    model.setStatusFilter(QStringLiteral("ACTIVE"));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.totalCount(), 3);
    QCOMPARE(model.rowCount(), 3);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(CertificateTableModel::StatusRole).toString(),
            QStringLiteral("ACTIVE"));
    model.setStatusFilter(QStringLiteral("ACTIVE")); // unchanged: no reset
    QCOMPARE(resets.size(), 1);

    model.setStatusFilter(QString());
    model.setSubjectFilter(QStringLiteral("  bulk-10 "));
    QCOMPARE(model.subjectFilter(), QStringLiteral("bulk-10"));
    QCOMPARE(model.totalCount(), 10); // bulk-100 .. bulk-109

    model.setSubjectFilter(QStringLiteral("Example Root CA")); // subject or issuer
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.certificateIdAt(0), m_root);

    model.setSubjectFilter(QString());
    model.setExpiringSoonFilter(true);
    QStringList expiring;
    for (int row = 0; row < model.rowCount(); ++row)
        expiring.append(model.certificateIdAt(row));
    QCOMPARE(expiring, (QStringList { m_soon, m_expired }));

    model.setExpiringSoonFilter(false);
    model.setRegionFilter(QStringLiteral("local-1"));
    QCOMPARE(model.totalCount(), kBulk + 4);
}

void TestCertificateTableModel::refreshAfterChange()
{
    CertificateTableModel model(*m_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.fetchMore({});
    const int row = model.rowOfCertificate(m_soon);
    QCOMPARE_CODE(m_store->call(QStringLiteral("UpdateCertificateStatus"),
                      { { QStringLiteral("certificateId"), m_soon },
                          { QStringLiteral("status"), QStringLiteral("INACTIVE") } }),
        "0");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.refresh();
    QCOMPARE(resets.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), row);
    QCOMPARE(model.index(row, CertificateTableModel::StatusColumn).data().toString(),
        QStringLiteral("Inactive"));

    // A new one appears at the top: a reset (the order changed).
    const QString fresh = create(QStringLiteral("fresh.example"), false);
    model.refresh();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.certificateIdAt(0), fresh);

    // Deleted ones leave the list.
    QCOMPARE_CODE(m_store->call(QStringLiteral("DeleteCertificate"),
                      { { QStringLiteral("certificateId"), fresh } }),
        "0");
    model.refresh();
    QCOMPARE(model.rowOfCertificate(fresh), -1);
    QCOMPARE(model.totalCount(), kBulk + 4);
}

QTEST_MAIN(TestCertificateTableModel)
#include "TestCertificateTableModel.moc"
