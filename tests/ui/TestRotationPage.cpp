#include "Dialogs.h"
#include "JobMonitor.h"
#include "KeyDetailPane.h"
#include "KeyVersionTableModel.h"
#include "KmsClient.h"
#include "RotationPage.h"
#include "RotationPlanModel.h"
#include "RotationPolicyDialog.h"
#include "RotationTimeline.h"
#include "Translations.h"
#include "UiTestHelpers.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::Dialogs;
using kms::ui::KeyDetailPane;
using kms::ui::RotationPage;
using kms::ui::RotationPolicyDialog;
using kms::ui::RotationTimeline;

namespace {

void check(QCheckBox *box, bool checked)
{
    if (box->isChecked() != checked)
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(5, box->height() / 2));
    QCOMPARE(box->isChecked(), checked);
}

} // namespace

class TestRotationPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsKeysWithPolicyAndTimeline();
    void editPolicyInDialog();
    void turnPolicyOffRemovesKey();
    void policyErrorKeepsDialogOpen();
    void rotateNowExplainsSevenDayRule();
    void jobRunRotatesDueKeys();
    void detailPaneListsVersionsAndRotates();
    void screenshots();

private:
    std::unique_ptr<RotationPage> makePage();
    QString createKey(const QString &alias, int rotationDays = 0,
        const QString &spec = QStringLiteral("AES_256"));
    QJsonObject describe(const QString &cmkUuid);

    test::ClientFixture m_fixture;
};

void TestRotationPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    QVERIFY(m_fixture.open());
}

void TestRotationPage::cleanup()
{
    m_fixture.close();
}

std::unique_ptr<RotationPage> TestRotationPage::makePage()
{
    return test::shown(std::make_unique<RotationPage>(m_fixture.client()), { 1150, 720 });
}

QString TestRotationPage::createKey(const QString &alias, int rotationDays, const QString &spec)
{
    const bool symmetric = spec == QLatin1String("AES_256") || spec == QLatin1String("SM4_128");
    QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), spec },
        { QStringLiteral("keyUsage"),
            symmetric ? QStringLiteral("ENCRYPT/DECRYPT") : QStringLiteral("SIGN/VERIFY") },
        { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } };
    if (rotationDays > 0) {
        params.insert(QStringLiteral("enableAutomaticRotation"), true);
        params.insert(QStringLiteral("rotationInterval"), QStringLiteral("%1d").arg(rotationDays));
    }
    const QString id = metadataOf(m_fixture.store().call(QStringLiteral("CreateKey"), params))
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    if (!alias.isEmpty())
        m_fixture.store().call(QStringLiteral("CreateAlias"),
            { { QStringLiteral("aliasName"), alias }, { QStringLiteral("cmkUuid"), id } });
    return id;
}

QJsonObject TestRotationPage::describe(const QString &cmkUuid)
{
    return metadataOf(m_fixture.store().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), cmkUuid } }));
}

