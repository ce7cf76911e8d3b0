#include "RotationOperations.h"

#include "api/KeyOperations.h"
#include "core/KeyModel.h"
#include "core/KeySpec.h"
#include "hsm/HsmProvider.h"

#include <QJsonArray>
#include <QUuid>

namespace kms::ops {

using namespace keymodel;
using store::KeyRecord;
using store::KeyVersionRecord;

namespace {

bool isRotatable(const KeyRecord &key)
{
    return key.origin == kOriginKms && !key.primaryKeyVersion.isEmpty();
}

// Automatic rotation is for enabled-able symmetric keys whose material the KMS made.
bool canRotateAutomatically(const KeyRecord &key)
{
    const auto spec = keySpecFromName(key.keySpec);
    return isRotatable(key) && spec && isSymmetric(*spec);
}

// Rotation of a paused key is refused until it is enabled again (KMS.0230).
Result<void> requireNotPaused(const KeyRecord &key)
{
    if (key.keyState == kDisabled || key.keyState == kPendingDeletion)
        return KmsError(
            QStringLiteral("KMS.0230"), QStringLiteral("the key is %1").arg(key.keyState));
    return success();
}

// The first rotation of a new policy: one interval after the last rotation (or the key's
// creation), but never sooner than one interval from now.
QDateTime firstRotation(const KeyRecord &key, int days, const QDateTime &now)
{
    const QDateTime base = key.lastRotationDate.isValid() ? key.lastRotationDate : key.creationDate;
    const QDateTime fromBase = base.addDays(days);
    return fromBase > now ? fromBase : now.addDays(days);
}

QJsonObject versionJson(const KeyRecord &key, const KeyVersionRecord &version)
{
    return QJsonObject {
        { QStringLiteral("cmkUuid"), version.cmkUuid },
        { QStringLiteral("keyVersionId"), version.versionId },
        { QStringLiteral("creationDate"), formatTime(version.creationDate) },
        { QStringLiteral("rotationType"), version.rotationType },
        { QStringLiteral("createdBy"), version.createdBy },
        { QStringLiteral("primary"), version.versionId == key.primaryKeyVersion },
        { QStringLiteral("hsm"), version.hsm },
    };
}

} // namespace

Result<QString> rotate(OperationContext &ctx, const KeyRecord &key, const QString &rotationType)
{
    const QString failed = QStringLiteral("KMS.0516");
    const auto spec = keySpecFromName(key.keySpec);
    auto primary = ctx.store.findKeyVersion(key.primaryKeyVersion);
    if (!primary)
        return storeFailure(primary.error(), failed);
    if (!spec || !primary->has_value())
        return KmsError(failed, QStringLiteral("the key has no primary version to rotate from"));
    // The new version lives where the current one does.
    hsm::Hsm *hsm = ctx.hsms.hsmFor((*primary)->hsm);
    if (hsm == nullptr || !hsm->supports(*spec))
        return KmsError(failed,
            QStringLiteral("the HSM %1 holding this key is not available").arg((*primary)->hsm));

    const QDateTime now = ctx.clock.now();
    KeyVersionRecord version;
    version.versionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    version.cmkUuid = key.cmkUuid;
    version.creationDate = now;
    version.hsm = hsm->name();
    version.rotationType = rotationType;
    version.createdBy = ctx.operatorName;
    auto material
        = GeneratedMaterial::generate(*hsm, hsm::KeyRef { key.cmkUuid, version.versionId, *spec });
    if (!material)
        return material.error().withCode(failed);
    version.handle = material->handle();
    version.publicKeyPem = material->publicKeyPem();
    if (auto inserted = ctx.store.insertKeyVersion(version); !inserted)
        return storeFailure(inserted.error(), failed);
    if (auto updated = ctx.store.setPrimaryKeyVersion(key.cmkUuid, version.versionId); !updated)
        return storeFailure(updated.error(), failed);

    // A rotation, manual or automatic, starts the next interval.
    const QDateTime next
        = key.automaticRotation ? now.addDays(key.rotationIntervalDays) : QDateTime();
    if (auto updated = ctx.store.updateRotation(
            key.cmkUuid, key.automaticRotation, key.rotationIntervalDays, now, next);
        !updated)
        return storeFailure(updated.error(), failed);
    if (key.automaticRotation) {
        if (auto scheduled = ctx.store.scheduleJob(store::kJobRotate, key.cmkUuid, next, now);
            !scheduled)
            return storeFailure(scheduled.error(), QStringLiteral("KMS.0507"));
    }
    material->keep();
    return version.versionId;
}

Result<QJsonObject> updateRotationPolicy(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!params.has(QStringLiteral("enableAutomaticRotation")))
        return KmsError(QStringLiteral("KMS.0116"));
    auto enable = params.optionalBool(
        QStringLiteral("enableAutomaticRotation"), QStringLiteral("KMS.0217"));
    if (!enable)
        return enable.error();
    if (!enable->has_value())
        return KmsError(QStringLiteral("KMS.0116"));
    const bool automatic = **enable;

