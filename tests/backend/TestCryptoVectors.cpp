// Known-answer tests of the crypto primitives against published vectors, data-driven, each
// with its source:
// - SM4: GB/T 32907-2016 "Information security technology - SM4 block cipher algorithm",
//   Appendix A, examples 1 and 2 (also in shared/vectors/gm-vectors.md), through
//   crypto::sm4Ctr (SymmetricCipher.h).
// - SM3: GB/T 32905-2016 "... SM3 cryptographic hash algorithm", Appendix A, examples 1
//   ("abc") and 2 ("abcd" x 16), through EVP (the SM3 of the OpenSSL the backend links).
// - AES-256-GCM: test cases 13-18 of D. McGrew, J. Viega, "The Galois/Counter Mode of
//   Operation (GCM)", revised submission to NIST, 2005, Appendix B
//   (https://csrc.nist.rip/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-revised-spec.pdf),
//   through crypto::aes256GcmSeal/Open; and Project Wycheproof aes_gcm_test.json.
// - SM2: the GB/T 32918.2 / GM/T 0003.2 signature example and the GB/T 32918.4 encryption
//   example on the recommended curve (shared/vectors/gm-vectors.md, where every value was
//   checked with the OpenSSL 3.0.22 CLI), through crypto::sm2Digest, verifyDigest, signDigest
//   and decryptWithPrivateKey.
// - Project Wycheproof (https://github.com/C2SP/wycheproof, Apache-2.0, files and commit in
//   tests/data/wycheproof/README.md): RSA-OAEP 2048 (three files) through
//   decryptWithPrivateKey; RSA-PSS 2048 SHA-256 MGF1 salt 32, RSA PKCS#1 v1.5 2048 SHA-256
//   and ECDSA P-256 SHA-256 (DER) through verifyDigest over SHA-256 of the message.
//
// Wycheproof results: "valid" must be accepted and "invalid" rejected. "acceptable" cases
// are treated strictly, as the backend's conventions say: they must be rejected (the only one
// in these files is a PKCS#1 v1.5 DigestInfo without the NULL parameters, tcId 8 of
// rsa_signature_2048_sha256_test.json, which OpenSSL 3.0 rejects). The number of cases run
// per file is printed at the end.
//
// Test data comes from the folder named by KMS_TEST_DATA (CTest sets it to tests/data).

#include "crypto/PublicKeyCrypto.h"
#include "crypto/SymmetricCipher.h"

#include <openssl/evp.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstring>
#include <map>
#include <memory>

using namespace kms;

namespace {

template<typename T> QByteArray describe(const Result<T> &result)
{
    if (result.ok())
        return QByteArrayLiteral("ok");
    return (result.error().code() + QStringLiteral(": ") + result.error().detail()).toUtf8();
}

} // namespace

// Each macro evaluates its expression once.
#define VERIFY_OK(expr)                                                                            \
    do {                                                                                           \
        const auto &verifiedResult_ = (expr);                                                      \
        QVERIFY2(verifiedResult_.ok(), describe(verifiedResult_).constData());                     \
    } while (false)
#define VERIFY_ERROR(expr, expectedCode)                                                           \
    do {                                                                                           \
        const auto &verifiedResult_ = (expr);                                                      \
        QVERIFY2(!verifiedResult_.ok(), "expected " expectedCode);                                 \
        QCOMPARE(verifiedResult_.error().code(), QStringLiteral(expectedCode));                    \
    } while (false)

Q_DECLARE_METATYPE(kms::SignAlgorithm)
Q_DECLARE_METATYPE(kms::AsymmetricAlgorithm)

