#pragma once

#include "secrets/SecretStore.h"

namespace kms {

// SecretStore over QtKeychain (the Secret Service on Linux). Blocks on a local QEventLoop
// until the keychain job finishes, so it may be called from any thread with an event
// dispatcher (the GUI thread, kmsctl's QCoreApplication). The insecure plain-text fallback
// of QtKeychain is never enabled.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("kms-console"));

    Result<SecureBytes> readSecret(const QString &name) override;
    Result<void> writeSecret(const QString &name, const SecureBytes &secret) override;
    Result<void> deleteSecret(const QString &name) override;

private:
    QString m_service;
};

} // namespace kms
