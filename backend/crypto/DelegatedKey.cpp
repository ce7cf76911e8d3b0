// The legacy key methods are the documented way to plug an external signer into OpenSSL 3.0's
// X.509 signing without writing a provider; silence their deprecation here only.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "crypto/DelegatedKey.h"

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <cstring>
#include <mutex>

namespace kms::crypto {

namespace {

Result<QByteArray> delegatedSignature(
    DelegatedSigner *signer, SignAlgorithm algorithm, const unsigned char *digest, int length)
{
    if (signer == nullptr)
        return KmsError(QStringLiteral("KMS.0514"), QStringLiteral("no signer"));
    auto signature
        = signer->sign(algorithm, QByteArray(reinterpret_cast<const char *>(digest), length));
    if (!signature)
        signer->lastError = signature.error();
    return signature;
}

// The ex_data slots that carry the DelegatedSigner to the callbacks, and the methods, made once.
struct Methods
{
    int rsaIndex = -1;
    int ecIndex = -1;
    RSA_METHOD *rsa = nullptr;
    EC_KEY_METHOD *ec = nullptr;
};

int rsaSign(int type, const unsigned char *m, unsigned int length, unsigned char *signature,
    unsigned int *signatureLength, const RSA *rsa);
ECDSA_SIG *ecSign(
    const unsigned char *digest, int length, const BIGNUM *, const BIGNUM *, EC_KEY *key);

const Methods &methods()
{
    static Methods made;
    static std::once_flag once;
    std::call_once(once, [] {
        made.rsaIndex = RSA_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
        made.ecIndex = EC_KEY_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
        made.rsa = RSA_meth_dup(RSA_PKCS1_OpenSSL());
        if (made.rsa != nullptr) {
            RSA_meth_set1_name(made.rsa, "kms-delegated-rsa");
            RSA_meth_set_sign(made.rsa, rsaSign);
        }
        made.ec = EC_KEY_METHOD_new(EC_KEY_OpenSSL());
        if (made.ec != nullptr) {
            int (*defaultSign)(int, const unsigned char *, int, unsigned char *, unsigned int *,
                const BIGNUM *, const BIGNUM *, EC_KEY *)
                = nullptr;
            EC_KEY_METHOD_get_sign(EC_KEY_OpenSSL(), &defaultSign, nullptr, nullptr);
            // ECDSA_sign goes through the default sign, which asks sign_sig for the signature.
            EC_KEY_METHOD_set_sign(made.ec, defaultSign, nullptr, ecSign);
        }
    });
    return made;
}

int rsaSign(int type, const unsigned char *m, unsigned int length, unsigned char *signature,
    unsigned int *signatureLength, const RSA *rsa)
{
    if (type != NID_sha256 || length != 32)
        return 0;
    auto made = delegatedSignature(
        static_cast<DelegatedSigner *>(RSA_get_ex_data(rsa, methods().rsaIndex)),
        SignAlgorithm::RsaPkcs1Sha256, m, int(length));
    if (!made || made->size() != RSA_size(rsa))
        return 0;
    std::memcpy(signature, made->constData(), size_t(made->size()));
    *signatureLength = unsigned(made->size());
    return 1;
}

ECDSA_SIG *ecSign(
    const unsigned char *digest, int length, const BIGNUM *, const BIGNUM *, EC_KEY *key)
{
    if (length != 32)
        return nullptr;
    auto made = delegatedSignature(
        static_cast<DelegatedSigner *>(EC_KEY_get_ex_data(key, methods().ecIndex)),
        SignAlgorithm::EcdsaSha256, digest, length);
    if (!made)
        return nullptr;
    const auto *der = reinterpret_cast<const unsigned char *>(made->constData());
    return d2i_ECDSA_SIG(nullptr, &der, long(made->size()));
}

} // namespace

Result<PKey> makeDelegatedKey(const QByteArray &publicKeyPem, KeySpec spec, DelegatedSigner &signer)
{
    const KmsError unsupported(QStringLiteral("KMS.0212"),
        QStringLiteral("%1 keys in this HSM cannot sign X.509 structures").arg(keySpecName(spec)));
    if (spec != KeySpec::Rsa2048 && spec != KeySpec::EcP256)
        return unsupported;
    const Methods &m = methods();
    auto publicKey = decodePublicKey(publicKeyPem, spec);
    if (!publicKey)
        return publicKey.error();
    PKey key(EVP_PKEY_new());
    if (!key)
        return unsupported;
    if (spec == KeySpec::Rsa2048) {
        RSA *rsa = EVP_PKEY_get1_RSA(publicKey->get()); // a copy of the public key
        if (rsa == nullptr || m.rsa == nullptr || RSA_set_method(rsa, m.rsa) != 1
            || RSA_set_ex_data(rsa, m.rsaIndex, &signer) != 1
            || EVP_PKEY_assign_RSA(key.get(), rsa) != 1) {
            RSA_free(rsa);
            return unsupported;
        }
    } else {
        EC_KEY *ec = EVP_PKEY_get1_EC_KEY(publicKey->get());
        if (ec == nullptr || m.ec == nullptr || EC_KEY_set_method(ec, m.ec) != 1
            || EC_KEY_set_ex_data(ec, m.ecIndex, &signer) != 1
            || EVP_PKEY_assign_EC_KEY(key.get(), ec) != 1) {
            EC_KEY_free(ec);
            return unsupported;
        }
    }
    return key;
}

} // namespace kms::crypto
