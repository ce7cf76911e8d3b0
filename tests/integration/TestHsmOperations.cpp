// The KMS on a real PKCS#11 token (issue 8, point 2): a region bound to SoftHSM2 — loaded in
// the process (KMS_HSM=softhsm) or reached through `p11-kit server` and p11-kit's client module
// (KMS_HSM=p11kit) — and keys with protection level HSM on it, used through KmsService like any
// other key. What the token cannot do is decided by its measured mechanism list (HsmProbe) and
// answered with a catalog error naming the mechanism; nothing is made in software instead.
// pkcs11-tool (opensc) reads the token independently: objects are sensitive and never
// extractable, rotation adds one, deletion removes them.

#include "SoftHsmToken.h"
#include "TestHelpers.h"

#include "api/StoreBackup.h"
#include "api/StoreSession.h"
#include "jobs/Scheduler.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <memory>

using namespace kms;

namespace {

const QString kRegion = QStringLiteral("hsm-1");

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

} // namespace

class TestHsmOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void symmetricKeyOnTheToken();
    void signingKeysOnTheToken_data();
    void signingKeysOnTheToken();
    void rsaDecryptionOnTheToken();
    void smKeysAreRefused();
    void objectsAreSensitiveAndNeverExtractable();
    void rotationAddsAnObjectAndDeletionRemovesThem();
    void certificatesSignedOnTheToken_data();
    void certificatesSignedOnTheToken();
    void importedMaterialGoesToTheToken();
    void backupKeepsReferencesToTheToken();
    void withoutPinTheHsmIsUnavailable();
    void serverGoesAwayAndComesBack();

private:
    bool remote() const { return m_mode == QLatin1String("p11kit"); }
    QString modulePath() const;
    Response call(const QString &action, const QJsonObject &params);
    // Creates a key on the token; "" (and a warning) if it was refused.
    QString createKey(const QString &spec, const QString &usage, Response *answer = nullptr);
    // AsymmetricSign parameters for the key's primary version (ECDSA over a fixed digest).
    QJsonObject signParams(const QString &cmkUuid);
    // pkcs11-tool --list-objects of the token: the text, "" on failure.
    QString listObjects();
    int objectCount(const QString &cmkUuid);

    QString m_mode;
    QString m_pkcs11Tool;
    std::unique_ptr<test::SoftHsmToken> m_token;
    std::unique_ptr<test::TestStore> m_store;
    std::unique_ptr<test::TestClock> m_clock; // a fresh one per test: some move it on
    HsmProbe m_probe;
};

void TestHsmOperations::initTestCase()
{
    m_mode = qEnvironmentVariable("KMS_HSM", QStringLiteral("softhsm"));
    QVERIFY2(m_mode == QLatin1String("softhsm") || m_mode == QLatin1String("p11kit"),
        "KMS_HSM is softhsm or p11kit");
    m_pkcs11Tool = QStandardPaths::findExecutable(QStringLiteral("pkcs11-tool"));
    // A write to the socket of a stopped p11-kit server raises SIGPIPE. Pkcs11Module ignores
    // it unless a handler is installed, and Qt Test installs one: ignore it here too.
    std::signal(SIGPIPE, SIG_IGN);
}

QString TestHsmOperations::modulePath() const
{
    return QString::fromLatin1(
        remote() ? test::SoftHsmToken::kClientModule : test::SoftHsmToken::kSoftHsmModule);
}

void TestHsmOperations::init()
{
    m_token = std::make_unique<test::SoftHsmToken>();
    if (m_token->missingBinary())
        QSKIP(qPrintable(m_token->problem()));
    QVERIFY2(m_token->problem().isEmpty(), qPrintable(m_token->problem()));
    if (remote())
        QVERIFY2(m_token->startServer().isEmpty(), "p11-kit server did not start");
    m_clock = std::make_unique<test::TestClock>();
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    m_store->session().setClock(*m_clock);

    HsmConfiguration configuration;
    configuration.modulePath = modulePath();
    configuration.tokenLabel = m_token->label();
    configuration.serverAddress = remote() ? m_token->serverAddress() : QString();
    auto saved = m_store->session().saveHsmConfiguration(configuration, m_token->userPin());
    QVERIFY_RESULT(saved);
    m_probe = *saved;
    QCOMPARE(m_probe.token.label, m_token->label());
    QVERIFY_RESULT(m_store->session().addRegion(
        kRegion, QStringLiteral("SoftHSM2"), QStringLiteral("pkcs11:") + m_token->label()));
}

