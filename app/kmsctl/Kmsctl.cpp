#include "Kmsctl.h"

#include "TerminalPrompt.h"
#include "api/Limits.h"
#include "api/StoreBackup.h"
#include "api/StoreSession.h"
#include "audit/AuditOperations.h"
#include "audit/AuditService.h"
#include "auth/Roles.h"
#include "core/Algorithms.h"
#include "core/Clock.h"
#include "crypto/CustodianShares.h"
#include "crypto/EnvelopeStream.h"
#include "crypto/PublicKeyCrypto.h"
#include "errors/ErrorCatalog.h"
#include "jobs/Scheduler.h"
#include "secrets/KeychainSecretStore.h"
#include "server/LocalApiServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSocketNotifier>

#include <openssl/crypto.h>

#include <cstdio>

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kms {

namespace {

// Takes "--name VALUE" out of args; empty if absent. `missing` is set when the option is
// given without a value.
QString takeOption(QStringList &args, const QString &name, bool *missing = nullptr)
{
    const qsizetype at = args.indexOf(name);
    if (at < 0)
        return {};
    if (at + 1 >= args.size()) {
        if (missing != nullptr)
            *missing = true;
        args.removeAt(at);
        return {};
    }
    const QString value = args.at(at + 1);
    args.remove(at, 2);
    return value;
}

bool takeFlag(QStringList &args, const QString &name)
{
    return args.removeAll(name) > 0;
}

// Every value of a repeatable option.
QStringList takeOptions(QStringList &args, const QString &name, bool *missing)
{
    QStringList values;
    while (args.contains(name))
        values.append(takeOption(args, name, missing));
    return values;
}

// "M/N" of --custodians; {0, 0} if malformed.
std::pair<int, int> custodianPolicy(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okM = false;
    bool okN = false;
    const int m = parts.value(0).toInt(&okM);
    const int n = parts.value(1).toInt(&okN);
    if (parts.size() != 2 || !okM || !okN)
        return { 0, 0 };
    return { m, n };
}

// The audit log's service over an unlocked session, as the session's operator.
AuditService auditServiceOf(StoreSession &session)
{
    return AuditService(
        session.store(), session.masterKey(), session.clock(), session.operatorName());
}

} // namespace

Kmsctl::Kmsctl()
    : m_out(stdout)
    , m_err(stderr)
{
    m_out.setEncoding(QStringConverter::Utf8);
    m_err.setEncoding(QStringConverter::Utf8);
}

int Kmsctl::run(const QStringList &arguments)
{
    QStringList args = arguments.mid(1);
    bool missing = false;
    m_dataDir = takeOption(args, QStringLiteral("--data-dir"), &missing);
    m_passphraseFile = takeOption(args, QStringLiteral("--passphrase-file"), &missing);
    m_operator = takeOption(args, QStringLiteral("--operator"), &missing);
    m_shareFiles = takeOptions(args, QStringLiteral("--share-file"), &missing);
    m_hsmPinFile = takeOption(args, QStringLiteral("--hsm-pin-file"), &missing);
    m_login = takeOption(args, QStringLiteral("--login"), &missing);
    m_passwordFile = takeOption(args, QStringLiteral("--password-file"), &missing);
    m_approver = takeOption(args, QStringLiteral("--approver"), &missing);
    m_approverPasswordFile = takeOption(args, QStringLiteral("--approver-password-file"), &missing);
    if (missing)
        return usage(tr("an option is missing its value"));
    if (m_dataDir.isEmpty())
        m_dataDir = StoreSession::defaultDataDir();
    if (args.isEmpty() || args.first() == QLatin1String("help")
        || args.contains(QLatin1String("--help")))
        return usage();

    using Command = int (Kmsctl::*)(QStringList);
    static const QList<std::pair<QLatin1String, Command>> commands = {
        { QLatin1String("init"), &Kmsctl::init },
        { QLatin1String("unlock"), &Kmsctl::unlock },
        { QLatin1String("status"), &Kmsctl::status },
        { QLatin1String("call"), &Kmsctl::call },
        { QLatin1String("actions"), &Kmsctl::listActions },
        { QLatin1String("audit"), &Kmsctl::audit },
        { QLatin1String("jobs"), &Kmsctl::jobs },
        { QLatin1String("rekey-custodians"), &Kmsctl::rekeyCustodians },
        { QLatin1String("master-key"), &Kmsctl::masterKey },
        { QLatin1String("dual-control"), &Kmsctl::dualControl },
        { QLatin1String("backup"), &Kmsctl::backup },
        { QLatin1String("restore"), &Kmsctl::restore },
        { QLatin1String("region"), &Kmsctl::region },
        { QLatin1String("hsm"), &Kmsctl::hsm },
        { QLatin1String("config"), &Kmsctl::config },
        { QLatin1String("operator"), &Kmsctl::operators },
        { QLatin1String("accesskey"), &Kmsctl::accessKeys },
        { QLatin1String("serve"), &Kmsctl::serve },
        { QLatin1String("encrypt"), &Kmsctl::encryptFile },
        { QLatin1String("decrypt"), &Kmsctl::decryptFile },
        { QLatin1String("sign"), &Kmsctl::signFile },
        { QLatin1String("verify"), &Kmsctl::verifyFile },
    };
    const QString command = args.takeFirst();
    for (const auto &[name, handler] : commands) {
        if (command == name) {
            m_command = QStringLiteral("kmsctl %1 %2").arg(command, args.value(0)).trimmed();
            return (this->*handler)(args);
        }
    }
    return usage(tr("unknown command: %1").arg(command));
}

int Kmsctl::usage(const QString &problem)
{
    QTextStream &stream = problem.isEmpty() ? m_out : m_err;
    if (!problem.isEmpty())
        stream << tr("kmsctl: %1").arg(problem) << "\n\n";
    stream << tr("Usage: kmsctl [--data-dir DIR] [--passphrase-file FILE] [--share-file FILE ...]\n"
                 "              [--hsm-pin-file FILE]\n"
                 "              [--operator NAME] COMMAND\n"
                 "\n"
                 "Commands:\n"
                 "  init --keychain | --passphrase | --passphrase-file FILE | --custodians M/N\n"
                 "       [--region ID]\n"
                 "       [--argon2-memory-kib N] [--argon2-iterations N]\n"
                 "                         create the key store; the master key is kept in\n"
                 "                         the OS keychain or protected by a passphrase\n"
                 "  status                 where the store is and how it is protected\n"
                 "                         (exit status 1 when there is none yet)\n"
                 "  unlock                 check that the store unlocks\n"
                 "  call ACTION [JSON|-]   run a KMS action and print its response envelope\n"
                 "  actions                list the actions\n"
                 "  encrypt --key ID --in FILE --out FILE\n"
                 "                         envelope-encrypt a file of any size (- is stdin/out)\n"
                 "  decrypt --in FILE --out FILE\n"
                 "                         decrypt a file made by kmsctl encrypt\n"
                 "  sign --key ID [--key-version V] --algorithm ALG --in FILE --out SIG\n"
                 "  verify --key ID [--key-version V] --algorithm ALG --in FILE --signature SIG\n"
                 "                         sign a file's digest / verify a signature of it\n"
                 "  audit verify           verify the audit chain\n"
                 "  backup --out FILE      the whole store, encrypted under the master key\n"
                 "  restore --in FILE      into an empty --data-dir, unlocked like the original\n"
                 "  rekey-custodians --custodians M/N\n"
                 "                         new custodian shares for the same master key, proved\n"
                 "                         by the current shares (--share-file, or typed)\n"
                 "  jobs run [--limit N]   carry out the due rotations and deletions (for cron\n"
                 "                         or a systemd timer; exit status 1 if one failed)\n"
                 "  jobs list [--state PENDING|FAILING|DONE|CANCELLED]\n"
                 "                         list scheduled jobs\n"
                 "  region list | region add ID [DESCRIPTION] [--hsm NAME]\n"
                 "  hsm list | hsm tokens --module PATH [--server ADDRESS]\n"
                 "  hsm add|test --module PATH --token LABEL [--server ADDRESS]\n"
                 "       [--pin-in-keychain]\n"
                 "                         a PKCS#11 HSM (a region is bound to it with\n"
                 "                         region add --hsm pkcs11:LABEL); the user PIN from\n"
                 "                         --hsm-pin-file or the terminal, kept in the OS\n"
                 "                         keychain or given again with --hsm-pin-file\n"
                 "  hsm remove NAME\n"
                 "  config list | config get NAME | config set NAME VALUE\n"
                 "\n"
                 "Passphrases are read from --passphrase-file or asked for on the terminal, and\n"
                 "custodian shares from --share-file (one file per share) or the terminal; never\n"
                 "from the command line. Exit status: 0 success, 1 KMS error,\n"
                 "2 usage error.\n");
    // The audit commands of issue 9, a text of their own (translated separately).
    stream << '\n'
           << tr("Audit commands (verify exits 1 with the first bad row on stderr):\n"
                 "  audit export --format csv|jsonl --out FILE [--public-key FILE] [filters]\n"
                 "                         the rows, newest first, and FILE.sig: an Ed25519\n"
                 "                         signature by the audit key\n"
                 "  audit head [-n N] [filters]\n"
                 "                         the newest N rows (10), tab-separated\n"
                 "  audit public-key [--out FILE]\n"
                 "                         the audit signing key's public key (PEM)\n"
                 "  filters: --from TIME --to TIME --operator-name NAME --action ACTION\n"
                 "           --key ID --result SUCCESS|FAILURE|CODE\n");
    // The operator commands of issue 9, a text of their own too.
    stream << '\n'
           << tr("Operators (once one exists every command needs --login NAME; the password\n"
                 "from --password-file FILE or the terminal):\n"
                 "  operator add NAME --role ROLE [--new-password-file FILE]\n"
                 "                         roles: administrator, key_officer, crypto_user,\n"
                 "                         auditor; the first operator is an administrator,\n"
                 "                         later ones need an administrator's --login\n"
                 "  operator list | operator freeze|unfreeze NAME | operator grant NAME KEY\n"
                 "  operator role NAME ROLE\n"
                 "  config set limits.quota.ACTION N/SECONDS | auth.idleTimeoutSeconds N\n");
    // Master-key rotation and dual control (issue 9), a text of their own too.
    stream
        << '\n'
        << tr("Master key and dual control (docs/operators.md):\n"
              "  master-key rotate [--new-passphrase-file FILE] [--custodians M/N]\n"
              "                         a new master key in the same protection mode; all\n"
              "                         key material is wrapped again under it; the old\n"
              "                         passphrase, shares or keychain entry stop working\n"
              "  dual-control show | dual-control set ACTION[,ACTION] | dual-control off\n"
              "                         actions that need a second officer: ScheduleKeyDeletion,\n"
              "                         RotateMasterKey (operator mode, administrator)\n"
              "  --approver NAME --approver-password-file FILE\n"
              "                         the second officer's approval for such an action\n");
    // The local signed API, a text of its own too.
    stream << '\n'
           << tr("Local signed API (docs/api.md; administrator's --login in operator mode):\n"
                 "  accesskey create OPERATOR\n"
                 "                         a new access key acting as OPERATOR; its secret key\n"
                 "                         is printed this once\n"
                 "  accesskey list | accesskey enable|disable|delete ACCESS_KEY_ID\n"
                 "  serve [--port N]       answer signed requests on 127.0.0.1 (port 8080\n"
                 "                         by default, 0 for any free one) until SIGINT or\n"
                 "                         SIGTERM\n"
                 "  config set api.clockSkewSeconds N\n"
                 "                         how far X-Sdk-Date may be off the clock (300)\n");
    stream.flush();
    return problem.isEmpty() ? Success : UsageError;
}

int Kmsctl::reportError(const KmsError &error)
{
    const ErrorEntry entry = ErrorCatalog::builtin().entryOrInternal(error.code());
    m_err << tr("error %1 (HTTP %2): %3 / %4")
                 .arg(entry.code)
                 .arg(entry.httpStatus)
                 .arg(entry.messageEn, entry.messageZh);
    if (!error.detail().isEmpty())
        m_err << " — " << error.detail();
    m_err << Qt::endl;
    return KmsFailure;
}

Result<MasterKey> Kmsctl::unlockVault(const VaultRecord &vault)
{
    if (vault.protection == MasterKeyProtection::Keychain) {
        KeychainSecretStore keychain;
        return MasterKeyVault::unlockWithKeychain(vault, keychain);
    }
    if (vault.protection == MasterKeyProtection::Custodians) {
        auto shares = readShares(vault.threshold);
        if (!shares)
            return shares.error();
        return MasterKeyVault::unlockWithShares(vault, *shares);
    }
    std::optional<SecureBytes> passphrase = m_passphraseFile.isEmpty()
        ? promptPassphrase(tr("Passphrase of the key store: "))
        : readPassphraseFile(m_passphraseFile);
    if (!passphrase)
        return KmsError(QStringLiteral("KMS.0401"),
            m_passphraseFile.isEmpty()
                ? QStringLiteral("no terminal to ask for the passphrase; use "
                                 "--passphrase-file")
                : QStringLiteral("cannot read the passphrase file"));
    return MasterKeyVault::unlockWithPassphrase(vault, *passphrase);
}

Result<std::unique_ptr<StoreSession>> Kmsctl::openUnlocked(std::optional<auth::ActionClass> needed)
{
    auto session = StoreSession::open(m_dataDir);
    if (!session)
        return session.error();
    if (!m_operator.isEmpty())
        (*session)->setOperatorName(m_operator);
    auto key = unlockVault((*session)->vault());
    if (!key)
        return key.error();
    // PINs of PKCS#11 HSMs: those kept in the keychain load at unlock, the others come from
    // --hsm-pin-file (one PIN for every such HSM). Without a PIN an HSM's keys answer that the
    // HSM is not available. The keychain lives as long as the process (the session keeps it).
    static KeychainSecretStore keychain;
    (*session)->setKeychain(&keychain);
    KMS_TRY((*session)->unlockWithMasterKey(std::move(*key)));
    if (!m_login.isEmpty()) {
        std::optional<SecureBytes> password = m_passwordFile.isEmpty()
            ? promptPassphrase(tr("Password of operator %1: ").arg(m_login))
            : readPassphraseFile(m_passwordFile);
        if (!password)
            return KmsError(QStringLiteral("KMS.0401"),
                m_passwordFile.isEmpty()
                    ? QStringLiteral("no terminal to ask for the password; use --password-file")
                    : QStringLiteral("cannot read the password file"));
        auto token = (*session)->logIn(m_login, *password);
        if (!token)
            return token.error();
    }
    // In the trail like a refused KMS action: the command as the row's action.
    if (needed)
        KMS_TRY((*session)->requireRole(*needed, m_command, QString()));
    if (!m_hsmPinFile.isEmpty()) {
        std::optional<SecureBytes> pin = readPassphraseFile(m_hsmPinFile);
        if (!pin)
            return KmsError(
                QStringLiteral("KMS.0505"), QStringLiteral("cannot read the HSM PIN file"));
        for (const QString &name : (*session)->hsmsWithoutPin())
            (*session)->provideHsmPin(name, *pin);
    }
    return session;
}

Result<QStringList> Kmsctl::readShares(int threshold)
{
    QStringList shares;
    if (!m_shareFiles.isEmpty()) {
        for (const QString &path : std::as_const(m_shareFiles)) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return KmsError(QStringLiteral("KMS.0401"),
                    QStringLiteral("cannot read the share file %1").arg(path));
            shares.append(QString::fromLatin1(file.readAll()));
        }
        return shares;
    }
    for (int i = 1; i <= threshold; ++i) {
        auto typed = promptPassphrase(tr("Custodian share %1 of %2: ").arg(i).arg(threshold));
        if (!typed)
            return KmsError(QStringLiteral("KMS.0401"),
                QStringLiteral("no terminal to ask for the shares; use --share-file"));
        shares.append(QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(typed->data()), typed->intSize())));
    }
    return shares;
}

