#include "DeletionTableModel.h"
#include "DeletionsPage.h"
#include "Dialogs.h"
#include "JobMonitor.h"
#include "KmsClient.h"
#include "MainWindow.h"
#include "Translations.h"
#include "UiTestHelpers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::DeletionsPage;
using kms::ui::Dialogs;
using kms::ui::MainWindow;

class TestDeletionsPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsPendingDeletionsSoonestFirst();
    void cancelDeletionAsksFirst();
    void jobRunDeletesDueKeys();
    void statusBarShowsDueAndFailingJobs();
    void screenshots();

private:
    std::unique_ptr<DeletionsPage> makePage();
    QString createKey(const QString &alias, const QString &description = QString());
    void scheduleDeletion(const QString &cmkUuid, int days);
    QString stateOf(const QString &cmkUuid);

    test::ClientFixture m_fixture;
};

void TestDeletionsPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    QVERIFY(m_fixture.open());
}

void TestDeletionsPage::cleanup()
{
    m_fixture.close();
}

std::unique_ptr<DeletionsPage> TestDeletionsPage::makePage()
{
    return test::shown(std::make_unique<DeletionsPage>(m_fixture.client()), { 1150, 600 });
}

QString TestDeletionsPage::createKey(const QString &alias, const QString &description)
{
    const QString id
        = metadataOf(m_fixture.store().call(QStringLiteral("CreateKey"),
                         { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                             { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
                             { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
                             { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
                             { QStringLiteral("description"), description } }))
              .value(QStringLiteral("cmkUuid"))
              .toString();
    if (!alias.isEmpty())
        m_fixture.store().call(QStringLiteral("CreateAlias"),
            { { QStringLiteral("aliasName"), alias }, { QStringLiteral("cmkUuid"), id } });
    return id;
}

void TestDeletionsPage::scheduleDeletion(const QString &cmkUuid, int days)
{
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), cmkUuid },
                          { QStringLiteral("pendingWindowInDays"), days } }),
        "0");
}

QString TestDeletionsPage::stateOf(const QString &cmkUuid)
{
    const Response described = m_fixture.store().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), cmkUuid } });
    return described.ok() ? metadataOf(described).value(QStringLiteral("keyState")).toString()
                          : described.code;
}

void TestDeletionsPage::listsPendingDeletionsSoonestFirst()
{
    const QString late = createKey(QStringLiteral("alias/late"));
    const QString soon = createKey(QStringLiteral("alias/soon"));
    const QString kept = createKey(QStringLiteral("alias/kept"));
    scheduleDeletion(late, 90);
    scheduleDeletion(soon, 7);
    auto page = makePage();
    DeletionTableModel *model = page->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->keyIdAt(0), soon);
    QCOMPARE(model->keyIdAt(1), late);
    QCOMPARE(model->rowOfKey(kept), -1);
    QCOMPARE(model->index(0, DeletionTableModel::AliasColumn).data().toString(),
        QStringLiteral("alias/soon"));
    QCOMPARE(model->index(0, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("7 days"));
    QCOMPARE(model->index(1, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("90 days"));
    const QDateTime deleteDate
        = model->index(0, 0).data(DeletionTableModel::DeleteDateRole).toDateTime();
    QCOMPARE(model->index(0, DeletionTableModel::DeleteDateColumn).data().toString(),
        deleteDate.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
        QStringLiteral("2 keys pending deletion"));
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("emptyLabel"))->isHidden());

    // A deletion scheduled elsewhere (the Keys page, kmsctl) shows after a refresh.
    scheduleDeletion(kept, 30);
    page->refresh();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->keyIdAt(1), kept);

    // A click selects; the key id can be copied.
    page->tableView()->setCurrentIndex(QModelIndex());
    QVERIFY(!action(*page, "cancelDeletionAction")->isEnabled());
    QTableView *view = page->tableView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
        view->visualRect(model->index(2, DeletionTableModel::KeyIdColumn)).center());
    QCOMPARE(page->currentKeyId(), late);
    QVERIFY(action(*page, "cancelDeletionAction")->isEnabled());
    action(*page, "copyKeyIdAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), late);
    QCOMPARE(page->title(), QStringLiteral("Deletions"));
}

void TestDeletionsPage::cancelDeletionAsksFirst()
{
    const QString id = createKey(QStringLiteral("alias/changed-my-mind"));
    const QString other = createKey(QStringLiteral("alias/goes"));
    scheduleDeletion(id, 14);
    scheduleDeletion(other, 20);
    auto page = makePage();
    QVERIFY(page->selectKey(id));

    // "No": nothing changes.
    Dialogs::setAutoAnswer(true, false);
    action(*page, "cancelDeletionAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().title, QStringLiteral("Cancel Key Deletion"));
    QVERIFY(Dialogs::history().constFirst().text.contains(QLatin1String("alias/changed-my-mind")));
    QCOMPARE(stateOf(id), QStringLiteral("PendingDeletion"));
    QCOMPARE(page->model()->rowCount(), 2);

    // "Yes": cancelled, the key leaves the list and comes back disabled.
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    page->tableView()->setFocus();
    QTest::keyClick(page->tableView(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(Dialogs::history().size(), 1); // the question, no error
    QCOMPARE(stateOf(id), QStringLiteral("Disabled"));
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->keyIdAt(0), other);
    QVERIFY(page->currentKeyId().isEmpty());
    QVERIFY(!action(*page, "cancelDeletionAction")->isEnabled());
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
        QStringLiteral("1 key pending deletion"));

    // Deleted meanwhile elsewhere: the error is shown with code and both texts.
    QVERIFY(page->selectKey(other));
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CancelKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), other } }),
        "0");
    Dialogs::clearHistory();
    page->cancelDeletion();
    QCOMPARE(Dialogs::history().size(), 2);
    QVERIFY(!Dialogs::history().at(1).code.isEmpty());
    QVERIFY(Dialogs::history().at(1).text.contains(Dialogs::history().at(1).code));
}

