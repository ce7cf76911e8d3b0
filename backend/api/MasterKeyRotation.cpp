#include "MasterKeyRotation.h"

#include "api/DualControl.h"
#include "api/KmsService.h"
#include "api/StoreSession.h"
#include "audit/AuditSigningKey.h"
#include "auth/AccessKeys.h"
#include "core/KeySpec.h"
#include "hsm/SoftwareHsm.h"
#include "secrets/SecretStore.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace kms {

namespace {

// The vault record's metadata key (StoreSession keeps it under the same name).
const QString kVaultMeta = QStringLiteral("vault");

QByteArray keptSubkeyAad(const QString &storeUuid, const QByteArray &label)
{
    return QByteArrayLiteral("kms-kept-subkey-v1") + '\0' + storeUuid.toUtf8() + '\0' + label;
}

// The key a piece of wrapped material is bound to, as the software HSM bound it: a key
// version by its key and version ids, an import token and a certificate by their own id twice
// (ImportOperations' tokenRef, CertificateOperations' keyRef).
hsm::KeyRef keyRefOf(const store::WrappedMaterial &material)
{
    const KeySpec spec = keySpecFromName(material.keySpec).value_or(KeySpec::Rsa2048);
    if (material.owner == store::WrappedMaterial::Owner::KeyVersion)
        return { material.cmkUuid, material.id, spec };
    return { material.id, material.id, spec };
}

// The new key and vault record in the store's mode; keychain mode writes the new entry.
Result<NewVault> newVault(const VaultRecord &current, const MasterKeyRotation::Options &options)
{
    switch (current.protection) {
    case MasterKeyProtection::Keychain: {
        if (options.keychain == nullptr)
            return KmsError(QStringLiteral("KMS.0503"),
                QStringLiteral("no keychain to keep the new master key in"));
        const QString entry = QStringLiteral("master-key/%1/%2")
                                  .arg(current.storeUuid,
                                      QUuid::createUuid().toString(QUuid::WithoutBraces).left(8));
        return MasterKeyVault::createWithKeychain(*options.keychain, current.storeUuid, entry);
    }
    case MasterKeyProtection::Passphrase: {
        if (options.passphrase == nullptr || options.passphrase->empty())
            return KmsError(
                QStringLiteral("KMS.0101"), QStringLiteral("the new passphrase is empty"));
        auto params = argon2ParamsOr(options.argon2);
        if (!params)
            return params.error();
        return MasterKeyVault::createWithPassphrase(
            *options.passphrase, current.storeUuid, *params);
    }
    case MasterKeyProtection::Custodians:
        return MasterKeyVault::createWithCustodians(current.storeUuid,
            options.custodianThreshold > 0 ? options.custodianThreshold : current.threshold,
            options.custodianCount > 0 ? options.custodianCount : current.shareCount);
    }
    return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("unknown protection"));
}

} // namespace

QList<QByteArray> MasterKeyRotation::keptSubkeyLabels()
{
    return { QByteArrayLiteral("kms-audit-mac-v1"),
        QByteArrayLiteral("kms-import-fingerprint-v1") };
}

Result<void> MasterKeyRotation::loadKeptSubkeys(
    store::Store &store, const QString &storeUuid, MasterKey &key)
{
    auto json = store.meta(QString(kKeptSubkeysMeta));
    if (!json)
        return json.error();
    if (!json->has_value())
        return success();
    const QJsonObject kept = QJsonDocument::fromJson(**json).object();
    for (const QByteArray &label : keptSubkeyLabels()) {
        const QByteArray wrapped
            = QByteArray::fromBase64(kept.value(QString::fromLatin1(label)).toString().toLatin1());
        if (wrapped.isEmpty())
            continue;
        auto subkey = key.unwrap(wrapped, keptSubkeyAad(storeUuid, label));
        if (!subkey)
            return subkey.error();
        key.keepSubkey(label, std::move(*subkey));
    }
    return success();
}