void TestHsmOperations::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_token.reset(); // stops the server
}

Response TestHsmOperations::call(const QString &action, const QJsonObject &params)
{
    return m_store->call(action, params);
}

QString TestHsmOperations::createKey(const QString &spec, const QString &usage, Response *answer)
{
    const Response made = call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), kRegion }, { QStringLiteral("keySpec"), spec },
            { QStringLiteral("keyUsage"), usage },
            { QStringLiteral("protectionLevel"), QStringLiteral("HSM") } });
    if (answer != nullptr)
        *answer = made;
    return made.data.value(QStringLiteral("keyMetadata"))
        .toObject()
        .value(QStringLiteral("cmkUuid"))
        .toString();
}

QJsonObject TestHsmOperations::signParams(const QString &cmkUuid)
{
    const Response described
        = call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), cmkUuid } });
    return { { QStringLiteral("cmkUuid"), cmkUuid },
        { QStringLiteral("keyVersionId"),
            described.data.value(QStringLiteral("keyMetadata"))
                .toObject()
                .value(QStringLiteral("primaryKeyVersion")) },
        { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
        { QStringLiteral("digest"), b64(sha256("m")) } };
}

QString TestHsmOperations::listObjects()
{
    if (m_pkcs11Tool.isEmpty())
        return QString();
    // In-process SoftHSM2 writes each object to the token folder at once; pkcs11-tool, another
    // process, reads the same folder through SOFTHSM2_CONF (set by the fixture).
    const test::ProcessRun run = test::runProcess(m_pkcs11Tool,
        { QStringLiteral("--module"), QString::fromLatin1(test::SoftHsmToken::kSoftHsmModule),
            QStringLiteral("--token-label"), m_token->label(), QStringLiteral("--login"),
            QStringLiteral("--pin"), m_token->userPinText(), QStringLiteral("--list-objects") });
    return run.exitCode == 0 ? QString::fromUtf8(run.out) : QString();
}

int TestHsmOperations::objectCount(const QString &cmkUuid)
{
    return int(listObjects().count(QStringLiteral("label:      kms:%1:").arg(cmkUuid)));
}

void TestHsmOperations::symmetricKeyOnTheToken()
{
    Response made;
    const QString id
        = createKey(QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), &made);
    if (!m_probe.usableKeySpecs.contains(QStringLiteral("AES_256"))) {
        // p11-kit 0.24's client cannot carry GCM parameters: refused, naming what is missing,
        // and nothing is left in the store or on the token.
        QVERIFY(id.isEmpty());
        QVERIFY2(made.code == QLatin1String("KMS.0505") || made.code == QLatin1String("KMS.0212"),
            qPrintable(made.code));
        QVERIFY2(made.detail.contains(QLatin1String("CKM_AES_GCM")), qPrintable(made.detail));
        QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys")), qint64(0));
        QVERIFY(!listObjects().contains(QLatin1String("Secret Key Object")));
        return;
    }
    QVERIFY2(!id.isEmpty(), qPrintable(made.code + QLatin1Char(' ') + made.detail));
    QCOMPARE(made.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("protectionLevel"))
                 .toString(),
        QStringLiteral("HSM"));
    const QJsonObject context { { QStringLiteral("purpose"), QStringLiteral("hsm test") } };
    const Response sealed = call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("on the token") },
            { QStringLiteral("encryptionContext"), context } });
    QCOMPARE_CODE(sealed, "0");
    const Response opened = call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"), sealed.data.value(QStringLiteral("ciphertextBlob")) },
            { QStringLiteral("encryptionContext"), context } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == "on the token");
    // Another context: the token's GCM tag check fails.
    QCOMPARE_CODE(call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          sealed.data.value(QStringLiteral("ciphertextBlob")) } }),
        "KMS.0219");

    // A data key made with the token's random generator, sealed under the token's key.
    const Response dataKey = call(QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("numberOfBytes"), 32 } });
    QCOMPARE_CODE(dataKey, "0");
    const Response dataKeyOpened = call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            dataKey.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE_CODE(dataKeyOpened, "0");
    QVERIFY(unb64(dataKeyOpened.data.value(QStringLiteral("plaintext")))
        == unb64(dataKey.data.value(QStringLiteral("plaintext"))));
}

