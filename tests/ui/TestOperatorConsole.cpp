// Operators in the console (issue 9), driven through the real widgets: the set-up wizard
// creates the first administrator, the start-up log-in dialog, the Operators page (add,
// change role, freeze, unfreeze, grant), the navigation each role gets, log-out, the idle
// lock, a session the backend ends, and 5 wrong passwords freezing an operator.
#include "AccessKeysDialog.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "LoginDialog.h"
#include "LoginPanel.h"
#include "MainWindow.h"
#include "OperatorDialog.h"
#include "OperatorTableModel.h"
#include "OperatorsPage.h"
#include "RotateMasterKeyDialog.h"
#include "SetupWizard.h"
#include "Translations.h"
#include "UiTestHelpers.h"

#include "api/StoreSession.h"
#include "server/LocalApiServer.h"
#include "server/RequestSignature.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::Dialogs;
using kms::ui::LoginPanel;
using kms::ui::MainWindow;
using kms::ui::OperatorDialog;
using kms::ui::OperatorsPage;
using Section = kms::ui::MainWindow::Section;

namespace {

const char *const kAdminPassword = "root password 1";
const char *const kOfficerPassword = "officer password 2";
const char *const kUserPassword = "user password 3";
const char *const kAuditorPassword = "auditor password 4";

} // namespace

class TestOperatorConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void wizardCreatesFirstAdministrator();
    void loginDialogAtStartUp();
    void firstAdministratorFromOperatorsPage();
    void administratorManagesOperators();
    void roleShapesNavigationAfterLogOut();
    void fiveWrongPasswordsFreezeKMS0406();
    void idleTimeoutLocksConsole();
    void expiredSessionLocksKMS0401();
    void administratorRekeysMasterKey();
    void accessKeyFromTheConsoleSignsRequests();

private:
    // Operators root (administrator), kate (key officer), carl (crypto user, granted m_key),
    // audrey (auditor); root is logged in.
    void setUpOperators();
    std::unique_ptr<MainWindow> makeWindow();
    // Types the name and password into the lock screen's form and clicks Log In.
    bool logInThroughPanel(LoginPanel *panel, const QString &name, const char *password);
    QStringList auditActions();
    QList<Section> enabledSections(MainWindow &window);

    ClientFixture m_fixture;
    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Translations> m_translations;
    QString m_key;
    QString m_otherKey;
};

void TestOperatorConsole::initTestCase()
{
    Dialogs::setAutoAnswer(true, true);
}

void TestOperatorConsole::init()
{
    Dialogs::clearHistory();
    QVERIFY(m_fixture.open());
    m_fixture.store().session().setPasswordHashParams(fastArgon2());
    m_settingsDir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(
        m_settingsDir->filePath(QStringLiteral("kms-console.ini")), QSettings::IniFormat);
    m_translations = std::make_unique<Translations>();
}

void TestOperatorConsole::cleanup()
{
    m_translations.reset();
    m_settings.reset();
    m_settingsDir.reset();
    m_fixture.close();
}

void TestOperatorConsole::setUpOperators()
{
    StoreSession &session = m_fixture.store().session();
    m_key = m_fixture.store().createKey();
    m_otherKey = m_fixture.store().createKey();
    QVERIFY(!m_key.isEmpty() && !m_otherKey.isEmpty());
    QVERIFY(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret(kAdminPassword)));
    QVERIFY(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
    QVERIFY(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), secret(kOfficerPassword)));
    QVERIFY(session.createOperator(
        QStringLiteral("carl"), QStringLiteral("crypto_user"), secret(kUserPassword)));
    QVERIFY(session.createOperator(
        QStringLiteral("audrey"), QStringLiteral("auditor"), secret(kAuditorPassword)));
    QVERIFY(session.grantKey(QStringLiteral("carl"), m_key));
}

std::unique_ptr<MainWindow> TestOperatorConsole::makeWindow()
{
    auto window = std::make_unique<MainWindow>(m_fixture.client(), *m_settings, *m_translations);
    return shown(std::move(window), { 1180, 740 });
}

