// Certificates against a party no one here wrote: the `openssl` command-line tool verifies
// the console's CSRs (RSA, P-256, SM2), signs one with a CA of its own that the console then
// accepts with its chain, verifies chains issued by the console's offline CA, opens the
// PKCS#12 export and parses and verifies the CRL.
#include "TestHelpers.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

namespace {

using Run = kms::test::ProcessRun;
using kms::test::readFile;
using kms::test::runProcess;
using kms::test::writeFile;

QJsonObject subject(const QString &cn)
{
    return { { QStringLiteral("CN"), cn }, { QStringLiteral("C"), QStringLiteral("CN") },
        { QStringLiteral("O"), QStringLiteral("Example Bank") },
        { QStringLiteral("OU"), QStringLiteral("Key Management") } };
}

QJsonObject cert(const Response &response)
{
    return response.data.value(QStringLiteral("certificate")).toObject();
}

// SM2 signatures verify with the default ID given explicitly (OpenSSL 3.0's CLI).
QStringList sm2Options(const QString &spec, const char *option)
{
    if (spec != QLatin1String("EC_SM2"))
        return {};
    return { QLatin1String(option), QStringLiteral("distid:1234567812345678") };
}

} // namespace

class TestCertificateInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensslVerifiesCsrs_data();
    void opensslVerifiesCsrs();
    void certificateFromAnOpensslCaUploads_data();
    void certificateFromAnOpensslCaUploads();
    void offlineCaChainVerifiesWithOpenssl_data();
    void offlineCaChainVerifiesWithOpenssl();
    void pkcs12OpensWithOpenssl();
    void crlParsesAndVerifiesWithOpenssl();

private:
    Run openssl(const QStringList &args, const QByteArray &input = {});
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QJsonObject create(const QString &spec, const QString &cn, const QJsonObject &extra = {});
    Response call(const QString &action, const QJsonObject &params);

    QString m_openssl;
    QTemporaryDir m_dir;
    std::unique_ptr<TestStore> m_store;
};

void TestCertificateInterop::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(
        !m_openssl.isEmpty(), "the openssl command-line tool is installed by scripts/setup.sh");
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
}

Run TestCertificateInterop::openssl(const QStringList &args, const QByteArray &input)
{
    return runProcess(m_openssl, args, input);
}

Response TestCertificateInterop::call(const QString &action, const QJsonObject &params)
{
    const Response response = m_store->call(action, params);
    if (!response.ok())
        qWarning("%s: %s %s", qPrintable(action), qPrintable(response.code),
            qPrintable(response.detail));
    return response;
}

QJsonObject TestCertificateInterop::create(
    const QString &spec, const QString &cn, const QJsonObject &extra)
{
    QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), spec }, { QStringLiteral("subject"), subject(cn) } };
    if (!cn.contains(QLatin1Char(' '))) // a host name: also the alternative name
        params.insert(QStringLiteral("subjectAlternativeNames"), QJsonArray { cn });
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        params.insert(it.key(), it.value());
    return cert(call(QStringLiteral("CreateCertificate"), params));
}

void TestCertificateInterop::opensslVerifiesCsrs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("RSA_2048") << "RSA_2048";
    QTest::newRow("EC_P256") << "EC_P256";
    QTest::newRow("EC_SM2") << "EC_SM2";
}

void TestCertificateInterop::opensslVerifiesCsrs()
{
    QFETCH(QString, spec);
    const QJsonObject made = create(spec, QStringLiteral("csr.example"));
    const QString csr = path(spec + QStringLiteral(".csr"));
    QVERIFY(writeFile(csr, made.value(QStringLiteral("csr")).toString().toLatin1()));
    const Run run
        = openssl(QStringList { QStringLiteral("req"), QStringLiteral("-in"), csr,
                      QStringLiteral("-verify"), QStringLiteral("-noout"), QStringLiteral("-text") }
            + sm2Options(spec, "-vfyopt"));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.err.contains("verify OK") || run.out.contains("verify OK"));
    QVERIFY(run.out.contains("CN = csr.example") || run.out.contains("CN=csr.example"));
    QVERIFY(run.out.contains("DNS:csr.example"));
    if (spec == QLatin1String("EC_SM2"))
        QVERIFY(run.out.contains("SM2-with-SM3") || run.out.contains("sm2sign-with-sm3"));
}

