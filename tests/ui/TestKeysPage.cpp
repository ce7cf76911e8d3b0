#include "AliasDialog.h"
#include "CreateKeyDialog.h"
#include "Dialogs.h"
#include "KeyDetailPane.h"
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "KmsClient.h"
#include "UiTestHelpers.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::AliasDialog;
using kms::ui::CreateKeyDialog;
using kms::ui::Dialogs;
using kms::ui::KeyDetailPane;
using kms::ui::KeysPage;

namespace {

QStringList itemData(const QComboBox *combo)
{
    QStringList values;
    for (int i = 0; i < combo->count(); ++i)
        values.append(combo->itemData(i).toString());
    return values;
}

void choose(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    combo->setCurrentIndex(index);
}

QString detail(const KeysPage &page, const char *name)
{
    auto *label = page.detailPane()->findChild<QLabel *>(QLatin1String(name));
    return label != nullptr ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

} // namespace

class TestKeysPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void createKeyInDialogShowsItInTable();
    void rsaKeyIsMadeInBackground();
    void createDialogOffersOnlyValidCombinations();
    void disableShowsStateInTableAndPane();
    void aliasErrorShowsBothLanguagesAndKeepsForm();
    void scheduleDeletionNamesKey();
    void editDescriptionKeepsTextOnError();
    void repointAndRemoveAlias();
    void filtersAndSortReachTheModel();
    void refreshShowsChangesMadeElsewhere();
    void defaultKeyIsProtected();
    void copyKeyIdAndContextMenu();

private:
    std::unique_ptr<KeysPage> makePage();
    QString createKey(const QString &description, const QString &alias = QString());

    test::ClientFixture m_fixture;
};

void TestKeysPage::initTestCase()
{
    QVERIFY(m_fixture.open());
    Dialogs::setAutoAnswer(true, true);
}

void TestKeysPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
}

void TestKeysPage::cleanupTestCase()
{
    m_fixture.close();
}

std::unique_ptr<KeysPage> TestKeysPage::makePage()
{
    return test::shown(std::make_unique<KeysPage>(m_fixture.client()), { 1300, 700 });
}

QString TestKeysPage::createKey(const QString &description, const QString &alias)
{
    const Response created = m_fixture.store().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("description"), description } });
    const QString id = created.data.value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    if (!alias.isEmpty())
        m_fixture.store().call(QStringLiteral("CreateAlias"),
            { { QStringLiteral("aliasName"), alias }, { QStringLiteral("cmkUuid"), id } });
    return id;
}

void TestKeysPage::createKeyInDialogShowsItInTable()
{
    auto page = makePage();
    const int before = page->model()->rowCount();
    QVERIFY(action(*page, "createKeyAction")->isEnabled());
    action(*page, "createKeyAction")->trigger();
    QPointer<CreateKeyDialog> dialog = page->findChild<CreateKeyDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());

    choose(
        dialog->findChild<QComboBox *>(QStringLiteral("specComboBox")), QStringLiteral("SM4_128"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("descriptionLineEdit")),
        QStringLiteral("payroll key"));
    auto *rotate = dialog->findChild<QCheckBox *>(QStringLiteral("rotationCheckBox"));
    auto *interval = dialog->findChild<QSpinBox *>(QStringLiteral("rotationIntervalSpinBox"));
    QVERIFY(rotate->isEnabled());
    QVERIFY(!interval->isEnabled());
    QTest::mouseClick(rotate, Qt::LeftButton, {}, QPoint(5, rotate->height() / 2));
    QVERIFY(rotate->isChecked());
    QVERIFY(interval->isEnabled());
    interval->setValue(90);

    const QJsonObject request = dialog->request();
    QCOMPARE(request.value(QStringLiteral("keySpec")).toString(), QStringLiteral("SM4_128"));
    QCOMPARE(
        request.value(QStringLiteral("keyUsage")).toString(), QStringLiteral("ENCRYPT/DECRYPT"));
    QCOMPARE(
        request.value(QStringLiteral("protectionLevel")).toString(), QStringLiteral("SOFTWARE"));
    QCOMPARE(request.value(QStringLiteral("origin")).toString(), QStringLiteral("KMS"));
    QCOMPARE(request.value(QStringLiteral("regionId")).toString(), QStringLiteral("local-1"));
    QCOMPARE(
        request.value(QStringLiteral("description")).toString(), QStringLiteral("payroll key"));
    QCOMPARE(request.value(QStringLiteral("enableAutomaticRotation")).toBool(), true);
    QCOMPARE(request.value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("90d"));

    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull()); // closed (and deleted) on success
    QVERIFY(Dialogs::history().isEmpty());

    // In the table, selected, and in the detail pane.
    QCOMPARE(page->model()->rowCount(), before + 1);
    const QString id = page->currentKeyId();
    QVERIFY(!id.isEmpty());
    const int row = page->model()->rowOfKey(id);
    QCOMPARE(row, 0); // newest first
    QCOMPARE(page->model()->index(row, KeyTableModel::DescriptionColumn).data().toString(),
        QStringLiteral("payroll key"));
    QCOMPARE(page->model()->index(row, KeyTableModel::SpecColumn).data().toString(),
        QStringLiteral("SM4_128"));
    QCOMPARE(page->tableView()->currentIndex().row(), row);
    QCOMPARE(detail(*page, "keyIdValueLabel"), id);
    QCOMPARE(detail(*page, "descriptionValueLabel"), QStringLiteral("payroll key"));
    QCOMPARE(detail(*page, "rotationValueLabel"), QStringLiteral("Every 90 days"));
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));
    QCOMPARE(page->findChild<QLabel *>(QStringLiteral("countLabel"))->text(),
        before == 0 ? QStringLiteral("1 key") : QStringLiteral("%1 keys").arg(before + 1));

    // And in the store.
    const Response described = m_fixture.store().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(described, "0");
    QCOMPARE(described.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("rotationInterval"))
                 .toString(),
        QStringLiteral("90d"));

    saveScreenshot(page.get(), QStringLiteral("keys-page-en.png"));
}

