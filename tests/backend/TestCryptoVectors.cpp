// Known-answer tests of the crypto primitives against published vectors, data-driven. Every
// vector is a data file under tests/data/ that names its source (field "source"; the list,
// with licences, is tests/data/README.md):
// - SM4: gm/sm4.json, GB/T 32907-2016 "Information security technology - SM4 block cipher
//   algorithm", Appendix A, examples 1 and 2, through crypto::sm4Ctr (SymmetricCipher.h).
// - SM3: gm/sm3.json, GB/T 32905-2016 "... SM3 cryptographic hash algorithm", Appendix A,
//   examples 1 ("abc") and 2 ("abcd" x 16), through EVP (the SM3 of the OpenSSL the backend
//   links).
// - AES-256-GCM: gcm-spec/aes256_gcm.json, test cases 13-18 of D. McGrew, J. Viega, "The
//   Galois/Counter Mode of Operation (GCM)", revised submission to NIST, 2005, Appendix B
//   (https://csrc.nist.rip/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-revised-spec.pdf),
//   through crypto::aes256GcmSeal/Open; and Project Wycheproof aes_gcm_test.json.
// - SM2: gm/sm2.json, the recommended curve and the signature and encryption examples on it
//   of GM/T 0003.5-2012 / GB/T 32918.5-2017 (algorithms of GB/T 32918.2 and .4; every value
//   checked with the OpenSSL 3.0.22 CLI in shared/vectors/gm-vectors.md), through
//   crypto::sm2Digest, messageDigest, verifyDigest, signDigest, encryptWithPublicKey and
//   decryptWithPrivateKey.
// - Project Wycheproof (https://github.com/C2SP/wycheproof, Apache-2.0, files and commit in
//   tests/data/wycheproof/README.md): RSA-OAEP 2048 (three files) through
//   decryptWithPrivateKey; RSA-PSS 2048 SHA-256 MGF1 salt 32, RSA PKCS#1 v1.5 2048 SHA-256
//   and ECDSA P-256 SHA-256 (DER) through verifyDigest over SHA-256 of the message.
//
// Wycheproof results: "valid" must be accepted and "invalid" rejected. "acceptable" cases
// are treated strictly, as the backend's conventions say: they must be rejected (the only one
// in these files is a PKCS#1 v1.5 DigestInfo without the NULL parameters, tcId 8 of
// rsa_signature_2048_sha256_test.json, which OpenSSL 3.0 rejects). The vectors of the
// standards are all "valid". The number of cases run per file is printed at the end.
//
// Test data comes from the folder named by KMS_TEST_DATA (CTest sets it to tests/data). A
// file that is missing, not JSON, without its source, or with another number of cases than
// the test expects fails the test: nothing is skipped.

#include "CryptoTestHelpers.h"
#include "crypto/PublicKeyCrypto.h"
#include "crypto/SymmetricCipher.h"

#include <openssl/evp.h>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <initializer_list>
#include <map>
#include <memory>

using namespace kms;
using namespace kms::test;

Q_DECLARE_METATYPE(kms::SignAlgorithm)
Q_DECLARE_METATYPE(kms::AsymmetricAlgorithm)

namespace {

QString textField(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toString();
}

QJsonArray arrayField(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toArray();
}

// The vector files of the standards, relative to KMS_TEST_DATA.
const QString kSm3File = QStringLiteral("gm/sm3.json");
const QString kSm4File = QStringLiteral("gm/sm4.json");
const QString kSm2File = QStringLiteral("gm/sm2.json");
const QString kGcmSpecFile = QStringLiteral("gcm-spec/aes256_gcm.json");

// Whether a JSON value is a string of hex digit pairs ("" is the empty byte string).
bool isHex(const QJsonValue &value)
{
    if (!value.isString())
        return false;
    const QString text = value.toString();
    if (text.size() % 2 != 0)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F')))
            return false;
    }
    return true;
}

// The first of `fields` that is not a hex string in `object`, or an empty string.
QString badHexField(const QJsonObject &object, std::initializer_list<const char *> fields)
{
    for (const char *field : fields) {
        if (!isHex(object.value(QLatin1String(field))))
            return QString::fromLatin1(field);
    }
    return {};
}

