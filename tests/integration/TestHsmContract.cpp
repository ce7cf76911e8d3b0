// The HSM contract: one suite that every implementation of hsm/Hsm.h passes, run unchanged
// over the software HSM, SoftHSM2 loaded in-process and SoftHSM2 behind `p11-kit server`
// reached through p11-kit's client module. CTest registers it three times; the environment
// variable KMS_HSM picks the HSM: "software" (default), "softhsm" or "p11kit".
//
// A case the HSM cannot do is skipped with the reason the HSM itself measured (for a PKCS#11
// token: the mechanism missing from its C_GetMechanismList, or the mechanism whose parameters
// it refused in a probe), never by the backend's name. The PKCS#11 runs also check with an
// independent client (`pkcs11-tool --list-objects`, package opensc) that the console's key
// objects are sensitive and never extractable; the p11kit run stops the server in the middle
// and starts a fresh one on the same token folder.
//
// Published vectors (Project Wycheproof, Apache-2.0, tests/data/wycheproof/README.md):
// aes_gcm_test.json (256-bit keys, 12-byte IV, 16-byte tag) through importKey + decrypt;
// ecdsa_secp256r1_sha256_test.json, rsa_signature_2048_sha256_test.json and
// rsa_pss_2048_sha256_mgf1_32_test.json verified by the token (a public-key session object,
// Pkcs11Module::Session::verifyWithPublicKey); rsa_oaep_2048_sha1_mgf1sha1_test.json decrypted
// by the token with the group's private key as a sensitive session object. "acceptable" cases
// are treated strictly (must be rejected), as in TestCryptoVectors.
//
// Nothing here prints a PIN or key bytes.

#include "CryptoTestHelpers.h"
#include "SoftHsmToken.h"
#include "TestHelpers.h"
#include "crypto/MasterKey.h"
#include "crypto/PublicKeyCrypto.h"
#include "hsm/Pkcs11Hsm.h"
#include "hsm/SoftwareHsm.h"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <memory>
#include <optional>

using namespace kms;
using namespace kms::hsm;
using namespace kms::test;

Q_DECLARE_METATYPE(kms::SignAlgorithm)
Q_DECLARE_METATYPE(kms::AsymmetricAlgorithm)
Q_DECLARE_METATYPE(kms::KeySpec)

namespace {

QByteArray randomBytes(int count)
{
    QByteArray out(count, '\0');
    RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count);
    return out;
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

// AES-256-GCM through EVP, to check the HSM's output independently.
QByteArray evpGcmOpen(const QByteArray &key, const SealedData &sealed, const QByteArray &aad)
{
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray out(sealed.ciphertext.size(), '\0');
    QByteArray tag = sealed.tag;
    int written = 0;
    int ignored = 0;
    const auto *k = reinterpret_cast<const unsigned char *>(key.constData());
    const auto *iv = reinterpret_cast<const unsigned char *>(sealed.iv.constData());
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1
        || EVP_DecryptUpdate(ctx.get(), nullptr, &ignored,
               reinterpret_cast<const unsigned char *>(aad.constData()), int(aad.size()))
            != 1
        || EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &written,
               reinterpret_cast<const unsigned char *>(sealed.ciphertext.constData()),
               int(sealed.ciphertext.size()))
            != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), nullptr, &ignored) != 1)
        return QByteArrayLiteral("<does not open>");
    return out;
}

// A strict DER ECDSA-Sig-Value to r || s (32 bytes each); empty when the encoding is not the
// canonical DER of two integers that fit (Wycheproof's malleability cases).
QByteArray ecdsaDerToRaw(const QByteArray &der)
{
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
        d2i_ECDSA_SIG(nullptr, &data, long(der.size())), &ECDSA_SIG_free);
    if (!sig)
        return {};
    unsigned char *again = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &again);
    const bool canonical = length == der.size() && std::memcmp(again, der.constData(), length) == 0;
    OPENSSL_free(again);
    if (!canonical)
        return {};
    const BIGNUM *r = ECDSA_SIG_get0_r(sig.get());
    const BIGNUM *s = ECDSA_SIG_get0_s(sig.get());
    if (BN_is_negative(r) || BN_is_negative(s) || BN_num_bytes(r) > 32 || BN_num_bytes(s) > 32)
        return {};
    QByteArray raw(64, '\0');
    BN_bn2binpad(r, reinterpret_cast<unsigned char *>(raw.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char *>(raw.data()) + 32, 32);
    return raw;
}

const QByteArray kSha256DigestInfo = QByteArray::fromHex("3031300d060960864801650304020105000420");

} // namespace

class TestHsmContract : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void aesRoundTrip();
    void aesTamper_data();
    void aesTamper();
    void handleBoundToVersion();
    void sign_data();
    void sign();
    void oaepDecrypt_data();
    void oaepDecrypt();
    void destroy();
    void random();
    void importAes();
    void smSpecs_data();
    void smSpecs();
    void usePrivateKey();
    void wycheproofAesGcm_data();
    void wycheproofAesGcm();
    void wycheproofSignatures_data();
    void wycheproofSignatures();
    void wycheproofOaepSha1();
    void moduleRegistryAndTokens();
    void objectsSensitiveForIndependentReader();
    void serverRestart();

private:
    KeyRef newKey(KeySpec spec) const
    {
        return KeyRef { QUuid::createUuid().toString(QUuid::WithoutBraces),
            QUuid::createUuid().toString(QUuid::WithoutBraces), spec };
    }
    // What the HSM says it cannot do ("" when it can): the measured mechanism list for a
    // token; supports() for an HSM without one.
    QString missing(KeySpec spec) const
    {
        if (m_pkcs11 != nullptr)
            return m_pkcs11->missingMechanismFor(spec);
        return m_hsm->supports(spec) ? QString() : QStringLiteral("spec not supported");
    }
    QString missing(SignAlgorithm algorithm) const
    {
        const QString spec = missing(specOf(algorithm));
        if (!spec.isEmpty() || m_pkcs11 == nullptr)
            return spec;
        return m_pkcs11->missingMechanismFor(algorithm);
    }
    QString missing(AsymmetricAlgorithm algorithm) const
    {
        const QString spec = missing(specOf(algorithm));
        if (!spec.isEmpty() || m_pkcs11 == nullptr)
            return spec;
        return m_pkcs11->missingMechanismFor(algorithm);
    }
    QProcessEnvironment toolEnvironment() const;
    QString toolModule() const;

    QString m_backend;
    std::unique_ptr<SoftHsmToken> m_token;
    std::optional<MasterKey> m_masterKey;
    std::unique_ptr<Hsm> m_hsm;
    Pkcs11Hsm *m_pkcs11 = nullptr;
};

