#include "KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>

namespace kms {

namespace {

// Runs a keychain job to completion on a local event loop.
void runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never write the secret in plain text
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

KmsError keychainError(const QKeychain::Job &job, const QString &what)
{
    QString cause;
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        cause = QStringLiteral("the keychain has no entry for this store");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        cause = QStringLiteral("the keychain denied access");
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        cause = QStringLiteral("no keychain service (Secret Service) is available");
        break;
    default:
        cause = QStringLiteral("the keychain service failed (is a Secret Service running and "
                               "unlocked?)");
        break;
    }
    return KmsError(QStringLiteral("KMS.0503"),
        QStringLiteral("%1: %2: %3").arg(what, cause, job.errorString()));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{
}

Result<SecureBytes> KeychainSecretStore::readSecret(const QString &name)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(name);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("reading the master key from the keychain"));
    QByteArray data = job.binaryData();
    SecureBytes secret = SecureBytes::fromByteArray(data);
    wipeByteArray(data);
    return secret;
}

Result<void> KeychainSecretStore::writeSecret(const QString &name, const SecureBytes &secret)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(name);
    QByteArray data(reinterpret_cast<const char *>(secret.data()), secret.intSize());
    job.setBinaryData(data);
    wipeByteArray(data);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("writing the master key to the keychain"));
    return success();
}

Result<void> KeychainSecretStore::deleteSecret(const QString &name)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(name);
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return keychainError(job, QStringLiteral("deleting the master key from the keychain"));
    return success();
}

} // namespace kms