namespace {

bool sameBytes(const SecureBytes &secure, const QByteArray &plain)
{
    return secure.size() == static_cast<std::size_t>(plain.size())
        && (plain.isEmpty() || std::memcmp(secure.data(), plain.constData(), secure.size()) == 0);
}

QByteArray toByteArray(const SecureBytes &secure)
{
    return QByteArray(
        reinterpret_cast<const char *>(secure.data()), static_cast<qsizetype>(secure.size()));
}

SecureBytes toSecure(QByteArray bytes)
{
    SecureBytes secure = SecureBytes::fromByteArray(bytes);
    wipeByteArray(bytes);
    return secure;
}

QString testDataFile(const QString &name)
{
    const QString fromEnvironment = qEnvironmentVariable("KMS_TEST_DATA");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment + QLatin1Char('/') + name;
    return QFINDTESTDATA(QStringLiteral("../data/") + name);
}

QJsonObject loadJson(const QString &name)
{
    QFile file(testDataFile(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray hexField(const QJsonObject &object, const char *field)
{
    return QByteArray::fromHex(object.value(QLatin1String(field)).toString().toLatin1());
}

QString textField(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toString();
}

QJsonArray arrayField(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toArray();
}

QByteArray sm3(const QByteArray &data)
{
    std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(
        EVP_MD_fetch(nullptr, "SM3", nullptr), &EVP_MD_free);
    QByteArray out(32, '\0');
    unsigned int length = 0;
    if (!md
        || EVP_Digest(data.constData(), static_cast<std::size_t>(data.size()),
               reinterpret_cast<unsigned char *>(out.data()), &length, md.get(), nullptr)
            != 1
        || length != 32)
        return {};
    return out;
}

// A DER INTEGER of a non-negative big-endian value (a leading 0x00 when the top bit is set).
QByteArray derInteger(QByteArray value)
{
    while (value.size() > 1 && value.at(0) == '\0' && !(value.at(1) & 0x80))
        value.remove(0, 1);
    if (value.at(0) & 0x80)
        value.prepend('\0');
    return QByteArray(1, '\x02') + static_cast<char>(value.size()) + value;
}

// A DER TLV with a short-form or one-byte long-form length.
QByteArray derTlv(char tag, const QByteArray &body)
{
    QByteArray out(1, tag);
    if (body.size() >= 0x80)
        out.append('\x81');
    out.append(static_cast<char>(body.size()));
    return out + body;
}

// The recommended SM2 curve (GB/T 32918.5-2017) and the example key of GB/T 32918.2/.4
// (gm-vectors.md): private d, public (xA, yA).
const char kSm2A[] = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC";
const char kSm2B[] = "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93";
const char kSm2Gx[] = "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7";
const char kSm2Gy[] = "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0";
const char kSm2D[] = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const char kSm2Xa[] = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
const char kSm2Ya[] = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";

// SubjectPublicKeyInfo { id-ecPublicKey, namedCurve SM2 (1.2.156.10197.1.301) }, as in
// gm-vectors.md.
QByteArray sm2ExamplePublicKey()
{
    return QByteArray::fromHex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")
        + QByteArray::fromHex(kSm2Xa) + QByteArray::fromHex(kSm2Ya);
}

// PKCS#8 PrivateKeyInfo of the example key, the layout `openssl pkcs8 -topk8 -nocrypt
// -outform DER` writes for gm-vectors.md's SEC1 key:
//   SEQUENCE { INTEGER 0, SEQUENCE { id-ecPublicKey, SM2 }, OCTET STRING { ECPrivateKey
//   { INTEGER 1, OCTET STRING d, [1] BIT STRING 04 || xA || yA } } }
SecureBytes sm2ExamplePrivateKey()
{
    return toSecure(QByteArray::fromHex("308187020100301306072a8648ce3d020106082a811ccf5501822d"
                                        "046d306b0201010420")
        + QByteArray::fromHex(kSm2D) + QByteArray::fromHex("a14403420004")
        + QByteArray::fromHex(kSm2Xa) + QByteArray::fromHex(kSm2Ya));
}

struct Tally
{
    int run = 0;
    int passed = 0;
    std::map<QString, int> byResult;
};

} // namespace

class TestCryptoVectors : public QObject
{
    Q_OBJECT

private slots:
    void cleanupTestCase();

    void sm4Gbt32907_data();
    void sm4Gbt32907();
    void sm3Gbt32905_data();
    void sm3Gbt32905();
    void aesGcmMcGrewViega_data();
    void aesGcmMcGrewViega();
    void aesGcmWycheproof_data();
    void aesGcmWycheproof();

    void sm2SignatureGbt32918();
    void sm2EncryptionGbt32918();

    void rsaOaepWycheproof_data();
    void rsaOaepWycheproof();
    void signatureWycheproof_data();
    void signatureWycheproof();

private:
    // Counts a case of a file as run (at its start) and as passed (at its end).
    void count(const QString &file, const QString &result)
    {
        Tally &tally = m_tallies[file];
        ++tally.run;
        ++tally.byResult[result];
    }
    void passed(const QString &file) { ++m_tallies[file].passed; }

    std::map<QString, Tally> m_tallies;
};

void TestCryptoVectors::cleanupTestCase()
{
    for (const auto &[file, tally] : m_tallies) {
        QStringList results;
        for (const auto &[result, number] : tally.byResult)
            results.append(QStringLiteral("%1 %2").arg(number).arg(result));
        qInfo("%s: %d cases run (%s), %d passed", qPrintable(file), tally.run,
            qPrintable(results.join(QStringLiteral(", "))), tally.passed);
    }
}

// ---------------------------------------------------------------------------------------------
// SM4, SM3

void TestCryptoVectors::sm4Gbt32907_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<QByteArray>("ciphertext");
    // GB/T 32907-2016 Appendix A.1 (one encryption) and A.2 (1,000,000 encryptions).
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    QTest::newRow("example 1") << key << key << 1
                               << QByteArray::fromHex("681edf34d206965e86b3e94f536e4246");
    QTest::newRow("example 2") << key << key << 1000000
                               << QByteArray::fromHex("595298c7c6fd271f0402f804c33d3f66");
}

void TestCryptoVectors::sm4Gbt32907()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, plaintext);
    QFETCH(int, iterations);
    QFETCH(QByteArray, ciphertext);
    const QString file = QStringLiteral("GB/T 32907 SM4");
    count(file, QStringLiteral("valid"));
    // CTR's first keystream block is SM4(key, IV): SM4-CTR of a zero block with IV = X is
    // the single-block encryption of X.
    const QByteArray zeros(16, '\0');
    QByteArray block = plaintext;
    for (int i = 0; i < iterations; ++i) {
        auto next = crypto::sm4Ctr(
            crypto::byteView(key), crypto::byteView(block), crypto::byteView(zeros));
        if (!next.ok())
            QFAIL(describe(next).constData());
        block = toByteArray(*next);
    }
    QCOMPARE(block.toHex(), ciphertext.toHex());
    passed(file);
}

