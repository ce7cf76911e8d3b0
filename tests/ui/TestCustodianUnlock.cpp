// A custodians store (M of N shares) in the console: the unlock dialog asks for M shares,
// unlocks with any M of them typed loosely, stays open and names the bad share otherwise, and
// the console's start routes such a store to it.
#include "../../app/console/ConsoleStartup.h"

#include "Dialogs.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UnlockDialog.h"

#include "api/StoreSession.h"
#include "crypto/CustodianShares.h"
#include "secrets/SecretStore.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace kms;
using kms::ui::Dialogs;
using kms::ui::UnlockDialog;

namespace {

// A keychain that has nothing: a custodians store must never ask it.
class EmptyKeychain final : public SecretStore
{
public:
    int calls = 0;
    Result<SecureBytes> readSecret(const QString &) override
    {
        ++calls;
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("entry missing"));
    }
    Result<void> writeSecret(const QString &, const SecureBytes &) override
    {
        ++calls;
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("read-only"));
    }
    Result<void> deleteSecret(const QString &) override
    {
        ++calls;
        return success();
    }
};

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (found == nullptr)
        qWarning("no child %s", name);
    return found;
}

// Runs `answer` on the unlock dialog once it is shown modally (exec() blocks the test).
void whenUnlockDialogShows(std::function<void(UnlockDialog *)> answer)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    int *tries = new int(0);
    QObject::connect(timer, &QTimer::timeout, [timer, tries, answer] {
        auto *dialog = qobject_cast<UnlockDialog *>(QApplication::activeModalWidget());
        if (dialog == nullptr && ++*tries < 250)
            return;
        timer->stop();
        timer->deleteLater();
        delete tries;
        if (dialog == nullptr) {
            qWarning("no unlock dialog was shown");
            return;
        }
        answer(dialog);
    });
    timer->start();
}

// A share as a custodian might type it back: in groups, over lines, in lower case.
QString typedLoosely(const QString &share)
{
    return crypto::formatShareForPrinting(share).toLower();
}

// The share with one hex digit of its body changed (its checksum no longer matches).
QString mistyped(const QString &share)
{
    QString wrong = share;
    const qsizetype at = share.lastIndexOf(QLatin1Char('-')) - 10;
    wrong[at] = wrong.at(at) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    return wrong;
}

} // namespace

class TestCustodianUnlock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void twoSharesUnlock();
    void oneShareStaysLocked();
    void mistypedShareIsNamed();
    void unlockRoutesToTheShareDialog();
    void startupShowsTheShareDialog();
    void quittingTheShareDialogEndsTheStart();
    void screenshotRunOfACustodiansStore();

private:
    void screenshot(QWidget *widget, const QString &name);
    std::unique_ptr<StoreSession> reopen();

    QTemporaryDir m_dir;
    QString m_dataDir;
    QStringList m_shares;
};

void TestCustodianUnlock::initTestCase()
{
    Dialogs::setAutoAnswer(true, true);
    QVERIFY(m_dir.isValid());
    m_dataDir = m_dir.filePath(QStringLiteral("data"));
    // The console's settings go to a folder of the test, not the user's.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Custodians;
    options.custodianThreshold = 2;
    options.custodianCount = 3;
    options.shares = &m_shares;
    auto created = StoreSession::initialise(m_dataDir, options);
    QVERIFY_RESULT(created);
    QCOMPARE(m_shares.size(), 3);
}

void TestCustodianUnlock::init()
{
    Dialogs::clearHistory();
}

std::unique_ptr<StoreSession> TestCustodianUnlock::reopen()
{
    auto opened = StoreSession::open(m_dataDir);
    if (!opened) {
        qWarning("%s", qPrintable(opened.error().detail()));
        return nullptr;
    }
    return std::move(*opened);
}