void TestKeysPage::rsaKeyIsMadeInBackground()
{
    auto page = makePage();
    action(*page, "createKeyAction")->trigger();
    QPointer<CreateKeyDialog> dialog = page->findChild<CreateKeyDialog *>();
    QVERIFY(dialog);
    choose(
        dialog->findChild<QComboBox *>(QStringLiteral("specComboBox")), QStringLiteral("RSA_2048"));
    choose(dialog->findChild<QComboBox *>(QStringLiteral("usageComboBox")),
        QStringLiteral("SIGN/VERIFY"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("descriptionLineEdit")),
        QStringLiteral("code signing"));
    clickOk(dialog);
    // Busy while the worker thread makes the key pair: the form is locked, Cancel too.
    if (dialog) {
        QVERIFY(dialog->isBusy());
        QVERIFY(dialog->findChild<QProgressBar *>(QStringLiteral("progressBar"))->isVisible());
        QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("specComboBox"))->isEnabled());
        dialog->reject();
        QVERIFY(dialog->isVisible());
    }
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 30000);
    QVERIFY(Dialogs::history().isEmpty());

    const QString id = page->currentKeyId();
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY(page->model()->rowOfKey(id) >= 0);
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(id), KeyTableModel::UsageColumn)
                 .data()
                 .toString(),
        QStringLiteral("SIGN/VERIFY"));
    QTRY_COMPARE(detail(*page, "keyIdValueLabel"), id);
    // The detail pane shows the primary version's public key.
    QVERIFY(
        page->detailPane()->publicKeyPem().startsWith(QLatin1String("-----BEGIN PUBLIC KEY-----")));
    QVERIFY(page->detailPane()
                ->findChild<QPlainTextEdit *>(QStringLiteral("publicKeyPlainTextEdit"))
                ->toPlainText()
                .contains(QLatin1String("BEGIN PUBLIC KEY")));
    saveScreenshot(page.get(), QStringLiteral("keys-page-rsa-en.png"));
}