bool TestOperatorConsole::logInThroughPanel(
    LoginPanel *panel, const QString &name, const char *password)
{
    panel->nameLineEdit()->clear();
    QTest::keyClicks(panel->nameLineEdit(), name);
    QTest::keyClicks(panel->passwordLineEdit(), QString::fromUtf8(password));
    if (!panel->logInButton()->isEnabled())
        return false;
    QTest::mouseClick(panel->logInButton(), Qt::LeftButton);
    // The password never stays in the form.
    return panel->passwordLineEdit()->text().isEmpty() && panel->lastErrorCode().isEmpty();
}

QStringList TestOperatorConsole::auditActions()
{
    QStringList actions;
    auto rows = m_fixture.store().session().store().auditRows(0, 100000);
    if (!rows)
        return actions;
    for (const store::AuditRecord &row : *rows)
        actions.append(
            QStringLiteral("%1 %2 %3").arg(row.action, row.operatorName, row.resultCode));
    return actions;
}

QList<Section> TestOperatorConsole::enabledSections(MainWindow &window)
{
    QList<Section> sections;
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
    for (int row = 0; row < navigation->count(); ++row) {
        if (navigation->item(row)->flags() & Qt::ItemIsEnabled)
            sections.append(static_cast<Section>(row));
    }
    return sections;
}

void TestOperatorConsole::wizardCreatesFirstAdministrator()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    ui::SetupWizard wizard(dataDir, nullptr);
    wizard.setArgon2Params(fastArgon2());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("passphraseLineEdit")),
        QStringLiteral("a long passphrase"));
    QTest::keyClicks(wizard.findChild<QLineEdit *>(QStringLiteral("repeatPassphraseLineEdit")),
        QStringLiteral("a long passphrase"));
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(ui::SetupWizard::AdministratorPageId));

    auto *operators = wizard.findChild<QCheckBox *>(QStringLiteral("operatorsCheckBox"));
    auto *name = wizard.findChild<QLineEdit *>(QStringLiteral("administratorNameLineEdit"));
    auto *password = wizard.findChild<QLineEdit *>(QStringLiteral("administratorPasswordLineEdit"));
    auto *repeat = wizard.findChild<QLineEdit *>(QStringLiteral("administratorRepeatLineEdit"));
    QVERIFY(operators && name && password && repeat);
    QVERIFY(!name->isEnabled());
    operators->click();
    QVERIFY(name->isEnabled());
    name->clear();
    QTest::keyClicks(name, QStringLiteral("alice"));
    QVERIFY(!next->isEnabled()); // no password yet
    QTest::keyClicks(password, QString::fromUtf8(kAdminPassword));
    QTest::keyClicks(repeat, QStringLiteral("something else"));
    QVERIFY(!next->isEnabled()); // not repeated
    repeat->clear();
    QTest::keyClicks(repeat, QString::fromUtf8(kAdminPassword));
    QVERIFY(next->isEnabled());
    saveScreenshots(&wizard, QStringLiteral("setup-administrator"));
    // The wizard's own buttons follow a run-time language switch too.
    m_translations->use(QStringLiteral("zh_CN"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(next->text(), QStringLiteral(u"下一步(&N) >"));
    QCOMPARE(wizard.button(QWizard::BackButton)->text(), QStringLiteral(u"< 上一步(&B)"));
    m_translations->use(QStringLiteral("en"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(next->text(), QStringLiteral("&Next >"));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(ui::SetupWizard::SummaryPageId));
    QVERIFY(password->text().isEmpty() && repeat->text().isEmpty()); // taken into secure memory
    QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("summaryLabel"))
                ->text()
                .contains(QLatin1String("first administrator: alice")));
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QVERIFY(Dialogs::history().isEmpty());

    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session && session->isUnlocked());
    QCOMPARE(session->operatorMode().value(), true);
    QVERIFY(session->signedIn());
    QCOMPARE(session->signedIn()->name, QStringLiteral("alice"));
    QCOMPARE(session->signedIn()->role, auth::Role::Administrator);
    auto operatorsListed = session->listOperators();
    QVERIFY(operatorsListed && operatorsListed->size() == 1);
    QCOMPARE(operatorsListed->constFirst().role, QStringLiteral("administrator"));
    // The wizard's password is the one that logs in.
    QVERIFY(session->logOut());
    QVERIFY(session->logIn(QStringLiteral("alice"), secret(kAdminPassword)));
    // No password in the store file.
    session.reset();
    QVERIFY(!readFile(StoreSession::databasePath(dataDir)).contains(QByteArray(kAdminPassword)));
}