// VERIFY_ERROR that also prints the detail (which never holds secrets).
#define VERIFY_CODE(expr, expectedCode)                                                            \
    do {                                                                                           \
        const auto &codeResult_ = (expr);                                                          \
        QVERIFY2(!codeResult_.ok(), "expected " expectedCode);                                     \
        QVERIFY2(codeResult_.error().code() == QLatin1String(expectedCode),                        \
            ::kms::test::describe(codeResult_).constData());                                       \
    } while (false)

#define SKIP_IF_MISSING(what)                                                                      \
    do {                                                                                           \
        const QString missingText_ = missing(what);                                                \
        if (!missingText_.isEmpty())                                                               \
            QSKIP(qPrintable(QStringLiteral("%1 cannot: %2").arg(m_hsm->name(), missingText_)));   \
    } while (false)

void TestHsmContract::initTestCase()
{
    m_backend = qEnvironmentVariable("KMS_HSM", QStringLiteral("software"));
    auto masterKey = MasterKey::generate();
    QVERIFY_RESULT(masterKey);
    m_masterKey.emplace(std::move(masterKey).value());

    if (m_backend == QLatin1String("software")) {
        m_hsm = std::make_unique<SoftwareHsm>(*m_masterKey);
        return;
    }
    QVERIFY2(m_backend == QLatin1String("softhsm") || m_backend == QLatin1String("p11kit"),
        "KMS_HSM must be software, softhsm or p11kit");
    m_token = std::make_unique<SoftHsmToken>(QStringLiteral("kms-contract"));
    if (m_token->missingBinary())
        QSKIP(qPrintable(m_token->problem()));
    QVERIFY2(m_token->problem().isEmpty(), qPrintable(m_token->problem()));

    // A second token in the same folder, for the wrong-PIN case (the login state belongs to
    // the process per token, so it needs a token nobody here is logged in to).
    const QString second = m_token->addToken(QStringLiteral("second-token"));
    QVERIFY2(second.isEmpty(), qPrintable(second));

    Pkcs11Config config;
    config.tokenLabel = m_token->label();
    config.pin = m_token->userPin();
    if (m_backend == QLatin1String("softhsm")) {
        config.modulePath = QLatin1String(SoftHsmToken::kSoftHsmModule);
    } else {
        const QString started = m_token->startServer();
        if (m_token->missingBinary())
            QSKIP(qPrintable(started));
        QVERIFY2(started.isEmpty(), qPrintable(started));
        config.modulePath = QLatin1String(SoftHsmToken::kClientModule);
        config.serverAddress = m_token->serverAddress();
        // Pkcs11Module ignores SIGPIPE for remote modules unless a handler is installed, and
        // QtTest installs one that treats SIGPIPE as a crash: the write to a stopped server's
        // socket must fail with EPIPE here too, as it does in the console.
        std::signal(SIGPIPE, SIG_IGN);
    }
    auto pkcs11 = std::make_unique<Pkcs11Hsm>(std::move(config), *m_masterKey);
    m_pkcs11 = pkcs11.get();
    m_hsm = std::move(pkcs11);
    QVERIFY_RESULT(m_pkcs11->connect());
    QCOMPARE(m_pkcs11->connectionState(), Pkcs11Hsm::ConnectionState::Connected);
    QCOMPARE(m_hsm->name(), QStringLiteral("pkcs11:kms-contract"));

    const auto token = m_pkcs11->tokenInfo();
    QVERIFY_RESULT(token);
    QCOMPARE(token->label, QStringLiteral("kms-contract"));
    const auto mechanisms = m_pkcs11->mechanisms();
    QVERIFY_RESULT(mechanisms);
    QStringList names;
    for (const Pkcs11MechanismInfo &mechanism : *mechanisms)
        names.append(mechanism.name);
    qInfo("%s (%s %s, serial %s): %lld mechanisms: %s", qPrintable(m_hsm->name()),
        qPrintable(token->manufacturer), qPrintable(token->model), qPrintable(token->serialNumber),
        qlonglong(names.size()), qPrintable(names.join(QLatin1Char(' '))));
    for (const KeySpec spec :
        { KeySpec::Aes256, KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::Sm4_128, KeySpec::EcSm2 }) {
        const QString why = m_pkcs11->missingMechanismFor(spec);
        qInfo("  %s: %s", qPrintable(keySpecName(spec)),
            why.isEmpty() ? "supported" : qPrintable(why));
    }
    for (const AsymmetricAlgorithm algorithm :
        { AsymmetricAlgorithm::RsaOaepSha1, AsymmetricAlgorithm::RsaOaepSha256 }) {
        const QString why = m_pkcs11->missingMechanismFor(algorithm);
        qInfo("  %s: %s", qPrintable(asymmetricAlgorithmName(algorithm)),
            why.isEmpty() ? "usable" : qPrintable(why));
    }
}

void TestHsmContract::cleanupTestCase()
{
    m_pkcs11 = nullptr;
    m_hsm.reset();
    m_token.reset(); // stops the server
}

