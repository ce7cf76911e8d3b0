// Tests of the asymmetric algorithms: crypto/PublicKeyCrypto (verification, encryption,
// digests) and the private-key halves inside the software HSM (SoftwareHsm::sign and
// asymmetricDecrypt) over keys the HSM generates. Round trips for every algorithm, changed
// digests, signatures and ciphertexts, keys and algorithms that do not fit, lengths, and
// interoperability with the OpenSSL 3.0 CLI (/usr/bin/openssl) as the other party, with the
// commands of shared/TESTING.md ("OpenSSL as the other party"):
//   verify   openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -digest sha256|sm3
//                    -in msg -sigfile sig [RSA-PSS: -pkeyopt rsa_padding_mode:pss
//                    -pkeyopt rsa_pss_saltlen:32] [SM2: -pkeyopt distid:1234567812345678]
//   sign     openssl pkeyutl -sign -inkey key.pem -rawin -digest ... (the same options)
//   encrypt  openssl pkeyutl -encrypt -pubin -inkey pub.pem [OAEP: -pkeyopt
//                    rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:X -pkeyopt rsa_mgf1_md:X]
//   decrypt  openssl pkeyutl -decrypt -inkey key.pem (the same options)
// The HSM's private keys never leave it, so the other direction uses keys OpenSSL generates
// itself (openssl genpkey): their signatures are checked with verifyDigest against the
// exported public key, and ciphertexts made with encryptWithPublicKey are decrypted by
// OpenSSL. Known-answer tests of the same functions are in TestCryptoVectors.

#include "CryptoTestHelpers.h"
#include "crypto/MasterKey.h"
#include "crypto/PublicKeyCache.h"
#include "crypto/PublicKeyCrypto.h"
#include "hsm/SoftwareHsm.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <optional>

using namespace kms;
using namespace kms::test;
using namespace kms::hsm;

// A verification that ran and answered `expected`.
#define VERIFY_SIGNATURE(expr, expected)                                                           \
    do {                                                                                           \
        const auto &verifiedResult_ = (expr);                                                      \
        QVERIFY2(verifiedResult_.ok(), describe(verifiedResult_).constData());                     \
        QCOMPARE(*verifiedResult_, expected);                                                      \
    } while (false)

Q_DECLARE_METATYPE(kms::KeySpec)
Q_DECLARE_METATYPE(kms::SignAlgorithm)
Q_DECLARE_METATYPE(kms::AsymmetricAlgorithm)

namespace {

const QString kOpenssl = QStringLiteral("/usr/bin/openssl");

QByteArray flipped(QByteArray bytes, qsizetype index)
{
    bytes[index] = static_cast<char>(bytes.at(index) ^ 0x01);
    return bytes;
}

// The DER inside a PEM block.
QByteArray pemToDer(const QByteArray &pem)
{
    QByteArray body;
    for (const QByteArray &line : pem.split('\n')) {
        if (!line.startsWith("-----"))
            body += line.trimmed();
    }
    return QByteArray::fromBase64(body);
}

// Length of a DER SEQUENCE (short or long form) as its header says, header included.
qsizetype derSequenceLength(const QByteArray &der)
{
    if (der.size() < 2 || static_cast<unsigned char>(der.at(0)) != 0x30)
        return -1;
    const auto first = static_cast<unsigned char>(der.at(1));
    if (first < 0x80)
        return 2 + first;
    const int count = first & 0x7f;
    if (count < 1 || count > 2 || der.size() < 2 + count)
        return -1;
    qsizetype length = 0;
    for (int i = 0; i < count; ++i)
        length = length * 256 + static_cast<unsigned char>(der.at(2 + i));
    return 2 + count + length;
}

QStringList signOptions(SignAlgorithm algorithm)
{
    switch (algorithm) {
    case SignAlgorithm::RsaPssSha256:
        return { QStringLiteral("-digest"), QStringLiteral("sha256"), QStringLiteral("-pkeyopt"),
            QStringLiteral("rsa_padding_mode:pss"), QStringLiteral("-pkeyopt"),
            QStringLiteral("rsa_pss_saltlen:32") };
    case SignAlgorithm::RsaPkcs1Sha256:
    case SignAlgorithm::EcdsaSha256:
        return { QStringLiteral("-digest"), QStringLiteral("sha256") };
    case SignAlgorithm::Sm2Dsa:
        return { QStringLiteral("-digest"), QStringLiteral("sm3"), QStringLiteral("-pkeyopt"),
            QStringLiteral("distid:1234567812345678") };
    }
    return {};
}

QStringList encryptOptions(AsymmetricAlgorithm algorithm)
{
    const auto oaep = [](const QString &md) {
        return QStringList { QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
            QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:") + md,
            QStringLiteral("-pkeyopt"), QStringLiteral("rsa_mgf1_md:") + md };
    };
    switch (algorithm) {
    case AsymmetricAlgorithm::RsaOaepSha256:
        return oaep(QStringLiteral("sha256"));
    case AsymmetricAlgorithm::RsaOaepSha1:
        return oaep(QStringLiteral("sha1"));
    case AsymmetricAlgorithm::Sm2Pke:
        return {};
    }
    return {};
}

QStringList genpkeyOptions(KeySpec spec)
{
    switch (spec) {
    case KeySpec::Rsa2048:
        return { QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
            QStringLiteral("rsa_keygen_bits:2048") };
    case KeySpec::EcP256:
        return { QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:P-256") };
    default:
        return { QStringLiteral("-algorithm"), QStringLiteral("SM2") };
    }
}

} // namespace

class TestPublicKeyCrypto : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // Signatures
    void signVerifyRoundTrip_data();
    void signVerifyRoundTrip();
    void changedDigestOrSignatureFails_data();
    void changedDigestOrSignatureFails();
    void pemAndDerKeys();
    void signRefusesOtherSpecs_data();
    void signRefusesOtherSpecs();
    void digestLengthChecked();
    void sm2DigestTakesTheId();
    void messageDigestOfStream_data();
    void messageDigestOfStream();

    // Encryption
    void encryptDecryptRoundTrip_data();
    void encryptDecryptRoundTrip();
    void changedCiphertextFails_data();
    void changedCiphertextFails();
    void plaintextLengthLimits_data();
    void plaintextLengthLimits();
    void oaepDigestsAreNotInterchangeable();
    void encryptRefusesOtherSpecs_data();
    void encryptRefusesOtherSpecs();

    // Keys and handles
    void symmetricKeysRefused();
    void handleBoundToItsVersion();
    void malformedKeysRefused();

    // Decoded keys and the public key cache
    void decodedKeysSignAndVerify_data();
    void decodedKeysSignAndVerify();
    void decodedKeysEncryptAndDecrypt_data();
    void decodedKeysEncryptAndDecrypt();
    void decodedKeysMustFit();
    void publicKeyCacheAnswersAsFreeFunctions_data();
    void publicKeyCacheAnswersAsFreeFunctions();
    void publicKeyCacheErrors();
    void publicKeyCacheEvicts();

    // OpenSSL CLI as the other party
    void opensslVerifiesHsmSignature_data();
    void opensslVerifiesHsmSignature();
    void verifyDigestAcceptsOpensslSignature_data();
    void verifyDigestAcceptsOpensslSignature();
    void hsmDecryptsOpensslCiphertext_data();
    void hsmDecryptsOpensslCiphertext();
    void opensslDecryptsEncryptWithPublicKey_data();
    void opensslDecryptsEncryptWithPublicKey();
    void encryptedPrivateKeyRefused();

private:
    // The HSM key's PKCS#8 material, unwrapped here as the HSM does (SoftwareHsm.cpp).
    SecureBytes privateMaterial(KeySpec spec);

