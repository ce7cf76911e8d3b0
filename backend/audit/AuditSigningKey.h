#pragma once

#include "core/Result.h"

#include <QByteArray>

#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace kms {

class MasterKey;
namespace store {
class Store;
}

// The console's audit signing key: an Ed25519 key pair made once per store, which signs
// audit exports so that anyone holding the published public key can check them with
// `openssl pkeyutl -verify -rawin`. The private key exists on disk only wrapped under the
// master key (MasterKey::wrap, AES-256-GCM) with the public key bound in as associated data,
// so a public key swapped in the store makes the private key unusable rather than
// mismatched. The record lives in the store's metadata under "audit.signingKey":
//   {"algorithm":"ED25519","publicKeyPem":"-----BEGIN PUBLIC KEY-----...","wrapped":"<b64>"}
// Operators cannot use the key: no action signs caller-chosen data with it.
class AuditSigningKey
{
public:
    static constexpr QLatin1String kMetaKey { "audit.signingKey" };

    // The store's key, made and saved on first use. Making it writes the store: call inside
    // an open transaction. KMS.0503 on a storage or OpenSSL failure, KMS.0504 if the wrapped
    // key does not open under this master key.
    static Result<AuditSigningKey> loadOrCreate(store::Store &store, const MasterKey &masterKey);
    // The published public key (SubjectPublicKeyInfo PEM) without unwrapping anything;
    // nullopt until the key is made.
    static Result<std::optional<QByteArray>> storedPublicKeyPem(store::Store &store);
    // Master-key rotation: the stored private key unwrapped under `from` and wrapped again
    // under `to`, the same key pair (exports signed before still verify). Nothing to do before
    // the key is made. Call inside an open transaction; KMS.0504 if it does not open.
    static Result<void> rewrap(store::Store &store, const MasterKey &from, const MasterKey &to);

    AuditSigningKey(AuditSigningKey &&) noexcept;
    AuditSigningKey &operator=(AuditSigningKey &&) noexcept;
    ~AuditSigningKey();

    const QByteArray &publicKeyPem() const { return m_publicKeyPem; }
    // Pure Ed25519 (RFC 8032) over the whole message: 64 bytes. KMS.0503 on failure.
    Result<QByteArray> sign(const unsigned char *data, std::size_t size) const;
    // Checks a signature with a PEM public key (tests, and kmsctl's own check).
    static bool verify(const QByteArray &publicKeyPem, const unsigned char *data, std::size_t size,
        const QByteArray &signature);

private:
    struct KeyDeleter
    {
        void operator()(EVP_PKEY *key) const;
    };
    AuditSigningKey(std::unique_ptr<EVP_PKEY, KeyDeleter> key, QByteArray publicKeyPem);

    std::unique_ptr<EVP_PKEY, KeyDeleter> m_key;
    QByteArray m_publicKeyPem;
};

} // namespace kms
