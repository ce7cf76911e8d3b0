#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace kms::auth {

// The roles of operators (issue 9): separation of duties. The one table of what each role
// may call is in Roles.cpp.
enum class Role { Administrator, KeyOfficer, CryptoUser, Auditor };

// Classes of actions a role is allowed or refused as a whole.
enum class ActionClass {
    Administration, // operators, regions, HSMs (StoreSession, not KMS actions)
    KeyManagement, // keys, aliases, rotation, deletion, certificates, import, jobs
    KeyUse, // encrypt, decrypt, data keys, sign, verify
    PublicKeyRead, // GetPublicKey
    MetadataRead, // Describe*/List* of keys, versions, aliases, certificates, jobs
    AuditRead, // ListAuditEvents, GetAuditPublicKey
};

// "administrator", "key_officer", "crypto_user", "auditor".
QString roleName(Role role);
std::optional<Role> parseRole(const QString &name);
QStringList roleNames();

// The class of a KMS action (KmsService::actions()) or of an administrative event
// ("CreateOperator", ...); nullopt for a name of neither.
std::optional<ActionClass> actionClass(const QString &action);

// Whether the role may call actions of the class at all.
bool roleAllows(Role role, ActionClass actionClass);
// Whether the role may use only the keys (and certificates) granted to it: then every key an
// action names or acts on must be granted.
bool roleNeedsGrant(Role role);

// Operator names: 1 to 64 of [A-Za-z0-9._-] (no spaces or parentheses: the audit row's
// operator field is "name (role)").
bool isValidOperatorName(const QString &name);

// "alice (key_officer)": how an operator acting in a role is recorded in the audit trail.
QString auditOperator(const QString &name, Role role);

} // namespace kms::auth