    struct HsmKey
    {
        KeyRef ref;
        QByteArray handle;
        QByteArray publicPem;
    };
    struct OpensslKey
    {
        QString privatePath;
        QString publicPath;
        QByteArray publicPem;
    };

    // Runs the OpenSSL CLI in the temporary folder: its exit code (-1 if it did not finish)
    // and its merged output.
    int openssl(const QStringList &arguments, QByteArray *output = nullptr);
    // The same, expecting success: a failure is printed with the command and its output.
    bool opensslSucceeds(const QStringList &arguments, QByteArray *output = nullptr);
    QString writeFile(const QString &name, const QByteArray &bytes);
    QByteArray readFile(const QString &name);
    const OpensslKey *opensslKey(KeySpec spec);

    std::optional<MasterKey> m_masterKey;
    std::unique_ptr<SoftwareHsm> m_hsm;
    std::map<KeySpec, HsmKey> m_keys;
    std::map<KeySpec, OpensslKey> m_opensslKeys;
    QTemporaryDir m_dir;
    bool m_haveOpenssl = false;
};

void TestPublicKeyCrypto::initTestCase()
{
    auto master = MasterKey::generate();
    VERIFY_OK(master);
    m_masterKey.emplace(std::move(master).value());
    m_hsm = std::make_unique<SoftwareHsm>(*m_masterKey);
    for (const KeySpec spec :
        { KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcSm2, KeySpec::Aes256 }) {
        HsmKey key { KeyRef { QStringLiteral("cmk-") + keySpecName(spec),
                         QStringLiteral("ver-0001"), spec },
            {}, {} };
        auto handle = m_hsm->generateKey(key.ref);
        VERIFY_OK(handle);
        key.handle = *handle;
        if (!isSymmetric(spec)) {
            auto pem = m_hsm->publicKeyPem(key.ref, key.handle);
            VERIFY_OK(pem);
            key.publicPem = *pem;
        }
        m_keys.emplace(spec, key);
    }
    QVERIFY(m_dir.isValid());
    m_haveOpenssl = QFile::exists(kOpenssl);
}

int TestPublicKeyCrypto::openssl(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(kOpenssl, arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool TestPublicKeyCrypto::opensslSucceeds(const QStringList &arguments, QByteArray *output)
{
    QByteArray text;
    const int exitCode = openssl(arguments, &text);
    if (exitCode != 0)
        qWarning("openssl %s -> %d: %s", qPrintable(arguments.join(QLatin1Char(' '))), exitCode,
            text.trimmed().constData());
    if (output)
        *output = text;
    return exitCode == 0;
}

QString TestPublicKeyCrypto::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QByteArray TestPublicKeyCrypto::readFile(const QString &name)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// A key pair OpenSSL generates (once per spec) in the temporary folder.
const TestPublicKeyCrypto::OpensslKey *TestPublicKeyCrypto::opensslKey(KeySpec spec)
{
    if (const auto found = m_opensslKeys.find(spec); found != m_opensslKeys.end())
        return &found->second;
    const QString stem = QStringLiteral("openssl-") + keySpecName(spec);
    OpensslKey key { m_dir.filePath(stem + QStringLiteral(".key.pem")),
        m_dir.filePath(stem + QStringLiteral(".pub.pem")), {} };
    if (!opensslSucceeds(QStringList { QStringLiteral("genpkey") } + genpkeyOptions(spec)
            + QStringList { QStringLiteral("-out"), key.privatePath })
        || !opensslSucceeds({ QStringLiteral("pkey"), QStringLiteral("-in"), key.privatePath,
            QStringLiteral("-pubout"), QStringLiteral("-out"), key.publicPath }))
        return nullptr;
    key.publicPem = readFile(stem + QStringLiteral(".pub.pem"));
    if (key.publicPem.isEmpty())
        return nullptr;
    return &m_opensslKeys.emplace(spec, key).first->second;
}

// ---------------------------------------------------------------------------------------------
// Signatures

void TestPublicKeyCrypto::signVerifyRoundTrip_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("message");
    const QByteArray messages[]
        = { QByteArray(), QByteArray("message digest"), QByteArray(10000, '\xa5') };
    for (const SignAlgorithm algorithm : { SignAlgorithm::RsaPssSha256,
             SignAlgorithm::RsaPkcs1Sha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
        for (const QByteArray &message : messages) {
            QTest::addRow("%s, %lld-byte message", qPrintable(signAlgorithmName(algorithm)),
                static_cast<long long>(message.size()))
                << algorithm << message;
        }
    }
}

void TestPublicKeyCrypto::signVerifyRoundTrip()
{
    QFETCH(SignAlgorithm, algorithm);
    QFETCH(QByteArray, message);
    const HsmKey &key = m_keys.at(specOf(algorithm));

    const auto digest = crypto::messageDigest(key.publicPem, algorithm, message);
    VERIFY_OK(digest);
    QCOMPARE(digest->size(), 32);
    const auto signature = m_hsm->sign(key.ref, key.handle, algorithm, *digest);
    VERIFY_OK(signature);
    VERIFY_SIGNATURE(crypto::verifyDigest(key.publicPem, algorithm, *digest, *signature), true);

    // Encodings: RSA signatures are as long as the modulus; ECDSA and SM2 are one DER SEQUENCE
    // of two INTEGERs with nothing after it.
    const auto second = m_hsm->sign(key.ref, key.handle, algorithm, *digest);
    VERIFY_OK(second);
    VERIFY_SIGNATURE(crypto::verifyDigest(key.publicPem, algorithm, *digest, *second), true);
    switch (algorithm) {
    case SignAlgorithm::RsaPkcs1Sha256:
        QCOMPARE(signature->size(), 256);
        QCOMPARE(*second, *signature); // deterministic
        break;
    case SignAlgorithm::RsaPssSha256:
        QCOMPARE(signature->size(), 256);
        QVERIFY(*second != *signature); // random salt
        break;
    case SignAlgorithm::EcdsaSha256:
    case SignAlgorithm::Sm2Dsa:
        QCOMPARE(derSequenceLength(*signature), signature->size());
        QVERIFY(signature->size() <= 72);
        QCOMPARE(signature->at(2), '\x02');
        QVERIFY(*second != *signature); // random k
        break;
    }
}

void TestPublicKeyCrypto::changedDigestOrSignatureFails_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::newRow("RSA_PSS_SHA_256") << SignAlgorithm::RsaPssSha256;
    QTest::newRow("RSA_PKCS1_SHA_256") << SignAlgorithm::RsaPkcs1Sha256;
    QTest::newRow("ECDSA_SHA_256") << SignAlgorithm::EcdsaSha256;
    QTest::newRow("SM2DSA") << SignAlgorithm::Sm2Dsa;
}

void TestPublicKeyCrypto::changedDigestOrSignatureFails()
{
    QFETCH(SignAlgorithm, algorithm);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const auto digest = crypto::messageDigest(key.publicPem, algorithm, "a message to sign");
    VERIFY_OK(digest);
    const auto signed_ = m_hsm->sign(key.ref, key.handle, algorithm, *digest);
    VERIFY_OK(signed_);
    const QByteArray signature = *signed_;

    // Every byte of the digest matters.
    for (qsizetype i = 0; i < digest->size(); ++i)
        VERIFY_SIGNATURE(
            crypto::verifyDigest(key.publicPem, algorithm, flipped(*digest, i), signature), false);
    // A digest of another message.
    const auto other = crypto::messageDigest(key.publicPem, algorithm, "a message to sigN");
    VERIFY_OK(other);
    VERIFY_SIGNATURE(crypto::verifyDigest(key.publicPem, algorithm, *other, signature), false);
    // Every byte of the signature matters (a malformed one is "false", not an error).
    for (qsizetype i = 0; i < signature.size(); ++i)
        VERIFY_SIGNATURE(
            crypto::verifyDigest(key.publicPem, algorithm, *digest, flipped(signature, i)), false);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key.publicPem, algorithm, *digest, signature.chopped(1)), false);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key.publicPem, algorithm, *digest, signature + '\0'), false);
    VERIFY_SIGNATURE(crypto::verifyDigest(key.publicPem, algorithm, *digest, QByteArray()), false);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key.publicPem, algorithm, *digest, QByteArray(4096, '\x30')), false);

    // The signature checked with the other RSA padding fails too.
    if (algorithm == SignAlgorithm::RsaPssSha256 || algorithm == SignAlgorithm::RsaPkcs1Sha256) {
        const SignAlgorithm otherPadding = algorithm == SignAlgorithm::RsaPssSha256
            ? SignAlgorithm::RsaPkcs1Sha256
            : SignAlgorithm::RsaPssSha256;
        VERIFY_SIGNATURE(
            crypto::verifyDigest(key.publicPem, otherPadding, *digest, signature), false);
    }
}

