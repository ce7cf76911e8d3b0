// Asymmetric algorithms over OpenSSL 3.0's EVP_PKEY interfaces (conventions of
// core/Algorithms.h, written out so they can be checked against other implementations):
//
// Keys: SubjectPublicKeyInfo / PKCS#8 PrivateKeyInfo, PEM or DER (OSSL_DECODER; an
//   encrypted PKCS#8 key is refused, never prompted for). The decoder for the one format and
//   key type expected is tried first, as it is several times cheaper to set up in OpenSSL
//   3.0; anything it does not take goes to the decoder that tries every format and type,
//   which decides as before. A key fits an algorithm when it is
//   what the algorithm's spec promises: RSA (rsaEncryption, not RSASSA-PSS) with a 2048-bit
//   modulus; EC on prime256v1; SM2 (id-ecPublicKey with the curve 1.2.156.10197.1.301,
//   which OpenSSL 3.0 decodes as an "SM2" key).
//
// Signatures, always over a 32-byte digest given by the caller (EVP_PKEY_sign/verify):
//   RSA_PSS_SHA_256    RSASSA-PSS, hash SHA-256, MGF1-SHA-256, salt length exactly 32 (a
//                      signature with another salt length does not verify); 256 bytes
//   RSA_PKCS1_SHA_256  RSASSA-PKCS1-v1_5 over DigestInfo(SHA-256) with the NULL parameters
//                      (a DigestInfo without them does not verify); 256 bytes
//   ECDSA_SHA_256      DER SEQUENCE { INTEGER r, INTEGER s }; only the DER form verifies
//   SM2DSA             the digest is e = SM3(Z_A || M) (sm2Digest below); OpenSSL 3.0's SM2
//                      EVP_PKEY_sign/verify take a raw 32-byte input as e itself (checked
//                      against the GB/T 32918 example in tests/backend/TestCryptoVectors);
//                      DER SEQUENCE { INTEGER r, INTEGER s }
//
// Z_A (GM/T 0003.2-2012 section 5.5, GB/T 32918.2-2016):
//   Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA)
//   ENTL = the ID's length in bits, 2 bytes big-endian (so the ID is at most 8191 bytes);
//   a, b, xG, yG from the key's group (OpenSSL's SM2 curve), xA, yA the public point; every
//   field element big-endian, left-padded with zeros to the field's length (32 bytes).
//   The default ID is "1234567812345678" (16 bytes, ENTL = 0x0080).
//
// Encryption (EVP_PKEY_encrypt/decrypt):
//   RSAES_OAEP_SHA_256 OAEP, hash SHA-256, MGF1-SHA-256, empty label; plaintext <= 190 bytes
//   RSAES_OAEP_SHA_1   OAEP, hash SHA-1, MGF1-SHA-1, empty label; plaintext <= 214 bytes
//   SM2PKE             GM/T 0003.4 with SM3, OpenSSL's DER form
//                      SEQUENCE { INTEGER x1, INTEGER y1, OCTET STRING C3, OCTET STRING C2 },
//                      plaintext of at least 1 byte (OpenSSL 3.0 cannot encrypt an empty one);
//                      a ciphertext must be that one SEQUENCE with nothing after it (OpenSSL
//                      itself would ignore trailing bytes)
//   A ciphertext that does not decrypt answers KMS.0239 with one fixed detail, whatever the
//   reason, so the answer tells nothing about where the padding check failed.
//
// Error codes: KMS.0128 digest not 32 bytes, plaintext too long (or empty for SM2), SM2 ID
// longer than 8191 bytes, a message stream that cannot be read; KMS.0212 key that does not
// decode or does not fit the algorithm; KMS.0239 ciphertext that does not decrypt; KMS.0514
// any other failure inside OpenSSL.

#include "crypto/PublicKeyCrypto.h"

#include "crypto/OpenSslError.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>

