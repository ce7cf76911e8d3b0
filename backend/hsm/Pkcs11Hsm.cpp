// The PKCS#11 HSM (docs/hsm.md repeats this block).
//
// Handle of a key version (what the store keeps): "pkcs11-v1:<versionId>" (UTF-8), never
// material. The objects of the version carry
//   CKA_LABEL = "kms:<cmkUuid>:<versionId>"   CKA_ID = the version id's UTF-8 bytes
// and are found by class, CKA_ID, CKA_LABEL and CKA_KEY_TYPE, so a handle given for another
// version, key or spec finds nothing (KMS.0504).
//
// Templates (every attribute explicit: SoftHSM2 makes a secret key without CKA_SENSITIVE
// readable):
//   AES_256   CKM_AES_KEY_GEN (or C_CreateObject for imported material): CKO_SECRET_KEY,
//             CKK_AES, CKA_VALUE_LEN 32, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE TRUE,
//             CKA_EXTRACTABLE FALSE, CKA_ENCRYPT/CKA_DECRYPT TRUE, CKA_SIGN, CKA_VERIFY,
//             CKA_WRAP, CKA_UNWRAP, CKA_DERIVE FALSE
//   RSA_2048  CKM_RSA_PKCS_KEY_PAIR_GEN, CKA_MODULUS_BITS 2048, CKA_PUBLIC_EXPONENT 65537;
//             public: CKA_TOKEN, CKA_PRIVATE FALSE, CKA_VERIFY, CKA_ENCRYPT TRUE, CKA_WRAP FALSE;
//             private: CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE TRUE, CKA_EXTRACTABLE FALSE,
//             CKA_SIGN, CKA_DECRYPT TRUE, CKA_UNWRAP, CKA_DERIVE FALSE
//   EC_P256   CKM_EC_KEY_PAIR_GEN, CKA_EC_PARAMS = OID prime256v1 (06082a8648ce3d030107);
//             public: CKA_VERIFY TRUE; private: CKA_SIGN TRUE, CKA_DERIVE FALSE, sensitive,
//             non-extractable as above
//   SM4_128, EC_SM2: refused (KMS.0227): no standard PKCS#11 mechanism, and never made in
//             software behind the token's back.
//
// Operations:
//   encrypt/decrypt AES_256: CKM_AES_GCM, IV = 12 bytes from C_GenerateRandom, 128-bit tag,
//     the caller's associated data; the token's output is ciphertext || tag.
//   sign RSA_PKCS1_SHA_256: CKM_RSA_PKCS over DigestInfo(SHA-256) || digest.
//   sign RSA_PSS_SHA_256: CKM_RSA_PKCS_PSS, CKM_SHA256, CKG_MGF1_SHA256, salt 32.
//   sign ECDSA_SHA_256: CKM_ECDSA over the digest; r || s converted to DER (ECDSA-Sig-Value),
//     as the software HSM returns.
//   asymmetricDecrypt RSAES_OAEP_SHA_1/_256: CKM_RSA_PKCS_OAEP, the algorithm's hash for OAEP
//     and MGF1, CKZ_DATA_SPECIFIED with an empty label.
//   publicKeyPem: CKA_MODULUS + CKA_PUBLIC_EXPONENT or CKA_EC_POINT read from the public
//     object, SubjectPublicKeyInfo made by OpenSSL (EVP_PKEY_fromdata).
//
// What the token can do is measured once per connection: its mechanism list
// (C_GetMechanismList), and, for mechanisms whose parameters a token or a forwarding client
// may refuse although it lists them (SoftHSM2 2.6's OAEP takes SHA-1 only; p11-kit 0.24's
// client cannot serialise CK_GCM_PARAMS), a probe: a throw-away session key (CKA_TOKEN FALSE)
// and the C_*Init call with the exact parameters. What fails answers KMS.0212 (or KMS.0227
// for a spec) naming the mechanism and parameters.
//
// Errors: KMS.0505 key creation, import and connection; KMS.0514 encryption and signing;
// KMS.0504 a key object that is missing or does not decrypt; KMS.0239 RSA ciphertext that does
// not decrypt; KMS.0219 a GCM tag that does not match (or an IV/tag of the wrong length);
// KMS.0511 C_GenerateRandom; the CK_RV's name in the detail.

#include "hsm/Pkcs11Hsm.h"
#include "hsm/HsmCodes.h"

#include "crypto/DelegatedKey.h"

#include "crypto/OpenSslError.h"
#include "hsm/ImportFingerprint.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <QHash>

#include <array>
#include <vector>

