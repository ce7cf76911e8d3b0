// Cryptographic operations through the service: success paths, tamper resistance of the
// ciphertext blob, and every error code the operations raise, each for its real cause
// (the 5xx ones through fault injection into the HSM).
#include "FaultyHsm.h"
#include "TestHelpers.h"
#include "api/KmsService.h"
#include "crypto/CiphertextBlob.h"
#include "hsm/SoftwareHsm.h"

#include <QCryptographicHash>
#include <QTest>
#include <QUuid>

using namespace kms;
using kms::test::TestStore;

namespace {

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QByteArray unb64(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

const QString kEd = QStringLiteral("ENCRYPT/DECRYPT");
const QString kSv = QStringLiteral("SIGN/VERIFY");

} // namespace

class TestCryptoOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void encryptDecryptRoundTrip_data();
    void encryptDecryptRoundTrip();
    void blobCarriesKeyVersionAlgorithm();
    void encryptionContextIsBound();
    void everyBlobChangeIsRefused_data();
    void everyBlobChangeIsRefused();
    void anotherKeysBlobIsRefused();
    void dataKeys();
    void reEncryptSymmetric();
    void reEncryptKeepsDataKeys();
    void reEncryptFromAsymmetric();
    void signAndVerify_data();
    void signAndVerify();
    void asymmetricEncryptDecrypt_data();
    void asymmetricEncryptDecrypt();
    void publicKeyPerVersion();

    void errors_data();
    void errors();
    void decryptNeedsAnEnabledKey();
    void hsmFailures();

private:
    QString key(const QString &role) const { return m_keys.value(role); }
    QString version(const QString &role) const { return m_versions.value(role); }
    QJsonObject resolve(const QJsonObject &params) const;
    QString encryptWith(
        const QString &role, const QByteArray &plaintext, const QJsonObject &context = {});

    std::unique_ptr<TestStore> m_store;
    QHash<QString, QString> m_keys;
    QHash<QString, QString> m_versions;
};

void TestCryptoOperations::initTestCase()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    const QList<std::tuple<QString, QString, QString>> keys = {
        { "aes", "AES_256", kEd },
        { "sm4", "SM4_128", kEd },
        { "aesOff", "AES_256", kEd },
        { "rsaEnc", "RSA_2048", kEd },
        { "rsaSign", "RSA_2048", kSv },
        { "ecSign", "EC_P256", kSv },
        { "sm2Sign", "EC_SM2", kSv },
        { "sm2Enc", "EC_SM2", kEd },
        { "rsaSignOff", "RSA_2048", kSv },
    };
    for (const auto &[role, spec, usage] : keys) {
        const Response created = m_store->call(QStringLiteral("CreateKey"),
            { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                { QStringLiteral("keySpec"), spec }, { QStringLiteral("keyUsage"), usage },
                { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
        QCOMPARE_CODE(created, "0");
        const QJsonObject meta = created.data.value(QStringLiteral("keyMetadata")).toObject();
        m_keys[role] = meta.value(QStringLiteral("cmkUuid")).toString();
        m_versions[role] = meta.value(QStringLiteral("primaryKeyVersion")).toString();
    }
    for (const char *off : { "aesOff", "rsaSignOff" })
        QCOMPARE_CODE(m_store->call(QStringLiteral("DisableKey"),
                          { { QStringLiteral("cmkUuid"), key(QLatin1String(off)) } }),
            "0");
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/files") },
                          { QStringLiteral("cmkUuid"), key(QStringLiteral("aes")) } }),
        "0");
    m_keys[QStringLiteral("blob")] = encryptWith(QStringLiteral("aes"), "hello");
    QVERIFY(!m_keys[QStringLiteral("blob")].isEmpty());
}

QString TestCryptoOperations::encryptWith(
    const QString &role, const QByteArray &plaintext, const QJsonObject &context)
{
    QJsonObject params { { QStringLiteral("cmkUuid"), key(role) },
        { QStringLiteral("plaintext"), b64(plaintext) } };
    if (!context.isEmpty())
        params.insert(QStringLiteral("encryptionContext"), context);
    const Response response = m_store->call(QStringLiteral("Encrypt"), params);
    return response.ok() ? response.data.value(QStringLiteral("ciphertextBlob")).toString()
                         : QString();
}

QJsonObject TestCryptoOperations::resolve(const QJsonObject &params) const
{
    QJsonObject result;
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        QJsonValue value = it.value();
        if (value.isString() && value.toString().startsWith(QLatin1Char('$'))) {
            const QString name = value.toString().mid(1);
            value = name.endsWith(QLatin1String(".v")) ? version(name.chopped(2)) : key(name);
        }
        result.insert(it.key(), value);
    }
    return result;
}

void TestCryptoOperations::encryptDecryptRoundTrip_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<int>("size");
    for (const char *role : { "aes", "sm4" }) {
        for (int size : { 1, 15, 16, 17, 1000, 4096 })
            QTest::addRow("%s %d bytes", role, size) << role << size;
    }
}