namespace kms::crypto {

namespace {

const QString kBadInput = QStringLiteral("KMS.0128");
const QString kWrongKey = QStringLiteral("KMS.0212");
const QString kDecryptFailed = QStringLiteral("KMS.0239");
const QString kOperationFailed = QStringLiteral("KMS.0514");

constexpr qsizetype kDigestLength = kSignDigestLength;
constexpr int kRsaBits = 2048;
constexpr int kPssSaltLength = 32;
// ENTL is the ID's length in bits in two bytes.
constexpr qsizetype kMaxSm2IdLength = 0xffff / 8;
// Read size when digesting a stream.
constexpr qsizetype kReadChunk = 64 * 1024;

template<auto FreeFunction> struct OpenSslDeleter
{
    template<typename T> void operator()(T *pointer) const { FreeFunction(pointer); }
};
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;
using DecoderCtx = std::unique_ptr<OSSL_DECODER_CTX, OpenSslDeleter<OSSL_DECODER_CTX_free>>;
using Md = std::unique_ptr<EVP_MD, OpenSslDeleter<EVP_MD_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX_free>>;
using BigNum = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using BnCtx = std::unique_ptr<BN_CTX, OpenSslDeleter<BN_CTX_free>>;
using EcGroup = std::unique_ptr<EC_GROUP, OpenSslDeleter<EC_GROUP_free>>;

const unsigned char *bytesOf(const QByteArray &bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.constData());
}

std::size_t sizeOf(const QByteArray &bytes)
{
    return static_cast<std::size_t>(bytes.size());
}

// Encrypted private keys are not accepted: refuse instead of prompting.
int refusePassphrase(char *, size_t, size_t *, const OSSL_PARAM[], void *)
{
    return 0;
}

// The OpenSSL key type of a spec's keys, as the decoders name it.
const char *keyTypeOf(KeySpec spec)
{
    switch (spec) {
    case KeySpec::Rsa2048:
        return "RSA";
    case KeySpec::EcP256:
        return "EC";
    case KeySpec::EcSm2:
        return "SM2";
    default:
        return nullptr;
    }
}

// The fast path: a decoder for one input format (PEM if the data starts like PEM, else DER),
// one structure and the key type the spec expects. It only ever takes a subset of what
// decodeKey takes (decodeKey's decoder chain includes this one), so trying it first changes
// no answer; null when it does not take the input, with the error queue left empty.
PKey decodeExpectedKey(const unsigned char *data, std::size_t length, const char *structure,
    int selection, KeySpec spec)
{
    static constexpr char kPemStart[] = "-----";
    const char *keyType = keyTypeOf(spec);
    if (keyType == nullptr || length == 0)
        return nullptr;
    const bool pem
        = length >= sizeof kPemStart - 1 && std::memcmp(data, kPemStart, sizeof kPemStart - 1) == 0;
    EVP_PKEY *decoded = nullptr;
    DecoderCtx decoder(OSSL_DECODER_CTX_new_for_pkey(
        &decoded, pem ? "PEM" : "DER", structure, keyType, selection, nullptr, nullptr));
    int decodedOk = 0;
    if (decoder) {
        OSSL_DECODER_CTX_set_passphrase_cb(decoder.get(), refusePassphrase, nullptr);
        decodedOk = OSSL_DECODER_from_data(decoder.get(), &data, &length);
    }
    PKey key(decoded);
    if (decodedOk != 1 || !key) {
        clearOpenSslErrors();
        return nullptr;
    }
    return key;
}

Result<PKey> decodeKey(
    const unsigned char *data, std::size_t length, const char *structure, int selection)
{
    EVP_PKEY *decoded = nullptr;
    // No input type: PEM and DER are both tried.
    DecoderCtx decoder(OSSL_DECODER_CTX_new_for_pkey(
        &decoded, nullptr, structure, nullptr, selection, nullptr, nullptr));
    if (!decoder)
        return openSslError(kOperationFailed, "key decoder");
    OSSL_DECODER_CTX_set_passphrase_cb(decoder.get(), refusePassphrase, nullptr);
    const int decodedOk = length > 0 ? OSSL_DECODER_from_data(decoder.get(), &data, &length) : 0;
    PKey key(decoded);
    if (decodedOk != 1 || !key) {
        clearOpenSslErrors();
        return KmsError(kWrongKey,
            QStringLiteral("the %1 does not decode")
                .arg(selection == EVP_PKEY_PUBLIC_KEY ? QStringLiteral("public key")
                                                      : QStringLiteral("private key")));
    }
    return key;
}

QByteArray groupName(EVP_PKEY *key)
{
    std::array<char, 64> name {};
    std::size_t length = 0;
    if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &length) != 1) {
        clearOpenSslErrors();
        return {};
    }
    return QByteArray(name.data(), static_cast<qsizetype>(length));
}

