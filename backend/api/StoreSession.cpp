#include "StoreSession.h"

#include "auth/Credentials.h"

#include "api/DualControl.h"
#include "api/Limits.h"
#include "auth/PasswordHash.h"
#include "auth/Roles.h"
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
    if (m_signedIn->current())
        (void)logOut(); // the LogOut row of a console or kmsctl run that ends logged in
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
        auto params = argon2ParamsOr(options.argon2);
        if (!params)
            return params.error();
        auto created
            = MasterKeyVault::createWithPassphrase(*options.passphrase, storeUuid, *params);
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
    recordUnlock(QStringLiteral("keychain"));
    return success();
}

Result<void> StoreSession::unlockWithPassphrase(const SecureBytes &passphrase)
{
    auto key = MasterKeyVault::unlockWithPassphrase(m_vault, passphrase);
    if (!key)
        return key.error();
    unlocked(std::move(*key));
    recordUnlock(QStringLiteral("passphrase"));
    return success();
}

Result<void> StoreSession::unlockWithMasterKey(MasterKey key)
{
    auto checked = MasterKeyVault::verify(m_vault, std::move(key));
    if (!checked)
        return checked.error();
    unlocked(std::move(*checked));
    recordUnlock(QStringLiteral("master key"));
    return success();
}

Result<void> StoreSession::unlockWithShares(const QStringList &shares)
{
    auto key = MasterKeyVault::unlockWithShares(m_vault, shares);
    if (!key)
        return key.error();
    unlocked(std::move(*key));
    recordUnlock(QStringLiteral("custodian shares"));
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

Result<QStringList> StoreSession::rotateMasterKey(const MasterKeyRotation::Options &options)
{
    MasterKeyRotation::Options withKeychain = options;
    if (withKeychain.keychain == nullptr)
        withKeychain.keychain = m_keychain;
    auto rotated = MasterKeyRotation::rotate(*this, withKeychain);
    if (!rotated)
        return rotated.error();
    m_vault = rotated->record;
    if (m_vault.protection == MasterKeyProtection::Keychain && m_keychain == nullptr)
        m_keychain = withKeychain.keychain;
    ++*m_keyGeneration; // connections of other threads reopen with the new key
    unlocked(std::move(rotated->masterKey));
    return rotated->shares;
}

void StoreSession::recordUnlock(const QString &how)
{
    // Who opened the store and how, in the chain like every action (a failed unlock cannot be:
    // without the master key there is no MAC; the console says it, kmsctl exits 1).
    (void)m_service->recordEvent(QStringLiteral("Unlock"), how);
}

void StoreSession::unlocked(MasterKey key)
{
    // A rotated master key answers the subkeys of the keys before it (api/MasterKeyRotation.h);
    // should they not open, the audit chain stops verifying and says so.
    (void)MasterKeyRotation::loadKeptSubkeys(*m_store, m_vault.storeUuid, key);
    m_service.reset();
    m_hsms.reset();
    m_masterKey.emplace(std::move(key));
    m_hsms = std::make_unique<ConfiguredHsmProvider>(*m_masterKey, *m_store, m_pins);
    m_service = std::make_unique<KmsService>(
        *m_store, *m_hsms, *m_masterKey, *m_clockInUse, m_operatorName);
    m_service->setOperatorSession(m_signedIn);
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
    if (m_service) {
        m_service = std::make_unique<KmsService>(
            *m_store, *m_hsms, *m_masterKey, *m_clockInUse, m_operatorName);
        m_service->setOperatorSession(m_signedIn);
    }
}

void StoreSession::lock()
{
    m_signedIn->signOut(); // a locked console is logged out
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
    auto key = m_masterKey->copy();
    if (!key)
        return key.error();
    std::unique_ptr<Connection> connection(new Connection);
    connection->m_sessionKeyGeneration = m_keyGeneration;
    connection->m_keyGeneration = m_keyGeneration->load();
    connection->m_store = std::move(*opened);
    connection->m_masterKey.emplace(std::move(*key));
    connection->m_hsms = std::make_unique<ConfiguredHsmProvider>(
        *connection->m_masterKey, *connection->m_store, m_pins);
    connection->m_service = std::make_unique<KmsService>(*connection->m_store, *connection->m_hsms,
        *connection->m_masterKey, *m_clockInUse, m_operatorName);
    connection->m_service->setOperatorSession(m_signedIn);
    return connection;
}

Result<void> StoreSession::addRegion(
    const QString &regionId, const QString &description, const QString &hsm)
{
    if (regionId.isEmpty())
        return KmsError(QStringLiteral("KMS.0115"));
    auto insert = [&]() -> Result<void> {
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
        return m_store->insertRegion(
            store::RegionRecord { regionId, description, hsm, QDateTime::currentDateTimeUtc() });
    };
    // In operator mode regions are an administrator's, audited like operator changes.
    if (m_service) {
        auto mode = m_service->operatorMode();
        if (!mode)
            return mode.error();
        if (*mode)
            return administer(QStringLiteral("AddRegion"), regionId,
                [&](const std::optional<KmsService::Actor> &) { return insert(); });
    }
    store::TransactionGuard transaction(*m_store);
    KMS_TRY(transaction.begin());
    KMS_TRY(insert());
    return transaction.commit();
}

// --- operators ----------------------------------------------------------------------------

Result<qint64> StoreSession::idleTimeoutSeconds()
{
    return KmsService::idleTimeoutSeconds(*m_store);
}

Result<void> StoreSession::changeSetting(const QString &name, const QString &value)
{
    const bool quota = name.startsWith(QLatin1String("limits.quota."));
    const bool seconds = name == QLatin1String("auth.idleTimeoutSeconds")
        || name == QLatin1String("api.clockSkewSeconds");
    const bool limit = Limits::settingNames().contains(name);
    return administer(QStringLiteral("UpdateSetting"),
        QStringLiteral("%1=%2").arg(name, value.left(64)),
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            if (!quota && !seconds && !limit)
                return KmsError(
                    QStringLiteral("KMS.0101"), QStringLiteral("no setting is named %1").arg(name));
            // Checked by the parsers that read the setting later.
            if (quota && !Limits::parseQuota(value))
                return KmsError(QStringLiteral("KMS.0128"), QStringLiteral("a quota is N/SECONDS"));
            KMS_TRY(m_store->setSetting(name, value));
            if (seconds && !Limits::positiveSetting(*m_store, name, 0))
                return KmsError(QStringLiteral("KMS.0128"),
                    QStringLiteral("%1 is a positive number of seconds").arg(name));
            // The limits as a whole must still read (a limit's own range).
            if (auto loaded = Limits::load(*m_store); !loaded)
                return KmsError(QStringLiteral("KMS.0128"), loaded.error().detail());
            return success();
        });
}