void TestCryptoOperations::encryptDecryptRoundTrip()
{
    QFETCH(QString, role);
    QFETCH(int, size);
    QByteArray plaintext(size, '\0');
    for (int i = 0; i < size; ++i)
        plaintext[i] = char(i * 7 + 3);
    const Response encrypted = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), key(role) },
            { QStringLiteral("plaintext"), b64(plaintext) } });
    QCOMPARE_CODE(encrypted, "0");
    QCOMPARE(encrypted.data.value(QStringLiteral("keyVersionId")).toString(), version(role));
    const Response decrypted = m_store->call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            encrypted.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE_CODE(decrypted, "0");
    QVERIFY(unb64(decrypted.data.value(QStringLiteral("plaintext"))) == plaintext);
    QCOMPARE(decrypted.data.value(QStringLiteral("cmkUuid")).toString(), key(role));
    QCOMPARE(decrypted.data.value(QStringLiteral("keyVersionId")).toString(), version(role));
    // Two encryptions of the same plaintext differ (fresh IV each time).
    const Response again = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), key(role) },
            { QStringLiteral("plaintext"), b64(plaintext) } });
    QVERIFY(again.data.value(QStringLiteral("ciphertextBlob"))
        != encrypted.data.value(QStringLiteral("ciphertextBlob")));
}

void TestCryptoOperations::blobCarriesKeyVersionAlgorithm()
{
    for (const char *role : { "aes", "sm4" }) {
        const QByteArray bytes = unb64(encryptWith(QLatin1String(role), "0123456789"));
        const auto blob = CiphertextBlob::parse(bytes);
        QVERIFY(blob.has_value());
        QCOMPARE(quint8(bytes.at(0)), quint8(1));
        QCOMPARE(blob->kind, CiphertextBlob::Kind::Data);
        QCOMPARE(blob->cmkUuid, key(QLatin1String(role)));
        QCOMPARE(blob->keyVersionId, version(QLatin1String(role)));
        const bool aes = QLatin1String(role) == QLatin1String("aes");
        QCOMPARE(blob->algorithm,
            aes ? CiphertextBlob::Algorithm::Aes256Gcm : CiphertextBlob::Algorithm::Sm4CtrHmacSm3);
        QCOMPARE(blob->iv.size(), aes ? 12 : 16);
        QCOMPARE(blob->tag.size(), aes ? 16 : 32);
        QCOMPARE(blob->ciphertext.size(), 10);
        QCOMPARE(bytes.size(), 35 + 1 + blob->iv.size() + 1 + blob->tag.size() + 10);
    }
    // The alias works in place of the key id.
    const Response byAlias = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), QStringLiteral("alias/files") },
            { QStringLiteral("plaintext"), b64("x") } });
    QCOMPARE_CODE(byAlias, "0");
    QCOMPARE(byAlias.data.value(QStringLiteral("cmkUuid")).toString(), key(QStringLiteral("aes")));
}

void TestCryptoOperations::encryptionContextIsBound()
{
    const QJsonObject context { { QStringLiteral("file"), QStringLiteral("payroll.csv") },
        { QStringLiteral("部门"), QStringLiteral("财务") } };
    const QString blob = encryptWith(QStringLiteral("sm4"), "salaries", context);
    QVERIFY(!blob.isEmpty());
    auto decrypt = [&](const QJsonValue &ctx) {
        QJsonObject params { { QStringLiteral("ciphertextBlob"), blob } };
        if (!ctx.isUndefined())
            params.insert(QStringLiteral("encryptionContext"), ctx);
        return m_store->call(QStringLiteral("Decrypt"), params);
    };
    QCOMPARE_CODE(decrypt(context), "0");
    // Key order does not matter: the context is canonicalised.
    QCOMPARE_CODE(decrypt(QJsonObject { { QStringLiteral("部门"), QStringLiteral("财务") },
                      { QStringLiteral("file"), QStringLiteral("payroll.csv") } }),
        "0");
    QCOMPARE_CODE(decrypt(QJsonValue::Undefined), "KMS.0219");
    QCOMPARE_CODE(
        decrypt(QJsonObject { { QStringLiteral("file"), QStringLiteral("payroll.csv") } }),
        "KMS.0219");
    QCOMPARE_CODE(decrypt(QJsonObject { { QStringLiteral("file"), QStringLiteral("other.csv") },
                      { QStringLiteral("部门"), QStringLiteral("财务") } }),
        "KMS.0219");
    QCOMPARE_CODE(decrypt(QJsonObject { { QStringLiteral("file"), 1 } }), "KMS.0128");
}

void TestCryptoOperations::everyBlobChangeIsRefused_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("dataKey");
    QTest::newRow("AES data") << "aes" << false;
    QTest::newRow("SM4 data") << "sm4" << false;
    QTest::newRow("AES data key") << "aes" << true;
    QTest::newRow("SM4 data key") << "sm4" << true;
}