void TestHsmOperations::signingKeysOnTheToken_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("mechanism");
    QTest::newRow("RSA_PKCS1_SHA_256") << "RSA_2048"
                                       << "RSA_PKCS1_SHA_256"
                                       << "CKM_RSA_PKCS";
    QTest::newRow("RSA_PSS_SHA_256") << "RSA_2048"
                                     << "RSA_PSS_SHA_256"
                                     << "CKM_RSA_PKCS_PSS";
    QTest::newRow("ECDSA_SHA_256") << "EC_P256"
                                   << "ECDSA_SHA_256"
                                   << "CKM_ECDSA";
}

void TestHsmOperations::signingKeysOnTheToken()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    QFETCH(QString, mechanism);
    if (!m_probe.mechanisms.contains(mechanism))
        QSKIP(qPrintable(QStringLiteral("the token lists no %1").arg(mechanism)));
    Response made;
    const QString id = createKey(spec, QStringLiteral("SIGN/VERIFY"), &made);
    QVERIFY2(!id.isEmpty(), qPrintable(made.code + QLatin1Char(' ') + made.detail));
    const QString version = made.data.value(QStringLiteral("keyMetadata"))
                                .toObject()
                                .value(QStringLiteral("primaryKeyVersion"))
                                .toString();
    const QByteArray message = "signed by the token";
    QJsonObject params { { QStringLiteral("cmkUuid"), id },
        { QStringLiteral("keyVersionId"), version }, { QStringLiteral("algorithm"), algorithm },
        { QStringLiteral("digest"), b64(sha256(message)) } };
    const Response signature = call(QStringLiteral("AsymmetricSign"), params);
    QCOMPARE_CODE(signature, "0");
    params.insert(QStringLiteral("value"), signature.data.value(QStringLiteral("value")));
    const Response verified = call(QStringLiteral("AsymmetricVerify"), params);
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());

    // The openssl CLI agrees, on the public key the token gave.
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY(!openssl.isEmpty());
    const Response publicKey = call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("keyVersionId"), version } });
    QCOMPARE_CODE(publicKey, "0");
    QTemporaryDir dir;
    const QString pem = dir.filePath(QStringLiteral("pub.pem"));
    const QString msg = dir.filePath(QStringLiteral("msg"));
    const QString sig = dir.filePath(QStringLiteral("sig"));
    QVERIFY(test::writeFile(
        pem, publicKey.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    QVERIFY(test::writeFile(msg, message));
    QVERIFY(test::writeFile(sig, unb64(signature.data.value(QStringLiteral("value")))));
    QStringList args { QStringLiteral("pkeyutl"), QStringLiteral("-verify"),
        QStringLiteral("-pubin"), QStringLiteral("-inkey"), pem, QStringLiteral("-rawin"),
        QStringLiteral("-digest"), QStringLiteral("sha256"), QStringLiteral("-in"), msg,
        QStringLiteral("-sigfile"), sig };
    if (algorithm == QLatin1String("RSA_PSS_SHA_256"))
        args << QStringLiteral("-pkeyopt") << QStringLiteral("rsa_padding_mode:pss")
             << QStringLiteral("-pkeyopt") << QStringLiteral("rsa_pss_saltlen:32");
    const test::ProcessRun run = test::runProcess(openssl, args);
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

void TestHsmOperations::rsaDecryptionOnTheToken()
{
    if (!m_probe.mechanisms.contains(QStringLiteral("CKM_RSA_PKCS_OAEP")))
        QSKIP("the token lists no CKM_RSA_PKCS_OAEP");
    Response made;
    const QString id
        = createKey(QStringLiteral("RSA_2048"), QStringLiteral("ENCRYPT/DECRYPT"), &made);
    QVERIFY2(!id.isEmpty(), qPrintable(made.code + QLatin1Char(' ') + made.detail));
    const QString version = made.data.value(QStringLiteral("keyMetadata"))
                                .toObject()
                                .value(QStringLiteral("primaryKeyVersion"))
                                .toString();
    for (const QString algorithm :
        { QStringLiteral("RSAES_OAEP_SHA_1"), QStringLiteral("RSAES_OAEP_SHA_256") }) {
        const QJsonObject base { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("keyVersionId"), version },
            { QStringLiteral("algorithm"), algorithm } };
        QJsonObject params = base;
        params.insert(QStringLiteral("plaintext"), b64("a 32-byte key for the other side"));
        const Response sealed = call(QStringLiteral("AsymmetricEncrypt"), params);
        QCOMPARE_CODE(sealed, "0"); // with the public key, outside the token
        params = base;
        params.insert(
            QStringLiteral("ciphertextBlob"), sealed.data.value(QStringLiteral("ciphertextBlob")));
        const Response opened = call(QStringLiteral("AsymmetricDecrypt"), params);
        if (opened.code == QLatin1String("0")) {
            QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext")))
                == "a 32-byte key for the other side");
        } else {
            // SoftHSM2 does OAEP with SHA-1 only (TESTING.md): the refusal names the mechanism
            // and the parameters the token refused.
            QCOMPARE(algorithm, QStringLiteral("RSAES_OAEP_SHA_256"));
            QCOMPARE(opened.code, QStringLiteral("KMS.0212"));
            QVERIFY2(opened.detail.contains(QLatin1String("CKM_RSA_PKCS_OAEP")),
                qPrintable(opened.detail));
        }
    }
}