void TestPublicKeyCrypto::pemAndDerKeys()
{
    for (const SignAlgorithm algorithm :
        { SignAlgorithm::RsaPssSha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
        const HsmKey &key = m_keys.at(specOf(algorithm));
        const QByteArray der = pemToDer(key.publicPem);
        QVERIFY(!der.isEmpty());
        const auto fromPem = crypto::messageDigest(key.publicPem, algorithm, "msg");
        const auto fromDer = crypto::messageDigest(der, algorithm, "msg");
        VERIFY_OK(fromPem);
        VERIFY_OK(fromDer);
        QCOMPARE(*fromDer, *fromPem);
        const auto signature = m_hsm->sign(key.ref, key.handle, algorithm, *fromPem);
        VERIFY_OK(signature);
        VERIFY_SIGNATURE(crypto::verifyDigest(der, algorithm, *fromDer, *signature), true);
    }
    const HsmKey &rsa = m_keys.at(KeySpec::Rsa2048);
    const auto ciphertext = crypto::encryptWithPublicKey(
        pemToDer(rsa.publicPem), AsymmetricAlgorithm::RsaOaepSha256, "from a DER key");
    VERIFY_OK(ciphertext);
    const auto plain = m_hsm->asymmetricDecrypt(
        rsa.ref, rsa.handle, AsymmetricAlgorithm::RsaOaepSha256, *ciphertext);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, "from a DER key"));
}

void TestPublicKeyCrypto::signRefusesOtherSpecs_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::addColumn<KeySpec>("spec");
    const std::pair<SignAlgorithm, KeySpec> rows[] = {
        { SignAlgorithm::RsaPssSha256, KeySpec::EcP256 },
        { SignAlgorithm::RsaPssSha256, KeySpec::EcSm2 },
        { SignAlgorithm::RsaPkcs1Sha256, KeySpec::EcP256 },
        { SignAlgorithm::EcdsaSha256, KeySpec::Rsa2048 },
        { SignAlgorithm::EcdsaSha256, KeySpec::EcSm2 },
        { SignAlgorithm::Sm2Dsa, KeySpec::EcP256 },
        { SignAlgorithm::Sm2Dsa, KeySpec::Rsa2048 },
    };
    for (const auto &[algorithm, spec] : rows)
        QTest::addRow(
            "%s with %s", qPrintable(signAlgorithmName(algorithm)), qPrintable(keySpecName(spec)))
            << algorithm << spec;
}

void TestPublicKeyCrypto::signRefusesOtherSpecs()
{
    QFETCH(SignAlgorithm, algorithm);
    QFETCH(KeySpec, spec);
    const HsmKey &key = m_keys.at(spec);
    const QByteArray digest(32, '\x11');
    VERIFY_ERROR(m_hsm->sign(key.ref, key.handle, algorithm, digest), "KMS.0212");
    VERIFY_ERROR(
        crypto::verifyDigest(key.publicPem, algorithm, digest, QByteArray(64, '\x01')), "KMS.0212");
    VERIFY_ERROR(crypto::messageDigest(key.publicPem, algorithm, "message"), "KMS.0212");
    if (algorithm == SignAlgorithm::Sm2Dsa)
        VERIFY_ERROR(crypto::sm2Digest(key.publicPem, "message"), "KMS.0212");

    // A real signature of the key's own algorithm, checked as the other algorithm's.
    const SignAlgorithm own = spec == KeySpec::Rsa2048 ? SignAlgorithm::RsaPkcs1Sha256
        : spec == KeySpec::EcP256                      ? SignAlgorithm::EcdsaSha256
                                                       : SignAlgorithm::Sm2Dsa;
    const auto signature = m_hsm->sign(key.ref, key.handle, own, digest);
    VERIFY_OK(signature);
    VERIFY_ERROR(crypto::verifyDigest(key.publicPem, algorithm, digest, *signature), "KMS.0212");
}

void TestPublicKeyCrypto::digestLengthChecked()
{
    for (const SignAlgorithm algorithm : { SignAlgorithm::RsaPssSha256,
             SignAlgorithm::RsaPkcs1Sha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
        const HsmKey &key = m_keys.at(specOf(algorithm));
        for (const int length : { 0, 1, 20, 31, 33, 48, 64 }) {
            const QByteArray digest(length, '\x42');
            VERIFY_ERROR(m_hsm->sign(key.ref, key.handle, algorithm, digest), "KMS.0128");
            VERIFY_ERROR(
                crypto::verifyDigest(key.publicPem, algorithm, digest, QByteArray(64, '\x01')),
                "KMS.0128");
        }
    }
}

void TestPublicKeyCrypto::sm2DigestTakesTheId()
{
    const HsmKey &key = m_keys.at(KeySpec::EcSm2);
    const auto byDefault = crypto::sm2Digest(key.publicPem, "message");
    const auto explicitDefault = crypto::sm2Digest(key.publicPem, "message", "1234567812345678");
    const auto otherId = crypto::sm2Digest(key.publicPem, "message", "ALICE123@YAHOO.COM");
    const auto emptyId = crypto::sm2Digest(key.publicPem, "message", QByteArray());
    const auto longestId = crypto::sm2Digest(key.publicPem, "message", QByteArray(8191, 'i'));
    VERIFY_OK(byDefault);
    VERIFY_OK(explicitDefault);
    VERIFY_OK(otherId);
    VERIFY_OK(emptyId);
    VERIFY_OK(longestId);
    QCOMPARE(*explicitDefault, *byDefault);
    QVERIFY(*otherId != *byDefault);
    QVERIFY(*emptyId != *byDefault);
    // ENTL holds the ID's length in bits in 16 bits.
    VERIFY_ERROR(crypto::sm2Digest(key.publicPem, "message", QByteArray(8192, 'i')), "KMS.0128");

    // A signature over the digest with another ID does not verify over the default one.
    const auto signature = m_hsm->sign(key.ref, key.handle, SignAlgorithm::Sm2Dsa, *otherId);
    VERIFY_OK(signature);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key.publicPem, SignAlgorithm::Sm2Dsa, *otherId, *signature), true);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key.publicPem, SignAlgorithm::Sm2Dsa, *byDefault, *signature), false);
}

void TestPublicKeyCrypto::messageDigestOfStream_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("message");
    for (const SignAlgorithm algorithm : { SignAlgorithm::RsaPssSha256,
             SignAlgorithm::RsaPkcs1Sha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
        // Empty, short, and longer than the 64 KiB read chunk.
        for (const int length : { 0, 14, 200000 }) {
            QByteArray message(length, '\0');
            for (int i = 0; i < length; ++i)
                message[i] = static_cast<char>(i * 7 + 3);
            QTest::addRow("%s, %d bytes", qPrintable(signAlgorithmName(algorithm)), length)
                << algorithm << message;
        }
    }
}