void TestKeysPage::createDialogOffersOnlyValidCombinations()
{
    CreateKeyDialog dialog(m_fixture.client());
    dialog.show();
    auto *spec = dialog.findChild<QComboBox *>(QStringLiteral("specComboBox"));
    auto *usage = dialog.findChild<QComboBox *>(QStringLiteral("usageComboBox"));
    auto *origin = dialog.findChild<QComboBox *>(QStringLiteral("originComboBox"));
    auto *protection = dialog.findChild<QComboBox *>(QStringLiteral("protectionComboBox"));
    auto *rotate = dialog.findChild<QCheckBox *>(QStringLiteral("rotationCheckBox"));
    QVERIFY(spec && usage && origin && protection && rotate);
    const QString encrypt = QStringLiteral("ENCRYPT/DECRYPT");
    const QString sign = QStringLiteral("SIGN/VERIFY");

    QCOMPARE(itemData(spec),
        (QStringList { QStringLiteral("AES_256"), QStringLiteral("SM4_128"),
            QStringLiteral("RSA_2048"), QStringLiteral("EC_P256"), QStringLiteral("EC_SM2") }));
    // No HSM in this store's region: software only.
    QCOMPARE(itemData(protection), QStringList { QStringLiteral("SOFTWARE") });

    choose(spec, QStringLiteral("AES_256"));
    QCOMPARE(itemData(usage), QStringList { encrypt });
    QCOMPARE(itemData(origin), (QStringList { QStringLiteral("KMS"), QStringLiteral("EXTERNAL") }));
    QVERIFY(rotate->isEnabled());
    choose(origin, QStringLiteral("EXTERNAL"));
    QVERIFY(!rotate->isEnabled()); // imported material does not rotate

    choose(spec, QStringLiteral("EC_P256"));
    QCOMPARE(itemData(usage), QStringList { sign });
    QCOMPARE(itemData(origin), QStringList { QStringLiteral("KMS") });
    QVERIFY(!rotate->isEnabled());
    QCOMPARE(dialog.request().value(QStringLiteral("keyUsage")).toString(), sign);
    QCOMPARE(dialog.request().value(QStringLiteral("origin")).toString(), QStringLiteral("KMS"));

    choose(spec, QStringLiteral("RSA_2048"));
    QCOMPARE(itemData(usage), (QStringList { encrypt, sign }));
    choose(usage, sign);
    choose(spec, QStringLiteral("EC_SM2")); // keeps the usage that still fits
    QCOMPARE(itemData(usage), (QStringList { encrypt, sign }));
    QCOMPARE(usage->currentData().toString(), sign);

    choose(spec, QStringLiteral("SM4_128"));
    QCOMPARE(itemData(usage), QStringList { encrypt });
    QCOMPARE(dialog.request().value(QStringLiteral("keyUsage")).toString(), encrypt);
    QVERIFY(rotate->isEnabled());
    rotate->setChecked(true);
    choose(spec, QStringLiteral("EC_P256"));
    QVERIFY(!rotate->isChecked());
    QCOMPARE(dialog.request().value(QStringLiteral("enableAutomaticRotation")).toBool(), false);
    QVERIFY(!dialog.request().contains(QStringLiteral("rotationInterval")));

    // Every combination the dialog can produce is one the KMS accepts.
    QCOMPARE(CreateKeyDialog::usagesFor(QStringLiteral("EC_P256")), QStringList { sign });
    QCOMPARE(CreateKeyDialog::usagesFor(QStringLiteral("AES_256")), QStringList { encrypt });
}

void TestKeysPage::disableShowsStateInTableAndPane()
{
    const QString id = createKey(QStringLiteral("to be disabled"));
    auto page = makePage();
    const int row = page->model()->rowOfKey(id);
    QVERIFY(row >= 0);
    // A real click on the row selects the key.
    QTableView *view = page->tableView();
    view->scrollTo(page->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
        view->visualRect(page->model()->index(row, KeyTableModel::KeyIdColumn)).center());
    QCOMPARE(page->currentKeyId(), id);
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));
    QVERIFY(action(*page, "disableKeyAction")->isEnabled());
    QVERIFY(!action(*page, "enableKeyAction")->isEnabled());
    QVERIFY(!action(*page, "cancelDeletionAction")->isEnabled());

    action(*page, "disableKeyAction")->trigger();
    QVERIFY(Dialogs::history().isEmpty());
    const int after = page->model()->rowOfKey(id);
    QCOMPARE(page->model()->index(after, KeyTableModel::StateColumn).data().toString(),
        QStringLiteral("Disabled"));
    QCOMPARE(page->model()->index(after, 0).data(KeyTableModel::KeyStateRole).toString(),
        QStringLiteral("Disabled"));
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Disabled"));
    QCOMPARE(page->currentKeyId(), id); // still selected
    QVERIFY(!action(*page, "disableKeyAction")->isEnabled());
    QVERIFY(action(*page, "enableKeyAction")->isEnabled());

    // The keyboard: Ctrl+E enables it again while the table has the focus.
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(id), KeyTableModel::StateColumn)
                 .data()
                 .toString(),
        QStringLiteral("Enabled"));
}