Result<bool> StoreSession::operatorMode()
{
    if (!m_service)
        return storeError(QStringLiteral("the key store is locked"));
    return m_service->operatorMode();
}

Result<void> StoreSession::administer(const QString &action, const QString &target,
    const std::function<Result<void>(const std::optional<KmsService::Actor> &)> &change)
{
    if (!m_service)
        return storeError(QStringLiteral("the key store is locked"));
    auto done = m_service->administer(action, target, true, change);
    m_service->forgetCachedSettings(); // operator mode may have changed on this connection
    return done;
}

Result<void> StoreSession::administerRead(const QString &action)
{
    if (!m_service)
        return storeError(QStringLiteral("the key store is locked"));
    auto mode = m_service->operatorMode();
    if (!mode)
        return mode.error();
    if (!*mode)
        return success();
    // Reading operators or access keys is administration: refusals are audited like the others.
    return m_service->administer(action, QString(), true,
        [](const std::optional<KmsService::Actor> &) { return success(); });
}

bool StoreSession::allows(auth::ActionClass actionClass)
{
    const Result<bool> mode = operatorMode();
    if (!mode || !*mode)
        return true; // without operators anyone may; a locked store refuses by itself
    const auto current = m_signedIn->current();
    return current && auth::roleAllows(current->role, actionClass);
}

