#pragma once

#include "api/HsmConfigurations.h"
#include "api/KmsService.h"
#include "api/MasterKeyRotation.h"
#include "auth/AccessKeys.h"
#include "auth/OperatorSession.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "hsm/HsmProvider.h"
#include "secrets/MasterKeyVault.h"
#include "store/SqliteStore.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

namespace kms {

class SecretStore;

// One data folder of the console: the SQLite store in it, the master key once unlocked,
// the HSMs, and the KmsService over them. A session opens locked; unlocking takes the
// master key from the keychain or from the passphrase. The app (GUI or kmsctl) creates the
// session and hands its parts down.
class StoreSession
{
public:
    static constexpr QLatin1String kDatabaseFile { "kms.sqlite3" };
    static constexpr QLatin1String kDefaultRegion { "local-1" };

    // The user's application data folder for the console (QStandardPaths::AppDataLocation).
    static QString defaultDataDir();
    static QString databasePath(const QString &dataDir);
    static bool isInitialised(const QString &dataDir);

    struct InitOptions
    {
        MasterKeyProtection protection = MasterKeyProtection::Keychain;
        SecretStore *keychain = nullptr; // keychain mode
        const SecureBytes *passphrase = nullptr; // passphrase mode
        int custodianThreshold = 0; // custodians mode: M of
        int custodianCount = 0; // N shares
        QStringList *shares = nullptr; // custodians mode: receives the shares, once
        std::optional<Argon2Params> argon2; // passphrase mode; default parameters if unset
        QString regionId = QString(kDefaultRegion);
        QString operatorName; // default: the OS user
    };

    // Creates the store in an empty (or missing) data folder and returns it unlocked. On any
    // failure nothing is left behind: no database file, no keychain entry.
    static Result<std::unique_ptr<StoreSession>> initialise(
        const QString &dataDir, const InitOptions &options);
    // Opens an initialised store, locked. KMS.0503 if the folder holds no store.
    static Result<std::unique_ptr<StoreSession>> open(const QString &dataDir);
    ~StoreSession();

    MasterKeyProtection protection() const { return m_vault.protection; }
    const QString &storeUuid() const { return m_vault.storeUuid; }
    const QString &dataDir() const { return m_dataDir; }
    bool isUnlocked() const { return m_masterKey.has_value(); }

    void setOperatorName(const QString &name) { m_operatorName = name; }
    // The clock of the services this session makes from now on (the unlocked service is
    // remade): tests move time instead of waiting. It must outlive the session and be safe
    // to read from the worker threads of openConnection().
    void setClock(const Clock &clock);
    const Clock &clock() const { return *m_clockInUse; }
    // Who acts: the logged-in operator as the audit trail names it ("kate (key_officer)") in
    // operator mode, the name set with setOperatorName() (default: the OS user) otherwise.
    QString operatorName() const
    {
        const auto current = m_signedIn->current();
        return current ? auth::auditOperator(current->name, current->role) : m_operatorName;
    }

    // KMS.0503 (keychain unavailable, entry missing or not this store's) or KMS.0401 (wrong
    // passphrase); the session stays locked and nothing changes.
    Result<void> unlockWithKeychain(SecretStore &keychain);
    Result<void> unlockWithPassphrase(const SecureBytes &passphrase);
    // Custodians mode: any M of the shares (crypto/CustodianShares.h). KMS.0401 otherwise.
    Result<void> unlockWithShares(const QStringList &shares);
    // A master key obtained from this store's vault record another way (kmsctl): checked
    // against the record's key-check value (KMS.0503 otherwise).
    Result<void> unlockWithMasterKey(MasterKey key);
    // New shares of the same master key for a new set of custodians (M of N), proved by M
    // current shares; the old shares stop working. Returns the new shares (shown once).
    Result<QStringList> rekeyCustodians(
        const QStringList &currentShares, int threshold, int shareCount);
    // A new master key in the same protection mode, everything wrapped under the old one
    // rewrapped in one transaction (api/MasterKeyRotation.h); the session continues unlocked
    // with the new key and the old passphrase, shares or keychain entry stop working. Returns
    // the custodians' new shares (shown once) in custodians mode. Audited as RotateMasterKey.
    Result<QStringList> rotateMasterKey(const MasterKeyRotation::Options &options);
    int custodianThreshold() const { return m_vault.threshold; }
    const VaultRecord &vault() const { return m_vault; }
    int custodianCount() const { return m_vault.shareCount; }
    // When initialise() made this store; null for a session that opened an existing one.
    const QDateTime &initialisedAt() const { return m_initialisedAt; }
    void lock();

    store::SqliteStore &store() { return *m_store; }
    // Only while unlocked.
    KmsService &service() { return *m_service; }
    const MasterKey &masterKey() const { return *m_masterKey; }
    hsm::HsmProvider &hsms() { return *m_hsms; }

