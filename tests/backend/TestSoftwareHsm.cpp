// Tests of the software HSM (hsm/SoftwareHsm): key generation for every spec, handles bound
// to their key version, symmetric encryption for AES_256 and SM4_128, public keys, random
// bytes. The AES-GCM, SM4, HMAC-SM3 and HKDF primitives have their known-answer tests in
// TestMasterKey; here the HSM's outputs are checked again with OpenSSL's EVP interfaces
// called directly, following the construction written at the top of SoftwareHsm.cpp.
//
// Key bytes are compared with QVERIFY on booleans, never QCOMPARE, so a failure prints no
// secret.

#include "CryptoTestHelpers.h"
#include "crypto/MasterKey.h"
#include "crypto/PublicKeyCrypto.h"
#include "hsm/SoftwareHsm.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>

#include <QTest>

#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

using namespace kms;
using namespace kms::test;
using namespace kms::hsm;

Q_DECLARE_METATYPE(kms::KeySpec)

namespace {

struct PKeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
using PKey = std::unique_ptr<EVP_PKEY, PKeyFree>;

KeyRef keyRef(KeySpec spec, const QString &cmk = QStringLiteral("cmk-0001"),
    const QString &version = QStringLiteral("ver-0001"))
{
    return KeyRef { cmk, version, spec };
}

// The documented associated data, spelled out here independently of SoftwareHsm::materialAad.
QByteArray documentedAad(const KeyRef &key)
{
    return QByteArray("kms-material-v1") + '\0' + key.cmkUuid.toUtf8() + '\0'
        + key.versionId.toUtf8() + '\0' + keySpecName(key.spec).toUtf8();
}

PKey parsePublicPem(const QByteArray &pem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())), &BIO_free);
    return PKey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

PKey parsePrivateDer(const SecureBytes &der)
{
    const unsigned char *data = der.data();
    return PKey(d2i_AutoPrivateKey(nullptr, &data, static_cast<long>(der.size())));
}

QString groupName(EVP_PKEY *key)
{
    std::array<char, 64> name {};
    std::size_t length = 0;
    if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &length) != 1)
        return {};
    return QString::fromLatin1(name.data());
}

// Independent recomputation of the SM4_128 construction with EVP calls.
std::optional<QByteArray> hkdfSm3(const SecureBytes &key, const char *info, std::size_t length)
{
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(
        EVP_KDF_fetch(nullptr, "HKDF", nullptr), &EVP_KDF_free);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(
        EVP_KDF_CTX_new(kdf.get()), &EVP_KDF_CTX_free);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char *>("SM3"), 0),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_KEY, const_cast<unsigned char *>(key.data()), key.size()),
        OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_INFO, const_cast<char *>(info), std::strlen(info)),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(static_cast<qsizetype>(length), '\0');
    if (!ctx
        || EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), length, params)
            != 1)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> hmacSm3(const QByteArray &key, const QByteArray &data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> out {};
    std::size_t length = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, key.constData(),
            static_cast<std::size_t>(key.size()),
            reinterpret_cast<const unsigned char *>(data.constData()),
            static_cast<std::size_t>(data.size()), out.data(), out.size(), &length))
        return std::nullopt;
    return QByteArray(reinterpret_cast<const char *>(out.data()), static_cast<qsizetype>(length));
}

std::optional<QByteArray> cipherOnce(
    const EVP_CIPHER *cipher, const QByteArray &key, const QByteArray &iv, const QByteArray &input)
{
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray out(input.size(), '\0');
    int written = 0;
    int finalWritten = 0;
    if (EVP_EncryptInit_ex(ctx.get(), cipher, nullptr,
            reinterpret_cast<const unsigned char *>(key.constData()),
            reinterpret_cast<const unsigned char *>(iv.constData()))
            != 1
        || (!input.isEmpty()
            && EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &written,
                   reinterpret_cast<const unsigned char *>(input.constData()),
                   static_cast<int>(input.size()))
                != 1)
        || EVP_EncryptFinal_ex(
               ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + written, &finalWritten)
            != 1)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> aesGcmOpen(
    const QByteArray &key, const SealedData &sealed, const QByteArray &aad)
{
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QByteArray out(sealed.ciphertext.size(), '\0');
    int written = 0;
    int ignored = 0;
    QByteArray tag = sealed.tag;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
            reinterpret_cast<const unsigned char *>(key.constData()),
            reinterpret_cast<const unsigned char *>(sealed.iv.constData()))
            != 1
        || (!aad.isEmpty()
            && EVP_DecryptUpdate(ctx.get(), nullptr, &ignored,
                   reinterpret_cast<const unsigned char *>(aad.constData()),
                   static_cast<int>(aad.size()))
                != 1)
        || (!sealed.ciphertext.isEmpty()
            && EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &written,
                   reinterpret_cast<const unsigned char *>(sealed.ciphertext.constData()),
                   static_cast<int>(sealed.ciphertext.size()))
                != 1)
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1
        || EVP_DecryptFinal_ex(
               ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + written, &ignored)
            != 1)
        return std::nullopt;
    return out;
}

QByteArray flipBit(QByteArray bytes, qsizetype index)
{
    bytes[index] = static_cast<char>(bytes.at(index) ^ 0x01);
    return bytes;
}

} // namespace

