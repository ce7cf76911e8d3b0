// The Audit page driven like an auditor would: filter the log, page to the end, read a row's
// detail, verify the chain (intact, then broken after tampering with the file), and export
// signed CSV and JSON lines through the file-dialog seam.
#include "AuditPage.h"
#include "AuditTableModel.h"
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "UiTestHelpers.h"
#include "audit/AuditSigningKey.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::AuditPage;
using kms::ui::CertificateFiles;
using kms::ui::Dialogs;

class TestAuditPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void filtersPagesAndShowsDetail();
    void verifyShowsVerdict();
    void exportWritesSignedFiles();

private:
    std::unique_ptr<AuditPage> makePage();
    QString label(const AuditPage &page, const char *name);

    ClientFixture m_fixture;
    QStringList m_keys;
};

void TestAuditPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    QVERIFY(m_fixture.open());
    m_keys.clear();
    for (int i = 0; i < 3; ++i)
        m_keys.append(m_fixture.store().createKey());
    for (int i = 0; i < 250; ++i)
        (void)m_fixture.store().call(
            QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_keys.at(i % 3) } });
    (void)m_fixture.store().call(QStringLiteral("DisableKey"),
        { { QStringLiteral("cmkUuid"), QStringLiteral("no-such-key") } }); // a failure
}

void TestAuditPage::cleanup()
{
    m_fixture.close();
}

std::unique_ptr<AuditPage> TestAuditPage::makePage()
{
    return shown(std::make_unique<AuditPage>(m_fixture.client()), { 1300, 700 });
}

QString TestAuditPage::label(const AuditPage &page, const char *name)
{
    auto *found = page.findChild<QLabel *>(QLatin1String(name));
    return found != nullptr ? found->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

void TestAuditPage::filtersPagesAndShowsDetail()
{
    auto page = makePage();
    auto *table = page->findChild<QTableView *>(QStringLiteral("auditTableView"));
    QVERIFY(table);
    const int all = page->model()->rowCount();
    QCOMPARE(all, 3 + 250 + 1);
    QVERIFY(label(*page, "auditCountLabel").contains(QString::number(all)));
    // The chain head, as a ceremony transcript prints it: the last row and its MAC.
    auto head = m_fixture.store().session().store().lastAudit();
    QVERIFY(head && head->has_value());
    QVERIFY2(label(*page, "chainHeadLabel")
                 .contains(QStringLiteral("row %1, MAC %2")
                               .arg((*head)->seq)
                               .arg(QString::fromLatin1((*head)->mac.toHex().left(16)))),
        qPrintable(label(*page, "chainHeadLabel")));

    // Scroll to the end: the oldest row (the first CreateKey) without loading every page.
    table->scrollToBottom();
    QTest::qWait(20);
    const QModelIndex last = page->model()->index(all - 1, 0);
    table->setCurrentIndex(last);
    QCOMPARE(label(*page, "detail_seq"), QStringLiteral("1"));
    QCOMPARE(label(*page, "detail_action"), QStringLiteral("CreateKey"));
    QCOMPARE(label(*page, "detail_operator"), QStringLiteral("test-officer"));
    QCOMPARE(label(*page, "detail_mac").size(), 64);
    QVERIFY(page->model()->requestCount() < 4);

    // Filter: key and action, typed like a user.
    auto *key = page->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));
    auto *action = page->findChild<QComboBox *>(QStringLiteral("actionComboBox"));
    QVERIFY(key && action);
    QTest::keyClicks(key, m_keys.at(1));
    action->setCurrentText(QStringLiteral("DescribeKey"));
    QTest::mouseClick(
        page->findChild<QPushButton *>(QStringLiteral("applyFilterButton")), Qt::LeftButton);
    QCOMPARE(page->model()->rowCount(), 83); // i % 3 == 1 for i < 250
    table->setCurrentIndex(page->model()->index(0, 0));
    QCOMPARE(label(*page, "detail_target"), m_keys.at(1));
    QCOMPARE(label(*page, "detail_action"), QStringLiteral("DescribeKey"));

    // Failures only.
    QTest::mouseClick(
        page->findChild<QPushButton *>(QStringLiteral("clearFilterButton")), Qt::LeftButton);
    QCOMPARE(page->model()->rowCount(), all);
    auto *result = page->findChild<QComboBox *>(QStringLiteral("resultComboBox"));
    result->setCurrentIndex(2);
    QTest::keyClick(key, Qt::Key_Return);
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->data(page->model()->index(0, AuditTableModel::ActionColumn)).toString(),
        QStringLiteral("DisableKey"));
    QVERIFY(page->model()
                ->data(page->model()->index(0, AuditTableModel::ResultColumn))
                .toString()
                .startsWith(QLatin1String("KMS.")));
    saveScreenshot(page.get(), QStringLiteral("audit-page.png"));
}

