// The console against a party no one here wrote: the `openssl` command-line tool verifies
// signatures from AsymmetricSign with the PEM from GetPublicKey, encrypts data that
// AsymmetricDecrypt opens, and checks the signatures `kmsctl sign` writes for files. kmsctl's
// envelope encryption of files round-trips sizes around its chunk boundaries.
#include "TestHelpers.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

namespace {

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

using Run = kms::test::ProcessRun;
using kms::test::readFile;
using kms::test::writeFile;

using kms::test::runProcess;

} // namespace

class TestOpensslInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensslVerifiesServiceSignatures_data();
    void opensslVerifiesServiceSignatures();
    void serviceDecryptsOpensslCiphertext_data();
    void serviceDecryptsOpensslCiphertext();
    void exportedDataKeyOpensWithOpenssl_data();
    void exportedDataKeyOpensWithOpenssl();
    void exportDataKeyRefusals();
    void kmsctlEnvelopeFiles_data();
    void kmsctlEnvelopeFiles();
    void kmsctlRefusesChangedFiles();
    void kmsctlSignaturesVerifyWithOpenssl_data();
    void kmsctlSignaturesVerifyWithOpenssl();

private:
    QString createKey(const QString &spec, const QString &usage, QString *version);
    Run kmsctl(const QStringList &args);

    QString m_openssl;
    QTemporaryDir m_dir;
    std::unique_ptr<TestStore> m_store;
    QString m_passFile;
};

void TestOpensslInterop::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (m_openssl.isEmpty())
        QSKIP("the openssl command-line tool is not installed");
    m_store = std::make_unique<TestStore>(QStringLiteral("interop passphrase"));
    QVERIFY(m_store->isValid());
    m_passFile = m_dir.filePath(QStringLiteral("pass"));
    QVERIFY(writeFile(m_passFile, "interop passphrase\n"));
}

QString TestOpensslInterop::createKey(const QString &spec, const QString &usage, QString *version)
{
    const Response created = m_store->call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), spec }, { QStringLiteral("keyUsage"), usage },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    const QJsonObject meta = created.data.value(QStringLiteral("keyMetadata")).toObject();
    if (version != nullptr)
        *version = meta.value(QStringLiteral("primaryKeyVersion")).toString();
    return meta.value(QStringLiteral("cmkUuid")).toString();
}

Run TestOpensslInterop::kmsctl(const QStringList &args)
{
    return runProcess(qEnvironmentVariable("KMSCTL"),
        QStringList { QStringLiteral("--data-dir"), m_store->dataDir(),
            QStringLiteral("--passphrase-file"), m_passFile }
            + args);
}

void TestOpensslInterop::opensslVerifiesServiceSignatures_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("RSA_PSS_SHA_256")
        << "RSA_2048"
        << "RSA_PSS_SHA_256"
        << QStringList { "-digest", "sha256", "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt",
               "rsa_pss_saltlen:32" };
    QTest::newRow("RSA_PKCS1_SHA_256")
        << "RSA_2048"
        << "RSA_PKCS1_SHA_256" << QStringList { "-digest", "sha256" };
    QTest::newRow("ECDSA_SHA_256") << "EC_P256"
                                   << "ECDSA_SHA_256" << QStringList { "-digest", "sha256" };
    QTest::newRow("SM2DSA") << "EC_SM2"
                            << "SM2DSA"
                            << QStringList { "-digest", "sm3", "-pkeyopt",
                                   "distid:1234567812345678" };
}