// Whether a decoded key is what the spec promises (the same rule as the software HSM's).
bool keyFits(EVP_PKEY *key, KeySpec spec)
{
    switch (spec) {
    case KeySpec::Rsa2048:
        return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) == kRsaBits;
    case KeySpec::EcP256:
        return EVP_PKEY_is_a(key, "EC") && groupName(key) == "prime256v1";
    case KeySpec::EcSm2:
        return EVP_PKEY_is_a(key, "SM2") && groupName(key) == "SM2";
    default:
        return false;
    }
}

Result<void> checkFits(EVP_PKEY *key, KeySpec spec)
{
    if (key == nullptr || !keyFits(key, spec))
        return KmsError(
            kWrongKey, QStringLiteral("the key is not a %1 key").arg(keySpecName(spec)));
    return success();
}

Result<PKey> fitting(Result<PKey> key, KeySpec spec)
{
    if (!key)
        return key;
    KMS_TRY(checkFits(key->get(), spec));
    return key;
}

// Decodes with the fast path first, then with decodeKey; either result must fit the spec.
Result<PKey> decodeFitting(const unsigned char *data, std::size_t length, const char *structure,
    int selection, KeySpec spec)
{
    if (PKey key = decodeExpectedKey(data, length, structure, selection, spec))
        return fitting(std::move(key), spec);
    return fitting(decodeKey(data, length, structure, selection), spec);
}

Result<PKey> publicKeyFor(const QByteArray &publicKey, KeySpec spec)
{
    return decodeFitting(
        bytesOf(publicKey), sizeOf(publicKey), "SubjectPublicKeyInfo", EVP_PKEY_PUBLIC_KEY, spec);
}

Result<PKey> privateKeyFor(const SecureBytes &privateKey, KeySpec spec)
{
    return decodeFitting(
        privateKey.data(), privateKey.size(), "PrivateKeyInfo", EVP_PKEY_KEYPAIR, spec);
}

// Padding, digests and salt length of a signature context (after sign_init/verify_init).
bool configureSignature(EVP_PKEY_CTX *ctx, SignAlgorithm algorithm)
{
    switch (algorithm) {
    case SignAlgorithm::RsaPssSha256:
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0
            && EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) > 0
            && EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, "SHA256", nullptr) > 0
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, kPssSaltLength) > 0;
    case SignAlgorithm::RsaPkcs1Sha256:
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0
            && EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) > 0;
    case SignAlgorithm::EcdsaSha256:
        return EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) > 0;
    case SignAlgorithm::Sm2Dsa:
        // The input is e; no digest and no ID at this level (they are in sm2Digest).
        return true;
    }
    return false;
}

bool configureEncryption(EVP_PKEY_CTX *ctx, AsymmetricAlgorithm algorithm)
{
    switch (algorithm) {
    case AsymmetricAlgorithm::RsaOaepSha256:
    case AsymmetricAlgorithm::RsaOaepSha1: {
        const char *md = algorithm == AsymmetricAlgorithm::RsaOaepSha256 ? "SHA256" : "SHA1";
        // No label is set: OpenSSL's default is the empty label.
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0
            && EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx, md, nullptr) > 0
            && EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, md, nullptr) > 0;
    }
    case AsymmetricAlgorithm::Sm2Pke: {
        // SM3 is OpenSSL's default for SM2 encryption too; set it so it is not left implicit.
        char sm3[] = "SM3";
        const std::array<OSSL_PARAM, 2> params {
            OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_DIGEST, sm3, 0),
            OSSL_PARAM_construct_end(),
        };
        return EVP_PKEY_CTX_set_params(ctx, params.data()) == 1;
    }
    }
    return false;
}

// Longest plaintext an algorithm takes under a key (RSA-OAEP: k - 2 hLen - 2).
qsizetype maxPlaintext(EVP_PKEY *key, AsymmetricAlgorithm algorithm)
{
    switch (algorithm) {
    case AsymmetricAlgorithm::RsaOaepSha256:
        return EVP_PKEY_get_size(key) - 2 * 32 - 2;
    case AsymmetricAlgorithm::RsaOaepSha1:
        return EVP_PKEY_get_size(key) - 2 * 20 - 2;
    case AsymmetricAlgorithm::Sm2Pke:
        break;
    }
    return std::numeric_limits<qsizetype>::max();
}