void TestHsmContract::aesRoundTrip()
{
    SKIP_IF_MISSING(KeySpec::Aes256);
    const KeyRef key = newKey(KeySpec::Aes256);
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    QVERIFY(!handle->isEmpty());
    const QByteArray plaintext = QByteArrayLiteral("attack at dawn, with 32 bytes ok");
    const QByteArray aad = QByteArrayLiteral("context: payroll");
    const auto sealed = m_hsm->encrypt(key, *handle, plaintext, aad);
    VERIFY_OK(sealed);
    QCOMPARE(sealed->iv.size(), 12);
    QCOMPARE(sealed->tag.size(), 16);
    QCOMPARE(sealed->ciphertext.size(), plaintext.size());
    QVERIFY(sealed->ciphertext != plaintext);
    const auto opened = m_hsm->decrypt(key, *handle, *sealed, aad);
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, plaintext));
    // A second encryption takes a fresh IV.
    const auto again = m_hsm->encrypt(key, *handle, plaintext, aad);
    VERIFY_OK(again);
    QVERIFY(again->iv != sealed->iv);
    // Empty associated data and an empty plaintext work too.
    const auto empty = m_hsm->encrypt(key, *handle, QByteArrayLiteral("x"), {});
    VERIFY_OK(empty);
    const auto emptyOpened = m_hsm->decrypt(key, *handle, *empty, {});
    VERIFY_OK(emptyOpened);
    QVERIFY(sameBytes(*emptyOpened, QByteArrayLiteral("x")));
    // An asymmetric algorithm's error codes for a symmetric key.
    VERIFY_CODE(m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, sha256("m")), "KMS.0214");
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
}

void TestHsmContract::aesTamper_data()
{
    QTest::addColumn<QString>("part");
    for (const char *part : { "ciphertext", "tag", "iv", "aad", "short tag", "short iv" })
        QTest::newRow(part) << QString::fromLatin1(part);
}

void TestHsmContract::aesTamper()
{
    QFETCH(QString, part);
    SKIP_IF_MISSING(KeySpec::Aes256);
    const KeyRef key = newKey(KeySpec::Aes256);
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    const QByteArray aad = QByteArrayLiteral("bound context");
    const auto sealed = m_hsm->encrypt(key, *handle, QByteArrayLiteral("secret message"), aad);
    VERIFY_OK(sealed);
    SealedData changed = *sealed;
    QByteArray changedAad = aad;
    if (part == QLatin1String("ciphertext"))
        changed.ciphertext[0] = char(changed.ciphertext.at(0) ^ 1);
    else if (part == QLatin1String("tag"))
        changed.tag[15] = char(changed.tag.at(15) ^ 0x80);
    else if (part == QLatin1String("iv"))
        changed.iv[0] = char(changed.iv.at(0) ^ 1);
    else if (part == QLatin1String("aad"))
        changedAad[0] = 'B';
    else if (part == QLatin1String("short tag"))
        changed.tag.chop(1);
    else
        changed.iv.chop(1);
    VERIFY_CODE(m_hsm->decrypt(key, *handle, changed, changedAad), "KMS.0219");
    // The HSM still works after the failure (a PKCS#11 session is reopened).
    const auto opened = m_hsm->decrypt(key, *handle, *sealed, aad);
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, QByteArrayLiteral("secret message")));
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
}

void TestHsmContract::handleBoundToVersion()
{
    // The first spec this HSM can make: AES where the token does AES-GCM, else EC P-256.
    const KeySpec spec = missing(KeySpec::Aes256).isEmpty() ? KeySpec::Aes256 : KeySpec::EcP256;
    SKIP_IF_MISSING(spec);
    const KeyRef first = newKey(spec);
    KeyRef second = first;
    second.versionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    KeyRef otherKey = newKey(spec);
    otherKey.versionId = first.versionId; // same version id under another key
    const auto firstHandle = m_hsm->generateKey(first);
    VERIFY_OK(firstHandle);
    const auto secondHandle = m_hsm->generateKey(second);
    VERIFY_OK(secondHandle);
    QVERIFY(*firstHandle != *secondHandle);

    if (spec == KeySpec::Aes256) {
        const auto sealed = m_hsm->encrypt(first, *firstHandle, QByteArrayLiteral("m"), {});
        VERIFY_OK(sealed);
        VERIFY_CODE(m_hsm->decrypt(second, *firstHandle, *sealed, {}), "KMS.0504");
        VERIFY_CODE(m_hsm->decrypt(otherKey, *firstHandle, *sealed, {}), "KMS.0504");
        // The right handle of the other version does not open it either.
        QVERIFY(!m_hsm->decrypt(second, *secondHandle, *sealed, {}).ok());
        VERIFY_CODE(m_hsm->encrypt(second, *firstHandle, QByteArrayLiteral("m"), {}), "KMS.0504");
    } else {
        const QByteArray digest = sha256("bound");
        VERIFY_OK(m_hsm->sign(first, *firstHandle, SignAlgorithm::EcdsaSha256, digest));
        VERIFY_CODE(
            m_hsm->sign(second, *firstHandle, SignAlgorithm::EcdsaSha256, digest), "KMS.0504");
        VERIFY_CODE(
            m_hsm->sign(otherKey, *firstHandle, SignAlgorithm::EcdsaSha256, digest), "KMS.0504");
        VERIFY_CODE(m_hsm->publicKeyPem(second, *firstHandle), "KMS.0504");
    }
    VERIFY_OK(m_hsm->destroyKey(first, *firstHandle));
    VERIFY_OK(m_hsm->destroyKey(second, *secondHandle));
}

void TestHsmContract::sign_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::newRow("RSA_PKCS1_SHA_256") << SignAlgorithm::RsaPkcs1Sha256;
    QTest::newRow("RSA_PSS_SHA_256") << SignAlgorithm::RsaPssSha256;
    QTest::newRow("ECDSA_SHA_256") << SignAlgorithm::EcdsaSha256;
}

