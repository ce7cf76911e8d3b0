#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSettings;

namespace kms {

class SecretStore;
class StoreSession;
class Translations;

// The console's composition root: reads the command line, the settings and the language,
// creates the store on first start (set-up wizard) or unlocks it (keychain, passphrase or
// custodian shares), and shows the main window over a KmsClient. `--screenshot DIR` writes
// PNGs of every page in English and Chinese instead of staying open.
class ConsoleStartup
{
    Q_DECLARE_TR_FUNCTIONS(ConsoleStartup)

public:
    struct Options
    {
        QString dataDir;
        QString screenshotDir; // empty: run normally
    };

    // Exit codes of run().
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

    ConsoleStartup();
    ~ConsoleStartup();

    // Parses the arguments (with the program name first). On --help, --version or a usage
    // error, prints what applies and returns the exit code; otherwise returns nothing and
    // options() holds the result.
    std::optional<int> parseArguments(const QStringList &arguments);
    const Options &options() const { return m_options; }

    // The whole start: returns the process's exit code. Needs a QApplication.
    int run(const QStringList &arguments);

    // --help and --version need no display: main() answers them with a QCoreApplication.
    static bool answersWithoutWindow(const QStringList &arguments);
    // Prints the help or the version (in the saved or the system language); the exit code.
    int runWithoutWindow(const QStringList &arguments);

    // The settings file of the console (organisation and application "kms-console").
    static std::unique_ptr<QSettings> openSettings();

    // The region the console starts in: the saved one if the store still has it, else the
    // store's first region. Its HSM configuration goes to `hsm`.
    static QString startRegion(StoreSession &session, const QString &saved, QString *hsm);

    // The set-up wizard on an empty data folder of options().dataDir, else the unlock the
    // way the store is protected: the keychain silently, a passphrase or M custodian shares
    // in UnlockDialog. Null if the user quit (exitCode Success) or the store could not be
    // opened or unlocked (Failure, said in a message box). Public for the start-up tests.
    std::unique_ptr<StoreSession> openSession(SecretStore &keychain, int &exitCode);

private:
    int runMainWindow(StoreSession &session, QSettings &settings, Translations &translations);

    Options m_options;
};

} // namespace kms