void TestPublicKeyCrypto::messageDigestOfStream()
{
    QFETCH(SignAlgorithm, algorithm);
    QFETCH(QByteArray, message);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const auto whole = crypto::messageDigest(key.publicPem, algorithm, message);
    VERIFY_OK(whole);
    QBuffer buffer(&message);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto streamed = crypto::messageDigest(key.publicPem, algorithm, buffer);
    VERIFY_OK(streamed);
    QCOMPARE(streamed->toHex(), whole->toHex());

    // A device that cannot be read, and a key of another spec.
    QBuffer closed(&message);
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::read (QBuffer): device not open");
    VERIFY_ERROR(crypto::messageDigest(key.publicPem, algorithm, closed), "KMS.0128");
    const KeySpec other = key.ref.spec == KeySpec::EcSm2 ? KeySpec::EcP256 : KeySpec::EcSm2;
    QBuffer again(&message);
    QVERIFY(again.open(QIODevice::ReadOnly));
    VERIFY_ERROR(crypto::messageDigest(m_keys.at(other).publicPem, algorithm, again), "KMS.0212");
}

// ---------------------------------------------------------------------------------------------
// Encryption

void TestPublicKeyCrypto::encryptDecryptRoundTrip_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::newRow("OAEP-SHA256, empty") << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray();
    QTest::newRow("OAEP-SHA256, 1 byte") << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray("k");
    QTest::newRow("OAEP-SHA256, 32 bytes")
        << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray(32, '\x00');
    QTest::newRow("OAEP-SHA256, 190 bytes (longest)")
        << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray(190, '\xff');
    QTest::newRow("OAEP-SHA1, empty") << AsymmetricAlgorithm::RsaOaepSha1 << QByteArray();
    QTest::newRow("OAEP-SHA1, 32 bytes")
        << AsymmetricAlgorithm::RsaOaepSha1 << QByteArray(32, '\x5a');
    QTest::newRow("OAEP-SHA1, 214 bytes (longest)")
        << AsymmetricAlgorithm::RsaOaepSha1 << QByteArray(214, '\x01');
    QTest::newRow("SM2PKE, 1 byte") << AsymmetricAlgorithm::Sm2Pke << QByteArray("k");
    QTest::newRow("SM2PKE, 19 bytes")
        << AsymmetricAlgorithm::Sm2Pke << QByteArray("encryption standard");
    QTest::newRow("SM2PKE, 32 zero bytes") << AsymmetricAlgorithm::Sm2Pke << QByteArray(32, '\0');
    QTest::newRow("SM2PKE, 4096 bytes") << AsymmetricAlgorithm::Sm2Pke << QByteArray(4096, '\x7e');
}

void TestPublicKeyCrypto::encryptDecryptRoundTrip()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(QByteArray, plaintext);
    const HsmKey &key = m_keys.at(specOf(algorithm));

    const auto ciphertext = crypto::encryptWithPublicKey(key.publicPem, algorithm, plaintext);
    VERIFY_OK(ciphertext);
    const auto again = crypto::encryptWithPublicKey(key.publicPem, algorithm, plaintext);
    VERIFY_OK(again);
    QVERIFY(*again != *ciphertext); // randomised
    if (algorithm == AsymmetricAlgorithm::Sm2Pke) {
        // SEQUENCE { INTEGER x1, INTEGER y1, OCTET STRING C3 (32), OCTET STRING C2 (|P|) }:
        // at most 2 x 35 bytes of coordinates, the hash, the plaintext and the headers.
        QCOMPARE(derSequenceLength(*ciphertext), ciphertext->size());
        QVERIFY(ciphertext->size() >= plaintext.size() + 32 + 2 * 3 + 2 * 2 + 2);
        QVERIFY(ciphertext->size() <= plaintext.size() + 32 + 2 * 35 + 2 * 4 + 4);
    } else {
        QCOMPARE(ciphertext->size(), 256);
    }

    const auto plain = m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, *ciphertext);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, plaintext));
    const auto plainAgain = m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, *again);
    VERIFY_OK(plainAgain);
    QVERIFY(sameBytes(*plainAgain, plaintext));
}

void TestPublicKeyCrypto::changedCiphertextFails_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::newRow("RSAES_OAEP_SHA_256") << AsymmetricAlgorithm::RsaOaepSha256;
    QTest::newRow("RSAES_OAEP_SHA_1") << AsymmetricAlgorithm::RsaOaepSha1;
    QTest::newRow("SM2PKE") << AsymmetricAlgorithm::Sm2Pke;
}

void TestPublicKeyCrypto::changedCiphertextFails()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const QByteArray plaintext("thirty-two bytes of key material");
    const auto encrypted = crypto::encryptWithPublicKey(key.publicPem, algorithm, plaintext);
    VERIFY_OK(encrypted);
    const QByteArray ciphertext = *encrypted;

    // Every byte (RSA), or every byte of the SM2 structure, its point, hash and C2.
    for (qsizetype i = 0; i < ciphertext.size(); ++i) {
        const auto plain
            = m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, flipped(ciphertext, i));
        if (plain.ok())
            QFAIL(qPrintable(QStringLiteral("byte %1 changed and still decrypted").arg(i)));
        QCOMPARE(plain.error().code(), QStringLiteral("KMS.0239"));
        // One answer for every way of failing.
        QCOMPARE(plain.error().detail(), QStringLiteral("the ciphertext does not decrypt"));
    }
    VERIFY_ERROR(m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, ciphertext.chopped(1)),
        "KMS.0239");
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, ciphertext + '\0'), "KMS.0239");
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, '\0' + ciphertext), "KMS.0239");
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, QByteArray()), "KMS.0239");
    VERIFY_ERROR(m_hsm->asymmetricDecrypt(
                     key.ref, key.handle, algorithm, QByteArray(ciphertext.size(), '\0')),
        "KMS.0239");
}

void TestPublicKeyCrypto::plaintextLengthLimits_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("accepted");
    // k - 2 hLen - 2 with k = 256: 190 for SHA-256, 214 for SHA-1.
    QTest::newRow("OAEP-SHA256 190") << AsymmetricAlgorithm::RsaOaepSha256 << 190 << true;
    QTest::newRow("OAEP-SHA256 191") << AsymmetricAlgorithm::RsaOaepSha256 << 191 << false;
    QTest::newRow("OAEP-SHA256 256") << AsymmetricAlgorithm::RsaOaepSha256 << 256 << false;
    QTest::newRow("OAEP-SHA1 214") << AsymmetricAlgorithm::RsaOaepSha1 << 214 << true;
    QTest::newRow("OAEP-SHA1 215") << AsymmetricAlgorithm::RsaOaepSha1 << 215 << false;
    QTest::newRow("OAEP-SHA1 4096") << AsymmetricAlgorithm::RsaOaepSha1 << 4096 << false;
    // OpenSSL 3.0 cannot SM2-encrypt an empty plaintext.
    QTest::newRow("SM2PKE 0") << AsymmetricAlgorithm::Sm2Pke << 0 << false;
    QTest::newRow("SM2PKE 1") << AsymmetricAlgorithm::Sm2Pke << 1 << true;
}

void TestPublicKeyCrypto::plaintextLengthLimits()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(int, length);
    QFETCH(bool, accepted);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const auto ciphertext
        = crypto::encryptWithPublicKey(key.publicPem, algorithm, QByteArray(length, 'p'));
    if (accepted)
        VERIFY_OK(ciphertext);
    else
        VERIFY_ERROR(ciphertext, "KMS.0128");
}

