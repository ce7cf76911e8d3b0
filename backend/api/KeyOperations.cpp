#include "KeyOperations.h"

#include "core/KeyModel.h"
#include "core/KeySpec.h"
#include "hsm/HsmProvider.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace kms::ops {

using namespace keymodel;
using store::KeyRecord;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// keySpec: known specs pass; a well-formed name of a known family with another size names
// the size that family supports (KMS.0220-0222); other well-formed names are unsupported
// (KMS.0227); anything not shaped like FAMILY_SIZE is a format error (KMS.0215).
Result<KeySpec> parseKeySpec(const QString &text)
{
    if (auto spec = keySpecFromName(text))
        return *spec;
    static const QRegularExpression format(QStringLiteral("^[A-Z][A-Z0-9]*_[A-Z0-9]+$"));
    if (!format.match(text).hasMatch())
        return KmsError(QStringLiteral("KMS.0215"),
            QStringLiteral("keySpec must look like AES_256, RSA_2048 or EC_P256"));
    const QString family = text.section(QLatin1Char('_'), 0, 0);
    if (family == QLatin1String("AES"))
        return KmsError(QStringLiteral("KMS.0220"));
    if (family == QLatin1String("SM4"))
        return KmsError(QStringLiteral("KMS.0221"));
    if (family == QLatin1String("RSA"))
        return KmsError(QStringLiteral("KMS.0222"));
    return KmsError(QStringLiteral("KMS.0227"),
        QStringLiteral("supported: AES_256, SM4_128, RSA_2048, EC_P256, EC_SM2"));
}

bool usageAllowed(KeySpec spec, QLatin1String usage)
{
    if (usage == kEncryptDecrypt)
        return spec != KeySpec::EcP256;
    return !isSymmetric(spec); // SIGN/VERIFY
}

Result<QJsonObject> setState(OperationContext &ctx, const KeyRecord &key, QLatin1String state,
    const QDateTime &deleteDate = {})
{
    if (auto updated = ctx.store.updateKeyState(key.cmkUuid, state, deleteDate); !updated)
        return updated.error();
    return metadataAnswer(ctx, key.cmkUuid);
}

struct NewKey
{
    QString regionId;
    KeySpec spec = KeySpec::Aes256;
    QLatin1String usage = kEncryptDecrypt;
    QLatin1String protection = kSoftware;
    QLatin1String origin = kOriginKms;
    QString description;
    QString defaultProduct;
    bool automaticRotation = false;
    int rotationIntervalDays = 0;
};

// Makes the key row and (for origin KMS) its first version with material from the HSM.
// Errors of the HSM pass through (KMS.0505 generation, KMS.0503 wrapping, KMS.0511 random
// generator); an HSM that cannot make the spec is KMS.0505; storage failures are `storeCode`.
Result<QString> makeKey(OperationContext &ctx, const store::RegionRecord &region,
    const NewKey &spec, const QString &storeCode)
{
    const QDateTime now = ctx.clock.now();
    KeyRecord key;
    key.cmkUuid = newId();
    key.regionId = region.regionId;
    key.keySpec = keySpecName(spec.spec);
    key.keyUsage = spec.usage;
    key.protectionLevel = spec.protection;
    key.origin = spec.origin;
    key.description = spec.description;
    key.creationDate = now;
    key.defaultProduct = spec.defaultProduct;
    key.automaticRotation = spec.automaticRotation;
    key.rotationIntervalDays = spec.rotationIntervalDays;
    if (spec.automaticRotation)
        key.nextRotationDate = now.addDays(spec.rotationIntervalDays);
    ctx.target = key.cmkUuid;

    store::KeyVersionRecord version;
    std::optional<GeneratedMaterial> material;
    if (spec.origin == kOriginKms) {
        const QString hsmName
            = spec.protection == kSoftware ? QStringLiteral("software") : region.hsm;
        auto creating = creatingHsm(ctx, hsmName, spec.spec);
        if (!creating)
            return creating.error();
        hsm::Hsm *hsm = *creating;
        version.versionId = newId();
        version.cmkUuid = key.cmkUuid;
        version.creationDate = now;
        version.hsm = hsm->name();
        version.createdBy = ctx.operatorName;
        auto generated = GeneratedMaterial::generate(
            *hsm, hsm::KeyRef { key.cmkUuid, version.versionId, spec.spec });
        if (!generated)
            return generated.error();
        material.emplace(std::move(*generated));
        version.handle = material->handle();
        version.publicKeyPem = material->publicKeyPem();
        key.keyState = kEnabled;
        key.primaryKeyVersion = version.versionId;
    } else {
        key.keyState = kPendingImport;
    }

    // The key row first (the version refers to it), then the version; the primary version
    // is set on the key row as it is inserted.
    if (auto inserted = ctx.store.insertKey(key); !inserted)
        return storeFailure(inserted.error(), storeCode);
    if (!version.versionId.isEmpty()) {
        if (auto inserted = ctx.store.insertKeyVersion(version); !inserted)
            return storeFailure(inserted.error(), storeCode);
    }
    if (key.automaticRotation) {
        if (auto scheduled
            = ctx.store.scheduleJob(store::kJobRotate, key.cmkUuid, key.nextRotationDate, now);
            !scheduled)
            return storeFailure(scheduled.error(), QStringLiteral("KMS.0507"));
    }
    if (material)
        material->keep();
    return key.cmkUuid;
}

} // namespace