namespace kms::hsm {

namespace {

using namespace codes;

constexpr int kGcmIvLength = 12;
constexpr int kGcmTagLength = 16;
constexpr int kDigestLength = 32;
const QByteArray kHandlePrefix = QByteArrayLiteral("pkcs11-v1:");
// DER of the prime256v1 OID, CKA_EC_PARAMS of EC_P256 keys.
const QByteArray kP256Params = QByteArray::fromHex("06082a8648ce3d030107");
// DigestInfo of SHA-256 without the digest (RFC 8017, 9.2, note 1).
const QByteArray kSha256DigestInfo = QByteArray::fromHex("3031300d060960864801650304020105000420");

// Return values that say the token or the way to it is gone: the HSM becomes Disconnected.
bool isGone(CK_RV rv)
{
    switch (rv) {
    case CKR_DEVICE_REMOVED:
    case CKR_DEVICE_ERROR:
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_TOKEN_NOT_RECOGNIZED:
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_CRYPTOKI_NOT_INITIALIZED:
    case CKR_SLOT_ID_INVALID:
        return true;
    default:
        return false;
    }
}

// Return values of a C_*Init that mean "this token cannot do this mechanism with these
// parameters" rather than a failure.
bool isRefusedMechanism(CK_RV rv)
{
    return rv == CKR_MECHANISM_INVALID || rv == CKR_MECHANISM_PARAM_INVALID
        || rv == CKR_ARGUMENTS_BAD || rv == CKR_FUNCTION_NOT_SUPPORTED;
}

unsigned char *bytes(const QByteArray &data)
{
    // PKCS#11 takes non-const pointers for input; modules do not write through them.
    return reinterpret_cast<unsigned char *>(const_cast<char *>(data.constData()));
}

CK_ULONG ulen(const QByteArray &data)
{
    return static_cast<CK_ULONG>(data.size());
}

CK_MECHANISM_TYPE hashOf(AsymmetricAlgorithm algorithm)
{
    return algorithm == AsymmetricAlgorithm::RsaOaepSha1 ? CKM_SHA_1 : CKM_SHA256;
}

CK_RSA_PKCS_MGF_TYPE mgfOf(AsymmetricAlgorithm algorithm)
{
    return algorithm == AsymmetricAlgorithm::RsaOaepSha1 ? CKG_MGF1_SHA1 : CKG_MGF1_SHA256;
}

QString oaepText(AsymmetricAlgorithm algorithm)
{
    return algorithm == AsymmetricAlgorithm::RsaOaepSha1
        ? QStringLiteral("CKM_RSA_PKCS_OAEP with CKM_SHA_1 / CKG_MGF1_SHA1")
        : QStringLiteral("CKM_RSA_PKCS_OAEP with CKM_SHA256 / CKG_MGF1_SHA256");
}

const QString kGcmText = QStringLiteral("CKM_AES_GCM with a 12-byte IV, 128-bit tag and AAD");

CK_KEY_TYPE keyTypeOf(KeySpec spec)
{
    switch (spec) {
    case KeySpec::Aes256:
        return CKK_AES;
    case KeySpec::Rsa2048:
        return CKK_RSA;
    case KeySpec::EcP256:
        return CKK_EC;
    default:
        return CKK_VENDOR_DEFINED;
    }
}

struct BnFree
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

// r || s (each 32 bytes) as DER ECDSA-Sig-Value.
Result<QByteArray> ecdsaRawToDer(const QByteArray &raw)
{
    if (raw.size() != 64)
        return KmsError(kEncryptFailed, QStringLiteral("CKM_ECDSA signature is not 64 bytes"));
    const auto *data = reinterpret_cast<const unsigned char *>(raw.constData());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
    BIGNUM *r = BN_bin2bn(data, 32, nullptr);
    BIGNUM *s = BN_bin2bn(data + 32, 32, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return openSslError(kEncryptFailed, "ECDSA signature encoding");
    }
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0 || der == nullptr)
        return openSslError(kEncryptFailed, "ECDSA signature encoding");
    QByteArray out(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return out;
}

// A SubjectPublicKeyInfo PEM from the public parts read off the token.
Result<QByteArray> publicKeyPemFrom(KeySpec spec, const QByteArray &first, const QByteArray &second)
{
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(
        OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
    Bn n;
    Bn e;
    QByteArray point;
    if (!builder)
        return openSslError(kUnwrapFailed, "public key parameters");
    if (spec == KeySpec::Rsa2048) {
        n.reset(BN_bin2bn(reinterpret_cast<const unsigned char *>(first.constData()),
            int(first.size()), nullptr));
        e.reset(BN_bin2bn(reinterpret_cast<const unsigned char *>(second.constData()),
            int(second.size()), nullptr));
        if (!n || !e || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1
            || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
            return openSslError(kUnwrapFailed, "RSA public key parameters");
    } else {
        // CKA_EC_POINT is a DER OCTET STRING holding 04 || X || Y; some modules give the bare
        // point.
        point = first;
        if (point.size() == 67 && point.at(0) == '\x04' && point.at(1) == '\x41')
            point = point.mid(2);
        if (point.size() != 65 || point.at(0) != '\x04')
            return KmsError(kUnwrapFailed, QStringLiteral("CKA_EC_POINT is not a P-256 point"));
        if (OSSL_PARAM_BLD_push_utf8_string(
                builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0)
                != 1
            || OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                   point.constData(), static_cast<std::size_t>(point.size()))
                != 1)
            return openSslError(kUnwrapFailed, "EC public key parameters");
    }
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
        OSSL_PARAM_BLD_to_param(builder.get()), &OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, spec == KeySpec::Rsa2048 ? "RSA" : "EC", nullptr),
        &EVP_PKEY_CTX_free);
    EVP_PKEY *pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return openSslError(kUnwrapFailed, "public key from the token's attributes");
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> owned(pkey, &EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), owned.get()) != 1)
        return openSslError(kUnwrapFailed, "public key PEM encoding");
    char *pem = nullptr;
    const long pemLength = BIO_get_mem_data(bio.get(), &pem);
    if (pemLength <= 0 || pem == nullptr)
        return openSslError(kUnwrapFailed, "public key PEM encoding");
    return QByteArray(pem, static_cast<qsizetype>(pemLength));
}

} // namespace

// ---------------------------------------------------------------------------------------------

struct Pkcs11Hsm::State
{
    State(Pkcs11Config c, const MasterKey &key)
        : config(std::move(c))
        , masterKey(key)
    {
    }

    Pkcs11Config config;
    const MasterKey &masterKey;
    std::shared_ptr<Pkcs11Module> module;
    Pkcs11Module::Session session;
    ConnectionState connection = ConnectionState::Disconnected;
    QString lastError;
    // Set when the connection was lost: the next connection attempt that fails finalises and
    // initialises the module again before it gives up.
    bool reinitializeOnFailure = false;
    // Set when the token refused the PIN: it is not tried again (a real HSM locks the user
    // PIN after a few wrong tries) until setPin() gives another.
    QString pinRejected;
    quint64 connectedGeneration = 0; // the module's generation when the session was opened

    // Per connection: the mechanism list, the probe results (empty text: usable), and the
    // object handles found so far (private objects' handles die with the login).
    QHash<CK_MECHANISM_TYPE, Pkcs11MechanismInfo> mechanisms;
    QList<Pkcs11MechanismInfo> mechanismList;
    std::optional<QString> gcmProblem;
    std::optional<QString> oaepProblem[2]; // RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256
    QHash<QByteArray, CK_OBJECT_HANDLE> objects;

    CK_FUNCTION_LIST *f() const { return session.functions(); }
    CK_SESSION_HANDLE h() const { return session.handle(); }

    void dropSession()
    {
        session.close();
        objects.clear();
    }

    void markDisconnected(const QString &why, bool connectionLost = true)
    {
        dropSession();
        mechanisms.clear();
        mechanismList.clear();
        gcmProblem.reset();
        oaepProblem[0].reset();
        oaepProblem[1].reset();
        connection = ConnectionState::Disconnected;
        lastError = why;
        reinitializeOnFailure = reinitializeOnFailure || connectionLost;
    }

    // Every CK_RV but CKR_OK ends up here: the session is closed (an operation may still be
    // active in it), and a lost token or connection marks the HSM Disconnected.
    KmsError fail(const QString &code, const QString &what, CK_RV rv)
    {
        const QString detail = QStringLiteral("%1: %2").arg(what, ckrName(rv));
        if (isGone(rv))
            markDisconnected(detail);
        else
            dropSession();
        return KmsError(code, detail);
    }

