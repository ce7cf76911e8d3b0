#include "FaultyHsm.h"

namespace kms::test {

namespace {
KmsError injected(const char *code)
{
    return KmsError(QString::fromLatin1(code), QStringLiteral("injected HSM fault"));
}
} // namespace

Result<QByteArray> FaultyHsm::generateKey(const hsm::KeyRef &key)
{
    if (failing(Fault::GenerateKey))
        return injected("KMS.0505");
    if (failing(Fault::WrapKey))
        return injected("KMS.0503");
    return m_real.generateKey(key);
}

Result<void> FaultyHsm::destroyKey(const hsm::KeyRef &key, const QByteArray &handle)
{
    return m_real.destroyKey(key, handle);
}

Result<QByteArray> FaultyHsm::publicKeyPem(const hsm::KeyRef &key, const QByteArray &handle)
{
    if (failing(Fault::UnwrapKey))
        return injected("KMS.0504");
    if (failing(Fault::PublicKey))
        return injected("KMS.0503");
    return m_real.publicKeyPem(key, handle);
}

Result<hsm::SealedData> FaultyHsm::encrypt(const hsm::KeyRef &key, const QByteArray &handle,
    const QByteArray &plaintext, const QByteArray &aad)
{
    if (failing(Fault::UnwrapKey))
        return injected("KMS.0504");
    if (failing(Fault::Encrypt))
        return injected("KMS.0514");
    return m_real.encrypt(key, handle, plaintext, aad);
}

Result<SecureBytes> FaultyHsm::decrypt(const hsm::KeyRef &key, const QByteArray &handle,
    const hsm::SealedData &sealed, const QByteArray &aad)
{
    if (failing(Fault::UnwrapKey))
        return injected("KMS.0504");
    return m_real.decrypt(key, handle, sealed, aad);
}

Result<SecureBytes> FaultyHsm::randomBytes(int count)
{
    if (failing(Fault::Random))
        return injected("KMS.0511");
    return m_real.randomBytes(count);
}

Result<QByteArray> FaultyHsm::sign(const hsm::KeyRef &key, const QByteArray &handle,
    SignAlgorithm algorithm, const QByteArray &digest)
{
    if (failing(Fault::UnwrapKey))
        return injected("KMS.0504");
    if (failing(Fault::Sign))
        return injected("KMS.0514");
    return m_real.sign(key, handle, algorithm, digest);
}

Result<SecureBytes> FaultyHsm::asymmetricDecrypt(const hsm::KeyRef &key, const QByteArray &handle,
    AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    if (failing(Fault::UnwrapKey))
        return injected("KMS.0504");
    return m_real.asymmetricDecrypt(key, handle, algorithm, ciphertext);
}

} // namespace kms::test