class TestSoftwareHsm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void nameAndSupport();
    void generateEverySpec_data();
    void generateEverySpec();
    void twoKeysDiffer_data();
    void twoKeysDiffer();
    void roundTrip_data();
    void roundTrip();
    void aesMatchesOpenSsl();
    void sm4MatchesDocumentedConstruction();
    void tamperingFails_data();
    void tamperingFails();
    void handleBoundToKeyVersion_data();
    void handleBoundToKeyVersion();
    void idsWithNulAreRefused();
    void corruptedHandleFails();
    void handleOfOtherMasterKeyFails();
    void asymmetricKeysDoNotEncrypt_data();
    void asymmetricKeysDoNotEncrypt();
    void publicKeyPem_data();
    void publicKeyPem();
    void publicKeyOfSymmetricKeyFails_data();
    void publicKeyOfSymmetricKeyFails();
    void unknownSpecIsRefused();
    void destroyKeySucceeds();
    void randomBytesBounds_data();
    void randomBytesBounds();
    void randomBytesDiffer();

    // Key cache
    void keyCacheKeepsUsedKeys_data();
    void keyCacheKeepsUsedKeys();
    void keyCacheIgnoresChangedHandle_data();
    void keyCacheIgnoresChangedHandle();
    void failedUnwrapIsNotCached_data();
    void failedUnwrapIsNotCached();
    void undecodableMaterialIsNotCached();
    void keyCacheEvictsLeastRecentlyUsed();
    void clearKeyCacheKeepsKeysUsable();

private:
    QByteArray generate(const KeyRef &key);

    std::optional<MasterKey> m_masterKey;
    std::unique_ptr<SoftwareHsm> m_hsm;
};

void TestSoftwareHsm::initTestCase()
{
    auto masterKey = MasterKey::generate();
    VERIFY_OK(masterKey);
    m_masterKey.emplace(std::move(masterKey).value());
    m_hsm = std::make_unique<SoftwareHsm>(*m_masterKey);
}

QByteArray TestSoftwareHsm::generate(const KeyRef &key)
{
    auto handle = m_hsm->generateKey(key);
    if (!handle.ok()) {
        qWarning("generateKey(%s) failed: %s", qPrintable(keySpecName(key.spec)),
            describe(handle).constData());
        return {};
    }
    return std::move(handle).value();
}

void TestSoftwareHsm::nameAndSupport()
{
    QCOMPARE(m_hsm->name(), QStringLiteral("software"));
    for (KeySpec spec :
        { KeySpec::Aes256, KeySpec::Sm4_128, KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcSm2 })
        QVERIFY(m_hsm->supports(spec));
}

void TestSoftwareHsm::generateEverySpec_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("AES_256") << KeySpec::Aes256;
    QTest::newRow("SM4_128") << KeySpec::Sm4_128;
    QTest::newRow("RSA_2048") << KeySpec::Rsa2048;
    QTest::newRow("EC_P256") << KeySpec::EcP256;
    QTest::newRow("EC_SM2") << KeySpec::EcSm2;
}

void TestSoftwareHsm::generateEverySpec()
{
    QFETCH(KeySpec, spec);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());
    QCOMPARE(handle.at(0), '\x01');
    QCOMPARE(SoftwareHsm::materialAad(key), documentedAad(key));

    // The handle is the material wrapped under the master key with the documented aad.
    auto material = m_masterKey->unwrap(handle, documentedAad(key));
    VERIFY_OK(material);
    QCOMPARE(handle.size(), static_cast<qsizetype>(1 + 12 + material->size() + 16));
    // The raw material never appears in the handle.
    QVERIFY(!handle.contains(toByteArray(*material)));

    if (isSymmetric(spec)) {
        QCOMPARE(material->size(), static_cast<std::size_t>(symmetricKeyLength(spec)));
    } else {
        // PKCS#8 PrivateKeyInfo in DER.
        const PKey privateKey = parsePrivateDer(*material);
        QVERIFY(privateKey);
        const QByteArray middle = toByteArray(*material).mid(material->intSize() / 2, 16);
        QVERIFY(!handle.contains(middle));
    }
}

void TestSoftwareHsm::twoKeysDiffer_data()
{
    generateEverySpec_data();
}

void TestSoftwareHsm::twoKeysDiffer()
{
    QFETCH(KeySpec, spec);
    const KeyRef key = keyRef(spec);
    const QByteArray first = generate(key);
    const QByteArray second = generate(key);
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QVERIFY(first != second);
    auto firstMaterial = m_masterKey->unwrap(first, documentedAad(key));
    auto secondMaterial = m_masterKey->unwrap(second, documentedAad(key));
    VERIFY_OK(firstMaterial);
    VERIFY_OK(secondMaterial);
    QVERIFY(!firstMaterial->equals(*secondMaterial));
    if (!isSymmetric(spec)) {
        auto firstPem = m_hsm->publicKeyPem(key, first);
        auto secondPem = m_hsm->publicKeyPem(key, second);
        VERIFY_OK(firstPem);
        VERIFY_OK(secondPem);
        QVERIFY(*firstPem != *secondPem);
    }
}

