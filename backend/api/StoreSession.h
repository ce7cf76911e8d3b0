#pragma once

#include "api/HsmConfigurations.h"
#include "api/KmsService.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "hsm/HsmProvider.h"
#include "secrets/MasterKeyVault.h"
#include "store/SqliteStore.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

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
    const QString &operatorName() const { return m_operatorName; }

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

    private:
        friend class StoreSession;
        Connection() = default;
        std::unique_ptr<store::SqliteStore> m_store;
        std::optional<MasterKey> m_masterKey;
        std::unique_ptr<hsm::HsmProvider> m_hsms;
        std::unique_ptr<KmsService> m_service;
    };
    Result<std::unique_ptr<Connection>> openConnection() const;

    // Adds a region bound to an HSM: "software" or a configured PKCS#11 HSM's name
    // (administration, not a KMS action). KMS.0505 for an HSM that is not configured.
    Result<void> addRegion(const QString &regionId, const QString &description,
        const QString &hsm = QStringLiteral("software"));

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
    void loadKeychainPins();

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
};

} // namespace kms
