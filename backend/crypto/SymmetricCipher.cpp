#include "crypto/SymmetricCipher.h"

#include "crypto/OpenSslError.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <climits>
#include <initializer_list>
#include <memory>
#include <utility>

namespace kms::crypto {

namespace {

const QString kSealFailed = QStringLiteral("KMS.0503");
const QString kOpenFailed = QStringLiteral("KMS.0219");

template<auto FreeFunction> struct OpenSslDeleter
{
    template<typename T> void operator()(T *pointer) const { FreeFunction(pointer); }
};
using Cipher = std::unique_ptr<EVP_CIPHER, OpenSslDeleter<EVP_CIPHER_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, OpenSslDeleter<EVP_CIPHER_CTX_free>>;
using Mac = std::unique_ptr<EVP_MAC, OpenSslDeleter<EVP_MAC_free>>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, OpenSslDeleter<EVP_MAC_CTX_free>>;
using Kdf = std::unique_ptr<EVP_KDF, OpenSslDeleter<EVP_KDF_free>>;
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, OpenSslDeleter<EVP_KDF_CTX_free>>;

const char *digestName(Digest digest)
{
    return digest == Digest::Sm3 ? "SM3" : "SHA256";
}

// OSSL_PARAM wants non-const pointers even for inputs it only reads.
void *paramBytes(ByteView bytes)
{
    return const_cast<unsigned char *>(bytes.data());
}
char *paramString(const char *text)
{
    return const_cast<char *>(text);
}

// The algorithms, fetched from the default library context once per process (function-local
// statics: thread-safe initialisation) and freed at exit. OpenSSL 3.0 does an implicit fetch
// inside every EVP_EncryptInit_ex(EVP_aes_256_gcm()) and a name lookup inside every
// EVP_MAC_fetch/EVP_KDF_fetch; done per call they cost more than sealing a short message.
// Fetched objects are reference-counted and immutable, so sharing them between threads is
// safe. A null pointer means the provider lacks the algorithm: every call then fails as the
// init with a missing algorithm did before.
const EVP_CIPHER *aes256GcmCipher()
{
    static const Cipher cipher(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    return cipher.get();
}

const EVP_CIPHER *sm4CtrCipher()
{
    static const Cipher cipher(EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr));
    return cipher.get();
}

EVP_KDF *hkdfAlgorithm()
{
    static const Kdf kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
    return kdf.get();
}

EVP_MAC *hmacAlgorithm()
{
    static const Mac mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    return mac.get();
}

// A fresh HMAC context with the digest chosen and no key.
MacCtx newHmacContext(Digest digest)
{
    EVP_MAC *mac = hmacAlgorithm();
    MacCtx ctx(mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, paramString(digestName(digest)), 0),
        OSSL_PARAM_construct_end(),
    };
    if (!ctx || EVP_MAC_CTX_set_params(ctx.get(), params) != 1)
        return nullptr;
    return ctx;
}

// An HMAC context ready for EVP_MAC_init with a key. Choosing the digest by name fetches it
// again on every context, so one keyless template per digest is made once and each MAC
// starts from a copy of it (EVP_MAC_CTX_dup). The templates are never changed after their
// initialisation and dup only reads its source, so copies may be taken from any thread.
// Where the provider cannot duplicate a context, a fresh one is made as before.
MacCtx hmacContext(Digest digest)
{
    static const MacCtx sha256Template = newHmacContext(Digest::Sha256);
    static const MacCtx sm3Template = newHmacContext(Digest::Sm3);
    const MacCtx &tmpl = digest == Digest::Sm3 ? sm3Template : sha256Template;
    if (tmpl) {
        if (EVP_MAC_CTX *copy = EVP_MAC_CTX_dup(tmpl.get()))
            return MacCtx(copy);
        clearOpenSslErrors();
    }
    return newHmacContext(digest);
}

bool fitsInt(std::size_t size)
{
    return size <= static_cast<std::size_t>(INT_MAX);
}

unsigned char *writable(QByteArray &bytes)
{
    return reinterpret_cast<unsigned char *>(bytes.data());
}

// Feeds associated data into an AEAD context (output pointer null), skipping empty input.
bool updateAad(EVP_CIPHER_CTX *ctx, ByteView aad, bool encrypting)
{
    if (aad.empty())
        return true;
    int length = 0;
    const int size = static_cast<int>(aad.size());
    return encrypting ? EVP_EncryptUpdate(ctx, nullptr, &length, aad.data(), size) == 1
                      : EVP_DecryptUpdate(ctx, nullptr, &length, aad.data(), size) == 1;
}

// HMAC over the concatenation of parts, without building the concatenation.
Result<QByteArray> hmacParts(Digest digest, ByteView key, std::initializer_list<ByteView> parts)
{
    if (hmacAlgorithm() == nullptr)
        return openSslError(kSealFailed, "HMAC fetch");
    MacCtx ctx = hmacContext(digest);
    if (!ctx)
        return openSslError(kSealFailed, "HMAC context");
    if (EVP_MAC_init(ctx.get(), key.data(), key.size(), nullptr) != 1)
        return openSslError(kSealFailed, "HMAC init");
    for (const ByteView part : parts) {
        if (!part.empty() && EVP_MAC_update(ctx.get(), part.data(), part.size()) != 1)
            return openSslError(kSealFailed, "HMAC update");
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> out {};
    std::size_t outLength = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1)
        return openSslError(kSealFailed, "HMAC final");
    return QByteArray(
        reinterpret_cast<const char *>(out.data()), static_cast<qsizetype>(outLength));
}

Result<QByteArray> sm4Tag(const SecureBytes &macKey, ByteView iv, ByteView ciphertext, ByteView aad)
{
    std::array<unsigned char, 8> aadLength {};
    quint64 length = aad.size();
    for (int i = 7; i >= 0; --i) {
        aadLength[static_cast<std::size_t>(i)] = static_cast<unsigned char>(length & 0xff);
        length >>= 8;
    }
    return hmacParts(Digest::Sm3, byteView(macKey), { aadLength, aad, iv, ciphertext });
}

bool validSubkeys(const Sm4Subkeys &subkeys)
{
    return subkeys.encKey.size() == kSm4KeyLength && subkeys.macKey.size() == kSm3MacLength;
}

} // namespace

