#include "Dialogs.h"
#include "SetupWizard.h"
#include "ShareSheet.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UnlockDialog.h"

#include "api/StoreSession.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretStore.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::ui::Dialogs;
using kms::ui::SetupWizard;
using kms::ui::ShareSheet;
using kms::ui::UnlockDialog;

namespace {

// A keychain in memory; `failWith` makes every call fail the way KeychainSecretStore does
// when no Secret Service runs.
class FakeKeychain final : public SecretStore
{
public:
    QString failWith;
    QMap<QString, QByteArray> entries;

    Result<SecureBytes> readSecret(const QString &name) override
    {
        if (!failWith.isEmpty())
            return KmsError(QStringLiteral("KMS.0503"), failWith);
        if (!entries.contains(name))
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("entry missing"));
        return SecureBytes::fromByteArray(entries.value(name));
    }
    Result<void> writeSecret(const QString &name, const SecureBytes &secret) override
    {
        if (!failWith.isEmpty())
            return KmsError(QStringLiteral("KMS.0503"), failWith);
        entries.insert(
            name, QByteArray(reinterpret_cast<const char *>(secret.data()), secret.intSize()));
        return success();
    }
    Result<void> deleteSecret(const QString &name) override
    {
        entries.remove(name);
        return success();
    }
};

const QString kPassphrase = QStringLiteral("correct horse battery staple");

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (found == nullptr)
        qWarning("no child %s", name);
    return found;
}

} // namespace

class TestStartup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void strengthHintRatesPassphrases();
    void wizardCreatesPassphraseStore();
    void mismatchedPassphrasesKeepNextDisabled();
    void regionMustBeValid();
    void keychainFailureFallsBackToPassphrase();
    void keychainStoreUnlocksSilently();
    void keychainUnlockFailureIsShown();
    void realKeychainStore();
    void unlockDialogRetriesWrongPassphrase();
    void wizardCreatesCustodianStore();
    void custodianCountFollowsThreshold();
    void cancellingBeforeEveryShareIsTakenAsks();

private:
    // Writes a PNG of `widget` in English and Chinese into $KMS_SCREENSHOT_DIR, if set.
    void screenshot(QWidget *widget, const QString &name);
    QString m_screenshotDir;
};

void TestStartup::initTestCase()
{
    Dialogs::setAutoAnswer(true, true);
    m_screenshotDir = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
}

void TestStartup::init()
{
    Dialogs::clearHistory();
}