    Result<void> tryConnect(CK_RV &rv)
    {
        rv = CKR_OK;
        if (!module) {
            auto loaded = Pkcs11Module::load(config.modulePath, config.serverAddress);
            if (!loaded) {
                rv = CKR_GENERAL_ERROR;
                return loaded.error();
            }
            module = std::move(loaded).value();
        }
        auto slot = module->findSlot(config.tokenLabel, &rv);
        if (!slot)
            return slot.error();
        auto opened = Pkcs11Module::Session::open(module, *slot, &rv);
        if (!opened)
            return opened.error();
        if (auto loggedIn = opened->login(config.pin, &rv); !loggedIn) {
            if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE
                || rv == CKR_PIN_EXPIRED || rv == CKR_PIN_LOCKED)
                pinRejected = loggedIn.error().detail();
            return loggedIn.error();
        }
        auto list = module->mechanisms(*slot);
        if (!list)
            return list.error();
        session = std::move(opened).value();
        mechanismList = *list;
        mechanisms.clear();
        for (const Pkcs11MechanismInfo &info : mechanismList)
            mechanisms.insert(info.type, info);
        return success();
    }

    Result<void> ensureConnected()
    {
        if (session.isOpen()) {
            // Another user of the shared module finalised and initialised it again (after
            // its own connection was lost): this session died with that, the token did not.
            if (module->generation() == connectedGeneration)
                return success();
            dropSession();
        }
        if (!pinRejected.isEmpty())
            return KmsError(kGenerateFailed,
                QStringLiteral("the token refused the PIN (%1); it is not tried again until a new "
                               "PIN is set")
                    .arg(pinRejected));
        // A session dropped after an error is reopened; the mechanism list is kept unless the
        // connection was lost.
        CK_RV rv = CKR_OK;
        const quint64 seenGeneration = module ? module->generation() : 0;
        auto connected = tryConnect(rv);
        // A token that is simply not there (a wrong label) is no reason to reinitialise the
        // module under everyone else's sessions; a connection that failed is.
        const bool lost = isGone(rv) && rv != CKR_TOKEN_NOT_PRESENT;
        if (!connected && module && (reinitializeOnFailure || lost)) {
            // p11-kit's client keeps a dead connection until it is finalised.
            const auto reinitialized = module->reinitialize(seenGeneration);
            if (reinitialized)
                connected = tryConnect(rv);
        }
        if (!connected) {
            const QString why = connected.error().detail();
            markDisconnected(why, lost);
            return KmsError(kGenerateFailed, why);
        }
        connectedGeneration = module->generation();
        connection = ConnectionState::Connected;
        lastError.clear();
        reinitializeOnFailure = false;
        return success();
    }

    bool listed(CK_MECHANISM_TYPE type) const { return mechanisms.contains(type); }

    // Empty when listed, else "CKM_X is not in the token's mechanism list".
    QString missing(std::initializer_list<CK_MECHANISM_TYPE> types) const
    {
        QStringList absent;
        for (const CK_MECHANISM_TYPE type : types) {
            if (!listed(type))
                absent.append(ckmName(type));
        }
        if (absent.isEmpty())
            return {};
        return QStringLiteral("%1 not in the token's mechanism list")
            .arg(absent.join(QStringLiteral(", ")));
    }

    // Tries C_EncryptInit/C_DecryptInit with `mechanism` on `key` in a session of its own (the
    // operation left active goes with that session). Empty text when the token took it.
    QString probeInit(
        bool decrypt, CK_MECHANISM &mechanism, CK_OBJECT_HANDLE key, const QString &text, CK_RV &rv)
    {
        auto probe = Pkcs11Module::Session::open(module, session.slot(), &rv);
        if (!probe)
            return text + QStringLiteral(": ") + probe.error().detail();
        rv = decrypt ? f()->C_DecryptInit(probe->handle(), &mechanism, key)
                     : f()->C_EncryptInit(probe->handle(), &mechanism, key);
        if (rv == CKR_OK)
            return {};
        return QStringLiteral("%1 refused by the token: %2").arg(text, ckrName(rv));
    }

    // The measured usability of AES-GCM with the console's parameters.
    Result<QString> gcm()
    {
        KMS_TRY(ensureConnected());
        if (gcmProblem)
            return *gcmProblem;
        QString problem = missing({ CKM_AES_GCM });
        if (problem.isEmpty() && listed(CKM_AES_KEY_GEN)) {
            CK_OBJECT_CLASS keyClass = CKO_SECRET_KEY;
            CK_KEY_TYPE keyType = CKK_AES;
            CK_ULONG length = 32;
            CK_BBOOL no = CK_FALSE;
            CK_BBOOL yes = CK_TRUE;
            CK_ATTRIBUTE attributes[] = { { CKA_CLASS, &keyClass, sizeof keyClass },
                { CKA_KEY_TYPE, &keyType, sizeof keyType },
                { CKA_VALUE_LEN, &length, sizeof length }, { CKA_TOKEN, &no, sizeof no },
                { CKA_ENCRYPT, &yes, sizeof yes } };
            CK_MECHANISM generate { CKM_AES_KEY_GEN, nullptr, 0 };
            CK_OBJECT_HANDLE key = 0;
            CK_RV rv = f()->C_GenerateKey(h(), &generate, attributes, 5, &key);
            if (rv != CKR_OK)
                return fail(kGenerateFailed, QStringLiteral("probe C_GenerateKey"), rv);
            std::array<unsigned char, kGcmIvLength> iv {};
            std::array<unsigned char, 4> aad { 1, 2, 3, 4 };
            CK_GCM_PARAMS params { iv.data(), iv.size(), iv.size() * 8, aad.data(), aad.size(),
                kGcmTagLength * 8 };
            CK_MECHANISM mechanism { CKM_AES_GCM, &params, sizeof params };
            problem = probeInit(false, mechanism, key, kGcmText, rv);
            f()->C_DestroyObject(h(), key);
            if (isGone(rv))
                return fail(kGenerateFailed, QStringLiteral("probe C_EncryptInit"), rv);
        }
        gcmProblem = problem;
        return problem;
    }

    // The measured usability of RSA-OAEP with the algorithm's hash.
    Result<QString> oaep(AsymmetricAlgorithm algorithm)
    {
        KMS_TRY(ensureConnected());
        auto &slot = oaepProblem[algorithm == AsymmetricAlgorithm::RsaOaepSha1 ? 0 : 1];
        if (slot)
            return *slot;
        QString problem = missing({ CKM_RSA_PKCS_OAEP });
        if (problem.isEmpty() && listed(CKM_RSA_PKCS_KEY_PAIR_GEN)) {
            // A small session key pair: the probe is about the parameters, not the key.
            CK_ULONG bits = 1024;
            CK_BBOOL no = CK_FALSE;
            CK_BBOOL yes = CK_TRUE;
            CK_BYTE exponent[] = { 1, 0, 1 };
            CK_ATTRIBUTE publicTemplate[]
                = { { CKA_TOKEN, &no, sizeof no }, { CKA_MODULUS_BITS, &bits, sizeof bits },
                      { CKA_PUBLIC_EXPONENT, exponent, sizeof exponent },
                      { CKA_ENCRYPT, &yes, sizeof yes } };
            CK_ATTRIBUTE privateTemplate[] = { { CKA_TOKEN, &no, sizeof no },
                { CKA_PRIVATE, &yes, sizeof yes }, { CKA_DECRYPT, &yes, sizeof yes } };
            CK_MECHANISM generate { CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0 };
            CK_OBJECT_HANDLE publicKey = 0;
            CK_OBJECT_HANDLE privateKey = 0;
            CK_RV rv = f()->C_GenerateKeyPair(
                h(), &generate, publicTemplate, 4, privateTemplate, 3, &publicKey, &privateKey);
            if (rv != CKR_OK)
                return fail(kGenerateFailed, QStringLiteral("probe C_GenerateKeyPair"), rv);
            CK_RSA_PKCS_OAEP_PARAMS params { hashOf(algorithm), mgfOf(algorithm),
                CKZ_DATA_SPECIFIED, nullptr, 0 };
            CK_MECHANISM mechanism { CKM_RSA_PKCS_OAEP, &params, sizeof params };
            problem = probeInit(true, mechanism, privateKey, oaepText(algorithm), rv);
            f()->C_DestroyObject(h(), publicKey);
            f()->C_DestroyObject(h(), privateKey);
            if (isGone(rv))
                return fail(kGenerateFailed, QStringLiteral("probe C_DecryptInit"), rv);
        }
        slot = problem;
        return problem;
    }

    QString missingFor(KeySpec spec)
    {
        if (auto connected = ensureConnected(); !connected)
            return connected.error().detail();
        switch (spec) {
        case KeySpec::Aes256: {
            if (QString absent = missing({ CKM_AES_KEY_GEN }); !absent.isEmpty())
                return absent;
            auto problem = gcm();
            return problem ? *problem : problem.error().detail();
        }
        case KeySpec::Rsa2048:
            return missing({ CKM_RSA_PKCS_KEY_PAIR_GEN });
        case KeySpec::EcP256:
            return missing({ CKM_EC_KEY_PAIR_GEN, CKM_ECDSA });
        case KeySpec::Sm4_128:
            return QStringLiteral("SM4 key generation and SM4 encryption (vendor-defined "
                                  "CKM_SM4_KEY_GEN, CKM_SM4_*) not in the token's mechanism list");
        case KeySpec::EcSm2:
            return QStringLiteral("SM2 key generation and SM2 signatures (vendor-defined "
                                  "CKM_SM2_KEY_PAIR_GEN, CKM_SM2_*) not in the token's mechanism "
                                  "list");
        }
        return QStringLiteral("unknown key spec");
    }

    QString missingFor(SignAlgorithm algorithm)
    {
        if (auto connected = ensureConnected(); !connected)
            return connected.error().detail();
        switch (algorithm) {
        case SignAlgorithm::RsaPkcs1Sha256:
            return missing({ CKM_RSA_PKCS });
        case SignAlgorithm::RsaPssSha256:
            return missing({ CKM_RSA_PKCS_PSS });
        case SignAlgorithm::EcdsaSha256:
            return missing({ CKM_ECDSA });
        case SignAlgorithm::Sm2Dsa:
            return missingFor(KeySpec::EcSm2);
        }
        return QStringLiteral("unknown algorithm");
    }

    QString missingFor(AsymmetricAlgorithm algorithm)
    {
        if (algorithm == AsymmetricAlgorithm::Sm2Pke)
            return missingFor(KeySpec::EcSm2);
        auto problem = oaep(algorithm);
        return problem ? *problem : problem.error().detail();
    }

    // The object of a key version with this class (CKO_SECRET_KEY, CKO_PRIVATE_KEY,
    // CKO_PUBLIC_KEY); KMS.0504 when the handle is for another version or nothing is found.
    Result<CK_OBJECT_HANDLE> findObject(
        const KeyRef &key, const QByteArray &handle, CK_OBJECT_CLASS objectClass)
    {
        if (handle != handleFor(key))
            return KmsError(
                kUnwrapFailed, QStringLiteral("the handle does not belong to this key version"));
        KMS_TRY(ensureConnected());
        const QByteArray label = objectLabel(key);
        const QByteArray cacheKey = QByteArray::number(qulonglong(objectClass)) + ':' + label;
        if (const auto cached = objects.constFind(cacheKey); cached != objects.constEnd())
            return cached.value();
        const QByteArray id = key.versionId.toUtf8();
        CK_KEY_TYPE keyType = keyTypeOf(key.spec);
        CK_ATTRIBUTE search[] = { { CKA_CLASS, &objectClass, sizeof objectClass },
            { CKA_KEY_TYPE, &keyType, sizeof keyType }, { CKA_ID, bytes(id), ulen(id) },
            { CKA_LABEL, bytes(label), ulen(label) } };
        CK_RV rv = f()->C_FindObjectsInit(h(), search, 4);
        if (rv != CKR_OK)
            return fail(kUnwrapFailed, QStringLiteral("C_FindObjectsInit"), rv);
        std::array<CK_OBJECT_HANDLE, 2> found {};
        CK_ULONG count = 0;
        rv = f()->C_FindObjects(h(), found.data(), found.size(), &count);
        const CK_RV finalRv = f()->C_FindObjectsFinal(h());
        if (rv != CKR_OK)
            return fail(kUnwrapFailed, QStringLiteral("C_FindObjects"), rv);
        if (finalRv != CKR_OK)
            return fail(kUnwrapFailed, QStringLiteral("C_FindObjectsFinal"), finalRv);
        if (count == 0)
            return KmsError(kUnwrapFailed,
                QStringLiteral("no %1 object of this key version on the token")
                    .arg(objectClass == CKO_PUBLIC_KEY
                            ? QStringLiteral("public key")
                            : (objectClass == CKO_PRIVATE_KEY ? QStringLiteral("private key")
                                                              : QStringLiteral("secret key"))));
        if (count > 1)
            return KmsError(kUnwrapFailed,
                QStringLiteral("more than one object carries this key version's label"));
        objects.insert(cacheKey, found[0]);
        return found[0];
    }

    // All objects of a key version, whatever their class.
    Result<std::vector<CK_OBJECT_HANDLE>> findAll(const KeyRef &key, const QString &code)
    {
        KMS_TRY(ensureConnected());
        const QByteArray label = objectLabel(key);
        const QByteArray id = key.versionId.toUtf8();
        CK_ATTRIBUTE search[]
            = { { CKA_ID, bytes(id), ulen(id) }, { CKA_LABEL, bytes(label), ulen(label) } };
        CK_RV rv = f()->C_FindObjectsInit(h(), search, 2);
        if (rv != CKR_OK)
            return fail(code, QStringLiteral("C_FindObjectsInit"), rv);
        std::vector<CK_OBJECT_HANDLE> all;
        std::array<CK_OBJECT_HANDLE, 8> batch {};
        CK_ULONG count = 0;
        do {
            rv = f()->C_FindObjects(h(), batch.data(), batch.size(), &count);
            if (rv != CKR_OK)
                break;
            all.insert(all.end(), batch.begin(), batch.begin() + count);
        } while (count == batch.size());
        const CK_RV finalRv = f()->C_FindObjectsFinal(h());
        if (rv != CKR_OK)
            return fail(code, QStringLiteral("C_FindObjects"), rv);
        if (finalRv != CKR_OK)
            return fail(code, QStringLiteral("C_FindObjectsFinal"), finalRv);
        return all;
    }

    Result<QByteArray> attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type)
    {
        CK_ATTRIBUTE query { type, nullptr, 0 };
        CK_RV rv = f()->C_GetAttributeValue(h(), object, &query, 1);
        if (rv != CKR_OK || query.ulValueLen == CK_UNAVAILABLE_INFORMATION)
            return fail(kUnwrapFailed, QStringLiteral("C_GetAttributeValue"), rv);
        QByteArray value(static_cast<qsizetype>(query.ulValueLen), '\0');
        query.pValue = value.data();
        rv = f()->C_GetAttributeValue(h(), object, &query, 1);
        if (rv != CKR_OK)
            return fail(kUnwrapFailed, QStringLiteral("C_GetAttributeValue"), rv);
        value.resize(static_cast<qsizetype>(query.ulValueLen));
        return value;
    }

    Result<QByteArray> random(int count)
    {
        KMS_TRY(ensureConnected());
        QByteArray out(count, '\0');
        const CK_RV rv = f()->C_GenerateRandom(h(), bytes(out), ulen(out));
        if (rv != CKR_OK)
            return fail(kRandomFailed, QStringLiteral("C_GenerateRandom"), rv);
        return out;
    }
};