Result<Sm4Subkeys> sm4Subkeys(ByteView key)
{
    if (key.size() != kSm4KeyLength)
        return KmsError(kSealFailed, QStringLiteral("SM4-CTR-HMAC-SM3: wrong key length"));
    static constexpr char kEncInfo[] = "kms-sm4-ctr-enc";
    static constexpr char kMacInfo[] = "kms-sm4-hmac-sm3";
    const ByteView encInfo(reinterpret_cast<const unsigned char *>(kEncInfo), sizeof kEncInfo - 1);
    const ByteView macInfo(reinterpret_cast<const unsigned char *>(kMacInfo), sizeof kMacInfo - 1);
    auto encKey = hkdf(Digest::Sm3, key, {}, encInfo, kSm4KeyLength);
    if (!encKey)
        return encKey.error();
    auto macKey = hkdf(Digest::Sm3, key, {}, macInfo, kSm3MacLength);
    if (!macKey)
        return macKey.error();
    return Sm4Subkeys { std::move(encKey).value(), std::move(macKey).value() };
}

Result<SealedBytes> aes256GcmSeal(ByteView key, ByteView iv, ByteView plaintext, ByteView aad)
{
    if (key.size() != kAes256KeyLength || iv.size() != kGcmIvLength)
        return KmsError(kSealFailed, QStringLiteral("AES-256-GCM: wrong key or IV length"));
    if (!fitsInt(plaintext.size()) || !fitsInt(aad.size()))
        return KmsError(kSealFailed, QStringLiteral("AES-256-GCM: input too long"));

    CipherCtx ctx(EVP_CIPHER_CTX_new());
    const EVP_CIPHER *cipher = aes256GcmCipher();
    if (!ctx || cipher == nullptr
        || EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) != 1)
        return openSslError(kSealFailed, "AES-256-GCM encryption init");
    if (!updateAad(ctx.get(), aad, true))
        return openSslError(kSealFailed, "AES-256-GCM associated data");

    SealedBytes sealed;
    sealed.ciphertext.resize(static_cast<qsizetype>(plaintext.size()));
    int written = 0;
    if (!plaintext.empty()
        && EVP_EncryptUpdate(ctx.get(), writable(sealed.ciphertext), &written, plaintext.data(),
               static_cast<int>(plaintext.size()))
            != 1)
        return openSslError(kSealFailed, "AES-256-GCM encryption");
    int finalWritten = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), writable(sealed.ciphertext) + written, &finalWritten) != 1
        || static_cast<std::size_t>(written + finalWritten) != plaintext.size())
        return openSslError(kSealFailed, "AES-256-GCM encryption final");

    sealed.tag.resize(static_cast<qsizetype>(kGcmTagLength));
    if (EVP_CIPHER_CTX_ctrl(
            ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagLength), sealed.tag.data())
        != 1)
        return openSslError(kSealFailed, "AES-256-GCM tag");
    return sealed;
}