    // A second connection to the unlocked store for another thread (a Qt SQL connection
    // belongs to the thread that made it): its own SQLite connection, HSMs over a copy of
    // the master key, and a KmsService. Create it in the thread that will use it and destroy
    // it there. KMS.0503 if the session is locked or the store cannot be opened.
    class Connection
    {
    public:
        ~Connection();
        KmsService &service() { return *m_service; }
        store::Store &store();
        // Whether the session's master key changed since (rotateMasterKey): then the connection
        // must be opened again.
        bool isStale() const { return m_keyGeneration != m_sessionKeyGeneration->load(); }

    private:
        friend class StoreSession;
        Connection() = default;
        std::unique_ptr<store::SqliteStore> m_store;
        std::optional<MasterKey> m_masterKey;
        std::unique_ptr<hsm::HsmProvider> m_hsms;
        std::unique_ptr<KmsService> m_service;
        std::shared_ptr<const std::atomic<quint64>> m_sessionKeyGeneration;
        quint64 m_keyGeneration = 0;
    };
    Result<std::unique_ptr<Connection>> openConnection() const;

    // Adds a region bound to an HSM: "software" or a configured PKCS#11 HSM's name
    // (administration, not a KMS action). KMS.0505 for an HSM that is not configured.
    Result<void> addRegion(const QString &regionId, const QString &description,
        const QString &hsm = QStringLiteral("software"));

    // --- operators, roles and log-in (issue 9; auth/Roles.h, docs/formats.md) ---
    // Only while unlocked (the audit rows need the master key): KMS.0503 otherwise. Every
    // change is one transaction with its audit row; refusals are audited too.
    //
    // Whether the store has operators: then every KmsService call needs a log-in.
    Result<bool> operatorMode();
    // The first operator must be an administrator and switches operator mode on; after that
    // only a logged-in administrator creates operators. KMS.0127 for an empty name, KMS.0101
    // for a malformed name, unknown role, empty password or a name in use.
    Result<void> createOperator(
        const QString &name, const QString &role, const SecureBytes &password);
    // Administrator only: a new role, frozen (KMS.0406 at log-in) or unfrozen (the failed
    // log-in count restarts), a key (or certificate) id a crypto user may use.
    Result<void> setOperatorRole(const QString &name, const QString &role);
    Result<void> freezeOperator(const QString &name);
    Result<void> unfreezeOperator(const QString &name);
    Result<void> grantKey(const QString &name, const QString &keyId);
    // How long a log-in lasts without a call (KmsService::idleTimeoutSeconds): the console
    // locks itself after it.
    Result<qint64> idleTimeoutSeconds();
    // Changes a setting of the store: a limit (Limits::settingNames()), a quota
    // (limits.quota.ACTION = N/SECONDS), auth.idleTimeoutSeconds or api.clockSkewSeconds (a
    // positive number of seconds). Administrator only in operator mode; audited as
    // UpdateSetting "NAME=VALUE". KMS.0128 for a value the setting does not take, KMS.0101 for
    // a name that is no setting.
    Result<void> changeSetting(const QString &name, const QString &value);
    // Without password hashes, with the grants. Administrator only in operator mode.
    Result<QList<store::OperatorRecord>> listOperators();
    // Logs the operator in to this console and its connections and returns the session
    // token (kept in memory only). KMS.0401 for an unknown name or a wrong password (the
    // 5th wrong one in a row freezes the operator), KMS.0406 when frozen. Audited as LogIn.
    Result<QString> logIn(const QString &name, const SecureBytes &password);
    // Audited as LogOut; nothing to do when nobody is logged in.
    Result<void> logOut();
    std::optional<auth::SignedIn> signedIn() const { return m_signedIn->current(); }
    // Whether the operator logged in now may call actions of the class (auth/Roles.h): always
    // without operators. The console shows and loads only what this allows.
    bool allows(auth::ActionClass actionClass);
    // The same for work outside KmsService (HSM configuration, kmsctl's own commands): KMS.0401
    // when nobody is logged in, KMS.0405 for a role that may not, either audited as `action`
    // on `target`.
    Result<void> requireRole(
        auth::ActionClass actionClass, const QString &action, const QString &target);
    // Argon2id costs of new password hashes (tests make them cheap); the defaults otherwise.
    void setPasswordHashParams(const Argon2Params &params) { m_passwordParams = params; }
    static constexpr int kMaxFailedLogins = 5;