void TestStartup::screenshot(QWidget *widget, const QString &name)
{
    if (m_screenshotDir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(m_screenshotDir));
    Translations translations;
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        translations.use(language);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCoreApplication::processEvents();
        const QString path
            = QDir(m_screenshotDir).filePath(QStringLiteral("%1-%2.png").arg(name, language));
        QVERIFY2(widget->grab().save(path, "PNG"), qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 0);
    }
    translations.use(QStringLiteral("en"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

void TestStartup::strengthHintRatesPassphrases()
{
    int bits = -1;
    QVERIFY(SetupWizard::strengthHint(QString(), &bits).contains(QLatin1String("Type")));
    QCOMPARE(bits, 0);
    QVERIFY(
        SetupWizard::strengthHint(QStringLiteral("abc"), &bits).endsWith(QLatin1String("weak")));
    QCOMPARE(bits, 14); // 3 * log2(26) = 14.1
    const QString strong = SetupWizard::strengthHint(QStringLiteral("Tr0ub4dor&3-x!Kq9"), &bits);
    QVERIFY2(strong.endsWith(QLatin1String("strong")), qPrintable(strong));
    QVERIFY(strong.startsWith(QLatin1String("17 characters, 4 of 5 character classes")));
    QVERIFY(bits >= 80);
    // A Chinese passphrase counts as a class of its own.
    SetupWizard::strengthHint(QStringLiteral(u"正确的马电池订书钉"), &bits);
    QVERIFY(bits > 80);
}

void TestStartup::wizardCreatesPassphraseStore()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    FakeKeychain keychain;
    SetupWizard wizard(dataDir, &keychain);
    wizard.setArgon2Params(test::fastArgon2());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    screenshot(&wizard, QStringLiteral("setup-protection"));

    auto *keychainRadio = child<QRadioButton>(&wizard, "keychainRadioButton");
    auto *passphraseRadio = child<QRadioButton>(&wizard, "passphraseRadioButton");
    auto *passphraseEdit = child<QLineEdit>(&wizard, "passphraseLineEdit");
    auto *repeatEdit = child<QLineEdit>(&wizard, "repeatPassphraseLineEdit");
    auto *strengthLabel = child<QLabel>(&wizard, "strengthLabel");
    auto *strengthBar = child<QProgressBar>(&wizard, "strengthProgressBar");
    QVERIFY(keychainRadio && passphraseRadio && passphraseEdit && repeatEdit && strengthLabel
        && strengthBar);
    QAbstractButton *next = wizard.button(QWizard::NextButton);

    // A keychain is offered, so it is the default; the passphrase fields wait.
    QVERIFY(keychainRadio->isChecked());
    QVERIFY(!passphraseEdit->isEnabled());
    QTest::mouseClick(
        passphraseRadio, Qt::LeftButton, {}, QPoint(8, passphraseRadio->height() / 2));
    QVERIFY(passphraseRadio->isChecked());
    QVERIFY(passphraseEdit->isEnabled());
    QVERIFY(!next->isEnabled());

    QTest::keyClicks(passphraseEdit, kPassphrase);
    QVERIFY(strengthLabel->text().startsWith(QLatin1String("28 characters")));
    QVERIFY(strengthBar->value() > 0);
    QVERIFY(!next->isEnabled()); // not repeated yet
    QTest::keyClicks(repeatEdit, kPassphrase);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);

    // The passphrase left the line edits when the page was left.
    QCOMPARE(wizard.currentId(), int(SetupWizard::RegionPageId));
    QVERIFY(passphraseEdit->text().isEmpty());
    QVERIFY(repeatEdit->text().isEmpty());

    auto *regionEdit = child<QLineEdit>(&wizard, "regionLineEdit");
    QVERIFY(regionEdit);
    QCOMPARE(regionEdit->text(), QStringLiteral("local-1"));
    regionEdit->selectAll();
    QTest::keyClicks(regionEdit, QStringLiteral("eu-test_1"));
    QCOMPARE(wizard.regionId(), QStringLiteral("eu-test_1"));
    screenshot(&wizard, QStringLiteral("setup-region"));
    QTest::mouseClick(next, Qt::LeftButton);

    // No operators by default: one officer's console, no log-in.
    QCOMPARE(wizard.currentId(), int(SetupWizard::AdministratorPageId));
    QVERIFY(!wizard.createsAdministrator());
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);

    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
    auto *summary = child<QLabel>(&wizard, "summaryLabel");
    QVERIFY(summary);
    QVERIFY(summary->text().contains(QLatin1String("eu-test_1")));
    QVERIFY(summary->text().contains(QDir::toNativeSeparators(dataDir)));
    QVERIFY(summary->text().contains(QLatin1String("passphrase")));
    screenshot(&wizard, QStringLiteral("setup-summary"));
    QVERIFY(!StoreSession::isInitialised(dataDir));

    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QVERIFY(!wizard.isVisible());
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(keychain.entries.isEmpty());

    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session);
    QVERIFY(session->isUnlocked());
    QCOMPARE(session->protection(), MasterKeyProtection::Passphrase);
    const Response created = session->service().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("eu-test_1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(created, "0");
    session.reset();

    // A later start: the store opens locked and only the passphrase unlocks it.
    QVERIFY(StoreSession::isInitialised(dataDir));
    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    StoreSession &again = **reopened;
    QVERIFY(!again.isUnlocked());
    QCOMPARE(again.protection(), MasterKeyProtection::Passphrase);
    const auto wrong = again.unlockWithPassphrase(test::secret("wrong passphrase"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code(), QStringLiteral("KMS.0401"));
    QVERIFY_RESULT(again.unlockWithPassphrase(test::secret("correct horse battery staple")));
    const Response keys = again.service().call(QStringLiteral("ListKeys"),
        { { QStringLiteral("regionId"), QStringLiteral("eu-test_1") } });
    QCOMPARE_CODE(keys, "0");
    QCOMPARE(keys.data.value(QStringLiteral("totalCount")).toInt(), 1);
}

void TestStartup::mismatchedPassphrasesKeepNextDisabled()
{
    QTemporaryDir temp;
    SetupWizard wizard(temp.filePath(QStringLiteral("data")), nullptr);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    auto *keychainRadio = child<QRadioButton>(&wizard, "keychainRadioButton");
    auto *passphraseRadio = child<QRadioButton>(&wizard, "passphraseRadioButton");
    auto *passphraseEdit = child<QLineEdit>(&wizard, "passphraseLineEdit");
    auto *repeatEdit = child<QLineEdit>(&wizard, "repeatPassphraseLineEdit");
    auto *matchLabel = child<QLabel>(&wizard, "matchLabel");
    QVERIFY(keychainRadio && passphraseRadio && passphraseEdit && repeatEdit && matchLabel);
    QAbstractButton *next = wizard.button(QWizard::NextButton);

    // Without a keychain only the passphrase is offered.
    QVERIFY(!keychainRadio->isEnabled());
    QVERIFY(passphraseRadio->isChecked());
    QVERIFY(!next->isEnabled()); // empty

    QTest::keyClicks(passphraseEdit, QStringLiteral("alpha-one"));
    QTest::keyClicks(repeatEdit, QStringLiteral("alpha-two"));
    QVERIFY(!next->isEnabled());
    QCOMPARE(matchLabel->text(), QStringLiteral("The two passphrases differ."));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::ProtectionPageId));

    // Fixing the repeat enables Next; emptying the first disables it again.
    QTest::keyClick(repeatEdit, Qt::Key_Backspace);
    QTest::keyClick(repeatEdit, Qt::Key_Backspace);
    QTest::keyClick(repeatEdit, Qt::Key_Backspace);
    QTest::keyClicks(repeatEdit, QStringLiteral("one"));
    QVERIFY(next->isEnabled());
    QCOMPARE(matchLabel->text(), QStringLiteral("The two passphrases match."));
    passphraseEdit->selectAll();
    QTest::keyClick(passphraseEdit, Qt::Key_Delete);
    QVERIFY(!next->isEnabled());
}

