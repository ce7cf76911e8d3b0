// Formats of the software HSM (docs/formats.md repeats this block).
//
// Handle of a key version (what the store keeps) = MasterKey::wrap(material, aad):
//     0x01 | nonce (12 bytes, RAND_bytes) | AES-256-GCM ciphertext of material | tag (16 bytes)
//   under the store's master key, where the associated data is
//     aad = "kms-material-v1" 0x00 cmkUuid 0x00 versionId 0x00 keySpecName
//   (UTF-8, no terminating 0x00; keySpecName is "AES_256", "SM4_128", "RSA_2048", "EC_P256"
//   or "EC_SM2"; ids containing 0x00 are refused). A handle moved to another key, version or
//   spec fails to unwrap: KMS.0504.
//   material:
//     AES_256    32 bytes from RAND_priv_bytes
//     SM4_128    16 bytes from RAND_priv_bytes
//     RSA_2048   }
//     EC_P256    } the private key as PKCS#8 PrivateKeyInfo, DER (OpenSSL 3.0's encoder); for
//     EC_SM2     } SM2: id-ecPublicKey with the curve OID 1.2.156.10197.1.301
//
// encrypt/decrypt with AES_256: AES-256-GCM, key = material, IV = 12 random bytes
//   (RAND_bytes), tag 16 bytes, the caller's associated data authenticated.
//
// encrypt/decrypt with SM4_128: OpenSSL 3.0 has no SM4-GCM, so SM4-CTR + HMAC-SM3,
// encrypt-then-MAC (crypto/SymmetricCipher.cpp):
//   K       = the 16-byte SM4 material
//   encKey  = HKDF-SM3(IKM = K, no salt (HashLen zero bytes, RFC 5869 2.2),
//                      info = "kms-sm4-ctr-enc" (15 ASCII bytes), L = 16)
//   macKey  = HKDF-SM3(IKM = K, no salt, info = "kms-sm4-hmac-sm3" (16 ASCII bytes), L = 32)
//   IV      = 16 random bytes (RAND_bytes): the first counter block
//   C       = SM4-CTR(encKey, IV, P): keystream block i = SM4_encKey((IV + i) mod 2^128), the
//             IV read as a 128-bit big-endian integer (OpenSSL's EVP_sm4_ctr); |C| = |P|
//   T       = HMAC-SM3(macKey, uint64_be(|A|) || A || IV || C), all 32 bytes, A = the
//             caller's associated data (|A| in bytes)
//   output  : iv = IV, ciphertext = C, tag = T
//   decrypt : |IV| must be 16 and |T| 32; T is recomputed and compared with CRYPTO_memcmp
//             before anything is decrypted; any failure is KMS.0219.
//
// sign/asymmetricDecrypt with RSA_2048, EC_P256, EC_SM2: the PKCS#8 material is unwrapped and
//   decoded (once: the key cache, SoftwareHsm.h) and the key handed to crypto/PublicKeyCrypto
//   (signDigest, decryptWithPrivateKey), whose header comment writes down the encodings: RSA-PSS
//   with SHA-256, MGF1-SHA-256 and a 32-byte salt; RSA PKCS#1 v1.5 with the SHA-256 DigestInfo;
//   ECDSA and SM2 signatures in DER over the caller's 32-byte digest (for SM2DSA e = SM3(Z_A ||
//   M)); OAEP with the named digest for OAEP and MGF1 and an empty label; SM2PKE in OpenSSL's DER
//   form (C1 C3 C2).
//
// Error codes: KMS.0505 key generation, KMS.0503 wrapping, KMS.0504 unwrapping (or stored
// material that does not match its spec), KMS.0511 random generator, KMS.0512 randomBytes
// count outside 1..1024, KMS.0213 encrypt/decrypt with an asymmetric key, KMS.0214 public key,
// sign or asymmetricDecrypt with a symmetric key, KMS.0212 sign/asymmetricDecrypt with an
// algorithm of another key spec, KMS.0128 a digest to sign that is not 32 bytes, KMS.0219
// decrypt authentication failure, KMS.0239 asymmetric ciphertext that does not decrypt,
// KMS.0514 encryption or signing failure, KMS.0227 unknown key spec.