void TestCryptoOperations::everyBlobChangeIsRefused()
{
    QFETCH(QString, role);
    QFETCH(bool, dataKey);
    QByteArray blob;
    if (dataKey) {
        const Response made = m_store->call(QStringLiteral("GenerateDataKeyWithoutPlaintext"),
            { { QStringLiteral("cmkUuid"), key(role) }, { QStringLiteral("numberOfBytes"), 8 } });
        QCOMPARE_CODE(made, "0");
        blob = unb64(made.data.value(QStringLiteral("ciphertextBlob")));
    } else {
        blob = unb64(encryptWith(role, "attack at dawn"));
    }
    QVERIFY(!blob.isEmpty());
    const char *expected = dataKey ? "KMS.0247" : "KMS.0219";
    int refused = 0;
    // Every single-bit flip...
    for (qsizetype i = 0; i < blob.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            QByteArray changed = blob;
            changed[i] = char(changed.at(i) ^ (1 << bit));
            const Response response = m_store->call(
                QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), b64(changed) } });
            // A flip in the first three bytes (format version, kind, algorithm) makes a blob
            // that no longer says what it is: then it is "Wrong ciphertext" whatever it was.
            QVERIFY2(!response.ok(), qPrintable(QStringLiteral("byte %1 bit %2").arg(i).arg(bit)));
            QVERIFY2(response.code == QLatin1String(expected)
                    || (i <= 2 && response.code.startsWith(QLatin1String("KMS.02"))),
                qPrintable(
                    QStringLiteral("byte %1 bit %2: %3").arg(i).arg(bit).arg(response.code)));
            ++refused;
        }
    }
    // ... and every truncation.
    for (qsizetype length = 0; length < blob.size(); ++length) {
        const Response response = m_store->call(QStringLiteral("Decrypt"),
            { { QStringLiteral("ciphertextBlob"), b64(blob.left(length)) } });
        QVERIFY(!response.ok());
        QVERIFY(response.code == QLatin1String("KMS.0219")
            || response.code == QLatin1String(expected)
            || (length == 0 && response.code == QLatin1String("KMS.0108")));
        ++refused;
    }
    // Appended bytes too.
    QVERIFY(!m_store
                 ->call(QStringLiteral("Decrypt"),
                     { { QStringLiteral("ciphertextBlob"), b64(blob + 'x') } })
                 .ok());
    qInfo("%d changed blobs refused", refused);
}

void TestCryptoOperations::anotherKeysBlobIsRefused()
{
    // A blob of the AES key relabelled with the other AES key's id (and version).
    const QByteArray blob = unb64(encryptWith(QStringLiteral("aes"), "secret"));
    auto parsed = CiphertextBlob::parse(blob);
    QVERIFY(parsed.has_value());
    const QString other = m_store->createKey();
    QVERIFY(!other.isEmpty());
    const Response described
        = m_store->call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), other } });
    parsed->cmkUuid = other;
    parsed->keyVersionId = described.data.value(QStringLiteral("keyMetadata"))
                               .toObject()
                               .value(QStringLiteral("primaryKeyVersion"))
                               .toString();
    QCOMPARE_CODE(m_store->call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"), b64(*parsed->serialize()) } }),
        "KMS.0219");
    // An AES blob relabelled as SM4, and a blob naming a key that does not exist.
    parsed = CiphertextBlob::parse(blob);
    parsed->cmkUuid = key(QStringLiteral("sm4"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"), b64(*parsed->serialize()) } }),
        "KMS.0219");
    parsed->cmkUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QCOMPARE_CODE(m_store->call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"), b64(*parsed->serialize()) } }),
        "KMS.0219");
}

