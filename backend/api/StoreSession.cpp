#include "StoreSession.h"

#include "hsm/Pkcs11Hsm.h"
#include "secrets/SecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUuid>

namespace kms {

namespace {

const QString kVaultKey = QStringLiteral("vault");

QString osUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME", QStringLiteral("unknown"));
    return QStringLiteral("local:%1").arg(user);
}

KmsError storeError(const QString &detail)
{
    return KmsError(QStringLiteral("KMS.0503"), detail);
}

} // namespace

QString StoreSession::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString StoreSession::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(kDatabaseFile);
}

bool StoreSession::isInitialised(const QString &dataDir)
{
    return QFileInfo::exists(databasePath(dataDir));
}

StoreSession::StoreSession(
    QString dataDir, std::unique_ptr<store::SqliteStore> store, VaultRecord vault)
    : m_dataDir(std::move(dataDir))
    , m_store(std::move(store))
    , m_vault(std::move(vault))
    , m_operatorName(osUser())
{
}

StoreSession::~StoreSession()
{
    lock();
}

Result<std::unique_ptr<StoreSession>> StoreSession::initialise(
    const QString &dataDir, const InitOptions &options)
{
    if (isInitialised(dataDir))
        return storeError(QStringLiteral("%1 already holds a key store").arg(dataDir));
    if (options.regionId.isEmpty())
        return KmsError(QStringLiteral("KMS.0115"));
    if (!QDir().mkpath(dataDir))
        return storeError(QStringLiteral("cannot create the data folder %1").arg(dataDir));
    QFile::setPermissions(
        dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    const QString path = databasePath(dataDir);
    // Whatever fails below, no half-made store is left in the folder.
    auto removeFiles = [&path] {
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                 QStringLiteral("-journal") })
            QFile::remove(path + suffix);
    };
    const QString storeUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::optional<NewVault> vault;
    if (options.protection == MasterKeyProtection::Keychain) {
        if (options.keychain == nullptr)
            return storeError(QStringLiteral("no keychain to keep the master key in"));
        auto created = MasterKeyVault::createWithKeychain(*options.keychain, storeUuid);
        if (!created)
            return created.error();
        vault.emplace(std::move(*created));
    } else if (options.protection == MasterKeyProtection::Custodians) {
        auto created = MasterKeyVault::createWithCustodians(
            storeUuid, options.custodianThreshold, options.custodianCount);
        if (!created)
            return created.error();
        vault.emplace(std::move(*created));
    } else {
        if (options.passphrase == nullptr || options.passphrase->empty())
            return KmsError(QStringLiteral("KMS.0101"), QStringLiteral("the passphrase is empty"));
        Argon2Params params;
        if (options.argon2) {
            params = *options.argon2;
        } else {
            auto fresh = newArgon2Params();
            if (!fresh)
                return fresh.error();
            params = *fresh;
        }
        auto created = MasterKeyVault::createWithPassphrase(*options.passphrase, storeUuid, params);
        if (!created)
            return created.error();
        vault.emplace(std::move(*created));
    }
    auto forgetKeychainEntry = [&] {
        if (options.protection == MasterKeyProtection::Keychain)
            (void)options.keychain->deleteSecret(vault->record.keychainEntry);
    };

    auto opened = store::SqliteStore::open(path);
    if (!opened) {
        forgetKeychainEntry();
        removeFiles();
        return opened.error();
    }
    std::unique_ptr<store::SqliteStore> store = std::move(*opened);
    auto fill = [&]() -> Result<void> {
        store::TransactionGuard transaction(*store);
        KMS_TRY(transaction.begin());
        KMS_TRY(store->setMeta(
            kVaultKey, QJsonDocument(vault->record.toJson()).toJson(QJsonDocument::Compact)));
        KMS_TRY(store->insertRegion(
            store::RegionRecord { options.regionId, QStringLiteral("Default region"),
                QStringLiteral("software"), QDateTime::currentDateTimeUtc() }));
        return transaction.commit();
    };
    if (auto filled = fill(); !filled) {
        store.reset();
        forgetKeychainEntry();
        removeFiles();
        return filled.error();
    }
    std::unique_ptr<StoreSession> session(
        new StoreSession(dataDir, std::move(store), vault->record));
    if (!options.operatorName.isEmpty())
        session->setOperatorName(options.operatorName);
    session->m_keychain = options.keychain;
    session->unlocked(std::move(vault->masterKey));
    session->m_initialisedAt = session->clock().now();
    if (options.shares != nullptr)
        *options.shares = vault->shares; // the only copy: shown to the custodians once
    return session;
}

Result<std::unique_ptr<StoreSession>> StoreSession::open(const QString &dataDir)
{
    if (!isInitialised(dataDir))
        return storeError(QStringLiteral("%1 holds no key store; initialise it first (kmsctl init)")
                              .arg(dataDir));
    auto opened = store::SqliteStore::open(databasePath(dataDir));
    if (!opened)
        return opened.error();
    auto json = (*opened)->meta(kVaultKey);
    if (!json)
        return json.error();
    if (!json->has_value())
        return storeError(QStringLiteral("the store has no master-key record"));
    auto record = VaultRecord::fromJson(QJsonDocument::fromJson(**json).object());
    if (!record)
        return storeError(QStringLiteral("the store's master-key record is damaged"));
    return std::unique_ptr<StoreSession>(
        new StoreSession(dataDir, std::move(*opened), std::move(*record)));
}