// The cases in array `arrayName` of a vector file of the standards (gm/, gcm-spec/), with
// the checks every such file gets: it exists and is JSON, names its "source", and holds
// exactly `expected` cases, as its own count field `countName` says too. Returns what is
// wrong, or an empty string.
QString loadCases(const QString &file, const char *arrayName, const char *countName, int expected,
    QJsonObject &json, QJsonArray &cases)
{
    json = loadJson(file);
    if (json.isEmpty())
        return file + QStringLiteral(" is missing, empty or not a JSON object");
    if (textField(json, "source").isEmpty())
        return file + QStringLiteral(" does not name its source");
    cases = arrayField(json, arrayName);
    if (cases.size() != expected || json.value(QLatin1String(countName)).toInt() != expected)
        return QStringLiteral("%1: %2 cases in \"%3\" (%4 says %5), expected %6")
            .arg(file)
            .arg(cases.size())
            .arg(QLatin1String(arrayName), QLatin1String(countName))
            .arg(json.value(QLatin1String(countName)).toInt())
            .arg(expected);
    return {};
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

// SubjectPublicKeyInfo { id-ecPublicKey, namedCurve SM2 (1.2.156.10197.1.301) } of the
// point (x, y), as in gm-vectors.md.
QByteArray sm2PublicKeyInfo(const QByteArray &x, const QByteArray &y)
{
    return QByteArray::fromHex("3059301306072a8648ce3d020106082a811ccf5501822d03420004") + x + y;
}

// PKCS#8 PrivateKeyInfo of the key d with the point (x, y), the layout `openssl pkcs8 -topk8
// -nocrypt -outform DER` writes for gm-vectors.md's SEC1 key:
//   SEQUENCE { INTEGER 0, SEQUENCE { id-ecPublicKey, SM2 }, OCTET STRING { ECPrivateKey
//   { INTEGER 1, OCTET STRING d, [1] BIT STRING 04 || x || y } } }
QByteArray sm2PrivateKeyInfo(const QByteArray &d, const QByteArray &x, const QByteArray &y)
{
    return QByteArray::fromHex("308187020100301306072a8648ce3d020106082a811ccf5501822d"
                               "046d306b0201010420")
        + d + QByteArray::fromHex("a14403420004") + x + y;
}

// The example key pair and curve of gm/sm2.json: the public and private key in the encodings
// the backend takes, and a || b || xG || yG || xA || yA as Z_A hashes them (each 32 bytes).
struct Sm2Example
{
    QByteArray publicKey;
    QByteArray privateKey;
    QByteArray curveAndPoint;
};

// Reads the "curve" and "key" objects of gm/sm2.json. Returns what is wrong, or "".
QString readSm2Example(const QJsonObject &json, Sm2Example &example)
{
    const QJsonObject curve = json.value(QLatin1String("curve")).toObject();
    const QJsonObject key = json.value(QLatin1String("key")).toObject();
    QString bad = badHexField(curve, { "a", "b", "gx", "gy" });
    if (bad.isEmpty())
        bad = badHexField(key, { "d", "xA", "yA" });
    if (!bad.isEmpty())
        return QStringLiteral("gm/sm2.json: curve/key field %1 is not hex").arg(bad);
    const QByteArray d = hexField(key, "d");
    const QByteArray x = hexField(key, "xA");
    const QByteArray y = hexField(key, "yA");
    example.curveAndPoint = hexField(curve, "a") + hexField(curve, "b") + hexField(curve, "gx")
        + hexField(curve, "gy") + x + y;
    if (d.size() != 32 || example.curveAndPoint.size() != 6 * 32)
        return QStringLiteral("gm/sm2.json: curve and key values must be 32 bytes each");
    example.publicKey = sm2PublicKeyInfo(x, y);
    example.privateKey = sm2PrivateKeyInfo(d, x, y);
    return {};
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

    void sm2SignatureGbt32918_data();
    void sm2SignatureGbt32918();
    void sm2EncryptionGbt32918_data();
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
    // GB/T 32907-2016 Appendix A, example 1 (one encryption) and example 2 (1,000,000).
    QJsonObject json;
    QJsonArray cases;
    const QString problem = loadCases(kSm4File, "tests", "numberOfTests", 2, json, cases);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    for (const QJsonValue &value : cases) {
        const QJsonObject test = value.toObject();
        const int tcId = test.value(QLatin1String("tcId")).toInt();
        const QString bad = badHexField(test, { "key", "msg", "ct" });
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(bad)));
        const int iterations = test.value(QLatin1String("iterations")).toInt();
        QVERIFY2(iterations >= 1, qPrintable(QStringLiteral("tcId %1: iterations").arg(tcId)));
        QTest::addRow("tcId %d", tcId)
            << hexField(test, "key") << hexField(test, "msg") << iterations << hexField(test, "ct");
    }
}

void TestCryptoVectors::sm4Gbt32907()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, plaintext);
    QFETCH(int, iterations);
    QFETCH(QByteArray, ciphertext);
    const QString file = kSm4File;
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
    // GB/T 32905-2016 Appendix A, examples 1 and 2.
    QJsonObject json;
    QJsonArray cases;
    const QString problem = loadCases(kSm3File, "tests", "numberOfTests", 2, json, cases);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    for (const QJsonValue &value : cases) {
        const QJsonObject test = value.toObject();
        const int tcId = test.value(QLatin1String("tcId")).toInt();
        const QString bad = badHexField(test, { "msg", "digest" });
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(bad)));
        QTest::addRow("tcId %d", tcId) << hexField(test, "msg") << hexField(test, "digest");
    }
}