void TestOperatorConsole::loginDialogAtStartUp()
{
    setUpOperators();
    StoreSession &session = m_fixture.store().session();
    QVERIFY(session.logOut());
    ui::LoginDialog dialog(session);
    dialog.open();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    LoginPanel *panel = dialog.panel();
    QCOMPARE(panel->reason(), LoginPanel::Reason::StartUp);
    QVERIFY(!logInThroughPanel(panel, QStringLiteral("kate"), "not her password"));
    QCOMPARE(panel->lastErrorCode(), QStringLiteral("KMS.0401"));
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("loginMessageLabel"));
    QVERIFY(message->isVisible());
    // The code and both messages of the table, then what to do.
    QVERIFY(message->text().contains(QLatin1String("KMS.0401")));
    QVERIFY(message->text().contains(QLatin1String("Token validation failed")));
    QVERIFY(message->text().contains(QStringLiteral(u"token验证失败")));
    QVERIFY(dialog.isVisible());
    saveScreenshots(&dialog, QStringLiteral("login-dialog"));
    QVERIFY(logInThroughPanel(panel, QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(session.signedIn()->name, QStringLiteral("kate"));
    // Already logged in: the start-up does not ask again.
    QVERIFY(ui::LoginDialog::logIn(session));
}

void TestOperatorConsole::firstAdministratorFromOperatorsPage()
{
    // A store without operators: everything is offered, nobody logs in.
    auto window = makeWindow();
    QVERIFY(!window->isLocked());
    QCOMPARE(enabledSections(*window).size(), 10);
    QVERIFY(window->findChild<QAction *>(QStringLiteral("logOutAction"))->isVisible() == false);
    QVERIFY(window->showSection(Section::Operators));
    auto *page = qobject_cast<OperatorsPage *>(window->page(Section::Operators));
    QVERIFY(page);
    QCOMPARE(page->model()->rowCount(), 0);

    page->addOperator();
    auto *dialog = page->findChild<OperatorDialog *>();
    QVERIFY(dialog);
    // The first operator can only be an administrator.
    QCOMPARE(dialog->roleComboBox()->count(), 1);
    QCOMPARE(dialog->roleName(), QStringLiteral("administrator"));
    QTest::keyClicks(dialog->nameLineEdit(), QStringLiteral("root"));
    QTest::keyClicks(dialog->passwordLineEdit(), QString::fromUtf8(kAdminPassword));
    QTest::keyClicks(dialog->repeatLineEdit(), QString::fromUtf8(kAdminPassword));
    clickOk(dialog);
    QVERIFY(Dialogs::history().isEmpty());

    // Operator mode began: the console locks until the administrator logs in.
    QVERIFY(window->isLocked());
    QVERIFY(window->loginPanel()->isVisible());
    auto *operatorLabel = window->findChild<QLabel *>(QStringLiteral("operatorLabel"));
    QCOMPARE(operatorLabel->text(), QStringLiteral("Operator: none (console locked)"));
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("root"), kAdminPassword));
    QVERIFY(!window->isLocked());
    QCOMPARE(operatorLabel->text(), QStringLiteral("Operator: root (administrator)"));
    QCOMPARE(page->model()->rowCount(), 1);
}