// "30d" -> 30, within the configured range; KMS.0224 otherwise.
Result<int> parseRotationInterval(const QString &text, const Limits &limits)
{
    static const QRegularExpression format(QStringLiteral("^([0-9]{1,4})d$"));
    const auto match = format.match(text);
    const int days = match.hasMatch() ? match.captured(1).toInt() : 0;
    if (days < limits.minRotationIntervalDays || days > limits.maxRotationIntervalDays)
        return KmsError(QStringLiteral("KMS.0224"),
            QStringLiteral("rotationInterval must be %1d to %2d")
                .arg(limits.minRotationIntervalDays)
                .arg(limits.maxRotationIntervalDays));
    return days;
}

bool isKeyId(const QString &text)
{
    // 8-4-4-4-12 hex digits, checked by hand: every request resolves a key id, and a regular
    // expression match cost more than the rest of it. Like the pattern
    // ^[0-9a-fA-F]{8}-...-[0-9a-fA-F]{12}$ this used to be, one final newline is allowed
    // ('$' matches before it).
    constexpr qsizetype kLength = 36;
    if (text.size() != kLength
        && !(text.size() == kLength + 1 && text.at(kLength) == QLatin1Char('\n')))
        return false;
    for (qsizetype i = 0; i < kLength; ++i) {
        const char16_t c = text.at(i).unicode();
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')
                       || (c >= u'A' && c <= u'F'))) {
            return false;
        }
    }
    return true;
}

bool isDefaultKey(const KeyRecord &key)
{
    return !key.defaultProduct.isEmpty();
}

KmsError storeFailure(const KmsError &error, const QString &code)
{
    // Errors that are not storage failures (a rule the operation checks) keep their code.
    if (error.code() != QLatin1String("KMS.0503"))
        return error;
    return error.withCode(code);
}

Result<QString> optionalRegion(OperationContext &ctx, const Params &params)
{
    auto regionId = params.optionalString(QStringLiteral("regionId"));
    if (!regionId)
        return regionId.error();
    if (!regionId->has_value() || (*regionId)->isEmpty())
        return QString();
    auto region = ctx.store.findRegion(**regionId);
    if (!region)
        return region.error();
    if (!region->has_value())
        return KmsError(QStringLiteral("KMS.0101"),
            QStringLiteral("regionId %1 names no configured region").arg(**regionId));
    ctx.regionId = **regionId;
    return **regionId;
}