void TestHsmOperations::smKeysAreRefused()
{
    const QString before = m_store->snapshot();
    for (const auto &[spec, usage] :
        { std::pair { QStringLiteral("SM4_128"), QStringLiteral("ENCRYPT/DECRYPT") },
            std::pair { QStringLiteral("EC_SM2"), QStringLiteral("SIGN/VERIFY") } }) {
        Response made;
        QVERIFY(createKey(spec, usage, &made).isEmpty());
        QVERIFY2(made.code == QLatin1String("KMS.0505") || made.code == QLatin1String("KMS.0227"),
            qPrintable(made.code));
        QVERIFY2(made.detail.contains(QLatin1String("SM")), qPrintable(made.detail));
    }
    QCOMPARE(m_store->snapshot(), before);
    QVERIFY(!listObjects().contains(QLatin1String("kms:")));
}

void TestHsmOperations::objectsAreSensitiveAndNeverExtractable()
{
    if (m_pkcs11Tool.isEmpty())
        QSKIP("pkcs11-tool (opensc) is not installed");
    const QString id = createKey(QStringLiteral("RSA_2048"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!id.isEmpty());
    const QString objects = listObjects();
    QVERIFY2(objects.contains(QStringLiteral("label:      kms:%1:").arg(id)), qPrintable(objects));
    // Every private or secret key object of the console: sensitive, never extractable.
    const QStringList blocks = objects.split(QRegularExpression(QStringLiteral("\\n(?=\\S)")));
    int keys = 0;
    for (const QString &block : blocks) {
        if (!block.startsWith(QLatin1String("Private Key Object"))
            && !block.startsWith(QLatin1String("Secret Key Object")))
            continue;
        ++keys;
        QVERIFY2(block.contains(QLatin1String("sensitive"))
                && block.contains(QLatin1String("never extractable")),
            qPrintable(block));
    }
    QVERIFY(keys >= 1);
}

void TestHsmOperations::rotationAddsAnObjectAndDeletionRemovesThem()
{
    if (m_pkcs11Tool.isEmpty())
        QSKIP("pkcs11-tool (opensc) is not installed");
    const bool symmetric = m_probe.usableKeySpecs.contains(QStringLiteral("AES_256"));
    // Rotation is for symmetric keys; where the token cannot hold them, deletion is still
    // shown on a signing key.
    const QString id = symmetric
        ? createKey(QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"))
        : createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!id.isEmpty());
    const int perVersion = symmetric ? 1 : 2; // a key pair is two objects
    QCOMPARE(objectCount(id), perVersion);
    if (symmetric) {
        const Response sealed = call(QStringLiteral("Encrypt"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("v1") } });
        QCOMPARE_CODE(sealed, "0");
        QCOMPARE_CODE(
            call(QStringLiteral("RotateKey"), { { QStringLiteral("cmkUuid"), id } }), "0");
        QCOMPARE(objectCount(id), 2); // a new token object for the new version
        const Response opened = call(QStringLiteral("Decrypt"),
            { { QStringLiteral("ciphertextBlob"),
                sealed.data.value(QStringLiteral("ciphertextBlob")) } });
        QCOMPARE_CODE(opened, "0"); // the old version still opens what it sealed
    }
    QCOMPARE_CODE(
        call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    QVERIFY(objectCount(id) > 0); // nothing is destroyed before the window ends
    m_clock->advanceDays(8);
    const SchedulerRun run = Scheduler(m_store->service(), m_store->session().store()).runDue();
    QCOMPARE(run.failed, 0);
    QVERIFY(run.done >= 1);
    QCOMPARE(objectCount(id), 0);
    QCOMPARE_CODE(
        call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } }), "KMS.0301");
}