void TestPublicKeyCrypto::oaepDigestsAreNotInterchangeable()
{
    const HsmKey &key = m_keys.at(KeySpec::Rsa2048);
    const auto sha256 = crypto::encryptWithPublicKey(
        key.publicPem, AsymmetricAlgorithm::RsaOaepSha256, "the same plaintext");
    const auto sha1 = crypto::encryptWithPublicKey(
        key.publicPem, AsymmetricAlgorithm::RsaOaepSha1, "the same plaintext");
    VERIFY_OK(sha256);
    VERIFY_OK(sha1);
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(key.ref, key.handle, AsymmetricAlgorithm::RsaOaepSha1, *sha256),
        "KMS.0239");
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(key.ref, key.handle, AsymmetricAlgorithm::RsaOaepSha256, *sha1),
        "KMS.0239");
}

void TestPublicKeyCrypto::encryptRefusesOtherSpecs_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::addColumn<KeySpec>("spec");
    QTest::newRow("OAEP-SHA256 with EC_P256")
        << AsymmetricAlgorithm::RsaOaepSha256 << KeySpec::EcP256;
    QTest::newRow("OAEP-SHA256 with EC_SM2")
        << AsymmetricAlgorithm::RsaOaepSha256 << KeySpec::EcSm2;
    QTest::newRow("OAEP-SHA1 with EC_SM2") << AsymmetricAlgorithm::RsaOaepSha1 << KeySpec::EcSm2;
    QTest::newRow("SM2PKE with RSA_2048") << AsymmetricAlgorithm::Sm2Pke << KeySpec::Rsa2048;
    QTest::newRow("SM2PKE with EC_P256") << AsymmetricAlgorithm::Sm2Pke << KeySpec::EcP256;
}

void TestPublicKeyCrypto::encryptRefusesOtherSpecs()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(KeySpec, spec);
    const HsmKey &key = m_keys.at(spec);
    VERIFY_ERROR(crypto::encryptWithPublicKey(key.publicPem, algorithm, "plaintext"), "KMS.0212");
    VERIFY_ERROR(m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, QByteArray(256, '\x01')),
        "KMS.0212");
}

// ---------------------------------------------------------------------------------------------
// Keys and handles

void TestPublicKeyCrypto::symmetricKeysRefused()
{
    // A symmetric key is "not an asymmetric key" (KMS.0214), as for publicKeyPem.
    const HsmKey &key = m_keys.at(KeySpec::Aes256);
    VERIFY_ERROR(m_hsm->sign(key.ref, key.handle, SignAlgorithm::EcdsaSha256, QByteArray(32, 'd')),
        "KMS.0214");
    VERIFY_ERROR(m_hsm->asymmetricDecrypt(
                     key.ref, key.handle, AsymmetricAlgorithm::RsaOaepSha256, QByteArray(256, 'c')),
        "KMS.0214");
    const KeyRef sm4 { QStringLiteral("cmk-sm4"), QStringLiteral("ver-0001"), KeySpec::Sm4_128 };
    const auto handle = m_hsm->generateKey(sm4);
    VERIFY_OK(handle);
    VERIFY_ERROR(m_hsm->sign(sm4, *handle, SignAlgorithm::Sm2Dsa, QByteArray(32, 'd')), "KMS.0214");
    VERIFY_ERROR(
        m_hsm->asymmetricDecrypt(sm4, *handle, AsymmetricAlgorithm::Sm2Pke, QByteArray(120, 'c')),
        "KMS.0214");
}

void TestPublicKeyCrypto::handleBoundToItsVersion()
{
    const HsmKey &key = m_keys.at(KeySpec::EcSm2);
    KeyRef otherVersion = key.ref;
    otherVersion.versionId = QStringLiteral("ver-0002");
    VERIFY_ERROR(m_hsm->sign(otherVersion, key.handle, SignAlgorithm::Sm2Dsa, QByteArray(32, 'd')),
        "KMS.0504");
    const auto ciphertext
        = crypto::encryptWithPublicKey(key.publicPem, AsymmetricAlgorithm::Sm2Pke, "secret");
    VERIFY_OK(ciphertext);
    VERIFY_ERROR(m_hsm->asymmetricDecrypt(
                     otherVersion, key.handle, AsymmetricAlgorithm::Sm2Pke, *ciphertext),
        "KMS.0504");
    VERIFY_ERROR(
        m_hsm->sign(key.ref, key.handle.chopped(1), SignAlgorithm::Sm2Dsa, QByteArray(32, 'd')),
        "KMS.0504");
}

void TestPublicKeyCrypto::malformedKeysRefused()
{
    const QByteArray digest(32, '\x01');
    const QByteArray pem = m_keys.at(KeySpec::EcP256).publicPem;
    const QByteArray der = pemToDer(pem);
    const QByteArray broken[] = { QByteArray(), QByteArray("not a key"), der.left(40),
        flipped(der, 3), pem.left(pem.size() / 2) };
    for (const QByteArray &key : broken) {
        VERIFY_ERROR(
            crypto::verifyDigest(key, SignAlgorithm::EcdsaSha256, digest, "sig"), "KMS.0212");
        VERIFY_ERROR(crypto::messageDigest(key, SignAlgorithm::EcdsaSha256, "m"), "KMS.0212");
        VERIFY_ERROR(crypto::sm2Digest(key, "m"), "KMS.0212");
        VERIFY_ERROR(
            crypto::encryptWithPublicKey(key, AsymmetricAlgorithm::Sm2Pke, "m"), "KMS.0212");
        VERIFY_ERROR(
            crypto::signDigest(toSecure(key), SignAlgorithm::EcdsaSha256, digest), "KMS.0212");
        VERIFY_ERROR(crypto::decryptWithPrivateKey(
                         toSecure(key), AsymmetricAlgorithm::RsaOaepSha256, QByteArray(256, 'c')),
            "KMS.0212");
    }
    // A public key is no private key.
    VERIFY_ERROR(crypto::signDigest(toSecure(der), SignAlgorithm::EcdsaSha256, digest), "KMS.0212");
}

// ---------------------------------------------------------------------------------------------
// OpenSSL CLI as the other party

void TestPublicKeyCrypto::opensslVerifiesHsmSignature_data()
{
    changedDigestOrSignatureFails_data();
}

void TestPublicKeyCrypto::opensslVerifiesHsmSignature()
{
    if (!m_haveOpenssl)
        QSKIP("no /usr/bin/openssl");
    QFETCH(SignAlgorithm, algorithm);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const QString name = signAlgorithmName(algorithm);
    const QByteArray message
        = "The quick brown fox jumps over the lazy dog, signed with " + name.toUtf8();

    const auto digest = crypto::messageDigest(key.publicPem, algorithm, message);
    VERIFY_OK(digest);
    const auto signature = m_hsm->sign(key.ref, key.handle, algorithm, *digest);
    VERIFY_OK(signature);
    const QString pub = writeFile(name + QStringLiteral("-hsm.pub.pem"), key.publicPem);
    const QString msg = writeFile(name + QStringLiteral("-hsm.msg"), message);
    const QString bad = writeFile(name + QStringLiteral("-hsm.bad"), message + '.');
    const QString sig = writeFile(name + QStringLiteral("-hsm.sig"), *signature);
    QVERIFY(!pub.isEmpty() && !msg.isEmpty() && !bad.isEmpty() && !sig.isEmpty());

    const QStringList verify = QStringList { QStringLiteral("pkeyutl"), QStringLiteral("-verify"),
        QStringLiteral("-pubin"), QStringLiteral("-inkey"), pub, QStringLiteral("-rawin"),
        QStringLiteral("-sigfile"), sig }
        + signOptions(algorithm);
    QByteArray output;
    QVERIFY(opensslSucceeds(verify + QStringList { QStringLiteral("-in"), msg }, &output));
    QVERIFY2(output.contains("Signature Verified Successfully"), output.constData());
    // OpenSSL's own check fails for another message.
    QVERIFY(openssl(verify + QStringList { QStringLiteral("-in"), bad }, &output) != 0);
    QVERIFY2(output.contains("Signature Verification Failure"), output.constData());
    if (algorithm == SignAlgorithm::Sm2Dsa) {
        // ... and for another ID: the ID is part of what the HSM signed.
        QStringList otherId = verify + QStringList { QStringLiteral("-in"), msg };
        otherId.replace(otherId.indexOf(QStringLiteral("distid:1234567812345678")),
            QStringLiteral("distid:ALICE123@YAHOO.COM"));
        QVERIFY(openssl(otherId, &output) != 0);
        QVERIFY2(output.contains("Signature Verification Failure"), output.constData());
    }
}