Result<KeyRecord> resolveKey(OperationContext &ctx, const Params &params, const QString &field)
{
    auto name = params.requiredString(field, QStringLiteral("KMS.0102"));
    if (!name)
        return name.error();
    ctx.target = *name;
    QString cmkUuid = *name;
    const bool isAlias = name->startsWith(kAliasPrefix);
    if (isAlias) {
        auto regionId = optionalRegion(ctx, params);
        if (!regionId)
            return regionId.error();
        auto aliases = ctx.store.findAliasInAllRegions(*name);
        if (!aliases)
            return aliases.error();
        QList<store::AliasRecord> matches;
        for (const auto &alias : *aliases) {
            if (regionId->isEmpty() || alias.regionId == *regionId)
                matches.append(alias);
        }
        if (matches.isEmpty())
            return KmsError(
                QStringLiteral("KMS.0301"), QStringLiteral("no key has the alias %1").arg(*name));
        if (matches.size() > 1)
            return KmsError(QStringLiteral("KMS.0115"),
                QStringLiteral("alias %1 exists in several regions: give regionId").arg(*name));
        cmkUuid = matches.first().cmkUuid;
    } else if (!isKeyId(*name)) {
        return KmsError(QStringLiteral("KMS.0240"),
            QStringLiteral("%1 is neither a key id (UUID) nor an alias name").arg(field));
    }
    auto key = ctx.store.findKey(cmkUuid);
    if (!key)
        return key.error();
    if (!key->has_value()) {
        auto destroyed = ctx.store.keyTombstone(cmkUuid);
        if (destroyed && destroyed->has_value())
            return KmsError(QStringLiteral("KMS.0301"),
                QStringLiteral("the key was deleted %1").arg(formatTime(**destroyed)));
        return KmsError(QStringLiteral("KMS.0301"));
    }
    // A key id with a regionId: the key must be in that region.
    if (!isAlias) {
        auto regionId = optionalRegion(ctx, params);
        if (!regionId)
            return regionId.error();
        if (!regionId->isEmpty() && *regionId != (*key)->regionId)
            return KmsError(QStringLiteral("KMS.0301"),
                QStringLiteral("the key is not in region %1").arg(*regionId));
    }
    ctx.target = (*key)->cmkUuid;
    ctx.regionId = (*key)->regionId;
    return **key;
}

Result<Paging> readPaging(OperationContext &ctx, const Params &params)
{
    Paging paging;
    paging.pageSize = ctx.limits.defaultPageSize;
    auto number = params.optionalInteger(QStringLiteral("pageNumber"), QStringLiteral("KMS.0128"));
    if (!number)
        return number.error();
    if (number->has_value()) {
        if (**number < 1 || **number > 10'000'000)
            return KmsError(
                QStringLiteral("KMS.0128"), QStringLiteral("pageNumber must be 1 or more"));
        paging.pageNumber = static_cast<int>(**number);
    }
    auto size = params.optionalInteger(QStringLiteral("pageSize"), QStringLiteral("KMS.0128"));
    if (!size)
        return size.error();
    if (size->has_value()) {
        if (**size > ctx.limits.maxPageSize)
            return KmsError(QStringLiteral("KMS.0130"),
                QStringLiteral("pageSize is at most %1").arg(ctx.limits.maxPageSize));
        if (**size < 1)
            return KmsError(QStringLiteral("KMS.0231"),
                QStringLiteral("pageSize must be 1 to %1").arg(ctx.limits.maxPageSize));
        paging.pageSize = static_cast<int>(**size);
    }
    return paging;
}

Result<QJsonObject> metadataAnswer(OperationContext &ctx, const QString &cmkUuid, QJsonObject extra)
{
    auto key = ctx.store.findKey(cmkUuid);
    if (!key)
        return key.error();
    if (!key->has_value())
        return KmsError(QStringLiteral("KMS.0301"));
    extra.insert(QStringLiteral("keyMetadata"), keyMetadataJson(**key));
    return extra;
}