void Kmsctl::printShares(const QStringList &shares)
{
    m_out << tr("Hand each custodian one share. They are shown this once and stored nowhere; "
                "%1 of them unlock the key store.")
                 .arg(shares.first().section(QLatin1Char('-'), 2, 2))
          << "\n\n";
    for (qsizetype i = 0; i < shares.size(); ++i)
        m_out << tr("Share %1:").arg(i + 1) << '\n'
              << crypto::formatShareForPrinting(shares.at(i)) << "\n\n";
    m_out.flush();
}

int Kmsctl::backup(QStringList args)
{
    bool missing = false;
    const QString path = takeOption(args, QStringLiteral("--out"), &missing);
    if (missing || path.isEmpty() || !args.isEmpty())
        return usage(tr("backup takes --out FILE"));
    auto session = openUnlocked(auth::ActionClass::Administration);
    if (!session)
        return reportError(session.error());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return usage(tr("cannot write %1").arg(path));
    if (auto written = StoreBackup::writeFile(**session, file); !written)
        return reportError(written.error());
    m_out << tr("Backup of key store %1 written to %2.").arg((*session)->storeUuid(), path)
          << Qt::endl;
    return Success;
}

int Kmsctl::restore(QStringList args)
{
    bool missing = false;
    const QString path = takeOption(args, QStringLiteral("--in"), &missing);
    if (missing || path.isEmpty() || !args.isEmpty())
        return usage(tr("restore takes --in FILE"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return usage(tr("cannot read %1").arg(path));
    auto restored = StoreBackup::restore(
        m_dataDir, file, [this](const VaultRecord &vault) { return unlockVault(vault); });
    if (!restored)
        return reportError(restored.error());
    m_out << tr("Key store restored into %1.").arg(m_dataDir) << Qt::endl;
    return Success;
}

int Kmsctl::rekeyCustodians(QStringList args)
{
    bool missing = false;
    const auto [m, n] = custodianPolicy(takeOption(args, QStringLiteral("--custodians"), &missing));
    if (missing || !args.isEmpty() || m == 0)
        return usage(tr("rekey-custodians takes --custodians M/N"));
    auto session = StoreSession::open(m_dataDir);
    if (!session)
        return reportError(session.error());
    if ((*session)->protection() != MasterKeyProtection::Custodians)
        return usage(tr("this key store is not protected by custodian shares"));
    auto current = readShares((*session)->custodianThreshold());
    if (!current)
        return reportError(current.error());
    auto shares = (*session)->rekeyCustodians(*current, m, n);
    if (!shares)
        return reportError(shares.error());
    printShares(*shares);
    return Success;
}

Result<void> Kmsctl::approveIfAsked(
    StoreSession &session, const QString &action, const QString &target)
{
    if (m_approver.isEmpty())
        return success();
    std::optional<SecureBytes> password = m_approverPasswordFile.isEmpty()
        ? promptPassphrase(tr("Password of the approving operator %1: ").arg(m_approver))
        : readPassphraseFile(m_approverPasswordFile);
    if (!password)
        return KmsError(QStringLiteral("KMS.0401"),
            m_approverPasswordFile.isEmpty()
                ? QStringLiteral("no terminal to ask for the approver's password; use "
                                 "--approver-password-file")
                : QStringLiteral("cannot read the approver's password file"));
    return session.approve(m_approver, *password, action, target);
}

int Kmsctl::masterKey(QStringList args)
{
    bool missing = false;
    const QString newPassphraseFile
        = takeOption(args, QStringLiteral("--new-passphrase-file"), &missing);
    const QString custodians = takeOption(args, QStringLiteral("--custodians"), &missing);
    const QString takes
        = tr("master-key takes: rotate [--new-passphrase-file FILE] [--custodians M/N]");
    if (missing || args != QStringList { QStringLiteral("rotate") })
        return usage(takes);
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    MasterKeyRotation::Options options;
    std::optional<SecureBytes> passphrase;
    switch ((*session)->protection()) {
    case MasterKeyProtection::Keychain:
        break; // the session's keychain
    case MasterKeyProtection::Passphrase:
        if (!newPassphraseFile.isEmpty()) {
            passphrase = readPassphraseFile(newPassphraseFile);
            if (!passphrase)
                return usage(tr("cannot read the passphrase file %1").arg(newPassphraseFile));
        } else {
            passphrase = promptPassphrase(tr("New passphrase: "));
            auto again = promptPassphrase(tr("Repeat the passphrase: "));
            if (!passphrase || !again)
                return usage(tr("no terminal to ask for the new passphrase; use "
                                "--new-passphrase-file"));
            if (!passphrase->equals(*again))
                return usage(tr("the two passphrases differ"));
        }
        options.passphrase = &*passphrase;
        break;
    case MasterKeyProtection::Custodians:
        if (!custodians.isEmpty()) {
            const auto [m, n] = custodianPolicy(custodians);
            if (m == 0)
                return usage(tr("--custodians takes M/N, for example 3/5"));
            options.custodianThreshold = m;
            options.custodianCount = n;
        }
        break;
    }
    if (auto approved
        = approveIfAsked(**session, QStringLiteral("RotateMasterKey"), (*session)->storeUuid());
        !approved)
        return reportError(approved.error());
    auto shares = (*session)->rotateMasterKey(options);
    if (!shares)
        return reportError(shares.error());
    if (!shares->isEmpty())
        printShares(*shares);
    m_out << tr("The master key of key store %1 was replaced; everything it protected is "
                "wrapped under the new key.")
                 .arg((*session)->storeUuid())
          << Qt::endl;
    return Success;
}

int Kmsctl::dualControl(QStringList args)
{
    const QString takes = tr("dual-control takes: show | set ACTION[,ACTION] | off");
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    if (!((verb == QLatin1String("show") && args.isEmpty())
            || (verb == QLatin1String("set") && args.size() == 1)
            || (verb == QLatin1String("off") && args.isEmpty())))
        return usage(takes);
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    if (verb == QLatin1String("show")) {
        auto actions = (*session)->dualControl();
        if (!actions)
            return reportError(actions.error());
        m_out << (actions->isEmpty() ? tr("(none)") : actions->join(QLatin1Char(','))) << Qt::endl;
        return Success;
    }
    const QStringList actions = verb == QLatin1String("off")
        ? QStringList()
        : args.first().split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (auto set = (*session)->setDualControl(actions); !set)
        return reportError(set.error());
    return Success;
}

int Kmsctl::init(QStringList args)
{
    bool missing = false;
    const QString custodians = takeOption(args, QStringLiteral("--custodians"), &missing);
    const QString regionId = takeOption(args, QStringLiteral("--region"), &missing);
    const QString memory = takeOption(args, QStringLiteral("--argon2-memory-kib"), &missing);
    const QString iterations = takeOption(args, QStringLiteral("--argon2-iterations"), &missing);
    const bool keychainMode = takeFlag(args, QStringLiteral("--keychain"));
    const bool promptMode = takeFlag(args, QStringLiteral("--passphrase"));
    if (missing || !args.isEmpty())
        return usage(tr("init takes --keychain, --passphrase or --passphrase-file FILE"));
    const int modes = int(keychainMode) + int(promptMode) + int(!m_passphraseFile.isEmpty())
        + int(!custodians.isEmpty());
    if (modes != 1)
        return usage(tr("init needs exactly one of --keychain, --passphrase, "
                        "--passphrase-file FILE and --custodians M/N"));

    StoreSession::InitOptions options;
    if (!regionId.isEmpty())
        options.regionId = regionId;
    options.operatorName = m_operator;
    KeychainSecretStore keychain;
    std::optional<SecureBytes> passphrase;
    QStringList shares;
    if (keychainMode) {
        options.protection = MasterKeyProtection::Keychain;
        options.keychain = &keychain;
    } else if (!custodians.isEmpty()) {
        const auto [m, n] = custodianPolicy(custodians);
        if (m == 0)
            return usage(tr("--custodians takes M/N, for example 3/5"));
        options.protection = MasterKeyProtection::Custodians;
        options.custodianThreshold = m;
        options.custodianCount = n;
        options.shares = &shares;
    } else {
        options.protection = MasterKeyProtection::Passphrase;
        if (promptMode) {
            passphrase = promptPassphrase(tr("New passphrase: "));
            auto again = promptPassphrase(tr("Repeat the passphrase: "));
            if (!passphrase || !again)
                return usage(tr("no terminal to ask for the passphrase"));
            if (!passphrase->equals(*again))
                return usage(tr("the two passphrases differ"));
        } else {
            passphrase = readPassphraseFile(m_passphraseFile);
            if (!passphrase)
                return usage(tr("cannot read the passphrase file %1").arg(m_passphraseFile));
        }
        options.passphrase = &*passphrase;
        if (!memory.isEmpty() || !iterations.isEmpty()) {
            auto params = newArgon2Params();
            if (!params)
                return reportError(params.error());
            bool ok = true;
            if (!memory.isEmpty())
                params->memoryKiB = memory.toUInt(&ok);
            if (ok && !iterations.isEmpty())
                params->timeCost = iterations.toUInt(&ok);
            if (!ok)
                return usage(tr("the Argon2id options take whole numbers"));
            options.argon2 = *params;
        }
    }
    auto session = StoreSession::initialise(m_dataDir, options);
    if (!session)
        return reportError(session.error());
    if (!shares.isEmpty())
        printShares(shares);
    m_out << tr("Initialised the key store in %1 (master key protected by %2).")
                 .arg(m_dataDir, keychainMode ? tr("the OS keychain") : tr("a passphrase"))
          << Qt::endl;
    return Success;
}

int Kmsctl::status(QStringList args)
{
    if (!args.isEmpty())
        return usage(tr("status takes no arguments"));
    m_out << tr("Data folder: %1").arg(m_dataDir) << Qt::endl;
    if (!StoreSession::isInitialised(m_dataDir)) {
        m_out << tr("Key store: none yet (kmsctl init creates it)") << Qt::endl;
        return KmsFailure;
    }
    auto session = StoreSession::open(m_dataDir);
    if (!session)
        return reportError(session.error());
    m_out << tr("Key store: %1, master key protected by %2")
                 .arg((*session)->storeUuid(),
                     (*session)->protection() == MasterKeyProtection::Keychain
                         ? tr("the OS keychain")
                         : (*session)->protection() == MasterKeyProtection::Passphrase
                         ? tr("a passphrase")
                         : tr("%1 of %2 custodian shares")
                               .arg((*session)->custodianThreshold())
                               .arg((*session)->custodianCount()))
          << Qt::endl;
    return Success;
}

int Kmsctl::unlock(QStringList args)
{
    if (!args.isEmpty())
        return usage(tr("unlock takes no arguments"));
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    m_out << tr("The key store in %1 unlocks.").arg(m_dataDir) << Qt::endl;
    return Success;
}

int Kmsctl::call(QStringList args)
{
    if (args.isEmpty() || args.size() > 2)
        return usage(tr("call takes an action and an optional JSON object (or - for stdin)"));
    const QString action = args.at(0);
    if (!KmsService::hasAction(action))
        return usage(tr("unknown action %1; kmsctl actions lists them").arg(action));
    QByteArray body;
    if (args.size() == 2) {
        if (args.at(1) == QLatin1String("-")) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return usage(tr("cannot read the request from standard input"));
            body = in.readAll();
        } else {
            body = args.at(1).toUtf8();
        }
    }
    const ErrorCatalog &catalog = ErrorCatalog::builtin();
    auto session = openUnlocked();
    if (session && !m_approver.isEmpty()) {
        const QJsonObject params = QJsonDocument::fromJson(body).object();
        if (auto approved
            = approveIfAsked(**session, action, params.value(QStringLiteral("cmkUuid")).toString());
            !approved)
            session = approved.error();
    }
    Response response = session ? (*session)->service().call(action, body)
                                : Response::failure(session.error(), QString());
    m_out << QString::fromUtf8(
        QJsonDocument(response.toJson(catalog)).toJson(QJsonDocument::Indented));
    m_out.flush();
    return response.ok() ? Success : KmsFailure;
}

int Kmsctl::audit(QStringList args)
{
    const QString sub = args.isEmpty() ? QString() : args.takeFirst();
    const QString takes = tr("audit takes: verify | export --format csv|jsonl --out FILE "
                             "[--public-key FILE] [filters] | head [-n N] [filters] | "
                             "public-key [--out FILE]");
    bool missing = false;
    // Filters of export and head, the parameters of ListAuditEvents (validated there).
    QJsonObject filters;
    for (const auto &[option, parameter] : { std::pair { "--from", "startTime" },
             std::pair { "--to", "endTime" }, std::pair { "--operator-name", "operatorName" },
             std::pair { "--action", "auditAction" }, std::pair { "--key", "target" },
             std::pair { "--result", "result" } }) {
        const QString value = takeOption(args, QString::fromLatin1(option), &missing);
        if (!value.isEmpty())
            filters.insert(QString::fromLatin1(parameter), value);
    }
    if (missing)
        return usage(takes);

    if (sub == QLatin1String("verify")) {
        if (!args.isEmpty() || !filters.isEmpty())
            return usage(takes);
        auto session = openUnlocked(auth::ActionClass::AuditRead);
        if (!session)
            return reportError(session.error());
        AuditService audit = auditServiceOf(**session);
        auto verdict = audit.verify();
        if (!verdict)
            return reportError(verdict.error());
        if (verdict->intact) {
            m_out << tr("Audit chain intact: %n row(s) verified.", nullptr,
                static_cast<int>(verdict->rowsChecked))
                  << Qt::endl;
            return Success;
        }
        // On both streams: stderr for cron and scripts, stdout as before.
        const QString broken = tr("Audit chain BROKEN at row %1 (%2): %3")
                                   .arg(verdict->firstBadSeq)
                                   .arg(verdict->problem, verdict->message);
        m_out << broken << Qt::endl;
        m_err << broken << Qt::endl;
        return KmsFailure;
    }
    if (sub == QLatin1String("export")) {
        const QString formatName = takeOption(args, QStringLiteral("--format"), &missing);
        const QString out = takeOption(args, QStringLiteral("--out"), &missing);
        const QString publicKey = takeOption(args, QStringLiteral("--public-key"), &missing);
        const auto format = AuditExport::formatFromName(formatName);
        if (missing || !args.isEmpty() || !format || out.isEmpty() || out == QLatin1String("-"))
            return usage(takes);
        auto session = openUnlocked(auth::ActionClass::AuditRead);
        if (!session)
            return reportError(session.error());
        auto query = ops::readAuditQuery(Params(filters));
        if (!query)
            return reportError(query.error());
        AuditService audit = auditServiceOf(**session);
        auto files = audit.exportToFiles(*query, *format, out, publicKey);
        if (!files)
            return reportError(files.error());
        m_out << tr("Exported %n row(s) to %1, signature %2.", nullptr, int(files->rows))
                     .arg(files->dataPath, files->signaturePath)
              << Qt::endl;
        return Success;
    }
    if (sub == QLatin1String("head")) {
        const QString countText = takeOption(args, QStringLiteral("-n"), &missing);
        bool ok = true;
        const int count = countText.isEmpty() ? 10 : countText.toInt(&ok);
        if (missing || !ok || count < 1 || !args.isEmpty())
            return usage(takes);
        auto session = openUnlocked(auth::ActionClass::AuditRead);
        if (!session)
            return reportError(session.error());
        auto query = ops::readAuditQuery(Params(filters));
        if (!query)
            return reportError(query.error());
        // Straight from the store: reading the log is not audited (see KmsService.cpp).
        auto rows = (*session)->store().auditPage(*query, 0, count);
        if (!rows)
            return reportError(rows.error());
        for (const store::AuditRecord &row : std::as_const(*rows))
            m_out << row.seq << '\t' << formatTime(row.time) << '\t' << row.operatorName << '\t'
                  << row.action << '\t' << row.target << '\t' << row.regionId << '\t'
                  << row.resultCode << '\t' << row.requestId << '\n';
        m_out.flush();
        return Success;
    }
    if (sub == QLatin1String("public-key")) {
        const QString out = takeOption(args, QStringLiteral("--out"), &missing);
        if (missing || !args.isEmpty() || !filters.isEmpty())
            return usage(takes);
        auto session = openUnlocked(auth::ActionClass::AuditRead);
        if (!session)
            return reportError(session.error());
        AuditService audit = auditServiceOf(**session);
        auto pem = audit.publicKeyPem();
        if (!pem)
            return reportError(pem.error());
        if (out.isEmpty() || out == QLatin1String("-")) {
            m_out << QString::fromLatin1(*pem);
            m_out.flush();
            return Success;
        }
        QSaveFile file(out);
        if (!file.open(QIODevice::WriteOnly) || file.write(*pem) != pem->size() || !file.commit())
            return reportError(KmsError(QStringLiteral("KMS.0503"),
                QStringLiteral("cannot write %1: %2").arg(out, file.errorString())));
        return Success;
    }
    return usage(takes);
}

int Kmsctl::jobs(QStringList args)
{
    const QString sub = args.isEmpty() ? QString() : args.takeFirst();
    bool missing = false;
    if (sub == QLatin1String("run")) {
        const QString limitText = takeOption(args, QStringLiteral("--limit"), &missing);
        bool ok = true;
        const int limit = limitText.isEmpty() ? 1000 : limitText.toInt(&ok);
        if (missing || !ok || limit < 1 || !args.isEmpty())
            return usage(tr("jobs run takes: [--limit N]"));
        auto session = openUnlocked(auth::ActionClass::KeyManagement);
        if (!session)
            return reportError(session.error());
        Scheduler scheduler((*session)->service(), (*session)->store());
        const SchedulerRun run = scheduler.runDue(limit);
        if (run.error)
            return reportError(*run.error);
        for (const JobOutcome &outcome : run.outcomes) {
            m_out << outcome.jobId << '\t' << outcome.kind << '\t' << outcome.cmkUuid << '\t'
                  << outcome.code;
            if (!outcome.detail.isEmpty())
                m_out << '\t' << outcome.detail;
            if (outcome.retryAt.isValid())
                m_out << '\t' << tr("retry at %1").arg(formatTime(outcome.retryAt));
            m_out << '\n';
        }
        m_out << tr("Jobs: %1 done, %2 skipped, %3 failed.")
                     .arg(run.done)
                     .arg(run.skipped)
                     .arg(run.failed)
              << Qt::endl;
        return run.failed == 0 ? Success : KmsFailure;
    }
    if (sub == QLatin1String("list")) {
        const QString state = takeOption(args, QStringLiteral("--state"), &missing);
        if (missing || !args.isEmpty())
            return usage(tr("jobs list takes: [--state STATE]"));
        auto session = openUnlocked(auth::ActionClass::MetadataRead);
        if (!session)
            return reportError(session.error());
        QJsonObject params { { QStringLiteral("pageSize"), 100 } };
        if (!state.isEmpty())
            params.insert(QStringLiteral("state"), state);
        for (int page = 1;; ++page) {
            params.insert(QStringLiteral("pageNumber"), page);
            auto listed = callAction(**session, QStringLiteral("ListJobs"), params);
            if (!listed)
                return reportError(listed.error());
            const QJsonArray rows = listed->value(QStringLiteral("jobs")).toArray();
            for (const QJsonValue &row : rows) {
                const QJsonObject job = row.toObject();
                m_out << job.value(QStringLiteral("jobId")).toInteger() << '\t'
                      << job.value(QStringLiteral("kind")).toString() << '\t'
                      << job.value(QStringLiteral("cmkUuid")).toString() << '\t'
                      << job.value(QStringLiteral("state")).toString() << '\t'
                      << job.value(QStringLiteral("dueDate")).toString() << '\t'
                      << job.value(QStringLiteral("lastError")).toString() << '\n';
            }
            if (rows.size() < 100)
                break;
        }
        m_out.flush();
        return Success;
    }
    return usage(tr("jobs takes: run [--limit N] | list [--state STATE]"));
}

int Kmsctl::region(QStringList args)
{
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    if (args == QStringList { QStringLiteral("list") }) {
        auto regions = (*session)->store().listRegions();
        if (!regions)
            return reportError(regions.error());
        for (const auto &r : *regions)
            m_out << r.regionId << '\t' << r.hsm << '\t' << r.description << '\n';
        m_out.flush();
        return Success;
    }
    bool missing = false;
    QString hsm = takeOption(args, QStringLiteral("--hsm"), &missing);
    if (hsm.isEmpty())
        hsm = QStringLiteral("software");
    if (!missing && (args.size() == 2 || args.size() == 3)
        && args.first() == QLatin1String("add")) {
        if (auto added = (*session)->addRegion(args.at(1), args.value(2), hsm); !added)
            return reportError(added.error());
        m_out << tr("Added region %1.").arg(args.at(1)) << Qt::endl;
        return Success;
    }
    return usage(tr("region takes: list | add ID [DESCRIPTION] [--hsm NAME]"));
}

int Kmsctl::hsm(QStringList args)
{
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    bool missing = false;
    HsmConfiguration configuration;
    configuration.modulePath = takeOption(args, QStringLiteral("--module"), &missing);
    configuration.tokenLabel = takeOption(args, QStringLiteral("--token"), &missing);
    configuration.serverAddress = takeOption(args, QStringLiteral("--server"), &missing);
    configuration.pinInKeychain = args.removeAll(QStringLiteral("--pin-in-keychain")) > 0;
    if (missing)
        return usage(tr("an option is missing its value"));

    if (verb == QLatin1String("tokens") && args.isEmpty() && !configuration.modulePath.isEmpty()) {
        auto tokens = hsmconfig::listTokens(configuration.modulePath, configuration.serverAddress);
        if (!tokens)
            return reportError(tokens.error());
        for (const HsmTokenSummary &token : std::as_const(*tokens))
            m_out << token.label << '\t' << token.model << '\t' << token.serialNumber << '\n';
        m_out.flush();
        return Success;
    }
    auto session = openUnlocked(auth::ActionClass::Administration);
    if (!session)
        return reportError(session.error());
    if (verb == QLatin1String("list") && args.isEmpty()) {
        auto configurations = (*session)->hsmConfigurations();
        if (!configurations)
            return reportError(configurations.error());
        for (const HsmConfiguration &c : std::as_const(*configurations)) {
            const StoreSession::HsmStatus status = (*session)->hsmStatus(c.name(), true);
            m_out << c.name() << '\t' << c.modulePath << '\t'
                  << (c.serverAddress.isEmpty() ? QStringLiteral("-") : c.serverAddress) << '\t'
                  << (c.pinInKeychain ? QStringLiteral("keychain") : QStringLiteral("prompt"))
                  << '\t'
                  << (status.state == StoreSession::HsmStatus::Connected
                             ? QStringLiteral("connected")
                             : status.state == StoreSession::HsmStatus::NoPin
                             ? QStringLiteral("no-pin")
                             : QStringLiteral("disconnected"))
                  << '\n';
        }
        m_out.flush();
        return Success;
    }
    if ((verb == QLatin1String("add") || verb == QLatin1String("test")) && args.isEmpty()
        && !configuration.modulePath.isEmpty() && !configuration.tokenLabel.isEmpty()) {
        // The PIN: --hsm-pin-file, or asked on the terminal; never on the command line.
        std::optional<SecureBytes> pin = m_hsmPinFile.isEmpty()
            ? promptPassphrase(tr("User PIN of token %1: ").arg(configuration.tokenLabel))
            : readPassphraseFile(m_hsmPinFile);
        if (!pin)
            return usage(tr("no PIN: use --hsm-pin-file or a terminal"));
        auto probed = verb == QLatin1String("add")
            ? (*session)->saveHsmConfiguration(configuration, *pin)
            : (*session)->testHsm(configuration, *pin);
        if (!probed)
            return reportError(probed.error());
        m_out << tr("%1: %2 %3, serial %4; key specs: %5")
                     .arg(configuration.name(), probed->token.manufacturer, probed->token.model,
                         probed->token.serialNumber,
                         probed->usableKeySpecs.join(QStringLiteral(", ")))
              << '\n'
              << tr("Mechanisms: %1").arg(probed->mechanisms.join(QStringLiteral(" "))) << Qt::endl;
        return Success;
    }
    if (verb == QLatin1String("remove") && args.size() == 1) {
        if (auto removed = (*session)->removeHsmConfiguration(args.first()); !removed)
            return reportError(removed.error());
        m_out << tr("Removed HSM %1.").arg(args.first()) << Qt::endl;
        return Success;
    }
    return usage(tr("hsm takes: list | tokens --module PATH [--server ADDRESS] | add|test "
                    "--module PATH --token LABEL [--server ADDRESS] [--pin-in-keychain] | "
                    "remove NAME"));
}

int Kmsctl::config(QStringList args)
{
    const QStringList names = Limits::settingNames();
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    store::Store &store = (*session)->store();
    if (args == QStringList { QStringLiteral("list") }) {
        for (const QString &name : names) {
            auto value = store.setting(name);
            if (!value)
                return reportError(value.error());
            m_out << name << '=' << value->value_or(tr("(default)")) << '\n';
        }
        m_out.flush();
        return Success;
    }
    if (args.size() == 2 && args.first() == QLatin1String("get") && names.contains(args.at(1))) {
        auto value = store.setting(args.at(1));
        if (!value)
            return reportError(value.error());
        m_out << value->value_or(QString()) << Qt::endl;
        return Success;
    }
    const bool authSetting = args.size() == 3
        && (args.at(1).startsWith(QLatin1String("limits.quota."))
            || args.at(1) == QLatin1String("auth.idleTimeoutSeconds")
            || args.at(1) == server::ApiAuthenticator::kClockSkewSetting);
    if (args.size() == 3 && args.first() == QLatin1String("set")
        && (names.contains(args.at(1)) || authSetting)) {
        // Validation, the administrator's role in operator mode and the audit row: the session's.
        if (auto changed = (*session)->changeSetting(args.at(1), args.at(2)); !changed)
            return reportError(changed.error());
        return Success;
    }
    return usage(tr("config takes: list | get NAME | set NAME VALUE; names: %1")
                     .arg(names.join(QStringLiteral(", "))));
}

int Kmsctl::operators(QStringList args)
{
    bool missing = false;
    const QString role = takeOption(args, QStringLiteral("--role"), &missing);
    const QString newPasswordFile
        = takeOption(args, QStringLiteral("--new-password-file"), &missing);
    if (missing || args.isEmpty())
        return usage(tr("operator takes: add NAME --role ROLE [--new-password-file FILE] | list "
                        "| freeze NAME | unfreeze NAME | grant NAME KEY | role NAME ROLE"));
    const QString verb = args.takeFirst();
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    if (verb == QLatin1String("list") && args.isEmpty()) {
        auto list = (*session)->listOperators();
        if (!list)
            return reportError(list.error());
        for (const store::OperatorRecord &record : std::as_const(*list))
            m_out << record.name << '\t' << record.role << '\t'
                  << (record.frozen ? QStringLiteral("frozen") : QStringLiteral("active")) << '\t'
                  << record.failedLogins << '\n';
        m_out.flush();
        return Success;
    }
    if (verb == QLatin1String("add") && args.size() == 1 && !role.isEmpty()) {
        // The new operator's password: --new-password-file, or --password-file when nobody
        // logs in (the first administrator), or typed twice on the terminal.
        const QString file = !newPasswordFile.isEmpty() ? newPasswordFile
            : m_login.isEmpty()                         ? m_passwordFile
                                                        : QString();
        std::optional<SecureBytes> password;
        if (!file.isEmpty()) {
            password = readPassphraseFile(file);
        } else {
            password = promptPassphrase(tr("Password of the new operator %1: ").arg(args.at(0)));
            auto again = promptPassphrase(tr("The same password again: "));
            if (password
                && (!again || again->size() != password->size()
                    || CRYPTO_memcmp(again->data(), password->data(), password->size()) != 0))
                return usage(tr("the passwords differ"));
        }
        if (!password)
            return usage(tr("no password: use --new-password-file or a terminal"));
        if (auto created = (*session)->createOperator(args.at(0), role, *password); !created)
            return reportError(created.error());
        m_out << tr("Operator %1 (%2) created.").arg(args.at(0), role) << Qt::endl;
        return Success;
    }
    Result<void> done = success();
    if ((verb == QLatin1String("freeze") || verb == QLatin1String("unfreeze")) && args.size() == 1)
        done = verb == QLatin1String("freeze") ? (*session)->freezeOperator(args.at(0))
                                               : (*session)->unfreezeOperator(args.at(0));
    else if (verb == QLatin1String("grant") && args.size() == 2)
        done = (*session)->grantKey(args.at(0), args.at(1));
    else if (verb == QLatin1String("role") && args.size() == 2)
        done = (*session)->setOperatorRole(args.at(0), args.at(1));
    else
        return usage(tr("operator takes: add NAME --role ROLE [--new-password-file FILE] | list "
                        "| freeze NAME | unfreeze NAME | grant NAME KEY | role NAME ROLE"));
    if (!done)
        return reportError(done.error());
    return Success;
}

int Kmsctl::accessKeys(QStringList args)
{
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    const bool known = (verb == QLatin1String("list") && args.isEmpty())
        || ((verb == QLatin1String("create") || verb == QLatin1String("enable")
                || verb == QLatin1String("disable") || verb == QLatin1String("delete"))
            && args.size() == 1);
    if (!known)
        return usage(tr("accesskey takes: create OPERATOR | list | enable ACCESS_KEY_ID | "
                        "disable ACCESS_KEY_ID | delete ACCESS_KEY_ID"));
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    if (verb == QLatin1String("list")) {
        auto list = (*session)->listAccessKeys();
        if (!list)
            return reportError(list.error());
        for (const store::AccessKeyRecord &record : std::as_const(*list))
            m_out << record.accessKeyId << '\t' << record.operatorName << '\t' << record.status
                  << '\t' << formatTime(record.created) << '\t'
                  << (record.lastUsed.isValid() ? formatTime(record.lastUsed) : tr("never"))
                  << '\n';
        m_out.flush();
        return Success;
    }
    if (verb == QLatin1String("create")) {
        auto created = (*session)->createAccessKey(args.at(0));
        if (!created)
            return reportError(created.error());
        m_out << "AccessKeyId: " << created->accessKeyId << "\nSecretKey: ";
        m_out.flush();
        // Straight from the zeroizing buffer to the terminal, no Qt string in between.
        std::fwrite(created->secret.data(), 1, created->secret.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        m_err << tr("The secret key is shown this once; the store keeps it only wrapped under "
                    "the master key.")
              << Qt::endl;
        return Success;
    }
    const Result<void> done = verb == QLatin1String("enable")
        ? (*session)->enableAccessKey(args.at(0))
        : verb == QLatin1String("disable") ? (*session)->disableAccessKey(args.at(0))
                                           : (*session)->deleteAccessKey(args.at(0));
    if (!done)
        return reportError(done.error());
    return Success;
}

namespace {

// SIGINT and SIGTERM end `kmsctl serve` through the event loop: the handler only writes a
// byte to a socket pair whose other end a QSocketNotifier watches.
int gSignalPipe[2] = { -1, -1 };

void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(gSignalPipe[0], &byte, 1);
}

} // namespace

int Kmsctl::serve(QStringList args)
{
    bool missing = false;
    const QString portText = takeOption(args, QStringLiteral("--port"), &missing);
    bool ok = true;
    const uint port = portText.isEmpty() ? 8080 : portText.toUInt(&ok);
    if (missing || !args.isEmpty() || !ok || port > 65535)
        return usage(tr("serve takes [--port N]"));
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    server::LocalApiServer server(**session);
    auto listening = server.listen(quint16(port));
    if (!listening)
        return reportError(listening.error());
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gSignalPipe) != 0)
        return reportError(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("no socket pair for signals")));
    QSocketNotifier notifier(gSignalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [] {
        char byte = 0;
        [[maybe_unused]] const auto read = ::read(gSignalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    m_out << tr("Listening on http://127.0.0.1:%1 (SIGINT or SIGTERM stops)").arg(*listening)
          << Qt::endl;
    QCoreApplication::exec();
    server.close();
    ::close(gSignalPipe[0]);
    ::close(gSignalPipe[1]);
    m_out << tr("Stopped.") << Qt::endl;
    return Success;
}

Result<QJsonObject> Kmsctl::callAction(
    StoreSession &session, const QString &action, const QJsonObject &params)
{
    const Response response = session.service().call(action, params);
    if (!response.ok())
        return KmsError(response.code, response.detail);
    return response.data;
}

namespace {

// Opens FILE, or standard input/output for "-".
bool openInput(QFile &file, const QString &path)
{
    if (path == QLatin1String("-"))
        return file.open(stdin, QIODevice::ReadOnly);
    file.setFileName(path);
    return file.open(QIODevice::ReadOnly);
}

// Output goes to a temporary file renamed into place only when everything succeeded, so a
// failed decryption never leaves partial plaintext behind in a file. "-" writes to standard
// output as it goes: chunks that authenticated are out before a later one fails.
class Output
{
public:
    explicit Output(const QString &path)
        : m_save(path == QLatin1String("-") ? QString() : path)
    {
    }
    bool open()
    {
        if (m_save.fileName().isEmpty())
            return m_stdout.open(stdout, QIODevice::WriteOnly);
        return m_save.open(QIODevice::WriteOnly);
    }
    QIODevice &device()
    {
        return m_save.fileName().isEmpty() ? static_cast<QIODevice &>(m_stdout) : m_save;
    }
    bool commit()
    {
        if (m_save.fileName().isEmpty())
            return m_stdout.flush();
        return m_save.commit();
    }

private:
    QSaveFile m_save;
    QFile m_stdout;
};

SecureBytes takeBase64Secret(const QJsonValue &value)
{
    QByteArray decoded = QByteArray::fromBase64(value.toString().toLatin1());
    SecureBytes secret = SecureBytes::fromByteArray(decoded);
    wipeByteArray(decoded);
    return secret;
}

} // namespace

int Kmsctl::encryptFile(QStringList args)
{
    bool missing = false;
    const QString key = takeOption(args, QStringLiteral("--key"), &missing);
    const QString inPath = takeOption(args, QStringLiteral("--in"), &missing);
    const QString outPath = takeOption(args, QStringLiteral("--out"), &missing);
    if (missing || !args.isEmpty() || key.isEmpty() || inPath.isEmpty() || outPath.isEmpty())
        return usage(tr("encrypt takes --key ID --in FILE --out FILE"));
    QFile in;
    if (!openInput(in, inPath))
        return usage(tr("cannot read %1").arg(inPath));
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    auto described = callAction(
        **session, QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), key } });
    if (!described)
        return reportError(described.error());
    const bool sm4 = described->value(QStringLiteral("keyMetadata"))
                         .toObject()
                         .value(QStringLiteral("keySpec"))
                         .toString()
        == QLatin1String("SM4_128");
    auto dataKey = callAction(**session, QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), key },
            { QStringLiteral("keySpec"),
                sm4 ? QStringLiteral("SM4_128") : QStringLiteral("AES_256") } });
    if (!dataKey)
        return reportError(dataKey.error());
    const SecureBytes plainKey = takeBase64Secret(dataKey->value(QStringLiteral("plaintext")));
    dataKey->remove(QStringLiteral("plaintext"));
    const QByteArray blob = QByteArray::fromBase64(
        dataKey->value(QStringLiteral("ciphertextBlob")).toString().toLatin1());

    Output out(outPath);
    if (!out.open())
        return usage(tr("cannot write %1").arg(outPath));
    auto done = crypto::EnvelopeStream::encrypt(in, out.device(),
        sm4 ? crypto::EnvelopeStream::Algorithm::Sm4CtrHmacSm3
            : crypto::EnvelopeStream::Algorithm::Aes256Gcm,
        plainKey, blob);
    if (!done)
        return reportError(done.error());
    if (!out.commit())
        return reportError(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("cannot write %1").arg(outPath)));
    return Success;
}