void TestCryptoVectors::sm3Gbt32905_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    // GB/T 32905-2016 Appendix A.1 and A.2.
    QTest::newRow("example 1: abc") << QByteArray(
        "abc") << QByteArray("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    QTest::newRow("example 2: abcd x 16") << QByteArray("abcd").repeated(
        16) << QByteArray("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

void TestCryptoVectors::sm3Gbt32905()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    const QString file = QStringLiteral("GB/T 32905 SM3");
    count(file, QStringLiteral("valid"));
    QCOMPARE(sm3(message).toHex(), digest);
    passed(file);
}

// ---------------------------------------------------------------------------------------------
// AES-256-GCM

void TestCryptoVectors::aesGcmMcGrewViega_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("ciphertext");
    QTest::addColumn<QByteArray>("tag");

    // McGrew & Viega, GCM specification, Appendix B, test cases 13-18 (256-bit key).
    const QByteArray zeroKey(32, '\0');
    const QByteArray key
        = QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const QByteArray p64
        = QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                              "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    const QByteArray p60 = p64.left(60);
    const QByteArray aad = QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const QByteArray c16
        = QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                              "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");

    QTest::newRow("test case 13") << zeroKey << QByteArray(12, '\0') << QByteArray() << QByteArray()
                                  << QByteArray()
                                  << QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b");
    QTest::newRow("test case 14") << zeroKey << QByteArray(12, '\0') << QByteArray(16, '\0')
                                  << QByteArray()
                                  << QByteArray::fromHex("cea7403d4d606b6e074ec5d3baf39d18")
                                  << QByteArray::fromHex("d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("test case 15") << key << QByteArray::fromHex("cafebabefacedbaddecaf888") << p64
                                  << QByteArray() << c16
                                  << QByteArray::fromHex("b094dac5d93471bdec1a502270e3cc6c");
    QTest::newRow("test case 16") << key << QByteArray::fromHex("cafebabefacedbaddecaf888") << p60
                                  << aad << c16.left(60)
                                  << QByteArray::fromHex("76fc6ece0f4e1768cddf8853bb2d551b");
    // 64-bit and 480-bit IVs: the IV goes through GHASH.
    QTest::newRow("test case 17")
        << key << QByteArray::fromHex("cafebabefacedbad") << p60 << aad
        << QByteArray::fromHex("c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0"
                               "feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f")
        << QByteArray::fromHex("3a337dbf46a792c45e454913fe2ea8f2");
    QTest::newRow("test case 18")
        << key
        << QByteArray::fromHex("9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
                               "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b")
        << p60 << aad
        << QByteArray::fromHex("5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4"
                               "0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f")
        << QByteArray::fromHex("a44a8266ee1c8eb0c8b5d4cf5ae9f19a");
}