void TestHsmContract::sign()
{
    QFETCH(SignAlgorithm, algorithm);
    SKIP_IF_MISSING(algorithm);
    const KeyRef key = newKey(specOf(algorithm));
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    const auto pem = m_hsm->publicKeyPem(key, *handle);
    VERIFY_OK(pem);
    QVERIFY(pem->startsWith("-----BEGIN PUBLIC KEY-----"));
    const QByteArray digest = sha256("message to sign");
    const auto signature = m_hsm->sign(key, *handle, algorithm, digest);
    VERIFY_OK(signature);
    // OpenSSL on the public key is the other party.
    auto verified = crypto::verifyDigest(*pem, algorithm, digest, *signature);
    VERIFY_OK(verified);
    QVERIFY(*verified);
    verified = crypto::verifyDigest(*pem, algorithm, sha256("another message"), *signature);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
    // The input checks of the contract.
    VERIFY_CODE(m_hsm->sign(key, *handle, algorithm, digest.left(20)), "KMS.0128");
    const SignAlgorithm other = algorithm == SignAlgorithm::EcdsaSha256
        ? SignAlgorithm::RsaPssSha256
        : SignAlgorithm::EcdsaSha256;
    VERIFY_CODE(m_hsm->sign(key, *handle, other, digest), "KMS.0212");
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
}

void TestHsmContract::oaepDecrypt_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::newRow("RSAES_OAEP_SHA_1") << AsymmetricAlgorithm::RsaOaepSha1;
    QTest::newRow("RSAES_OAEP_SHA_256") << AsymmetricAlgorithm::RsaOaepSha256;
}

void TestHsmContract::oaepDecrypt()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    SKIP_IF_MISSING(algorithm);
    const KeyRef key = newKey(KeySpec::Rsa2048);
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    const auto pem = m_hsm->publicKeyPem(key, *handle);
    VERIFY_OK(pem);
    const QByteArray message = randomBytes(32);
    const auto ciphertext = crypto::encryptWithPublicKey(*pem, algorithm, message);
    VERIFY_OK(ciphertext);
    const auto plain = m_hsm->asymmetricDecrypt(key, *handle, algorithm, *ciphertext);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, message));
    // A changed ciphertext does not decrypt; the HSM goes on working.
    QByteArray changed = *ciphertext;
    changed[10] = char(changed.at(10) ^ 1);
    VERIFY_CODE(m_hsm->asymmetricDecrypt(key, *handle, algorithm, changed), "KMS.0239");
    VERIFY_OK(m_hsm->asymmetricDecrypt(key, *handle, algorithm, *ciphertext));
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
}

void TestHsmContract::destroy()
{
    const KeySpec spec = missing(KeySpec::Aes256).isEmpty() ? KeySpec::Aes256 : KeySpec::EcP256;
    SKIP_IF_MISSING(spec);
    const KeyRef key = newKey(spec);
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
    VERIFY_OK(m_hsm->destroyKey(key, *handle)); // idempotent
    if (m_pkcs11 == nullptr)
        return; // the software HSM's material lives in the handle, which the store drops
    if (spec == KeySpec::Aes256)
        VERIFY_CODE(m_hsm->encrypt(key, *handle, QByteArrayLiteral("m"), {}), "KMS.0504");
    else
        VERIFY_CODE(m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, sha256("m")), "KMS.0504");
}

void TestHsmContract::random()
{
    const auto first = m_hsm->randomBytes(32);
    VERIFY_OK(first);
    QCOMPARE(int(first->size()), 32);
    const auto second = m_hsm->randomBytes(32);
    VERIFY_OK(second);
    QVERIFY(!first->equals(*second));
    VERIFY_OK(m_hsm->randomBytes(1024));
    VERIFY_CODE(m_hsm->randomBytes(0), "KMS.0512");
    VERIFY_CODE(m_hsm->randomBytes(1025), "KMS.0512");
}

void TestHsmContract::importAes()
{
    SKIP_IF_MISSING(KeySpec::Aes256);
    const QByteArray material = randomBytes(32);
    const SecureBytes secure = SecureBytes::fromByteArray(material);
    // The software HSM over the same master key is the reference for the fingerprint.
    SoftwareHsm reference(*m_masterKey);
    const auto expected = reference.importFingerprint(secure);
    VERIFY_OK(expected);

    const KeyRef key = newKey(KeySpec::Aes256);
    const auto fingerprint = m_hsm->importFingerprint(secure);
    VERIFY_OK(fingerprint);
    QCOMPARE(fingerprint->toHex(), expected->toHex());
    const auto imported = m_hsm->importKey(key, secure);
    VERIFY_OK(imported);
    QCOMPARE(imported->fingerprint.toHex(), expected->toHex());
    // The imported key is that material: OpenSSL opens what the HSM sealed.
    const auto sealed = m_hsm->encrypt(key, imported->handle, QByteArrayLiteral("byok"), "aad");
    VERIFY_OK(sealed);
    QVERIFY(evpGcmOpen(material, *sealed, "aad") == QByteArrayLiteral("byok"));
    // Wrong lengths and asymmetric specs are refused.
    VERIFY_CODE(m_hsm->importKey(newKey(KeySpec::Aes256), SecureBytes(16)), "KMS.0241");
    VERIFY_CODE(m_hsm->importKey(newKey(KeySpec::Rsa2048), secure.clone()), "KMS.0212");
    VERIFY_OK(m_hsm->destroyKey(key, imported->handle));
}

void TestHsmContract::smSpecs_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("SM4_128") << KeySpec::Sm4_128;
    QTest::newRow("EC_SM2") << KeySpec::EcSm2;
}

void TestHsmContract::smSpecs()
{
    QFETCH(KeySpec, spec);
    const KeyRef key = newKey(spec);
    if (m_hsm->supports(spec)) {
        // Then it works (the software HSM).
        const auto handle = m_hsm->generateKey(key);
        VERIFY_OK(handle);
        if (spec == KeySpec::Sm4_128) {
            const auto sealed = m_hsm->encrypt(key, *handle, QByteArrayLiteral("sm4"), {});
            VERIFY_OK(sealed);
            VERIFY_OK(m_hsm->decrypt(key, *handle, *sealed, {}));
        } else {
            VERIFY_OK(m_hsm->sign(key, *handle, SignAlgorithm::Sm2Dsa, sha256("m")));
        }
        return;
    }
    // Refused, naming the missing mechanism, never made elsewhere.
    const QString why = missing(spec);
    QVERIFY(why.contains(spec == KeySpec::Sm4_128 ? QLatin1String("SM4") : QLatin1String("SM2")));
    QVERIFY(why.contains(QLatin1String("mechanism")));
    const auto handle = m_hsm->generateKey(key);
    VERIFY_CODE(handle, "KMS.0227");
    QVERIFY2(handle.error().detail().contains(why), qPrintable(handle.error().detail()));
    if (spec == KeySpec::Sm4_128)
        QVERIFY(!m_hsm->encrypt(key, QByteArrayLiteral("x"), QByteArrayLiteral("m"), {}).ok());
    else
        VERIFY_CODE(m_hsm->sign(key, QByteArrayLiteral("x"), SignAlgorithm::Sm2Dsa, sha256("m")),
            "KMS.0212");
}