Result<MdCtx> startDigest(const char *name)
{
    Md md(EVP_MD_fetch(nullptr, name, nullptr));
    MdCtx ctx(EVP_MD_CTX_new());
    // The context keeps its own reference to the digest.
    if (!md || !ctx || EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1)
        return openSslError(kOperationFailed, "digest init");
    return ctx;
}

bool updateDigest(EVP_MD_CTX *ctx, QByteArrayView part)
{
    return part.isEmpty()
        || EVP_DigestUpdate(ctx, part.data(), static_cast<std::size_t>(part.size())) == 1;
}

Result<QByteArray> finishDigest(EVP_MD_CTX *ctx)
{
    QByteArray out(EVP_MD_CTX_get_size(ctx), '\0');
    unsigned int length = 0;
    if (out.isEmpty()
        || EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char *>(out.data()), &length) != 1
        || length != static_cast<unsigned int>(out.size()))
        return openSslError(kOperationFailed, "digest final");
    return out;
}

Result<QByteArray> digestOf(const char *name, std::initializer_list<QByteArrayView> parts)
{
    auto ctx = startDigest(name);
    if (!ctx)
        return ctx.error();
    for (const QByteArrayView part : parts) {
        if (!updateDigest(ctx->get(), part))
            return openSslError(kOperationFailed, "digest");
    }
    return finishDigest(ctx->get());
}

// A field element or coordinate, big-endian, left-padded to the field's length.
bool appendPadded(QByteArray &out, const BIGNUM *value, int fieldLength)
{
    QByteArray element(fieldLength, '\0');
    if (BN_bn2binpad(value, reinterpret_cast<unsigned char *>(element.data()), fieldLength)
        != fieldLength)
        return false;
    out.append(element);
    return true;
}

// Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for an SM2 public key.
Result<QByteArray> sm2Z(EVP_PKEY *key, const QByteArray &id)
{
    const int nid = OBJ_txt2nid(groupName(key).constData());
    EcGroup group(
        nid == NID_undef ? nullptr : EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, nid));
    BnCtx bnCtx(BN_CTX_new());
    BigNum p(BN_new()), a(BN_new()), b(BN_new()), xG(BN_new()), yG(BN_new());
    if (!group || !bnCtx || !p || !a || !b || !xG || !yG
        || EC_GROUP_get_curve(group.get(), p.get(), a.get(), b.get(), bnCtx.get()) != 1
        || EC_POINT_get_affine_coordinates(
               group.get(), EC_GROUP_get0_generator(group.get()), xG.get(), yG.get(), bnCtx.get())
            != 1)
        return openSslError(kOperationFailed, "SM2 curve parameters");

    BIGNUM *xRaw = nullptr;
    BIGNUM *yRaw = nullptr;
    const bool gotPoint = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &xRaw) == 1
        && EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &yRaw) == 1;
    BigNum xA(xRaw), yA(yRaw);
    if (!gotPoint)
        return openSslError(kOperationFailed, "SM2 public point");

    const int fieldLength = BN_num_bytes(p.get());
    const auto idBits = static_cast<quint16>(id.size() * 8);
    QByteArray input;
    input.reserve(2 + id.size() + 6 * fieldLength);
    input.append(static_cast<char>(idBits >> 8));
    input.append(static_cast<char>(idBits & 0xff));
    input.append(id);
    for (const BIGNUM *value : { a.get(), b.get(), xG.get(), yG.get(), xA.get(), yA.get() }) {
        if (!appendPadded(input, value, fieldLength))
            return KmsError(kOperationFailed, QStringLiteral("SM2 value longer than the field"));
    }
    return digestOf("SM3", { input });
}

// Whether the bytes are exactly one DER SEQUENCE with a definite length, nothing after it.
bool isOneSequence(const QByteArray &der)
{
    const unsigned char *cursor = bytesOf(der);
    long length = 0;
    int tag = 0;
    int tagClass = 0;
    const int flags = ASN1_get_object(&cursor, &length, &tag, &tagClass, der.size());
    if (flags & 0x80) {
        clearOpenSslErrors();
        return false;
    }
    return flags == V_ASN1_CONSTRUCTED && tag == V_ASN1_SEQUENCE && tagClass == V_ASN1_UNIVERSAL
        && (cursor - bytesOf(der)) + length == der.size();
}