void TestOperatorConsole::administratorManagesOperators()
{
    setUpOperators();
    auto window = makeWindow();
    QVERIFY(!window->isLocked());
    QVERIFY(window->showSection(Section::Operators));
    auto *page = qobject_cast<OperatorsPage *>(window->page(Section::Operators));
    OperatorTableModel *model = page->model();
    QCOMPARE(model->rowCount(), 4);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Add a second key officer.
    page->addOperator();
    auto *dialog = page->findChild<OperatorDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->roleComboBox()->count(), 4);
    QTest::keyClicks(dialog->nameLineEdit(), QStringLiteral("ken"));
    dialog->roleComboBox()->setCurrentIndex(
        dialog->roleComboBox()->findData(QStringLiteral("key_officer")));
    QTest::keyClicks(dialog->passwordLineEdit(), QStringLiteral("ken's password"));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // not repeated
    QTest::keyClicks(dialog->repeatLineEdit(), QStringLiteral("ken's password"));
    saveScreenshots(dialog, QStringLiteral("operator-add"));
    clickOk(dialog);
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(page->currentOperator(), QStringLiteral("ken"));
    QTRY_VERIFY(page->findChild<OperatorDialog *>() == nullptr);
    QCOMPARE(
        model->index(model->rowOfOperator(QStringLiteral("ken")), OperatorTableModel::RoleColumn)
            .data()
            .toString(),
        QStringLiteral("key officer"));

    // A name in use is refused with its code; the dialog stays open.
    page->addOperator();
    dialog = page->findChild<OperatorDialog *>();
    QTest::keyClicks(dialog->nameLineEdit(), QStringLiteral("kate"));
    QTest::keyClicks(dialog->passwordLineEdit(), QStringLiteral("x"));
    QTest::keyClicks(dialog->repeatLineEdit(), QStringLiteral("x"));
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0101"));
    QVERIFY(dialog->isVisible());
    dialog->reject();
    Dialogs::clearHistory();
    QTRY_VERIFY(page->findChild<OperatorDialog *>() == nullptr);

    // Change ken's role to auditor.
    QVERIFY(page->selectOperator(QStringLiteral("ken")));
    page->changeRole();
    dialog = page->findChild<OperatorDialog *>();
    QCOMPARE(dialog->roleName(), QStringLiteral("key_officer")); // the current role first
    dialog->roleComboBox()->setCurrentIndex(
        dialog->roleComboBox()->findData(QStringLiteral("auditor")));
    clickOk(dialog);
    QTRY_VERIFY(page->findChild<OperatorDialog *>() == nullptr);
    QCOMPARE(model->operatorAt(model->rowOfOperator(QStringLiteral("ken"))).role,
        QStringLiteral("auditor"));

    // Freeze and unfreeze: a frozen operator cannot log in.
    auto *freeze = action(*page, "freezeOperatorAction");
    auto *unfreeze = action(*page, "unfreezeOperatorAction");
    QVERIFY(freeze->isEnabled() && !unfreeze->isEnabled());
    freeze->trigger();
    QVERIFY(model->operatorAt(model->rowOfOperator(QStringLiteral("ken"))).frozen);
    QCOMPARE(
        model->index(model->rowOfOperator(QStringLiteral("ken")), OperatorTableModel::StateColumn)
            .data()
            .toString(),
        QStringLiteral("frozen"));
    QVERIFY(!freeze->isEnabled() && unfreeze->isEnabled());
    unfreeze->trigger();
    QVERIFY(!model->operatorAt(model->rowOfOperator(QStringLiteral("ken"))).frozen);

    // Grant: only for crypto users; the key shows in the Granted keys column.
    QVERIFY(!action(*page, "grantKeyAction")->isEnabled());
    const QString otherKey = m_otherKey;
    QVERIFY(page->selectOperator(QStringLiteral("carl")));
    QVERIFY(action(*page, "grantKeyAction")->isEnabled());
    page->grantKey();
    dialog = page->findChild<OperatorDialog *>();
    QVERIFY(dialog->keyComboBox()->findData(otherKey) >= 0); // the store's keys are offered
    dialog->keyComboBox()->setCurrentIndex(dialog->keyComboBox()->findData(otherKey));
    clickOk(dialog);
    QTRY_VERIFY(page->findChild<OperatorDialog *>() == nullptr);
    const store::OperatorRecord &carl
        = model->operatorAt(model->rowOfOperator(QStringLiteral("carl")));
    QCOMPARE(carl.grants.size(), 2);
    QVERIFY(carl.grants.contains(otherKey) && carl.grants.contains(m_key));
    // Policies: the idle time-out and dual control, changed on the page, audited.
    QSpinBox *idle = page->idleMinutesSpinBox();
    QVERIFY(idle->isEnabled());
    QCOMPARE(idle->value(), 15);
    idle->setValue(5);
    emit idle->editingFinished();
    QCOMPARE(m_fixture.store().session().idleTimeoutSeconds().value(), 300);
    QVERIFY(!page->dualDeletionCheckBox()->isChecked());
    page->dualDeletionCheckBox()->click();
    QCOMPARE(m_fixture.store().session().dualControl().value(),
        QStringList { QStringLiteral("ScheduleKeyDeletion") });
    saveScreenshots(window.get(), QStringLiteral("operators-page"));

    // Each change is in the audit trail under the administrator's name and role.
    const QStringList actions = auditActions();
    for (const char *expected :
        { "CreateOperator root (administrator) 0", "CreateOperator root (administrator) KMS.0101",
            "UpdateOperator root (administrator) 0", "FreezeOperator root (administrator) 0",
            "UnfreezeOperator root (administrator) 0", "GrantKey root (administrator) 0",
            "UpdateSetting root (administrator) 0", "SetDualControl root (administrator) 0" })
        QVERIFY2(actions.contains(QLatin1String(expected)), expected);
}