void TestHsmContract::usePrivateKey()
{
    // What X.509 signing needs of a lent key: OpenSSL signs with it (EVP_DigestSign, as the
    // CSR, certificate and CRL code does), the signature verifies on the public key. A token
    // lends a key whose signatures it makes itself; its private part is not there to export.
    for (const KeySpec spec : { KeySpec::EcP256, KeySpec::Rsa2048 }) {
        if (!m_hsm->supports(spec))
            continue;
        const KeyRef key = newKey(spec);
        const auto handle = m_hsm->generateKey(key);
        VERIFY_OK(handle);
        const auto pem = m_hsm->publicKeyPem(key, *handle);
        VERIFY_OK(pem);
        const QByteArray message = "to be signed by a lent key";
        QByteArray signature;
        bool exportable = true;
        const auto used = m_hsm->usePrivateKey(key, *handle, [&](EVP_PKEY *pkey) -> Result<void> {
            std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
                EVP_MD_CTX_new(), &EVP_MD_CTX_free);
            size_t length = 0;
            if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1
                || EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char *>(message.constData()),
                       size_t(message.size()))
                    != 1)
                return KmsError(QStringLiteral("KMS.0514"), QStringLiteral("sign init"));
            signature.resize(qsizetype(length));
            if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()),
                    &length, reinterpret_cast<const unsigned char *>(message.constData()),
                    size_t(message.size()))
                != 1)
                return KmsError(QStringLiteral("KMS.0514"), QStringLiteral("sign"));
            signature.resize(qsizetype(length));
            unsigned char *der = nullptr;
            const int derLength = i2d_PrivateKey(pkey, &der);
            OPENSSL_free(der);
            exportable = derLength > 0;
            return success();
        });
        VERIFY_OK(used);
        const auto valid = crypto::verifyDigest(*pem,
            spec == KeySpec::EcP256 ? SignAlgorithm::EcdsaSha256 : SignAlgorithm::RsaPkcs1Sha256,
            sha256(message), signature);
        VERIFY_OK(valid);
        QVERIFY(*valid);
        if (m_pkcs11 != nullptr)
            QVERIFY2(!exportable, "a token's lent key must not carry its private part");
        VERIFY_OK(m_hsm->destroyKey(key, *handle));
    }
}

// ---------------------------------------------------------------------------------------------
// Wycheproof

void TestHsmContract::wycheproofAesGcm_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("ct");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<QString>("result");
    SKIP_IF_MISSING(KeySpec::Aes256); // once for the whole function, not once per vector
    const QString file = QStringLiteral("wycheproof/aes_gcm_test.json");
    const QJsonObject json = loadJson(file);
    QVERIFY2(!json.isEmpty(), qPrintable(file + QStringLiteral(" is missing")));
    int rows = 0;
    for (const QJsonValue &groupValue : json.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        if (group.value(QLatin1String("keySize")).toInt() != 256
            || group.value(QLatin1String("ivSize")).toInt() != 96
            || group.value(QLatin1String("tagSize")).toInt() != 128)
            continue;
        for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = testValue.toObject();
            QTest::addRow("tcId %d", test.value(QLatin1String("tcId")).toInt())
                << hexField(test, "key") << hexField(test, "iv") << hexField(test, "aad")
                << hexField(test, "msg") << hexField(test, "ct") << hexField(test, "tag")
                << test.value(QLatin1String("result")).toString();
            ++rows;
        }
    }
    QVERIFY(rows > 0);
}

void TestHsmContract::wycheproofAesGcm()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, ct);
    QFETCH(QByteArray, tag);
    QFETCH(QString, result);
    SKIP_IF_MISSING(KeySpec::Aes256);
    const KeyRef ref = newKey(KeySpec::Aes256);
    const auto imported = m_hsm->importKey(ref, SecureBytes::fromByteArray(key));
    VERIFY_OK(imported);
    const auto opened = m_hsm->decrypt(ref, imported->handle, SealedData { iv, ct, tag }, aad);
    if (result == QLatin1String("valid")) {
        VERIFY_OK(opened);
        QVERIFY(sameBytes(*opened, msg));
    } else {
        VERIFY_CODE(opened, "KMS.0219");
    }
    VERIFY_OK(m_hsm->destroyKey(ref, imported->handle));
}

void TestHsmContract::wycheproofSignatures_data()
{
    QTest::addColumn<int>("mechanism");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("sig");
    QTest::addColumn<QString>("result");
    if (m_pkcs11 == nullptr)
        QSKIP("this HSM has no token session to verify on (the vectors run through OpenSSL in "
              "test_crypto_vectors)");
    const struct
    {
        const char *file;
        CK_MECHANISM_TYPE mechanism;
    } files[] = {
        { "wycheproof/ecdsa_secp256r1_sha256_test.json", CKM_ECDSA },
        { "wycheproof/rsa_signature_2048_sha256_test.json", CKM_RSA_PKCS },
        { "wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json", CKM_RSA_PKCS_PSS },
    };
    for (const auto &entry : files) {
        const QJsonObject json = loadJson(QLatin1String(entry.file));
        QVERIFY2(!json.isEmpty(), entry.file);
        for (const QJsonValue &groupValue : json.value(QLatin1String("testGroups")).toArray()) {
            const QJsonObject group = groupValue.toObject();
            const QByteArray publicKey = hexField(group, "publicKeyDer");
            for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
                const QJsonObject test = testValue.toObject();
                QTest::addRow(
                    "%s tcId %d", entry.file + 11, test.value(QLatin1String("tcId")).toInt())
                    << int(entry.mechanism) << publicKey << hexField(test, "msg")
                    << hexField(test, "sig") << test.value(QLatin1String("result")).toString();
            }
        }
    }
}