void TestSoftwareHsm::roundTrip_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<int>("ivLength");
    QTest::addColumn<int>("tagLength");
    QByteArray big(4096, '\0');
    for (int i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>(i * 7);
    const struct
    {
        KeySpec spec;
        const char *name;
        int ivLength;
        int tagLength;
    } specs[] = { { KeySpec::Aes256, "AES_256", 12, 16 }, { KeySpec::Sm4_128, "SM4_128", 16, 32 } };
    for (const auto &s : specs) {
        QTest::addRow("%s empty", s.name)
            << s.spec << QByteArray() << QByteArray() << s.ivLength << s.tagLength;
        QTest::addRow("%s empty with aad", s.name)
            << s.spec << QByteArray() << QByteArray("context") << s.ivLength << s.tagLength;
        QTest::addRow("%s short", s.name)
            << s.spec << QByteArray("hello, kms") << QByteArray() << s.ivLength << s.tagLength;
        QTest::addRow("%s short with aad", s.name)
            << s.spec << QByteArray("hello, kms") << QByteArray("{\"purpose\":\"test\"}")
            << s.ivLength << s.tagLength;
        QTest::addRow("%s 4096 bytes", s.name)
            << s.spec << big << QByteArray() << s.ivLength << s.tagLength;
        QTest::addRow("%s 4096 bytes with aad", s.name)
            << s.spec << big << QByteArray(300, 'a') << s.ivLength << s.tagLength;
    }
}

void TestSoftwareHsm::roundTrip()
{
    QFETCH(KeySpec, spec);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, aad);
    QFETCH(int, ivLength);
    QFETCH(int, tagLength);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());

    auto sealed = m_hsm->encrypt(key, handle, plaintext, aad);
    VERIFY_OK(sealed);
    QCOMPARE(sealed->iv.size(), ivLength);
    QCOMPARE(sealed->tag.size(), tagLength);
    QCOMPARE(sealed->ciphertext.size(), plaintext.size());
    if (!plaintext.isEmpty())
        QVERIFY(sealed->ciphertext != plaintext);

    auto opened = m_hsm->decrypt(key, handle, *sealed, aad);
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, plaintext));

    // A fresh IV each time.
    auto again = m_hsm->encrypt(key, handle, plaintext, aad);
    VERIFY_OK(again);
    QVERIFY(again->iv != sealed->iv);
    QVERIFY(again->tag != sealed->tag);
}

void TestSoftwareHsm::aesMatchesOpenSsl()
{
    // AES_256: AES-256-GCM with the material as key, the IV and tag as returned.
    const KeyRef key = keyRef(KeySpec::Aes256);
    const QByteArray handle = generate(key);
    auto material = m_masterKey->unwrap(handle, documentedAad(key));
    VERIFY_OK(material);
    const QByteArray plaintext("checked by EVP directly");
    const QByteArray aad("aad");
    auto sealed = m_hsm->encrypt(key, handle, plaintext, aad);
    VERIFY_OK(sealed);
    QByteArray rawKey = toByteArray(*material);
    const auto opened = aesGcmOpen(rawKey, *sealed, aad);
    QVERIFY(opened.has_value());
    QVERIFY(*opened == plaintext);
    QVERIFY(!aesGcmOpen(rawKey, *sealed, "aae").has_value());
    wipeByteArray(rawKey);
}

void TestSoftwareHsm::sm4MatchesDocumentedConstruction()
{
    // SM4_128: encKey = HKDF-SM3(K, info "kms-sm4-ctr-enc", 16), macKey = HKDF-SM3(K, info
    // "kms-sm4-hmac-sm3", 32), C = SM4-CTR(encKey, IV, P),
    // T = HMAC-SM3(macKey, uint64_be(|A|) || A || IV || C).
    const KeyRef key = keyRef(KeySpec::Sm4_128);
    const QByteArray handle = generate(key);
    auto material = m_masterKey->unwrap(handle, documentedAad(key));
    VERIFY_OK(material);
    const QByteArray plaintext("SM4 plaintext of 33 bytes length.");
    const QByteArray aad("associated data");
    auto sealed = m_hsm->encrypt(key, handle, plaintext, aad);
    VERIFY_OK(sealed);

    auto encKey = hkdfSm3(*material, "kms-sm4-ctr-enc", 16);
    auto macKey = hkdfSm3(*material, "kms-sm4-hmac-sm3", 32);
    QVERIFY(encKey.has_value() && macKey.has_value());
    const auto ciphertext = cipherOnce(EVP_sm4_ctr(), *encKey, sealed->iv, plaintext);
    QVERIFY(ciphertext.has_value());
    QVERIFY(*ciphertext == sealed->ciphertext);

    QByteArray macInput(8, '\0');
    macInput[7] = static_cast<char>(aad.size()); // |A| < 256 here
    macInput += aad + sealed->iv + sealed->ciphertext;
    const auto tag = hmacSm3(*macKey, macInput);
    QVERIFY(tag.has_value());
    QVERIFY(*tag == sealed->tag);
    wipeByteArray(*encKey);
    wipeByteArray(*macKey);
}

void TestSoftwareHsm::tamperingFails_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::addColumn<QString>("part");
    for (const auto &[spec, name] :
        { std::pair { KeySpec::Aes256, "AES_256" }, std::pair { KeySpec::Sm4_128, "SM4_128" } }) {
        for (const char *part : { "iv first bit", "iv last bit", "ciphertext first bit",
                 "ciphertext last bit", "ciphertext truncated", "ciphertext extended",
                 "tag first bit", "tag last bit", "tag truncated", "tag empty", "iv empty",
                 "iv longer", "aad changed", "aad dropped", "aad added" })
            QTest::addRow("%s %s", name, part) << spec << QString::fromLatin1(part);
    }
}