void TestOpensslInterop::opensslVerifiesServiceSignatures()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    QFETCH(QStringList, options);
    QString version;
    const QString key = createKey(spec, QStringLiteral("SIGN/VERIFY"), &version);
    QVERIFY(!key.isEmpty());
    const Response pem = m_store->call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version } });
    QCOMPARE_CODE(pem, "0");
    const QString pubPath = m_dir.filePath(algorithm + QStringLiteral(".pub.pem"));
    QVERIFY(writeFile(pubPath, pem.data.value(QStringLiteral("publicKey")).toString().toLatin1()));

    const QByteArray message = "Transfer 1,000,000 CNY to account 6222 0000 1111 2222 — 转账";
    const QString msgPath = m_dir.filePath(algorithm + QStringLiteral(".msg"));
    QVERIFY(writeFile(msgPath, message));
    // The digest the algorithm signs: SHA-256(M), or for SM2 e = SM3(Z_A || M), which the
    // client computes with the public key (here: kmsctl's library, checked by openssl below).
    QByteArray digest;
    if (algorithm == QLatin1String("SM2DSA")) {
        const Run e = kmsctl({ QStringLiteral("sign"), QStringLiteral("--key"), key,
            QStringLiteral("--algorithm"), algorithm, QStringLiteral("--in"), msgPath,
            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("sm2.sig")) });
        QVERIFY2(e.exitCode == 0, e.err.constData());
    }
    digest = algorithm == QLatin1String("SM2DSA")
        ? QByteArray()
        : QCryptographicHash::hash(message, QCryptographicHash::Sha256);
    QByteArray signature;
    if (digest.isEmpty()) {
        signature = readFile(m_dir.filePath(QStringLiteral("sm2.sig")));
    } else {
        const Response signed_ = m_store->call(QStringLiteral("AsymmetricSign"),
            { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version },
                { QStringLiteral("algorithm"), algorithm },
                { QStringLiteral("digest"), b64(digest) } });
        QCOMPARE_CODE(signed_, "0");
        signature = QByteArray::fromBase64(
            signed_.data.value(QStringLiteral("value")).toString().toLatin1());
    }
    QVERIFY(!signature.isEmpty());
    const QString sigPath = m_dir.filePath(algorithm + QStringLiteral(".sig"));
    QVERIFY(writeFile(sigPath, signature));

    Run verify = runProcess(m_openssl,
        QStringList { "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", msgPath,
            "-sigfile", sigPath }
            + options);
    QVERIFY2(verify.exitCode == 0, (verify.out + verify.err).constData());
    QVERIFY(verify.out.contains("Signature Verified Successfully"));
    // openssl refuses the same signature over another message.
    QVERIFY(writeFile(msgPath, message + "!"));
    verify = runProcess(m_openssl,
        QStringList { "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", msgPath,
            "-sigfile", sigPath }
            + options);
    QVERIFY(verify.exitCode != 0);
}

void TestOpensslInterop::serviceDecryptsOpensslCiphertext_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("RSAES_OAEP_SHA_256")
        << "RSA_2048"
        << "RSAES_OAEP_SHA_256"
        << QStringList { "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
               "-pkeyopt", "rsa_mgf1_md:sha256" };
    QTest::newRow("RSAES_OAEP_SHA_1")
        << "RSA_2048"
        << "RSAES_OAEP_SHA_1"
        << QStringList { "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1",
               "-pkeyopt", "rsa_mgf1_md:sha1" };
    QTest::newRow("SM2PKE") << "EC_SM2"
                            << "SM2PKE" << QStringList();
}

void TestOpensslInterop::serviceDecryptsOpensslCiphertext()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    QFETCH(QStringList, options);
    QString version;
    const QString key = createKey(spec, QStringLiteral("ENCRYPT/DECRYPT"), &version);
    QVERIFY(!key.isEmpty());
    const Response pem = m_store->call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version } });
    QCOMPARE_CODE(pem, "0");
    const QString pubPath = m_dir.filePath(algorithm + QStringLiteral(".enc.pem"));
    QVERIFY(writeFile(pubPath, pem.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    const QByteArray secret = "a session key from the other side 0123456789";
    const QString inPath = m_dir.filePath(algorithm + QStringLiteral(".plain"));
    QVERIFY(writeFile(inPath, secret));
    const Run encrypted = runProcess(m_openssl,
        QStringList { "pkeyutl", "-encrypt", "-pubin", "-inkey", pubPath, "-in", inPath }
            + options);
    QVERIFY2(encrypted.exitCode == 0, encrypted.err.constData());
    const Response opened = m_store->call(QStringLiteral("AsymmetricDecrypt"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version },
            { QStringLiteral("algorithm"), algorithm },
            { QStringLiteral("ciphertextBlob"), b64(encrypted.out) } });
    QCOMPARE_CODE(opened, "0");
    QVERIFY(
        QByteArray::fromBase64(opened.data.value(QStringLiteral("plaintext")).toString().toLatin1())
        == secret);
}

