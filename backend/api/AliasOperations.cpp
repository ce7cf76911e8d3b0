#include "AliasOperations.h"

#include "api/KeyOperations.h"
#include "core/KeyModel.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace kms::ops {

using namespace keymodel;

namespace {

// aliasName: KMS.0103 if empty, KMS.0132 if longer than the limit, KMS.0133 if it does not
// start with "alias/" or holds other characters than [A-Za-z0-9_/-].
Result<QString> readAliasName(OperationContext &ctx, const Params &params)
{
    auto name = params.requiredString(QStringLiteral("aliasName"), QStringLiteral("KMS.0103"));
    if (!name)
        return name.error();
    ctx.target = *name;
    if (!name->startsWith(kAliasPrefix))
        return KmsError(
            QStringLiteral("KMS.0133"), QStringLiteral("an alias name starts with alias/"));
    const QString rest = name->mid(kAliasPrefix.size());
    if (rest.size() > ctx.limits.maxAliasLength)
        return KmsError(QStringLiteral("KMS.0132"),
            QStringLiteral("at most %1 characters after alias/").arg(ctx.limits.maxAliasLength));
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_/-]+$"));
    if (!allowed.match(rest).hasMatch())
        return KmsError(QStringLiteral("KMS.0133"),
            QStringLiteral("alias names use only A-Z a-z 0-9 _ / - after alias/"));
    return *name;
}

bool isReservedAlias(const QString &name)
{
    return name.startsWith(kDefaultAliasPrefix);
}

// The key an alias is to point at: given by key id (KMS.0240 for anything else), KMS.0302
// if it does not exist.
Result<store::KeyRecord> readTargetKey(OperationContext &ctx, const Params &params)
{
    auto cmkUuid = params.requiredString(QStringLiteral("cmkUuid"), QStringLiteral("KMS.0102"));
    if (!cmkUuid)
        return cmkUuid.error();
    if (!isKeyId(*cmkUuid))
        return KmsError(
            QStringLiteral("KMS.0240"), QStringLiteral("an alias points at a key id (UUID)"));
    auto key = ctx.store.findKey(*cmkUuid);
    if (!key)
        return key.error();
    if (!key->has_value())
        return KmsError(QStringLiteral("KMS.0302"));
    return **key;
}

// The alias named in the request; KMS.0303 if missing in the region (or anywhere when no
// region is given), KMS.0115 if several regions have it and none is named.
Result<store::AliasRecord> findExistingAlias(
    OperationContext &ctx, const Params &params, const QString &name)
{
    auto regionId = optionalRegion(ctx, params);
    if (!regionId)
        return regionId.error();
    auto all = ctx.store.findAliasInAllRegions(name);
    if (!all)
        return all.error();
    QList<store::AliasRecord> matches;
    for (const auto &alias : *all) {
        if (regionId->isEmpty() || alias.regionId == *regionId)
            matches.append(alias);
    }
    if (matches.isEmpty())
        return KmsError(QStringLiteral("KMS.0303"));
    if (matches.size() > 1)
        return KmsError(QStringLiteral("KMS.0115"),
            QStringLiteral("alias %1 exists in several regions: give regionId").arg(name));
    ctx.regionId = matches.first().regionId;
    return matches.first();
}

QJsonObject aliasJson(const store::AliasRecord &alias)
{
    return QJsonObject {
        { QStringLiteral("aliasName"), alias.aliasName },
        { QStringLiteral("regionId"), alias.regionId },
        { QStringLiteral("cmkUuid"), alias.cmkUuid },
        { QStringLiteral("creationDate"), formatTime(alias.creationDate) },
        { QStringLiteral("updateDate"), formatTime(alias.updateDate) },
        { QStringLiteral("isDefault"), isReservedAlias(alias.aliasName) },
    };
}

QJsonObject aliasPage(const store::Page<store::AliasRecord> &page, const Paging &paging)
{
    QJsonArray aliases;
    for (const auto &alias : page.rows)
        aliases.append(aliasJson(alias));
    return QJsonObject {
        { QStringLiteral("aliases"), aliases },
        { QStringLiteral("totalCount"), page.totalCount },
        { QStringLiteral("pageNumber"), paging.pageNumber },
        { QStringLiteral("pageSize"), paging.pageSize },
    };
}

} // namespace