void TestAuditPage::verifyShowsVerdict()
{
    auto page = makePage();
    QSignalSpy finished(page.get(), &AuditPage::verifyFinished);
    auto *verify = page->findChild<QPushButton *>(QStringLiteral("verifyButton"));
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QVERIFY2(label(*page, "verdictLabel").contains(QStringLiteral("intact")),
        qPrintable(label(*page, "verdictLabel")));
    QVERIFY(verify->isEnabled());
    QVERIFY(!page->findChild<QProgressBar *>(QStringLiteral("auditProgressBar"))->isVisible());

    // Tamper with row 7 behind the console's back.
    QVERIFY(m_fixture.store().exec(
        QStringLiteral("UPDATE audit SET operator = 'intruder' WHERE seq = 7")));
    QTest::mouseClick(verify, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), false);
    QVERIFY2(label(*page, "verdictLabel").contains(QStringLiteral("row 7 changed")),
        qPrintable(label(*page, "verdictLabel")));
    // The bad row is selected and shown.
    QCOMPARE(label(*page, "detail_seq"), QStringLiteral("7"));
    QCOMPARE(label(*page, "detail_operator"), QStringLiteral("intruder"));
    saveScreenshot(page.get(), QStringLiteral("audit-page-broken.png"));
}

void TestAuditPage::exportWritesSignedFiles()
{
    QTemporaryDir dir;
    auto page = makePage();
    QSignalSpy finished(page.get(), &AuditPage::exportFinished);
    CertificateFiles::setAutoFileNames(true);
    const QString csv = dir.filePath(QStringLiteral("audit.csv"));
    const QString jsonl = dir.filePath(QStringLiteral("audit.jsonl"));
    CertificateFiles::queueFileName(csv);
    CertificateFiles::queueFileName(jsonl);

    auto *result = page->findChild<QComboBox *>(QStringLiteral("resultComboBox"));
    result->setCurrentIndex(2); // failures
    page->applyFilter();
    page->findChild<QAction *>(QStringLiteral("exportCsvAction"))->trigger();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QList<QByteArray> lines = readFile(csv).split('\n');
    QCOMPARE(lines.size(), 3); // header, the failure, ""
    QVERIFY(lines.at(1).contains(",DisableKey,"));

    page->clearFilter();
    const int rows = page->model()->rowCount();
    page->findChild<QAction *>(QStringLiteral("exportJsonLinesAction"))->trigger();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    CertificateFiles::setAutoFileNames(false);
    const QByteArray content = readFile(jsonl);
    QCOMPARE(content.count('\n'), rows); // what the table showed, not the export's own row
    const QByteArray pem = readFile(jsonl + QStringLiteral(".pub.pem"));
    QVERIFY(pem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QVERIFY(AuditSigningKey::verify(pem, reinterpret_cast<const unsigned char *>(content.data()),
        std::size_t(content.size()), readFile(jsonl + QStringLiteral(".sig"))));
    QVERIFY(label(*page, "verdictLabel").contains(jsonl));
}

QTEST_MAIN(TestAuditPage)
#include "TestAuditPage.moc"