// ---------------------------------------------------------------------------------------------

Pkcs11Hsm::Pkcs11Hsm(Pkcs11Config config, const MasterKey &masterKey)
    : m_state(std::make_unique<State>(std::move(config), masterKey))
{
}

Pkcs11Hsm::~Pkcs11Hsm() = default; // the session closes; the config's PIN is wiped

QString Pkcs11Hsm::name() const
{
    return QStringLiteral("pkcs11:") + m_state->config.tokenLabel;
}

bool Pkcs11Hsm::supports(KeySpec spec) const
{
    return m_state->missingFor(spec).isEmpty();
}

Result<void> Pkcs11Hsm::connect()
{
    return m_state->ensureConnected();
}

void Pkcs11Hsm::setPin(SecureBytes pin)
{
    m_state->config.pin = std::move(pin);
    m_state->pinRejected.clear();
}

Pkcs11Hsm::ConnectionState Pkcs11Hsm::connectionState() const
{
    return m_state->connection;
}

QString Pkcs11Hsm::lastError() const
{
    return m_state->lastError;
}

Result<Pkcs11TokenInfo> Pkcs11Hsm::tokenInfo()
{
    KMS_TRY(m_state->ensureConnected());
    CK_RV rv = CKR_OK;
    auto tokens = m_state->module->tokens(&rv);
    if (!tokens)
        return m_state->fail(kGenerateFailed, QStringLiteral("C_GetTokenInfo"), rv);
    for (const Pkcs11TokenInfo &token : *tokens) {
        if (token.slotId == m_state->session.slot())
            return token;
    }
    return m_state->fail(kGenerateFailed, QStringLiteral("C_GetTokenInfo"), CKR_TOKEN_NOT_PRESENT);
}