void TestOperatorConsole::roleShapesNavigationAfterLogOut()
{
    setUpOperators();
    auto window = makeWindow();
    auto *operatorLabel = window->findChild<QLabel *>(QStringLiteral("operatorLabel"));
    QCOMPARE(operatorLabel->text(), QStringLiteral("Operator: root (administrator)"));
    // An administrator: metadata, operators and settings; no key use, no import, no audit.
    QCOMPARE(enabledSections(*window),
        (QList<Section> { Section::Keys, Section::Aliases, Section::Rotation, Section::Deletions,
            Section::Certificates, Section::Operators, Section::Settings }));

    // Log out (File → Log Out, Ctrl+L): the pages give way to the log-in form.
    auto *logOut = window->findChild<QAction *>(QStringLiteral("logOutAction"));
    QVERIFY(logOut->isVisible() && logOut->isEnabled());
    logOut->trigger();
    QVERIFY(window->isLocked());
    QVERIFY(!m_fixture.store().session().signedIn());
    QCOMPARE(window->loginPanel()->reason(), LoginPanel::Reason::LoggedOut);
    QCOMPARE(window->loginPanel()->nameLineEdit()->text(), QStringLiteral("root"));
    QCOMPARE(operatorLabel->text(), QStringLiteral("Operator: none (console locked)"));
    QVERIFY(!logOut->isEnabled());
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("backupAction"))->isEnabled());
    QVERIFY(enabledSections(*window).isEmpty());
    saveScreenshots(window.get(), QStringLiteral("console-locked"));

    // The auditor: the audit page and key metadata only.
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("audrey"), kAuditorPassword));
    QVERIFY(!window->isLocked());
    QCOMPARE(operatorLabel->text(), QStringLiteral("Operator: audrey (auditor)"));
    QCOMPARE(enabledSections(*window),
        (QList<Section> { Section::Keys, Section::Aliases, Section::Rotation, Section::Deletions,
            Section::Certificates, Section::Audit }));
    QVERIFY(!window->showSection(Section::Workbench));
    QVERIFY(window->showSection(Section::Audit));
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("backupAction"))->isEnabled());
    auto *auditTable = window->page(Section::Audit)->findChild<QTableView *>();
    QVERIFY(auditTable && auditTable->model()->rowCount() > 0);
    saveScreenshots(window.get(), QStringLiteral("auditor-console"));

    // The crypto user: its granted keys and the workbench.
    logOut->trigger();
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("carl"), kUserPassword));
    QCOMPARE(enabledSections(*window), (QList<Section> { Section::Keys, Section::Workbench }));
    QCOMPARE(window->currentSection(), Section::Keys); // the audit page went with the auditor
    auto *keysTable = window->page(Section::Keys)->findChild<QTableView *>();
    QTRY_COMPARE(keysTable->model()->rowCount(), 1); // m_key only
    QVERIFY(window->showSection(Section::Workbench));

    // The key officer: key management and import.
    logOut->trigger();
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE(enabledSections(*window),
        (QList<Section> { Section::Keys, Section::Aliases, Section::Rotation, Section::Deletions,
            Section::Certificates, Section::Import }));

    // Log-ins and log-outs are in the audit trail, and no page the role may not read made a
    // refused call (no KMS.0405 row, no error box).
    const QStringList actions = auditActions();
    QVERIFY(actions.contains(QStringLiteral("LogOut root (administrator) 0")));
    QVERIFY(actions.contains(QStringLiteral("LogIn audrey (auditor) 0")));
    QVERIFY(actions.contains(QStringLiteral("LogOut audrey (auditor) 0")));
    QVERIFY(actions.contains(QStringLiteral("LogIn kate (key_officer) 0")));
    for (const QString &row : actions)
        QVERIFY2(
            !row.endsWith(QLatin1String("KMS.0405")) && !row.endsWith(QLatin1String("KMS.0401")),
            qPrintable(row));
    QVERIFY(Dialogs::history().isEmpty());
}