namespace {

// AES-256-GCM straight through EVP with any IV length (for the two cases whose IV the
// backend's primitive refuses by design).
QByteArray evpAes256Gcm(bool encrypt, const QByteArray &key, const QByteArray &iv,
    const QByteArray &input, const QByteArray &aad, QByteArray &tag)
{
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    const auto *keyBytes = reinterpret_cast<const unsigned char *>(key.constData());
    const auto *ivBytes = reinterpret_cast<const unsigned char *>(iv.constData());
    QByteArray out(input.size(), '\0');
    int written = 0;
    int ignored = 0;
    if (!ctx
        || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, encrypt) != 1
        || EVP_CIPHER_CTX_ctrl(
               ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr)
            != 1
        || EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, keyBytes, ivBytes, encrypt) != 1
        || EVP_CipherUpdate(ctx.get(), nullptr, &ignored,
               reinterpret_cast<const unsigned char *>(aad.constData()),
               static_cast<int>(aad.size()))
            != 1
        || EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &written,
               reinterpret_cast<const unsigned char *>(input.constData()),
               static_cast<int>(input.size()))
            != 1)
        return {};
    if (!encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1)
        return {};
    if (EVP_CipherFinal_ex(
            ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + written, &ignored)
        != 1)
        return {};
    if (encrypt) {
        tag = QByteArray(16, '\0');
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) != 1)
            return {};
    }
    return out;
}

} // namespace