void TestCryptoOperations::dataKeys()
{
    const QList<std::pair<QJsonObject, int>> requests = {
        { { { QStringLiteral("keySpec"), QStringLiteral("AES_256") } }, 32 },
        { { { QStringLiteral("keySpec"), QStringLiteral("AES_128") } }, 16 },
        { { { QStringLiteral("keySpec"), QStringLiteral("SM4_128") } }, 16 },
        { { { QStringLiteral("numberOfBytes"), 1 } }, 1 },
        { { { QStringLiteral("numberOfBytes"), 1024 } }, 1024 },
    };
    for (const auto &[request, length] : requests) {
        QJsonObject params = request;
        params.insert(QStringLiteral("cmkUuid"), key(QStringLiteral("sm4")));
        params.insert(QStringLiteral("encryptionContext"),
            QJsonObject { { QStringLiteral("purpose"), QStringLiteral("backup") } });
        const Response made = m_store->call(QStringLiteral("GenerateDataKey"), params);
        QCOMPARE_CODE(made, "0");
        const QByteArray plaintext = unb64(made.data.value(QStringLiteral("plaintext")));
        QCOMPARE(plaintext.size(), length);
        const Response opened = m_store->call(QStringLiteral("Decrypt"),
            { { QStringLiteral("ciphertextBlob"),
                  made.data.value(QStringLiteral("ciphertextBlob")) },
                { QStringLiteral("encryptionContext"),
                    QJsonObject { { QStringLiteral("purpose"), QStringLiteral("backup") } } } });
        QCOMPARE_CODE(opened, "0");
        QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == plaintext);
        const auto blob
            = CiphertextBlob::parse(unb64(made.data.value(QStringLiteral("ciphertextBlob"))));
        QCOMPARE(blob->kind, CiphertextBlob::Kind::DataKey);
    }
    const Response without = m_store->call(QStringLiteral("GenerateDataKeyWithoutPlaintext"),
        { { QStringLiteral("cmkUuid"), key(QStringLiteral("aes")) },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") } });
    QCOMPARE_CODE(without, "0");
    QVERIFY(!without.data.contains(QStringLiteral("plaintext")));
    QVERIFY(!without.data.value(QStringLiteral("ciphertextBlob")).toString().isEmpty());
}

void TestCryptoOperations::reEncryptSymmetric()
{
    const QJsonObject source { { QStringLiteral("a"), QStringLiteral("1") } };
    const QJsonObject destination { { QStringLiteral("b"), QStringLiteral("2") } };
    const QString blob = encryptWith(QStringLiteral("aes"), "move me", source);
    const Response moved = m_store->call(QStringLiteral("ReEncrypt"),
        { { QStringLiteral("ciphertextBlob"), blob },
            { QStringLiteral("sourceEncryptionContext"), source },
            { QStringLiteral("destinationCmkUuid"), key(QStringLiteral("sm4")) },
            { QStringLiteral("destinationEncryptionContext"), destination } });
    QCOMPARE_CODE(moved, "0");
    QVERIFY(!moved.data.contains(QStringLiteral("plaintext")));
    QCOMPARE(moved.data.value(QStringLiteral("cmkUuid")).toString(), key(QStringLiteral("sm4")));
    QCOMPARE(
        moved.data.value(QStringLiteral("sourceCmkUuid")).toString(), key(QStringLiteral("aes")));
    const Response opened = m_store->call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"), moved.data.value(QStringLiteral("ciphertextBlob")) },
            { QStringLiteral("encryptionContext"), destination } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == "move me");
}

void TestCryptoOperations::reEncryptKeepsDataKeys()
{
    const Response made = m_store->call(QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), key(QStringLiteral("aes")) },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") } });
    QCOMPARE_CODE(made, "0");
    const Response moved = m_store->call(QStringLiteral("ReEncrypt"),
        { { QStringLiteral("ciphertextBlob"), made.data.value(QStringLiteral("ciphertextBlob")) },
            { QStringLiteral("destinationCmkUuid"), key(QStringLiteral("sm4")) } });
    QCOMPARE_CODE(moved, "0");
    const QByteArray blob = unb64(moved.data.value(QStringLiteral("ciphertextBlob")));
    const auto parsed = CiphertextBlob::parse(blob);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->kind, CiphertextBlob::Kind::DataKey);
    const Response opened = m_store->call(
        QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), b64(blob) } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(opened.data.value(QStringLiteral("plaintext"))
        == made.data.value(QStringLiteral("plaintext")));
    // A changed re-encrypted data key is refused as a data-key ciphertext.
    QByteArray changed = blob;
    changed[changed.size() - 1] = char(changed.at(changed.size() - 1) ^ 0x01);
    QCOMPARE_CODE(m_store->call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"), b64(changed) } }),
        "KMS.0247");
}

void TestCryptoOperations::reEncryptFromAsymmetric()
{
    const Response sealed = m_store->call(QStringLiteral("AsymmetricEncrypt"),
        { { QStringLiteral("cmkUuid"), key(QStringLiteral("rsaEnc")) },
            { QStringLiteral("keyVersionId"), version(QStringLiteral("rsaEnc")) },
            { QStringLiteral("algorithm"), QStringLiteral("RSAES_OAEP_SHA_256") },
            { QStringLiteral("plaintext"), b64("wrapped secret") } });
    QCOMPARE_CODE(sealed, "0");
    const Response moved = m_store->call(QStringLiteral("ReEncrypt"),
        { { QStringLiteral("ciphertextBlob"), sealed.data.value(QStringLiteral("ciphertextBlob")) },
            { QStringLiteral("sourceCmkUuid"), key(QStringLiteral("rsaEnc")) },
            { QStringLiteral("sourceKeyVersionId"), version(QStringLiteral("rsaEnc")) },
            { QStringLiteral("sourceEncryptionAlgorithm"), QStringLiteral("RSAES_OAEP_SHA_256") },
            { QStringLiteral("destinationCmkUuid"), QStringLiteral("alias/files") } });
    QCOMPARE_CODE(moved, "0");
    const Response opened = m_store->call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            moved.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == "wrapped secret");
}

