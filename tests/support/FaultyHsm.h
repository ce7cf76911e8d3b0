#pragma once

#include "hsm/Hsm.h"
#include "hsm/HsmProvider.h"

#include <QSet>

namespace kms::test {

// Fault injection into an HSM: passes every call through to a real HSM (the software HSM in
// the tests) unless the operation was told to fail, in which case it answers the error a
// failing device gives for it. Used to reach the 5xx codes through their real code paths.
class FaultyHsm final : public hsm::Hsm
{
public:
    enum class Fault { GenerateKey, WrapKey, UnwrapKey, Random, PublicKey, Encrypt, Sign };

    explicit FaultyHsm(hsm::Hsm &real)
        : m_real(real)
    {
    }
    void inject(Fault fault) { m_faults.insert(fault); }
    void clear() { m_faults.clear(); }

    QString name() const override { return m_real.name(); }
    bool supports(KeySpec spec) const override { return m_real.supports(spec); }
    Result<QByteArray> generateKey(const hsm::KeyRef &key) override;
    Result<void> destroyKey(const hsm::KeyRef &key, const QByteArray &handle) override;
    Result<QByteArray> publicKeyPem(const hsm::KeyRef &key, const QByteArray &handle) override;
    Result<hsm::SealedData> encrypt(const hsm::KeyRef &key, const QByteArray &handle,
        const QByteArray &plaintext, const QByteArray &aad) override;
    Result<SecureBytes> decrypt(const hsm::KeyRef &key, const QByteArray &handle,
        const hsm::SealedData &sealed, const QByteArray &aad) override;
    Result<SecureBytes> randomBytes(int count) override;
    Result<QByteArray> sign(const hsm::KeyRef &key, const QByteArray &handle,
        SignAlgorithm algorithm, const QByteArray &digest) override;
    Result<SecureBytes> asymmetricDecrypt(const hsm::KeyRef &key, const QByteArray &handle,
        AsymmetricAlgorithm algorithm, const QByteArray &ciphertext) override;
    Result<void> usePrivateKey(
        const hsm::KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use) override
    {
        if (failing(Fault::UnwrapKey))
            return KmsError(QStringLiteral("KMS.0504"), QStringLiteral("injected unwrap fault"));
        return m_real.usePrivateKey(key, handle, use);
    }

private:
    bool failing(Fault fault) const { return m_faults.contains(fault); }

    hsm::Hsm &m_real;
    QSet<Fault> m_faults;
};

// Serves one HSM for the "software" configuration.
class SingleHsmProvider final : public hsm::HsmProvider
{
public:
    explicit SingleHsmProvider(hsm::Hsm &hsm)
        : m_hsm(hsm)
    {
    }
    hsm::Hsm *hsmFor(const QString &configuration) override
    {
        return configuration == QLatin1String("software") ? &m_hsm : nullptr;
    }

private:
    hsm::Hsm &m_hsm;
};

} // namespace kms::test