Result<QList<Pkcs11MechanismInfo>> Pkcs11Hsm::mechanisms()
{
    KMS_TRY(m_state->ensureConnected());
    return m_state->mechanismList;
}

QString Pkcs11Hsm::missingMechanismFor(KeySpec spec) const
{
    return m_state->missingFor(spec);
}

QString Pkcs11Hsm::missingMechanismFor(SignAlgorithm algorithm) const
{
    return m_state->missingFor(algorithm);
}

QString Pkcs11Hsm::missingMechanismFor(AsymmetricAlgorithm algorithm) const
{
    return m_state->missingFor(algorithm);
}

Result<Pkcs11Module::Session *> Pkcs11Hsm::session()
{
    KMS_TRY(m_state->ensureConnected());
    return &m_state->session;
}

QByteArray Pkcs11Hsm::handleFor(const KeyRef &key)
{
    return kHandlePrefix + key.versionId.toUtf8();
}

QByteArray Pkcs11Hsm::objectLabel(const KeyRef &key)
{
    return QByteArrayLiteral("kms:") + key.cmkUuid.toUtf8() + ':' + key.versionId.toUtf8();
}

Result<QByteArray> Pkcs11Hsm::generateKey(const KeyRef &key)
{
    State &s = *m_state;
    if (key.versionId.isEmpty() || key.cmkUuid.isEmpty())
        return KmsError(kGenerateFailed, QStringLiteral("key and version ids must not be empty"));
    KMS_TRY(s.ensureConnected());
    if (const QString absent = s.missingFor(key.spec); !absent.isEmpty())
        return KmsError(kUnsupportedSpec,
            QStringLiteral("%1 on %2: %3").arg(keySpecName(key.spec), name(), absent));
    // A version is made once: objects already carrying its label are not replaced.
    auto existing = s.findAll(key, kGenerateFailed);
    if (!existing)
        return existing.error();
    if (!existing->empty())
        return KmsError(
            kGenerateFailed, QStringLiteral("objects of this key version exist on the token"));

    const QByteArray label = objectLabel(key);
    const QByteArray id = key.versionId.toUtf8();
    CK_BBOOL yes = CK_TRUE;
    CK_BBOOL no = CK_FALSE;
    CK_RV rv = CKR_OK;
    if (key.spec == KeySpec::Aes256) {
        CK_OBJECT_CLASS keyClass = CKO_SECRET_KEY;
        CK_KEY_TYPE keyType = CKK_AES;
        CK_ULONG length = 32;
        CK_ATTRIBUTE attributes[] = { { CKA_CLASS, &keyClass, sizeof keyClass },
            { CKA_KEY_TYPE, &keyType, sizeof keyType }, { CKA_VALUE_LEN, &length, sizeof length },
            { CKA_TOKEN, &yes, 1 }, { CKA_PRIVATE, &yes, 1 }, { CKA_SENSITIVE, &yes, 1 },
            { CKA_EXTRACTABLE, &no, 1 }, { CKA_ENCRYPT, &yes, 1 }, { CKA_DECRYPT, &yes, 1 },
            { CKA_SIGN, &no, 1 }, { CKA_VERIFY, &no, 1 }, { CKA_WRAP, &no, 1 },
            { CKA_UNWRAP, &no, 1 }, { CKA_DERIVE, &no, 1 },
            { CKA_LABEL, bytes(label), ulen(label) }, { CKA_ID, bytes(id), ulen(id) } };
        CK_MECHANISM mechanism { CKM_AES_KEY_GEN, nullptr, 0 };
        CK_OBJECT_HANDLE object = 0;
        rv = s.f()->C_GenerateKey(
            s.h(), &mechanism, attributes, CK_ULONG(std::size(attributes)), &object);
        if (rv != CKR_OK)
            return s.fail(kGenerateFailed, QStringLiteral("C_GenerateKey CKM_AES_KEY_GEN"), rv);
        return handleFor(key);
    }

    const bool rsa = key.spec == KeySpec::Rsa2048;
    CK_OBJECT_CLASS publicClass = CKO_PUBLIC_KEY;
    CK_OBJECT_CLASS privateClass = CKO_PRIVATE_KEY;
    CK_KEY_TYPE keyType = keyTypeOf(key.spec);
    CK_ULONG bits = 2048;
    CK_BYTE exponent[] = { 1, 0, 1 };
    std::vector<CK_ATTRIBUTE> publicTemplate = { { CKA_CLASS, &publicClass, sizeof publicClass },
        { CKA_KEY_TYPE, &keyType, sizeof keyType }, { CKA_TOKEN, &yes, 1 }, { CKA_PRIVATE, &no, 1 },
        { CKA_VERIFY, &yes, 1 }, { CKA_ENCRYPT, &yes, 1 }, { CKA_WRAP, &no, 1 },
        { CKA_DERIVE, &no, 1 }, { CKA_LABEL, bytes(label), ulen(label) },
        { CKA_ID, bytes(id), ulen(id) } };
    std::vector<CK_ATTRIBUTE> privateTemplate = { { CKA_CLASS, &privateClass, sizeof privateClass },
        { CKA_KEY_TYPE, &keyType, sizeof keyType }, { CKA_TOKEN, &yes, 1 },
        { CKA_PRIVATE, &yes, 1 }, { CKA_SENSITIVE, &yes, 1 }, { CKA_EXTRACTABLE, &no, 1 },
        { CKA_SIGN, &yes, 1 }, { CKA_UNWRAP, &no, 1 }, { CKA_DERIVE, &no, 1 },
        { CKA_LABEL, bytes(label), ulen(label) }, { CKA_ID, bytes(id), ulen(id) } };
    if (rsa) {
        publicTemplate.push_back({ CKA_MODULUS_BITS, &bits, sizeof bits });
        publicTemplate.push_back({ CKA_PUBLIC_EXPONENT, exponent, sizeof exponent });
        privateTemplate.push_back({ CKA_DECRYPT, &yes, 1 });
    } else {
        // EC keys neither encrypt nor decrypt.
        publicTemplate[5] = { CKA_EC_PARAMS, bytes(kP256Params), ulen(kP256Params) };
    }
    CK_MECHANISM mechanism { rsa ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN, nullptr, 0 };
    CK_OBJECT_HANDLE publicKey = 0;
    CK_OBJECT_HANDLE privateKey = 0;
    rv = s.f()->C_GenerateKeyPair(s.h(), &mechanism, publicTemplate.data(),
        CK_ULONG(publicTemplate.size()), privateTemplate.data(), CK_ULONG(privateTemplate.size()),
        &publicKey, &privateKey);
    if (rv != CKR_OK)
        return s.fail(kGenerateFailed,
            QStringLiteral("C_GenerateKeyPair %1").arg(ckmName(mechanism.mechanism)), rv);
    return handleFor(key);
}