void TestOperatorConsole::fiveWrongPasswordsFreezeKMS0406()
{
    setUpOperators();
    auto window = makeWindow();
    window->logOut();
    LoginPanel *panel = window->loginPanel();
    auto *message = panel->findChild<QLabel *>(QStringLiteral("loginMessageLabel"));
    for (int attempt = 1; attempt <= StoreSession::kMaxFailedLogins; ++attempt) {
        QVERIFY(!logInThroughPanel(panel, QStringLiteral("kate"), "guess"));
        QCOMPARE(panel->lastErrorCode(), QStringLiteral("KMS.0401"));
        QVERIFY(panel->passwordLineEdit()->text().isEmpty());
    }
    // Frozen now: even the right password is refused, with KMS.0406 and both messages.
    QVERIFY(!logInThroughPanel(panel, QStringLiteral("kate"), kOfficerPassword));
    QCOMPARE(panel->lastErrorCode(), QStringLiteral("KMS.0406"));
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QLatin1String("User is freeze")));
    QVERIFY(message->text().contains(QStringLiteral(u"用户被冻结")));
    QVERIFY(message->text().contains(QLatin1String("administrator")));
    QVERIFY(window->isLocked());
    saveScreenshots(window.get(), QStringLiteral("login-frozen"));

    // The administrator unfreezes kate on the Operators page; she logs in again.
    QVERIFY(logInThroughPanel(panel, QStringLiteral("root"), kAdminPassword));
    auto *page = qobject_cast<OperatorsPage *>(window->page(Section::Operators));
    QVERIFY(window->showSection(Section::Operators));
    QVERIFY(page->selectOperator(QStringLiteral("kate")));
    QCOMPARE(page->model()
                 ->index(page->model()->rowOfOperator(QStringLiteral("kate")),
                     OperatorTableModel::FailedLoginsColumn)
                 .data()
                 .toInt(),
        StoreSession::kMaxFailedLogins);
    action(*page, "unfreezeOperatorAction")->trigger();
    window->logOut();
    QVERIFY(logInThroughPanel(panel, QStringLiteral("kate"), kOfficerPassword));
    QVERIFY(!window->isLocked());
}