void TestCryptoVectors::aesGcmMcGrewViega()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);
    const QString file = QStringLiteral("McGrew-Viega GCM");
    count(file, QStringLiteral("valid"));

    if (iv.size() != 12) {
        // Cases 17 and 18: aes256GcmSeal/Open take 96-bit IVs only (their contract), so the
        // vector is checked through EVP, and the primitive must refuse the IV.
        QByteArray evpTag;
        const QByteArray evpCiphertext = evpAes256Gcm(true, key, iv, plaintext, aad, evpTag);
        QCOMPARE(evpCiphertext.toHex(), ciphertext.toHex());
        QCOMPARE(evpTag.toHex(), tag.toHex());
        QByteArray tagCopy = tag;
        QCOMPARE(evpAes256Gcm(false, key, iv, ciphertext, aad, tagCopy).toHex(), plaintext.toHex());
        VERIFY_ERROR(crypto::aes256GcmSeal(crypto::byteView(key), crypto::byteView(iv),
                         crypto::byteView(plaintext), crypto::byteView(aad)),
            "KMS.0503");
        VERIFY_ERROR(
            crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
                crypto::byteView(ciphertext), crypto::byteView(tag), crypto::byteView(aad)),
            "KMS.0219");
        passed(file);
        return;
    }

    const auto sealed = crypto::aes256GcmSeal(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(plaintext), crypto::byteView(aad));
    VERIFY_OK(sealed);
    QCOMPARE(sealed->ciphertext.toHex(), ciphertext.toHex());
    QCOMPARE(sealed->tag.toHex(), tag.toHex());
    const auto opened = crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(ciphertext), crypto::byteView(tag), crypto::byteView(aad));
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, plaintext));
    // A changed tag or associated data does not open.
    QByteArray badTag = tag;
    badTag[15] = static_cast<char>(badTag.at(15) ^ 0x80);
    VERIFY_ERROR(crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
                     crypto::byteView(ciphertext), crypto::byteView(badTag), crypto::byteView(aad)),
        "KMS.0219");
    const QByteArray otherAad = aad + 'x';
    VERIFY_ERROR(
        crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
            crypto::byteView(ciphertext), crypto::byteView(tag), crypto::byteView(otherAad)),
        "KMS.0219");
    passed(file);
}

void TestCryptoVectors::aesGcmWycheproof_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("ct");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<QString>("result");

    // Every group with a 256-bit key (the primitive is AES-256 only). Groups with an IV other
    // than 96 bits are run too: the primitive must refuse them whatever the result.
    const QString file = QStringLiteral("wycheproof/aes_gcm_test.json");
    const QJsonObject json = loadJson(file);
    QVERIFY2(!json.isEmpty(), qPrintable(file + QStringLiteral(" is missing")));
    int rows = 0;
    for (const QJsonValue &groupValue : arrayField(json, "testGroups")) {
        const QJsonObject group = groupValue.toObject();
        if (group.value(QLatin1String("keySize")).toInt() != 256)
            continue;
        QCOMPARE(group.value(QLatin1String("tagSize")).toInt(), 128);
        for (const QJsonValue &testValue : arrayField(group, "tests")) {
            const QJsonObject test = testValue.toObject();
            QTest::addRow("tcId %d", test.value(QLatin1String("tcId")).toInt())
                << file << hexField(test, "key") << hexField(test, "iv") << hexField(test, "aad")
                << hexField(test, "msg") << hexField(test, "ct") << hexField(test, "tag")
                << textField(test, "result");
            ++rows;
        }
    }
    QCOMPARE(rows, 105);
}

void TestCryptoVectors::aesGcmWycheproof()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, ct);
    QFETCH(QByteArray, tag);
    QFETCH(QString, result);
    count(file, result);
    QVERIFY(result == QLatin1String("valid") || result == QLatin1String("invalid"));

    const auto opened = crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(ct), crypto::byteView(tag), crypto::byteView(aad));
    const auto sealed = crypto::aes256GcmSeal(
        crypto::byteView(key), crypto::byteView(iv), crypto::byteView(msg), crypto::byteView(aad));
    if (iv.size() != 12) {
        VERIFY_ERROR(opened, "KMS.0219");
        VERIFY_ERROR(sealed, "KMS.0503");
    } else if (result == QLatin1String("invalid")) {
        VERIFY_ERROR(opened, "KMS.0219");
    } else {
        VERIFY_OK(opened);
        QVERIFY(sameBytes(*opened, msg));
        VERIFY_OK(sealed);
        QCOMPARE(sealed->ciphertext.toHex(), ct.toHex());
        QCOMPARE(sealed->tag.toHex(), tag.toHex());
    }
    passed(file);
}

// ---------------------------------------------------------------------------------------------
// SM2 (GB/T 32918)