Result<void> Pkcs11Hsm::destroyKey(const KeyRef &key, const QByteArray &handle)
{
    State &s = *m_state;
    if (handle != handleFor(key))
        return KmsError(
            kUnwrapFailed, QStringLiteral("the handle does not belong to this key version"));
    auto all = s.findAll(key, kGenerateFailed);
    if (!all)
        return all.error();
    for (const CK_OBJECT_HANDLE object : *all) {
        const CK_RV rv = s.f()->C_DestroyObject(s.h(), object);
        // Gone already (another console destroyed it in between): what was wanted.
        if (rv != CKR_OK && rv != CKR_OBJECT_HANDLE_INVALID)
            return s.fail(kGenerateFailed, QStringLiteral("C_DestroyObject"), rv);
    }
    s.objects.clear();
    return success();
}

Result<QByteArray> Pkcs11Hsm::publicKeyPem(const KeyRef &key, const QByteArray &handle)
{
    State &s = *m_state;
    if (key.spec != KeySpec::Rsa2048 && key.spec != KeySpec::EcP256) {
        if (isSymmetric(key.spec))
            return KmsError(kNotAsymmetric, QStringLiteral("not an asymmetric key"));
        return KmsError(kUnsupportedSpec, s.missingFor(key.spec));
    }
    auto object = s.findObject(key, handle, CKO_PUBLIC_KEY);
    if (!object)
        return object.error();
    if (key.spec == KeySpec::Rsa2048) {
        auto modulus = s.attribute(*object, CKA_MODULUS);
        if (!modulus)
            return modulus.error();
        auto exponent = s.attribute(*object, CKA_PUBLIC_EXPONENT);
        if (!exponent)
            return exponent.error();
        return publicKeyPemFrom(key.spec, *modulus, *exponent);
    }
    auto point = s.attribute(*object, CKA_EC_POINT);
    if (!point)
        return point.error();
    return publicKeyPemFrom(key.spec, *point, {});
}

Result<SealedData> Pkcs11Hsm::encrypt(
    const KeyRef &key, const QByteArray &handle, const QByteArray &plaintext, const QByteArray &aad)
{
    State &s = *m_state;
    if (!isSymmetric(key.spec))
        return KmsError(kNotSymmetric, QStringLiteral("not a symmetric key"));
    if (key.spec != KeySpec::Aes256)
        return KmsError(kUnsupportedSpec, s.missingFor(key.spec));
    auto usable = s.gcm();
    if (!usable)
        return usable.error().withCode(kEncryptFailed);
    if (!usable->isEmpty())
        return KmsError(kWrongAlgorithm, *usable);
    auto object = s.findObject(key, handle, CKO_SECRET_KEY);
    if (!object)
        return object.error();
    auto iv = s.random(kGcmIvLength);
    if (!iv)
        return iv.error();

    CK_GCM_PARAMS params { bytes(*iv), CK_ULONG(kGcmIvLength), CK_ULONG(kGcmIvLength * 8),
        aad.isEmpty() ? nullptr : bytes(aad), ulen(aad), CK_ULONG(kGcmTagLength * 8) };
    CK_MECHANISM mechanism { CKM_AES_GCM, &params, sizeof params };
    CK_RV rv = s.f()->C_EncryptInit(s.h(), &mechanism, *object);
    if (rv != CKR_OK) {
        const KmsError error
            = s.fail(kEncryptFailed, QStringLiteral("C_EncryptInit ") + kGcmText, rv);
        if (isRefusedMechanism(rv))
            return error.withCode(kWrongAlgorithm);
        return error;
    }
    QByteArray out(plaintext.size() + kGcmTagLength, '\0');
    CK_ULONG outLength = ulen(out);
    rv = s.f()->C_Encrypt(s.h(), bytes(plaintext), ulen(plaintext), bytes(out), &outLength);
    if (rv != CKR_OK)
        return s.fail(kEncryptFailed, QStringLiteral("C_Encrypt CKM_AES_GCM"), rv);
    if (outLength != CK_ULONG(plaintext.size() + kGcmTagLength))
        return KmsError(kEncryptFailed, QStringLiteral("CKM_AES_GCM output has the wrong length"));
    return SealedData { *iv, out.left(plaintext.size()), out.mid(plaintext.size()) };
}

