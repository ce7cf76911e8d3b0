// Settings → HSMs driven through its real widgets against a REAL SoftHSM2 token (and the same
// token family behind a real `p11-kit server`): the HSM dialog filled with QTest (module through
// the file seam, List Tokens, PIN, where the PIN is kept, Test Connection), the page's actions,
// the start-up PIN dialog, and the main window's HSM indicator following the server as it is
// stopped and started again. Message boxes and file dialogs are answered through their seams.
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "HsmDialog.h"
#include "HsmMonitor.h"
#include "HsmPinDialog.h"
#include "HsmSettingsPage.h"
#include "KmsClient.h"
#include "MainWindow.h"
#include "SoftHsmToken.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UiTestHelpers.h"

#include "secrets/SecretStore.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>
#include <memory>

using namespace kms;
using namespace kms::ui;
using kms::test::SoftHsmToken;

namespace {

const QString kLocalLabel = QStringLiteral("kms-test");
const QString kRemoteLabel = QStringLiteral("kms-remote");

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

QAction *pageAction(const QWidget &page, const char *name)
{
    return page.findChild<QAction *>(QLatin1String(name));
}

void clickButton(QDialog *dialog, QDialogButtonBox::StandardButton which)
{
    auto *buttons = child<QDialogButtonBox>(dialog, "buttonBox");
    QVERIFY(buttons != nullptr);
    QPushButton *button = buttons->button(which);
    QVERIFY(button != nullptr);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

QString cellText(QTableWidget *table, int row, int column)
{
    QTableWidgetItem *item = table->item(row, column);
    return item != nullptr ? item->text() : QString();
}

// A keychain in memory (the console's is the Secret Service; TestKeychain covers that).
class MemoryKeychain final : public SecretStore
{
public:
    Result<SecureBytes> readSecret(const QString &name) override
    {
        const auto found = m_secrets.find(name);
        if (found == m_secrets.end())
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("no entry"));
        return found->second.clone();
    }
    Result<void> writeSecret(const QString &name, const SecureBytes &secret) override
    {
        m_secrets.insert_or_assign(name, secret.clone());
        return success();
    }
    Result<void> deleteSecret(const QString &name) override
    {
        m_secrets.erase(name);
        return success();
    }
    bool has(const QString &name) const { return m_secrets.count(name) > 0; }
    std::size_t size() const { return m_secrets.size(); }

private:
    std::map<QString, SecureBytes> m_secrets;
};

} // namespace

class TestHsmSettingsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addHsmThroughDialog();
    void wrongPinShowsErrorAndSavesNothing();
    void keychainModeKeepsPin();
    void pinDialogAtStartUp();
    void statusBarFollowsRemoteServer();

private:
    // Opens the page's Add HSM dialog.
    QPointer<HsmDialog> openDialog(HsmSettingsPage &page);
    // Fills the dialog: module, server, token (by List Tokens), PIN, prompt or keychain mode.
    void fillDialog(HsmDialog *dialog, const QString &module, const QString &server,
        const QString &label, const QString &pin, bool keychain);

    std::unique_ptr<SoftHsmToken> m_token;
    test::ClientFixture m_fixture;
};

void TestHsmSettingsPage::initTestCase()
{
    // Pkcs11Module ignores SIGPIPE for remote modules unless a handler is installed, and QtTest
    // installs one: a write to a stopped server's socket must fail with EPIPE here too.
    std::signal(SIGPIPE, SIG_IGN);
    // The served token is the fixture's own; the local one is a second token in the same
    // folder (made before SoftHSM2 is loaded in this process).
    m_token = std::make_unique<SoftHsmToken>(kRemoteLabel);
    if (m_token->missingBinary())
        QSKIP(qPrintable(m_token->problem()));
    QVERIFY2(m_token->problem().isEmpty(), qPrintable(m_token->problem()));
    const QString added = m_token->addToken(kLocalLabel);
    QVERIFY2(added.isEmpty(), qPrintable(added));
    Dialogs::setAutoAnswer(true, true);
    CertificateFiles::setAutoFileNames(true);
}

void TestHsmSettingsPage::init()
{
    Dialogs::clearHistory();
    QVERIFY(m_fixture.open());
}

void TestHsmSettingsPage::cleanup()
{
    m_fixture.close();
}