Result<void> MasterKeyRotation::rewrapStore(
    store::Store &store, const MasterKey &from, const MasterKey &to, const VaultRecord &newRecord)
{
    // The software HSM's handles.
    auto materials = store.listWrappedMaterial(QStringLiteral("software"));
    if (!materials)
        return materials.error();
    for (const store::WrappedMaterial &material : std::as_const(*materials)) {
        const QByteArray aad = hsm::SoftwareHsm::materialAad(keyRefOf(material));
        auto plain = from.unwrap(material.handle, aad);
        if (!plain)
            return KmsError(plain.error().code(),
                QStringLiteral("the material of %1 does not open: %2")
                    .arg(material.id, plain.error().detail()));
        auto handle = to.wrap(*plain, aad);
        if (!handle)
            return handle.error();
        KMS_TRY(store.setWrappedMaterialHandle(material, *handle));
    }
    // The secrets of the local API's access keys.
    auto accessKeys = store.listAccessKeys();
    if (!accessKeys)
        return accessKeys.error();
    for (const store::AccessKeyRecord &accessKey : std::as_const(*accessKeys)) {
        auto secret = auth::unwrapAccessKeySecret(
            from, accessKey.wrappedSecret, accessKey.accessKeyId, newRecord.storeUuid);
        if (!secret)
            return secret.error();
        auto wrapped
            = auth::wrapAccessKeySecret(to, *secret, accessKey.accessKeyId, newRecord.storeUuid);
        if (!wrapped)
            return wrapped.error();
        store::WrappedMaterial material;
        material.owner = store::WrappedMaterial::Owner::AccessKey;
        material.id = accessKey.accessKeyId;
        KMS_TRY(store.setWrappedMaterialHandle(material, *wrapped));
    }
    // The audit signing key.
    KMS_TRY(AuditSigningKey::rewrap(store, from, to));
    // The subkeys that outlive the old key, as the old key has them (kept or derived).
    QJsonObject kept;
    for (const QByteArray &label : keptSubkeyLabels()) {
        const SecureBytes subkey = from.deriveSubkey(label);
        if (subkey.empty())
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("subkey derivation failed"));
        auto wrapped = to.wrap(subkey, keptSubkeyAad(newRecord.storeUuid, label));
        if (!wrapped)
            return wrapped.error();
        kept.insert(QString::fromLatin1(label), QString::fromLatin1(wrapped->toBase64()));
    }
    KMS_TRY(store.setMeta(
        QString(kKeptSubkeysMeta), QJsonDocument(kept).toJson(QJsonDocument::Compact)));
    return store.setMeta(
        kVaultMeta, QJsonDocument(newRecord.toJson()).toJson(QJsonDocument::Compact));
}

Result<NewVault> MasterKeyRotation::rotate(StoreSession &session, const Options &options)
{
    if (!session.isUnlocked())
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the key store is locked"));
    KmsService &service = session.service();
    const QString action = QString(dualcontrol::kRotateMasterKey);
    const QString target = session.storeUuid();
    auth::Approvals &approvals = service.operatorSession()->approvals();
    const VaultRecord oldRecord = session.vault();
    // Everything after the administrator's check, in the transaction: the approval, the new
    // key (a new keychain entry, Argon2id), the rewrapping and the audit row.
    std::optional<auth::Approval> approval;
    std::optional<NewVault> made;
    auto done = service.administer(
        action, target, true, [&](const std::optional<KmsService::Actor> &actor) -> Result<void> {
            auto controlled = dualcontrol::read(session.store());
            if (!controlled)
                return controlled.error();
            if (actor && controlled->contains(action)) {
                approval = approvals.take(action, target, actor->name, session.clock().now());
                if (!approval)
                    return dualcontrol::approvalNeeded(action, target);
            }
            auto fresh = newVault(oldRecord, options);
            if (!fresh)
                return fresh.error();
            made.emplace(std::move(*fresh));
            for (const QByteArray &label : keptSubkeyLabels())
                made->masterKey.keepSubkey(label, session.masterKey().deriveSubkey(label));
            return rewrapStore(session.store(), session.masterKey(), made->masterKey, made->record);
        });
    service.forgetCachedSettings();
    const bool keychain = oldRecord.protection == MasterKeyProtection::Keychain;
    if (!done) {
        if (approval) // not used up by a rotation that did not happen
            approvals.grant(*approval);
        if (keychain && made) // the store still names the old entry
            (void)options.keychain->deleteSecret(made->record.keychainEntry);
        return done.error();
    }
    if (keychain) // the new key is committed: the old entry must not unlock anything
        (void)options.keychain->deleteSecret(oldRecord.keychainEntry);
    return std::move(*made);
}

} // namespace kms