Result<qsizetype> destroyVersionMaterial(OperationContext &ctx, const KeyRecord &key)
{
    auto versions = ctx.store.listKeyVersions(key.cmkUuid);
    if (!versions)
        return versions.error();
    const auto spec = keySpecFromName(key.keySpec).value_or(KeySpec::Aes256);
    for (const store::KeyVersionRecord &version : *versions) {
        auto hsm = holdingHsm(ctx, version.hsm);
        if (!hsm)
            return hsm.error();
        KMS_TRY((*hsm)->destroyKey({ key.cmkUuid, version.versionId, spec }, version.handle));
    }
    return versions->size();
}

Result<store::RegionRecord> requiredRegion(
    OperationContext &ctx, const Params &params, const QString &storeCode)
{
    auto regionId = params.requiredString(QStringLiteral("regionId"), QStringLiteral("KMS.0115"));
    if (!regionId)
        return regionId.error();
    ctx.regionId = *regionId;
    auto region = ctx.store.findRegion(*regionId);
    if (!region)
        return storeFailure(region.error(), storeCode);
    if (!region->has_value())
        return KmsError(QStringLiteral("KMS.0101"),
            QStringLiteral("regionId %1 names no configured region").arg(*regionId));
    return **region;
}

QJsonObject pageAnswer(
    const QString &field, const QJsonArray &rows, qint64 totalCount, const Paging &paging)
{
    return QJsonObject {
        { field, rows },
        { QStringLiteral("totalCount"), totalCount },
        { QStringLiteral("pageNumber"), paging.pageNumber },
        { QStringLiteral("pageSize"), paging.pageSize },
    };
}

Result<GeneratedMaterial> GeneratedMaterial::generate(hsm::Hsm &hsm, const hsm::KeyRef &ref)
{
    auto handle = hsm.generateKey(ref);
    if (!handle)
        return handle.error();
    GeneratedMaterial material(hsm, ref, *handle);
    if (!isSymmetric(ref.spec)) {
        auto pem = hsm.publicKeyPem(ref, material.m_handle);
        if (!pem)
            return pem.error().withCode(QStringLiteral("KMS.0503"));
        material.m_publicKeyPem = *pem;
    }
    return material;
}

GeneratedMaterial::GeneratedMaterial(hsm::Hsm &hsm, hsm::KeyRef ref, QByteArray handle)
    : m_hsm(&hsm)
    , m_ref(std::move(ref))
    , m_handle(std::move(handle))
{
}

GeneratedMaterial::GeneratedMaterial(GeneratedMaterial &&other) noexcept
    : m_hsm(std::exchange(other.m_hsm, nullptr))
    , m_ref(std::move(other.m_ref))
    , m_handle(std::move(other.m_handle))
    , m_publicKeyPem(std::move(other.m_publicKeyPem))
{
}

GeneratedMaterial::~GeneratedMaterial()
{
    if (m_hsm != nullptr)
        (void)m_hsm->destroyKey(m_ref, m_handle); // best effort: the operation failed anyway
}

Result<hsm::Hsm *> creatingHsm(OperationContext &ctx, const QString &hsmName, KeySpec spec)
{
    hsm::Hsm *hsm = ctx.hsms.hsmFor(hsmName);
    if (hsm == nullptr)
        return KmsError(QStringLiteral("KMS.0505"),
            QStringLiteral("the HSM %1 is not available (not configured, no PIN, or not "
                           "connected)")
                .arg(hsmName));
    if (!hsm->supports(spec)) {
        const QString reason = hsm->unsupportedReason(spec);
        return KmsError(QStringLiteral("KMS.0505"),
            QStringLiteral("HSM %1 cannot make %2 keys%3")
                .arg(hsmName, keySpecName(spec),
                    reason.isEmpty() ? QString() : QStringLiteral(": ") + reason));
    }
    return hsm;
}

Result<hsm::Hsm *> holdingHsm(OperationContext &ctx, const QString &hsmName)
{
    hsm::Hsm *hsm = ctx.hsms.hsmFor(hsmName);
    if (hsm == nullptr)
        return KmsError(QStringLiteral("KMS.0504"),
            QStringLiteral("the HSM %1 holding this key is not available").arg(hsmName));
    return hsm;
}