void TestSoftwareHsm::tamperingFails()
{
    QFETCH(KeySpec, spec);
    QFETCH(QString, part);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    const QByteArray plaintext(64, 'x');
    const QByteArray aad("cmk-0001:context");
    auto sealed = m_hsm->encrypt(key, handle, plaintext, aad);
    VERIFY_OK(sealed);
    VERIFY_OK(m_hsm->decrypt(key, handle, *sealed, aad));

    SealedData changed = *sealed;
    QByteArray changedAad = aad;
    const QString p = part;
    if (p == QLatin1String("iv first bit"))
        changed.iv = flipBit(changed.iv, 0);
    else if (p == QLatin1String("iv last bit"))
        changed.iv = flipBit(changed.iv, changed.iv.size() - 1);
    else if (p == QLatin1String("ciphertext first bit"))
        changed.ciphertext = flipBit(changed.ciphertext, 0);
    else if (p == QLatin1String("ciphertext last bit"))
        changed.ciphertext = flipBit(changed.ciphertext, changed.ciphertext.size() - 1);
    else if (p == QLatin1String("ciphertext truncated"))
        changed.ciphertext.chop(1);
    else if (p == QLatin1String("ciphertext extended"))
        changed.ciphertext.append('\0');
    else if (p == QLatin1String("tag first bit"))
        changed.tag = flipBit(changed.tag, 0);
    else if (p == QLatin1String("tag last bit"))
        changed.tag = flipBit(changed.tag, changed.tag.size() - 1);
    else if (p == QLatin1String("tag truncated"))
        changed.tag.chop(4);
    else if (p == QLatin1String("tag empty"))
        changed.tag.clear();
    else if (p == QLatin1String("iv empty"))
        changed.iv.clear();
    else if (p == QLatin1String("iv longer"))
        changed.iv.append('\0');
    else if (p == QLatin1String("aad changed"))
        changedAad = flipBit(changedAad, 3);
    else if (p == QLatin1String("aad dropped"))
        changedAad.clear();
    else if (p == QLatin1String("aad added"))
        changedAad.append('\0');
    else
        QFAIL("unknown part");

    VERIFY_ERROR(m_hsm->decrypt(key, handle, changed, changedAad), "KMS.0219");
}

void TestSoftwareHsm::handleBoundToKeyVersion_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::addColumn<QString>("otherCmk");
    QTest::addColumn<QString>("otherVersion");
    QTest::addColumn<KeySpec>("otherSpec");
    const QString cmk = QStringLiteral("cmk-0001");
    const QString version = QStringLiteral("ver-0001");
    QTest::newRow("AES_256 other cmk")
        << KeySpec::Aes256 << QStringLiteral("cmk-0002") << version << KeySpec::Aes256;
    QTest::newRow("AES_256 other version")
        << KeySpec::Aes256 << cmk << QStringLiteral("ver-0002") << KeySpec::Aes256;
    QTest::newRow("AES_256 ids swapped") << KeySpec::Aes256 << version << cmk << KeySpec::Aes256;
    QTest::newRow("SM4_128 other cmk")
        << KeySpec::Sm4_128 << QStringLiteral("cmk-0002") << version << KeySpec::Sm4_128;
    QTest::newRow("SM4_128 other version")
        << KeySpec::Sm4_128 << cmk << QStringLiteral("ver-0002") << KeySpec::Sm4_128;
    QTest::newRow("SM4_128 as AES_256") << KeySpec::Sm4_128 << cmk << version << KeySpec::Aes256;
    QTest::newRow("AES_256 as SM4_128") << KeySpec::Aes256 << cmk << version << KeySpec::Sm4_128;
    QTest::newRow("EC_P256 other cmk")
        << KeySpec::EcP256 << QStringLiteral("cmk-0002") << version << KeySpec::EcP256;
    QTest::newRow("EC_P256 other version")
        << KeySpec::EcP256 << cmk << QStringLiteral("ver-0002") << KeySpec::EcP256;
    QTest::newRow("EC_P256 as EC_SM2") << KeySpec::EcP256 << cmk << version << KeySpec::EcSm2;
    QTest::newRow("EC_SM2 other version")
        << KeySpec::EcSm2 << cmk << QStringLiteral("ver-0002") << KeySpec::EcSm2;
}

void TestSoftwareHsm::handleBoundToKeyVersion()
{
    QFETCH(KeySpec, spec);
    QFETCH(QString, otherCmk);
    QFETCH(QString, otherVersion);
    QFETCH(KeySpec, otherSpec);
    const KeyRef key = keyRef(spec);
    const KeyRef other = keyRef(otherSpec, otherCmk, otherVersion);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());

    if (isSymmetric(spec)) {
        auto sealed = m_hsm->encrypt(key, handle, "plaintext", {});
        VERIFY_OK(sealed);
        VERIFY_ERROR(m_hsm->encrypt(other, handle, "plaintext", {}), "KMS.0504");
        VERIFY_ERROR(m_hsm->decrypt(other, handle, *sealed, {}), "KMS.0504");
    } else {
        VERIFY_OK(m_hsm->publicKeyPem(key, handle));
        VERIFY_ERROR(m_hsm->publicKeyPem(other, handle), "KMS.0504");
    }
}

