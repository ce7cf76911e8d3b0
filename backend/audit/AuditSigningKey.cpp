#include "AuditSigningKey.h"

#include "crypto/MasterKey.h"
#include "crypto/OpenSslError.h"
#include "crypto/SecureBytes.h"
#include "store/Store.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <QJsonDocument>
#include <QJsonObject>

namespace kms {

namespace {

const QString kStoreError = QStringLiteral("KMS.0503");
constexpr std::size_t kRawKeyLength = 32;

QByteArray associatedData(const QByteArray &publicKeyPem)
{
    return QByteArrayLiteral("kms-audit-signing-key-v1:") + publicKeyPem;
}

QByteArray publicPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio == nullptr)
        return {};
    QByteArray pem;
    if (PEM_write_bio_PUBKEY(bio, key) == 1) {
        char *data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, qsizetype(length));
    }
    BIO_free(bio);
    return pem;
}

EVP_PKEY *readPublicPem(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    if (bio == nullptr)
        return nullptr;
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return key;
}

} // namespace

void AuditSigningKey::KeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

AuditSigningKey::AuditSigningKey(std::unique_ptr<EVP_PKEY, KeyDeleter> key, QByteArray publicKeyPem)
    : m_key(std::move(key))
    , m_publicKeyPem(std::move(publicKeyPem))
{
}

AuditSigningKey::AuditSigningKey(AuditSigningKey &&) noexcept = default;
AuditSigningKey &AuditSigningKey::operator=(AuditSigningKey &&) noexcept = default;
AuditSigningKey::~AuditSigningKey() = default;

Result<std::optional<QByteArray>> AuditSigningKey::storedPublicKeyPem(store::Store &store)
{
    auto json = store.meta(QString(kMetaKey));
    if (!json)
        return json.error();
    if (!json->has_value())
        return std::optional<QByteArray>();
    const QJsonObject record = QJsonDocument::fromJson(**json).object();
    const QByteArray pem = record.value(QStringLiteral("publicKeyPem")).toString().toLatin1();
    if (pem.isEmpty())
        return KmsError(kStoreError, QStringLiteral("the audit signing key record is damaged"));
    return std::optional<QByteArray>(pem);
}

Result<AuditSigningKey> AuditSigningKey::loadOrCreate(
    store::Store &store, const MasterKey &masterKey)
{
    auto json = store.meta(QString(kMetaKey));
    if (!json)
        return json.error();
    if (json->has_value()) {
        const QJsonObject record = QJsonDocument::fromJson(**json).object();
        const QByteArray pem = record.value(QStringLiteral("publicKeyPem")).toString().toLatin1();
        const QByteArray wrapped
            = QByteArray::fromBase64(record.value(QStringLiteral("wrapped")).toString().toLatin1());
        if (record.value(QStringLiteral("algorithm")).toString() != QLatin1String("ED25519")
            || pem.isEmpty() || wrapped.isEmpty())
            return KmsError(kStoreError, QStringLiteral("the audit signing key record is damaged"));
        auto raw = masterKey.unwrap(wrapped, associatedData(pem));
        if (!raw)
            return raw.error();
        std::unique_ptr<EVP_PKEY, KeyDeleter> key(
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, raw->data(), raw->size()));
        if (!key)
            return openSslError(kStoreError, "load the audit signing key");
        if (publicPem(key.get()) != pem)
            return KmsError(QStringLiteral("KMS.0504"),
                QStringLiteral("the audit signing key does not match its public key"));
        return AuditSigningKey(std::move(key), pem);
    }

    std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key)
        return openSslError(kStoreError, "make the audit signing key");
    SecureBytes raw(kRawKeyLength);
    std::size_t rawLength = raw.size();
    if (EVP_PKEY_get_raw_private_key(key.get(), raw.data(), &rawLength) != 1
        || rawLength != kRawKeyLength)
        return openSslError(kStoreError, "read the audit signing key");
    const QByteArray pem = publicPem(key.get());
    if (pem.isEmpty())
        return openSslError(kStoreError, "write the audit public key");
    auto wrapped = masterKey.wrap(raw, associatedData(pem));
    if (!wrapped)
        return wrapped.error();
    const QJsonObject record {
        { QStringLiteral("algorithm"), QStringLiteral("ED25519") },
        { QStringLiteral("publicKeyPem"), QString::fromLatin1(pem) },
        { QStringLiteral("wrapped"), QString::fromLatin1(wrapped->toBase64()) },
    };
    KMS_TRY(store.setMeta(QString(kMetaKey), QJsonDocument(record).toJson(QJsonDocument::Compact)));
    return AuditSigningKey(std::move(key), pem);
}

Result<void> AuditSigningKey::rewrap(
    store::Store &store, const MasterKey &from, const MasterKey &to)
{
    auto json = store.meta(QString(kMetaKey));
    if (!json)
        return json.error();
    if (!json->has_value())
        return success();
    QJsonObject record = QJsonDocument::fromJson(**json).object();
    const QByteArray pem = record.value(QStringLiteral("publicKeyPem")).toString().toLatin1();
    const QByteArray wrapped
        = QByteArray::fromBase64(record.value(QStringLiteral("wrapped")).toString().toLatin1());
    if (pem.isEmpty() || wrapped.isEmpty())
        return KmsError(kStoreError, QStringLiteral("the audit signing key record is damaged"));
    auto raw = from.unwrap(wrapped, associatedData(pem));
    if (!raw)
        return raw.error();
    auto rewrapped = to.wrap(*raw, associatedData(pem));
    if (!rewrapped)
        return rewrapped.error();
    record.insert(QStringLiteral("wrapped"), QString::fromLatin1(rewrapped->toBase64()));
    return store.setMeta(QString(kMetaKey), QJsonDocument(record).toJson(QJsonDocument::Compact));
}

Result<QByteArray> AuditSigningKey::sign(const unsigned char *data, std::size_t size) const
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == nullptr)
        return openSslError(kStoreError, "sign the audit export");
    QByteArray signature(64, '\0');
    std::size_t length = std::size_t(signature.size());
    const bool ok = EVP_DigestSignInit(context, nullptr, nullptr, nullptr, m_key.get()) == 1
        && EVP_DigestSign(
               context, reinterpret_cast<unsigned char *>(signature.data()), &length, data, size)
            == 1;
    EVP_MD_CTX_free(context);
    if (!ok)
        return openSslError(kStoreError, "sign the audit export");
    signature.resize(qsizetype(length));
    return signature;
}

bool AuditSigningKey::verify(const QByteArray &publicKeyPem, const unsigned char *data,
    std::size_t size, const QByteArray &signature)
{
    std::unique_ptr<EVP_PKEY, KeyDeleter> key(readPublicPem(publicKeyPem));
    if (!key)
        return false;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context == nullptr)
        return false;
    const bool ok = EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, key.get()) == 1
        && EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(signature.constData()),
               std::size_t(signature.size()), data, size)
            == 1;
    EVP_MD_CTX_free(context);
    clearOpenSslErrors();
    return ok;
}

} // namespace kms