void TestHsmOperations::certificatesSignedOnTheToken_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mechanism");
    QTest::newRow("EC_P256") << "EC_P256"
                             << "CKM_ECDSA";
    QTest::newRow("RSA_2048") << "RSA_2048"
                              << "CKM_RSA_PKCS";
}

void TestHsmOperations::certificatesSignedOnTheToken()
{
    // A root CA whose key is on the token: the CSR and the self-signed certificate are signed
    // by the token (the key is lent as an EVP_PKEY that asks the token for each signature), and
    // the openssl CLI verifies both. The private key never leaves the token.
    QFETCH(QString, spec);
    QFETCH(QString, mechanism);
    if (!m_probe.mechanisms.contains(mechanism))
        QSKIP(qPrintable(QStringLiteral("the token lists no %1").arg(mechanism)));
    const Response made = call(QStringLiteral("CreateCertificate"),
        { { QStringLiteral("regionId"), kRegion }, { QStringLiteral("keySpec"), spec },
            { QStringLiteral("protectionLevel"), QStringLiteral("HSM") },
            { QStringLiteral("subject"),
                QJsonObject { { QStringLiteral("CN"), QStringLiteral("Token Root CA") },
                    { QStringLiteral("C"), QStringLiteral("CN") },
                    { QStringLiteral("O"), QStringLiteral("Example Bank") },
                    { QStringLiteral("OU"), QStringLiteral("Key Management") } } },
            { QStringLiteral("selfSigned"), true }, { QStringLiteral("validityDays"), 365 } });
    QCOMPARE_CODE(made, "0");
    const QJsonObject certificate = made.data.value(QStringLiteral("certificate")).toObject();
    QTemporaryDir dir;
    const QString csr = dir.filePath(QStringLiteral("root.csr"));
    const QString pem = dir.filePath(QStringLiteral("root.pem"));
    QVERIFY(test::writeFile(csr, certificate.value(QStringLiteral("csr")).toString().toLatin1()));
    QVERIFY(test::writeFile(
        pem, certificate.value(QStringLiteral("certificate")).toString().toLatin1()));
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    const test::ProcessRun request = test::runProcess(openssl,
        { QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-noout"),
            QStringLiteral("-in"), csr });
    QVERIFY2(request.exitCode == 0, request.err.constData());
    const test::ProcessRun verified = test::runProcess(
        openssl, { QStringLiteral("verify"), QStringLiteral("-CAfile"), pem, pem });
    QVERIFY2(verified.exitCode == 0, (verified.out + verified.err).constData());
    // Its key can sign through the certificate service too; PKCS#12 export is refused.
    const QString id = certificate.value(QStringLiteral("certificateId")).toString();
    QCOMPARE_CODE(call(QStringLiteral("ExportCertificate"),
                      { { QStringLiteral("certificateId"), id },
                          { QStringLiteral("format"), QStringLiteral("PKCS12") },
                          { QStringLiteral("password"), QStringLiteral("long enough") } }),
        "KMS.0142");
}