void TestSoftwareHsm::idsWithNulAreRefused()
{
    // NUL separates the fields of the associated data, so ids may not contain it: otherwise
    // ("a", "b\0c") and ("a\0b", "c") would share a handle.
    const QString withNul = QStringLiteral("cmk") + QChar(u'\0') + QStringLiteral("0001");
    VERIFY_ERROR(m_hsm->generateKey(keyRef(KeySpec::Aes256, withNul)), "KMS.0503");
    VERIFY_ERROR(
        m_hsm->generateKey(keyRef(KeySpec::Aes256, QStringLiteral("cmk"), withNul)), "KMS.0503");
    const QByteArray handle = generate(keyRef(KeySpec::Aes256));
    VERIFY_ERROR(
        m_hsm->encrypt(keyRef(KeySpec::Aes256, withNul), handle, "plaintext", {}), "KMS.0504");
}

void TestSoftwareHsm::corruptedHandleFails()
{
    const KeyRef key = keyRef(KeySpec::Aes256);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());
    for (qsizetype i = 0; i < handle.size(); ++i) {
        const auto result = m_hsm->encrypt(key, flipBit(handle, i), "plaintext", {});
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("byte %1 changed still works").arg(i)));
        QCOMPARE(result.error().code(), QStringLiteral("KMS.0504"));
    }
    VERIFY_ERROR(m_hsm->encrypt(key, QByteArray(), "plaintext", {}), "KMS.0504");
    VERIFY_ERROR(m_hsm->encrypt(key, handle.left(40), "plaintext", {}), "KMS.0504");

    const KeyRef ecKey = keyRef(KeySpec::EcP256);
    const QByteArray ecHandle = generate(ecKey);
    VERIFY_ERROR(m_hsm->publicKeyPem(ecKey, flipBit(ecHandle, ecHandle.size() / 2)), "KMS.0504");
}

void TestSoftwareHsm::handleOfOtherMasterKeyFails()
{
    auto otherMaster = MasterKey::generate();
    VERIFY_OK(otherMaster);
    SoftwareHsm otherHsm(*otherMaster);
    const KeyRef key = keyRef(KeySpec::Sm4_128);
    auto handle = otherHsm.generateKey(key);
    VERIFY_OK(handle);
    VERIFY_OK(otherHsm.encrypt(key, *handle, "plaintext", {}));
    VERIFY_ERROR(m_hsm->encrypt(key, *handle, "plaintext", {}), "KMS.0504");
}

void TestSoftwareHsm::asymmetricKeysDoNotEncrypt_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("RSA_2048") << KeySpec::Rsa2048;
    QTest::newRow("EC_P256") << KeySpec::EcP256;
    QTest::newRow("EC_SM2") << KeySpec::EcSm2;
}

void TestSoftwareHsm::asymmetricKeysDoNotEncrypt()
{
    QFETCH(KeySpec, spec);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());
    VERIFY_ERROR(m_hsm->encrypt(key, handle, "plaintext", {}), "KMS.0213");
    const SealedData sealed { QByteArray(12, '\0'), QByteArray("x"), QByteArray(16, '\0') };
    VERIFY_ERROR(m_hsm->decrypt(key, handle, sealed, {}), "KMS.0213");
}

void TestSoftwareHsm::publicKeyPem_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("bits");
    QTest::addColumn<QString>("group");
    QTest::newRow("RSA_2048") << KeySpec::Rsa2048 << QStringLiteral("RSA") << 2048 << QString();
    QTest::newRow("EC_P256") << KeySpec::EcP256 << QStringLiteral("EC") << 256
                             << QStringLiteral("prime256v1");
    QTest::newRow("EC_SM2") << KeySpec::EcSm2 << QStringLiteral("SM2") << 256
                            << QStringLiteral("SM2");
}

void TestSoftwareHsm::publicKeyPem()
{
    QFETCH(KeySpec, spec);
    QFETCH(QString, type);
    QFETCH(int, bits);
    QFETCH(QString, group);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    QVERIFY(!handle.isEmpty());

    auto pem = m_hsm->publicKeyPem(key, handle);
    VERIFY_OK(pem);
    QVERIFY(pem->startsWith("-----BEGIN PUBLIC KEY-----\n"));
    QVERIFY(pem->trimmed().endsWith("-----END PUBLIC KEY-----"));
    QVERIFY(!pem->contains("PRIVATE"));

    const PKey publicKey = parsePublicPem(*pem);
    QVERIFY(publicKey);
    QVERIFY2(EVP_PKEY_is_a(publicKey.get(), type.toLatin1().constData()),
        EVP_PKEY_get0_type_name(publicKey.get()));
    QCOMPARE(EVP_PKEY_get_bits(publicKey.get()), bits);
    if (!group.isEmpty())
        QCOMPARE(groupName(publicKey.get()), group);

    // It is the public half of the stored private key.
    auto material = m_masterKey->unwrap(handle, documentedAad(key));
    VERIFY_OK(material);
    const PKey privateKey = parsePrivateDer(*material);
    QVERIFY(privateKey);
    QCOMPARE(EVP_PKEY_eq(publicKey.get(), privateKey.get()), 1);

    if (spec == KeySpec::EcSm2) {
        // The usual OpenSSL SM2 SubjectPublicKeyInfo: id-ecPublicKey (1.2.840.10045.2.1) with
        // the named curve SM2 (1.2.156.10197.1.301).
        const QByteArray body
            = QByteArray::fromBase64(pem->replace("-----BEGIN PUBLIC KEY-----", "")
                                         .replace("-----END PUBLIC KEY-----", "")
                                         .replace("\n", ""));
        QVERIFY(body.startsWith(QByteArray::fromHex("3059301306072a8648ce3d020106082a811ccf5501822d"
                                                    "03420004")));
    }
}