QJsonObject keyMetadataJson(const KeyRecord &key)
{
    QJsonArray aliases;
    for (const QString &alias : key.aliases)
        aliases.append(alias);
    return QJsonObject {
        { QStringLiteral("cmkUuid"), key.cmkUuid },
        { QStringLiteral("regionId"), key.regionId },
        { QStringLiteral("keySpec"), key.keySpec },
        { QStringLiteral("keyUsage"), key.keyUsage },
        { QStringLiteral("keyState"), key.keyState },
        { QStringLiteral("protectionLevel"), key.protectionLevel },
        { QStringLiteral("origin"), key.origin },
        { QStringLiteral("creationDate"), formatTime(key.creationDate) },
        { QStringLiteral("description"), key.description },
        { QStringLiteral("primaryKeyVersion"), key.primaryKeyVersion },
        { QStringLiteral("deleteDate"), formatTime(key.deleteDate) },
        { QStringLiteral("automaticRotation"), key.automaticRotation },
        { QStringLiteral("rotationInterval"),
            key.rotationIntervalDays > 0 ? QStringLiteral("%1d").arg(key.rotationIntervalDays)
                                         : QString() },
        { QStringLiteral("lastRotationDate"), formatTime(key.lastRotationDate) },
        { QStringLiteral("nextRotationDate"), formatTime(key.nextRotationDate) },
        { QStringLiteral("rotationPaused"), key.automaticRotation && key.keyState != kEnabled },
        { QStringLiteral("materialExpireTime"), formatTime(key.materialExpireDate) },
        { QStringLiteral("defaultProduct"), key.defaultProduct },
        { QStringLiteral("aliases"), aliases },
    };
}

Result<QJsonObject> createKey(OperationContext &ctx, const Params &params)
{
    auto region = requiredRegion(ctx, params, QStringLiteral("KMS.0515"));
    if (!region)
        return region.error();
    const QString *regionId = &region->regionId;

    NewKey spec;
    spec.regionId = *regionId;
    auto specName = params.requiredString(QStringLiteral("keySpec"), QStringLiteral("KMS.0253"));
    if (!specName)
        return specName.error();
    auto keySpec = parseKeySpec(*specName);
    if (!keySpec)
        return keySpec.error();
    spec.spec = *keySpec;

    auto usage = params.requiredString(QStringLiteral("keyUsage"), QStringLiteral("KMS.0117"));
    if (!usage)
        return usage.error();
    if (*usage == kEncryptDecrypt)
        spec.usage = kEncryptDecrypt;
    else if (*usage == kSignVerify)
        spec.usage = kSignVerify;
    else
        return KmsError(QStringLiteral("KMS.0216"),
            QStringLiteral("keyUsage is ENCRYPT/DECRYPT or SIGN/VERIFY"));
    if (!usageAllowed(spec.spec, spec.usage))
        return KmsError(QStringLiteral("KMS.0212"),
            QStringLiteral("%1 keys cannot be used for %2").arg(*specName, QString(spec.usage)));

    auto protection
        = params.requiredString(QStringLiteral("protectionLevel"), QStringLiteral("KMS.0113"));
    if (!protection)
        return protection.error();
    if (*protection == kSoftware) {
        spec.protection = kSoftware;
    } else if (*protection == kHsm) {
        spec.protection = kHsm;
        if (!region->hsm.startsWith(QLatin1String("pkcs11:")))
            return KmsError(QStringLiteral("KMS.0218"),
                QStringLiteral("region %1 has no PKCS#11 HSM configured").arg(*regionId));
    } else {
        return KmsError(
            QStringLiteral("KMS.0218"), QStringLiteral("protectionLevel is SOFTWARE or HSM"));
    }

    auto origin = params.optionalString(QStringLiteral("origin"));
    if (!origin)
        return origin.error();
    if (origin->has_value() && **origin == kOriginExternal)
        spec.origin = kOriginExternal;
    else if (origin->has_value() && **origin != kOriginKms)
        return KmsError(QStringLiteral("KMS.0242"), QStringLiteral("origin is KMS or EXTERNAL"));
    if (spec.origin == kOriginExternal && !isSymmetric(spec.spec))
        return KmsError(QStringLiteral("KMS.0225"));

    auto description = params.optionalString(QStringLiteral("description"));
    if (!description)
        return description.error();
    spec.description = description->value_or(QString());
    if (spec.description.size() > ctx.limits.maxDescriptionLength)
        return KmsError(QStringLiteral("KMS.0129"),
            QStringLiteral("description is longer than %1 characters")
                .arg(ctx.limits.maxDescriptionLength));

    auto rotate = params.optionalBool(
        QStringLiteral("enableAutomaticRotation"), QStringLiteral("KMS.0217"));
    if (!rotate)
        return rotate.error();
    auto interval = params.optionalString(QStringLiteral("rotationInterval"));
    if (!interval)
        return interval.error();
    if (interval->has_value()) {
        auto days = parseRotationInterval(**interval, ctx.limits);
        if (!days)
            return days.error();
        spec.rotationIntervalDays = *days;
    }
    spec.automaticRotation = rotate->value_or(false);
    if (spec.automaticRotation) {
        if (!isSymmetric(spec.spec) || spec.origin != kOriginKms)
            return KmsError(QStringLiteral("KMS.0211"),
                QStringLiteral("only symmetric keys of origin KMS rotate"));
        if (spec.rotationIntervalDays == 0)
            return KmsError(QStringLiteral("KMS.0118"));
    }

    if (!isSymmetric(spec.spec)) {
        auto count = ctx.store.countAsymmetricKeys(*regionId);
        if (!count)
            return storeFailure(count.error(), QStringLiteral("KMS.0515"));
        if (*count >= ctx.limits.maxAsymmetricKeysPerRegion)
            return KmsError(QStringLiteral("KMS.0238"),
                QStringLiteral("region %1 already has %2 asymmetric keys")
                    .arg(*regionId)
                    .arg(*count));
    }

    auto cmkUuid = makeKey(ctx, *region, spec, QStringLiteral("KMS.0515"));
    if (!cmkUuid)
        return cmkUuid.error();
    return metadataAnswer(ctx, *cmkUuid);
}

