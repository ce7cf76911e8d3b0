#pragma once

#include "core/Result.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace kms {

class StoreSession;

// Dual control (issue 9, docs/operators.md): the actions an administrator puts under it need a
// second officer's approval before the logged-in operator may make them. The setting
// auth.dualControl is a comma list of those actions; it can be switched on only in operator
// mode. An approval (auth/Approvals.h) is given by another operator whose role may make the
// action itself, with that operator's password, for one action on one target by the operator
// logged in now; it is used once and lasts auth::Approvals::kLifetimeSeconds.
namespace dualcontrol {

inline constexpr QLatin1String kSetting { "auth.dualControl" };
inline constexpr QLatin1String kScheduleKeyDeletion { "ScheduleKeyDeletion" };
inline constexpr QLatin1String kRotateMasterKey { "RotateMasterKey" };

// The actions dual control can cover.
QStringList controllableActions();
// The actions of a setting's text; nullopt when it names anything else.
std::optional<QStringList> parse(const QString &text);
// The actions under dual control in this store (none when unset). KMS.0503 for a setting
// that names something else.
Result<QStringList> read(store::Store &store);
// What an approval of `action` is bound to: the key the request names (`cmkUuid`; an alias as
// the key it points at now) for ScheduleKeyDeletion, the store (its uuid) for RotateMasterKey.
QString requestTarget(store::Store &store, const QString &action, const QJsonObject &params,
    const QString &storeUuid);
// KMS.0405, saying that a second officer's approval is needed.
KmsError approvalNeeded(const QString &action, const QString &target);

// StoreSession::setDualControl: administrator only, audited as SetDualControl. KMS.0405
// outside operator mode, KMS.0101 for an action that is not controllable.
Result<void> set(StoreSession &session, const QStringList &actions);
// StoreSession::approve: audited as ApproveAction (the approver "name (role)" as operator,
// "<action> <target>" as target), refusals too. KMS.0401 for an unknown approver or a wrong
// password (counted towards the freeze like a failed log-in), KMS.0406 when the approver is
// frozen, KMS.0405 when the approver is the logged-in operator, may not make the action, the
// action is not under dual control, or operators are off; KMS.0127 for an empty name.
Result<void> approve(StoreSession &session, const Argon2Params &passwordParams,
    const QString &approverName, const SecureBytes &password, const QString &action,
    const QString &target);

} // namespace dualcontrol

} // namespace kms