void TestCertificateInterop::certificateFromAnOpensslCaUploads_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("keyOptions");
    QTest::newRow("RSA_2048") << "RSA_2048" << QStringList { "-newkey", "rsa:2048" };
    QTest::newRow("EC_P256") << "EC_P256"
                             << QStringList { "-newkey", "ec", "-pkeyopt",
                                    "ec_paramgen_curve:P-256" };
}

void TestCertificateInterop::certificateFromAnOpensslCaUploads()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, keyOptions);
    // An outside CA made by openssl signs the console's CSR.
    const QString caKey = path(spec + QStringLiteral("-ca.key"));
    const QString caPem = path(spec + QStringLiteral("-ca.pem"));
    Run run = openssl(QStringList { QStringLiteral("req"), QStringLiteral("-x509") } + keyOptions
        + QStringList { QStringLiteral("-nodes"), QStringLiteral("-keyout"), caKey,
            QStringLiteral("-out"), caPem, QStringLiteral("-subj"),
            QStringLiteral("/C=CN/O=Outside/CN=Outside CA"), QStringLiteral("-days"),
            QStringLiteral("30") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject made = create(spec, QStringLiteral("outside.example"));
    const QString csr = path(spec + QStringLiteral("-outside.csr"));
    const QString leaf = path(spec + QStringLiteral("-outside.pem"));
    QVERIFY(writeFile(csr, made.value(QStringLiteral("csr")).toString().toLatin1()));
    run = openssl({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
        QStringLiteral("-CA"), caPem, QStringLiteral("-CAkey"), caKey,
        QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), leaf, QStringLiteral("-days"),
        QStringLiteral("10") });
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const QString id = made.value(QStringLiteral("certificateId")).toString();
    // A chain that is not its issuer is refused, then the right one is accepted.
    const QJsonObject wrongChain
        = create(spec, QStringLiteral("other-ca"), { { QStringLiteral("selfSigned"), true } });
    QCOMPARE_CODE(m_store->call(QStringLiteral("UploadCertificate"),
                      { { QStringLiteral("certificateId"), id },
                          { QStringLiteral("certificate"), QString::fromLatin1(readFile(leaf)) },
                          { QStringLiteral("certificateChain"),
                              wrongChain.value(QStringLiteral("certificate")) } }),
        "KMS.0139");
    // DER in base64 works as well as PEM.
    run = openssl({ QStringLiteral("x509"), QStringLiteral("-in"), leaf, QStringLiteral("-outform"),
        QStringLiteral("DER") });
    QCOMPARE(run.exitCode, 0);
    const Response uploaded = call(QStringLiteral("UploadCertificate"),
        { { QStringLiteral("certificateId"), id },
            { QStringLiteral("certificate"), QString::fromLatin1(run.out.toBase64()) },
            { QStringLiteral("certificateChain"), QString::fromLatin1(readFile(caPem)) } });
    QCOMPARE_CODE(uploaded, "0");
    QCOMPARE(cert(uploaded).value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
    QVERIFY(cert(uploaded)
                .value(QStringLiteral("issuer"))
                .toString()
                .contains(QLatin1String("CN=Outside CA")));
}

void TestCertificateInterop::offlineCaChainVerifiesWithOpenssl_data()
{
    opensslVerifiesCsrs_data();
}

void TestCertificateInterop::offlineCaChainVerifiesWithOpenssl()
{
    QFETCH(QString, spec);
    const QJsonObject root = create(spec, QStringLiteral("Offline Root ") + spec,
        { { QStringLiteral("selfSigned"), true }, { QStringLiteral("validityDays"), 3650 } });
    const QString rootId = root.value(QStringLiteral("certificateId")).toString();
    QVERIFY(!rootId.isEmpty());
    // The intermediate's key is the console's; its CSR goes to the root.
    const QJsonObject intermediate = create(spec, QStringLiteral("Issuing CA ") + spec);
    const Response issuedCa = call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), rootId },
            { QStringLiteral("csr"), intermediate.value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), QStringLiteral("INTERMEDIATE_CA") },
            { QStringLiteral("validityDays"), 1825 } });
    QCOMPARE_CODE(issuedCa, "0");
    const QString intermediateId = intermediate.value(QStringLiteral("certificateId")).toString();
    QCOMPARE_CODE(call(QStringLiteral("UploadCertificate"),
                      { { QStringLiteral("certificateId"), intermediateId },
                          { QStringLiteral("certificate"),
                              issuedCa.data.value(QStringLiteral("certificate")) },
                          { QStringLiteral("certificateChain"),
                              issuedCa.data.value(QStringLiteral("certificateChain")) } }),
        "0");
    // A leaf for a key made by openssl, from a CSR made by openssl.
    const QString leafKey = path(spec + QStringLiteral("-leaf.key"));
    const QString leafCsr = path(spec + QStringLiteral("-leaf.csr"));
    QStringList keyOptions = spec == QLatin1String("RSA_2048")
        ? QStringList { QStringLiteral("-newkey"), QStringLiteral("rsa:2048") }
        : spec == QLatin1String("EC_P256")
        ? QStringList { QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
              QStringLiteral("ec_paramgen_curve:P-256") }
        : QStringList { QStringLiteral("-newkey"), QStringLiteral("sm2"), QStringLiteral("-sm3"),
              QStringLiteral("-sigopt"), QStringLiteral("distid:1234567812345678") };
    Run run = openssl(QStringList { QStringLiteral("req"), QStringLiteral("-new") } + keyOptions
        + QStringList { QStringLiteral("-nodes"), QStringLiteral("-keyout"), leafKey,
            QStringLiteral("-out"), leafCsr, QStringLiteral("-subj"),
            QStringLiteral("/C=CN/O=Example Bank/CN=tls.example") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const Response leaf = call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), intermediateId },
            { QStringLiteral("csr"), QString::fromLatin1(readFile(leafCsr)) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    QCOMPARE_CODE(leaf, "0");
    const QString rootPem = path(spec + QStringLiteral("-root.pem"));
    const QString intermediatePem = path(spec + QStringLiteral("-intermediate.pem"));
    const QString leafPem = path(spec + QStringLiteral("-leaf.pem"));
    QVERIFY(writeFile(rootPem, root.value(QStringLiteral("certificate")).toString().toLatin1()));
    QVERIFY(writeFile(
        intermediatePem, issuedCa.data.value(QStringLiteral("certificate")).toString().toLatin1()));
    QVERIFY(
        writeFile(leafPem, leaf.data.value(QStringLiteral("certificate")).toString().toLatin1()));
    if (spec == QLatin1String("EC_SM2")) {
        // OpenSSL 3's `verify` applies -vfyopt distid only to the certificate it is given, not
        // to the issuers above it (openssl/openssl#23471), so an SM2 chain is checked link by
        // link: the intermediate against the root, the leaf against the intermediate.
        run = openssl(QStringList { QStringLiteral("verify"), QStringLiteral("-CAfile"), rootPem }
            + sm2Options(spec, "-vfyopt") + QStringList { intermediatePem });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = openssl(QStringList { QStringLiteral("verify"), QStringLiteral("-partial_chain"),
                          QStringLiteral("-CAfile"), intermediatePem, QStringLiteral("-purpose"),
                          QStringLiteral("sslserver") }
            + sm2Options(spec, "-vfyopt") + QStringList { leafPem });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        return;
    }
    run = openssl({ QStringLiteral("verify"), QStringLiteral("-CAfile"), rootPem,
        QStringLiteral("-untrusted"), intermediatePem, QStringLiteral("-purpose"),
        QStringLiteral("sslserver"), leafPem });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains(": OK"));
    // The leaf's chain as the console hands it out verifies too.
    const QString chainPem = path(spec + QStringLiteral("-chain.pem"));
    QVERIFY(writeFile(
        chainPem, leaf.data.value(QStringLiteral("certificateChain")).toString().toLatin1()));
    run = openssl({ QStringLiteral("verify"), QStringLiteral("-CAfile"), chainPem, leafPem });
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

