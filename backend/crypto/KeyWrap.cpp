#include "KeyWrap.h"

#include "crypto/OpenSslError.h"

#include <openssl/evp.h>

#include <memory>

namespace kms::crypto {

namespace {

const QString kUnwrapFailed = QStringLiteral("KMS.0239");

struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// One pass of AES-256 key wrap with padding; `out` must have room for in + 8 bytes.
bool wrapPass(bool encrypt, const SecureBytes &kek, const unsigned char *in, int inLength,
    unsigned char *out, int *outLength)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx || kek.size() != 32)
        return false;
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int written = 0;
    int final = 0;
    if (EVP_CipherInit_ex(
            ctx.get(), EVP_aes_256_wrap_pad(), nullptr, kek.data(), nullptr, encrypt ? 1 : 0)
            != 1
        || EVP_CipherUpdate(ctx.get(), out, &written, in, inLength) != 1
        || EVP_CipherFinal_ex(ctx.get(), out + written, &final) != 1)
        return false;
    *outLength = written + final;
    return true;
}

} // namespace

Result<SecureBytes> aesKeyUnwrapPad(const SecureBytes &kek, const QByteArray &wrapped)
{
    // OpenSSL "unwraps" an empty input to an empty output: refuse what cannot be a wrap.
    if (wrapped.size() < 16 || wrapped.size() % 8 != 0)
        return KmsError(
            kUnwrapFailed, QStringLiteral("a wrapped key is a multiple of 8 bytes, 16 or more"));
    SecureBytes plain;
    plain.resize(static_cast<std::size_t>(wrapped.size()));
    int length = 0;
    if (!wrapPass(false, kek, reinterpret_cast<const unsigned char *>(wrapped.constData()),
            int(wrapped.size()), plain.data(), &length)) {
        clearOpenSslErrors();
        return KmsError(kUnwrapFailed, QStringLiteral("the wrapped key does not unwrap"));
    }
    plain.resize(static_cast<std::size_t>(length));
    return plain;
}

Result<QByteArray> aesKeyWrapPad(const SecureBytes &kek, const SecureBytes &plain)
{
    QByteArray wrapped(plain.intSize() + 16, Qt::Uninitialized);
    int length = 0;
    if (!wrapPass(true, kek, plain.data(), plain.intSize(),
            reinterpret_cast<unsigned char *>(wrapped.data()), &length))
        return openSslError(QStringLiteral("KMS.0503"), "AES key wrap");
    wrapped.resize(length);
    return wrapped;
}

} // namespace kms::crypto