void TestOperatorConsole::idleTimeoutLocksConsole()
{
    setUpOperators();
    QVERIFY(m_fixture.store().session().store().setSetting(
        QStringLiteral("auth.idleTimeoutSeconds"), QStringLiteral("1")));
    auto window = makeWindow();
    QVERIFY(!window->isLocked());
    // Nobody touches the console: it locks itself and logs the operator out.
    QTRY_VERIFY_WITH_TIMEOUT(window->isLocked(), 10000);
    QCOMPARE(window->loginPanel()->reason(), LoginPanel::Reason::IdleTimeout);
    QVERIFY(!m_fixture.store().session().signedIn());
    QVERIFY(auditActions().contains(QStringLiteral("LogOut root (administrator) 0")));
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("root"), kAdminPassword));
    QVERIFY(!window->isLocked());
}

void TestOperatorConsole::expiredSessionLocksKMS0401()
{
    setUpOperators();
    QVERIFY(m_fixture.store().session().logOut());
    QVERIFY(m_fixture.store().session().logIn(QStringLiteral("kate"), secret(kOfficerPassword)));
    auto window = makeWindow();
    QVERIFY(!window->isLocked());
    // The store's clock passes the idle time-out (the console's own timer has not fired): the
    // next call is refused with KMS.0401 and the console locks.
    m_fixture.clock().advanceSecs(901);
    const Response refused = m_fixture.client().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_key } });
    QCOMPARE(refused.code, QStringLiteral("KMS.0401"));
    QVERIFY(window->isLocked());
    QCOMPARE(window->loginPanel()->reason(), LoginPanel::Reason::SessionEnded);
    QCOMPARE(window->loginPanel()->nameLineEdit()->text(), QString());
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("kate"), kOfficerPassword));
    QVERIFY(!window->isLocked());
}

void TestOperatorConsole::administratorRekeysMasterKey()
{
    setUpOperators();
    QVERIFY(m_fixture.store().session().logOut());
    QVERIFY(m_fixture.store().session().logIn(QStringLiteral("carl"), secret(kUserPassword)));
    const Response sealed = m_fixture.client().call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_key },
            { QStringLiteral("plaintext"), QStringLiteral("c2VjcmV0") } });
    QCOMPARE(sealed.code, QStringLiteral("0"));
    auto window = makeWindow();
    auto *rekey = window->findChild<QAction *>(QStringLiteral("rotateMasterKeyAction"));
    QVERIFY(rekey && !rekey->isEnabled()); // a crypto user's console
    window->logOut();
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("root"), kAdminPassword));
    QVERIFY(rekey->isEnabled());

    rekey->trigger();
    auto *dialog = window->findChild<ui::RotateMasterKeyDialog *>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("newPassphraseLineEdit")),
        QStringLiteral("the new passphrase"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("repeatPassphraseLineEdit")),
        QStringLiteral("the new passphrase"));
    clickOk(dialog);
    QVERIFY(Dialogs::history().size() >= 1);
    QCOMPARE(Dialogs::history().constLast().code, QString()); // "replaced", not an error

    // The old passphrase opens nothing now, the new one does, and the key decrypts what it
    // sealed under the old master key (as the crypto user, in the console's session).
    auto reopened = StoreSession::open(m_fixture.store().dataDir());
    QVERIFY(reopened);
    QVERIFY(!(*reopened)->unlockWithPassphrase(secret("correct horse battery")));
    QVERIFY((*reopened)->unlockWithPassphrase(secret("the new passphrase")));
    reopened->reset();
    window->logOut();
    QVERIFY(logInThroughPanel(window->loginPanel(), QStringLiteral("carl"), kUserPassword));
    const Response opened = m_fixture.client().call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            sealed.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE(opened.code, QStringLiteral("0"));
    QCOMPARE(opened.data.value(QStringLiteral("plaintext")).toString(), QStringLiteral("c2VjcmV0"));
    QVERIFY(auditActions().contains(QStringLiteral("RotateMasterKey root (administrator) 0")));
}