void TestHsmContract::wycheproofSignatures()
{
    QFETCH(int, mechanism);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, sig);
    QFETCH(QString, result);
    const auto mechanisms = m_pkcs11->mechanisms();
    QVERIFY_RESULT(mechanisms);
    const bool listed = std::any_of(mechanisms->begin(), mechanisms->end(),
        [mechanism](const Pkcs11MechanismInfo &info) { return info.type == CK_ULONG(mechanism); });
    if (!listed)
        QSKIP(qPrintable(QStringLiteral("%1 not in the token's mechanism list")
                             .arg(ckmName(CK_ULONG(mechanism)))));
    const QByteArray digest = sha256(msg);
    QByteArray data = digest;
    QByteArray signature = sig;
    bool accepted = false;
    if (mechanism == int(CKM_RSA_PKCS))
        data = kSha256DigestInfo + digest;
    if (mechanism == int(CKM_ECDSA))
        signature = ecdsaDerToRaw(sig);
    if (!signature.isEmpty()) {
        auto session = m_pkcs11->session();
        QVERIFY_RESULT(session);
        const auto verified
            = (*session)->verifyWithPublicKey(publicKey, CK_ULONG(mechanism), data, signature);
        VERIFY_OK(verified);
        accepted = *verified;
    }
    if (result == QLatin1String("valid"))
        QVERIFY2(accepted, "a valid signature was rejected");
    else
        QVERIFY2(!accepted, qPrintable(result + QStringLiteral(" signature was accepted")));
}

void TestHsmContract::wycheproofOaepSha1()
{
    if (m_pkcs11 == nullptr)
        QSKIP("this HSM has no token session (the vectors run through OpenSSL in "
              "test_crypto_vectors)");
    const QString why = m_pkcs11->missingMechanismFor(AsymmetricAlgorithm::RsaOaepSha1);
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    const QJsonObject json
        = loadJson(QStringLiteral("wycheproof/rsa_oaep_2048_sha1_mgf1sha1_test.json"));
    QVERIFY(!json.isEmpty());
    auto session = m_pkcs11->session();
    QVERIFY_RESULT(session);
    CK_FUNCTION_LIST *f = (*session)->functions();
    const CK_SESSION_HANDLE h = (*session)->handle();
    int run = 0;
    for (const QJsonValue &groupValue : json.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QJsonObject privateKey = group.value(QLatin1String("privateKey")).toObject();
        // The group's private key as a sensitive session object (CKA_TOKEN FALSE).
        QByteArray parts[8];
        const char *names[8] = { "modulus", "publicExponent", "privateExponent", "prime1", "prime2",
            "exponent1", "exponent2", "coefficient" };
        const CK_ATTRIBUTE_TYPE types[8] = { CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
            CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT };
        CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
        CK_KEY_TYPE keyType = CKK_RSA;
        CK_BBOOL yes = CK_TRUE;
        CK_BBOOL no = CK_FALSE;
        std::vector<CK_ATTRIBUTE> attributes = { { CKA_CLASS, &keyClass, sizeof keyClass },
            { CKA_KEY_TYPE, &keyType, sizeof keyType }, { CKA_TOKEN, &no, 1 },
            { CKA_PRIVATE, &yes, 1 }, { CKA_SENSITIVE, &yes, 1 }, { CKA_DECRYPT, &yes, 1 } };
        for (int i = 0; i < 8; ++i) {
            parts[i] = hexField(privateKey, names[i]);
            while (parts[i].size() > 1 && parts[i].at(0) == '\0')
                parts[i].remove(0, 1);
            attributes.push_back({ types[i], parts[i].data(), CK_ULONG(parts[i].size()) });
        }
        CK_OBJECT_HANDLE object = 0;
        CK_RV rv = f->C_CreateObject(h, attributes.data(), CK_ULONG(attributes.size()), &object);
        QVERIFY2(rv == CKR_OK, qPrintable(ckrName(rv)));
        for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = testValue.toObject();
            const QByteArray ct = hexField(test, "ct");
            const QByteArray msg = hexField(test, "msg");
            const QByteArray label = hexField(test, "label");
            const bool valid
                = test.value(QLatin1String("result")).toString() == QLatin1String("valid");
            CK_RSA_PKCS_OAEP_PARAMS params { CKM_SHA_1, CKG_MGF1_SHA1, CKZ_DATA_SPECIFIED, nullptr,
                0 };
            CK_MECHANISM mechanism { CKM_RSA_PKCS_OAEP, &params, sizeof params };
            rv = f->C_DecryptInit(h, &mechanism, object);
            QVERIFY2(rv == CKR_OK, qPrintable(ckrName(rv)));
            QByteArray out(512, '\0');
            CK_ULONG outLength = CK_ULONG(out.size());
            rv = f->C_Decrypt(h,
                reinterpret_cast<unsigned char *>(const_cast<char *>(ct.constData())),
                CK_ULONG(ct.size()), reinterpret_cast<unsigned char *>(out.data()), &outLength);
            out.resize(int(outLength));
            const int tcId = test.value(QLatin1String("tcId")).toInt();
            // The console's OAEP uses the empty label: a valid case with a label must fail.
            if (valid && label.isEmpty())
                QVERIFY2(rv == CKR_OK && out == msg,
                    qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(ckrName(rv))));
            else
                QVERIFY2(rv != CKR_OK || out != msg,
                    qPrintable(QStringLiteral("tcId %1 decrypted").arg(tcId)));
            ++run;
        }
        f->C_DestroyObject(h, object);
    }
    qInfo("rsa_oaep_2048_sha1_mgf1sha1_test.json: %d cases decrypted on the token", run);
    QVERIFY(run > 0);
}