void TestKeysPage::aliasErrorShowsBothLanguagesAndKeepsForm()
{
    createKey(QStringLiteral("has the alias"), QStringLiteral("alias/dup"));
    const QString other = createKey(QStringLiteral("wants the alias"));
    auto page = makePage();
    QVERIFY(page->selectKey(other));
    QVERIFY(action(*page, "addAliasAction")->isEnabled());
    action(*page, "addAliasAction")->trigger();
    QPointer<AliasDialog> dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("aliasLineEdit"));
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));
    QCOMPARE(name->text(), QStringLiteral("alias/"));
    QCOMPARE(key->text(), other);
    QVERIFY(key->isReadOnly());
    name->setFocus();
    name->end(false);
    QTest::keyClicks(name, QStringLiteral("dup"));
    QCOMPARE(dialog->request().value(QStringLiteral("aliasName")).toString(),
        QStringLiteral("alias/dup"));
    clickOk(dialog);

    QCOMPARE(Dialogs::history().size(), 1);
    const Dialogs::Shown shown = Dialogs::history().last();
    QCOMPARE(shown.code, QStringLiteral("KMS.0201"));
    QVERIFY2(shown.text.contains(QLatin1String("KMS.0201")), qPrintable(shown.text));
    QVERIFY2(shown.text.contains(QLatin1String("Alias already exists")), qPrintable(shown.text));
    QVERIFY2(shown.text.contains(QStringLiteral("別名已存在")), qPrintable(shown.text));
    QVERIFY(!shown.informativeText.isEmpty());
    // The dialog is still there with what the user typed.
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(name->text(), QStringLiteral("alias/dup"));
    QCOMPARE(dialog->response().code, QStringLiteral("KMS.0201"));

    // Another name goes through.
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("alias/unique-one"));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(page->detailPane()
                ->findChild<QListWidget *>(QStringLiteral("aliasesListWidget"))
                ->findItems(QStringLiteral("alias/unique-one"), Qt::MatchExactly)
                .size()
        == 1);
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(other), KeyTableModel::AliasColumn)
                 .data()
                 .toString(),
        QStringLiteral("alias/unique-one"));
}

void TestKeysPage::scheduleDeletionNamesKey()
{
    const QString id = createKey(QStringLiteral("short-lived"), QStringLiteral("alias/to-delete"));
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    QVERIFY(action(*page, "scheduleDeletionAction")->isEnabled());
    action(*page, "scheduleDeletionAction")->trigger();
    QPointer<QDialog> dialog = page->findChild<QDialog *>(QStringLiteral("scheduleDeletionDialog"));
    QVERIFY(dialog);
    auto *days = dialog->findChild<QSpinBox *>(QStringLiteral("pendingWindowSpinBox"));
    QCOMPARE(days->minimum(), 7);
    QCOMPARE(days->maximum(), 366);
    days->setValue(10);

    // "No": nothing changes, the dialog stays.
    Dialogs::setAutoAnswer(true, false);
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 1);
    const QString question = Dialogs::history().last().text;
    QVERIFY2(question.contains(QLatin1String("alias/to-delete")), qPrintable(question));
    QVERIFY2(question.contains(id), qPrintable(question));
    QVERIFY2(question.contains(QLatin1String("10 days")), qPrintable(question));
    QVERIFY(dialog);
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));

    // "Yes": scheduled.
    Dialogs::setAutoAnswer(true, true);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Pending deletion"));
    QVERIFY(!detail(*page, "deleteDateValueLabel").isEmpty());
    QVERIFY(!action(*page, "scheduleDeletionAction")->isEnabled());
    QVERIFY(!action(*page, "editDescriptionAction")->isEnabled());
    QVERIFY(!action(*page, "addAliasAction")->isEnabled());
    QVERIFY(action(*page, "cancelDeletionAction")->isEnabled());
    const Response described = m_fixture.store().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE(described.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("keyState"))
                 .toString(),
        QStringLiteral("PendingDeletion"));

    // Cancelled: the key comes back disabled.
    action(*page, "cancelDeletionAction")->trigger();
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Disabled"));
    QVERIFY(action(*page, "enableKeyAction")->isEnabled());
}