void TestCryptoOperations::signAndVerify_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RSA_PSS_SHA_256") << "rsaSign"
                                     << "RSA_PSS_SHA_256";
    QTest::newRow("RSA_PKCS1_SHA_256") << "rsaSign"
                                       << "RSA_PKCS1_SHA_256";
    QTest::newRow("ECDSA_SHA_256") << "ecSign"
                                   << "ECDSA_SHA_256";
    QTest::newRow("SM2DSA") << "sm2Sign"
                            << "SM2DSA";
}

void TestCryptoOperations::signAndVerify()
{
    QFETCH(QString, role);
    QFETCH(QString, algorithm);
    const QByteArray digest = sha256("the message");
    QJsonObject params { { QStringLiteral("cmkUuid"), key(role) },
        { QStringLiteral("keyVersionId"), version(role) },
        { QStringLiteral("algorithm"), algorithm }, { QStringLiteral("digest"), b64(digest) } };
    const Response signed_ = m_store->call(QStringLiteral("AsymmetricSign"), params);
    QCOMPARE_CODE(signed_, "0");
    const QByteArray signature = unb64(signed_.data.value(QStringLiteral("value")));
    QVERIFY(!signature.isEmpty());
    params.insert(QStringLiteral("value"), b64(signature));
    Response verified = m_store->call(QStringLiteral("AsymmetricVerify"), params);
    QCOMPARE_CODE(verified, "0");
    QCOMPARE(verified.data.value(QStringLiteral("valid")).toBool(), true);
    // Another digest, or a changed signature, does not verify (an answer, not an error).
    params.insert(QStringLiteral("digest"), b64(sha256("another message")));
    verified = m_store->call(QStringLiteral("AsymmetricVerify"), params);
    QCOMPARE_CODE(verified, "0");
    QCOMPARE(verified.data.value(QStringLiteral("valid")).toBool(), false);
    QByteArray changed = signature;
    changed[changed.size() / 2] = char(changed.at(changed.size() / 2) ^ 0x01);
    params.insert(QStringLiteral("digest"), b64(digest));
    params.insert(QStringLiteral("value"), b64(changed));
    verified = m_store->call(QStringLiteral("AsymmetricVerify"), params);
    QCOMPARE_CODE(verified, "0");
    QCOMPARE(verified.data.value(QStringLiteral("valid")).toBool(), false);
}

void TestCryptoOperations::asymmetricEncryptDecrypt_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RSAES_OAEP_SHA_256") << "rsaEnc"
                                        << "RSAES_OAEP_SHA_256";
    QTest::newRow("RSAES_OAEP_SHA_1") << "rsaEnc"
                                      << "RSAES_OAEP_SHA_1";
    QTest::newRow("SM2PKE") << "sm2Enc"
                            << "SM2PKE";
}

void TestCryptoOperations::asymmetricEncryptDecrypt()
{
    QFETCH(QString, role);
    QFETCH(QString, algorithm);
    const QByteArray plaintext = "a 32-byte key for the other side";
    const QJsonObject base { { QStringLiteral("cmkUuid"), key(role) },
        { QStringLiteral("keyVersionId"), version(role) },
        { QStringLiteral("algorithm"), algorithm } };
    QJsonObject params = base;
    params.insert(QStringLiteral("plaintext"), b64(plaintext));
    const Response sealed = m_store->call(QStringLiteral("AsymmetricEncrypt"), params);
    QCOMPARE_CODE(sealed, "0");
    params = base;
    params.insert(
        QStringLiteral("ciphertextBlob"), sealed.data.value(QStringLiteral("ciphertextBlob")));
    const Response opened = m_store->call(QStringLiteral("AsymmetricDecrypt"), params);
    QCOMPARE_CODE(opened, "0");
    QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == plaintext);
}

void TestCryptoOperations::publicKeyPerVersion()
{
    for (const char *role : { "rsaEnc", "rsaSign", "ecSign", "sm2Sign", "sm2Enc" }) {
        const Response response = m_store->call(QStringLiteral("GetPublicKey"),
            { { QStringLiteral("cmkUuid"), key(QLatin1String(role)) },
                { QStringLiteral("keyVersionId"), version(QLatin1String(role)) } });
        QCOMPARE_CODE(response, "0");
        QVERIFY(response.data.value(QStringLiteral("publicKey"))
                    .toString()
                    .startsWith(QLatin1String("-----BEGIN PUBLIC KEY-----")));
    }
    QCOMPARE_CODE(m_store->call(QStringLiteral("GetPublicKey"),
                      { { QStringLiteral("cmkUuid"), key(QStringLiteral("rsaEnc")) },
                          { QStringLiteral("keyVersionId"), version(QStringLiteral("rsaSign")) } }),
        "KMS.0301");
}