void TestStartup::regionMustBeValid()
{
    QTemporaryDir temp;
    SetupWizard wizard(temp.filePath(QStringLiteral("data")), nullptr);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QTest::keyClicks(child<QLineEdit>(&wizard, "passphraseLineEdit"), kPassphrase);
    QTest::keyClicks(child<QLineEdit>(&wizard, "repeatPassphraseLineEdit"), kPassphrase);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::RegionPageId));

    auto *regionEdit = child<QLineEdit>(&wizard, "regionLineEdit");
    QVERIFY(regionEdit);
    QVERIFY(next->isEnabled());
    regionEdit->selectAll();
    QTest::keyClick(regionEdit, Qt::Key_Delete);
    QVERIFY(!next->isEnabled()); // empty
    QTest::keyClicks(regionEdit, QStringLiteral("cn north/1 ?"));
    QCOMPARE(regionEdit->text(), QStringLiteral("cnnorth1")); // the rest cannot be typed
    QVERIFY(next->isEnabled());

    // Back to the first page: the passphrase must be typed again.
    QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::ProtectionPageId));
    QVERIFY(!next->isEnabled());
}

void TestStartup::keychainFailureFallsBackToPassphrase()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    FakeKeychain keychain;
    keychain.failWith = QStringLiteral("no Secret Service (org.freedesktop.secrets) on the bus");
    SetupWizard wizard(dataDir, &keychain);
    wizard.setArgon2Params(test::fastArgon2());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.protection(), MasterKeyProtection::Keychain);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
    QVERIFY(child<QLabel>(&wizard, "summaryLabel")->text().contains(QLatin1String("keychain")));
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);

    // The error was shown with its code and the keychain's reason; the wizard went back to
    // the first page with the passphrase chosen, and nothing was left in the folder.
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0503"));
    QVERIFY(Dialogs::history().constFirst().informativeText.contains(keychain.failWith));
    QVERIFY(wizard.isVisible());
    QCOMPARE(wizard.currentId(), int(SetupWizard::ProtectionPageId));
    QCOMPARE(wizard.protection(), MasterKeyProtection::Passphrase);
    QVERIFY(child<QLabel>(&wizard, "keychainNoteLabel")->isVisible());
    QVERIFY(!StoreSession::isInitialised(dataDir));
    QVERIFY(!wizard.takeSession());

    QTest::keyClicks(child<QLineEdit>(&wizard, "passphraseLineEdit"), kPassphrase);
    QTest::keyClicks(child<QLineEdit>(&wizard, "repeatPassphraseLineEdit"), kPassphrase);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session && session->isUnlocked());
    QCOMPARE(session->protection(), MasterKeyProtection::Passphrase);
}

