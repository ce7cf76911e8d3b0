#include "ConsoleStartup.h"

#include "Dialogs.h"
#include "HsmPinDialog.h"
#include "KmsClient.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "SetupWizard.h"
#include "Translations.h"
#include "UnlockDialog.h"

#include "api/StoreSession.h"
#include "secrets/KeychainSecretStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QTextStream>

namespace kms {

namespace {

const QLatin1String kRegionSetting { "region" };

} // namespace

ConsoleStartup::ConsoleStartup() = default;
ConsoleStartup::~ConsoleStartup() = default;

std::unique_ptr<QSettings> ConsoleStartup::openSettings()
{
    // Named here rather than through QCoreApplication::setOrganizationName, which would move
    // the default data folder away from the one kmsctl uses.
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope,
        QStringLiteral("kms-console"), QStringLiteral("kms-console"));
}

std::optional<int> ConsoleStartup::parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Key administration console: keys, aliases and cryptographic operations."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
        tr("The data folder of the key store (default: %1).")
            .arg(QDir::toNativeSeparators(StoreSession::defaultDataDir())),
        tr("DIR"));
    parser.addOption(dataDirOption);
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        tr("Write PNG screenshots of every page in English and Chinese into DIR, then quit."),
        tr("DIR"));
    parser.addOption(screenshotOption);

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl << parser.helpText();
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(arguments); // prints the help with Qt's own options and exits
    if (parser.isSet(helpOption)) {
        out << parser.helpText();
        return Success;
    }
    if (parser.isSet(versionOption)) {
        out << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion()
            << Qt::endl;
        return Success;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst())
            << Qt::endl
            << parser.helpText();
        return UsageError;
    }
    m_options.dataDir = parser.isSet(dataDirOption) ? parser.value(dataDirOption)
                                                    : StoreSession::defaultDataDir();
    if (m_options.dataDir.isEmpty()) {
        err << tr("No data folder: give one with --data-dir DIR.") << Qt::endl;
        return UsageError;
    }
    m_options.dataDir = QDir(m_options.dataDir).absolutePath();
    if (parser.isSet(screenshotOption))
        m_options.screenshotDir = QDir(parser.value(screenshotOption)).absolutePath();
    return std::nullopt;
}

bool ConsoleStartup::answersWithoutWindow(const QStringList &arguments)
{
    static const QStringList textOptions
        = { QStringLiteral("-h"), QStringLiteral("--help"), QStringLiteral("-?"),
              QStringLiteral("--help-all"), QStringLiteral("-v"), QStringLiteral("--version") };
    for (const QString &argument : arguments.mid(1)) {
        if (textOptions.contains(argument))
            return true;
    }
    return false;
}

int ConsoleStartup::runWithoutWindow(const QStringList &arguments)
{
    std::unique_ptr<QSettings> settings = openSettings();
    Translations translations;
    translations.use(Translations::initialLanguage(
        settings->value(ui::MainWindow::kLanguageSetting).toString()));
    return parseArguments(arguments).value_or(UsageError);
}

int ConsoleStartup::run(const QStringList &arguments)
{
    std::unique_ptr<QSettings> settings = openSettings();
    Translations translations;
    translations.use(Translations::initialLanguage(
        settings->value(ui::MainWindow::kLanguageSetting).toString()));

    if (const std::optional<int> answered = parseArguments(arguments))
        return *answered;

    KeychainSecretStore keychain;
    int exitCode = Success;
    std::unique_ptr<StoreSession> session = openSession(keychain, exitCode);
    if (!session)
        return exitCode;
    return runMainWindow(*session, *settings, translations);
}

std::unique_ptr<StoreSession> ConsoleStartup::openSession(SecretStore &keychain, int &exitCode)
{
    exitCode = Success;
    if (!StoreSession::isInitialised(m_options.dataDir)) {
        ui::SetupWizard wizard(m_options.dataDir, &keychain);
        // The keychain is the default on a desktop session; without one, the passphrase.
        wizard.setDefaultProtection(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
                ? MasterKeyProtection::Passphrase
                : MasterKeyProtection::Keychain);
        if (wizard.exec() != QDialog::Accepted)
            return nullptr;
        return wizard.takeSession();
    }
    auto opened = StoreSession::open(m_options.dataDir);
    if (!opened) {
        ui::Dialogs::showError(nullptr, Response::failure(opened.error(), QString()),
            tr("Opening the key store in %1").arg(QDir::toNativeSeparators(m_options.dataDir)));
        exitCode = Failure;
        return nullptr;
    }
    std::unique_ptr<StoreSession> session = std::move(*opened);
    // Before unlocking: the PINs of PKCS#11 HSMs kept in the keychain are read at unlock.
    session->setKeychain(&keychain);
    if (!ui::UnlockDialog::unlock(*session, &keychain)) {
        switch (session->protection()) {
        case MasterKeyProtection::Keychain:
            exitCode = Failure; // the keychain failed (already said)
            break;
        case MasterKeyProtection::Passphrase:
        case MasterKeyProtection::Custodians:
            exitCode = Success; // the user quit the unlock dialog
            break;
        }
        return nullptr;
    }
    // The PINs not kept in the keychain are asked now; a skipped HSM's keys answer "not
    // available" (Settings → HSMs can take the PIN later).
    ui::HsmPinDialog::askMissingPins(*session);
    // Operator mode: an operator logs in before the window opens (quitting here is no error).
    if (!ui::LoginDialog::logIn(*session))
        return nullptr;
    return session;
}

QString ConsoleStartup::startRegion(StoreSession &session, const QString &saved, QString *hsm)
{
    QString regionId = QString(StoreSession::kDefaultRegion);
    QString regionHsm = QStringLiteral("software");
    if (auto regions = session.store().listRegions(); regions && !regions->isEmpty()) {
        regionId = regions->constFirst().regionId;
        regionHsm = regions->constFirst().hsm;
        for (const store::RegionRecord &region : *regions) {
            if (region.regionId == saved) {
                regionId = region.regionId;
                regionHsm = region.hsm;
            }
        }
    }
    if (hsm != nullptr)
        *hsm = regionHsm;
    return regionId;
}

int ConsoleStartup::runMainWindow(
    StoreSession &session, QSettings &settings, Translations &translations)
{
    KmsClient client(session);
    ui::MainWindow window(client, settings, translations);
    QString hsm;
    const QString regionId = startRegion(session, settings.value(kRegionSetting).toString(), &hsm);
    window.setRegion(regionId, hsm);
    settings.setValue(kRegionSetting, regionId);
    window.show();

    if (!m_options.screenshotDir.isEmpty()) {
        const QStringList written = window.saveScreenshots(m_options.screenshotDir);
        QTextStream out(stdout);
        for (const QString &file : written)
            out << QDir::toNativeSeparators(file) << Qt::endl;
        if (written.isEmpty()) {
            QTextStream(stderr) << tr("Cannot write screenshots into %1.")
                                       .arg(QDir::toNativeSeparators(m_options.screenshotDir))
                                << Qt::endl;
            return Failure;
        }
        return Success;
    }
    return QApplication::exec();
}

} // namespace kms