void TestKeysPage::editDescriptionKeepsTextOnError()
{
    const QString id = createKey(QStringLiteral("old words"));
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    action(*page, "editDescriptionAction")->trigger();
    QPointer<QDialog> dialog = page->findChild<QDialog *>(QStringLiteral("editDescriptionDialog"));
    QVERIFY(dialog);
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("descriptionLineEdit"));
    QCOMPARE(edit->text(), QStringLiteral("old words"));

    // Meanwhile the key was scheduled for deletion elsewhere: the change fails, the text stays.
    QCOMPARE_CODE(
        m_fixture.store().call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("new words"));
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0203"));
    QVERIFY(dialog);
    QCOMPARE(edit->text(), QStringLiteral("new words"));

    QCOMPARE_CODE(m_fixture.store().call(
                      QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), id } }),
        "0");
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(detail(*page, "descriptionValueLabel"), QStringLiteral("new words"));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(id), KeyTableModel::DescriptionColumn)
                 .data()
                 .toString(),
        QStringLiteral("new words"));
}

void TestKeysPage::repointAndRemoveAlias()
{
    const QString from = createKey(QStringLiteral("alias source"), QStringLiteral("alias/moving"));
    const QString to = createKey(QStringLiteral("alias target"));
    auto page = makePage();
    QVERIFY(page->selectKey(from));
    QVERIFY(action(*page, "repointAliasAction")->isEnabled());
    QVERIFY(action(*page, "removeAliasAction")->isEnabled());
    action(*page, "repointAliasAction")->trigger();
    QPointer<AliasDialog> dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    auto *alias = dialog->findChild<QComboBox *>(QStringLiteral("aliasComboBox"));
    QCOMPARE(alias->currentText(), QStringLiteral("alias/moving"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit")), to);
    QCOMPARE(dialog->request().value(QStringLiteral("cmkUuid")).toString(), to);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    // The source lost it (no alias actions any more), the target has it.
    QCOMPARE(page->currentKeyId(), from);
    QVERIFY(!action(*page, "removeAliasAction")->isEnabled());
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(to), KeyTableModel::AliasColumn)
                 .data()
                 .toString(),
        QStringLiteral("alias/moving"));

    QVERIFY(page->selectKey(to));
    action(*page, "removeAliasAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().last().text.contains(QLatin1String("alias/moving")));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(to), KeyTableModel::AliasColumn)
                 .data()
                 .toString(),
        QString());
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("DescribeKey"),
                      { { QStringLiteral("cmkUuid"), QStringLiteral("alias/moving") } }),
        "KMS.0301");
}

void TestKeysPage::filtersAndSortReachTheModel()
{
    createKey(QStringLiteral("findme alpha"));
    createKey(QStringLiteral("findme beta"));
    auto page = makePage();
    KeyTableModel *model = page->model();
    const qint64 all = model->totalCount();
    QVERIFY(all >= 2);

    auto *search = page->findChild<QLineEdit *>(QStringLiteral("searchLineEdit"));
    QTest::keyClicks(search, QStringLiteral("findme"));
    // Debounced: the model filters after a short pause, in SQL.
    QTRY_COMPARE(model->searchText(), QStringLiteral("findme"));
    QCOMPARE(model->totalCount(), qint64(2));
    QCOMPARE(model->rowCount(), 2);
    search->clear();
    QTRY_COMPARE(model->totalCount(), all);

    auto *state = page->findChild<QComboBox *>(QStringLiteral("stateComboBox"));
    choose(state, QStringLiteral("Disabled"));
    QCOMPARE(model->stateFilter(), QStringLiteral("Disabled"));
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(KeyTableModel::KeyStateRole).toString(),
            QStringLiteral("Disabled"));
    choose(state, QString());
    auto *spec = page->findChild<QComboBox *>(QStringLiteral("specComboBox"));
    choose(spec, QStringLiteral("RSA_2048"));
    QCOMPARE(model->specFilter(), QStringLiteral("RSA_2048"));
    QCOMPARE(model->totalCount(),
        m_fixture.store().scalar(
            QStringLiteral("SELECT COUNT(*) FROM keys WHERE key_spec = 'RSA_2048'")));
    choose(spec, QString());
    auto *region = page->findChild<QComboBox *>(QStringLiteral("regionComboBox"));
    QCOMPARE(itemData(region), (QStringList { QString(), QStringLiteral("local-1") }));
    choose(region, QStringLiteral("local-1"));
    QCOMPARE(model->regionFilter(), QStringLiteral("local-1"));
    QCOMPARE(model->totalCount(), all);

    // A click on the Description header sorts in SQL.
    QHeaderView *header = page->tableView()->horizontalHeader();
    const int x = header->sectionViewportPosition(KeyTableModel::DescriptionColumn) + 10;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(model->sortColumn(), int(KeyTableModel::DescriptionColumn));
    const QString first = model->index(0, KeyTableModel::DescriptionColumn).data().toString();
    const QString second = model->index(1, KeyTableModel::DescriptionColumn).data().toString();
    QVERIFY(first.compare(second, Qt::CaseInsensitive)
            * (model->sortOrder() == Qt::AscendingOrder ? 1 : -1)
        <= 0);
}

