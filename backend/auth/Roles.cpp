#include "Roles.h"

#include <QRegularExpression>

#include <algorithm>
#include <iterator>

namespace kms::auth {

namespace {

struct RoleEntry
{
    Role role;
    const char *name;
};

constexpr RoleEntry kRoles[] = {
    { Role::Administrator, "administrator" },
    { Role::KeyOfficer, "key_officer" },
    { Role::CryptoUser, "crypto_user" },
    { Role::Auditor, "auditor" },
};

struct ActionEntry
{
    const char *action;
    ActionClass actionClass;
};

// Every KMS action and administrative event, by class. A new action must be added here, or
// operators cannot call it (KMS.0405).
constexpr ActionEntry kActionClasses[] = {
    // Administration: not KMS actions, StoreSession's administrative calls.
    { "CreateOperator", ActionClass::Administration },
    { "UpdateOperator", ActionClass::Administration },
    { "UpdateSetting", ActionClass::Administration },
    { "FreezeOperator", ActionClass::Administration },
    { "UnfreezeOperator", ActionClass::Administration },
    { "GrantKey", ActionClass::Administration },
    { "ListOperators", ActionClass::Administration },
    { "CreateAccessKey", ActionClass::Administration },
    { "EnableAccessKey", ActionClass::Administration },
    { "DisableAccessKey", ActionClass::Administration },
    { "DeleteAccessKey", ActionClass::Administration },
    { "ListAccessKeys", ActionClass::Administration },
    { "AddRegion", ActionClass::Administration },
    { "SaveHsm", ActionClass::Administration },
    { "RemoveHsm", ActionClass::Administration },
    { "RotateMasterKey", ActionClass::Administration },
    { "SetDualControl", ActionClass::Administration },
    // Key management.
    { "CreateKey", ActionClass::KeyManagement },
    { "UpdateKeyDescription", ActionClass::KeyManagement },
    { "EnableKey", ActionClass::KeyManagement },
    { "DisableKey", ActionClass::KeyManagement },
    { "ScheduleKeyDeletion", ActionClass::KeyManagement },
    { "CancelKeyDeletion", ActionClass::KeyManagement },
    { "GetDefaultKey", ActionClass::KeyManagement }, // may create the default key
    { "UpdateRotationPolicy", ActionClass::KeyManagement },
    { "RotateKey", ActionClass::KeyManagement },
    { "RunJob", ActionClass::KeyManagement },
    { "CreateCertificate", ActionClass::KeyManagement },
    { "UploadCertificate", ActionClass::KeyManagement },
    { "UpdateCertificateStatus", ActionClass::KeyManagement },
    { "DeleteCertificate", ActionClass::KeyManagement },
    { "ExportCertificate", ActionClass::KeyManagement }, // may export a private key
    { "IssueCertificate", ActionClass::KeyManagement },
    { "RevokeIssuedCertificate", ActionClass::KeyManagement },
    { "GenerateCrl", ActionClass::KeyManagement },
    { "GetParametersForImport", ActionClass::KeyManagement },
    { "ImportKeyMaterial", ActionClass::KeyManagement },
    { "DeleteKeyMaterial", ActionClass::KeyManagement },
    { "CreateAlias", ActionClass::KeyManagement },
    { "UpdateAlias", ActionClass::KeyManagement },
    { "DeleteAlias", ActionClass::KeyManagement },
    // Key use.
    { "Encrypt", ActionClass::KeyUse },
    { "Decrypt", ActionClass::KeyUse },
    { "ReEncrypt", ActionClass::KeyUse },
    { "GenerateDataKey", ActionClass::KeyUse },
    { "GenerateDataKeyWithoutPlaintext", ActionClass::KeyUse },
    { "AsymmetricSign", ActionClass::KeyUse },
    { "AsymmetricVerify", ActionClass::KeyUse },
    { "AsymmetricEncrypt", ActionClass::KeyUse },
    { "AsymmetricDecrypt", ActionClass::KeyUse },
    { "CertificatePrivateKeySign", ActionClass::KeyUse },
    { "CertificatePublicKeyVerify", ActionClass::KeyUse },
    { "GetPublicKey", ActionClass::PublicKeyRead },
    // Metadata reads.
    { "DescribeKey", ActionClass::MetadataRead },
    { "ListKeys", ActionClass::MetadataRead },
    { "ListKeyVersions", ActionClass::MetadataRead },
    { "DescribeKeyVersion", ActionClass::MetadataRead },
    { "ListJobs", ActionClass::MetadataRead },
    { "DescribeCertificate", ActionClass::MetadataRead },
    { "ListCertificates", ActionClass::MetadataRead },
    { "ListAliases", ActionClass::MetadataRead },
    { "ListAliasesByKeyId", ActionClass::MetadataRead },
    // The audit log.
    { "ListAuditEvents", ActionClass::AuditRead },
    { "GetAuditPublicKey", ActionClass::AuditRead },
};

// The role table (docs/formats.md, "Operators"): which classes each role may call.
//
//                   Administration KeyManagement KeyUse PublicKeyRead MetadataRead AuditRead
// administrator          yes            -          -          -            yes         -
// key_officer             -            yes         -         yes           yes         -
// crypto_user             -             -       granted    granted      granted        -
// auditor                 -             -          -          -            yes        yes
bool allows(Role role, ActionClass c)
{
    switch (role) {
    case Role::Administrator:
        return c == ActionClass::Administration || c == ActionClass::MetadataRead;
    case Role::KeyOfficer:
        return c == ActionClass::KeyManagement || c == ActionClass::PublicKeyRead
            || c == ActionClass::MetadataRead;
    case Role::CryptoUser:
        return c == ActionClass::KeyUse || c == ActionClass::PublicKeyRead
            || c == ActionClass::MetadataRead;
    case Role::Auditor:
        return c == ActionClass::MetadataRead || c == ActionClass::AuditRead;
    }
    return false;
}

} // namespace

QString roleName(Role role)
{
    for (const RoleEntry &entry : kRoles) {
        if (entry.role == role)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<Role> parseRole(const QString &name)
{
    for (const RoleEntry &entry : kRoles) {
        if (name == QLatin1String(entry.name))
            return entry.role;
    }
    return std::nullopt;
}

QStringList roleNames()
{
    QStringList names;
    for (const RoleEntry &entry : kRoles)
        names.append(QString::fromLatin1(entry.name));
    return names;
}

std::optional<ActionClass> actionClass(const QString &action)
{
    const auto it = std::find_if(std::begin(kActionClasses), std::end(kActionClasses),
        [&](const ActionEntry &e) { return action == QLatin1String(e.action); });
    if (it == std::end(kActionClasses))
        return std::nullopt;
    return it->actionClass;
}

bool roleAllows(Role role, ActionClass actionClass)
{
    return allows(role, actionClass);
}

bool roleNeedsGrant(Role role)
{
    return role == Role::CryptoUser;
}

bool isValidOperatorName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(name).hasMatch();
}

QString auditOperator(const QString &name, Role role)
{
    return QStringLiteral("%1 (%2)").arg(name, roleName(role));
}

} // namespace kms::auth