void TestCryptoVectors::sm2SignatureGbt32918()
{
    const QString file = QStringLiteral("GB/T 32918 SM2");
    count(file, QStringLiteral("valid"));
    const QByteArray publicKey = sm2ExamplePublicKey();
    const QByteArray message("message digest");
    const QByteArray id("1234567812345678");

    // Z_A spelled out from the standard's values: ENTL = 0x0080 (16 bytes = 128 bits).
    const QByteArray za = sm3(QByteArray::fromHex("0080") + id + QByteArray::fromHex(kSm2A)
        + QByteArray::fromHex(kSm2B) + QByteArray::fromHex(kSm2Gx) + QByteArray::fromHex(kSm2Gy)
        + QByteArray::fromHex(kSm2Xa) + QByteArray::fromHex(kSm2Ya));
    QCOMPARE(
        za.toHex(), QByteArray("b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3"));
    const QByteArray e
        = QByteArray::fromHex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
    QCOMPARE(sm3(za + message).toHex(), e.toHex());

    // sm2Digest computes Z_A from the key's group and point: the same e, with the default ID
    // and with the ID given.
    const auto digest = crypto::sm2Digest(publicKey, message);
    VERIFY_OK(digest);
    QCOMPARE(digest->toHex(), e.toHex());
    const auto withId = crypto::sm2Digest(publicKey, message, id);
    VERIFY_OK(withId);
    QCOMPARE(withId->toHex(), e.toHex());
    const auto viaMessageDigest = crypto::messageDigest(publicKey, SignAlgorithm::Sm2Dsa, message);
    VERIFY_OK(viaMessageDigest);
    QCOMPARE(viaMessageDigest->toHex(), e.toHex());

    // The standard's (r, s), DER-encoded, verifies over e: OpenSSL 3.0's SM2 verify takes the
    // 32-byte input as e.
    const QByteArray r
        = QByteArray::fromHex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
    const QByteArray s
        = QByteArray::fromHex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
    const QByteArray signature = derTlv('\x30', derInteger(r) + derInteger(s));
    QCOMPARE(signature.size(), 72);
    auto verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, e, signature);
    VERIFY_OK(verified);
    QVERIFY(*verified);

    // Negatives of gm-vectors.md: another ID, a changed message, raw r || s instead of DER.
    const auto otherId = crypto::sm2Digest(publicKey, message, "ALICE123@YAHOO.COM");
    VERIFY_OK(otherId);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, *otherId, signature);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
    const auto otherMessage = crypto::sm2Digest(publicKey, "message digesT");
    VERIFY_OK(otherMessage);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, *otherMessage, signature);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, e, r + s);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
    // SM3(M) without Z_A is not e.
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, sm3(message), signature);
    VERIFY_OK(verified);
    QVERIFY(!*verified);

    // Signing with the standard's private key (k is random, so r and s differ from the
    // standard's) gives a signature the standard's public key accepts.
    const auto ours = crypto::signDigest(sm2ExamplePrivateKey(), SignAlgorithm::Sm2Dsa, e);
    VERIFY_OK(ours);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, e, *ours);
    VERIFY_OK(verified);
    QVERIFY(*verified);
    passed(file);
}