Result<SecureBytes> aes256GcmOpen(
    ByteView key, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad)
{
    if (key.size() != kAes256KeyLength || iv.size() != kGcmIvLength || tag.size() != kGcmTagLength)
        return KmsError(kOpenFailed, QStringLiteral("AES-256-GCM: wrong key, IV or tag length"));
    if (!fitsInt(ciphertext.size()) || !fitsInt(aad.size()))
        return KmsError(kOpenFailed, QStringLiteral("AES-256-GCM: input too long"));

    CipherCtx ctx(EVP_CIPHER_CTX_new());
    const EVP_CIPHER *cipher = aes256GcmCipher();
    if (!ctx || cipher == nullptr
        || EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) != 1)
        return openSslError(kOpenFailed, "AES-256-GCM decryption init");
    if (!updateAad(ctx.get(), aad, false))
        return openSslError(kOpenFailed, "AES-256-GCM associated data");

    SecureBytes plain(ciphertext.size());
    int written = 0;
    if (!ciphertext.empty()
        && EVP_DecryptUpdate(ctx.get(), plain.data(), &written, ciphertext.data(),
               static_cast<int>(ciphertext.size()))
            != 1)
        return openSslError(kOpenFailed, "AES-256-GCM decryption");
    if (EVP_CIPHER_CTX_ctrl(
            ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagLength), paramBytes(tag))
        != 1)
        return openSslError(kOpenFailed, "AES-256-GCM tag");
    int finalWritten = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), plain.data() + written, &finalWritten) != 1) {
        // The plaintext computed so far is not authentic: wipe it, never return it.
        plain.clear();
        clearOpenSslErrors();
        return KmsError(kOpenFailed, QStringLiteral("AES-256-GCM: authentication failed"));
    }
    return plain;
}

Result<SecureBytes> sm4Ctr(ByteView key, ByteView iv, ByteView input)
{
    if (key.size() != kSm4KeyLength || iv.size() != kSm4IvLength)
        return KmsError(kSealFailed, QStringLiteral("SM4-CTR: wrong key or IV length"));
    if (!fitsInt(input.size()))
        return KmsError(kSealFailed, QStringLiteral("SM4-CTR: input too long"));

    CipherCtx ctx(EVP_CIPHER_CTX_new());
    const EVP_CIPHER *cipher = sm4CtrCipher();
    if (!ctx || cipher == nullptr
        || EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) != 1)
        return openSslError(kSealFailed, "SM4-CTR init");
    SecureBytes out(input.size());
    int written = 0;
    if (!input.empty()
        && EVP_EncryptUpdate(
               ctx.get(), out.data(), &written, input.data(), static_cast<int>(input.size()))
            != 1)
        return openSslError(kSealFailed, "SM4-CTR");
    int finalWritten = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &finalWritten) != 1
        || static_cast<std::size_t>(written + finalWritten) != input.size())
        return openSslError(kSealFailed, "SM4-CTR final");
    return out;
}

Result<SealedBytes> sm4CtrHmacSm3Seal(ByteView key, ByteView iv, ByteView plaintext, ByteView aad)
{
    if (key.size() != kSm4KeyLength || iv.size() != kSm4IvLength)
        return KmsError(kSealFailed, QStringLiteral("SM4-CTR-HMAC-SM3: wrong key or IV length"));
    auto subkeys = sm4Subkeys(key);
    if (!subkeys)
        return subkeys.error();
    return sm4CtrHmacSm3Seal(*subkeys, iv, plaintext, aad);
}

Result<SealedBytes> sm4CtrHmacSm3Seal(
    const Sm4Subkeys &subkeys, ByteView iv, ByteView plaintext, ByteView aad)
{
    if (!validSubkeys(subkeys) || iv.size() != kSm4IvLength)
        return KmsError(kSealFailed, QStringLiteral("SM4-CTR-HMAC-SM3: wrong key or IV length"));
    auto ciphertext = sm4Ctr(byteView(subkeys.encKey), iv, plaintext);
    if (!ciphertext)
        return ciphertext.error();
    SealedBytes sealed;
    // The ciphertext is not secret: it leaves the secure buffer for a plain QByteArray.
    sealed.ciphertext = QByteArray(reinterpret_cast<const char *>(ciphertext->data()),
        static_cast<qsizetype>(ciphertext->size()));
    auto tag = sm4Tag(subkeys.macKey, iv, byteView(sealed.ciphertext), aad);
    if (!tag)
        return tag.error();
    sealed.tag = std::move(tag).value();
    return sealed;
}