void TestDeletionsPage::jobRunDeletesDueKeys()
{
    const QString due = createKey(QStringLiteral("alias/due"));
    const QString waiting = createKey(QStringLiteral("alias/waiting"));
    scheduleDeletion(due, 7);
    scheduleDeletion(waiting, 30);
    auto page = makePage();
    QCOMPARE(page->model()->rowCount(), 2);

    m_fixture.clock().advanceDays(8);
    page->refresh();
    QCOMPARE(page->model()->index(0, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("Due now"));
    QCOMPARE(page->model()->index(1, DeletionTableModel::DaysLeftColumn).data().toString(),
        QStringLiteral("22 days"));

    JobMonitor monitor(m_fixture.client());
    monitor.setInterval(60 * 60 * 1000);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.runCount(), 1, 30000);
    QCOMPARE(monitor.lastRun().done, 1);
    QCOMPARE(stateOf(due), QStringLiteral("KMS.0301")); // gone
    QCOMPARE(stateOf(waiting), QStringLiteral("PendingDeletion"));
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->keyIdAt(0), waiting);
}

void TestDeletionsPage::statusBarShowsDueAndFailingJobs()
{
    const QString stuck = createKey(QStringLiteral("alias/stuck"));
    const QString due = createKey(QStringLiteral("alias/due"));
    // The material of `stuck` sits on an HSM the store does not know: its deletion fails.
    QVERIFY(m_fixture.store().exec(
        QStringLiteral("UPDATE key_versions SET hsm = 'missing-hsm' WHERE cmk_uuid = '%1'")
            .arg(stuck)));
    scheduleDeletion(stuck, 7);
    scheduleDeletion(due, 7);
    m_fixture.clock().advanceDays(8);

    QTemporaryDir settingsDir;
    QSettings settings(
        settingsDir.filePath(QStringLiteral("kms-console.ini")), QSettings::IniFormat);
    Translations translations;
    MainWindow window(m_fixture.client(), settings, translations);
    // Not yet: first the indicator of due jobs.
    window.jobMonitor()->stop();
    QVERIFY(window.showSection(MainWindow::Section::Deletions));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *jobs = window.findChild<QLabel *>(QStringLiteral("jobsLabel"));
    QVERIFY(jobs != nullptr);
    window.jobMonitor()->refreshCounts();
    QVERIFY(jobs->isVisible());
    QCOMPARE(jobs->text(), QStringLiteral("Jobs: 2 due"));
    QVERIFY(jobs->toolTip().contains(QLatin1String("runs due jobs every minute")));
    QVERIFY(jobs->styleSheet().isEmpty());

    // The run deletes one key and fails on the other: red, with the error in the tooltip.
    window.jobMonitor()->setInterval(60 * 60 * 1000);
    window.jobMonitor()->start();
    QTRY_COMPARE_WITH_TIMEOUT(window.jobMonitor()->runCount(), 1, 30000);
    QCOMPARE(window.jobMonitor()->lastRun().done, 1);
    QCOMPARE(window.jobMonitor()->lastRun().failed, 1);
    QCOMPARE(jobs->text(), QStringLiteral("Jobs: 1 failing"));
    QVERIFY(jobs->styleSheet().contains(QLatin1String("#c62828")));
    QVERIFY2(jobs->toolTip().contains(stuck), qPrintable(jobs->toolTip()));
    QVERIFY(jobs->toolTip().contains(QLatin1String("1 done, 0 skipped, 1 failed")));
    auto *page = qobject_cast<DeletionsPage *>(window.page(MainWindow::Section::Deletions));
    QVERIFY(page != nullptr);
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->keyIdAt(0), stuck);
    QCOMPARE(stateOf(due), QStringLiteral("KMS.0301"));

    // Both new pages are in the navigation.
    QVERIFY(window.availableSections().contains(MainWindow::Section::Rotation));
    QVERIFY(window.availableSections().contains(MainWindow::Section::Deletions));
    if (const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
            window.setLanguage(language);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(QDir(dir).filePath(
                QStringLiteral("main-window-deletions-failing-%1.png").arg(language))));
        }
        window.setLanguage(QStringLiteral("en"));
    }
}

void TestDeletionsPage::screenshots()
{
    const QString a
        = createKey(QStringLiteral("alias/old-payroll"), QStringLiteral("payroll 2019"));
    const QString b
        = createKey(QStringLiteral("alias/test-tenant-7"), QStringLiteral("test tenant"));
    const QString c = createKey(QString(), QStringLiteral("migrated to HSM"));
    scheduleDeletion(a, 7);
    scheduleDeletion(b, 30);
    scheduleDeletion(c, 180);
    auto page = makePage();
    QVERIFY(page->selectKey(b));
    saveScreenshots(page.get(), QStringLiteral("deletions-page"));

    // And empty.
    for (const QString &id : { a, b, c })
        QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CancelKeyDeletion"),
                          { { QStringLiteral("cmkUuid"), id } }),
            "0");
    page->refresh();
    QCOMPARE(page->model()->rowCount(), 0);
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("emptyLabel"))->isVisible());
    saveScreenshots(page.get(), QStringLiteral("deletions-page-empty"));
}

QTEST_MAIN(TestDeletionsPage)
#include "TestDeletionsPage.moc"