void TestCryptoVectors::sm2EncryptionGbt32918()
{
    const QString file = QStringLiteral("GB/T 32918 SM2");
    count(file, QStringLiteral("valid"));
    // GB/T 32918.4 example (gm-vectors.md): C1 || C3 || C2 for "encryption standard" under the
    // example key, converted to OpenSSL's DER form as gm-vectors.md does.
    const QByteArray raw
        = QByteArray::fromHex("04"
                              "04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
                              "e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"
                              "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766"
                              "21886ca989ca9c7d58087307ca93092d651efa");
    const QByteArray x1 = raw.mid(1, 32);
    const QByteArray y1 = raw.mid(33, 32);
    const QByteArray c3 = raw.mid(65, 32);
    const QByteArray c2 = raw.mid(97);
    QCOMPARE(c2.size(), 19);
    const QByteArray der
        = derTlv('\x30', derInteger(x1) + derInteger(y1) + derTlv('\x04', c3) + derTlv('\x04', c2));

    const SecureBytes privateKey = sm2ExamplePrivateKey();
    const auto plain = crypto::decryptWithPrivateKey(privateKey, AsymmetricAlgorithm::Sm2Pke, der);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, "encryption standard"));

    // The raw forms are not accepted (the backend's format is OpenSSL's DER), nor a changed C3.
    VERIFY_ERROR(
        crypto::decryptWithPrivateKey(privateKey, AsymmetricAlgorithm::Sm2Pke, raw), "KMS.0239");
    QByteArray badHash = c3;
    badHash[0] = static_cast<char>(badHash.at(0) ^ 1);
    VERIFY_ERROR(
        crypto::decryptWithPrivateKey(privateKey, AsymmetricAlgorithm::Sm2Pke,
            derTlv('\x30',
                derInteger(x1) + derInteger(y1) + derTlv('\x04', badHash) + derTlv('\x04', c2))),
        "KMS.0239");

    // And a round trip under the example's public key.
    const auto ciphertext = crypto::encryptWithPublicKey(
        sm2ExamplePublicKey(), AsymmetricAlgorithm::Sm2Pke, "encryption standard");
    VERIFY_OK(ciphertext);
    const auto again
        = crypto::decryptWithPrivateKey(privateKey, AsymmetricAlgorithm::Sm2Pke, *ciphertext);
    VERIFY_OK(again);
    QVERIFY(sameBytes(*again, "encryption standard"));
    passed(file);
}

// ---------------------------------------------------------------------------------------------
// Wycheproof RSA-OAEP, RSA-PSS, RSA PKCS#1, ECDSA

void TestCryptoVectors::rsaOaepWycheproof_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("privateKey");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("ct");
    QTest::addColumn<QString>("result");
    QTest::addColumn<bool>("expectPlaintext");

    // Each file runs with the algorithm whose parameters it has. A valid case decrypts to its
    // message only without a label (the algorithms use the empty label): a valid case with a
    // label must fail. rsa_oaep_2048_sha256_mgf1sha1 (OAEP with SHA-256 but MGF1-SHA-1) matches
    // no algorithm: every one of its cases must fail under both, which shows that each algorithm
    // uses its own digest for MGF1 as well.
    const struct
    {
        const char *name;
        QList<AsymmetricAlgorithm> algorithms;
        bool matches;
    } files[] = {
        { "rsa_oaep_2048_sha256_mgf1sha256_test.json", { AsymmetricAlgorithm::RsaOaepSha256 },
            true },
        { "rsa_oaep_2048_sha1_mgf1sha1_test.json", { AsymmetricAlgorithm::RsaOaepSha1 }, true },
        { "rsa_oaep_2048_sha256_mgf1sha1_test.json",
            { AsymmetricAlgorithm::RsaOaepSha256, AsymmetricAlgorithm::RsaOaepSha1 }, false },
    };
    int rows = 0;
    for (const auto &entry : files) {
        const QString file = QStringLiteral("wycheproof/") + QLatin1String(entry.name);
        const QJsonObject json = loadJson(file);
        QVERIFY2(!json.isEmpty(), qPrintable(file + QStringLiteral(" is missing")));
        for (const QJsonValue &groupValue : arrayField(json, "testGroups")) {
            const QJsonObject group = groupValue.toObject();
            QCOMPARE(group.value(QLatin1String("keySize")).toInt(), 2048);
            const QByteArray privateKey = hexField(group, "privateKeyPkcs8");
            for (const QJsonValue &testValue : arrayField(group, "tests")) {
                const QJsonObject test = testValue.toObject();
                const QString result = textField(test, "result");
                const bool expectPlaintext = entry.matches && result == QLatin1String("valid")
                    && textField(test, "label").isEmpty();
                for (const AsymmetricAlgorithm algorithm : entry.algorithms) {
                    QTest::addRow("%s tcId %d %s", entry.name,
                        test.value(QLatin1String("tcId")).toInt(),
                        qPrintable(asymmetricAlgorithmName(algorithm)))
                        << file << algorithm << privateKey << hexField(test, "msg")
                        << hexField(test, "ct") << result << expectPlaintext;
                    ++rows;
                }
            }
        }
    }
    QCOMPARE(rows, 37 + 36 + 2 * 31);
}