Result<QJsonObject> describeKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    return QJsonObject { { QStringLiteral("keyMetadata"), keyMetadataJson(*key) } };
}

Result<QJsonObject> listKeys(OperationContext &ctx, const Params &params)
{
    store::KeyQuery query;
    auto regionId = optionalRegion(ctx, params);
    if (!regionId)
        return regionId.error();
    query.regionId = *regionId;
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();

    auto state = params.optionalString(QStringLiteral("keyState"));
    if (!state)
        return state.error();
    if (state->has_value() && !(*state)->isEmpty()) {
        if (**state != kEnabled && **state != kDisabled && **state != kPendingDeletion
            && **state != kPendingImport)
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("keyState is Enabled, Disabled, PendingDeletion or "
                               "PendingImport"));
        query.keyState = **state;
    }
    auto specName = params.optionalString(QStringLiteral("keySpec"));
    if (!specName)
        return specName.error();
    if (specName->has_value() && !(*specName)->isEmpty()) {
        auto spec = parseKeySpec(**specName);
        if (!spec)
            return spec.error();
        query.keySpec = **specName;
    }
    auto search = params.optionalString(QStringLiteral("search"));
    if (!search)
        return search.error();
    query.search = search->value_or(QString());
    auto withPolicy
        = params.optionalBool(QStringLiteral("withRotationPolicy"), QStringLiteral("KMS.0217"));
    if (!withPolicy)
        return withPolicy.error();
    query.withRotationPolicyOnly = withPolicy->value_or(false);

    static const QList<std::pair<QLatin1String, store::KeySortColumn>> sortColumns = {
        { QLatin1String("creationDate"), store::KeySortColumn::CreationDate },
        { QLatin1String("cmkUuid"), store::KeySortColumn::CmkUuid },
        { QLatin1String("alias"), store::KeySortColumn::Alias },
        { QLatin1String("keySpec"), store::KeySortColumn::KeySpec },
        { QLatin1String("keyUsage"), store::KeySortColumn::KeyUsage },
        { QLatin1String("keyState"), store::KeySortColumn::KeyState },
        { QLatin1String("protectionLevel"), store::KeySortColumn::ProtectionLevel },
        { QLatin1String("origin"), store::KeySortColumn::Origin },
        { QLatin1String("description"), store::KeySortColumn::Description },
        { QLatin1String("nextRotationDate"), store::KeySortColumn::NextRotationDate },
        { QLatin1String("deleteDate"), store::KeySortColumn::DeleteDate },
    };
    auto sortBy = params.optionalString(QStringLiteral("sortBy"));
    if (!sortBy)
        return sortBy.error();
    if (sortBy->has_value()) {
        auto it = std::find_if(sortColumns.begin(), sortColumns.end(),
            [&](const auto &column) { return column.first == **sortBy; });
        if (it == sortColumns.end())
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("sortBy names no column of the key list"));
        query.sortColumn = it->second;
    }
    auto order = params.optionalString(QStringLiteral("sortOrder"));
    if (!order)
        return order.error();
    if (order->has_value()) {
        if (**order != QLatin1String("asc") && **order != QLatin1String("desc"))
            return KmsError(QStringLiteral("KMS.0128"), QStringLiteral("sortOrder is asc or desc"));
        query.descending = **order == QLatin1String("desc");
    }

    query.offset = paging->offset();
    query.limit = paging->pageSize;
    if (ctx.grantedKeys) {
        query.keyIds = ctx.grantedKeys;
        ctx.listedGrantedOnly = true;
    }
    auto page = ctx.store.listKeys(query);
    if (!page)
        return page.error();
    QJsonArray keys;
    for (const KeyRecord &key : page->rows)
        keys.append(keyMetadataJson(key));
    return pageAnswer(QStringLiteral("keys"), keys, page->totalCount, *paging);
}