void TestCryptoOperations::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    const QString digest = b64(sha256("m"));
    const QString pt = b64("plaintext");

    // Missing parameters.
    QTest::newRow("KMS.0104 digest missing")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaSign" }, { "keyVersionId", "$rsaSign.v" },
               { "algorithm", "RSA_PSS_SHA_256" } }
        << "KMS.0104";
    QTest::newRow("KMS.0105 version missing")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaSign" }, { "algorithm", "RSA_PSS_SHA_256" },
               { "digest", digest } }
        << "KMS.0105";
    QTest::newRow("KMS.0105 public key version missing")
        << "GetPublicKey" << QJsonObject { { "cmkUuid", "$ecSign" } } << "KMS.0105";
    QTest::newRow("KMS.0106 sign algorithm missing")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaSign" }, { "keyVersionId", "$rsaSign.v" },
               { "digest", digest } }
        << "KMS.0106";
    QTest::newRow("KMS.0107 plaintext missing")
        << "Encrypt" << QJsonObject { { "cmkUuid", "$aes" } } << "KMS.0107";
    QTest::newRow("KMS.0107 plaintext empty")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "algorithm", "RSAES_OAEP_SHA_256" }, { "plaintext", "" } }
        << "KMS.0107";
    QTest::newRow("KMS.0108 blob missing") << "Decrypt" << QJsonObject() << "KMS.0108";
    QTest::newRow("KMS.0108 re-encrypt blob missing")
        << "ReEncrypt" << QJsonObject { { "destinationCmkUuid", "$sm4" } } << "KMS.0108";
    QTest::newRow("KMS.0109 destination missing")
        << "ReEncrypt" << QJsonObject { { "ciphertextBlob", "$blob" } } << "KMS.0109";
    QTest::newRow("KMS.0110 asymmetric source key missing")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "destinationCmkUuid", "$aes" } }
        << "KMS.0110";
    QTest::newRow("KMS.0111 asymmetric source version missing")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "sourceCmkUuid", "$rsaEnc" }, { "destinationCmkUuid", "$aes" } }
        << "KMS.0111";
    QTest::newRow("KMS.0112 destination empty")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", "$blob" }, { "destinationCmkUuid", "" } }
        << "KMS.0112";
    QTest::newRow("KMS.0114 algorithm missing")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "plaintext", pt } }
        << "KMS.0114";
    QTest::newRow("KMS.0114 source algorithm missing")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "sourceCmkUuid", "$rsaEnc" }, { "sourceKeyVersionId", "$rsaEnc.v" },
               { "destinationCmkUuid", "$aes" } }
        << "KMS.0114";
    QTest::newRow("KMS.0125 signature missing")
        << "AsymmetricVerify"
        << QJsonObject { { "cmkUuid", "$ecSign" }, { "keyVersionId", "$ecSign.v" },
               { "algorithm", "ECDSA_SHA_256" }, { "digest", digest } }
        << "KMS.0125";
    QTest::newRow("KMS.0126 data key size missing")
        << "GenerateDataKey" << QJsonObject { { "cmkUuid", "$aes" } } << "KMS.0126";

    // Key kind, usage and state.
    QTest::newRow("KMS.0204 sign with an encryption key")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "algorithm", "RSA_PSS_SHA_256" }, { "digest", digest } }
        << "KMS.0204";
    QTest::newRow("KMS.0205 encrypt with a signing key")
        << "Encrypt" << QJsonObject { { "cmkUuid", "$rsaSign" }, { "plaintext", pt } }
        << "KMS.0205";
    QTest::newRow("KMS.0205 asymmetric encrypt with a signing key")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$sm2Sign" }, { "keyVersionId", "$sm2Sign.v" },
               { "algorithm", "SM2PKE" }, { "plaintext", pt } }
        << "KMS.0205";
    QTest::newRow("KMS.0206 encrypt with a disabled key")
        << "Encrypt" << QJsonObject { { "cmkUuid", "$aesOff" }, { "plaintext", pt } } << "KMS.0206";
    QTest::newRow("KMS.0206 data key from a disabled key")
        << "GenerateDataKey" << QJsonObject { { "cmkUuid", "$aesOff" }, { "numberOfBytes", 32 } }
        << "KMS.0206";
    QTest::newRow("KMS.0206 sign with a disabled key")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaSignOff" }, { "keyVersionId", "$rsaSignOff.v" },
               { "algorithm", "RSA_PSS_SHA_256" }, { "digest", digest } }
        << "KMS.0206";
    QTest::newRow("KMS.0212 algorithm of another spec")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$rsaSign" }, { "keyVersionId", "$rsaSign.v" },
               { "algorithm", "ECDSA_SHA_256" }, { "digest", digest } }
        << "KMS.0212";
    QTest::newRow("KMS.0212 unknown sign algorithm")
        << "AsymmetricVerify"
        << QJsonObject { { "cmkUuid", "$ecSign" }, { "keyVersionId", "$ecSign.v" },
               { "algorithm", "ECDSA_SHA_512" }, { "digest", digest }, { "value", digest } }
        << "KMS.0212";
    QTest::newRow("KMS.0212 SM2PKE with RSA")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "algorithm", "SM2PKE" }, { "plaintext", pt } }
        << "KMS.0212";
    QTest::newRow("KMS.0213 encrypt with an RSA key")
        << "Encrypt" << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "plaintext", pt } } << "KMS.0213";
    QTest::newRow("KMS.0214 public key of AES")
        << "GetPublicKey" << QJsonObject { { "cmkUuid", "$aes" }, { "keyVersionId", "$aes.v" } }
        << "KMS.0214";
    QTest::newRow("KMS.0214 asymmetric encrypt with AES")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$aes" }, { "keyVersionId", "$aes.v" },
               { "algorithm", "RSAES_OAEP_SHA_256" }, { "plaintext", pt } }
        << "KMS.0214";
    QTest::newRow("KMS.0214 symmetric source of an RSA ciphertext")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "sourceCmkUuid", "$aes" }, { "destinationCmkUuid", "$sm4" } }
        << "KMS.0214";
    QTest::newRow("KMS.0232 sign with AES")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$aes" }, { "keyVersionId", "$aes.v" },
               { "algorithm", "RSA_PSS_SHA_256" }, { "digest", digest } }
        << "KMS.0232";
    QTest::newRow("KMS.0244 re-encrypt to RSA")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", "$blob" }, { "destinationCmkUuid", "$rsaEnc" } }
        << "KMS.0244";
    QTest::newRow("KMS.0246 re-encrypt to a disabled key")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", "$blob" }, { "destinationCmkUuid", "$aesOff" } }
        << "KMS.0246";
    QTest::newRow("KMS.0250 data key from RSA")
        << "GenerateDataKey" << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keySpec", "AES_256" } }
        << "KMS.0250";
    QTest::newRow("KMS.0251 OAEP with SM2")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$sm2Enc" }, { "keyVersionId", "$sm2Enc.v" },
               { "algorithm", "RSAES_OAEP_SHA_256" }, { "plaintext", pt } }
        << "KMS.0251";

    // Values.
    QTest::newRow("KMS.0128 digest of another length")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$ecSign" }, { "keyVersionId", "$ecSign.v" },
               { "algorithm", "ECDSA_SHA_256" }, { "digest", b64("short") } }
        << "KMS.0128";
    QTest::newRow("KMS.0128 data key too long")
        << "GenerateDataKey" << QJsonObject { { "cmkUuid", "$aes" }, { "numberOfBytes", 1025 } }
        << "KMS.0128";
    QTest::newRow("KMS.0227 data key spec")
        << "GenerateDataKey" << QJsonObject { { "cmkUuid", "$aes" }, { "keySpec", "AES_192" } }
        << "KMS.0227";
    QTest::newRow("KMS.0219 blob not base64")
        << "Decrypt" << QJsonObject { { "ciphertextBlob", "%%%" } } << "KMS.0219";
    QTest::newRow("KMS.0219 blob garbage")
        << "Decrypt" << QJsonObject { { "ciphertextBlob", b64("garbage, not a blob") } }
        << "KMS.0219";
    QTest::newRow("KMS.0239 asymmetric garbage")
        << "AsymmetricDecrypt"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "algorithm", "RSAES_OAEP_SHA_256" },
               { "ciphertextBlob", b64(QByteArray(256, 'c')) } }
        << "KMS.0239";
    QTest::newRow("KMS.0239 SM2 garbage")
        << "AsymmetricDecrypt"
        << QJsonObject { { "cmkUuid", "$sm2Enc" }, { "keyVersionId", "$sm2Enc.v" },
               { "algorithm", "SM2PKE" }, { "ciphertextBlob", b64(QByteArray(120, 'c')) } }
        << "KMS.0239";
    QTest::newRow("KMS.0239 re-encrypt asymmetric garbage")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "sourceCmkUuid", "$rsaEnc" }, { "sourceKeyVersionId", "$rsaEnc.v" },
               { "sourceEncryptionAlgorithm", "RSAES_OAEP_SHA_1" },
               { "destinationCmkUuid", "$aes" } }
        << "KMS.0239";
    QTest::newRow("KMS.0249 plaintext too long")
        << "Encrypt"
        << QJsonObject { { "cmkUuid", "$aes" }, { "plaintext", b64(QByteArray(4097, 'p')) } }
        << "KMS.0249";
    QTest::newRow("KMS.0252 plaintext not base64")
        << "Encrypt" << QJsonObject { { "cmkUuid", "$aes" }, { "plaintext", "not base64!" } }
        << "KMS.0252";
    QTest::newRow("KMS.0252 asymmetric plaintext not base64")
        << "AsymmetricEncrypt"
        << QJsonObject { { "cmkUuid", "$rsaEnc" }, { "keyVersionId", "$rsaEnc.v" },
               { "algorithm", "RSAES_OAEP_SHA_256" }, { "plaintext", "ab=c" } }
        << "KMS.0252";

    // Not found.
    QTest::newRow("KMS.0301 unknown version")
        << "AsymmetricSign"
        << QJsonObject { { "cmkUuid", "$ecSign" }, { "keyVersionId", "$rsaSign.v" },
               { "algorithm", "ECDSA_SHA_256" }, { "digest", digest } }
        << "KMS.0301";
    QTest::newRow("KMS.0305 destination id unknown")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", "$blob" },
               { "destinationCmkUuid", "7d0b8ad8-8c0e-4a4e-9a0e-1e7d2f3c4b5a" } }
        << "KMS.0305";
    QTest::newRow("KMS.0307 destination alias unknown")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", "$blob" }, { "destinationCmkUuid", "alias/nowhere" } }
        << "KMS.0307";
    QTest::newRow("KMS.0308 source key unknown")
        << "ReEncrypt"
        << QJsonObject { { "ciphertextBlob", b64(QByteArray(256, 'c')) },
               { "sourceCmkUuid", "7d0b8ad8-8c0e-4a4e-9a0e-1e7d2f3c4b5a" },
               { "destinationCmkUuid", "$aes" } }
        << "KMS.0308";
}