int Kmsctl::decryptFile(QStringList args)
{
    bool missing = false;
    const QString inPath = takeOption(args, QStringLiteral("--in"), &missing);
    const QString outPath = takeOption(args, QStringLiteral("--out"), &missing);
    if (missing || !args.isEmpty() || inPath.isEmpty() || outPath.isEmpty())
        return usage(tr("decrypt takes --in FILE --out FILE"));
    QFile in;
    if (!openInput(in, inPath))
        return usage(tr("cannot read %1").arg(inPath));
    auto header = crypto::EnvelopeStream::readHeader(in);
    if (!header)
        return reportError(header.error());
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    auto opened = callAction(**session, QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            QString::fromLatin1(header->dataKeyBlob.toBase64()) } });
    if (!opened)
        return reportError(opened.error());
    const SecureBytes plainKey = takeBase64Secret(opened->value(QStringLiteral("plaintext")));
    opened->remove(QStringLiteral("plaintext"));
    Output out(outPath);
    if (!out.open())
        return usage(tr("cannot write %1").arg(outPath));
    auto done = crypto::EnvelopeStream::decrypt(in, out.device(), *header, plainKey);
    if (!done)
        return reportError(done.error());
    if (!out.commit())
        return reportError(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("cannot write %1").arg(outPath)));
    return Success;
}

