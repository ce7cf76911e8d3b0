#include "Credentials.h"

#include "auth/PasswordHash.h"
#include "auth/Roles.h"

namespace kms::auth {

Result<CredentialCheck> checkCredentials(store::Store &store, const QString &name,
    const SecureBytes &password, const Argon2Params &params)
{
    CredentialCheck check;
    check.validName = isValidOperatorName(name);
    auto known = check.validName ? store.findOperator(name)
                                 : Result<std::optional<store::OperatorRecord>>(std::nullopt);
    if (!known)
        return known.error();
    check.passwordMatches = known->has_value() && !(*known)->frozen
        && verifyPassword(password, (*known)->passwordHash);
    if (!known->has_value())
        (void)hashPassword(password, params); // as slow as a known name
    // Empty, not null, for a malformed name: the row then names nobody (KmsService::administer
    // takes a non-null operator as whom the row names).
    check.auditOperator = check.validName ? name : QStringLiteral("");
    if (known->has_value()) {
        if (const auto role = parseRole((*known)->role))
            check.auditOperator = auditOperator(name, *role);
    }
    return check;
}

Result<void> countPasswordCheck(store::Store &store, store::OperatorRecord &record,
    bool passwordMatches, const QDateTime &now, int maxFailures, bool *frozenNow)
{
    if (record.frozen)
        return KmsError(
            QStringLiteral("KMS.0406"), QStringLiteral("operator %1 is frozen").arg(record.name));
    record.updated = now;
    if (!passwordMatches) {
        record.failedLogins += 1;
        record.frozen = record.failedLogins >= maxFailures;
        if (frozenNow != nullptr)
            *frozenNow = record.frozen;
        KMS_TRY(store.updateOperator(record));
        return KmsError(QStringLiteral("KMS.0401"),
            record.frozen ? QStringLiteral("unknown operator or wrong password; %1 failed "
                                           "log-ins in a row froze the operator")
                                .arg(record.failedLogins)
                          : QStringLiteral("unknown operator or wrong password"));
    }
    if (record.failedLogins != 0) {
        record.failedLogins = 0;
        KMS_TRY(store.updateOperator(record));
    }
    return success();
}

} // namespace kms::auth
