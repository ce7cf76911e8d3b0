#pragma once

#include "core/Result.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"
#include "store/Store.h"

#include <QDateTime>
#include <QString>

namespace kms::auth {

// An operator's name and password as a log-in or a second officer's approval checks them, in
// two steps: the slow Argon2id comparison before the caller's transaction (the write lock is
// not held while it runs), then the count of failures inside it.
struct CredentialCheck
{
    bool validName = false; // an operator name at all (a password typed in the wrong field is not)
    bool passwordMatches = false; // a known, unfrozen operator with this password
    QString auditOperator; // "name (role)" of a known operator, the name, or "" when not valid
};

// Step one: as slow for an unknown name as for a known one.
Result<CredentialCheck> checkCredentials(store::Store &store, const QString &name,
    const SecureBytes &password, const Argon2Params &params);

// Step two, inside the transaction, on the operator as the store has it now: KMS.0406 when
// frozen; a wrong password counts one more failure, freezes at `maxFailures` (`frozenNow`) and
// answers KMS.0401 (the caller keeps the count: keepOnFailure); a right one restarts the count.
Result<void> countPasswordCheck(store::Store &store, store::OperatorRecord &record,
    bool passwordMatches, const QDateTime &now, int maxFailures, bool *frozenNow = nullptr);

} // namespace kms::auth