// The operations over a decoded key that fits the algorithm; the public functions check
// their inputs in the documented order and then call these.
Result<bool> verifyWithKey(
    EVP_PKEY *key, SignAlgorithm algorithm, const QByteArray &digest, const QByteArray &signature)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || !configureSignature(ctx.get(), algorithm))
        return openSslError(kOperationFailed, "signature verification setup");
    // 1 is a good signature; 0 a bad one; below 0 a signature OpenSSL could not even parse.
    const int verified = EVP_PKEY_verify(
        ctx.get(), bytesOf(signature), sizeOf(signature), bytesOf(digest), sizeOf(digest));
    clearOpenSslErrors();
    return verified == 1;
}

Result<QByteArray> encryptWithKey(
    EVP_PKEY *key, AsymmetricAlgorithm algorithm, const QByteArray &plaintext)
{
    const qsizetype maxLength = maxPlaintext(key, algorithm);
    if (plaintext.size() > maxLength)
        return KmsError(
            kBadInput, QStringLiteral("the plaintext is longer than %1 bytes").arg(maxLength));
    if (algorithm == AsymmetricAlgorithm::Sm2Pke && plaintext.isEmpty())
        return KmsError(kBadInput, QStringLiteral("SM2PKE needs a plaintext of at least 1 byte"));

    PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !configureEncryption(ctx.get(), algorithm))
        return openSslError(kOperationFailed, "encryption setup");
    std::size_t length = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &length, bytesOf(plaintext), sizeOf(plaintext)) != 1)
        return openSslError(kOperationFailed, "encryption");
    QByteArray ciphertext(static_cast<qsizetype>(length), '\0');
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(ciphertext.data()), &length,
            bytesOf(plaintext), sizeOf(plaintext))
        != 1)
        return openSslError(kOperationFailed, "encryption");
    ciphertext.truncate(static_cast<qsizetype>(length));
    return ciphertext;
}

Result<QByteArray> signWithKey(EVP_PKEY *key, SignAlgorithm algorithm, const QByteArray &digest)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 || !configureSignature(ctx.get(), algorithm))
        return openSslError(kOperationFailed, "signing setup");
    std::size_t length = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &length, bytesOf(digest), sizeOf(digest)) != 1)
        return openSslError(kOperationFailed, "signing");
    QByteArray signature(static_cast<qsizetype>(length), '\0');
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            bytesOf(digest), sizeOf(digest))
        != 1)
        return openSslError(kOperationFailed, "signing");
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

Result<SecureBytes> decryptWithKey(
    EVP_PKEY *key, AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || !configureEncryption(ctx.get(), algorithm))
        return openSslError(kOperationFailed, "decryption setup");

    const auto failed = [] {
        clearOpenSslErrors();
        return KmsError(kDecryptFailed, QStringLiteral("the ciphertext does not decrypt"));
    };
    // The size query parses an SM2 ciphertext, so it can fail on a malformed one.
    std::size_t length = 0;
    if (ciphertext.isEmpty()
        || (algorithm == AsymmetricAlgorithm::Sm2Pke && !isOneSequence(ciphertext))
        || EVP_PKEY_decrypt(ctx.get(), nullptr, &length, bytesOf(ciphertext), sizeOf(ciphertext))
            != 1
        || length == 0)
        return failed();
    SecureBytes plaintext(length);
    if (EVP_PKEY_decrypt(
            ctx.get(), plaintext.data(), &length, bytesOf(ciphertext), sizeOf(ciphertext))
            != 1
        || length > plaintext.size())
        return failed();
    // Whatever OpenSSL left past the plaintext is wiped before the buffer shrinks.
    OPENSSL_cleanse(plaintext.data() + length, plaintext.size() - length);
    plaintext.resize(length);
    return plaintext;
}

} // namespace

void PKeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

Result<PKey> decodePublicKey(const QByteArray &publicKey, KeySpec spec)
{
    return publicKeyFor(publicKey, spec);
}

Result<PKey> decodePrivateKey(const SecureBytes &privateKeyPkcs8, KeySpec spec)
{
    return privateKeyFor(privateKeyPkcs8, spec);
}