void TestStartup::keychainStoreUnlocksSilently()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    FakeKeychain keychain;
    SetupWizard wizard(dataDir, &keychain);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(keychain.entries.size(), 1);
    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session && session->isUnlocked());
    QCOMPARE(session->protection(), MasterKeyProtection::Keychain);
    session.reset();

    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    QVERIFY(UnlockDialog::unlock(**reopened, &keychain));
    QVERIFY((*reopened)->isUnlocked());
    QVERIFY(Dialogs::history().isEmpty()); // silently
}

void TestStartup::keychainUnlockFailureIsShown()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    FakeKeychain keychain;
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Keychain;
    options.keychain = &keychain;
    QVERIFY_RESULT(StoreSession::initialise(dataDir, options));

    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    keychain.failWith = QStringLiteral("the Secret Service is not running");
    QVERIFY(!UnlockDialog::unlock(**reopened, &keychain));
    QVERIFY(!(*reopened)->isUnlocked());
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0503"));
    QVERIFY(Dialogs::history().constFirst().informativeText.contains(keychain.failWith));

    Dialogs::clearHistory();
    QVERIFY(!UnlockDialog::unlock(**reopened, nullptr));
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0503"));
}

void TestStartup::realKeychainStore()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("No D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset), so no Secret Service: "
              "run under tests/support/with-keyring.sh for the real keychain path");
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    KeychainSecretStore keychain(QStringLiteral("kms-console-test"));
    SetupWizard wizard(dataDir, &keychain);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.protection(), MasterKeyProtection::Keychain);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    if (wizard.result() != QDialog::Accepted) {
        QVERIFY(!Dialogs::history().isEmpty());
        QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0503"));
        QSKIP(qPrintable(QStringLiteral("The D-Bus session has no usable Secret Service: %1")
                             .arg(Dialogs::history().constFirst().informativeText)));
    }
    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session && session->isUnlocked());
    const QString entry = QStringLiteral("master-key/%1").arg(session->storeUuid());
    session.reset();

    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    const bool unlocked = UnlockDialog::unlock(**reopened, &keychain);
    QVERIFY_RESULT(keychain.deleteSecret(entry));
    QVERIFY(unlocked);
    QVERIFY(Dialogs::history().isEmpty());
}

void TestStartup::unlockDialogRetriesWrongPassphrase()
{
    test::TestStore store(kPassphrase);
    QVERIFY(store.isValid());
    store.close();
    auto opened = StoreSession::open(store.dataDir());
    QVERIFY_RESULT(opened);
    StoreSession &session = **opened;
    QVERIFY(!session.isUnlocked());

    UnlockDialog dialog(session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *passphraseEdit = child<QLineEdit>(&dialog, "passphraseLineEdit");
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    auto *unlockButton = child<QPushButton>(&dialog, "unlockButton");
    QVERIFY(passphraseEdit && messageLabel && unlockButton);
    QVERIFY(!messageLabel->isVisible());
    QVERIFY(!unlockButton->isEnabled());

    QTest::keyClicks(passphraseEdit, QStringLiteral("not the passphrase"));
    QVERIFY(unlockButton->isEnabled());
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(!session.isUnlocked());
    QVERIFY(messageLabel->isVisible());
    QCOMPARE(messageLabel->text(),
        QStringLiteral("The passphrase is wrong (attempt 1). Type it again."));
    QVERIFY(passphraseEdit->text().isEmpty());
    QCOMPARE(dialog.failedAttempts(), 1);
    QVERIFY(Dialogs::history().isEmpty()); // said in the dialog, not in a message box
    screenshot(&dialog, QStringLiteral("unlock-wrong-passphrase"));

    // Enter submits too.
    QTest::keyClicks(passphraseEdit, QStringLiteral("still wrong"));
    QTest::keyClick(passphraseEdit, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.failedAttempts(), 2);
    QVERIFY(messageLabel->text().contains(QLatin1String("attempt 2")));

    QTest::keyClicks(passphraseEdit, kPassphrase);
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(session.isUnlocked());
    QVERIFY(passphraseEdit->text().isEmpty());
    QCOMPARE_CODE(session.service().call(QStringLiteral("ListKeys"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") } }),
        "0");
}

namespace {

// Clicks through the first three pages of a custodians set-up (M of N) and creates the store.
void createCustodianStore(SetupWizard &wizard, int threshold, int count)
{
    auto *custodiansRadio = child<QRadioButton>(&wizard, "custodiansRadioButton");
    auto *thresholdSpin = child<QSpinBox>(&wizard, "thresholdSpinBox");
    auto *countSpin = child<QSpinBox>(&wizard, "countSpinBox");
    QVERIFY(custodiansRadio && thresholdSpin && countSpin);
    QTest::mouseClick(
        custodiansRadio, Qt::LeftButton, {}, QPoint(8, custodiansRadio->height() / 2));
    QVERIFY(custodiansRadio->isChecked());
    thresholdSpin->setValue(threshold);
    countSpin->setValue(count);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QVERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::RegionPageId));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::AdministratorPageId));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
    // No Finish here: the Create button makes the store and the shares come next.
    QVERIFY(!wizard.button(QWizard::FinishButton)->isVisible());
    QAbstractButton *create = wizard.button(QWizard::CommitButton);
    QVERIFY(create->isVisible() && create->isEnabled());
    QCOMPARE(create->text(), QStringLiteral("&Create"));
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(SetupWizard::FirstSharePageId));
}