void TestSoftwareHsm::publicKeyOfSymmetricKeyFails_data()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("AES_256") << KeySpec::Aes256;
    QTest::newRow("SM4_128") << KeySpec::Sm4_128;
}

void TestSoftwareHsm::publicKeyOfSymmetricKeyFails()
{
    QFETCH(KeySpec, spec);
    const KeyRef key = keyRef(spec);
    const QByteArray handle = generate(key);
    VERIFY_ERROR(m_hsm->publicKeyPem(key, handle), "KMS.0214");
}

void TestSoftwareHsm::unknownSpecIsRefused()
{
    const auto unknown = static_cast<KeySpec>(99);
    QVERIFY(!m_hsm->supports(unknown));
    VERIFY_ERROR(m_hsm->generateKey(keyRef(unknown)), "KMS.0227");
}

void TestSoftwareHsm::destroyKeySucceeds()
{
    const KeyRef key = keyRef(KeySpec::Aes256);
    const QByteArray handle = generate(key);
    VERIFY_OK(m_hsm->destroyKey(key, handle));
}

void TestSoftwareHsm::randomBytesBounds_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("-1") << -1 << false;
    QTest::newRow("0") << 0 << false;
    QTest::newRow("1") << 1 << true;
    QTest::newRow("32") << 32 << true;
    QTest::newRow("1024") << 1024 << true;
    QTest::newRow("1025") << 1025 << false;
    QTest::newRow("INT_MAX") << std::numeric_limits<int>::max() << false;
}

void TestSoftwareHsm::randomBytesBounds()
{
    QFETCH(int, count);
    QFETCH(bool, accepted);
    auto bytes = m_hsm->randomBytes(count);
    if (accepted) {
        VERIFY_OK(bytes);
        QCOMPARE(bytes->size(), static_cast<std::size_t>(count));
    } else {
        VERIFY_ERROR(bytes, "KMS.0512");
    }
}

void TestSoftwareHsm::randomBytesDiffer()
{
    auto first = m_hsm->randomBytes(32);
    auto second = m_hsm->randomBytes(32);
    VERIFY_OK(first);
    VERIFY_OK(second);
    QVERIFY(!first->equals(*second));
}

// ---------------------------------------------------------------------------------------------
// Key cache (SoftwareHsm.h): each test uses an HSM of its own, so the counts start at zero.

namespace {

// The signature algorithm of an asymmetric spec (all sign a 32-byte digest).
SignAlgorithm signAlgorithmFor(KeySpec spec)
{
    return spec == KeySpec::Rsa2048 ? SignAlgorithm::RsaPssSha256
        : spec == KeySpec::EcP256   ? SignAlgorithm::EcdsaSha256
                                    : SignAlgorithm::Sm2Dsa;
}

void addEverySpec()
{
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("AES_256") << KeySpec::Aes256;
    QTest::newRow("SM4_128") << KeySpec::Sm4_128;
    QTest::newRow("RSA_2048") << KeySpec::Rsa2048;
    QTest::newRow("EC_P256") << KeySpec::EcP256;
    QTest::newRow("EC_SM2") << KeySpec::EcSm2;
}

// Whether a signature made by the HSM verifies under a public key PEM.
bool verifies(const QByteArray &pem, KeySpec spec, const QByteArray &digest,
    const Result<QByteArray> &signature)
{
    if (!signature.ok())
        return false;
    const auto verified = crypto::verifyDigest(pem, signAlgorithmFor(spec), digest, *signature);
    return verified.ok() && *verified;
}

} // namespace

void TestSoftwareHsm::keyCacheKeepsUsedKeys_data()
{
    addEverySpec();
}

void TestSoftwareHsm::keyCacheKeepsUsedKeys()
{
    QFETCH(KeySpec, spec);
    SoftwareHsm hsm(*m_masterKey);
    QCOMPARE(hsm.keyCacheCapacity(), SoftwareHsm::kDefaultKeyCacheCapacity);
    const KeyRef key = keyRef(spec);
    auto handle = hsm.generateKey(key);
    VERIFY_OK(handle);
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(0)); // generating loads nothing
    QVERIFY(!hsm.holdsKey(key, *handle));

    // Repeated use: one entry, and the answers of an HSM without it (a fresh one).
    SoftwareHsm fresh(*m_masterKey);
    if (isSymmetric(spec)) {
        for (int i = 0; i < 3; ++i) {
            auto sealed = hsm.encrypt(key, *handle, "plaintext", "aad");
            VERIFY_OK(sealed);
            auto opened = hsm.decrypt(key, *handle, *sealed, "aad");
            VERIFY_OK(opened);
            QVERIFY(sameBytes(*opened, "plaintext"));
            auto openedFresh = fresh.decrypt(key, *handle, *sealed, "aad");
            VERIFY_OK(openedFresh);
            QVERIFY(sameBytes(*openedFresh, "plaintext"));
            VERIFY_ERROR(hsm.decrypt(key, *handle, *sealed, "other aad"), "KMS.0219");
        }
    } else {
        const QByteArray digest(32, '\x5a');
        auto pem = hsm.publicKeyPem(key, *handle);
        VERIFY_OK(pem);
        auto freshPem = fresh.publicKeyPem(key, *handle);
        VERIFY_OK(freshPem);
        QCOMPARE(*pem, *freshPem);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(verifies(
                *pem, spec, digest, hsm.sign(key, *handle, signAlgorithmFor(spec), digest)));
            VERIFY_ERROR(
                hsm.sign(key, *handle, signAlgorithmFor(spec), digest.left(31)), "KMS.0128");
        }
    }
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(1));
    QVERIFY(hsm.holdsKey(key, *handle));
}