// ---------------------------------------------------------------------------------------------
// PKCS#11 only: an independent reader, and a server that goes away

QString TestHsmContract::toolModule() const
{
    return m_backend == QLatin1String("p11kit") ? QLatin1String(SoftHsmToken::kClientModule)
                                                : QLatin1String(SoftHsmToken::kSoftHsmModule);
}

QProcessEnvironment TestHsmContract::toolEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (m_backend == QLatin1String("p11kit"))
        environment.insert(QStringLiteral("P11_KIT_SERVER_ADDRESS"), m_token->serverAddress());
    return environment;
}

void TestHsmContract::moduleRegistryAndTokens()
{
    if (m_pkcs11 == nullptr)
        QSKIP("this HSM loads no PKCS#11 module");
    const QString address
        = m_backend == QLatin1String("p11kit") ? m_token->serverAddress() : QString();
    // One module per path and process: the HSM's own module is handed out again.
    const auto first = Pkcs11Module::load(toolModule(), address);
    QVERIFY_RESULT(first);
    const auto second = Pkcs11Module::load(toolModule(), address);
    QVERIFY_RESULT(second);
    QCOMPARE(first->get(), second->get());
    const auto tokens = (*first)->tokens();
    QVERIFY_RESULT(tokens);
    const auto found = std::find_if(tokens->begin(), tokens->end(),
        [this](const Pkcs11TokenInfo &token) { return token.label == m_token->label(); });
    QVERIFY(found != tokens->end());
    QCOMPARE(found->manufacturer, QStringLiteral("SoftHSM project"));
    QVERIFY(!found->serialNumber.isEmpty());
    QVERIFY(found->flags & CKF_TOKEN_INITIALIZED);
    const auto slot = (*first)->findSlot(m_token->label());
    QVERIFY_RESULT(slot);
    QCOMPARE(*slot, found->slotId);
    VERIFY_CODE((*first)->findSlot(QStringLiteral("no such token")), "KMS.0505");
    const auto mechanisms = (*first)->mechanisms(*slot);
    QVERIFY_RESULT(mechanisms);
    QVERIFY(!mechanisms->isEmpty());
    QCOMPARE(ckmName(CKM_ECDSA), QStringLiteral("CKM_ECDSA"));
    QCOMPARE(ckmName(0x80001234UL), QStringLiteral("0x80001234"));
    QCOMPARE(ckrName(CKR_DEVICE_REMOVED), QStringLiteral("CKR_DEVICE_REMOVED (0x32)"));
    // Another server address for a loaded path, and a path that is no module, are refused.
    VERIFY_CODE(
        Pkcs11Module::load(toolModule(), QStringLiteral("unix:path=/nonexistent")), "KMS.0505");
    VERIFY_CODE(Pkcs11Module::load(QStringLiteral("/nonexistent/libnothing.so")), "KMS.0505");
    // A token that is not there fails cleanly. (A wrong PIN cannot be shown in this process:
    // the login state belongs to the application, and m_hsm is logged in, so C_Login answers
    // CKR_USER_ALREADY_LOGGED_IN whatever the PIN.)
    Pkcs11Config wrong;
    wrong.modulePath = toolModule();
    wrong.serverAddress = address;
    wrong.tokenLabel = QStringLiteral("no such token");
    wrong.pin = m_token->userPin();
    Pkcs11Hsm wrongPin(std::move(wrong), *m_masterKey);
    const auto connected = wrongPin.connect();
    VERIFY_CODE(connected, "KMS.0505");
    QVERIFY2(connected.error().detail().contains(QLatin1String("no such token")),
        qPrintable(connected.error().detail()));
    QVERIFY(!wrongPin.supports(KeySpec::EcP256));
    QVERIFY(!wrongPin.lastError().isEmpty());

    // A wrong PIN on a token nobody in this process is logged in to (the p11-kit server serves
    // only the first token): refused with the CKR, and not tried again until a new PIN is set.
    const bool secondVisible = std::any_of(tokens->begin(), tokens->end(),
        [](const Pkcs11TokenInfo &token) { return token.label == QLatin1String("second-token"); });
    // In-process SoftHSM2 shows every token of its folder.
    QVERIFY(secondVisible || m_backend != QLatin1String("softhsm"));
    if (secondVisible) {
        qInfo("wrong PIN checked on second-token");
        Pkcs11Config badPin;
        badPin.modulePath = toolModule();
        badPin.serverAddress = address;
        badPin.tokenLabel = QStringLiteral("second-token");
        badPin.pin = SecureBytes(reinterpret_cast<const unsigned char *>("9999"), 4);
        Pkcs11Hsm hsm(std::move(badPin), *m_masterKey);
        const auto refused = hsm.connect();
        VERIFY_CODE(refused, "KMS.0505");
        QVERIFY2(refused.error().detail().contains(QLatin1String("CKR_PIN_INCORRECT")),
            qPrintable(refused.error().detail()));
        const auto again = hsm.randomBytes(4);
        VERIFY_CODE(again, "KMS.0511");
        QVERIFY2(again.error().detail().contains(QLatin1String("not tried again")),
            qPrintable(again.error().detail()));
        hsm.setPin(m_token->userPin());
        QVERIFY_RESULT(hsm.connect());
        QCOMPARE(hsm.connectionState(), Pkcs11Hsm::ConnectionState::Connected);
        QCOMPARE(hsm.name(), QStringLiteral("pkcs11:second-token"));
    }

    // Another user of the shared module finalises and initialises it again (as after a lost
    // connection): this HSM notices at its next call and reopens its session, no error.
    const quint64 generation = (*first)->generation();
    QVERIFY_RESULT((*first)->reinitialize(generation));
    QCOMPARE((*first)->generation(), generation + 1);
    QVERIFY_RESULT((*first)->reinitialize(generation)); // already done: nothing happens
    QCOMPARE((*first)->generation(), generation + 1);
    QVERIFY_RESULT(m_hsm->randomBytes(8));
    QCOMPARE(m_pkcs11->connectionState(), Pkcs11Hsm::ConnectionState::Connected);
    QCOMPARE(wrongPin.connectionState(), Pkcs11Hsm::ConnectionState::Disconnected);
}

