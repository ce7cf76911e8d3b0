#include "DualControl.h"

#include "api/KmsService.h"
#include "api/StoreSession.h"
#include "auth/Credentials.h"
#include "auth/PasswordHash.h"
#include "auth/Roles.h"

namespace kms::dualcontrol {

namespace {

const QString kSessionInvalid = QStringLiteral("KMS.0401");
const QString kNoPermission = QStringLiteral("KMS.0405");

QString joined(const QStringList &actions)
{
    return actions.join(QLatin1Char(','));
}

} // namespace

QStringList controllableActions()
{
    return { QString(kScheduleKeyDeletion), QString(kRotateMasterKey) };
}

std::optional<QStringList> parse(const QString &text)
{
    QStringList actions;
    const QStringList controllable = controllableActions();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString action = part.trimmed();
        if (!controllable.contains(action))
            return std::nullopt;
        if (!actions.contains(action))
            actions.append(action);
    }
    return actions;
}

Result<QStringList> read(store::Store &store)
{
    auto text = store.setting(QString(kSetting));
    if (!text)
        return text.error();
    if (!text->has_value())
        return QStringList();
    const auto actions = parse(**text);
    if (!actions)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the setting %1 names an action dual control cannot cover")
                .arg(QString(kSetting)));
    return *actions;
}

QString requestTarget(
    store::Store &store, const QString &action, const QJsonObject &params, const QString &storeUuid)
{
    if (action == kRotateMasterKey)
        return storeUuid;
    const QString named = params.value(QStringLiteral("cmkUuid")).toString();
    if (!named.startsWith(QLatin1String("alias/")))
        return named;
    // An alias stands for the key it points at now: an approval given for one key cannot be
    // spent on another after the alias was repointed. An alias that names no single key binds
    // to itself, which no approval of a key matches.
    auto aliases = store.findAliasInAllRegions(named);
    if (!aliases)
        return named;
    const QString regionId = params.value(QStringLiteral("regionId")).toString();
    QStringList keys;
    for (const store::AliasRecord &alias : *aliases) {
        if (regionId.isEmpty() || alias.regionId == regionId)
            keys.append(alias.cmkUuid);
    }
    return keys.size() == 1 ? keys.constFirst() : named;
}

KmsError approvalNeeded(const QString &action, const QString &target)
{
    return KmsError(kNoPermission,
        QStringLiteral("%1 of %2 is under dual control: a second officer's approval is needed "
                       "first")
            .arg(action, target));
}

Result<void> set(StoreSession &session, const QStringList &actions)
{
    if (!session.isUnlocked())
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the key store is locked"));
    KmsService &service = session.service();
    auto done = service.administer(QStringLiteral("SetDualControl"),
        actions.isEmpty() ? QStringLiteral("(none)") : joined(actions), true,
        [&](const std::optional<KmsService::Actor> &actor) -> Result<void> {
            // Without operators there is nobody to approve: dual control stays off.
            if (!actor)
                return KmsError(kNoPermission,
                    QStringLiteral("dual control needs operators: create the first "
                                   "administrator first"));
            const auto parsed = parse(joined(actions));
            if (!parsed)
                return KmsError(QStringLiteral("KMS.0101"),
                    QStringLiteral("dual control covers only %1")
                        .arg(controllableActions().join(QStringLiteral(", "))));
            return session.store().setSetting(QString(kSetting), joined(*parsed));
        });
    service.forgetCachedSettings();
    return done;
}

Result<void> approve(StoreSession &session, const Argon2Params &passwordParams,
    const QString &approverName, const SecureBytes &password, const QString &action,
    const QString &target)
{
    if (!session.isUnlocked())
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the key store is locked"));
    store::Store &store = session.store();
    KmsService &service = session.service();
    // As at log-in: a name that is no operator name is not recorded, and Argon2id runs before
    // the transaction, as slow for an unknown name as for a known one.
    auto checked = auth::checkCredentials(store, approverName, password, passwordParams);
    if (!checked)
        return checked.error();
    const bool validName = checked->validName;
    const QString boundTarget = requestTarget(
        store, action, QJsonObject { { QStringLiteral("cmkUuid"), target } }, session.storeUuid());
    const auto requester = session.signedIn();
    const QDateTime now = session.clock().now();
    auto done = service.administer(
        QStringLiteral("ApproveAction"), QStringLiteral("%1 %2").arg(action, boundTarget), false,
        [&](const std::optional<KmsService::Actor> &) -> Result<void> {
            auto mode = service.operatorMode();
            if (!mode)
                return mode.error();
            auto controlled = read(store);
            if (!controlled)
                return controlled.error();
            if (!*mode || !controlled->contains(action))
                return KmsError(
                    kNoPermission, QStringLiteral("%1 is not under dual control").arg(action));
            if (!requester)
                return KmsError(kSessionInvalid,
                    QStringLiteral("no operator is logged in to make the approved action"));
            if (approverName.isEmpty())
                return KmsError(QStringLiteral("KMS.0127"));
            if (boundTarget.isEmpty())
                return KmsError(QStringLiteral("KMS.0102"));
            auto record = validName ? store.findOperator(approverName)
                                    : Result<std::optional<store::OperatorRecord>>(std::nullopt);
            if (!record)
                return record.error();
            if (!record->has_value())
                return KmsError(
                    kSessionInvalid, QStringLiteral("unknown operator or wrong password"));
            if (approverName == requester->name)
                return KmsError(kNoPermission,
                    QStringLiteral("the approval must come from an operator other than %1")
                        .arg(requester->name));
            KMS_TRY(auth::countPasswordCheck(
                store, **record, checked->passwordMatches, now, StoreSession::kMaxFailedLogins));
            const auto role = auth::parseRole((*record)->role);
            const auto actionClass = auth::actionClass(action);
            if (!role || !actionClass || !auth::roleAllows(*role, *actionClass))
                return KmsError(kNoPermission,
                    QStringLiteral("role %1 may not approve %2").arg((*record)->role, action));
            return success();
        },
        true, checked->auditOperator);
    if (!done)
        return done.error();
    service.operatorSession()->approvals().grant(auth::Approval { action, boundTarget,
        requester->name, approverName, now.addSecs(auth::Approvals::kLifetimeSeconds) });
    return success();
}

} // namespace kms::dualcontrol