void TestPublicKeyCrypto::verifyDigestAcceptsOpensslSignature_data()
{
    changedDigestOrSignatureFails_data();
}

void TestPublicKeyCrypto::verifyDigestAcceptsOpensslSignature()
{
    if (!m_haveOpenssl)
        QSKIP("no /usr/bin/openssl");
    QFETCH(SignAlgorithm, algorithm);
    const OpensslKey *key = opensslKey(specOf(algorithm));
    QVERIFY2(key, "openssl genpkey failed");
    const QString name = signAlgorithmName(algorithm);
    const QByteArray message = "A message OpenSSL signs with " + name.toUtf8();
    const QString msg = writeFile(name + QStringLiteral("-openssl.msg"), message);
    const QString sigName = name + QStringLiteral("-openssl.sig");
    QVERIFY(!msg.isEmpty());

    QVERIFY(opensslSucceeds(
        QStringList { QStringLiteral("pkeyutl"), QStringLiteral("-sign"), QStringLiteral("-inkey"),
            key->privatePath, QStringLiteral("-rawin"), QStringLiteral("-in"), msg,
            QStringLiteral("-out"), m_dir.filePath(sigName) }
        + signOptions(algorithm)));
    const QByteArray signature = readFile(sigName);
    QVERIFY(!signature.isEmpty());

    const auto digest = crypto::messageDigest(key->publicPem, algorithm, message);
    VERIFY_OK(digest);
    VERIFY_SIGNATURE(crypto::verifyDigest(key->publicPem, algorithm, *digest, signature), true);
    const auto otherDigest = crypto::messageDigest(key->publicPem, algorithm, message + '.');
    VERIFY_OK(otherDigest);
    VERIFY_SIGNATURE(
        crypto::verifyDigest(key->publicPem, algorithm, *otherDigest, signature), false);

    // signDigest with OpenSSL's private key (PKCS#8 PEM) and OpenSSL verifying the result.
    QFile privateFile(key->privatePath);
    QVERIFY(privateFile.open(QIODevice::ReadOnly));
    const SecureBytes privateKey = toSecure(privateFile.readAll());
    const auto ours = crypto::signDigest(privateKey, algorithm, *digest);
    VERIFY_OK(ours);
    const QString oursPath = writeFile(name + QStringLiteral("-ours.sig"), *ours);
    QByteArray output;
    QVERIFY(opensslSucceeds(QStringList { QStringLiteral("pkeyutl"), QStringLiteral("-verify"),
                                QStringLiteral("-pubin"), QStringLiteral("-inkey"), key->publicPath,
                                QStringLiteral("-rawin"), QStringLiteral("-in"), msg,
                                QStringLiteral("-sigfile"), oursPath }
            + signOptions(algorithm),
        &output));
    QVERIFY2(output.contains("Signature Verified Successfully"), output.constData());
}

void TestPublicKeyCrypto::hsmDecryptsOpensslCiphertext_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::newRow("RSAES_OAEP_SHA_256")
        << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray(32, '\x3c');
    QTest::newRow("RSAES_OAEP_SHA_256, 190 bytes")
        << AsymmetricAlgorithm::RsaOaepSha256 << QByteArray(190, '\xc3');
    QTest::newRow("RSAES_OAEP_SHA_1") << AsymmetricAlgorithm::RsaOaepSha1 << QByteArray(32, '\x3c');
    QTest::newRow("RSAES_OAEP_SHA_1, 214 bytes")
        << AsymmetricAlgorithm::RsaOaepSha1 << QByteArray(214, '\xc3');
    QTest::newRow("SM2PKE") << AsymmetricAlgorithm::Sm2Pke << QByteArray("encryption standard");
    QTest::newRow("SM2PKE, 1000 bytes") << AsymmetricAlgorithm::Sm2Pke << QByteArray(1000, '\x00');
}

void TestPublicKeyCrypto::hsmDecryptsOpensslCiphertext()
{
    if (!m_haveOpenssl)
        QSKIP("no /usr/bin/openssl");
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(QByteArray, plaintext);
    const HsmKey &key = m_keys.at(specOf(algorithm));
    const QString name = asymmetricAlgorithmName(algorithm) + QString::number(plaintext.size());
    const QString pub = writeFile(name + QStringLiteral("-hsm.pub.pem"), key.publicPem);
    const QString in = writeFile(name + QStringLiteral(".plain"), plaintext);
    QVERIFY(!pub.isEmpty() && !in.isEmpty());

    QVERIFY(opensslSucceeds(
        QStringList { QStringLiteral("pkeyutl"), QStringLiteral("-encrypt"),
            QStringLiteral("-pubin"), QStringLiteral("-inkey"), pub, QStringLiteral("-in"), in,
            QStringLiteral("-out"), m_dir.filePath(name + QStringLiteral(".ct")) }
        + encryptOptions(algorithm)));
    const QByteArray ciphertext = readFile(name + QStringLiteral(".ct"));
    QVERIFY(!ciphertext.isEmpty());
    const auto plain = m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, ciphertext);
    VERIFY_OK(plain);
    QVERIFY(sameBytes(*plain, plaintext));
}

void TestPublicKeyCrypto::opensslDecryptsEncryptWithPublicKey_data()
{
    hsmDecryptsOpensslCiphertext_data();
}

void TestPublicKeyCrypto::opensslDecryptsEncryptWithPublicKey()
{
    if (!m_haveOpenssl)
        QSKIP("no /usr/bin/openssl");
    QFETCH(AsymmetricAlgorithm, algorithm);
    QFETCH(QByteArray, plaintext);
    const OpensslKey *key = opensslKey(specOf(algorithm));
    QVERIFY2(key, "openssl genpkey failed");
    const auto ciphertext = crypto::encryptWithPublicKey(key->publicPem, algorithm, plaintext);
    VERIFY_OK(ciphertext);
    const QString name = asymmetricAlgorithmName(algorithm) + QString::number(plaintext.size());
    const QString in = writeFile(name + QStringLiteral("-ours.ct"), *ciphertext);
    QVERIFY(!in.isEmpty());
    QVERIFY(
        opensslSucceeds(QStringList { QStringLiteral("pkeyutl"), QStringLiteral("-decrypt"),
                            QStringLiteral("-inkey"), key->privatePath, QStringLiteral("-in"), in,
                            QStringLiteral("-out"), m_dir.filePath(name + QStringLiteral(".out")) }
            + encryptOptions(algorithm)));
    QCOMPARE(readFile(name + QStringLiteral(".out")), plaintext);
}