Result<bool> verifyDigest(const QByteArray &publicKey, SignAlgorithm algorithm,
    const QByteArray &digest, const QByteArray &signature)
{
    if (digest.size() != kDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    auto key = publicKeyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    return verifyWithKey(key->get(), algorithm, digest, signature);
}

Result<bool> verifyDigest(EVP_PKEY *publicKey, SignAlgorithm algorithm, const QByteArray &digest,
    const QByteArray &signature)
{
    if (digest.size() != kDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    KMS_TRY(checkFits(publicKey, specOf(algorithm)));
    return verifyWithKey(publicKey, algorithm, digest, signature);
}

Result<QByteArray> encryptWithPublicKey(
    const QByteArray &publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext)
{
    auto key = publicKeyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    return encryptWithKey(key->get(), algorithm, plaintext);
}

Result<QByteArray> encryptWithPublicKey(
    EVP_PKEY *publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext)
{
    KMS_TRY(checkFits(publicKey, specOf(algorithm)));
    return encryptWithKey(publicKey, algorithm, plaintext);
}

Result<QByteArray> sm2Digest(
    const QByteArray &publicKey, const QByteArray &message, const QByteArray &id)
{
    if (id.size() > kMaxSm2IdLength)
        return KmsError(
            kBadInput, QStringLiteral("the SM2 ID is longer than %1 bytes").arg(kMaxSm2IdLength));
    auto key = publicKeyFor(publicKey, KeySpec::EcSm2);
    if (!key)
        return key.error();
    auto z = sm2Z(key->get(), id);
    if (!z)
        return z.error();
    return digestOf("SM3", { *z, message });
}

Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, const QByteArray &message)
{
    if (algorithm == SignAlgorithm::Sm2Dsa)
        return sm2Digest(publicKey, message);
    auto key = publicKeyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    return digestOf("SHA256", { message });
}

Result<QByteArray> messageDigest(
    const QByteArray &publicKey, SignAlgorithm algorithm, QIODevice &message)
{
    auto key = publicKeyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    const bool sm2 = algorithm == SignAlgorithm::Sm2Dsa;
    QByteArray prefix;
    if (sm2) {
        auto z = sm2Z(key->get(), QByteArray(kSm2DefaultId));
        if (!z)
            return z.error();
        prefix = std::move(z).value();
    }
    auto ctx = startDigest(sm2 ? "SM3" : "SHA256");
    if (!ctx)
        return ctx.error();
    if (!updateDigest(ctx->get(), prefix))
        return openSslError(kOperationFailed, "digest");

    QByteArray buffer(kReadChunk, Qt::Uninitialized);
    for (;;) {
        const qint64 read = message.read(buffer.data(), buffer.size());
        if (read < 0)
            return KmsError(kBadInput,
                QStringLiteral("the message cannot be read: %1").arg(message.errorString()));
        if (read > 0) {
            if (!updateDigest(ctx->get(), QByteArrayView(buffer.constData(), read)))
                return openSslError(kOperationFailed, "digest");
            continue;
        }
        // Nothing read: the end, unless a sequential device (a pipe, a process) has more to
        // come.
        if (!message.isSequential() || !message.waitForReadyRead(-1))
            break;
    }
    return finishDigest(ctx->get());
}

Result<QByteArray> signDigest(
    const SecureBytes &privateKeyPkcs8, SignAlgorithm algorithm, const QByteArray &digest)
{
    if (digest.size() != kDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    auto key = privateKeyFor(privateKeyPkcs8, specOf(algorithm));
    if (!key)
        return key.error();
    return signWithKey(key->get(), algorithm, digest);
}

Result<QByteArray> signDigest(
    EVP_PKEY *privateKey, SignAlgorithm algorithm, const QByteArray &digest)
{
    if (digest.size() != kDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    KMS_TRY(checkFits(privateKey, specOf(algorithm)));
    return signWithKey(privateKey, algorithm, digest);
}

Result<SecureBytes> decryptWithPrivateKey(
    const SecureBytes &privateKeyPkcs8, AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    auto key = privateKeyFor(privateKeyPkcs8, specOf(algorithm));
    if (!key)
        return key.error();
    return decryptWithKey(key->get(), algorithm, ciphertext);
}

Result<SecureBytes> decryptWithPrivateKey(
    EVP_PKEY *privateKey, AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    KMS_TRY(checkFits(privateKey, specOf(algorithm)));
    return decryptWithKey(privateKey, algorithm, ciphertext);
}

} // namespace kms::crypto
