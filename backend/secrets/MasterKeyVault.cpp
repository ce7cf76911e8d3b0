#include "MasterKeyVault.h"

#include "crypto/CustodianShares.h"

#include "secrets/SecretStore.h"

#include <openssl/crypto.h>

#include <QJsonDocument>

namespace kms {

namespace {

const QString kKeychainMode = QStringLiteral("keychain");
const QString kPassphraseMode = QStringLiteral("passphrase");
const QString kCustodiansMode = QStringLiteral("custodians");

QByteArray masterKeyAad(const QString &storeUuid)
{
    return QByteArrayLiteral("kms-master-key-v1") + '\0' + storeUuid.toUtf8();
}

// Proves a candidate master key is this store's without revealing anything about it.
QByteArray keyCheckValue(const MasterKey &key, const QString &storeUuid)
{
    return hmacSha256(key.deriveSubkey(QByteArrayLiteral("kms-key-check-v1")), storeUuid.toUtf8());
}

Result<MasterKey> checked(MasterKey key, const VaultRecord &record, const QString &whenWrong,
    const QString &codeWhenWrong)
{
    const QByteArray check = keyCheckValue(key, record.storeUuid);
    if (check.size() != record.keyCheck.size()
        || CRYPTO_memcmp(check.constData(), record.keyCheck.constData(),
               static_cast<std::size_t>(check.size()))
            != 0) {
        return KmsError(codeWhenWrong, whenWrong);
    }
    return key;
}

} // namespace

QString protectionName(MasterKeyProtection protection)
{
    switch (protection) {
    case MasterKeyProtection::Keychain:
        return kKeychainMode;
    case MasterKeyProtection::Passphrase:
        return kPassphraseMode;
    case MasterKeyProtection::Custodians:
        return kCustodiansMode;
    }
    return QString();
}

QJsonObject VaultRecord::toJson() const
{
    QJsonObject json {
        { QStringLiteral("protection"), protectionName(protection) },
        { QStringLiteral("storeUuid"), storeUuid },
        { QStringLiteral("keyCheck"), QString::fromLatin1(keyCheck.toBase64()) },
    };
    if (protection == MasterKeyProtection::Keychain) {
        json.insert(QStringLiteral("keychainEntry"), keychainEntry);
    } else if (protection == MasterKeyProtection::Custodians) {
        json.insert(QStringLiteral("threshold"), threshold);
        json.insert(QStringLiteral("shareCount"), shareCount);
        json.insert(QStringLiteral("splitId"), splitId);
    } else {
        json.insert(QStringLiteral("argon2id"), argon2.toJson());
        json.insert(
            QStringLiteral("wrappedMasterKey"), QString::fromLatin1(wrappedMasterKey.toBase64()));
    }
    return json;
}

std::optional<VaultRecord> VaultRecord::fromJson(const QJsonObject &json)
{
    VaultRecord record;
    const QString mode = json.value(QStringLiteral("protection")).toString();
    record.storeUuid = json.value(QStringLiteral("storeUuid")).toString();
    record.keyCheck
        = QByteArray::fromBase64(json.value(QStringLiteral("keyCheck")).toString().toLatin1());
    if (record.storeUuid.isEmpty() || record.keyCheck.isEmpty())
        return std::nullopt;
    if (mode == kKeychainMode) {
        record.protection = MasterKeyProtection::Keychain;
        record.keychainEntry = json.value(QStringLiteral("keychainEntry")).toString();
        if (record.keychainEntry.isEmpty())
            return std::nullopt;
    } else if (mode == kPassphraseMode) {
        record.protection = MasterKeyProtection::Passphrase;
        auto params = Argon2Params::fromJson(json.value(QStringLiteral("argon2id")).toObject());
        if (!params)
            return std::nullopt;
        record.argon2 = *params;
        record.wrappedMasterKey = QByteArray::fromBase64(
            json.value(QStringLiteral("wrappedMasterKey")).toString().toLatin1());
        if (record.wrappedMasterKey.isEmpty())
            return std::nullopt;
    } else if (mode == kCustodiansMode) {
        record.protection = MasterKeyProtection::Custodians;
        record.threshold = json.value(QStringLiteral("threshold")).toInt();
        record.shareCount = json.value(QStringLiteral("shareCount")).toInt();
        record.splitId = json.value(QStringLiteral("splitId")).toString();
        if (record.threshold < 2 || record.threshold > record.shareCount
            || record.shareCount > crypto::kMaxCustodians)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    return record;
}

Result<NewVault> MasterKeyVault::createWithKeychain(
    SecretStore &secrets, const QString &storeUuid, const QString &entry)
{
    auto key = MasterKey::generate();
    if (!key)
        return key.error();
    VaultRecord record;
    record.protection = MasterKeyProtection::Keychain;
    record.storeUuid = storeUuid;
    record.keychainEntry = entry.isEmpty() ? QStringLiteral("master-key/%1").arg(storeUuid) : entry;
    record.keyCheck = keyCheckValue(*key, storeUuid);
    KMS_TRY(secrets.writeSecret(record.keychainEntry, key->bytes()));
    // Read it back: a keychain that accepts a write but cannot return it is no keychain.
    auto stored = unlockWithKeychain(record, secrets);
    if (!stored) {
        (void)secrets.deleteSecret(record.keychainEntry);
        return stored.error();
    }
    return NewVault { std::move(*stored), record };
}

Result<NewVault> MasterKeyVault::createWithPassphrase(
    const SecureBytes &passphrase, const QString &storeUuid, const Argon2Params &params)
{
    if (passphrase.empty())
        return KmsError(QStringLiteral("KMS.0101"), QStringLiteral("the passphrase is empty"));
    auto key = MasterKey::generate();
    if (!key)
        return key.error();
    auto kek = deriveKeyFromPassphrase(passphrase, params);
    if (!kek)
        return kek.error();
    auto wrapped = MasterKey::wrapWith(
        *kek, key->bytes().data(), key->bytes().size(), masterKeyAad(storeUuid));
    if (!wrapped)
        return wrapped.error().withCode(QStringLiteral("KMS.0503"));
    VaultRecord record;
    record.protection = MasterKeyProtection::Passphrase;
    record.storeUuid = storeUuid;
    record.argon2 = params;
    record.wrappedMasterKey = *wrapped;
    record.keyCheck = keyCheckValue(*key, storeUuid);
    return NewVault { std::move(*key), record };
}

Result<NewVault> MasterKeyVault::createWithCustodians(
    const QString &storeUuid, int threshold, int shareCount)
{
    auto key = MasterKey::generate();
    if (!key)
        return key.error();
    VaultRecord record;
    record.protection = MasterKeyProtection::Custodians;
    record.storeUuid = storeUuid;
    record.keyCheck = keyCheckValue(*key, storeUuid);
    return resplit(*key, record, threshold, shareCount);
}

Result<NewVault> MasterKeyVault::resplit(
    const MasterKey &masterKey, const VaultRecord &record, int threshold, int shareCount)
{
    auto splitId = crypto::newSplitId();
    if (!splitId)
        return splitId.error();
    auto shares = crypto::splitIntoShares(masterKey.bytes(), record.storeUuid,
        crypto::CustodianPolicy { threshold, shareCount, *splitId });
    if (!shares)
        return shares.error();
    auto copy = MasterKey::fromBytes(masterKey.bytes().clone());
    if (!copy)
        return copy.error();
    VaultRecord updated = record;
    updated.protection = MasterKeyProtection::Custodians;
    updated.threshold = threshold;
    updated.shareCount = shareCount;
    updated.splitId = *splitId;
    updated.keychainEntry.clear();
    updated.wrappedMasterKey.clear();
    return NewVault { std::move(*copy), updated, *shares };
}

Result<MasterKey> MasterKeyVault::unlockWithShares(
    const VaultRecord &record, const QStringList &shares)
{
    if (record.protection != MasterKeyProtection::Custodians)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("this store is not protected by custodian shares"));
    auto secret = crypto::combineShares(shares, record.storeUuid,
        crypto::CustodianPolicy { record.threshold, record.shareCount, record.splitId },
        MasterKey::kKeyLength);
    if (!secret)
        return secret.error();
    auto key = MasterKey::fromBytes(std::move(*secret));
    if (!key)
        return key.error();
    return checked(std::move(*key), record,
        QStringLiteral("the shares do not give this store's master key"),
        QStringLiteral("KMS.0401"));
}

Result<MasterKey> MasterKeyVault::verify(const VaultRecord &record, MasterKey key)
{
    return checked(std::move(key), record, QStringLiteral("not this store's master key"),
        QStringLiteral("KMS.0503"));
}

Result<MasterKey> MasterKeyVault::unlockWithKeychain(
    const VaultRecord &record, SecretStore &secrets)
{
    if (record.protection != MasterKeyProtection::Keychain)
        return KmsError(
            QStringLiteral("KMS.0503"), QStringLiteral("this store is protected by a passphrase"));
    auto bytes = secrets.readSecret(record.keychainEntry);
    if (!bytes)
        return bytes.error();
    auto key = MasterKey::fromBytes(std::move(*bytes));
    if (!key)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the keychain entry does not hold a master key"));
    return checked(std::move(*key), record,
        QStringLiteral("the keychain entry does not hold this store's master key"),
        QStringLiteral("KMS.0503"));
}

Result<MasterKey> MasterKeyVault::unlockWithPassphrase(
    const VaultRecord &record, const SecureBytes &passphrase)
{
    if (record.protection != MasterKeyProtection::Passphrase)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("this store is protected by the OS keychain"));
    auto kek = deriveKeyFromPassphrase(passphrase, record.argon2);
    if (!kek)
        return kek.error();
    auto bytes
        = MasterKey::unwrapWith(*kek, record.wrappedMasterKey, masterKeyAad(record.storeUuid));
    if (!bytes)
        return KmsError(QStringLiteral("KMS.0401"), QStringLiteral("wrong passphrase"));
    auto key = MasterKey::fromBytes(std::move(*bytes));
    if (!key)
        return key.error();
    return checked(
        std::move(*key), record, QStringLiteral("wrong passphrase"), QStringLiteral("KMS.0401"));
}

} // namespace kms
