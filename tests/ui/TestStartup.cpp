#include "Dialogs.h"
#include "SetupWizard.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UnlockDialog.h"

#include "api/StoreSession.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretStore.h"

#include <QAbstractButton>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::ui::Dialogs;
using kms::ui::SetupWizard;
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

QTEST_MAIN(TestStartup)
#include "TestStartup.moc"