void TestCertificateInterop::pkcs12OpensWithOpenssl()
{
    const QJsonObject root = create(QStringLiteral("RSA_2048"), QStringLiteral("P12 Root"),
        { { QStringLiteral("selfSigned"), true } });
    const QJsonObject mine = create(QStringLiteral("RSA_2048"), QStringLiteral("p12.example"),
        { { QStringLiteral("exportablePrivateKey"), true } });
    const Response issued = call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), root.value(QStringLiteral("certificateId")) },
            { QStringLiteral("csr"), mine.value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), QStringLiteral("TLS_CLIENT") } });
    QCOMPARE_CODE(issued, "0");
    const QString id = mine.value(QStringLiteral("certificateId")).toString();
    QCOMPARE_CODE(
        call(QStringLiteral("UploadCertificate"),
            { { QStringLiteral("certificateId"), id },
                { QStringLiteral("certificate"), issued.data.value(QStringLiteral("certificate")) },
                { QStringLiteral("certificateChain"),
                    issued.data.value(QStringLiteral("certificateChain")) } }),
        "0");
    const Response exported = call(QStringLiteral("ExportCertificate"),
        { { QStringLiteral("certificateId"), id },
            { QStringLiteral("format"), QStringLiteral("PKCS12") },
            { QStringLiteral("password"), QStringLiteral("correct horse 42") } });
    QCOMPARE_CODE(exported, "0");
    const QString p12 = path(QStringLiteral("export.p12"));
    QVERIFY(writeFile(p12,
        QByteArray::fromBase64(
            exported.data.value(QStringLiteral("contentBase64")).toString().toLatin1())));
    Run run
        = openssl({ QStringLiteral("pkcs12"), QStringLiteral("-in"), p12, QStringLiteral("-passin"),
            QStringLiteral("pass:correct horse 42"), QStringLiteral("-nodes") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("BEGIN PRIVATE KEY"));
    QCOMPARE(run.out.count("BEGIN CERTIFICATE"), 2);
    // The key in the file is the certificate's key.
    const QString keyPem = path(QStringLiteral("export-key.pem"));
    QVERIFY(writeFile(keyPem, run.out));
    const Run fromKey = openssl(
        { QStringLiteral("pkey"), QStringLiteral("-in"), keyPem, QStringLiteral("-pubout") });
    const Run fromCert = openssl({ QStringLiteral("x509"), QStringLiteral("-in"), keyPem,
        QStringLiteral("-noout"), QStringLiteral("-pubkey") });
    QCOMPARE(fromKey.exitCode, 0);
    QCOMPARE(fromKey.out, fromCert.out);
    // A wrong password does not open it.
    run = openssl({ QStringLiteral("pkcs12"), QStringLiteral("-in"), p12, QStringLiteral("-passin"),
        QStringLiteral("pass:wrong"), QStringLiteral("-nodes") });
    QVERIFY(run.exitCode != 0);
}