Result<void> StoreSession::unlockWithKeychain(SecretStore &keychain)
{
    auto key = MasterKeyVault::unlockWithKeychain(m_vault, keychain);
    if (!key)
        return key.error();
    if (m_keychain == nullptr)
        m_keychain = &keychain;
    unlocked(std::move(*key));
    return success();
}

Result<void> StoreSession::unlockWithPassphrase(const SecureBytes &passphrase)
{
    auto key = MasterKeyVault::unlockWithPassphrase(m_vault, passphrase);
    if (!key)
        return key.error();
    unlocked(std::move(*key));
    return success();
}

Result<void> StoreSession::unlockWithMasterKey(MasterKey key)
{
    auto checked = MasterKeyVault::verify(m_vault, std::move(key));
    if (!checked)
        return checked.error();
    unlocked(std::move(*checked));
    return success();
}

Result<void> StoreSession::unlockWithShares(const QStringList &shares)
{
    auto key = MasterKeyVault::unlockWithShares(m_vault, shares);
    if (!key)
        return key.error();
    unlocked(std::move(*key));
    return success();
}

Result<QStringList> StoreSession::rekeyCustodians(
    const QStringList &currentShares, int threshold, int shareCount)
{
    // M current shares prove the custodians are present, whether or not the session is open.
    auto key = MasterKeyVault::unlockWithShares(m_vault, currentShares);
    if (!key)
        return key.error();
    auto split = MasterKeyVault::resplit(*key, m_vault, threshold, shareCount);
    if (!split)
        return split.error();
    store::TransactionGuard transaction(*m_store);
    KMS_TRY(transaction.begin());
    KMS_TRY(m_store->setMeta(
        kVaultKey, QJsonDocument(split->record.toJson()).toJson(QJsonDocument::Compact)));
    KMS_TRY(transaction.commit());
    m_vault = split->record;
    return split->shares;
}

void StoreSession::unlocked(MasterKey key)
{
    m_service.reset();
    m_hsms.reset();
    m_masterKey.emplace(std::move(key));
    m_hsms = std::make_unique<ConfiguredHsmProvider>(*m_masterKey, *m_store, m_pins);
    m_service = std::make_unique<KmsService>(
        *m_store, *m_hsms, *m_masterKey, *m_clockInUse, m_operatorName);
    loadKeychainPins();
}

void StoreSession::loadKeychainPins()
{
    if (m_keychain == nullptr)
        return;
    auto configurations = hsmconfig::read(*m_store);
    if (!configurations)
        return; // the HSMs show as unavailable, with the store's error when used
    for (const HsmConfiguration &configuration : std::as_const(*configurations)) {
        if (!configuration.pinInKeychain || m_pins->get(configuration.name()))
            continue;
        if (auto pin
            = m_keychain->readSecret(hsmconfig::pinEntry(m_vault.storeUuid, configuration.name()));
            pin)
            m_pins->set(configuration.name(), *pin);
    }
}

void StoreSession::setClock(const Clock &clock)
{
    m_clockInUse = &clock;
    if (m_service)
        m_service = std::make_unique<KmsService>(
            *m_store, *m_hsms, *m_masterKey, *m_clockInUse, m_operatorName);
}

void StoreSession::lock()
{
    m_service.reset();
    m_hsms.reset();
    m_pins->clear();
    m_masterKey.reset(); // SecureBytes wipes the key
}

StoreSession::Connection::~Connection()
{
    m_service.reset();
    m_hsms.reset();
    m_masterKey.reset();
}

store::Store &StoreSession::Connection::store()
{
    return *m_store;
}

Result<std::unique_ptr<StoreSession::Connection>> StoreSession::openConnection() const
{
    if (!isUnlocked())
        return storeError(QStringLiteral("the key store is locked"));
    auto opened = store::SqliteStore::open(databasePath(m_dataDir));
    if (!opened)
        return opened.error();
    auto key = MasterKey::fromBytes(m_masterKey->bytes().clone());
    if (!key)
        return key.error();
    std::unique_ptr<Connection> connection(new Connection);
    connection->m_store = std::move(*opened);
    connection->m_masterKey.emplace(std::move(*key));
    connection->m_hsms = std::make_unique<ConfiguredHsmProvider>(
        *connection->m_masterKey, *connection->m_store, m_pins);
    connection->m_service = std::make_unique<KmsService>(*connection->m_store, *connection->m_hsms,
        *connection->m_masterKey, *m_clockInUse, m_operatorName);
    return connection;
}