Result<SecureBytes> Pkcs11Hsm::decrypt(
    const KeyRef &key, const QByteArray &handle, const SealedData &sealed, const QByteArray &aad)
{
    State &s = *m_state;
    if (!isSymmetric(key.spec))
        return KmsError(kNotSymmetric, QStringLiteral("not a symmetric key"));
    if (key.spec != KeySpec::Aes256)
        return KmsError(kUnsupportedSpec, s.missingFor(key.spec));
    if (sealed.iv.size() != kGcmIvLength || sealed.tag.size() != kGcmTagLength)
        return KmsError(
            kWrongCiphertext, QStringLiteral("AES-GCM takes a 12-byte IV and 16-byte tag"));
    auto usable = s.gcm();
    if (!usable)
        return usable.error().withCode(kUnwrapFailed);
    if (!usable->isEmpty())
        return KmsError(kWrongAlgorithm, *usable);
    auto object = s.findObject(key, handle, CKO_SECRET_KEY);
    if (!object)
        return object.error();

    CK_GCM_PARAMS params { bytes(sealed.iv), CK_ULONG(kGcmIvLength), CK_ULONG(kGcmIvLength * 8),
        aad.isEmpty() ? nullptr : bytes(aad), ulen(aad), CK_ULONG(kGcmTagLength * 8) };
    CK_MECHANISM mechanism { CKM_AES_GCM, &params, sizeof params };
    CK_RV rv = s.f()->C_DecryptInit(s.h(), &mechanism, *object);
    if (rv != CKR_OK) {
        const KmsError error
            = s.fail(kUnwrapFailed, QStringLiteral("C_DecryptInit ") + kGcmText, rv);
        if (isRefusedMechanism(rv))
            return error.withCode(kWrongAlgorithm);
        return error;
    }
    const QByteArray input = sealed.ciphertext + sealed.tag;
    SecureBytes plain(static_cast<std::size_t>(input.size()));
    CK_ULONG plainLength = CK_ULONG(plain.size());
    rv = s.f()->C_Decrypt(s.h(), bytes(input), ulen(input), plain.data(), &plainLength);
    // A tag that does not match: CKR_ENCRYPTED_DATA_INVALID in PKCS#11 2.40, but SoftHSM2 2.6
    // answers CKR_GENERAL_ERROR (measured), after an init that succeeded, so it counts too.
    if (rv == CKR_ENCRYPTED_DATA_INVALID || rv == CKR_ENCRYPTED_DATA_LEN_RANGE
        || rv == CKR_DATA_INVALID || rv == CKR_GENERAL_ERROR)
        return s.fail(kWrongCiphertext, QStringLiteral("C_Decrypt CKM_AES_GCM"), rv);
    if (rv != CKR_OK)
        return s.fail(kUnwrapFailed, QStringLiteral("C_Decrypt CKM_AES_GCM"), rv);
    plain.resize(plainLength);
    return plain;
}

Result<SecureBytes> Pkcs11Hsm::randomBytes(int count)
{
    if (count < 1 || count > kMaxRandomBytes)
        return KmsError(
            kRandomCount, QStringLiteral("random byte count must be 1..%1").arg(kMaxRandomBytes));
    auto random = m_state->random(count);
    if (!random)
        return random.error().withCode(kRandomFailed);
    SecureBytes out = SecureBytes::fromByteArray(*random);
    wipeByteArray(*random);
    return out;
}

namespace {
// The checks shared by sign and asymmetricDecrypt, in the order the software HSM makes them.
Result<void> checkAsymmetricUse(const KeyRef &key, KeySpec algorithmSpec, const QString &algorithm)
{
    if (keySpecName(key.spec).isEmpty())
        return KmsError(kUnsupportedSpec);
    if (isSymmetric(key.spec))
        return KmsError(kNotAsymmetric, QStringLiteral("not an asymmetric key"));
    if (algorithmSpec != key.spec)
        return KmsError(kWrongAlgorithm,
            QStringLiteral("%1 does not work with %2").arg(algorithm, keySpecName(key.spec)));
    return success();
}
} // namespace

Result<void> Pkcs11Hsm::usePrivateKey(
    const KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use)
{
    auto pem = publicKeyPem(key, handle);
    if (!pem)
        return pem.error();
    crypto::DelegatedSigner signer;
    signer.sign = [this, &key, &handle](SignAlgorithm algorithm, const QByteArray &digest) {
        return sign(key, handle, algorithm, digest);
    };
    auto delegated = crypto::makeDelegatedKey(*pem, key.spec, signer);
    if (!delegated)
        return delegated.error();
    auto used = use(delegated->get());
    if (!used && signer.lastError)
        return *signer.lastError; // the token's own error says more than OpenSSL's
    return used;
}

Result<QByteArray> Pkcs11Hsm::sign(
    const KeyRef &key, const QByteArray &handle, SignAlgorithm algorithm, const QByteArray &digest)
{
    State &s = *m_state;
    KMS_TRY(checkAsymmetricUse(key, specOf(algorithm), signAlgorithmName(algorithm)));
    if (digest.size() != kDigestLength)
        return KmsError(kBadInput, QStringLiteral("the digest must be 32 bytes"));
    // A lost connection is a 5xx failure, not a missing mechanism.
    if (auto connected = s.ensureConnected(); !connected)
        return connected.error().withCode(kEncryptFailed);
    if (const QString absent = s.missingFor(algorithm); !absent.isEmpty())
        return KmsError(kWrongAlgorithm, absent);
    auto object = s.findObject(key, handle, CKO_PRIVATE_KEY);
    if (!object)
        return object.error();

    CK_RSA_PKCS_PSS_PARAMS pss { CKM_SHA256, CKG_MGF1_SHA256, kDigestLength };
    CK_MECHANISM mechanism { CKM_ECDSA, nullptr, 0 };
    QByteArray input = digest;
    switch (algorithm) {
    case SignAlgorithm::RsaPkcs1Sha256:
        mechanism.mechanism = CKM_RSA_PKCS;
        input = kSha256DigestInfo + digest;
        break;
    case SignAlgorithm::RsaPssSha256:
        mechanism = { CKM_RSA_PKCS_PSS, &pss, sizeof pss };
        break;
    default:
        break;
    }
    CK_RV rv = s.f()->C_SignInit(s.h(), &mechanism, *object);
    if (rv != CKR_OK) {
        const KmsError error = s.fail(
            kEncryptFailed, QStringLiteral("C_SignInit %1").arg(ckmName(mechanism.mechanism)), rv);
        if (isRefusedMechanism(rv))
            return error.withCode(kWrongAlgorithm);
        return error;
    }
    QByteArray signature(512, '\0');
    CK_ULONG signatureLength = ulen(signature);
    rv = s.f()->C_Sign(s.h(), bytes(input), ulen(input), bytes(signature), &signatureLength);
    if (rv != CKR_OK)
        return s.fail(
            kEncryptFailed, QStringLiteral("C_Sign %1").arg(ckmName(mechanism.mechanism)), rv);
    signature.resize(static_cast<qsizetype>(signatureLength));
    if (algorithm == SignAlgorithm::EcdsaSha256)
        return ecdsaRawToDer(signature);
    return signature;
}