void TestCertificateInterop::crlParsesAndVerifiesWithOpenssl()
{
    const QJsonObject root = create(QStringLiteral("EC_P256"), QStringLiteral("CRL Root"),
        { { QStringLiteral("selfSigned"), true } });
    const QString rootId = root.value(QStringLiteral("certificateId")).toString();
    const QJsonObject holder = create(QStringLiteral("EC_P256"), QStringLiteral("revoked.example"));
    const Response issued = call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), rootId },
            { QStringLiteral("csr"), holder.value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    QCOMPARE_CODE(issued, "0");
    const QString serial = issued.data.value(QStringLiteral("serialNumber")).toString();
    QCOMPARE_CODE(call(QStringLiteral("RevokeIssuedCertificate"),
                      { { QStringLiteral("caCertificateId"), rootId },
                          { QStringLiteral("serialNumber"), serial } }),
        "0");
    const Response crl
        = call(QStringLiteral("GenerateCrl"), { { QStringLiteral("caCertificateId"), rootId } });
    QCOMPARE_CODE(crl, "0");
    const QString crlPem = path(QStringLiteral("root.crl"));
    const QString rootPem = path(QStringLiteral("crl-root.pem"));
    QVERIFY(writeFile(crlPem, crl.data.value(QStringLiteral("crl")).toString().toLatin1()));
    QVERIFY(writeFile(rootPem, root.value(QStringLiteral("certificate")).toString().toLatin1()));
    const Run run = openssl({ QStringLiteral("crl"), QStringLiteral("-in"), crlPem,
        QStringLiteral("-CAfile"), rootPem, QStringLiteral("-noout"), QStringLiteral("-text") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.err.contains("verify OK") || run.out.contains("verify OK"));
    QVERIFY(run.out.contains(serial.toLatin1()));
    QVERIFY(run.out.contains("X509v3 CRL Number"));
    // The revoked certificate fails verification against root + CRL.
    const QString leafPem = path(QStringLiteral("revoked.pem"));
    QVERIFY(
        writeFile(leafPem, issued.data.value(QStringLiteral("certificate")).toString().toLatin1()));
    const Run checked = openssl({ QStringLiteral("verify"), QStringLiteral("-crl_check"),
        QStringLiteral("-CAfile"), rootPem, QStringLiteral("-CRLfile"), crlPem, leafPem });
    QVERIFY(checked.exitCode != 0);
    QVERIFY(checked.out.contains("revoked") || checked.err.contains("revoked"));
}

QTEST_GUILESS_MAIN(TestCertificateInterop)
#include "TestCertificateInterop.moc"