Result<void> StoreSession::addRegion(
    const QString &regionId, const QString &description, const QString &hsm)
{
    if (regionId.isEmpty())
        return KmsError(QStringLiteral("KMS.0115"));
    store::TransactionGuard transaction(*m_store);
    KMS_TRY(transaction.begin());
    auto existing = m_store->findRegion(regionId);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return storeError(QStringLiteral("region %1 exists already").arg(regionId));
    if (hsm != QLatin1String("software")) {
        auto configuration = hsmconfig::find(*m_store, hsm);
        if (!configuration)
            return configuration.error();
        if (!configuration->has_value())
            return KmsError(QStringLiteral("KMS.0505"),
                QStringLiteral("no HSM is configured under the name %1").arg(hsm));
    }
    KMS_TRY(m_store->insertRegion(
        store::RegionRecord { regionId, description, hsm, QDateTime::currentDateTimeUtc() }));
    return transaction.commit();
}

Result<QList<HsmConfiguration>> StoreSession::hsmConfigurations()
{
    return hsmconfig::read(*m_store);
}

Result<HsmProbe> StoreSession::testHsm(
    const HsmConfiguration &configuration, const SecureBytes &pin) const
{
    if (!isUnlocked())
        return storeError(QStringLiteral("the key store is locked"));
    return hsmconfig::probe(configuration, pin, *m_masterKey);
}

Result<HsmProbe> StoreSession::saveHsmConfiguration(
    const HsmConfiguration &configuration, const SecureBytes &pin)
{
    // Only a configuration that connects is kept: the module loads, the token is there and
    // the PIN logs in.
    auto probed = testHsm(configuration, pin);
    if (!probed)
        return probed.error();
    const QString name = configuration.name();
    if (configuration.pinInKeychain) {
        if (m_keychain == nullptr)
            return storeError(QStringLiteral("no keychain is available for the HSM's PIN"));
        KMS_TRY(m_keychain->writeSecret(hsmconfig::pinEntry(m_vault.storeUuid, name), pin));
    }
    store::TransactionGuard transaction(*m_store);
    KMS_TRY(transaction.begin());
    auto configurations = hsmconfig::read(*m_store);
    if (!configurations)
        return configurations.error();
    configurations->removeIf(
        [&name](const HsmConfiguration &other) { return other.name() == name; });
    configurations->append(configuration);
    KMS_TRY(hsmconfig::write(*m_store, *configurations));
    KMS_TRY(transaction.commit());
    if (!configuration.pinInKeychain && m_keychain != nullptr)
        // A PIN kept before in the keychain is not left there.
        (void)m_keychain->deleteSecret(hsmconfig::pinEntry(m_vault.storeUuid, name));
    m_pins->set(name, pin);
    return probed;
}

Result<void> StoreSession::removeHsmConfiguration(const QString &name)
{
    store::TransactionGuard transaction(*m_store);
    KMS_TRY(transaction.begin());
    auto regions = m_store->listRegions();
    if (!regions)
        return regions.error();
    for (const store::RegionRecord &region : std::as_const(*regions)) {
        if (region.hsm == name)
            return storeError(
                QStringLiteral("region %1 is bound to %2").arg(region.regionId, name));
    }
    auto configurations = hsmconfig::read(*m_store);
    if (!configurations)
        return configurations.error();
    configurations->removeIf(
        [&name](const HsmConfiguration &other) { return other.name() == name; });
    KMS_TRY(hsmconfig::write(*m_store, *configurations));
    KMS_TRY(transaction.commit());
    if (m_keychain != nullptr)
        (void)m_keychain->deleteSecret(hsmconfig::pinEntry(m_vault.storeUuid, name));
    m_pins->remove(name);
    return success();
}

void StoreSession::provideHsmPin(const QString &name, const SecureBytes &pin)
{
    m_pins->set(name, pin);
}

QStringList StoreSession::hsmsWithoutPin()
{
    QStringList names;
    if (auto configurations = hsmconfig::read(*m_store); configurations) {
        for (const HsmConfiguration &configuration : std::as_const(*configurations)) {
            if (!m_pins->get(configuration.name()))
                names.append(configuration.name());
        }
    }
    return names;
}

StoreSession::HsmStatus StoreSession::hsmStatus(const QString &name, bool connect)
{
    HsmStatus status;
    if (name == QLatin1String("software")) {
        status.state = HsmStatus::Connected;
        return status;
    }
    if (!m_pins->get(name)) {
        status.state = HsmStatus::NoPin;
        return status;
    }
    hsm::Hsm *hsm = m_hsms ? m_hsms->hsmFor(name) : nullptr;
    auto *token = dynamic_cast<hsm::Pkcs11Hsm *>(hsm);
    if (token == nullptr) {
        status.state = HsmStatus::NotConfigured;
        return status;
    }
    if (connect) {
        if (token->connectionState() != hsm::Pkcs11Hsm::ConnectionState::Connected)
            (void)token->connect();
        else
            // The state changes only when a call fails: one random byte, the cheapest call
            // with a session, tells whether the token is still there.
            (void)token->randomBytes(1);
    }
    status.state = token->connectionState() == hsm::Pkcs11Hsm::ConnectionState::Connected
        ? HsmStatus::Connected
        : HsmStatus::Disconnected;
    status.lastError = token->lastError();
    return status;
}

} // namespace kms