Result<QJsonObject> updateKeyDescription(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!params.has(QStringLiteral("description")))
        return KmsError(QStringLiteral("KMS.0101"), QStringLiteral("description is missing"));
    auto description = params.optionalString(QStringLiteral("description"));
    if (!description)
        return description.error();
    if ((*description)->size() > ctx.limits.maxDescriptionLength)
        return KmsError(QStringLiteral("KMS.0129"),
            QStringLiteral("description is longer than %1 characters")
                .arg(ctx.limits.maxDescriptionLength));
    if (key->keyState == kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0203"), QStringLiteral("the key is pending deletion"));
    if (auto updated = ctx.store.updateKeyDescription(key->cmkUuid, **description); !updated)
        return storeFailure(updated.error(), QStringLiteral("KMS.0518"));
    return metadataAnswer(ctx, key->cmkUuid);
}

Result<QJsonObject> enableKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (key->keyState == kEnabled)
        return QJsonObject { { QStringLiteral("keyMetadata"), keyMetadataJson(*key) } };
    if (key->keyState != kDisabled)
        return KmsError(QStringLiteral("KMS.0207"),
            QStringLiteral("a key in state %1 cannot be enabled").arg(key->keyState));
    return setState(ctx, *key, kEnabled);
}

Result<QJsonObject> disableKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (isDefaultKey(*key))
        return KmsError(QStringLiteral("KMS.0203"),
            QStringLiteral("the default key of product %1 cannot be disabled")
                .arg(key->defaultProduct));
    if (key->keyState != kEnabled)
        return KmsError(QStringLiteral("KMS.0206"),
            QStringLiteral("only an enabled key can be disabled; this one is %1")
                .arg(key->keyState));
    return setState(ctx, *key, kDisabled);
}