void TestRotationPage::listsKeysWithPolicyAndTimeline()
{
    const QString monthly = createKey(QStringLiteral("alias/payroll"), 30);
    const QString quarterly = createKey(QStringLiteral("alias/archive"), 90);
    const QString none = createKey(QStringLiteral("alias/no-rotation"));
    auto page = makePage();
    RotationPlanModel *model = page->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->keyIdAt(0), monthly);
    QCOMPARE(model->keyIdAt(1), quarterly);
    QCOMPARE(model->rowOfKey(none), -1);
    QCOMPARE(model->index(0, RotationPlanModel::AliasColumn).data().toString(),
        QStringLiteral("alias/payroll"));
    QCOMPARE(model->index(1, RotationPlanModel::IntervalColumn).data().toString(),
        QStringLiteral("Every 90 days"));
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
        QStringLiteral("2 keys rotate automatically"));

    // The timeline: both keys, the monthly one about a dozen times in twelve months.
    RotationTimeline *timeline = page->timeline();
    QCOMPARE(timeline->plan().size(), 2);
    int total = 0;
    for (int month = 0; month < RotationTimeline::kMonths; ++month)
        total += timeline->rotationCount(month);
    QVERIFY2(total >= 11 + 3 && total <= 12 + 4, qPrintable(QString::number(total)));
    const QDateTime next
        = parseTime(describe(monthly).value(QStringLiteral("nextRotationDate")).toString());
    const int firstMonth = timeline->monthOf(next);
    QVERIFY(firstMonth >= 0 && firstMonth <= 2);
    QVERIFY(timeline->rotationCount(firstMonth) >= 1);
    QVERIFY(timeline->monthToolTip(firstMonth).contains(QLatin1String("alias/payroll")));
    QVERIFY(timeline->rotationsIn(firstMonth)
                .join(QLatin1Char('\n'))
                .contains(next.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"))));

    // Nothing selected: no action. A click on a row in the timeline selects the key.
    page->tableView()->setCurrentIndex(QModelIndex());
    QVERIFY(page->currentKeyId().isEmpty());
    QVERIFY(!action(*page, "rotateNowAction")->isEnabled());
    QVERIFY(!action(*page, "editPolicyAction")->isEnabled());
    QTest::mouseClick(timeline, Qt::LeftButton, {}, timeline->rowCenter(quarterly));
    QCOMPARE(page->currentKeyId(), quarterly);
    QCOMPARE(page->tableView()->currentIndex().row(), 1);
    QVERIFY(action(*page, "rotateNowAction")->isEnabled());
    QVERIFY(action(*page, "editPolicyAction")->isEnabled());
    action(*page, "copyKeyIdAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), quarterly);

    // A click in the table.
    QTableView *view = page->tableView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
        view->visualRect(model->index(0, RotationPlanModel::KeyIdColumn)).center());
    QCOMPARE(page->currentKeyId(), monthly);
    QCOMPARE(timeline->currentKey(), monthly);
}

void TestRotationPage::editPolicyInDialog()
{
    const QString id = createKey(QStringLiteral("alias/billing"), 30);
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    action(*page, "editPolicyAction")->trigger();
    QPointer<RotationPolicyDialog> dialog = page->findChild<RotationPolicyDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *enable = dialog->findChild<QCheckBox *>(QStringLiteral("enableRotationCheckBox"));
    auto *interval = dialog->findChild<QSpinBox *>(QStringLiteral("rotationIntervalSpinBox"));
    auto *first = dialog->findChild<QCheckBox *>(QStringLiteral("firstRotationCheckBox"));
    auto *date = dialog->findChild<QDateEdit *>(QStringLiteral("firstRotationDateEdit"));
    QVERIFY(enable && interval && first && date);
    QVERIFY(enable->isChecked());
    QCOMPARE(interval->value(), 30);
    QCOMPARE(interval->minimum(), 7);
    QCOMPARE(interval->maximum(), 730);
    QVERIFY(!date->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("keyLabel"))
                ->text()
                .contains(QLatin1String("alias/billing")));

    // 60 days, first rotation in ten days.
    interval->selectAll();
    QTest::keyClicks(interval, QStringLiteral("60"));
    QCOMPARE(interval->value(), 60);
    check(first, true);
    QVERIFY(date->isEnabled());
    const QDate today = m_fixture.clock().now().toLocalTime().date();
    QCOMPARE(date->minimumDate(), today.addDays(1));
    QVERIFY(date->maximumDate() >= today.addDays(59));
    date->setDate(today.addDays(10));
    const QJsonObject request = dialog->request();
    QCOMPARE(request.value(QStringLiteral("cmkUuid")).toString(), id);
    QCOMPARE(request.value(QStringLiteral("enableAutomaticRotation")).toBool(), true);
    QCOMPARE(request.value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("60d"));
    const QDateTime expected(today.addDays(10), QTime(0, 0), Qt::LocalTime);
    QCOMPARE(
        request.value(QStringLiteral("nextRotationDate")).toString(), formatTime(expected.toUTC()));

    QSignalSpy changed(dialog.data(), &RotationPolicyDialog::policyChanged);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(changed.count(), 1);
    QVERIFY(Dialogs::history().isEmpty());

    // In the store, the table and the timeline.
    const QJsonObject key = describe(id);
    QCOMPARE(key.value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("60d"));
    QCOMPARE(parseTime(key.value(QStringLiteral("nextRotationDate")).toString()), expected);
    const int row = page->model()->rowOfKey(id);
    QCOMPARE(page->model()->index(row, RotationPlanModel::IntervalColumn).data().toString(),
        QStringLiteral("Every 60 days"));
    QCOMPARE(page->model()->index(row, RotationPlanModel::DueColumn).data().toString(),
        QStringLiteral("In 10 days"));
    QCOMPARE(page->timeline()->plan().constFirst().rotations.constFirst(), expected.toUTC());
    QCOMPARE(page->currentKeyId(), id); // still selected
}