void TestOpensslInterop::exportedDataKeyOpensWithOpenssl_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<QString>("md");
    QTest::addColumn<bool>("pem");
    QTest::newRow("RSAES_OAEP_SHA_256, DER") << "RSAES_OAEP_SHA_256"
                                             << "sha256" << false;
    QTest::newRow("RSAES_OAEP_SHA_1, PEM") << "RSAES_OAEP_SHA_1"
                                           << "sha1" << true;
}

void TestOpensslInterop::exportedDataKeyOpensWithOpenssl()
{
    // The other party (openssl) makes a key pair and gives its public key; the console seals a
    // data key it made under it; only the other party's private key opens it.
    QFETCH(QString, algorithm);
    QFETCH(QString, md);
    QFETCH(bool, pem);
    const QString priv = m_dir.filePath(QStringLiteral("party-%1.key").arg(md));
    const QString pub = m_dir.filePath(QStringLiteral("party-%1.pub").arg(md));
    QCOMPARE(
        runProcess(m_openssl,
            { "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", priv })
            .exitCode,
        0);
    QCOMPARE(runProcess(m_openssl,
                 { "pkey", "-in", priv, "-pubout", "-outform", pem ? "PEM" : "DER", "-out", pub })
                 .exitCode,
        0);
    const QByteArray publicKey = readFile(pub);
    const QString key
        = createKey(QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), nullptr);
    const Response dataKey = m_store->call(QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("numberOfBytes"), 32 } });
    QCOMPARE_CODE(dataKey, "0");
    const Response exported = m_store->call(QStringLiteral("ExportDataKey"),
        { { QStringLiteral("ciphertextBlob"),
              dataKey.data.value(QStringLiteral("ciphertextBlob")) },
            { QStringLiteral("publicKeyBlob"),
                pem ? QString::fromLatin1(publicKey) : b64(publicKey) },
            { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") },
            { QStringLiteral("wrappingAlgorithm"), algorithm } });
    QCOMPARE_CODE(exported, "0");
    QVERIFY(!exported.data.contains(QStringLiteral("plaintext")));
    const QString sealed = m_dir.filePath(QStringLiteral("exported-%1.bin").arg(md));
    QVERIFY(writeFile(sealed,
        QByteArray::fromBase64(
            exported.data.value(QStringLiteral("exportedDataKey")).toString().toLatin1())));
    const Run opened = runProcess(m_openssl,
        { "pkeyutl", "-decrypt", "-inkey", priv, "-in", sealed, "-pkeyopt", "rsa_padding_mode:oaep",
            "-pkeyopt", "rsa_oaep_md:" + md, "-pkeyopt", "rsa_mgf1_md:" + md });
    QVERIFY2(opened.exitCode == 0, opened.err.constData());
    QVERIFY(opened.out
        == QByteArray::fromBase64(
            dataKey.data.value(QStringLiteral("plaintext")).toString().toLatin1()));
}