Result<QJsonObject> scheduleKeyDeletion(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto days = params.requiredInteger(QStringLiteral("pendingWindowInDays"),
        QStringLiteral("KMS.0122"), QStringLiteral("KMS.0226"));
    if (!days)
        return days.error();
    if (*days < ctx.limits.minPendingWindowDays || *days > ctx.limits.maxPendingWindowDays)
        return KmsError(QStringLiteral("KMS.0226"),
            QStringLiteral("pendingWindowInDays must be %1 to %2")
                .arg(ctx.limits.minPendingWindowDays)
                .arg(ctx.limits.maxPendingWindowDays));
    if (key->keyState == kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0208"));
    if (isDefaultKey(*key))
        return KmsError(QStringLiteral("KMS.0203"),
            QStringLiteral("the default key of product %1 cannot be deleted")
                .arg(key->defaultProduct));
    // The key's state is the deletion task; the job queues its execution.
    const QDateTime now = ctx.clock.now();
    const QDateTime deleteDate = now.addDays(*days);
    if (auto updated = ctx.store.updateKeyState(key->cmkUuid, kPendingDeletion, deleteDate);
        !updated)
        return storeFailure(updated.error(), QStringLiteral("KMS.0506"));
    if (auto scheduled = ctx.store.scheduleJob(store::kJobDelete, key->cmkUuid, deleteDate, now);
        !scheduled)
        return storeFailure(scheduled.error(), QStringLiteral("KMS.0508"));
    return metadataAnswer(ctx, key->cmkUuid);
}

Result<QJsonObject> cancelKeyDeletion(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (key->keyState != kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0209"));
    if (auto cancelled = ctx.store.cancelJob(store::kJobDelete, key->cmkUuid, ctx.clock.now());
        !cancelled)
        return cancelled.error();
    // A cancelled deletion leaves the key disabled (the officer enables it on purpose);
    // a key that never received material goes back to waiting for it.
    return setState(ctx, *key, key->primaryKeyVersion.isEmpty() ? kPendingImport : kDisabled);
}

Result<QJsonObject> getDefaultKey(OperationContext &ctx, const Params &params)
{
    auto regionId = params.requiredString(QStringLiteral("regionId"), QStringLiteral("KMS.0115"));
    if (!regionId)
        return regionId.error();
    ctx.regionId = *regionId;
    auto product = params.requiredString(QStringLiteral("product"), QStringLiteral("KMS.0135"));
    if (!product)
        return product.error();
    ctx.target = QString(kDefaultAliasPrefix) + *product;
    if (!ctx.limits.products.contains(*product))
        return KmsError(QStringLiteral("KMS.0136"),
            QStringLiteral("products: %1").arg(ctx.limits.products.join(QStringLiteral(", "))));
    auto region = ctx.store.findRegion(*regionId);
    if (!region)
        return storeFailure(region.error(), QStringLiteral("KMS.0510"));
    if (!region->has_value())
        return KmsError(QStringLiteral("KMS.0101"),
            QStringLiteral("regionId %1 names no configured region").arg(*regionId));

    auto existing = ctx.store.findDefaultKey(*regionId, *product);
    if (!existing)
        return storeFailure(existing.error(), QStringLiteral("KMS.0510"));
    if (existing->has_value()) {
        ctx.target = (*existing)->cmkUuid;
        return QJsonObject { { QStringLiteral("keyMetadata"), keyMetadataJson(**existing) } };
    }

    // Created on first use: an AES-256 software key with the product's reserved alias.
    NewKey spec;
    spec.regionId = *regionId;
    spec.defaultProduct = *product;
    spec.description = QStringLiteral("Default key for %1").arg(*product);
    auto cmkUuid = makeKey(ctx, **region, spec, QStringLiteral("KMS.0510"));
    if (!cmkUuid)
        return cmkUuid.error().code().startsWith(QLatin1String("KMS.05"))
            ? cmkUuid.error().withCode(QStringLiteral("KMS.0510"))
            : cmkUuid.error();
    const QDateTime now = ctx.clock.now();
    store::AliasRecord alias { QString(kDefaultAliasPrefix) + *product, *regionId, *cmkUuid, now,
        now };
    if (auto inserted = ctx.store.insertAlias(alias); !inserted)
        return storeFailure(inserted.error(), QStringLiteral("KMS.0510"));
    return metadataAnswer(ctx, *cmkUuid);
}

} // namespace kms::ops