int Kmsctl::listActions(QStringList args)
{
    if (!args.isEmpty())
        return usage(tr("actions takes no arguments"));
    m_out << KmsService::actions().join(QLatin1Char('\n')) << Qt::endl;
    return Success;
}

int Kmsctl::signFile(QStringList args)
{
    return signOrVerify(std::move(args), false);
}

int Kmsctl::verifyFile(QStringList args)
{
    return signOrVerify(std::move(args), true);
}

int Kmsctl::signOrVerify(QStringList args, bool verify)
{
    bool missing = false;
    const QString key = takeOption(args, QStringLiteral("--key"), &missing);
    QString version = takeOption(args, QStringLiteral("--key-version"), &missing);
    const QString algorithmName = takeOption(args, QStringLiteral("--algorithm"), &missing);
    const QString inPath = takeOption(args, QStringLiteral("--in"), &missing);
    const QString sigPath = takeOption(
        args, verify ? QStringLiteral("--signature") : QStringLiteral("--out"), &missing);
    const auto algorithm = signAlgorithmFromName(algorithmName);
    if (missing || !args.isEmpty() || key.isEmpty() || inPath.isEmpty() || sigPath.isEmpty()
        || !algorithm)
        return usage(verify ? tr("verify takes --key ID [--key-version V] --algorithm ALG --in "
                                 "FILE --signature SIG")
                            : tr("sign takes --key ID [--key-version V] --algorithm ALG --in FILE "
                                 "--out SIG"));
    QFile in;
    if (!openInput(in, inPath))
        return usage(tr("cannot read %1").arg(inPath));
    auto session = openUnlocked();
    if (!session)
        return reportError(session.error());
    if (version.isEmpty()) {
        auto described = callAction(
            **session, QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), key } });
        if (!described)
            return reportError(described.error());
        version = described->value(QStringLiteral("keyMetadata"))
                      .toObject()
                      .value(QStringLiteral("primaryKeyVersion"))
                      .toString();
    }
    auto publicKey = callAction(**session, QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version } });
    if (!publicKey)
        return reportError(publicKey.error());
    auto digest = crypto::messageDigest(
        publicKey->value(QStringLiteral("publicKey")).toString().toLatin1(), *algorithm, in);
    if (!digest)
        return reportError(digest.error());
    QJsonObject params { { QStringLiteral("cmkUuid"), key },
        { QStringLiteral("keyVersionId"), version }, { QStringLiteral("algorithm"), algorithmName },
        { QStringLiteral("digest"), QString::fromLatin1(digest->toBase64()) } };
    if (verify) {
        QFile signature(sigPath);
        if (!signature.open(QIODevice::ReadOnly))
            return usage(tr("cannot read %1").arg(sigPath));
        params.insert(QStringLiteral("value"), QString::fromLatin1(signature.readAll().toBase64()));
        auto checked = callAction(**session, QStringLiteral("AsymmetricVerify"), params);
        if (!checked)
            return reportError(checked.error());
        const bool valid = checked->value(QStringLiteral("valid")).toBool();
        m_out << (valid ? tr("Signature valid.") : tr("Signature NOT valid.")) << Qt::endl;
        return valid ? Success : KmsFailure;
    }
    auto signature = callAction(**session, QStringLiteral("AsymmetricSign"), params);
    if (!signature)
        return reportError(signature.error());
    QSaveFile out(sigPath);
    if (!out.open(QIODevice::WriteOnly))
        return usage(tr("cannot write %1").arg(sigPath));
    out.write(
        QByteArray::fromBase64(signature->value(QStringLiteral("value")).toString().toLatin1()));
    if (!out.commit())
        return reportError(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("cannot write %1").arg(sigPath)));
    return Success;
}

} // namespace kms
