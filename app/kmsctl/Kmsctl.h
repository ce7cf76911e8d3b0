#pragma once

#include "auth/Roles.h"

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "secrets/MasterKeyVault.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace kms {

class StoreSession;
class KmsError;

// The command-line tool over the backend: initialise a store, unlock it, call any action,
// verify the audit chain. Exit codes: 0 success, 1 a KMS error, 2 a usage error.
class Kmsctl
{
    Q_DECLARE_TR_FUNCTIONS(Kmsctl)

public:
    enum ExitCode { Success = 0, KmsFailure = 1, UsageError = 2 };

    Kmsctl();
    int run(const QStringList &arguments);

private:
    int usage(const QString &problem = {});
    int init(QStringList args);
    int status(QStringList args);
    int unlock(QStringList args);
    int call(QStringList args);
    int audit(QStringList args);
    int jobs(QStringList args);
    int rekeyCustodians(QStringList args);
    int masterKey(QStringList args);
    int dualControl(QStringList args);
    // With --approver: the second officer approves `action` on `target` (dual control).
    Result<void> approveIfAsked(
        StoreSession &session, const QString &action, const QString &target);
    int backup(QStringList args);
    int restore(QStringList args);
    // The master key from a vault record: keychain, --passphrase-file or prompt, or
    // custodian shares (--share-file or prompt).
    Result<MasterKey> unlockVault(const VaultRecord &vault);
    // Custodian shares from the --share-file files, or typed on the terminal (threshold of them).
    Result<QStringList> readShares(int threshold);
    void printShares(const QStringList &shares);
    int region(QStringList args);
    int hsm(QStringList args);
    int config(QStringList args);
    int encryptFile(QStringList args);
    int decryptFile(QStringList args);
    int signFile(QStringList args);
    int verifyFile(QStringList args);
    int signOrVerify(QStringList args, bool verify);
    int listActions(QStringList args);
    int operators(QStringList args);
    int accessKeys(QStringList args);
    int serve(QStringList args);

    // Opens and unlocks the store and logs in (--login). In operator mode a command that
    // bypasses KmsService names the class of what it does: then a log-in whose role allows
    // it is required (KMS.0401, KMS.0405).
    Result<std::unique_ptr<StoreSession>> openUnlocked(
        std::optional<auth::ActionClass> needed = std::nullopt);
    // Calls an action and returns its data, or the error of the failed call.
    Result<QJsonObject> callAction(
        StoreSession &session, const QString &action, const QJsonObject &params);
    int reportError(const KmsError &error);

    QString m_dataDir;
    QString m_passphraseFile;
    QString m_hsmPinFile;
    QStringList m_shareFiles;
    QString m_operator;
    QString m_login; // --login NAME: log in before the command (operator mode)
    QString m_command; // "kmsctl audit verify": how a refused command is audited
    QString m_passwordFile; // --password-file FILE: that operator's password
    QString m_approver; // --approver NAME: a second officer's approval (dual control)
    QString m_approverPasswordFile; // --approver-password-file FILE: the approver's password
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace kms