void TestPublicKeyCrypto::encryptedPrivateKeyRefused()
{
    if (!m_haveOpenssl)
        QSKIP("no /usr/bin/openssl");
    // An encrypted PKCS#8 key is refused at once (no passphrase prompt), the same key in clear
    // is taken.
    const OpensslKey *key = opensslKey(KeySpec::EcP256);
    QVERIFY2(key, "openssl genpkey failed");
    const QString encryptedPath = m_dir.filePath(QStringLiteral("encrypted.key.pem"));
    QVERIFY(opensslSucceeds({ QStringLiteral("pkcs8"), QStringLiteral("-topk8"),
        QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"), QStringLiteral("-passout"),
        QStringLiteral("pass:secret"), QStringLiteral("-in"), key->privatePath,
        QStringLiteral("-out"), encryptedPath }));
    const QByteArray encrypted = readFile(QStringLiteral("encrypted.key.pem"));
    QVERIFY(encrypted.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    const QByteArray digest(32, '\x01');
    VERIFY_ERROR(
        crypto::signDigest(toSecure(encrypted), SignAlgorithm::EcdsaSha256, digest), "KMS.0212");
    VERIFY_ERROR(
        crypto::signDigest(toSecure(pemToDer(encrypted)), SignAlgorithm::EcdsaSha256, digest),
        "KMS.0212");
    QFile clear(key->privatePath);
    QVERIFY(clear.open(QIODevice::ReadOnly));
    VERIFY_OK(crypto::signDigest(toSecure(clear.readAll()), SignAlgorithm::EcdsaSha256, digest));
}

// ---------------------------------------------------------------------------------------------
// Decoded keys and the public key cache

SecureBytes TestPublicKeyCrypto::privateMaterial(KeySpec spec)
{
    const HsmKey &key = m_keys.at(spec);
    auto material = m_masterKey->unwrap(key.handle, SoftwareHsm::materialAad(key.ref));
    if (!material.ok())
        return {};
    return std::move(material).value();
}

void TestPublicKeyCrypto::decodedKeysSignAndVerify_data()
{
    QTest::addColumn<SignAlgorithm>("algorithm");
    for (const SignAlgorithm algorithm : { SignAlgorithm::RsaPssSha256,
             SignAlgorithm::RsaPkcs1Sha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa })
        QTest::newRow(qPrintable(signAlgorithmName(algorithm))) << algorithm;
}

void TestPublicKeyCrypto::decodedKeysSignAndVerify()
{
    // The decoded-key overloads answer what the encoded-key functions answer.
    QFETCH(SignAlgorithm, algorithm);
    const KeySpec spec = specOf(algorithm);
    const HsmKey &key = m_keys.at(spec);
    const QByteArray digest(32, '\x7e');
    auto publicKey = crypto::decodePublicKey(key.publicPem, spec);
    VERIFY_OK(publicKey);
    auto publicFromDer = crypto::decodePublicKey(pemToDer(key.publicPem), spec);
    VERIFY_OK(publicFromDer);
    auto privateKey = crypto::decodePrivateKey(privateMaterial(spec), spec);
    VERIFY_OK(privateKey);

    const auto fromEncoded = crypto::signDigest(privateMaterial(spec), algorithm, digest);
    const auto fromDecoded = crypto::signDigest(privateKey->get(), algorithm, digest);
    VERIFY_OK(fromEncoded);
    VERIFY_OK(fromDecoded);
    for (const QByteArray &signature : { *fromEncoded, *fromDecoded }) {
        VERIFY_SIGNATURE(
            crypto::verifyDigest(publicKey->get(), algorithm, digest, signature), true);
        VERIFY_SIGNATURE(
            crypto::verifyDigest(publicFromDer->get(), algorithm, digest, signature), true);
        VERIFY_SIGNATURE(crypto::verifyDigest(key.publicPem, algorithm, digest, signature), true);
        VERIFY_SIGNATURE(
            crypto::verifyDigest(publicKey->get(), algorithm, flipped(digest, 0), signature),
            false);
        VERIFY_SIGNATURE(
            crypto::verifyDigest(publicKey->get(), algorithm, digest, flipped(signature, 5)),
            false);
    }
    // The private key verifies too (it holds the public half).
    VERIFY_SIGNATURE(
        crypto::verifyDigest(privateKey->get(), algorithm, digest, *fromDecoded), true);

    VERIFY_ERROR(crypto::signDigest(privateKey->get(), algorithm, digest.left(31)), "KMS.0128");
    VERIFY_ERROR(
        crypto::verifyDigest(publicKey->get(), algorithm, digest + 'x', *fromDecoded), "KMS.0128");
    // The digest is checked first, as for an encoded key.
    VERIFY_ERROR(crypto::verifyDigest(nullptr, algorithm, QByteArray(), *fromDecoded), "KMS.0128");
}

void TestPublicKeyCrypto::decodedKeysEncryptAndDecrypt_data()
{
    QTest::addColumn<AsymmetricAlgorithm>("algorithm");
    for (const AsymmetricAlgorithm algorithm : { AsymmetricAlgorithm::RsaOaepSha256,
             AsymmetricAlgorithm::RsaOaepSha1, AsymmetricAlgorithm::Sm2Pke })
        QTest::newRow(qPrintable(asymmetricAlgorithmName(algorithm))) << algorithm;
}

void TestPublicKeyCrypto::decodedKeysEncryptAndDecrypt()
{
    QFETCH(AsymmetricAlgorithm, algorithm);
    const KeySpec spec = specOf(algorithm);
    const HsmKey &key = m_keys.at(spec);
    auto publicKey = crypto::decodePublicKey(key.publicPem, spec);
    VERIFY_OK(publicKey);
    auto privateKey = crypto::decodePrivateKey(privateMaterial(spec), spec);
    VERIFY_OK(privateKey);
    const QByteArray plaintext("a data key of 32 bytes, or so...");

    const auto byDecoded = crypto::encryptWithPublicKey(publicKey->get(), algorithm, plaintext);
    const auto byEncoded = crypto::encryptWithPublicKey(key.publicPem, algorithm, plaintext);
    VERIFY_OK(byDecoded);
    VERIFY_OK(byEncoded);
    for (const QByteArray &ciphertext : { *byDecoded, *byEncoded }) {
        auto plain = crypto::decryptWithPrivateKey(privateKey->get(), algorithm, ciphertext);
        VERIFY_OK(plain);
        QVERIFY(sameBytes(*plain, plaintext));
        auto viaHsm = m_hsm->asymmetricDecrypt(key.ref, key.handle, algorithm, ciphertext);
        VERIFY_OK(viaHsm);
        QVERIFY(sameBytes(*viaHsm, plaintext));
        VERIFY_ERROR(crypto::decryptWithPrivateKey(
                         privateKey->get(), algorithm, flipped(ciphertext, ciphertext.size() / 2)),
            "KMS.0239");
    }
    if (algorithm == AsymmetricAlgorithm::Sm2Pke) {
        VERIFY_ERROR(crypto::encryptWithPublicKey(publicKey->get(), algorithm, {}), "KMS.0128");
    } else {
        VERIFY_ERROR(
            crypto::encryptWithPublicKey(publicKey->get(), algorithm, QByteArray(215, 'p')),
            "KMS.0128");
    }
}

void TestPublicKeyCrypto::decodedKeysMustFit()
{
    const QByteArray digest(32, '\x01');
    for (const KeySpec spec : { KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcSm2 }) {
        auto publicKey = crypto::decodePublicKey(m_keys.at(spec).publicPem, spec);
        VERIFY_OK(publicKey);
        auto privateKey = crypto::decodePrivateKey(privateMaterial(spec), spec);
        VERIFY_OK(privateKey);
        for (const KeySpec other : { KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcSm2 }) {
            if (other == spec)
                continue;
            VERIFY_ERROR(crypto::decodePublicKey(m_keys.at(spec).publicPem, other), "KMS.0212");
            VERIFY_ERROR(crypto::decodePrivateKey(privateMaterial(spec), other), "KMS.0212");
            const SignAlgorithm sign = other == KeySpec::Rsa2048 ? SignAlgorithm::RsaPssSha256
                : other == KeySpec::EcP256                       ? SignAlgorithm::EcdsaSha256
                                                                 : SignAlgorithm::Sm2Dsa;
            const AsymmetricAlgorithm encrypt = other == KeySpec::EcSm2
                ? AsymmetricAlgorithm::Sm2Pke
                : AsymmetricAlgorithm::RsaOaepSha256;
            VERIFY_ERROR(crypto::signDigest(privateKey->get(), sign, digest), "KMS.0212");
            VERIFY_ERROR(crypto::verifyDigest(publicKey->get(), sign, digest, "sig"), "KMS.0212");
            if (other != KeySpec::EcP256) {
                VERIFY_ERROR(
                    crypto::encryptWithPublicKey(publicKey->get(), encrypt, "m"), "KMS.0212");
                VERIFY_ERROR(
                    crypto::decryptWithPrivateKey(privateKey->get(), encrypt, "c"), "KMS.0212");
            }
        }
    }
    VERIFY_ERROR(crypto::signDigest(nullptr, SignAlgorithm::EcdsaSha256, digest), "KMS.0212");
    VERIFY_ERROR(
        crypto::verifyDigest(nullptr, SignAlgorithm::EcdsaSha256, digest, "sig"), "KMS.0212");
    VERIFY_ERROR(
        crypto::encryptWithPublicKey(nullptr, AsymmetricAlgorithm::Sm2Pke, "m"), "KMS.0212");
    VERIFY_ERROR(
        crypto::decryptWithPrivateKey(nullptr, AsymmetricAlgorithm::Sm2Pke, "c"), "KMS.0212");
    // A public key is no private key: decoded as one, it is refused.
    VERIFY_ERROR(
        crypto::decodePrivateKey(
            SecureBytes::fromByteArray(m_keys.at(KeySpec::EcP256).publicPem), KeySpec::EcP256),
        "KMS.0212");
}

void TestPublicKeyCrypto::publicKeyCacheAnswersAsFreeFunctions_data()
{
    decodedKeysSignAndVerify_data();
}

void TestPublicKeyCrypto::publicKeyCacheAnswersAsFreeFunctions()
{
    QFETCH(SignAlgorithm, algorithm);
    const KeySpec spec = specOf(algorithm);
    const HsmKey &key = m_keys.at(spec);
    const QByteArray digest(32, '\x2c');
    const auto signature = m_hsm->sign(key.ref, key.handle, algorithm, digest);
    VERIFY_OK(signature);

    crypto::PublicKeyCache cache;
    QCOMPARE(cache.capacity(), crypto::PublicKeyCache::kDefaultCapacity);
    for (int i = 0; i < 3; ++i) {
        VERIFY_SIGNATURE(cache.verifyDigest(key.publicPem, algorithm, digest, *signature), true);
        VERIFY_SIGNATURE(
            cache.verifyDigest(key.publicPem, algorithm, flipped(digest, 31), *signature), false);
        VERIFY_SIGNATURE(
            cache.verifyDigest(key.publicPem, algorithm, digest, flipped(*signature, 0)), false);
        VERIFY_SIGNATURE(cache.verifyDigest(key.publicPem, algorithm, digest, QByteArray()), false);
    }
    QCOMPARE(cache.size(), std::size_t(1));
    // The same key in DER is another entry with the same answers.
    VERIFY_SIGNATURE(
        cache.verifyDigest(pemToDer(key.publicPem), algorithm, digest, *signature), true);
    QCOMPARE(cache.size(), std::size_t(2));

    if (spec != KeySpec::EcP256) {
        const AsymmetricAlgorithm encrypt = spec == KeySpec::EcSm2
            ? AsymmetricAlgorithm::Sm2Pke
            : AsymmetricAlgorithm::RsaOaepSha256;
        const auto ciphertext = cache.encryptWithPublicKey(key.publicPem, encrypt, "data key");
        VERIFY_OK(ciphertext);
        auto plain = m_hsm->asymmetricDecrypt(key.ref, key.handle, encrypt, *ciphertext);
        VERIFY_OK(plain);
        QVERIFY(sameBytes(*plain, "data key"));
        VERIFY_ERROR(cache.encryptWithPublicKey(
                         key.publicPem, encrypt, QByteArray(spec == KeySpec::EcSm2 ? 0 : 191, 'p')),
            "KMS.0128");
        // An encryption spec is the key's own spec: still the same entry.
        QCOMPARE(cache.size(), std::size_t(2));
    }
    cache.clear();
    QCOMPARE(cache.size(), std::size_t(0));
}

void TestPublicKeyCrypto::publicKeyCacheErrors()
{
    crypto::PublicKeyCache cache;
    const QByteArray digest(32, '\x01');
    const QByteArray pem = m_keys.at(KeySpec::EcP256).publicPem;
    const QByteArray der = pemToDer(pem);
    const QByteArray broken[] = { QByteArray(), QByteArray("not a key"), der.left(40),
        flipped(der, 3), pem.left(pem.size() / 2) };
    for (const QByteArray &key : broken) {
        for (int i = 0; i < 2; ++i) {
            VERIFY_ERROR(
                cache.verifyDigest(key, SignAlgorithm::EcdsaSha256, digest, "sig"), "KMS.0212");
            VERIFY_ERROR(
                cache.encryptWithPublicKey(key, AsymmetricAlgorithm::Sm2Pke, "m"), "KMS.0212");
            // The digest is checked before the key.
            VERIFY_ERROR(
                cache.verifyDigest(key, SignAlgorithm::EcdsaSha256, digest.left(31), "sig"),
                "KMS.0128");
        }
    }
    QCOMPARE(cache.size(), std::size_t(0));

    // A key that decodes but does not fit is not kept either; once its own spec's entry is
    // kept, another spec still does not fit.
    VERIFY_ERROR(cache.verifyDigest(pem, SignAlgorithm::Sm2Dsa, digest, "sig"), "KMS.0212");
    VERIFY_ERROR(
        cache.encryptWithPublicKey(pem, AsymmetricAlgorithm::RsaOaepSha256, "m"), "KMS.0212");
    QCOMPARE(cache.size(), std::size_t(0));
    VERIFY_SIGNATURE(cache.verifyDigest(pem, SignAlgorithm::EcdsaSha256, digest, "sig"), false);
    QCOMPARE(cache.size(), std::size_t(1));
    VERIFY_ERROR(cache.verifyDigest(pem, SignAlgorithm::Sm2Dsa, digest, "sig"), "KMS.0212");
    VERIFY_ERROR(cache.verifyDigest(pem, SignAlgorithm::RsaPkcs1Sha256, digest, "sig"), "KMS.0212");
    VERIFY_ERROR(cache.encryptWithPublicKey(pem, AsymmetricAlgorithm::Sm2Pke, "m"), "KMS.0212");
    QCOMPARE(cache.size(), std::size_t(1));
}

void TestPublicKeyCrypto::publicKeyCacheEvicts()
{
    crypto::PublicKeyCache cache(2);
    QCOMPARE(cache.capacity(), std::size_t(2));
    const QByteArray digest(32, '\x01');
    for (int round = 0; round < 2; ++round) {
        for (const SignAlgorithm algorithm :
            { SignAlgorithm::RsaPssSha256, SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
            const HsmKey &key = m_keys.at(specOf(algorithm));
            const auto signature = m_hsm->sign(key.ref, key.handle, algorithm, digest);
            VERIFY_OK(signature);
            VERIFY_SIGNATURE(
                cache.verifyDigest(key.publicPem, algorithm, digest, *signature), true);
            QVERIFY(cache.size() <= 2);
        }
    }
    QCOMPARE(cache.size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestPublicKeyCrypto)
#include "TestPublicKeyCrypto.moc"