QPointer<HsmDialog> TestHsmSettingsPage::openDialog(HsmSettingsPage &page)
{
    QAction *add = pageAction(page, "addHsmAction");
    if (add == nullptr || !add->isEnabled())
        return nullptr;
    add->trigger();
    QPointer<HsmDialog> dialog = page.findChild<HsmDialog *>();
    if (dialog)
        (void)QTest::qWaitForWindowExposed(dialog);
    return dialog;
}

void TestHsmSettingsPage::fillDialog(HsmDialog *dialog, const QString &module,
    const QString &server, const QString &label, const QString &pin, bool keychain)
{
    auto *moduleBox = child<QComboBox>(dialog, "moduleComboBox");
    auto *serverEdit = child<QLineEdit>(dialog, "serverAddressLineEdit");
    auto *tokenBox = child<QComboBox>(dialog, "tokenComboBox");
    auto *pinEdit = child<QLineEdit>(dialog, "pinLineEdit");
    auto *keychainBox = child<QCheckBox>(dialog, "keychainCheckBox");
    QVERIFY(moduleBox && serverEdit && tokenBox && pinEdit && keychainBox);
    // The well-known modules are offered; this one is picked with Browse… (the file seam).
    for (const QString &known : HsmDialog::wellKnownModules())
        QVERIFY(moduleBox->findText(known) >= 0);
    CertificateFiles::queueFileName(module);
    QTest::mouseClick(child<QPushButton>(dialog, "browseButton"), Qt::LeftButton);
    QCOMPARE(moduleBox->currentText(), module);
    serverEdit->clear();
    if (!server.isEmpty())
        QTest::keyClicks(serverEdit, server);
    QCOMPARE(child<QLabel>(dialog, "remoteWarningLabel")->isVisible(), !server.isEmpty());

    QVERIFY(!child<QPushButton>(dialog, "testButton")->isEnabled()); // no token yet
    QTest::mouseClick(child<QPushButton>(dialog, "listTokensButton"), Qt::LeftButton);
    const int index = tokenBox->findData(label);
    QVERIFY2(index >= 0, qPrintable(label));
    QVERIFY(tokenBox->itemText(index).contains(QLatin1String("SoftHSM v2")));
    tokenBox->setCurrentIndex(index);
    QVERIFY(child<QPushButton>(dialog, "testButton")->isEnabled());

    QCOMPARE(pinEdit->echoMode(), QLineEdit::Password);
    QTest::keyClicks(pinEdit, pin);
    keychainBox->setChecked(keychain);
}