void TestSoftwareHsm::keyCacheIgnoresChangedHandle_data()
{
    addEverySpec();
}

void TestSoftwareHsm::keyCacheIgnoresChangedHandle()
{
    // Two handles of the same key id, version id and spec (as if the stored handle had been
    // replaced): the second is never answered from the first one's entry.
    QFETCH(KeySpec, spec);
    SoftwareHsm hsm(*m_masterKey);
    const KeyRef key = keyRef(spec);
    auto first = hsm.generateKey(key);
    auto second = hsm.generateKey(key);
    VERIFY_OK(first);
    VERIFY_OK(second);

    if (isSymmetric(spec)) {
        auto sealedFirst = hsm.encrypt(key, *first, "plaintext", {});
        VERIFY_OK(sealedFirst);
        QVERIFY(hsm.holdsKey(key, *first));
        QVERIFY(!hsm.holdsKey(key, *second));
        auto sealedSecond = hsm.encrypt(key, *second, "plaintext", {});
        VERIFY_OK(sealedSecond);
        VERIFY_ERROR(hsm.decrypt(key, *second, *sealedFirst, {}), "KMS.0219");
        VERIFY_ERROR(hsm.decrypt(key, *first, *sealedSecond, {}), "KMS.0219");
        VERIFY_OK(hsm.decrypt(key, *first, *sealedFirst, {}));
        VERIFY_OK(hsm.decrypt(key, *second, *sealedSecond, {}));
    } else {
        const QByteArray digest(32, '\x33');
        auto firstPem = hsm.publicKeyPem(key, *first);
        VERIFY_OK(firstPem);
        auto secondPem = hsm.publicKeyPem(key, *second);
        VERIFY_OK(secondPem);
        QVERIFY(*firstPem != *secondPem);
        const auto algorithm = signAlgorithmFor(spec);
        QVERIFY(verifies(*firstPem, spec, digest, hsm.sign(key, *first, algorithm, digest)));
        QVERIFY(verifies(*secondPem, spec, digest, hsm.sign(key, *second, algorithm, digest)));
        QVERIFY(!verifies(*firstPem, spec, digest, hsm.sign(key, *second, algorithm, digest)));
        QVERIFY(!verifies(*secondPem, spec, digest, hsm.sign(key, *first, algorithm, digest)));
    }
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(2));

    // A changed copy of a held handle, or the held handle for another version, is unwrapped
    // (and refused) as without the cache.
    const auto use = [&](const KeyRef &ref, const QByteArray &handle) -> KmsError {
        if (isSymmetric(spec)) {
            auto sealed = hsm.encrypt(ref, handle, "plaintext", {});
            return sealed.ok() ? KmsError() : sealed.error();
        }
        auto pem = hsm.publicKeyPem(ref, handle);
        return pem.ok() ? KmsError() : pem.error();
    };
    for (const qsizetype index : { qsizetype(0), qsizetype(20), first->size() - 1 })
        QCOMPARE(use(key, flipBit(*first, index)).code(), QStringLiteral("KMS.0504"));
    QCOMPARE(use(key, first->chopped(1)).code(), QStringLiteral("KMS.0504"));
    QCOMPARE(
        use(keyRef(spec, QStringLiteral("cmk-0001"), QStringLiteral("ver-0002")), *first).code(),
        QStringLiteral("KMS.0504"));
    QCOMPARE(
        use(keyRef(spec, QStringLiteral("cmk-0002")), *first).code(), QStringLiteral("KMS.0504"));
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(2));
}

void TestSoftwareHsm::failedUnwrapIsNotCached_data()
{
    addEverySpec();
}

void TestSoftwareHsm::failedUnwrapIsNotCached()
{
    QFETCH(KeySpec, spec);
    SoftwareHsm hsm(*m_masterKey);
    const KeyRef key = keyRef(spec);
    auto handle = hsm.generateKey(key);
    VERIFY_OK(handle);
    const QByteArray changed = flipBit(*handle, handle->size() / 2);
    const KeyRef otherVersion = keyRef(spec, QStringLiteral("cmk-0001"), QStringLiteral("ver-9"));
    const QByteArray digest(32, '\x01');

    for (int round = 0; round < 2; ++round) {
        if (isSymmetric(spec)) {
            VERIFY_ERROR(hsm.encrypt(key, changed, "plaintext", {}), "KMS.0504");
            VERIFY_ERROR(hsm.encrypt(otherVersion, *handle, "plaintext", {}), "KMS.0504");
            VERIFY_ERROR(hsm.decrypt(key, changed, SealedData {}, {}), "KMS.0504");
        } else {
            VERIFY_ERROR(hsm.publicKeyPem(key, changed), "KMS.0504");
            VERIFY_ERROR(hsm.sign(key, changed, signAlgorithmFor(spec), digest), "KMS.0504");
            VERIFY_ERROR(
                hsm.sign(otherVersion, *handle, signAlgorithmFor(spec), digest), "KMS.0504");
        }
        QVERIFY(!hsm.holdsKey(key, changed));
        QVERIFY(!hsm.holdsKey(otherVersion, *handle));
        // The first round with nothing held, the second with the real handle held.
        QCOMPARE(hsm.cachedKeyCount(), std::size_t(round));
        if (isSymmetric(spec))
            VERIFY_OK(hsm.encrypt(key, *handle, "plaintext", {}));
        else
            VERIFY_OK(hsm.sign(key, *handle, signAlgorithmFor(spec), digest));
        QCOMPARE(hsm.cachedKeyCount(), std::size_t(1));
    }
}