void TestHsmOperations::importedMaterialGoesToTheToken()
{
    if (!m_probe.usableKeySpecs.contains(QStringLiteral("AES_256")))
        QSKIP("the token cannot hold AES_256 keys (CKM_AES_GCM missing)");
    const Response made = call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), kRegion },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("HSM") },
            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") } });
    QCOMPARE_CODE(made, "0");
    const QString id = made.data.value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    const Response parameters = call(QStringLiteral("GetParametersForImport"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("wrappingAlgorithm"), QStringLiteral("RSAES_OAEP_SHA_256") },
            { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } });
    QCOMPARE_CODE(parameters, "0");
    QTemporaryDir dir;
    const QString wrappingKey = dir.filePath(QStringLiteral("wrapping.pem"));
    QVERIFY(test::writeFile(
        wrappingKey, parameters.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    QByteArray material(32, '\0');
    for (int i = 0; i < material.size(); ++i)
        material[i] = char(i * 7 + 1);
    const QByteArray wrapped
        = test::opensslWrapForImport(QStandardPaths::findExecutable(QStringLiteral("openssl")),
            QStringLiteral("RSAES_OAEP_SHA_256"), wrappingKey, material, dir.path());
    QVERIFY(!wrapped.isEmpty());
    QCOMPARE_CODE(call(QStringLiteral("ImportKeyMaterial"),
                      { { QStringLiteral("cmkUuid"), id },
                          { QStringLiteral("importToken"),
                              parameters.data.value(QStringLiteral("importToken")) },
                          { QStringLiteral("encryptedKeyMaterial"), b64(wrapped) } }),
        "0");
    // The material is a token object now (sensitive, never extractable), and it works.
    QCOMPARE(objectCount(id), m_pkcs11Tool.isEmpty() ? 0 : 1);
    const Response sealed = call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("imported") } });
    QCOMPARE_CODE(sealed, "0");
    const Response opened = call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            sealed.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(unb64(opened.data.value(QStringLiteral("plaintext"))) == "imported");
    // Deleting the material destroys the object.
    QCOMPARE_CODE(
        call(QStringLiteral("DeleteKeyMaterial"), { { QStringLiteral("cmkUuid"), id } }), "0");
    QCOMPARE(objectCount(id), 0);
}