    int days = key->rotationIntervalDays;
    auto interval = params.optionalString(QStringLiteral("rotationInterval"));
    if (!interval)
        return interval.error();
    if (interval->has_value() && !(*interval)->isEmpty()) {
        auto parsed = parseRotationInterval(**interval, ctx.limits);
        if (!parsed)
            return parsed.error();
        days = *parsed;
    } else if (automatic) {
        return KmsError(QStringLiteral("KMS.0118"));
    }

    QDateTime next;
    if (params.has(QStringLiteral("nextRotationDate"))) {
        auto text = params.optionalString(QStringLiteral("nextRotationDate"));
        if (!text)
            return text.error();
        if (!text->has_value() || (*text)->trimmed().isEmpty())
            return KmsError(QStringLiteral("KMS.0119"));
        next = parseTime(**text);
        if (!next.isValid())
            return KmsError(QStringLiteral("KMS.0235"),
                QStringLiteral("nextRotationDate must be like 2026-12-01T00:00:00.000Z"));
    }

    if (automatic && !canRotateAutomatically(*key))
        return KmsError(QStringLiteral("KMS.0211"),
            QStringLiteral("only symmetric keys whose material the KMS made rotate automatically"));
    KMS_TRY(requireNotPaused(*key));

    const QDateTime now = ctx.clock.now();
    if (automatic) {
        if (!next.isValid()) {
            next = firstRotation(*key, days, now);
        } else if (next <= now || next > now.addDays(days)) {
            return KmsError(QStringLiteral("KMS.0235"),
                QStringLiteral("nextRotationDate must lie after now and within one interval"));
        }
    } else {
        next = QDateTime();
    }

    if (auto updated
        = ctx.store.updateRotation(key->cmkUuid, automatic, days, key->lastRotationDate, next);
        !updated)
        return storeFailure(updated.error(), QStringLiteral("KMS.0517"));
    auto scheduled = automatic ? ctx.store.scheduleJob(store::kJobRotate, key->cmkUuid, next, now)
                               : ctx.store.cancelJob(store::kJobRotate, key->cmkUuid, now);
    if (!scheduled)
        return storeFailure(scheduled.error(), QStringLiteral("KMS.0507"));
    return metadataAnswer(ctx, key->cmkUuid);
}

Result<QJsonObject> rotateKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!isRotatable(*key))
        return KmsError(QStringLiteral("KMS.0211"),
            QStringLiteral("keys of origin EXTERNAL rotate by importing new material"));
    KMS_TRY(requireNotPaused(*key));

    const QDateTime now = ctx.clock.now();
    if (key->lastRotationDate.isValid()
        && key->lastRotationDate.addDays(ctx.limits.minDaysBetweenManualRotations) > now)
        return KmsError(QStringLiteral("KMS.0229"),
            QStringLiteral("last rotated %1; the next manual rotation is possible from %2")
                .arg(formatTime(key->lastRotationDate),
                    formatTime(
                        key->lastRotationDate.addDays(ctx.limits.minDaysBetweenManualRotations))));
    auto count
        = ctx.store.countKeyVersions(ctx.operatorName, QStringLiteral("MANUAL"), now.addDays(-1));
    if (!count)
        return storeFailure(count.error(), QStringLiteral("KMS.0516"));
    if (*count >= ctx.limits.maxManualRotationsPerUserPerDay)
        return KmsError(QStringLiteral("KMS.0228"),
            QStringLiteral("%1 rotated %2 keys in the last 24 hours (limit %3)")
                .arg(ctx.operatorName)
                .arg(*count)
                .arg(ctx.limits.maxManualRotationsPerUserPerDay));

    auto versionId = rotate(ctx, *key, QStringLiteral("MANUAL"));
    if (!versionId)
        return versionId.error();
    return metadataAnswer(ctx, key->cmkUuid, { { QStringLiteral("keyVersionId"), *versionId } });
}

Result<QJsonObject> listKeyVersions(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    auto versions = ctx.store.listKeyVersions(key->cmkUuid);
    if (!versions)
        return versions.error();
    // Newest first: the primary version leads.
    QJsonArray rows;
    const qsizetype total = versions->size();
    for (qsizetype i = total - 1 - paging->offset(), n = 0; i >= 0 && n < paging->pageSize;
         --i, ++n)
        rows.append(versionJson(*key, versions->at(i)));
    return pageAnswer(QStringLiteral("keyVersions"), rows, total, *paging);
}

Result<QJsonObject> describeKeyVersion(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto versionId
        = params.requiredString(QStringLiteral("keyVersionId"), QStringLiteral("KMS.0105"));
    if (!versionId)
        return versionId.error();
    auto version = ctx.store.findKeyVersion(*versionId);
    if (!version)
        return version.error();
    if (!version->has_value() || (*version)->cmkUuid != key->cmkUuid)
        return KmsError(QStringLiteral("KMS.0301"),
            QStringLiteral("the key has no version %1").arg(*versionId));
    return QJsonObject { { QStringLiteral("keyVersion"), versionJson(*key, **version) } };
}

} // namespace kms::ops