Result<SecureBytes> sm4CtrHmacSm3Open(
    ByteView key, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad)
{
    if (key.size() != kSm4KeyLength || iv.size() != kSm4IvLength || tag.size() != kSm3MacLength)
        return KmsError(
            kOpenFailed, QStringLiteral("SM4-CTR-HMAC-SM3: wrong key, IV or tag length"));
    auto subkeys = sm4Subkeys(key);
    if (!subkeys)
        return subkeys.error().withCode(kOpenFailed);
    return sm4CtrHmacSm3Open(*subkeys, iv, ciphertext, tag, aad);
}

Result<SecureBytes> sm4CtrHmacSm3Open(
    const Sm4Subkeys &subkeys, ByteView iv, ByteView ciphertext, ByteView tag, ByteView aad)
{
    if (!validSubkeys(subkeys) || iv.size() != kSm4IvLength || tag.size() != kSm3MacLength)
        return KmsError(
            kOpenFailed, QStringLiteral("SM4-CTR-HMAC-SM3: wrong key, IV or tag length"));
    auto expected = sm4Tag(subkeys.macKey, iv, ciphertext, aad);
    if (!expected)
        return expected.error().withCode(kOpenFailed);
    // Verify before decrypting (encrypt-then-MAC), in constant time.
    if (expected->size() != static_cast<qsizetype>(tag.size())
        || CRYPTO_memcmp(expected->constData(), tag.data(), tag.size()) != 0)
        return KmsError(kOpenFailed, QStringLiteral("SM4-CTR-HMAC-SM3: authentication failed"));
    auto plain = sm4Ctr(byteView(subkeys.encKey), iv, ciphertext);
    if (!plain)
        return plain.error().withCode(kOpenFailed);
    return std::move(plain).value();
}

Result<SecureBytes> hkdf(
    Digest digest, ByteView ikm, ByteView salt, ByteView info, std::size_t length)
{
    if (length == 0)
        return KmsError(kSealFailed, QStringLiteral("HKDF: empty output requested"));
    EVP_KDF *kdf = hkdfAlgorithm();
    if (kdf == nullptr)
        return openSslError(kSealFailed, "HKDF fetch");
    KdfCtx ctx(EVP_KDF_CTX_new(kdf));
    if (!ctx)
        return openSslError(kSealFailed, "HKDF context");

    OSSL_PARAM params[5];
    OSSL_PARAM *param = params;
    *param++ = OSSL_PARAM_construct_utf8_string(
        OSSL_KDF_PARAM_DIGEST, paramString(digestName(digest)), 0);
    *param++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, paramBytes(ikm), ikm.size());
    if (!salt.empty())
        *param++
            = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, paramBytes(salt), salt.size());
    if (!info.empty())
        *param++
            = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, paramBytes(info), info.size());
    *param = OSSL_PARAM_construct_end();

    SecureBytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1)
        return openSslError(kSealFailed, "HKDF");
    return out;
}

Result<QByteArray> hmac(Digest digest, ByteView key, ByteView data)
{
    return hmacParts(digest, key, { data });
}

HmacKey::HmacKey(Digest digest, ByteView key)
{
    if (key.empty() || hmacAlgorithm() == nullptr)
        return;
    MacCtx ctx = hmacContext(digest);
    if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), nullptr) != 1) {
        clearOpenSslErrors();
        return;
    }
    m_keyed = ctx.release();
}

HmacKey::HmacKey(HmacKey &&other) noexcept
    : m_keyed(std::exchange(other.m_keyed, nullptr))
{
}

HmacKey &HmacKey::operator=(HmacKey &&other) noexcept
{
    if (this != &other) {
        EVP_MAC_CTX_free(m_keyed);
        m_keyed = std::exchange(other.m_keyed, nullptr);
    }
    return *this;
}

HmacKey::~HmacKey()
{
    EVP_MAC_CTX_free(m_keyed);
}

Result<QByteArray> HmacKey::mac(std::initializer_list<ByteView> parts) const
{
    if (m_keyed == nullptr)
        return KmsError(kSealFailed, QStringLiteral("HMAC without a key"));
    MacCtx ctx(EVP_MAC_CTX_dup(m_keyed));
    if (!ctx)
        return openSslError(kSealFailed, "HMAC context");
    for (const ByteView part : parts) {
        if (!part.empty() && EVP_MAC_update(ctx.get(), part.data(), part.size()) != 1)
            return openSslError(kSealFailed, "HMAC update");
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> out {};
    std::size_t outLength = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &outLength, out.size()) != 1)
        return openSslError(kSealFailed, "HMAC final");
    return QByteArray(
        reinterpret_cast<const char *>(out.data()), static_cast<qsizetype>(outLength));
}

} // namespace kms::crypto