void TestOpensslInterop::exportDataKeyRefusals()
{
    const QString key
        = createKey(QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), nullptr);
    const Response dataKey = m_store->call(QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("numberOfBytes"), 32 } });
    const Response data = m_store->call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("plaintext"), b64("not a key") } });
    QString version;
    const QString rsa
        = createKey(QStringLiteral("RSA_2048"), QStringLiteral("ENCRYPT/DECRYPT"), &version);
    const Response pem = m_store->call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), rsa }, { QStringLiteral("keyVersionId"), version } });
    const QJsonObject base { { QStringLiteral("ciphertextBlob"),
                                 dataKey.data.value(QStringLiteral("ciphertextBlob")) },
        { QStringLiteral("publicKeyBlob"), pem.data.value(QStringLiteral("publicKey")) },
        { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") },
        { QStringLiteral("wrappingAlgorithm"), QStringLiteral("RSAES_OAEP_SHA_256") } };
    QCOMPARE_CODE(m_store->call(QStringLiteral("ExportDataKey"), base), "0");
    const auto with = [&base](const char *name, const QJsonValue &value) {
        QJsonObject params = base;
        if (value.isUndefined())
            params.remove(QLatin1String(name));
        else
            params.insert(QLatin1String(name), value);
        return params;
    };
    const struct
    {
        QJsonObject params;
        const char *code;
    } cases[] = {
        { with("publicKeyBlob", QJsonValue::Undefined), "KMS.0131" },
        { with("publicKeyBlob", QString()), "KMS.0131" },
        { with("wrappingKeySpec", QString()), "KMS.0121" },
        { with("wrappingKeySpec", QStringLiteral("RSA_4096")), "KMS.0237" },
        { with("wrappingAlgorithm", QJsonValue::Undefined), "KMS.0134" },
        { with("wrappingAlgorithm", QStringLiteral("RSAES_PKCS1_V1_5")), "KMS.0236" },
        { with("publicKeyBlob", QStringLiteral("bm90IGEga2V5")), "KMS.0128" },
        // A blob of data, not of a data key.
        { with("ciphertextBlob", data.data.value(QStringLiteral("ciphertextBlob"))), "KMS.0247" },
    };
    for (const auto &c : cases)
        QCOMPARE_CODE(m_store->call(QStringLiteral("ExportDataKey"), c.params), c.code);
}

void TestOpensslInterop::kmsctlEnvelopeFiles_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("size");
    for (const char *spec : { "AES_256", "SM4_128" }) {
        for (int size : { 0, 1, 65535, 65536, 65537, 3 * 65536 + 17 })
            QTest::addRow("%s %d bytes", spec, size) << spec << size;
    }
}

void TestOpensslInterop::kmsctlEnvelopeFiles()
{
    QFETCH(QString, spec);
    QFETCH(int, size);
    const QString key = createKey(spec, QStringLiteral("ENCRYPT/DECRYPT"), nullptr);
    QByteArray data(size, '\0');
    for (int i = 0; i < size; ++i)
        data[i] = char((i * 131) ^ (i >> 8));
    const QString plain = m_dir.filePath(QStringLiteral("file.bin"));
    const QString sealed = m_dir.filePath(QStringLiteral("file.kms"));
    const QString opened = m_dir.filePath(QStringLiteral("file.out"));
    QVERIFY(writeFile(plain, data));
    Run run = kmsctl({ QStringLiteral("encrypt"), QStringLiteral("--key"), key,
        QStringLiteral("--in"), plain, QStringLiteral("--out"), sealed });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(readFile(sealed).startsWith("KMSENV01"));
    if (data.size() >= 64)
        QVERIFY(!readFile(sealed).contains(data.left(64)));
    run = kmsctl({ QStringLiteral("decrypt"), QStringLiteral("--in"), sealed,
        QStringLiteral("--out"), opened });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(readFile(opened) == data);
}