// The text of every file under `dir`, for looking for what must not be there.
QByteArray allFileBytes(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        all += test::readFile(it.next());
    return all;
}

} // namespace

void TestStartup::wizardCreatesCustodianStore()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    FakeKeychain keychain;
    SetupWizard wizard(dataDir, &keychain);
    QStringList asked;
    wizard.setFileNameAsker([&](QWidget *, const QString &suggested) {
        asked.append(suggested);
        return temp.filePath(QFileInfo(suggested).fileName());
    });
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));

    // The custodian settings wait until custodian shares are chosen.
    auto *thresholdSpin = child<QSpinBox>(&wizard, "thresholdSpinBox");
    auto *hint = child<QLabel>(&wizard, "custodiansHintLabel");
    QVERIFY(thresholdSpin && hint);
    QVERIFY(!thresholdSpin->isEnabled());
    QTest::mouseClick(
        child<QRadioButton>(&wizard, "custodiansRadioButton"), Qt::LeftButton, {}, QPoint(8, 8));
    QVERIFY(thresholdSpin->isEnabled());
    QCOMPARE(wizard.protection(), MasterKeyProtection::Custodians);
    QCOMPARE(wizard.custodianThreshold(), 2);
    QCOMPARE(wizard.custodianCount(), 3);
    QVERIFY(hint->text().contains(QLatin1String("Any 2 of the 3 custodians")));
    screenshot(&wizard, QStringLiteral("setup-custodians"));

    createCustodianStore(wizard, 2, 3);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(keychain.entries.isEmpty());
    QVERIFY(StoreSession::isInitialised(dataDir));
    // No way back to settings that no longer apply.
    QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled());

    const bool havePdftotext
        = !QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty();
    QStringList shares;
    QString sheetText;
    QList<QLabel *> shareLabels;
    for (int k = 1; k <= 3; ++k) {
        // Custodian k's own page; no way back to the one before.
        QCOMPARE(wizard.currentId(), int(SetupWizard::FirstSharePageId) + k - 1);
        QCOMPARE(wizard.currentCustodian(), k);
        QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled());
        QWizardPage *page = wizard.currentPage();
        auto *custodianLabel = child<QLabel>(page, "custodianLabel");
        auto *shareLabel = child<QLabel>(page, "shareLabel");
        auto *checksumLabel = child<QLabel>(page, "checksumLabel");
        auto *takenBox = child<QCheckBox>(page, "shareTakenCheckBox");
        auto *saveButton = child<QPushButton>(page, "saveSheetButton");
        auto *statusLabel = child<QLabel>(page, "sheetStatusLabel");
        QVERIFY(
            custodianLabel && shareLabel && checksumLabel && takenBox && saveButton && statusLabel);
        QVERIFY(shareLabel->isVisible());
        QVERIFY(shareLabel->textInteractionFlags() & Qt::TextSelectableByMouse);
        shareLabels.append(shareLabel);

        QCOMPARE(custodianLabel->text(), QStringLiteral("Custodian %1 of 3").arg(k));
        QCOMPARE(takenBox->text(), QStringLiteral("Custodian %1 has taken the share").arg(k));
        const QString printed = shareLabel->text();
        QVERIFY2(printed.startsWith(QLatin1String("KMS1-")), qPrintable(printed));
        QVERIFY(printed.contains(QLatin1Char('\n'))); // in groups, for reading aloud
        QString share = printed;
        share.remove(QLatin1Char(' ')).remove(QLatin1Char('\n'));
        QCOMPARE(share.split(QLatin1Char('-')).value(3), QString::number(k));
        QVERIFY(!shares.contains(share));
        shares.append(share);
        const QString checksum = ShareSheet::checksumOf(share);
        QCOMPARE(checksum.size(), 8);
        QVERIFY(checksumLabel->text().contains(checksum));

        // The taken box comes before Next (Finish for the last custodian).
        QAbstractButton *onward
            = wizard.button(k < 3 ? QWizard::CommitButton : QWizard::FinishButton);
        QVERIFY(onward->isVisible());
        QVERIFY(!wizard.button(k < 3 ? QWizard::FinishButton : QWizard::CommitButton)->isVisible());
        QVERIFY(!takenBox->isChecked());
        QVERIFY(!onward->isEnabled());
        if (k == 1) {
            QCOMPARE(onward->text(), QStringLiteral("&Next custodian"));
            // The printable sheet, only when asked, where the custodian says.
            QVERIFY(asked.isEmpty());
            QTest::mouseClick(saveButton, Qt::LeftButton);
            QCOMPARE(asked.size(), 1);
            QVERIFY(asked.constFirst().endsWith(QLatin1String(".pdf")));
            const QString pdf = temp.filePath(QFileInfo(asked.constFirst()).fileName());
            QVERIFY2(QFileInfo(pdf).size() > 1000, qPrintable(pdf));
            QVERIFY(test::readFile(pdf).startsWith("%PDF-"));
            QVERIFY(statusLabel->text().contains(QDir::toNativeSeparators(pdf)));
            if (!m_screenshotDir.isEmpty()) { // the sheet too, for reviewers
                QFile::remove(QDir(m_screenshotDir).filePath(QStringLiteral("share-sheet.pdf")));
                QVERIFY(QFile::copy(
                    pdf, QDir(m_screenshotDir).filePath(QStringLiteral("share-sheet.pdf"))));
            }
            if (havePdftotext) {
                const test::ProcessRun text = test::runProcess(QStringLiteral("pdftotext"),
                    { QStringLiteral("-layout"), pdf, QStringLiteral("-") });
                QCOMPARE(text.exitCode, 0);
                sheetText = QString::fromUtf8(text.out);
                QVERIFY2(sheetText.contains(checksum), qPrintable(sheetText));
                QVERIFY(sheetText.contains(QLatin1String("custodian 1 of 3")));
                QVERIFY(sheetText.contains(QLatin1String("Signature")));
                QVERIFY(!sheetText.contains(QLatin1Char('\f') + QLatin1String("Master")));
                const test::ProcessRun info = test::runProcess(QStringLiteral("pdfinfo"), { pdf });
                if (info.exitCode == 0) // one page
                    QVERIFY2(QString::fromUtf8(info.out).contains(
                                 QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))),
                        info.out.constData());
                // The QR code beside the share reads back as the share, with a scanner no
                // one here wrote (zbarimg of zbar-tools) on the page as pdftoppm renders it.
                const QString zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
                QVERIFY2(!zbarimg.isEmpty(), "zbarimg not found (scripts/setup.sh installs it)");
                const QString page = temp.filePath(QStringLiteral("sheet"));
                QCOMPARE(test::runProcess(QStringLiteral("pdftoppm"),
                             { QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                                 QStringLiteral("-singlefile"), pdf, page })
                             .exitCode,
                    0);
                const test::ProcessRun scanned = test::runProcess(zbarimg,
                    { QStringLiteral("--raw"), QStringLiteral("-q"),
                        page + QStringLiteral(".png") });
                QCOMPARE(scanned.exitCode, 0);
                QVERIFY2(QString::fromUtf8(scanned.out).trimmed() == share,
                    "the QR code is not the share");
            } else {
                qWarning("pdftotext (poppler-utils) not found: the sheet's text is not checked");
            }
            screenshot(&wizard, QStringLiteral("setup-custodian-share"));
        }
        QTest::mouseClick(takenBox, Qt::LeftButton, {}, QPoint(8, takenBox->height() / 2));
        QVERIFY(takenBox->isChecked());
        QVERIFY(onward->isEnabled());
        QTest::mouseClick(onward, Qt::LeftButton);
    }
    QCOMPARE(wizard.result(), int(QDialog::Accepted));
    QVERIFY(!wizard.isVisible());
    // The wizard holds no share any more.
    QCOMPARE(wizard.heldShareCount(), 0);
    for (const QLabel *label : std::as_const(shareLabels))
        QVERIFY(label->text().isEmpty());

    std::unique_ptr<StoreSession> session = wizard.takeSession();
    QVERIFY(session && session->isUnlocked());
    QCOMPARE(session->protection(), MasterKeyProtection::Custodians);
    QCOMPARE(session->custodianThreshold(), 2);
    QCOMPARE(session->custodianCount(), 3);
    if (havePdftotext) {
        // The sheet names the store (compatibility forms folded, in case a font joins letters).
        QVERIFY(sheetText.normalized(QString::NormalizationForm_KC).contains(session->storeUuid()));
    }
    session.reset();

    // Nothing in the data folder holds a share.
    const QByteArray stored = allFileBytes(dataDir);
    for (const QString &share : std::as_const(shares))
        QVERIFY(!stored.contains(share.split(QLatin1Char('-')).value(4).toLatin1()));

    // The shares shown are the store's: custodians 1 and 3 unlock it, one alone does not.
    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    QVERIFY(!(*reopened)->unlockWithShares({ shares.at(0) }).ok());
    QVERIFY_RESULT((*reopened)->unlockWithShares({ shares.at(0), shares.at(2) }));
    QVERIFY((*reopened)->isUnlocked());
}