void TestRotationPage::turnPolicyOffRemovesKey()
{
    const QString kept = createKey(QStringLiteral("alias/kept"), 30);
    const QString off = createKey(QStringLiteral("alias/off"), 45);
    auto page = makePage();
    QCOMPARE(page->model()->rowCount(), 2);
    QVERIFY(page->selectKey(off));
    action(*page, "editPolicyAction")->trigger();
    QPointer<RotationPolicyDialog> dialog = page->findChild<RotationPolicyDialog *>();
    QVERIFY(dialog);
    check(dialog->findChild<QCheckBox *>(QStringLiteral("enableRotationCheckBox")), false);
    QVERIFY(!dialog->findChild<QSpinBox *>(QStringLiteral("rotationIntervalSpinBox"))->isEnabled());
    QVERIFY(!dialog->request().contains(QStringLiteral("rotationInterval")));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());

    QCOMPARE(describe(off).value(QStringLiteral("automaticRotation")).toBool(), false);
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->keyIdAt(0), kept);
    QCOMPARE(page->timeline()->plan().size(), 1);
    QVERIFY(page->currentKeyId() != off); // the view moves on to a remaining key, if any
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
        QStringLiteral("1 key rotates automatically"));
}

void TestRotationPage::policyErrorKeepsDialogOpen()
{
    // An asymmetric key cannot rotate automatically: KMS.0211, shown with both texts.
    const QString id = createKey(QString(), 0, QStringLiteral("EC_P256"));
    RotationPolicyDialog dialog(m_fixture.client(), describe(id));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    check(dialog.findChild<QCheckBox *>(QStringLiteral("enableRotationCheckBox")), true);
    dialog.findChild<QSpinBox *>(QStringLiteral("rotationIntervalSpinBox"))->setValue(90);
    clickOk(&dialog);
    QVERIFY(dialog.isVisible()); // stays open
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.response().code, QStringLiteral("KMS.0211"));
    QCOMPARE(Dialogs::history().size(), 1);
    const Dialogs::Shown shown = Dialogs::history().constFirst();
    QCOMPARE(shown.code, QStringLiteral("KMS.0211"));
    QVERIFY(shown.text.contains(QLatin1String("The CMK does not support automatic rotation")));
    QVERIFY(shown.text.contains(QStringLiteral(u"该密钥不支持自动轮转")));
    QVERIFY(shown.title.contains(id));
    QCOMPARE(describe(id).value(QStringLiteral("automaticRotation")).toBool(), false);
}