void TestHsmOperations::backupKeepsReferencesToTheToken()
{
    // A backup holds a token key as a reference (its handle names the object; the material
    // stays on the token): restored elsewhere with the same HSM configured, the key signs
    // again once the PIN is given.
    const QString id = createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!id.isEmpty());
    QTemporaryDir dir;
    QBuffer backup;
    QVERIFY(backup.open(QIODevice::ReadWrite));
    QVERIFY_RESULT(StoreBackup::write(m_store->session(), backup));
    QVERIFY(!backup.data().contains(QByteArrayLiteral("BEGIN PRIVATE KEY")));
    backup.seek(0);
    const QString target = dir.filePath(QStringLiteral("restored"));
    QVERIFY_RESULT(StoreBackup::restore(target, backup, [](const VaultRecord &vault) {
        return MasterKeyVault::unlockWithPassphrase(vault, test::secret("correct horse battery"));
    }));
    auto restored = StoreSession::open(target);
    QVERIFY_RESULT(restored);
    QVERIFY_RESULT((*restored)->unlockWithPassphrase(test::secret("correct horse battery")));
    const QString name = QStringLiteral("pkcs11:") + m_token->label();
    QCOMPARE((*restored)->hsmsWithoutPin(), QStringList { name });
    (*restored)->provideHsmPin(name, m_token->userPin());
    const Response described = (*restored)->service().call(
        QStringLiteral("DescribeKey"), QJsonObject { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(described, "0");
    QCOMPARE(described.data.value(QStringLiteral("keyMetadata"))
                 .toObject()
                 .value(QStringLiteral("protectionLevel"))
                 .toString(),
        QStringLiteral("HSM"));
    QCOMPARE_CODE(
        (*restored)->service().call(QStringLiteral("AsymmetricSign"), signParams(id)), "0");
}

void TestHsmOperations::withoutPinTheHsmIsUnavailable()
{
    const QString id = createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!id.isEmpty());
    // Reopened without the PIN (kept for this unlock only: "prompt").
    m_store->close();
    m_store->reopen(QStringLiteral("correct horse battery"));
    m_store->session().setClock(*m_clock);
    QCOMPARE(m_store->session().hsmsWithoutPin(),
        QStringList { QStringLiteral("pkcs11:") + m_token->label() });
    const QJsonObject params = signParams(id);
    const Response refused = call(QStringLiteral("AsymmetricSign"), params);
    QCOMPARE(refused.code, QStringLiteral("KMS.0504"));
    QVERIFY2(refused.detail.contains(QLatin1String("not available")), qPrintable(refused.detail));
    QCOMPARE(m_store->session().hsmStatus(QStringLiteral("pkcs11:") + m_token->label()).state,
        StoreSession::HsmStatus::NoPin);
    m_store->session().provideHsmPin(
        QStringLiteral("pkcs11:") + m_token->label(), m_token->userPin());
    QCOMPARE_CODE(call(QStringLiteral("AsymmetricSign"), params), "0");
}

void TestHsmOperations::serverGoesAwayAndComesBack()
{
    if (!remote())
        QSKIP("only the p11-kit run has a server to stop");
    const QString name = QStringLiteral("pkcs11:") + m_token->label();
    const QString id = createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!id.isEmpty());
    const QJsonObject params = signParams(id);
    QCOMPARE_CODE(call(QStringLiteral("AsymmetricSign"), params), "0");
    QCOMPARE(m_store->session().hsmStatus(name).state, StoreSession::HsmStatus::Connected);

    m_token->stopServer();
    const Response failed = call(QStringLiteral("AsymmetricSign"), params);
    QVERIFY2(failed.code.startsWith(QLatin1String("KMS.05")),
        qPrintable(failed.code + QLatin1Char(' ') + failed.detail));
    QVERIFY2(failed.detail.contains(QLatin1String("CKR_")), qPrintable(failed.detail));
    QCOMPARE(m_store->session().hsmStatus(name, true).state, StoreSession::HsmStatus::Disconnected);
    QVERIFY(!m_store->session().hsmStatus(name).lastError.isEmpty());
    // Keys of the software HSM go on working meanwhile.
    QVERIFY(!m_store->createKey().isEmpty());

    QVERIFY2(m_token->startServer().isEmpty(), "p11-kit server did not start again");
    QCOMPARE_CODE(call(QStringLiteral("AsymmetricSign"), params), "0");
    QCOMPARE(m_store->session().hsmStatus(name).state, StoreSession::HsmStatus::Connected);
}

QTEST_MAIN(TestHsmOperations)
#include "TestHsmOperations.moc"