void TestStartup::custodianCountFollowsThreshold()
{
    QTemporaryDir temp;
    SetupWizard wizard(temp.filePath(QStringLiteral("data")), nullptr);
    wizard.setDefaultProtection(MasterKeyProtection::Custodians);
    auto *thresholdSpin = child<QSpinBox>(&wizard, "thresholdSpinBox");
    auto *countSpin = child<QSpinBox>(&wizard, "countSpinBox");
    QVERIFY(thresholdSpin && countSpin);
    QCOMPARE(thresholdSpin->minimum(), 2);
    QCOMPARE(thresholdSpin->maximum(), 16);
    QCOMPARE(countSpin->maximum(), 16);
    thresholdSpin->setValue(5);
    QCOMPARE(countSpin->minimum(), 5);
    QCOMPARE(countSpin->value(), 5); // N >= M
    thresholdSpin->setValue(3);
    QCOMPARE(countSpin->minimum(), 3);
    QCOMPARE(countSpin->value(), 5);
    countSpin->setValue(2);
    QCOMPARE(countSpin->value(), 3);
}

void TestStartup::cancellingBeforeEveryShareIsTakenAsks()
{
    QTemporaryDir temp;
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    SetupWizard wizard(dataDir, nullptr);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    createCustodianStore(wizard, 2, 2);
    if (QTest::currentTestFailed())
        return;

    // "No": the wizard stays with the share shown.
    Dialogs::setAutoAnswer(true, false);
    wizard.reject();
    Dialogs::setAutoAnswer(true, true);
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().constFirst().text.contains(QLatin1String("never be unlocked")));
    QVERIFY(wizard.isVisible());
    QCOMPARE(wizard.heldShareCount(), 2);
    auto *shareLabel = child<QLabel>(wizard.currentPage(), "shareLabel");
    QVERIFY(shareLabel && !shareLabel->text().isEmpty());

    // "Yes": it closes and drops the shares.
    wizard.reject();
    QCOMPARE(Dialogs::history().size(), 2);
    QVERIFY(!wizard.isVisible());
    QCOMPARE(wizard.heldShareCount(), 0);
    QVERIFY(shareLabel->text().isEmpty());
}

QTEST_MAIN(TestStartup)
#include "TestStartup.moc"