void TestRotationPage::rotateNowExplainsSevenDayRule()
{
    const QString id = createKey(QStringLiteral("alias/rotate-me"), 90);
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    const int row = page->model()->rowOfKey(id);
    QCOMPARE(page->model()->index(row, RotationPlanModel::LastRotationColumn).data().toString(),
        QStringLiteral("Never"));

    // Asked first; "No" changes nothing.
    Dialogs::setAutoAnswer(true, false);
    action(*page, "rotateNowAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().constFirst().text.contains(QLatin1String("alias/rotate-me")));
    QCOMPARE(describe(id).value(QStringLiteral("primaryKeyVersion")).toString(),
        page->currentKey().value(QStringLiteral("primaryKeyVersion")).toString());

    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    const QString before = describe(id).value(QStringLiteral("primaryKeyVersion")).toString();
    action(*page, "rotateNowAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1); // only the question
    const QJsonObject rotated = describe(id);
    QVERIFY(rotated.value(QStringLiteral("primaryKeyVersion")).toString() != before);
    QVERIFY(!rotated.value(QStringLiteral("lastRotationDate")).toString().isEmpty());
    QVERIFY(page->model()
                ->index(page->model()->rowOfKey(id), RotationPlanModel::LastRotationColumn)
                .data()
                .toString()
        != QLatin1String("Never"));
    QCOMPARE(page->currentKey().value(QStringLiteral("primaryKeyVersion")),
        rotated.value(QStringLiteral("primaryKeyVersion")));

    // Again at once: refused, with the 7-day rule in English and Chinese and the date from
    // which it is possible.
    Dialogs::clearHistory();
    action(*page, "rotateNowAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 2);
    const Dialogs::Shown error = Dialogs::history().at(1);
    QCOMPARE(error.code, QStringLiteral("KMS.0229"));
    QVERIFY(error.title.contains(QLatin1String("alias/rotate-me")));
    QVERIFY(error.text.contains(QLatin1String("KMS.0229")));
    QVERIFY(error.text.contains(QLatin1String("rotated within 7 days")));
    QVERIFY(error.text.contains(QStringLiteral(u"7天内已执行过轮转")));
    QVERIFY2(error.informativeText.contains(QLatin1String("possible from")),
        qPrintable(error.informativeText));
    QCOMPARE(describe(id).value(QStringLiteral("primaryKeyVersion")),
        rotated.value(QStringLiteral("primaryKeyVersion")));

    // Eight days later it works again.
    m_fixture.clock().advanceDays(8);
    Dialogs::clearHistory();
    action(*page, "rotateNowAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(describe(id).value(QStringLiteral("primaryKeyVersion"))
        != rotated.value(QStringLiteral("primaryKeyVersion")));
}

void TestRotationPage::jobRunRotatesDueKeys()
{
    const QString due = createKey(QStringLiteral("alias/due"), 30);
    const QString later = createKey(QStringLiteral("alias/later"), 365);
    auto page = makePage();
    QVERIFY(page->selectKey(due));
    const QString before = describe(due).value(QStringLiteral("primaryKeyVersion")).toString();

    m_fixture.clock().advanceDays(31);
    page->refresh();
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(due), RotationPlanModel::DueColumn)
                 .data()
                 .toString(),
        QStringLiteral("Due now"));
    QCOMPARE(page->timeline()->rotationCount(0) >= 1, true);
    QVERIFY(page->timeline()
                ->rotationsIn(0)
                .join(QLatin1Char('\n'))
                .contains(QStringLiteral(u"alias/due — due now")));

    JobMonitor monitor(m_fixture.client());
    monitor.setInterval(60 * 60 * 1000);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.runCount(), 1, 30000);
    QCOMPARE(monitor.lastRun().done, 1);

    // The page followed the store: a new last and next rotation for the due key only.
    const QJsonObject rotated = describe(due);
    QVERIFY(rotated.value(QStringLiteral("primaryKeyVersion")).toString() != before);
    const int row = page->model()->rowOfKey(due);
    QVERIFY(page->model()->index(row, RotationPlanModel::LastRotationColumn).data().toString()
        != QLatin1String("Never"));
    QCOMPARE(page->model()->index(row, RotationPlanModel::DueColumn).data().toString(),
        QStringLiteral("In 30 days"));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(later), RotationPlanModel::LastRotationColumn)
                 .data()
                 .toString(),
        QStringLiteral("Never"));
    QCOMPARE(page->currentKey().value(QStringLiteral("primaryKeyVersion")),
        rotated.value(QStringLiteral("primaryKeyVersion")));
    QVERIFY(!page->timeline()
                 ->rotationsIn(0)
                 .join(QLatin1Char('\n'))
                 .contains(QLatin1String("due now")));
    const Response versions = m_fixture.store().call(
        QStringLiteral("ListKeyVersions"), { { QStringLiteral("cmkUuid"), due } });
    QCOMPARE(versions.data.value(QStringLiteral("keyVersions"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("rotationType"))
                 .toString(),
        QStringLiteral("AUTOMATIC"));
}