void TestHsmSettingsPage::addHsmThroughDialog()
{
    StoreSession &session = m_fixture.client().session();
    auto page
        = test::shown(std::make_unique<HsmSettingsPage>(m_fixture.client()), QSize(1100, 620));
    auto *table = page->tableWidget();
    QCOMPARE(table->rowCount(), 0);
    QVERIFY(!pageAction(*page, "removeHsmAction")->isEnabled());

    QPointer<HsmDialog> dialog = openDialog(*page);
    QVERIFY(dialog);
    fillDialog(dialog, QLatin1String(SoftHsmToken::kSoftHsmModule), QString(), kLocalLabel,
        m_token->userPinText(), false);
    // A p11-kit address would make the warning show; none here.
    QVERIFY(!child<QLabel>(dialog, "remoteWarningLabel")->isVisible());

    QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
    QVERIFY2(Dialogs::history().isEmpty(),
        qPrintable(Dialogs::history().isEmpty() ? QString() : Dialogs::history().last().text));
    QVERIFY(dialog->probe().has_value());
    // The PIN left the line edit at once.
    QVERIFY(child<QLineEdit>(dialog, "pinLineEdit")->text().isEmpty());
    const QString probeText = child<QLabel>(dialog, "probeLabel")->text();
    QVERIFY2(probeText.contains(QLatin1String("SoftHSM v2")), qPrintable(probeText));
    QVERIFY2(probeText.contains(QLatin1String("Serial:")), qPrintable(probeText));
    QVERIFY2(probeText.contains(QLatin1String("AES_256")), qPrintable(probeText));
    const QString mechanisms = child<QPlainTextEdit>(dialog, "mechanismsTextEdit")->toPlainText();
    QVERIFY2(mechanisms.contains(QLatin1String("CKM_AES_GCM")), qPrintable(mechanisms));
    QVERIFY(mechanisms.contains(QLatin1String("CKM_ECDSA")));
    test::saveScreenshots(dialog, QStringLiteral("hsm-dialog"));

    // Saving uses the PIN kept from the test.
    clickButton(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    auto configurations = session.hsmConfigurations();
    QVERIFY_RESULT(configurations);
    QCOMPARE(configurations->size(), 1);
    QCOMPARE(configurations->constFirst().tokenLabel, kLocalLabel);
    QCOMPARE(configurations->constFirst().modulePath, QLatin1String(SoftHsmToken::kSoftHsmModule));
    QVERIFY(!configurations->constFirst().pinInKeychain);
    QVERIFY(session.hsmsWithoutPin().isEmpty()); // the PIN stays in this session's memory

    const QString name = QStringLiteral("pkcs11:") + kLocalLabel;
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(cellText(table, 0, HsmSettingsPage::NameColumn), name);
    QCOMPARE(cellText(table, 0, HsmSettingsPage::TokenColumn), kLocalLabel);
    QCOMPARE(cellText(table, 0, HsmSettingsPage::PinColumn), QStringLiteral("asked at start"));
    QCOMPARE(page->currentHsmName(), name);
    QVERIFY(child<QPlainTextEdit>(page.get(), "mechanismsTextEdit")
                ->toPlainText()
                .contains(QLatin1String("CKM_AES_GCM")));
    QVERIFY(
        child<QLabel>(page.get(), "tokenInfoLabel")->text().contains(QLatin1String("SoftHSM v2")));
    QVERIFY(!child<QLabel>(page.get(), "remoteWarningLabel")->isVisible());

    // Test Connection re-probes with the session's PIN.
    pageAction(*page, "testHsmAction")->trigger();
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(child<QLabel>(page.get(), "stateLabel")->text(), QStringLiteral("connected"));
    QCOMPARE(cellText(table, 0, HsmSettingsPage::StateColumn), QStringLiteral("connected"));
    QCOMPARE(child<QLabel>(page.get(), "lastErrorLabel")->text(), QStringLiteral("none"));

    // Add Region… binds a new region to it.
    pageAction(*page, "addRegionAction")->trigger();
    QPointer<QDialog> regionDialog = page->findChild<QDialog *>(QStringLiteral("addRegionDialog"));
    QVERIFY(regionDialog);
    QTest::keyClicks(child<QLineEdit>(regionDialog, "regionIdLineEdit"), QStringLiteral("hsm-1"));
    QTest::keyClicks(
        child<QLineEdit>(regionDialog, "regionDescriptionLineEdit"), QStringLiteral("On SoftHSM"));
    clickButton(regionDialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(regionDialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    auto region = session.store().findRegion(QStringLiteral("hsm-1"));
    QVERIFY_RESULT(region);
    QVERIFY(region->has_value());
    QCOMPARE((*region)->hsm, name);
    QCOMPARE(cellText(table, 0, HsmSettingsPage::RegionsColumn), QStringLiteral("hsm-1"));
    QCOMPARE(
        HsmMonitor::boundRegions(session).value(name), QStringList { QStringLiteral("hsm-1") });

    // A key of protection level HSM in that region lives on the token.
    const Response created = m_fixture.store().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("hsm-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("HSM") } });
    QVERIFY2(created.ok(), qPrintable(created.code + QLatin1Char(' ') + created.detail));

    // Remove is refused while the region is bound: the error is shown, the HSM stays.
    pageAction(*page, "removeHsmAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 2); // the question, then the error
    QVERIFY(!Dialogs::history().last().code.isEmpty());
    QVERIFY(Dialogs::history().last().text.contains(Dialogs::history().last().code));
    QCOMPARE(session.hsmConfigurations()->size(), 1);
    QCOMPARE(table->rowCount(), 1);

    test::saveScreenshots(page.get(), QStringLiteral("hsm-settings-page"));
}

void TestHsmSettingsPage::wrongPinShowsErrorAndSavesNothing()
{
    StoreSession &session = m_fixture.client().session();
    auto page
        = test::shown(std::make_unique<HsmSettingsPage>(m_fixture.client()), QSize(1100, 620));
    QPointer<HsmDialog> dialog = openDialog(*page);
    QVERIFY(dialog);
    fillDialog(dialog, QLatin1String(SoftHsmToken::kSoftHsmModule), QString(), kLocalLabel,
        QStringLiteral("999999"), false);

    QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0505"));
    QVERIFY(!dialog->probe().has_value());

    QTest::keyClicks(child<QLineEdit>(dialog, "pinLineEdit"), QStringLiteral("999999"));
    clickButton(dialog, QDialogButtonBox::Ok);
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0505"));
    // The dialog stays for another try; nothing was saved.
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(session.hsmConfigurations()->isEmpty());
    QCOMPARE(page->tableWidget()->rowCount(), 0);

    // Without a PIN the dialog asks for one instead of saving.
    clickButton(dialog, QDialogButtonBox::Ok);
    QCOMPARE(Dialogs::history().size(), 3);
    QVERIFY(Dialogs::history().last().code.isEmpty());
    QVERIFY(dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(session.hsmConfigurations()->isEmpty());
}

void TestHsmSettingsPage::keychainModeKeepsPin()
{
    StoreSession &session = m_fixture.client().session();
    MemoryKeychain keychain;
    session.setKeychain(&keychain);
    auto page
        = test::shown(std::make_unique<HsmSettingsPage>(m_fixture.client()), QSize(1100, 620));
    QPointer<HsmDialog> dialog = openDialog(*page);
    QVERIFY(dialog);
    fillDialog(dialog, QLatin1String(SoftHsmToken::kSoftHsmModule), QString(), kLocalLabel,
        m_token->userPinText(), true);
    clickButton(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(keychain.size(), std::size_t(1));
    QCOMPARE(cellText(page->tableWidget(), 0, HsmSettingsPage::PinColumn),
        QStringLiteral("OS keychain"));

    // The keychain's PIN comes back at the next unlock: nothing to ask.
    session.lock();
    QVERIFY_RESULT(session.unlockWithPassphrase(
        SecureBytes::fromByteArray(QByteArrayLiteral("correct horse battery"))));
    QVERIFY(session.hsmsWithoutPin().isEmpty());
    session.setKeychain(nullptr);
}

void TestHsmSettingsPage::pinDialogAtStartUp()
{
    StoreSession &session = m_fixture.client().session();
    HsmConfiguration configuration;
    configuration.modulePath = QLatin1String(SoftHsmToken::kSoftHsmModule);
    configuration.tokenLabel = kLocalLabel;
    QVERIFY_RESULT(session.saveHsmConfiguration(configuration, m_token->userPin()));
    // A later start: the store unlocks, the PIN of a "prompt" HSM is missing.
    session.lock();
    QVERIFY_RESULT(session.unlockWithPassphrase(
        SecureBytes::fromByteArray(QByteArrayLiteral("correct horse battery"))));
    QCOMPARE(session.hsmsWithoutPin(), QStringList { configuration.name() });

    auto page
        = test::shown(std::make_unique<HsmSettingsPage>(m_fixture.client()), QSize(1100, 620));
    QCOMPARE(cellText(page->tableWidget(), 0, HsmSettingsPage::StateColumn),
        QStringLiteral("PIN needed"));
    QAction *enterPin = pageAction(*page, "enterPinAction");
    QVERIFY(enterPin->isEnabled());
    enterPin->trigger();
    QPointer<HsmPinDialog> dialog = page->findChild<HsmPinDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(child<QLabel>(dialog, "introLabel")->text().contains(configuration.name()));
    QVERIFY(!child<QPushButton>(dialog, "skipButton")->text().isEmpty());
    auto *pinEdit = child<QLineEdit>(dialog, "pinLineEdit");
    QCOMPARE(pinEdit->echoMode(), QLineEdit::Password);

    // A wrong PIN is said in the dialog, which stays; the session still has no PIN.
    QTest::keyClicks(pinEdit, QStringLiteral("0000"));
    clickButton(dialog, QDialogButtonBox::Ok);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->failedAttempts(), 1);
    QVERIFY(child<QLabel>(dialog, "messageLabel")->isVisible());
    QVERIFY(pinEdit->text().isEmpty());
    QCOMPARE(session.hsmsWithoutPin(), QStringList { configuration.name() });
    test::saveScreenshots(dialog, QStringLiteral("hsm-pin-dialog"));

    QTest::keyClicks(pinEdit, m_token->userPinText());
    clickButton(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(session.hsmsWithoutPin().isEmpty());
    QCOMPARE(
        session.hsmStatus(configuration.name(), true).state, StoreSession::HsmStatus::Connected);
    QVERIFY(!enterPin->isEnabled());
}

void TestHsmSettingsPage::statusBarFollowsRemoteServer()
{
    const QString started = m_token->startServer();
    if (m_token->missingBinary())
        QSKIP(qPrintable(started));
    QVERIFY2(started.isEmpty(), qPrintable(started));
    StoreSession &session = m_fixture.client().session();

    // The client module with the server's address, configured through the dialog.
    auto page
        = test::shown(std::make_unique<HsmSettingsPage>(m_fixture.client()), QSize(1100, 620));
    QPointer<HsmDialog> dialog = openDialog(*page);
    QVERIFY(dialog);
    fillDialog(dialog, QLatin1String(SoftHsmToken::kClientModule), m_token->serverAddress(),
        kRemoteLabel, m_token->userPinText(), false);
    QVERIFY(child<QLabel>(dialog, "remoteWarningLabel")->text().contains(QLatin1String("SSH")));
    clickButton(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY2(Dialogs::history().isEmpty(),
        qPrintable(Dialogs::history().isEmpty() ? QString() : Dialogs::history().last().text));
    const QString name = QStringLiteral("pkcs11:") + kRemoteLabel;
    QCOMPARE(
        cellText(page->tableWidget(), 0, HsmSettingsPage::ServerColumn), m_token->serverAddress());
    QVERIFY(child<QLabel>(page.get(), "remoteWarningLabel")->isVisible());
    page.reset();
    QVERIFY_RESULT(session.addRegion(QStringLiteral("remote-1"), QStringLiteral("p11-kit"), name));

    QTemporaryDir settingsDir;
    QSettings settings(
        settingsDir.filePath(QStringLiteral("kms-console.ini")), QSettings::IniFormat);
    Translations translations;
    MainWindow window(m_fixture.client(), settings, translations);
    window.hsmMonitor()->setInterval(200);
    window.setRegion(QStringLiteral("remote-1"), name);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *hsmLabel = window.findChild<QLabel *>(QStringLiteral("hsmLabel"));
    QVERIFY(hsmLabel);
    const QString prefix = QStringLiteral("HSM: PKCS#11 HSM (%1) · ").arg(name);
    QTRY_COMPARE(hsmLabel->text(), prefix + QStringLiteral("connected"));
    QVERIFY(hsmLabel->toolTip().isEmpty());
    QVERIFY(window.showSection(MainWindow::Section::Settings));
    test::saveScreenshots(&window, QStringLiteral("hsm-settings-window"));

    // The server goes away: the monitor notices without any operation of the user.
    m_token->stopServer();
    QTRY_COMPARE_WITH_TIMEOUT(hsmLabel->text(), prefix + QStringLiteral("disconnected"), 15000);
    QVERIFY(!hsmLabel->toolTip().isEmpty()); // the last error, with the CK_RV
    QVERIFY(hsmLabel->styleSheet().contains(QLatin1String("color")));
    QCOMPARE(window.hsmMonitor()->state(), HsmMonitor::State::Disconnected);
    // The Settings page's connection column follows the monitor.
    auto *settingsPage
        = qobject_cast<HsmSettingsPage *>(window.page(MainWindow::Section::Settings));
    QVERIFY(settingsPage);
    QTRY_COMPARE(cellText(settingsPage->tableWidget(), 0, HsmSettingsPage::StateColumn),
        QStringLiteral("disconnected"));
    QVERIFY(
        !settingsPage->tableWidget()->item(0, HsmSettingsPage::StateColumn)->toolTip().isEmpty());
    test::saveScreenshot(&window, QStringLiteral("hsm-disconnected-en.png"));

    // It comes back: so does the connection.
    QVERIFY(m_token->startServer().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(hsmLabel->text(), prefix + QStringLiteral("connected"), 15000);
    QVERIFY(hsmLabel->toolTip().isEmpty());
    QVERIFY(hsmLabel->styleSheet().isEmpty());
    QTRY_COMPARE(cellText(settingsPage->tableWidget(), 0, HsmSettingsPage::StateColumn),
        QStringLiteral("connected"));

    // An HSM whose PIN is missing says so; the software HSM shows no state.
    window.setRegion(QStringLiteral("local-1"), QStringLiteral("software"));
    QCOMPARE(hsmLabel->text(), QStringLiteral("HSM: software HSM"));
    window.hsmMonitor()->stop();
    m_token->stopServer();
}

QTEST_MAIN(TestHsmSettingsPage)
#include "TestHsmSettingsPage.moc"