Result<void> StoreSession::requireRole(
    auth::ActionClass actionClass, const QString &action, const QString &target)
{
    if (allows(actionClass))
        return success();
    const auto current = m_signedIn->current();
    const KmsError refused = current
        ? KmsError(QStringLiteral("KMS.0405"),
            QStringLiteral("role %1 may not call %2").arg(auth::roleName(current->role), action))
        : KmsError(QStringLiteral("KMS.0401"), QStringLiteral("no operator is logged in"));
    (void)m_service->recordEvent(action, target, refused.code());
    return refused;
}

Result<store::OperatorRecord> StoreSession::namedOperator(const QString &name)
{
    if (name.isEmpty())
        return KmsError(QStringLiteral("KMS.0127"));
    auto record = m_store->findOperator(name);
    if (!record)
        return record.error();
    if (!record->has_value())
        return KmsError(
            QStringLiteral("KMS.0101"), QStringLiteral("no operator is named %1").arg(name));
    return **record;
}

Result<void> StoreSession::createOperator(
    const QString &name, const QString &role, const SecureBytes &password)
{
    // Hashing takes a while: before the transaction, and only for a request that can pass.
    std::optional<QString> hash;
    if (!name.isEmpty() && auth::isValidOperatorName(name) && auth::parseRole(role)
        && !password.empty()) {
        auto hashed = auth::hashPassword(password, m_passwordParams);
        if (!hashed)
            return hashed.error();
        hash = *hashed;
    }
    const QString target = auth::isValidOperatorName(name) ? name : QString();
    return administer(QStringLiteral("CreateOperator"), target,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            if (name.isEmpty())
                return KmsError(QStringLiteral("KMS.0127"));
            if (!auth::isValidOperatorName(name))
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("an operator name is 1 to 64 of A-Z a-z 0-9 . _ -"));
            const auto parsed = auth::parseRole(role);
            if (!parsed)
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("the role must be one of %1")
                        .arg(auth::roleNames().join(QStringLiteral(", "))));
            if (!hash)
                return KmsError(
                    QStringLiteral("KMS.0101"), QStringLiteral("the password is empty"));
            auto count = m_store->countOperators();
            if (!count)
                return count.error();
            if (*count == 0 && *parsed != auth::Role::Administrator)
                return KmsError(QStringLiteral("KMS.0405"),
                    QStringLiteral("the first operator must be an administrator"));
            auto existing = m_store->findOperator(name);
            if (!existing)
                return existing.error();
            if (existing->has_value())
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("an operator named %1 exists already").arg(name));
            const QDateTime now = clock().now();
            return m_store->insertOperator(
                store::OperatorRecord { name, role, *hash, 0, false, now, now });
        });
}

Result<void> StoreSession::setOperatorRole(const QString &name, const QString &role)
{
    return administer(QStringLiteral("UpdateOperator"),
        auth::isValidOperatorName(name) ? QStringLiteral("%1 -> %2").arg(name, role) : QString(),
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = namedOperator(name);
            if (!record)
                return record.error();
            if (!auth::parseRole(role))
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("the role must be one of %1")
                        .arg(auth::roleNames().join(QStringLiteral(", "))));
            record->role = role;
            record->updated = clock().now();
            return m_store->updateOperator(*record);
        });
}

Result<void> StoreSession::freezeOperator(const QString &name)
{
    return administer(QStringLiteral("FreezeOperator"),
        auth::isValidOperatorName(name) ? name : QString(),
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = namedOperator(name);
            if (!record)
                return record.error();
            record->frozen = true;
            record->updated = clock().now();
            return m_store->updateOperator(*record);
        });
}

Result<void> StoreSession::unfreezeOperator(const QString &name)
{
    return administer(QStringLiteral("UnfreezeOperator"),
        auth::isValidOperatorName(name) ? name : QString(),
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = namedOperator(name);
            if (!record)
                return record.error();
            record->frozen = false;
            record->failedLogins = 0;
            record->updated = clock().now();
            return m_store->updateOperator(*record);
        });
}