void TestCryptoVectors::sm3Gbt32905()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    const QString file = kSm3File;
    count(file, QStringLiteral("valid"));
    QCOMPARE(sm3(message).toHex(), digest.toHex());
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

    // McGrew & Viega, GCM specification, Appendix B, test cases 13-18 (256-bit key; 17 and
    // 18 have 64-bit and 480-bit IVs, which go through GHASH).
    QJsonObject json;
    QJsonArray cases;
    const QString problem = loadCases(kGcmSpecFile, "tests", "numberOfTests", 6, json, cases);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(json.value(QLatin1String("keySize")).toInt(), 256);
    QCOMPARE(json.value(QLatin1String("tagSize")).toInt(), 128);
    for (const QJsonValue &value : cases) {
        const QJsonObject test = value.toObject();
        const int tcId = test.value(QLatin1String("tcId")).toInt();
        const QString bad = badHexField(test, { "key", "iv", "aad", "msg", "ct", "tag" });
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(bad)));
        QTest::addRow("test case %d", tcId)
            << hexField(test, "key") << hexField(test, "iv") << hexField(test, "msg")
            << hexField(test, "aad") << hexField(test, "ct") << hexField(test, "tag");
    }
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
    const QString file = kGcmSpecFile;
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

void TestCryptoVectors::sm2SignatureGbt32918_data()
{
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("privateKey");
    QTest::addColumn<QByteArray>("curveAndPoint");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("za");
    QTest::addColumn<QByteArray>("e");
    QTest::addColumn<QByteArray>("r");
    QTest::addColumn<QByteArray>("s");
    QTest::addColumn<QByteArray>("sigDer");

    QJsonObject json;
    QJsonArray cases;
    const QString problem
        = loadCases(kSm2File, "signatureTests", "numberOfSignatureTests", 1, json, cases);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    Sm2Example example;
    const QString keyProblem = readSm2Example(json, example);
    QVERIFY2(keyProblem.isEmpty(), qPrintable(keyProblem));
    int withDefaultId = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject test = value.toObject();
        const int tcId = test.value(QLatin1String("tcId")).toInt();
        const QString bad = badHexField(test, { "id", "msg", "za", "e", "r", "s", "sigDer" });
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(bad)));
        const QByteArray id = hexField(test, "id");
        if (id == QByteArray(kSm2DefaultId))
            ++withDefaultId;
        QTest::addRow("signature tcId %d", tcId)
            << example.publicKey << example.privateKey << example.curveAndPoint << id
            << hexField(test, "msg") << hexField(test, "za") << hexField(test, "e")
            << hexField(test, "r") << hexField(test, "s") << hexField(test, "sigDer");
    }
    // The backend's own ID is the default one: at least one case must check it.
    QVERIFY2(withDefaultId > 0, "no signature case with the default ID 1234567812345678");
}

void TestCryptoVectors::sm2SignatureGbt32918()
{
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, privateKey);
    QFETCH(QByteArray, curveAndPoint);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, za);
    QFETCH(QByteArray, e);
    QFETCH(QByteArray, r);
    QFETCH(QByteArray, s);
    QFETCH(QByteArray, sigDer);
    const QString file = kSm2File;
    count(file, QStringLiteral("valid"));

    // Z_A spelled out from the standard's values: ENTL = the ID's length in bits, two bytes
    // big-endian (0x0080 for the 16-byte default ID).
    const auto entl = static_cast<quint16>(id.size() * 8);
    QByteArray entlBytes;
    entlBytes.append(static_cast<char>(entl >> 8));
    entlBytes.append(static_cast<char>(entl & 0xff));
    QCOMPARE(sm3(entlBytes + id + curveAndPoint).toHex(), za.toHex());
    QCOMPARE(sm3(za + message).toHex(), e.toHex());

    // sm2Digest computes Z_A from the key's group and point: the same e, with the default ID
    // (for a case with that ID) and with the ID given.
    if (id == QByteArray(kSm2DefaultId)) {
        const auto digest = crypto::sm2Digest(publicKey, message);
        VERIFY_OK(digest);
        QCOMPARE(digest->toHex(), e.toHex());
        const auto viaMessageDigest
            = crypto::messageDigest(publicKey, SignAlgorithm::Sm2Dsa, message);
        VERIFY_OK(viaMessageDigest);
        QCOMPARE(viaMessageDigest->toHex(), e.toHex());
    }
    const auto withId = crypto::sm2Digest(publicKey, message, id);
    VERIFY_OK(withId);
    QCOMPARE(withId->toHex(), e.toHex());

    // The standard's (r, s), DER-encoded, verifies over e: OpenSSL 3.0's SM2 verify takes the
    // 32-byte input as e.
    const QByteArray signature = derTlv('\x30', derInteger(r) + derInteger(s));
    QCOMPARE(signature.toHex(), sigDer.toHex());
    auto verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, e, signature);
    VERIFY_OK(verified);
    QVERIFY(*verified);

    // Negatives of gm-vectors.md: another ID, a changed message ("message digest" becomes
    // "message digesT"), raw r || s instead of DER.
    const auto otherId = crypto::sm2Digest(publicKey, message, "ALICE123@YAHOO.COM");
    VERIFY_OK(otherId);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, *otherId, signature);
    VERIFY_OK(verified);
    QVERIFY(!*verified);
    QByteArray changedMessage = message;
    changedMessage.back() = static_cast<char>(changedMessage.back() ^ 0x20);
    const auto otherMessage = crypto::sm2Digest(publicKey, changedMessage, id);
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
    const auto ours = crypto::signDigest(toSecure(privateKey), SignAlgorithm::Sm2Dsa, e);
    VERIFY_OK(ours);
    verified = crypto::verifyDigest(publicKey, SignAlgorithm::Sm2Dsa, e, *ours);
    VERIFY_OK(verified);
    QVERIFY(*verified);
    passed(file);
}