void TestCustodianUnlock::screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    Translations translations;
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        translations.use(language);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCoreApplication::processEvents();
        const QString path = QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(name, language));
        QVERIFY2(widget->grab().save(path, "PNG"), qPrintable(path));
    }
    translations.use(QStringLiteral("en"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

void TestCustodianUnlock::twoSharesUnlock()
{
    std::unique_ptr<StoreSession> session = reopen();
    QVERIFY(session);
    QCOMPARE(session->protection(), MasterKeyProtection::Custodians);
    UnlockDialog dialog(*session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    // M boxes, no passphrase.
    QCOMPARE(dialog.shareEdits().size(), 2);
    QVERIFY(dialog.findChild<QWidget *>(QStringLiteral("passphraseLineEdit")) == nullptr);
    auto *first = child<QPlainTextEdit>(&dialog, "shareTextEdit1");
    auto *second = child<QPlainTextEdit>(&dialog, "shareTextEdit2");
    auto *unlockButton = child<QPushButton>(&dialog, "unlockButton");
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    QVERIFY(first && second && unlockButton && messageLabel);
    QVERIFY(!unlockButton->isEnabled());
    const auto labels = dialog.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
        [](const QLabel *label) { return label->text() == QLatin1String("Share 2 of 2:"); }));
    QVERIFY(child<QLabel>(&dialog, "introLabel")
                ->text()
                .contains(QLatin1String("Any 2 of its 3 custodians")));

    // Shares 3 and 1, one typed, one pasted loosely.
    QTest::keyClicks(first, m_shares.at(2));
    QVERIFY(unlockButton->isEnabled());
    second->setPlainText(typedLoosely(m_shares.at(0)));
    screenshot(&dialog, QStringLiteral("unlock-custodian-shares"));
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QVERIFY(session->isUnlocked());
    QVERIFY(!messageLabel->isVisible());
    // The boxes are emptied once they have served.
    QVERIFY(first->toPlainText().isEmpty());
    QVERIFY(second->toPlainText().isEmpty());
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE_CODE(session->service().call(QStringLiteral("ListKeys"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") } }),
        "0");
}

void TestCustodianUnlock::oneShareStaysLocked()
{
    std::unique_ptr<StoreSession> session = reopen();
    QVERIFY(session);
    UnlockDialog dialog(*session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *second = child<QPlainTextEdit>(&dialog, "shareTextEdit2");
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    QVERIFY(second && messageLabel);

    // One share only (in the second box): too few; the dialog stays and says so.
    second->setPlainText(m_shares.at(1));
    QTest::mouseClick(child<QPushButton>(&dialog, "unlockButton"), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(!session->isUnlocked());
    QCOMPARE(dialog.failedAttempts(), 1);
    QVERIFY(messageLabel->isVisible());
    QCOMPARE(messageLabel->text(),
        QStringLiteral(
            "These shares do not unlock the key store (attempt 1): 1 of 2 shares given."));
    QVERIFY(Dialogs::history().isEmpty()); // said in the dialog, not in a message box
    // The typed share stays; the empty box gets the focus.
    QCOMPARE(second->toPlainText(), m_shares.at(1));
    QTRY_VERIFY(child<QPlainTextEdit>(&dialog, "shareTextEdit1")->hasFocus());
}

void TestCustodianUnlock::mistypedShareIsNamed()
{
    std::unique_ptr<StoreSession> session = reopen();
    QVERIFY(session);
    UnlockDialog dialog(*session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *first = child<QPlainTextEdit>(&dialog, "shareTextEdit1");
    auto *second = child<QPlainTextEdit>(&dialog, "shareTextEdit2");
    auto *unlockButton = child<QPushButton>(&dialog, "unlockButton");
    auto *messageLabel = child<QLabel>(&dialog, "messageLabel");
    QVERIFY(first && second && unlockButton && messageLabel);

    first->setPlainText(m_shares.at(0));
    second->setPlainText(typedLoosely(mistyped(m_shares.at(1))));
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(!session->isUnlocked());
    QVERIFY2(messageLabel->text().contains(QLatin1String("share 2 fails its checksum")),
        qPrintable(messageLabel->text()));
    QVERIFY(messageLabel->text().contains(QLatin1String("attempt 1")));
    QTRY_VERIFY(second->hasFocus()); // the bad one, selected for retyping
    QVERIFY(second->textCursor().hasSelection());
    QVERIFY(Dialogs::history().isEmpty());
    screenshot(&dialog, QStringLiteral("unlock-custodian-mistyped"));

    // The same share twice is refused too.
    second->setPlainText(m_shares.at(0));
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QVERIFY(!session->isUnlocked());
    QVERIFY2(messageLabel->text().contains(QLatin1String("share 2 repeats")),
        qPrintable(messageLabel->text()));
    QCOMPARE(dialog.failedAttempts(), 2);

    // Corrected: it unlocks.
    second->setPlainText(m_shares.at(1));
    QTest::mouseClick(unlockButton, Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QVERIFY(session->isUnlocked());
}

void TestCustodianUnlock::unlockRoutesToTheShareDialog()
{
    std::unique_ptr<StoreSession> session = reopen();
    QVERIFY(session);
    EmptyKeychain keychain;
    bool asked = false;
    whenUnlockDialogShows([&](UnlockDialog *dialog) {
        asked = true;
        QCOMPARE(dialog->shareEdits().size(), 2);
        dialog->shareEdits().at(0)->setPlainText(m_shares.at(1));
        dialog->shareEdits().at(1)->setPlainText(m_shares.at(2));
        QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
    });
    QVERIFY(UnlockDialog::unlock(*session, &keychain));
    QVERIFY(asked);
    QVERIFY(session->isUnlocked());
    QCOMPARE(keychain.calls, 0); // the keychain is not asked
    QVERIFY(Dialogs::history().isEmpty());
}

void TestCustodianUnlock::startupShowsTheShareDialog()
{
    ConsoleStartup startup;
    QVERIFY(!startup
                 .parseArguments(
                     { QStringLiteral("kms-console"), QStringLiteral("--data-dir"), m_dataDir })
                 .has_value());
    QCOMPARE(startup.options().dataDir, m_dataDir);
    EmptyKeychain keychain;
    bool asked = false;
    whenUnlockDialogShows([&](UnlockDialog *dialog) {
        asked = true;
        QCOMPARE(dialog->shareEdits().size(), 2);
        // A wrong try first: the dialog stays for another.
        dialog->shareEdits().at(0)->setPlainText(m_shares.at(0));
        QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->failedAttempts(), 1);
        dialog->shareEdits().at(1)->setPlainText(typedLoosely(m_shares.at(2)));
        QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
    });
    int exitCode = -1;
    std::unique_ptr<StoreSession> session = startup.openSession(keychain, exitCode);
    QVERIFY(asked);
    QCOMPARE(exitCode, int(ConsoleStartup::Success));
    QVERIFY(session);
    QVERIFY(session->isUnlocked());
    QCOMPARE(session->protection(), MasterKeyProtection::Custodians);
    QCOMPARE(keychain.calls, 0);
}

void TestCustodianUnlock::quittingTheShareDialogEndsTheStart()
{
    ConsoleStartup startup;
    QVERIFY(!startup
                 .parseArguments(
                     { QStringLiteral("kms-console"), QStringLiteral("--data-dir"), m_dataDir,
                         QStringLiteral("--screenshot"), m_dir.filePath(QStringLiteral("shots")) })
                 .has_value());
    EmptyKeychain keychain;
    whenUnlockDialogShows([](UnlockDialog *dialog) {
        QTest::mouseClick(child<QPushButton>(dialog, "quitButton"), Qt::LeftButton);
    });
    int exitCode = -1;
    QVERIFY(!startup.openSession(keychain, exitCode));
    QCOMPARE(exitCode, int(ConsoleStartup::Success)); // the user quit: not a failure
    QVERIFY(Dialogs::history().isEmpty());
}

void TestCustodianUnlock::screenshotRunOfACustodiansStore()
{
    // The whole start with --data-dir and --screenshot: shares, main window, PNGs, exit 0.
    const QString shots = m_dir.filePath(QStringLiteral("run-shots"));
    whenUnlockDialogShows([&](UnlockDialog *dialog) {
        dialog->shareEdits().at(0)->setPlainText(m_shares.at(0));
        dialog->shareEdits().at(1)->setPlainText(m_shares.at(1));
        QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
    });
    ConsoleStartup startup;
    const int exitCode = startup.run({ QStringLiteral("kms-console"), QStringLiteral("--data-dir"),
        m_dataDir, QStringLiteral("--screenshot"), shots });
    QCOMPARE(exitCode, int(ConsoleStartup::Success));
    QVERIFY(!QDir(shots).entryList({ QStringLiteral("*.png") }, QDir::Files).isEmpty());
}

QTEST_MAIN(TestCustodianUnlock)
#include "TestCustodianUnlock.moc"