Result<QJsonObject> createAlias(OperationContext &ctx, const Params &params)
{
    auto name = readAliasName(ctx, params);
    if (!name)
        return name.error();
    if (isReservedAlias(*name))
        return KmsError(
            QStringLiteral("KMS.0133"), QStringLiteral("alias/acs/ is reserved for default keys"));
    auto key = readTargetKey(ctx, params);
    if (!key)
        return key.error();
    ctx.regionId = key->regionId;
    if (isDefaultKey(*key))
        return KmsError(QStringLiteral("KMS.0202"));
    if (key->keyState == kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0233"), QStringLiteral("the key is pending deletion"));
    auto existing = ctx.store.findAlias(key->regionId, *name);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return KmsError(QStringLiteral("KMS.0201"));
    const QDateTime now = ctx.clock.now();
    const store::AliasRecord alias { *name, key->regionId, key->cmkUuid, now, now };
    if (auto inserted = ctx.store.insertAlias(alias); !inserted)
        return inserted.error();
    return QJsonObject { { QStringLiteral("alias"), aliasJson(alias) } };
}

Result<QJsonObject> updateAlias(OperationContext &ctx, const Params &params)
{
    auto name = readAliasName(ctx, params);
    if (!name)
        return name.error();
    if (isReservedAlias(*name))
        return KmsError(QStringLiteral("KMS.0243"));
    auto alias = findExistingAlias(ctx, params, *name);
    if (!alias)
        return alias.error();
    auto key = readTargetKey(ctx, params);
    if (!key)
        return key.error();
    if (key->regionId != alias->regionId)
        return KmsError(QStringLiteral("KMS.0302"),
            QStringLiteral("the target key is in another region than the alias"));
    if (isDefaultKey(*key))
        return KmsError(QStringLiteral("KMS.0243"),
            QStringLiteral("an alias cannot be pointed at a default key"));
    if (key->keyState == kPendingDeletion)
        return KmsError(
            QStringLiteral("KMS.0304"), QStringLiteral("the target key is pending deletion"));
    // Users of an alias expect the same kind of key behind it after a repoint.
    auto current = ctx.store.findKey(alias->cmkUuid);
    if (!current)
        return current.error();
    if (current->has_value() && (*current)->keyUsage != key->keyUsage)
        return KmsError(QStringLiteral("KMS.0304"),
            QStringLiteral("the target key has usage %1, the alias's key %2")
                .arg(key->keyUsage, (*current)->keyUsage));
    const QDateTime now = ctx.clock.now();
    if (auto updated = ctx.store.updateAliasTarget(alias->regionId, *name, key->cmkUuid, now);
        !updated)
        return updated.error();
    store::AliasRecord result = *alias;
    result.cmkUuid = key->cmkUuid;
    result.updateDate = now;
    return QJsonObject { { QStringLiteral("alias"), aliasJson(result) } };
}

Result<QJsonObject> deleteAlias(OperationContext &ctx, const Params &params)
{
    auto name = readAliasName(ctx, params);
    if (!name)
        return name.error();
    if (isReservedAlias(*name))
        return KmsError(QStringLiteral("KMS.0234"));
    auto alias = findExistingAlias(ctx, params, *name);
    if (!alias)
        return alias.error();
    if (auto deleted = ctx.store.deleteAlias(alias->regionId, *name); !deleted)
        return storeFailure(deleted.error(), QStringLiteral("KMS.0502"));
    return QJsonObject { { QStringLiteral("alias"), aliasJson(*alias) } };
}

Result<QJsonObject> listAliases(OperationContext &ctx, const Params &params)
{
    auto regionId = optionalRegion(ctx, params);
    if (!regionId)
        return regionId.error();
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    auto page = ctx.store.listAliases(*regionId, paging->offset(), paging->pageSize);
    if (!page)
        return page.error();
    return aliasPage(*page, *paging);
}

Result<QJsonObject> listAliasesByKeyId(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    auto page = ctx.store.listAliasesByKey(key->cmkUuid, paging->offset(), paging->pageSize);
    if (!page)
        return page.error();
    return aliasPage(*page, *paging);
}

} // namespace kms::ops