void TestCryptoVectors::sm2EncryptionGbt32918_data()
{
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<QByteArray>("privateKey");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("raw");

    QJsonObject json;
    QJsonArray cases;
    const QString problem
        = loadCases(kSm2File, "encryptionTests", "numberOfEncryptionTests", 1, json, cases);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    Sm2Example example;
    const QString keyProblem = readSm2Example(json, example);
    QVERIFY2(keyProblem.isEmpty(), qPrintable(keyProblem));
    for (const QJsonValue &value : cases) {
        const QJsonObject test = value.toObject();
        const int tcId = test.value(QLatin1String("tcId")).toInt();
        const QString bad = badHexField(test, { "msg", "ct" });
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("tcId %1: %2").arg(tcId).arg(bad)));
        QTest::addRow("encryption tcId %d", tcId) << example.publicKey << example.privateKey
                                                  << hexField(test, "msg") << hexField(test, "ct");
    }
}

void TestCryptoVectors::sm2EncryptionGbt32918()
{
    QFETCH(QByteArray, publicKey);
    QFETCH(QByteArray, privateKey);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, raw);
    const QString file = kSm2File;
    count(file, QStringLiteral("valid"));
    // The standard's C1 || C3 || C2 (C1 = 04 || x1 || y1) for the message under the example
    // key, converted to OpenSSL's DER form as gm-vectors.md does.
    QCOMPARE(raw.size(), 1 + 64 + 32 + message.size());
    QCOMPARE(raw.at(0), '\x04');
    const QByteArray x1 = raw.mid(1, 32);
    const QByteArray y1 = raw.mid(33, 32);
    const QByteArray c3 = raw.mid(65, 32);
    const QByteArray c2 = raw.mid(97);
    QCOMPARE(c2.size(), message.size());
    const QByteArray der
        = derTlv('\x30', derInteger(x1) + derInteger(y1) + derTlv('\x04', c3) + derTlv('\x04', c2));

    const SecureBytes privateKeyInfo = toSecure(privateKey);
    const auto plain
        = crypto::decryptWithPrivateKey(privateKeyInfo, AsymmetricAlgorithm::Sm2Pke, der);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, message));

    // The raw forms are not accepted (the backend's format is OpenSSL's DER), nor a changed C3.
    VERIFY_ERROR(crypto::decryptWithPrivateKey(privateKeyInfo, AsymmetricAlgorithm::Sm2Pke, raw),
        "KMS.0239");
    QByteArray badHash = c3;
    badHash[0] = static_cast<char>(badHash.at(0) ^ 1);
    VERIFY_ERROR(
        crypto::decryptWithPrivateKey(privateKeyInfo, AsymmetricAlgorithm::Sm2Pke,
            derTlv('\x30',
                derInteger(x1) + derInteger(y1) + derTlv('\x04', badHash) + derTlv('\x04', c2))),
        "KMS.0239");

    // And a round trip under the example's public key.
    const auto ciphertext
        = crypto::encryptWithPublicKey(publicKey, AsymmetricAlgorithm::Sm2Pke, message);
    VERIFY_OK(ciphertext);
    const auto again
        = crypto::decryptWithPrivateKey(privateKeyInfo, AsymmetricAlgorithm::Sm2Pke, *ciphertext);
    VERIFY_OK(again);
    QVERIFY(sameBytes(*again, message));
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