Result<void> StoreSession::grantKey(const QString &name, const QString &keyId)
{
    return administer(QStringLiteral("GrantKey"),
        auth::isValidOperatorName(name) ? QStringLiteral("%1 -> %2").arg(name, keyId) : keyId,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = namedOperator(name);
            if (!record)
                return record.error();
            if (keyId.isEmpty())
                return KmsError(QStringLiteral("KMS.0102"));
            auto key = m_store->findKey(keyId);
            if (!key)
                return key.error();
            auto certificate = m_store->findCertificate(keyId);
            if (!certificate)
                return certificate.error();
            if (!key->has_value() && !certificate->has_value())
                return KmsError(QStringLiteral("KMS.0301"),
                    QStringLiteral("%1 is no key or certificate id of this store").arg(keyId));
            return m_store->insertOperatorGrant(name, keyId, clock().now());
        });
}

Result<QList<store::OperatorRecord>> StoreSession::listOperators()
{
    KMS_TRY(administerRead(QStringLiteral("ListOperators")));
    auto operators = m_store->listOperators();
    if (!operators)
        return operators.error();
    for (store::OperatorRecord &record : *operators) {
        record.passwordHash.clear();
        auto grants = m_store->operatorGrants(record.name);
        if (!grants)
            return grants.error();
        record.grants = *grants;
    }
    return operators;
}

// --- access keys --------------------------------------------------------------------------

Result<auth::NewAccessKey> StoreSession::createAccessKey(const QString &name)
{
    auto key = auth::generateAccessKey();
    if (!key)
        return key.error();
    const QString target = auth::isValidOperatorName(name)
        ? QStringLiteral("%1 -> %2").arg(name, key->accessKeyId)
        : QString();
    auto done = administer(QStringLiteral("CreateAccessKey"), target,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = namedOperator(name);
            if (!record)
                return record.error();
            auto wrapped = auth::wrapAccessKeySecret(
                *m_masterKey, key->secret, key->accessKeyId, m_vault.storeUuid);
            if (!wrapped)
                return wrapped.error();
            return m_store->insertAccessKey(store::AccessKeyRecord { key->accessKeyId, name,
                *wrapped, QString(auth::kAccessKeyActive), clock().now(), QDateTime() });
        });
    if (!done)
        return done.error();
    return key;
}

Result<void> StoreSession::setAccessKeyStatus(
    const QString &action, const QString &accessKeyId, QLatin1String status)
{
    return administer(action, auth::isValidAccessKeyId(accessKeyId) ? accessKeyId : QString(),
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto record = m_store->findAccessKey(accessKeyId);
            if (!record)
                return record.error();
            if (!record->has_value())
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("no access key has the id %1").arg(accessKeyId));
            if (status.isEmpty())
                return m_store->deleteAccessKey(accessKeyId);
            (*record)->status = status;
            return m_store->updateAccessKey(**record);
        });
}

Result<void> StoreSession::enableAccessKey(const QString &accessKeyId)
{
    return setAccessKeyStatus(
        QStringLiteral("EnableAccessKey"), accessKeyId, auth::kAccessKeyActive);
}

Result<void> StoreSession::disableAccessKey(const QString &accessKeyId)
{
    return setAccessKeyStatus(
        QStringLiteral("DisableAccessKey"), accessKeyId, auth::kAccessKeyDisabled);
}

Result<void> StoreSession::deleteAccessKey(const QString &accessKeyId)
{
    // No status: the row goes.
    return setAccessKeyStatus(QStringLiteral("DeleteAccessKey"), accessKeyId, QLatin1String());
}

Result<QList<store::AccessKeyRecord>> StoreSession::listAccessKeys()
{
    KMS_TRY(administerRead(QStringLiteral("ListAccessKeys")));
    auto keys = m_store->listAccessKeys();
    if (!keys)
        return keys.error();
    for (store::AccessKeyRecord &record : *keys)
        record.wrappedSecret.clear();
    return keys;
}