void TestOpensslInterop::kmsctlRefusesChangedFiles()
{
    const QString key
        = createKey(QStringLiteral("AES_256"), QStringLiteral("ENCRYPT/DECRYPT"), nullptr);
    const QByteArray data(200000, 'd');
    const QString plain = m_dir.filePath(QStringLiteral("big.bin"));
    const QString sealed = m_dir.filePath(QStringLiteral("big.kms"));
    const QString changed = m_dir.filePath(QStringLiteral("big.changed"));
    const QString opened = m_dir.filePath(QStringLiteral("big.out"));
    QVERIFY(writeFile(plain, data));
    QVERIFY(kmsctl({ QStringLiteral("encrypt"), QStringLiteral("--key"), key,
                       QStringLiteral("--in"), plain, QStringLiteral("--out"), sealed })
                .exitCode
        == 0);
    const QByteArray good = readFile(sealed);
    const qsizetype headerEnd = good.size() - (200000 + 4 * 16);
    QList<QByteArray> variants;
    QByteArray flipped = good;
    flipped[good.size() / 2] = char(flipped.at(good.size() / 2) ^ 0x20);
    variants << flipped << good.left(good.size() - 1) << good.left(good.size() - 16 - 3392)
             << good + "x";
    QByteArray headerFlip = good;
    headerFlip[headerEnd - 3] = char(headerFlip.at(headerEnd - 3) ^ 0x01); // the nonce prefix
    variants << headerFlip;
    // Two whole chunks swapped.
    const qsizetype chunk = 65536 + 16;
    QByteArray swapped = good.left(headerEnd) + good.mid(headerEnd + chunk, chunk)
        + good.mid(headerEnd, chunk) + good.mid(headerEnd + 2 * chunk);
    variants << swapped;
    for (const QByteArray &variant : std::as_const(variants)) {
        QVERIFY(writeFile(changed, variant));
        QFile::remove(opened);
        const Run run = kmsctl({ QStringLiteral("decrypt"), QStringLiteral("--in"), changed,
            QStringLiteral("--out"), opened });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("KMS.02"), run.err.constData());
        // Nothing of the plaintext is left behind.
        QVERIFY(!QFile::exists(opened));
    }
}

void TestOpensslInterop::kmsctlSignaturesVerifyWithOpenssl_data()
{
    opensslVerifiesServiceSignatures_data();
}

void TestOpensslInterop::kmsctlSignaturesVerifyWithOpenssl()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    QFETCH(QStringList, options);
    QString version;
    const QString key = createKey(spec, QStringLiteral("SIGN/VERIFY"), &version);
    const QByteArray message(300000, 'm'); // several reads: the digest is streamed
    const QString msgPath = m_dir.filePath(QStringLiteral("doc.bin"));
    const QString sigPath = m_dir.filePath(QStringLiteral("doc.sig"));
    const QString pubPath = m_dir.filePath(QStringLiteral("doc.pem"));
    QVERIFY(writeFile(msgPath, message));
    Run run = kmsctl(
        { QStringLiteral("sign"), QStringLiteral("--key"), key, QStringLiteral("--algorithm"),
            algorithm, QStringLiteral("--in"), msgPath, QStringLiteral("--out"), sigPath });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = kmsctl(
        { QStringLiteral("verify"), QStringLiteral("--key"), key, QStringLiteral("--algorithm"),
            algorithm, QStringLiteral("--in"), msgPath, QStringLiteral("--signature"), sigPath });
    QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
    const Response pem = m_store->call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key }, { QStringLiteral("keyVersionId"), version } });
    QVERIFY(writeFile(pubPath, pem.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    const Run verify = runProcess(m_openssl,
        QStringList { "pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", msgPath,
            "-sigfile", sigPath }
            + options);
    QVERIFY2(verify.exitCode == 0, (verify.out + verify.err).constData());
    // A changed file no longer verifies, in kmsctl as in openssl.
    QVERIFY(writeFile(msgPath, message + "?"));
    run = kmsctl(
        { QStringLiteral("verify"), QStringLiteral("--key"), key, QStringLiteral("--algorithm"),
            algorithm, QStringLiteral("--in"), msgPath, QStringLiteral("--signature"), sigPath });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("NOT valid"));
}

QTEST_GUILESS_MAIN(TestOpensslInterop)
#include "TestOpensslInterop.moc"