void TestRotationPage::detailPaneListsVersionsAndRotates()
{
    const QString id = createKey(QStringLiteral("alias/pane"), 0);
    KeyDetailPane pane(m_fixture.client());
    pane.resize(460, 900);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.showKey(describe(id));
    auto *versions = pane.findChild<QTableView *>(QStringLiteral("versionsTableView"));
    QVERIFY(versions != nullptr);
    QCOMPARE(versions->model(), pane.versionModel());
    QCOMPARE(pane.versionModel()->rowCount(), 1);
    QCOMPARE(pane.versionModel()->primaryVersionId(),
        describe(id).value(QStringLiteral("primaryKeyVersion")).toString());
    auto *rotate = pane.findChild<QPushButton *>(QStringLiteral("rotateNowButton"));
    auto *edit = pane.findChild<QPushButton *>(QStringLiteral("editRotationPolicyButton"));
    QVERIFY(rotate && edit);
    QVERIFY(rotate->isVisible() && rotate->isEnabled());
    QVERIFY(edit->isEnabled());
    QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("rotationValueLabel"))->text(),
        QStringLiteral("Off"));

    // Rotate now: a second version, the new one primary and first. (A second later: versions
    // made in the same millisecond have no order.)
    m_fixture.clock().advanceSecs(1);
    QTest::mouseClick(rotate, Qt::LeftButton);
    QCOMPARE(pane.versionModel()->rowCount(), 2);
    const QString primary = describe(id).value(QStringLiteral("primaryKeyVersion")).toString();
    QCOMPARE(pane.versionModel()->versionIdAt(0), primary);
    QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("primaryVersionValueLabel"))->text(), primary);
    QCOMPARE(pane.versionModel()->index(0, KeyVersionTableModel::TypeColumn).data().toString(),
        QStringLiteral("Manual"));

    // Edit the policy from the pane.
    QTest::mouseClick(edit, Qt::LeftButton);
    QPointer<RotationPolicyDialog> dialog = pane.findChild<RotationPolicyDialog *>();
    QVERIFY(dialog);
    check(dialog->findChild<QCheckBox *>(QStringLiteral("enableRotationCheckBox")), true);
    dialog->findChild<QSpinBox *>(QStringLiteral("rotationIntervalSpinBox"))->setValue(180);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("rotationValueLabel"))->text(),
        QStringLiteral("Every 180 days"));
    QCOMPARE(
        describe(id).value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("180d"));

    // A disabled key: paused, no rotation buttons enabled.
    QCOMPARE_CODE(m_fixture.client().call(
                      QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), id } }),
        "0");
    pane.showKey(describe(id));
    QVERIFY(!rotate->isEnabled());
    QVERIFY(!edit->isEnabled());
    QVERIFY(pane.findChild<QLabel *>(QStringLiteral("rotationValueLabel"))
                ->text()
                .contains(QLatin1String("paused")));
    // An asymmetric key rotates by hand only.
    const QString ec = createKey(QString(), 0, QStringLiteral("EC_P256"));
    pane.showKey(describe(ec));
    QVERIFY(rotate->isEnabled());
    QVERIFY(!edit->isEnabled());
    QCOMPARE(pane.versionModel()->rowCount(), 1);
    pane.showKey(describe(id));
    saveScreenshots(&pane, QStringLiteral("key-detail-pane"));
}

void TestRotationPage::screenshots()
{
    // A plan an officer would see: monthly, quarterly, yearly keys, one paused.
    createKey(QStringLiteral("alias/payroll-database"), 30);
    createKey(QStringLiteral("alias/customer-records"), 90);
    createKey(QStringLiteral("alias/backup-archive"), 365);
    createKey(QStringLiteral("alias/session-tokens"), 7);
    const QString paused = createKey(QStringLiteral("alias/legacy-reports"), 60);
    QCOMPARE_CODE(m_fixture.store().call(
                      QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), paused } }),
        "0");
    createKey(QString(), 180);
    auto page = makePage();
    QCOMPARE(page->model()->rowCount(), 6);
    QVERIFY(page->selectKey(page->model()->keyIdAt(1)));
    saveScreenshots(page.get(), QStringLiteral("rotation-page"));

    RotationPolicyDialog dialog(m_fixture.client(), page->currentKey(), page.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    check(dialog.findChild<QCheckBox *>(QStringLiteral("firstRotationCheckBox")), true);
    saveScreenshots(&dialog, QStringLiteral("rotation-policy-dialog"));
    QCOMPARE(page->title(), QStringLiteral("Rotation"));
}

QTEST_MAIN(TestRotationPage)
#include "TestRotationPage.moc"