Result<QString> StoreSession::logIn(const QString &name, const SecureBytes &password)
{
    if (!m_service)
        return storeError(QStringLiteral("the key store is locked"));
    // A name that is no operator name (a password typed in the wrong field) is not recorded.
    auto checked = auth::checkCredentials(*m_store, name, password, m_passwordParams);
    if (!checked)
        return checked.error();
    const bool validName = checked->validName;
    std::optional<auth::Role> role;
    bool frozenNow = false;
    auto done = m_service->administer(
        QStringLiteral("LogIn"), validName ? name : QString(), false,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            if (name.isEmpty())
                return KmsError(QStringLiteral("KMS.0127"));
            auto record = validName ? m_store->findOperator(name)
                                    : Result<std::optional<store::OperatorRecord>>(std::nullopt);
            if (!record)
                return record.error();
            if (!record->has_value())
                return KmsError(QStringLiteral("KMS.0401"),
                    QStringLiteral("unknown operator or wrong password"));
            store::OperatorRecord &op = **record;
            KMS_TRY(auth::countPasswordCheck(*m_store, op, checked->passwordMatches, clock().now(),
                kMaxFailedLogins, &frozenNow));
            role = auth::parseRole(op.role);
            if (!role)
                return storeError(QStringLiteral("operator %1 has an unknown role").arg(name));
            return success();
        },
        true, checked->auditOperator);
    if (frozenNow) {
        // The lock-out in a row of its own, so that a filter on FreezeOperator finds it beside
        // the administrators' freezes (KMS.0406: frozen by failed log-ins).
        (void)m_service->recordEvent(QStringLiteral("FreezeOperator"), name,
            QStringLiteral("KMS.0406"), checked->auditOperator);
    }
    if (!done)
        return done.error();
    const QString token = m_signedIn->signIn(name, *role, clock().now());
    if (token.isEmpty())
        return storeError(QStringLiteral("no random token for the session"));
    return token;
}

Result<void> StoreSession::logOut()
{
    const auto current = m_signedIn->current();
    if (!current)
        return success();
    if (!m_service) {
        m_signedIn->signOut();
        return success();
    }
    auto recorded = m_service->recordEvent(QStringLiteral("LogOut"), current->name);
    m_signedIn->signOut();
    if (!recorded)
        return recorded.error();
    return success();
}

Result<QStringList> StoreSession::dualControl()
{
    return dualcontrol::read(*m_store);
}

Result<void> StoreSession::setDualControl(const QStringList &actions)
{
    return dualcontrol::set(*this, actions);
}

Result<void> StoreSession::approve(const QString &approverName, const SecureBytes &password,
    const QString &action, const QString &target)
{
    return dualcontrol::approve(*this, m_passwordParams, approverName, password, action, target);
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
    KMS_TRY(requireRole(
        auth::ActionClass::Administration, QStringLiteral("SaveHsm"), configuration.name()));
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
    // The configuration and its audit row in one transaction.
    KMS_TRY(administer(QStringLiteral("SaveHsm"), name,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto configurations = hsmconfig::read(*m_store);
            if (!configurations)
                return configurations.error();
            configurations->removeIf(
                [&name](const HsmConfiguration &other) { return other.name() == name; });
            configurations->append(configuration);
            return hsmconfig::write(*m_store, *configurations);
        }));
    if (!configuration.pinInKeychain && m_keychain != nullptr)
        // A PIN kept before in the keychain is not left there.
        (void)m_keychain->deleteSecret(hsmconfig::pinEntry(m_vault.storeUuid, name));
    m_pins->set(name, pin);
    return probed;
}

Result<void> StoreSession::removeHsmConfiguration(const QString &name)
{
    KMS_TRY(administer(QStringLiteral("RemoveHsm"), name,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
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
            return hsmconfig::write(*m_store, *configurations);
        }));
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