void TestOperatorConsole::accessKeyFromTheConsoleSignsRequests()
{
    setUpOperators();
    auto window = makeWindow();
    QVERIFY(window->showSection(Section::Operators));
    auto *page = qobject_cast<OperatorsPage *>(window->page(Section::Operators));
    QVERIFY(page->selectOperator(QStringLiteral("carl")));
    action(*page, "accessKeysAction")->trigger();
    auto *dialog = page->findChild<ui::AccessKeysDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->table()->rowCount(), 0);
    QTest::mouseClick(
        dialog->findChild<QPushButton *>(QStringLiteral("createAccessKeyButton")), Qt::LeftButton);
    QVERIFY(Dialogs::history().isEmpty());
    const QString accessKeyId = dialog->shownAccessKeyId();
    const QByteArray secretText = dialog->shownSecret().toLatin1();
    QCOMPARE(accessKeyId.size(), 20);
    QCOMPARE(secretText.size(), 40);
    QCOMPARE(dialog->table()->rowCount(), 1);
    QCOMPARE(dialog->currentKey(), accessKeyId);
    saveScreenshots(dialog, QStringLiteral("access-keys"));
    // Only wrapped in the store.
    QVERIFY(!readFile(m_fixture.store().databasePath()).contains(secretText));

    // The key the console made signs a request the local API accepts, as carl.
    server::LocalApiServer apiServer(m_fixture.store().session());
    const auto port = apiServer.listen(0);
    QVERIFY(port);
    auto post = [&](const QByteArray &body) {
        const SecureBytes secret = SecureBytes::fromByteArray(secretText);
        const QByteArray date = server::signature::formatDate(m_fixture.clock().now());
        const QByteArray signature = server::signature::sign(
            secret, server::signature::canonicalString("POST", "/v1/Encrypt", date, body));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, *port);
        socket.write("POST /v1/Encrypt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Length: "
            + QByteArray::number(body.size()) + "\r\nX-Sdk-Date: " + date + "\r\nAuthorization: "
            + server::signature::authorizationHeader(accessKeyId, signature) + "\r\n\r\n" + body);
        QByteArray answer;
        QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            10000);
        answer += socket.readAll();
        return answer;
    };
    const QByteArray body
        = QStringLiteral("{\"cmkUuid\":\"%1\",\"plaintext\":\"aGk=\"}").arg(m_key).toLatin1();
    QVERIFY(post(body).contains("\"code\":\"0\""));

    // Disabled in the console: the same kind of request is refused with KMS.0402.
    QTest::mouseClick(
        dialog->findChild<QPushButton *>(QStringLiteral("disableAccessKeyButton")), Qt::LeftButton);
    QCOMPARE(dialog->table()->item(0, 1)->text(), QStringLiteral("disabled"));
    m_fixture.clock().advanceSecs(1); // a new date, so not a replay of the first request
    QVERIFY(post(body).contains("\"code\":\"KMS.0402\""));
    // Deleted (after the confirmation).
    QTest::mouseClick(
        dialog->findChild<QPushButton *>(QStringLiteral("deleteAccessKeyButton")), Qt::LeftButton);
    QCOMPARE(dialog->table()->rowCount(), 0);
    // Closing empties the field that showed the secret.
    dialog->reject();
    QVERIFY(dialog->shownSecret().isEmpty());
    const QStringList actions = auditActions();
    for (const char *expected : { "CreateAccessKey root (administrator) 0",
             "DisableAccessKey root (administrator) 0", "DeleteAccessKey root (administrator) 0" })
        QVERIFY2(actions.contains(QLatin1String(expected)), expected);
}

QTEST_MAIN(TestOperatorConsole)
#include "TestOperatorConsole.moc"