void TestHsmContract::objectsSensitiveForIndependentReader()
{
    if (m_pkcs11 == nullptr)
        QSKIP("this HSM keeps no objects on a token");
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
    if (tool.isEmpty())
        QSKIP("pkcs11-tool is not installed (package opensc)");
    QList<KeyRef> keys;
    QList<QByteArray> handles;
    for (const KeySpec spec : { KeySpec::Aes256, KeySpec::EcP256, KeySpec::Rsa2048 }) {
        if (!missing(spec).isEmpty())
            continue;
        keys.append(newKey(spec));
        const auto handle = m_hsm->generateKey(keys.last());
        VERIFY_OK(handle);
        handles.append(*handle);
    }
    QVERIFY(!keys.isEmpty());
    // (pkcs11-tool's --token-label matches a label's prefix: the second token's label must
    // not start with this one's, or slot order — random — picks the wrong token now and then.)
    const ProcessRun listing = runProcess(tool,
        { QStringLiteral("--module"), toolModule(), QStringLiteral("--token-label"),
            m_token->label(), QStringLiteral("--login"), QStringLiteral("--pin"),
            m_token->userPinText(), QStringLiteral("--list-objects") },
        {}, toolEnvironment());
    QVERIFY2(listing.exitCode == 0, listing.err.constData());
    // Blocks start at a line without indentation ("Secret Key Object; AES length 32").
    const QList<QByteArray> lines = listing.out.split('\n');
    int privateOrSecret = 0;
    for (const KeyRef &key : keys) {
        const QByteArray label = Pkcs11Hsm::objectLabel(key);
        for (int i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            if (line.startsWith(' ') || line.isEmpty())
                continue;
            const bool secretPart
                = line.startsWith("Secret Key Object") || line.startsWith("Private Key Object");
            QByteArray block = line + '\n';
            for (int j = i + 1;
                 j < lines.size() && (lines.at(j).startsWith(' ') || lines.at(j).startsWith('\t'));
                 ++j)
                block += lines.at(j) + '\n';
            if (!block.contains("label:     " + label) && !block.contains(label + '\n'))
                continue;
            if (!secretPart)
                continue;
            ++privateOrSecret;
            // "Access:     sensitive, always sensitive, never extractable, local"
            QStringList access;
            for (const QByteArray &blockLine : block.split('\n')) {
                if (blockLine.trimmed().startsWith("Access:"))
                    access = QString::fromLatin1(blockLine.trimmed().mid(7))
                                 .split(QLatin1Char(','), Qt::SkipEmptyParts);
            }
            for (QString &item : access)
                item = item.trimmed();
            QVERIFY2(access.contains(QLatin1String("sensitive"))
                    && access.contains(QLatin1String("never extractable"))
                    && !access.contains(QLatin1String("extractable")),
                block.constData());
        }
    }
    QVERIFY2(privateOrSecret == keys.size(), (listing.out + listing.err).constData());
    for (int i = 0; i < keys.size(); ++i)
        VERIFY_OK(m_hsm->destroyKey(keys.at(i), handles.at(i)));
}

void TestHsmContract::serverRestart()
{
    if (m_pkcs11 == nullptr || !m_token || !m_token->serverRunning())
        QSKIP("this HSM is not reached through a p11-kit server");
    SKIP_IF_MISSING(KeySpec::EcP256);
    const KeyRef key = newKey(KeySpec::EcP256);
    const auto handle = m_hsm->generateKey(key);
    VERIFY_OK(handle);
    const QByteArray digest = sha256("before");
    VERIFY_OK(m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, digest));

    m_token->stopServer();
    const auto whileDown = m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, digest);
    QVERIFY(!whileDown.ok());
    QVERIFY2(whileDown.error().code().startsWith(QLatin1String("KMS.05")),
        qPrintable(whileDown.error().code() + QLatin1Char(' ') + whileDown.error().detail()));
    QCOMPARE(m_pkcs11->connectionState(), Pkcs11Hsm::ConnectionState::Disconnected);
    QVERIFY(!m_pkcs11->lastError().isEmpty());
    qInfo("server stopped: %s %s; state: %s", qPrintable(whileDown.error().code()),
        qPrintable(whileDown.error().detail()), qPrintable(m_pkcs11->lastError()));
    // Still down: every call fails cleanly, random bytes too.
    QVERIFY(m_hsm->randomBytes(16).error().code().startsWith(QLatin1String("KMS.05")));
    const auto stillDown = m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, digest);
    QVERIFY(!stillDown.ok());
    QVERIFY2(stillDown.error().code().startsWith(QLatin1String("KMS.05")),
        qPrintable(stillDown.error().code() + QLatin1Char(' ') + stillDown.error().detail()));
    QVERIFY(!m_hsm->supports(KeySpec::EcP256));
    QVERIFY(m_hsm->publicKeyPem(key, *handle).error().code().startsWith(QLatin1String("KMS.05")));
    QCOMPARE(m_pkcs11->connectionState(), Pkcs11Hsm::ConnectionState::Disconnected);

    // A fresh server on the same token folder: the key is still there.
    const QString started = m_token->startServer();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const auto signature = m_hsm->sign(key, *handle, SignAlgorithm::EcdsaSha256, digest);
    VERIFY_OK(signature);
    QCOMPARE(m_pkcs11->connectionState(), Pkcs11Hsm::ConnectionState::Connected);
    QVERIFY(m_pkcs11->lastError().isEmpty());
    const auto pem = m_hsm->publicKeyPem(key, *handle);
    VERIFY_OK(pem);
    const auto verified
        = crypto::verifyDigest(*pem, SignAlgorithm::EcdsaSha256, digest, *signature);
    VERIFY_OK(verified);
    QVERIFY(*verified);
    VERIFY_OK(m_hsm->destroyKey(key, *handle));
}

QTEST_GUILESS_MAIN(TestHsmContract)
#include "TestHsmContract.moc"