void TestCryptoVectors::rsaOaepWycheproof()
{
    QFETCH(QString, file);
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(QByteArray, privateKey);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, ct);
    QFETCH(QString, result);
    QFETCH(bool, expectPlaintext);
    count(file, result);

    const auto plain = crypto::decryptWithPrivateKey(toSecure(privateKey), algorithm, ct);
    if (expectPlaintext) {
        VERIFY_OK(plain);
        QVERIFY(sameBytes(*plain, msg));
    } else {
        VERIFY_ERROR(plain, "KMS.0239");
    }
    passed(file);
}

void TestCryptoVectors::signatureWycheproof_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("sig");
    QTest::addColumn<QString>("result");

    const struct
    {
        const char *name;
        SignAlgorithm algorithm;
        int cases;
    } files[] = {
        { "rsa_pss_2048_sha256_mgf1_32_test.json", SignAlgorithm::RsaPssSha256, 108 },
        { "rsa_signature_2048_sha256_test.json", SignAlgorithm::RsaPkcs1Sha256, 259 },
        { "ecdsa_secp256r1_sha256_test.json", SignAlgorithm::EcdsaSha256, 484 },
    };
    for (const auto &entry : files) {
        const QString file = QStringLiteral("wycheproof/") + QLatin1String(entry.name);
        const QJsonObject json = loadJson(file);
        QVERIFY2(!json.isEmpty(), qPrintable(file + QStringLiteral(" is missing")));
        int rows = 0;
        for (const QJsonValue &groupValue : arrayField(json, "testGroups")) {
            const QJsonObject group = groupValue.toObject();
            QCOMPARE(textField(group, "sha"), QStringLiteral("SHA-256"));
            if (group.contains(QLatin1String("mgfSha"))) {
                QCOMPARE(textField(group, "mgfSha"), QStringLiteral("SHA-256"));
                QCOMPARE(group.value(QLatin1String("sLen")).toInt(), 32);
            }
            const QByteArray publicKey = hexField(group, "publicKeyDer");
            for (const QJsonValue &testValue : arrayField(group, "tests")) {
                const QJsonObject test = testValue.toObject();
                QTest::addRow("%s tcId %d", entry.name, test.value(QLatin1String("tcId")).toInt())
                    << file << entry.algorithm << publicKey << hexField(test, "msg")
                    << hexField(test, "sig") << textField(test, "result");
                ++rows;
            }
        }
        QCOMPARE(rows, entry.cases);
    }
}

void TestCryptoVectors::signatureWycheproof()
{
    QFETCH(QString, file);
    QFETCH(SignAlgorithm, algorithm);
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, sig);
    QFETCH(QString, result);
    count(file, result);

    // SHA-256 of the message, computed apart from the code under test, then checked against
    // messageDigest too.
    const QByteArray digest = QCryptographicHash::hash(msg, QCryptographicHash::Sha256);
    const auto viaBackend = crypto::messageDigest(publicKey, algorithm, msg);
    VERIFY_OK(viaBackend);
    QCOMPARE(viaBackend->toHex(), digest.toHex());

    const auto verified = crypto::verifyDigest(publicKey, algorithm, digest, sig);
    VERIFY_OK(verified);
    // "acceptable" is treated strictly: rejected.
    QCOMPARE(*verified, result == QLatin1String("valid"));
    passed(file);
}

QTEST_GUILESS_MAIN(TestCryptoVectors)
#include "TestCryptoVectors.moc"