void TestKeysPage::refreshShowsChangesMadeElsewhere()
{
    const QString id = createKey(QStringLiteral("changed by kmsctl"));
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));

    auto other = m_fixture.store().session().openConnection();
    QVERIFY_RESULT(other);
    QCOMPARE_CODE((*other)->service().call(
                      QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), id } }),
        "0");
    const QString made
        = (*other)
              ->service()
              .call(QStringLiteral("CreateKey"),
                  { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                      { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
                      { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
                      { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } })
              .data.value(QStringLiteral("keyMetadata"))
              .toObject()
              .value(QStringLiteral("cmkUuid"))
              .toString();
    QVERIFY(!made.isEmpty());
    QCOMPARE(page->model()->rowOfKey(made), -1);

    page->refresh();
    QCOMPARE(page->currentKeyId(), id); // still selected
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Disabled"));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfKey(id), KeyTableModel::StateColumn)
                 .data()
                 .toString(),
        QStringLiteral("Disabled"));
    QCOMPARE(page->model()->rowOfKey(made), 0);
}

void TestKeysPage::defaultKeyIsProtected()
{
    const Response defaultKey = m_fixture.store().call(QStringLiteral("GetDefaultKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("product"), QStringLiteral("obs") } });
    QCOMPARE_CODE(defaultKey, "0");
    const QString id = defaultKey.data.value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    auto page = makePage();
    QVERIFY(page->selectKey(id));
    QVERIFY(!action(*page, "disableKeyAction")->isEnabled());
    QVERIFY(!action(*page, "scheduleDeletionAction")->isEnabled());
    QVERIFY(!action(*page, "addAliasAction")->isEnabled());
    QVERIFY(!action(*page, "repointAliasAction")->isEnabled());
    QVERIFY(!action(*page, "removeAliasAction")->isEnabled());
    QVERIFY(action(*page, "editDescriptionAction")->isEnabled());
    QVERIFY(action(*page, "copyKeyIdAction")->isEnabled());
    QCOMPARE(detail(*page, "defaultProductValueLabel"), QStringLiteral("obs"));
}

void TestKeysPage::copyKeyIdAndContextMenu()
{
    const QString id = createKey(QStringLiteral("copy me"));
    auto page = makePage();
    QVERIFY(!action(*page, "copyKeyIdAction")->isEnabled() || !page->currentKeyId().isEmpty());
    QVERIFY(page->selectKey(id));
    QGuiApplication::clipboard()->clear();
    action(*page, "copyKeyIdAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), id);

    // The context menu carries the same actions as the toolbar.
    auto *menu = page->findChild<QMenu *>(QStringLiteral("keyContextMenu"));
    QVERIFY(menu != nullptr);
    QVERIFY(menu->actions().contains(action(*page, "disableKeyAction")));
    QVERIFY(menu->actions().contains(action(*page, "scheduleDeletionAction")));
    QVERIFY(menu->actions().contains(action(*page, "copyKeyIdAction")));
    QCOMPARE(action(*page, "createKeyAction")->shortcut(), QKeySequence(QKeySequence::New));
    QCOMPARE(page->title(), QStringLiteral("Keys"));
}

QTEST_MAIN(TestKeysPage)
#include "TestKeysPage.moc"