#include "hsm/SoftwareHsm.h"
#include "hsm/HsmCodes.h"

#include "crypto/OpenSslError.h"
#include "crypto/PublicKeyCrypto.h"
#include "crypto/SymmetricCipher.h"
#include "hsm/ImportFingerprint.h"

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <QHash>

#include <algorithm>
#include <array>
#include <cstring>
#include <list>
#include <memory>
#include <optional>

namespace kms::hsm {

namespace {

using namespace codes;

template<auto FreeFunction> struct OpenSslDeleter
{
    template<typename T> void operator()(T *pointer) const { FreeFunction(pointer); }
};
using PKey = crypto::PKey;
using EncoderCtx = std::unique_ptr<OSSL_ENCODER_CTX, OpenSslDeleter<OSSL_ENCODER_CTX_free>>;
using DecoderCtx = std::unique_ptr<OSSL_DECODER_CTX, OpenSslDeleter<OSSL_DECODER_CTX_free>>;
using Bio = std::unique_ptr<BIO, OpenSslDeleter<BIO_free>>;

bool isKnownSpec(KeySpec spec)
{
    return !keySpecName(spec).isEmpty();
}

bool hasNul(const QString &text)
{
    return text.contains(QChar(u'\0'));
}

// The OpenSSL key type an asymmetric spec is generated and decoded as.
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

PKey generateKeyPair(KeySpec spec)
{
    switch (spec) {
    case KeySpec::Rsa2048:
        return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
    case KeySpec::EcP256:
        return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    case KeySpec::EcSm2:
        return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
    default:
        return nullptr;
    }
}

// Whether a decoded key is what the spec promises (type, size, curve).
bool keyMatchesSpec(EVP_PKEY *pkey, KeySpec spec)
{
    std::array<char, 64> group {};
    std::size_t groupLength = 0;
    switch (spec) {
    case KeySpec::Rsa2048:
        return EVP_PKEY_is_a(pkey, "RSA") && EVP_PKEY_get_bits(pkey) == 2048;
    case KeySpec::EcP256:
        return EVP_PKEY_is_a(pkey, "EC")
            && EVP_PKEY_get_group_name(pkey, group.data(), group.size(), &groupLength) == 1
            && std::strcmp(group.data(), "prime256v1") == 0;
    case KeySpec::EcSm2:
        return EVP_PKEY_is_a(pkey, "SM2");
    default:
        return false;
    }
}

// PKCS#8 PrivateKeyInfo in DER, straight into a secure buffer.
Result<SecureBytes> encodePrivateKey(EVP_PKEY *pkey)
{
    EncoderCtx encoder(
        OSSL_ENCODER_CTX_new_for_pkey(pkey, EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
    if (!encoder || OSSL_ENCODER_CTX_get_num_encoders(encoder.get()) == 0)
        return openSslError(kGenerateFailed, "PKCS#8 encoder");
    unsigned char *der = nullptr;
    std::size_t derLength = 0;
    if (OSSL_ENCODER_to_data(encoder.get(), &der, &derLength) != 1 || der == nullptr)
        return openSslError(kGenerateFailed, "PKCS#8 encoding");
    SecureBytes material(der, derLength);
    OPENSSL_clear_free(der, derLength);
    return material;
}

Result<PKey> decodeMaterial(const SecureBytes &material, KeySpec spec)
{
    EVP_PKEY *decoded = nullptr;
    DecoderCtx decoder(OSSL_DECODER_CTX_new_for_pkey(
        &decoded, "DER", "PrivateKeyInfo", keyTypeOf(spec), EVP_PKEY_KEYPAIR, nullptr, nullptr));
    if (!decoder)
        return openSslError(kUnwrapFailed, "PKCS#8 decoder");
    const unsigned char *data = material.data();
    std::size_t length = material.size();
    const int decodedOk = OSSL_DECODER_from_data(decoder.get(), &data, &length);
    PKey pkey(decoded);
    if (decodedOk != 1 || !pkey)
        return openSslError(kUnwrapFailed, "PKCS#8 decoding");
    if (!keyMatchesSpec(pkey.get(), spec))
        return KmsError(kUnwrapFailed, QStringLiteral("stored key does not match its key spec"));
    return pkey;
}

QByteArray fromView(crypto::ByteView bytes)
{
    return QByteArray(
        reinterpret_cast<const char *>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

} // namespace

// One unwrapped key version.
struct SoftwareHsm::LoadedKey
{
    PKey privateKey; // RSA_2048, EC_P256, EC_SM2
    SecureBytes secretKey; // AES_256; SM4_128 until its subkeys are derived
    std::optional<crypto::Sm4Subkeys> sm4; // SM4_128, derived at the first use

    // The SM4 key's subkeys, derived once (the raw key is then wiped: the construction only
    // ever uses the subkeys).
    Result<const crypto::Sm4Subkeys *> sm4Subkeys()
    {
        if (!sm4) {
            auto derived = crypto::sm4Subkeys(crypto::byteView(secretKey));
            if (!derived)
                return derived.error();
            sm4.emplace(std::move(derived).value());
            secretKey.clear();
        }
        return &*sm4;
    }
};

// The loaded keys in least recently used order (front: most recent) with an index on
// (associated data, handle).
class SoftwareHsm::KeyCache
{
public:
    struct Key
    {
        QByteArray aad; // materialAad: key id, version id, key spec
        QByteArray handle;

        bool operator==(const Key &other) const
        {
            return handle == other.handle && aad == other.aad;
        }
        friend size_t qHash(const Key &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.aad, key.handle);
        }
    };

    LoadedKey *find(const Key &key)
    {
        const auto found = m_index.constFind(key);
        if (found == m_index.constEnd())
            return nullptr;
        m_order.splice(m_order.begin(), m_order, found.value());
        return &m_order.front().loaded;
    }

    LoadedKey *insert(Key key, LoadedKey loaded, std::size_t capacity)
    {
        while (!m_order.empty() && m_order.size() >= capacity) {
            m_index.remove(m_order.back().key);
            m_order.pop_back(); // EVP_PKEY_free / SecureBytes wipe
        }
        m_order.push_front(Entry { key, std::move(loaded) });
        m_index.insert(std::move(key), m_order.begin());
        return &m_order.front().loaded;
    }

    bool contains(const Key &key) const { return m_index.contains(key); }

    void remove(const Key &key)
    {
        const auto found = m_index.constFind(key);
        if (found == m_index.constEnd())
            return;
        m_order.erase(found.value()); // EVP_PKEY_free / SecureBytes wipe
        m_index.erase(found);
    }
    std::size_t size() const { return m_order.size(); }

    void clear()
    {
        m_index.clear();
        m_order.clear();
    }

private:
    struct Entry
    {
        Key key;
        LoadedKey loaded;
    };
    std::list<Entry> m_order;
    QHash<Key, std::list<Entry>::iterator> m_index;
};

SoftwareHsm::SoftwareHsm(const MasterKey &masterKey, std::size_t keyCacheCapacity)
    : m_masterKey(masterKey)
    , m_keyCacheCapacity(std::max<std::size_t>(keyCacheCapacity, 1))
    , m_keyCache(std::make_unique<KeyCache>())
{
}

SoftwareHsm::~SoftwareHsm() = default;

std::size_t SoftwareHsm::cachedKeyCount() const
{
    return m_keyCache->size();
}

bool SoftwareHsm::holdsKey(const KeyRef &key, const QByteArray &handle) const
{
    return m_keyCache->contains(KeyCache::Key { materialAad(key), handle });
}

void SoftwareHsm::clearKeyCache()
{
    m_keyCache->clear();
}

QString SoftwareHsm::name() const
{
    return QStringLiteral("software");
}

bool SoftwareHsm::supports(KeySpec spec) const
{
    return isKnownSpec(spec);
}

QByteArray SoftwareHsm::materialAad(const KeyRef &key)
{
    QByteArray aad("kms-material-v1");
    aad.append('\0');
    aad.append(key.cmkUuid.toUtf8());
    aad.append('\0');
    aad.append(key.versionId.toUtf8());
    aad.append('\0');
    aad.append(keySpecName(key.spec).toLatin1());
    return aad;
}

Result<QByteArray> SoftwareHsm::generateKey(const KeyRef &key)
{
    if (!isKnownSpec(key.spec))
        return KmsError(kUnsupportedSpec);
    if (hasNul(key.cmkUuid) || hasNul(key.versionId))
        return KmsError(kWrapFailed, QStringLiteral("key and version ids must not contain NUL"));

    SecureBytes material;
    if (isSymmetric(key.spec)) {
        material.resize(static_cast<std::size_t>(symmetricKeyLength(key.spec)));
        if (RAND_priv_bytes(material.data(), material.intSize()) != 1)
            return openSslError(kRandomFailed, "random key material");
    } else {
        const PKey pkey = generateKeyPair(key.spec);
        if (!pkey)
            return openSslError(kGenerateFailed, "key pair generation");
        auto encoded = encodePrivateKey(pkey.get());
        if (!encoded)
            return encoded.error();
        material = std::move(encoded).value();
    }

    auto handle = m_masterKey.wrap(material, materialAad(key));
    material.clear();
    if (!handle)
        return handle.error().withCode(kWrapFailed);
    return handle;
}

Result<Hsm::ImportedKey> SoftwareHsm::importKey(const KeyRef &key, const SecureBytes &material)
{
    if (!isSymmetric(key.spec))
        return KmsError(kWrongAlgorithm, QStringLiteral("only symmetric material is imported"));
    if (hasNul(key.cmkUuid) || hasNul(key.versionId))
        return KmsError(kWrapFailed, QStringLiteral("key and version ids must not contain NUL"));
    if (material.size() != static_cast<std::size_t>(symmetricKeyLength(key.spec)))
        return KmsError(QStringLiteral("KMS.0241"),
            QStringLiteral("%1 material is %2 bytes")
                .arg(keySpecName(key.spec))
                .arg(symmetricKeyLength(key.spec)));
    auto handle = m_masterKey.wrap(material, materialAad(key));
    if (!handle)
        return handle.error().withCode(kWrapFailed);
    auto fingerprint = importFingerprint(material);
    if (!fingerprint)
        return fingerprint.error();
    return ImportedKey { *handle, *fingerprint };
}

Result<QByteArray> SoftwareHsm::importFingerprint(const SecureBytes &material)
{
    return hsm::importFingerprint(m_masterKey, material);
}

Result<void> SoftwareHsm::destroyKey(const KeyRef &key, const QByteArray &handle)
{
    // The material exists only inside the handle, which the store drops; the unwrapped copy
    // this HSM may hold is wiped now.
    m_keyCache->remove({ materialAad(key), handle });
    return success();
}

Result<SecureBytes> SoftwareHsm::unwrapMaterial(const KeyRef &key, const QByteArray &handle) const
{
    if (hasNul(key.cmkUuid) || hasNul(key.versionId))
        return KmsError(kUnwrapFailed, QStringLiteral("key and version ids must not contain NUL"));
    auto material = m_masterKey.unwrap(handle, materialAad(key));
    if (!material)
        return material.error().withCode(kUnwrapFailed);
    if (isSymmetric(key.spec)
        && material->size() != static_cast<std::size_t>(symmetricKeyLength(key.spec)))
        return KmsError(kUnwrapFailed, QStringLiteral("stored key has the wrong length"));
    return std::move(material).value();
}

Result<SoftwareHsm::LoadedKey *> SoftwareHsm::loadKey(const KeyRef &key, const QByteArray &handle)
{
    if (hasNul(key.cmkUuid) || hasNul(key.versionId))
        return KmsError(kUnwrapFailed, QStringLiteral("key and version ids must not contain NUL"));
    KeyCache::Key cacheKey { materialAad(key), handle };
    if (LoadedKey *cached = m_keyCache->find(cacheKey))
        return cached;

    auto material = unwrapMaterial(key, handle);
    if (!material)
        return material.error();
    LoadedKey loaded;
    if (isSymmetric(key.spec)) {
        loaded.secretKey = std::move(material).value();
    } else {
        auto decoded = decodeMaterial(*material, key.spec);
        material->clear(); // the DER private key is wiped here
        if (!decoded)
            return decoded.error();
        loaded.privateKey = std::move(decoded).value();
    }
    return m_keyCache->insert(std::move(cacheKey), std::move(loaded), m_keyCacheCapacity);
}

Result<QByteArray> SoftwareHsm::publicKeyPem(const KeyRef &key, const QByteArray &handle)
{
    if (!isKnownSpec(key.spec))
        return KmsError(kUnsupportedSpec);
    if (isSymmetric(key.spec))
        return KmsError(kNotAsymmetric, QStringLiteral("not an asymmetric key"));

    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), (*loaded)->privateKey.get()) != 1)
        return openSslError(kUnwrapFailed, "public key PEM encoding");
    char *pem = nullptr;
    const long pemLength = BIO_get_mem_data(bio.get(), &pem);
    if (pemLength <= 0 || pem == nullptr)
        return openSslError(kUnwrapFailed, "public key PEM encoding");
    return QByteArray(pem, static_cast<qsizetype>(pemLength));
}

Result<SealedData> SoftwareHsm::encrypt(
    const KeyRef &key, const QByteArray &handle, const QByteArray &plaintext, const QByteArray &aad)
{
    if (!isKnownSpec(key.spec))
        return KmsError(kUnsupportedSpec);
    if (!isSymmetric(key.spec))
        return KmsError(kNotSymmetric, QStringLiteral("not a symmetric key"));
    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    LoadedKey &material = **loaded;

    const bool aes = key.spec == KeySpec::Aes256;
    std::array<unsigned char, crypto::kSm4IvLength> ivBuffer {};
    const crypto::ByteView iv(ivBuffer.data(), aes ? crypto::kGcmIvLength : crypto::kSm4IvLength);
    if (RAND_bytes(ivBuffer.data(), static_cast<int>(iv.size())) != 1)
        return openSslError(kRandomFailed, "random IV");

    Result<crypto::SealedBytes> sealed = KmsError(kEncryptFailed);
    if (aes) {
        sealed = crypto::aes256GcmSeal(crypto::byteView(material.secretKey), iv,
            crypto::byteView(plaintext), crypto::byteView(aad));
    } else if (auto subkeys = material.sm4Subkeys()) {
        sealed = crypto::sm4CtrHmacSm3Seal(
            **subkeys, iv, crypto::byteView(plaintext), crypto::byteView(aad));
    } else {
        sealed = subkeys.error();
    }
    if (!sealed)
        return sealed.error().withCode(kEncryptFailed);
    return SealedData { fromView(iv), std::move(sealed->ciphertext), std::move(sealed->tag) };
}

Result<SecureBytes> SoftwareHsm::decrypt(
    const KeyRef &key, const QByteArray &handle, const SealedData &sealed, const QByteArray &aad)
{
    if (!isKnownSpec(key.spec))
        return KmsError(kUnsupportedSpec);
    if (!isSymmetric(key.spec))
        return KmsError(kNotSymmetric, QStringLiteral("not a symmetric key"));
    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    LoadedKey &material = **loaded;

    Result<SecureBytes> plain = KmsError(kWrongCiphertext);
    if (key.spec == KeySpec::Aes256) {
        plain = crypto::aes256GcmOpen(crypto::byteView(material.secretKey),
            crypto::byteView(sealed.iv), crypto::byteView(sealed.ciphertext),
            crypto::byteView(sealed.tag), crypto::byteView(aad));
    } else if (auto subkeys = material.sm4Subkeys()) {
        plain = crypto::sm4CtrHmacSm3Open(**subkeys, crypto::byteView(sealed.iv),
            crypto::byteView(sealed.ciphertext), crypto::byteView(sealed.tag),
            crypto::byteView(aad));
    } else {
        plain = subkeys.error();
    }
    if (!plain)
        return plain.error().withCode(kWrongCiphertext);
    return std::move(plain).value();
}

namespace {
// The checks shared by sign and asymmetricDecrypt, in the order a caller meets them.
Result<void> checkAsymmetricUse(const KeyRef &key, KeySpec algorithmSpec, const QString &algorithm)
{
    if (!isKnownSpec(key.spec))
        return KmsError(kUnsupportedSpec);
    if (isSymmetric(key.spec))
        return KmsError(kNotAsymmetric, QStringLiteral("not an asymmetric key"));
    if (algorithmSpec != key.spec)
        return KmsError(kWrongAlgorithm,
            QStringLiteral("%1 does not work with %2").arg(algorithm, keySpecName(key.spec)));
    return success();
}
} // namespace

Result<QByteArray> SoftwareHsm::sign(
    const KeyRef &key, const QByteArray &handle, SignAlgorithm algorithm, const QByteArray &digest)
{
    KMS_TRY(checkAsymmetricUse(key, specOf(algorithm), signAlgorithmName(algorithm)));
    if (digest.size() != crypto::kSignDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    auto signature = crypto::signDigest((*loaded)->privateKey.get(), algorithm, digest);
    if (!signature) {
        // The spec was checked above: a key that does not fit is stored material that does
        // not match its spec.
        if (signature.error().code() == kWrongAlgorithm)
            return signature.error().withCode(kUnwrapFailed);
        return signature.error().withCode(kEncryptFailed);
    }
    return signature;
}

Result<void> SoftwareHsm::usePrivateKey(
    const KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use)
{
    if (isSymmetric(key.spec))
        return KmsError(kWrongAlgorithm, QStringLiteral("a symmetric key has no private key"));
    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    return use((*loaded)->privateKey.get());
}

Result<SecureBytes> SoftwareHsm::asymmetricDecrypt(const KeyRef &key, const QByteArray &handle,
    AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    KMS_TRY(checkAsymmetricUse(key, specOf(algorithm), asymmetricAlgorithmName(algorithm)));
    auto loaded = loadKey(key, handle);
    if (!loaded)
        return loaded.error();
    auto plain = crypto::decryptWithPrivateKey((*loaded)->privateKey.get(), algorithm, ciphertext);
    if (!plain) {
        if (plain.error().code() == kWrongAlgorithm)
            return plain.error().withCode(kUnwrapFailed);
        return plain.error();
    }
    return plain;
}

Result<SecureBytes> SoftwareHsm::randomBytes(int count)
{
    if (count < 1 || count > kMaxRandomBytes)
        return KmsError(
            kRandomCount, QStringLiteral("random byte count must be 1..%1").arg(kMaxRandomBytes));
    SecureBytes bytes(static_cast<std::size_t>(count));
    if (RAND_priv_bytes(bytes.data(), count) != 1)
        return openSslError(kRandomFailed, "random bytes");
    return bytes;
}

} // namespace kms::hsm
