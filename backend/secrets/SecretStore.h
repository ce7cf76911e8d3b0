#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QString>

namespace kms {

// Where the master key lives when the store is protected by the OS keychain. The console
// uses the Secret Service through QtKeychain; nothing else writes secrets anywhere.
// Errors: KMS.0503 with a detail that says why (no keychain service, entry missing,
// access denied), so the console can refuse to use the keychain and say so.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    virtual Result<SecureBytes> readSecret(const QString &name) = 0;
    virtual Result<void> writeSecret(const QString &name, const SecureBytes &secret) = 0;
    virtual Result<void> deleteSecret(const QString &name) = 0;
};

} // namespace kms