Result<SecureBytes> Pkcs11Hsm::asymmetricDecrypt(const KeyRef &key, const QByteArray &handle,
    AsymmetricAlgorithm algorithm, const QByteArray &ciphertext)
{
    State &s = *m_state;
    KMS_TRY(checkAsymmetricUse(key, specOf(algorithm), asymmetricAlgorithmName(algorithm)));
    if (auto connected = s.ensureConnected(); !connected)
        return connected.error().withCode(kUnwrapFailed);
    if (auto probed = s.oaep(algorithm); !probed)
        return probed.error().withCode(kUnwrapFailed);
    if (const QString absent = s.missingFor(algorithm); !absent.isEmpty())
        return KmsError(kWrongAlgorithm, absent);
    auto object = s.findObject(key, handle, CKO_PRIVATE_KEY);
    if (!object)
        return object.error();
    CK_RSA_PKCS_OAEP_PARAMS params { hashOf(algorithm), mgfOf(algorithm), CKZ_DATA_SPECIFIED,
        nullptr, 0 };
    CK_MECHANISM mechanism { CKM_RSA_PKCS_OAEP, &params, sizeof params };
    CK_RV rv = s.f()->C_DecryptInit(s.h(), &mechanism, *object);
    if (rv != CKR_OK) {
        const KmsError error
            = s.fail(kUnwrapFailed, QStringLiteral("C_DecryptInit ") + oaepText(algorithm), rv);
        if (isRefusedMechanism(rv))
            return error.withCode(kWrongAlgorithm);
        return error;
    }
    SecureBytes plain(512);
    CK_ULONG plainLength = CK_ULONG(plain.size());
    rv = s.f()->C_Decrypt(s.h(), bytes(ciphertext), ulen(ciphertext), plain.data(), &plainLength);
    if (rv != CKR_OK) {
        // SoftHSM2 answers CKR_GENERAL_ERROR for a padding that does not check.
        const bool badCiphertext = rv == CKR_ENCRYPTED_DATA_INVALID
            || rv == CKR_ENCRYPTED_DATA_LEN_RANGE || rv == CKR_DATA_LEN_RANGE
            || rv == CKR_GENERAL_ERROR;
        return s.fail(badCiphertext ? kAsymDecryptFailed : kUnwrapFailed,
            QStringLiteral("C_Decrypt ") + oaepText(algorithm), rv);
    }
    plain.resize(plainLength);
    return plain;
}

Result<Hsm::ImportedKey> Pkcs11Hsm::importKey(const KeyRef &key, const SecureBytes &material)
{
    State &s = *m_state;
    if (!isSymmetric(key.spec))
        return KmsError(kWrongAlgorithm, QStringLiteral("only symmetric material is imported"));
    if (key.spec != KeySpec::Aes256)
        return KmsError(kUnsupportedSpec, s.missingFor(key.spec));
    if (material.size() != 32)
        return KmsError(kBadMaterial, QStringLiteral("AES_256 material is 32 bytes"));
    if (key.versionId.isEmpty() || key.cmkUuid.isEmpty())
        return KmsError(kGenerateFailed, QStringLiteral("key and version ids must not be empty"));
    auto usable = s.gcm();
    if (!usable)
        return usable.error();
    if (!usable->isEmpty())
        return KmsError(kUnsupportedSpec, *usable);
    auto existing = s.findAll(key, kGenerateFailed);
    if (!existing)
        return existing.error();
    if (!existing->empty())
        return KmsError(
            kGenerateFailed, QStringLiteral("objects of this key version exist on the token"));
    auto fingerprint = hsm::importFingerprint(s.masterKey, material);
    if (!fingerprint)
        return fingerprint.error();

    const QByteArray label = objectLabel(key);
    const QByteArray id = key.versionId.toUtf8();
    CK_BBOOL yes = CK_TRUE;
    CK_BBOOL no = CK_FALSE;
    CK_OBJECT_CLASS keyClass = CKO_SECRET_KEY;
    CK_KEY_TYPE keyType = CKK_AES;
    // CKA_VALUE points at the caller's secure buffer: no copy of the material is made here.
    CK_ATTRIBUTE attributes[] = { { CKA_CLASS, &keyClass, sizeof keyClass },
        { CKA_KEY_TYPE, &keyType, sizeof keyType },
        { CKA_VALUE, const_cast<unsigned char *>(material.data()), CK_ULONG(material.size()) },
        { CKA_TOKEN, &yes, 1 }, { CKA_PRIVATE, &yes, 1 }, { CKA_SENSITIVE, &yes, 1 },
        { CKA_EXTRACTABLE, &no, 1 }, { CKA_ENCRYPT, &yes, 1 }, { CKA_DECRYPT, &yes, 1 },
        { CKA_SIGN, &no, 1 }, { CKA_VERIFY, &no, 1 }, { CKA_WRAP, &no, 1 }, { CKA_UNWRAP, &no, 1 },
        { CKA_DERIVE, &no, 1 }, { CKA_LABEL, bytes(label), ulen(label) },
        { CKA_ID, bytes(id), ulen(id) } };
    CK_OBJECT_HANDLE object = 0;
    const CK_RV rv
        = s.f()->C_CreateObject(s.h(), attributes, CK_ULONG(std::size(attributes)), &object);
    if (rv != CKR_OK)
        return s.fail(kGenerateFailed, QStringLiteral("C_CreateObject CKK_AES"), rv);
    return ImportedKey { handleFor(key), *fingerprint };
}

Result<QByteArray> Pkcs11Hsm::importFingerprint(const SecureBytes &material)
{
    return hsm::importFingerprint(m_state->masterKey, material);
}

} // namespace kms::hsm