void TestCryptoOperations::errors()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    const QString before = m_store->snapshot();
    const Response response = m_store->call(action, resolve(params));
    QCOMPARE_CODE(response, qPrintable(code));
    QVERIFY(response.data.isEmpty());
    QCOMPARE(m_store->snapshot(), before);
}

void TestCryptoOperations::decryptNeedsAnEnabledKey()
{
    const QString id = m_store->createKey(QStringLiteral("SM4_128"));
    const Response encrypted = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("x") } });
    QCOMPARE_CODE(encrypted, "0");
    const QString blob = encrypted.data.value(QStringLiteral("ciphertextBlob")).toString();
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), id } }), "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob } }),
        "KMS.0306");
    QCOMPARE_CODE(m_store->call(QStringLiteral("ReEncrypt"),
                      { { QStringLiteral("ciphertextBlob"), blob },
                          { QStringLiteral("destinationCmkUuid"), key(QStringLiteral("aes")) } }),
        "KMS.0306");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("EnableKey"), { { QStringLiteral("cmkUuid"), id } }), "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob } }),
        "0");
}

void TestCryptoOperations::hsmFailures()
{
    hsm::SoftwareHsm software(m_store->session().masterKey());
    test::FaultyHsm faulty(software);
    test::SingleHsmProvider provider(faulty);
    SystemClock clock;
    KmsService service(m_store->session().store(), provider, m_store->session().masterKey(), clock,
        QStringLiteral("test-officer"));
    using Fault = test::FaultyHsm::Fault;
    const QJsonObject encrypt { { QStringLiteral("cmkUuid"), key(QStringLiteral("aes")) },
        { QStringLiteral("plaintext"), b64("x") } };
    const QJsonObject dataKey { { QStringLiteral("cmkUuid"), key(QStringLiteral("aes")) },
        { QStringLiteral("keySpec"), QStringLiteral("AES_256") } };
    const Response made = service.call(QStringLiteral("GenerateDataKeyWithoutPlaintext"), dataKey);
    QCOMPARE_CODE(made, "0");
    const QJsonObject decryptDataKey { { QStringLiteral("ciphertextBlob"),
        made.data.value(QStringLiteral("ciphertextBlob")) } };
    const QJsonObject sign { { QStringLiteral("cmkUuid"), key(QStringLiteral("ecSign")) },
        { QStringLiteral("keyVersionId"), version(QStringLiteral("ecSign")) },
        { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
        { QStringLiteral("digest"), b64(sha256("m")) } };

    const QList<std::tuple<Fault, QString, QJsonObject, const char *>> cases = {
        { Fault::UnwrapKey, QStringLiteral("Encrypt"), encrypt, "KMS.0504" },
        { Fault::UnwrapKey, QStringLiteral("AsymmetricSign"), sign, "KMS.0504" },
        { Fault::UnwrapKey, QStringLiteral("Decrypt"), decryptDataKey, "KMS.0513" },
        { Fault::Random, QStringLiteral("GenerateDataKey"), dataKey, "KMS.0511" },
        { Fault::Encrypt, QStringLiteral("GenerateDataKey"), dataKey, "KMS.0512" },
        { Fault::Encrypt, QStringLiteral("Encrypt"), encrypt, "KMS.0514" },
        { Fault::Sign, QStringLiteral("AsymmetricSign"), sign, "KMS.0514" },
    };
    const QString before = m_store->snapshot();
    for (const auto &[fault, action, params, code] : cases) {
        faulty.clear();
        faulty.inject(fault);
        QCOMPARE_CODE(service.call(action, params), code);
    }
    QCOMPARE(m_store->snapshot(), before);
    faulty.clear();
    QCOMPARE_CODE(service.call(QStringLiteral("Decrypt"), decryptDataKey), "0");
}

QTEST_GUILESS_MAIN(TestCryptoOperations)
#include "TestCryptoOperations.moc"