void TestSoftwareHsm::undecodableMaterialIsNotCached()
{
    // Material that unwraps but is not what its spec needs (written here with the HSM's own
    // wrapping): refused with KMS.0504 every time, never kept.
    SoftwareHsm hsm(*m_masterKey);
    const KeyRef aes = keyRef(KeySpec::Aes256);
    const KeyRef ec = keyRef(KeySpec::EcP256);
    const KeyRef sm2 = keyRef(KeySpec::EcSm2);
    const SecureBytes shortKey(31);
    const SecureBytes notPkcs8(64);
    auto shortHandle = m_masterKey->wrap(shortKey, SoftwareHsm::materialAad(aes));
    auto ecHandle = m_masterKey->wrap(notPkcs8, SoftwareHsm::materialAad(ec));
    auto sm2Handle = m_masterKey->wrap(notPkcs8, SoftwareHsm::materialAad(sm2));
    VERIFY_OK(shortHandle);
    VERIFY_OK(ecHandle);
    VERIFY_OK(sm2Handle);
    for (int i = 0; i < 2; ++i) {
        VERIFY_ERROR(hsm.encrypt(aes, *shortHandle, "plaintext", {}), "KMS.0504");
        VERIFY_ERROR(hsm.publicKeyPem(ec, *ecHandle), "KMS.0504");
        VERIFY_ERROR(
            hsm.sign(ec, *ecHandle, SignAlgorithm::EcdsaSha256, QByteArray(32, 'd')), "KMS.0504");
        VERIFY_ERROR(
            hsm.asymmetricDecrypt(sm2, *sm2Handle, AsymmetricAlgorithm::Sm2Pke, "ciphertext"),
            "KMS.0504");
    }
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(0));
}

void TestSoftwareHsm::keyCacheEvictsLeastRecentlyUsed()
{
    SoftwareHsm hsm(*m_masterKey, 2);
    QCOMPARE(hsm.keyCacheCapacity(), std::size_t(2));
    const KeyRef a = keyRef(KeySpec::Aes256, QStringLiteral("cmk-a"));
    const KeyRef b = keyRef(KeySpec::Sm4_128, QStringLiteral("cmk-b"));
    const KeyRef c = keyRef(KeySpec::EcP256, QStringLiteral("cmk-c"));
    auto handleA = hsm.generateKey(a);
    auto handleB = hsm.generateKey(b);
    auto handleC = hsm.generateKey(c);
    VERIFY_OK(handleA);
    VERIFY_OK(handleB);
    VERIFY_OK(handleC);
    const auto useA = [&] { return hsm.encrypt(a, *handleA, "plaintext", {}).ok(); };
    const auto useB = [&] { return hsm.encrypt(b, *handleB, "plaintext", {}).ok(); };
    const auto useC = [&] {
        return hsm.sign(c, *handleC, SignAlgorithm::EcdsaSha256, QByteArray(32, 'd')).ok();
    };

    QVERIFY(useA());
    QVERIFY(useB());
    QVERIFY(useA()); // a is now the most recently used
    QVERIFY(useC()); // b goes
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(2));
    QVERIFY(hsm.holdsKey(a, *handleA));
    QVERIFY(!hsm.holdsKey(b, *handleB));
    QVERIFY(hsm.holdsKey(c, *handleC));

    QVERIFY(useB()); // unwrapped again; a goes
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(2));
    QVERIFY(!hsm.holdsKey(a, *handleA));
    QVERIFY(hsm.holdsKey(b, *handleB));
    QVERIFY(hsm.holdsKey(c, *handleC));
    QVERIFY(useA());
    QVERIFY(useC());
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(2));
}

void TestSoftwareHsm::clearKeyCacheKeepsKeysUsable()
{
    SoftwareHsm hsm(*m_masterKey);
    const KeyRef key = keyRef(KeySpec::Sm4_128);
    auto handle = hsm.generateKey(key);
    VERIFY_OK(handle);
    auto sealed = hsm.encrypt(key, *handle, "plaintext", "aad");
    VERIFY_OK(sealed);
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(1));
    hsm.clearKeyCache();
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(0));
    QVERIFY(!hsm.holdsKey(key, *handle));
    auto opened = hsm.decrypt(key, *handle, *sealed, "aad");
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, "plaintext"));
    QCOMPARE(hsm.cachedKeyCount(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestSoftwareHsm)
#include "TestSoftwareHsm.moc"