    // --- dual control (api/DualControl.h) ---
    // The actions under dual control; an administrator sets them (audited SetDualControl;
    // KMS.0405 outside operator mode, KMS.0101 for an action it cannot cover).
    Result<QStringList> dualControl();
    Result<void> setDualControl(const QStringList &actions);
    // A second officer approves `action` on `target` (a key id; the store for RotateMasterKey)
    // for the logged-in operator: once, for auth::Approvals::kLifetimeSeconds. Audited as
    // ApproveAction; see dualcontrol::approve for the refusals.
    Result<void> approve(const QString &approverName, const SecureBytes &password,
        const QString &action, const QString &target);

    // --- access keys of the local signed API (server/, docs/api.md) ---
    // Administrator only in operator mode; each change is one transaction with its audit row
    // (CreateAccessKey, EnableAccessKey, DisableAccessKey, DeleteAccessKey), refusals audited.
    //
    // A new access key acting as the operator `name`: its id and secret, returned this once;
    // the store keeps the secret only wrapped under the master key. KMS.0127 for an empty
    // name, KMS.0101 for an unknown operator.
    Result<auth::NewAccessKey> createAccessKey(const QString &name);
    // A disabled key signs nothing (KMS.0402) until enabled again. KMS.0101 for an unknown id.
    Result<void> enableAccessKey(const QString &accessKeyId);
    Result<void> disableAccessKey(const QString &accessKeyId);
    Result<void> deleteAccessKey(const QString &accessKeyId);
    // Every access key, never with its secret (wrappedSecret is empty).
    Result<QList<store::AccessKeyRecord>> listAccessKeys();

    // --- PKCS#11 HSMs (api/HsmConfigurations.h) ---
    // The OS keychain that keeps HSM PINs (the one the store unlocked with, by default). The
    // PINs kept there are read at each unlock.
    void setKeychain(SecretStore *keychain) { m_keychain = keychain; }
    Result<QList<HsmConfiguration>> hsmConfigurations();
    // Connects with the PIN and reads the token (KMS.0505 with the CK_RV when it cannot).
    Result<HsmProbe> testHsm(const HsmConfiguration &configuration, const SecureBytes &pin) const;
    // Adds or replaces (same token label) a configuration once it connects; the PIN goes to
    // the keychain or stays in this session's memory ("prompt": asked again at each unlock).
    Result<HsmProbe> saveHsmConfiguration(
        const HsmConfiguration &configuration, const SecureBytes &pin);
    // Refused while a region is bound to it.
    Result<void> removeHsmConfiguration(const QString &name);
    // The PIN of a "prompt" configuration for this unlock.
    void provideHsmPin(const QString &name, const SecureBytes &pin);
    // The configured HSMs whose PIN this session does not have.
    QStringList hsmsWithoutPin();
    struct HsmStatus
    {
        enum State { Connected, Disconnected, NoPin, NotConfigured } state = NotConfigured;
        QString lastError;
    };
    // How this session's connection to an HSM stands. With `connect`, checked first: a
    // disconnected HSM tries to reconnect, a connected one makes a call to the token.
    HsmStatus hsmStatus(const QString &name, bool connect = false);

private:
    StoreSession(QString dataDir, std::unique_ptr<store::SqliteStore> store, VaultRecord vault);
    void unlocked(MasterKey key);
    // The Unlock audit row of an unlock (target: how: keychain, passphrase, ...).
    void recordUnlock(const QString &how);
    void loadKeychainPins();
    // Runs an operator change through the service (KmsService::administer).
    Result<void> administer(const QString &action, const QString &target,
        const std::function<Result<void>(const std::optional<KmsService::Actor> &)> &change);
    // In operator mode: an administrator's read of `action` (ListOperators, ListAccessKeys),
    // audited through KmsService::administer; refusals as its.
    Result<void> administerRead(const QString &action);
    // The operator named by an administrative call: KMS.0127 when empty, KMS.0101 unknown.
    Result<store::OperatorRecord> namedOperator(const QString &name);
    // Sets an existing access key's status (KMS.0101 for an unknown id), audited as `action`.
    Result<void> setAccessKeyStatus(
        const QString &action, const QString &accessKeyId, QLatin1String status);

    QString m_dataDir;
    std::unique_ptr<store::SqliteStore> m_store;
    VaultRecord m_vault;
    QString m_operatorName;
    QDateTime m_initialisedAt;
    SystemClock m_clock;
    const Clock *m_clockInUse = &m_clock;
    std::optional<MasterKey> m_masterKey;
    std::shared_ptr<HsmPins> m_pins = std::make_shared<HsmPins>();
    SecretStore *m_keychain = nullptr;
    std::unique_ptr<hsm::HsmProvider> m_hsms;
    std::unique_ptr<KmsService> m_service;
    std::shared_ptr<auth::OperatorSession> m_signedIn = std::make_shared<auth::OperatorSession>();
    Argon2Params m_passwordParams;
    // Moves with each master-key rotation (Connection::isStale).
    std::shared_ptr<std::atomic<quint64>> m_keyGeneration
        = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace kms
