// The certificate service: key pair + CSR, upload with chain, statuses, export, signatures
// with the certificate's key, the offline CA (issue, revoke, CRL), and every certificate
// code for its real cause. A failed call leaves the store as it was.
// (TestCertificateInterop checks the same objects with the openssl command-line tool.)
#include "TestHelpers.h"
#include "crypto/Certificates.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

using namespace kms;
using kms::test::TestStore;

namespace {

QJsonObject subject(const QString &cn = QStringLiteral("console.example"))
{
    return { { QStringLiteral("CN"), cn }, { QStringLiteral("C"), QStringLiteral("CN") },
        { QStringLiteral("O"), QStringLiteral("Example Bank") },
        { QStringLiteral("OU"), QStringLiteral("Key Management") },
        { QStringLiteral("ST"), QStringLiteral("Beijing") } };
}

QJsonObject createParams(const QString &spec, const QJsonObject &extra = {})
{
    QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), spec }, { QStringLiteral("subject"), subject() },
        { QStringLiteral("subjectAlternativeNames"),
            QJsonArray { QStringLiteral("console.example"), QStringLiteral("10.0.0.7") } } };
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        params.insert(it.key(), it.value());
    return params;
}

QJsonObject cert(const Response &response)
{
    return response.data.value(QStringLiteral("certificate")).toObject();
}

QJsonObject idParams(const QString &id, const QJsonObject &extra = {})
{
    QJsonObject params { { QStringLiteral("certificateId"), id } };
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        params.insert(it.key(), it.value());
    return params;
}

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

} // namespace

class TestCertificates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createMakesKeyAndCsr_data();
    void createMakesKeyAndCsr();
    void offlineCaIssuesAndUploadCompletes_data();
    void offlineCaIssuesAndUploadCompletes();
    void statusLifecycle();
    void signAndVerifyWithTheCertificateKey();
    void exportFormats();
    void revocationList();
    void deleteLeavesATombstone();
    void listFilters();
    void errors_data();
    void errors();

private:
    QString create(const QString &spec, const QJsonObject &extra = {});
    // A self-signed root of `spec`, and an intermediate it issued, uploaded; returns ids.
    QString root(const QString &spec);
    QString issueAndUpload(const QString &caId, const QString &spec, const QString &profile);

    std::unique_ptr<TestStore> m_store;
    QHash<QString, QString> m_ids; // role -> certificate id
};

void TestCertificates::initTestCase()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
}

QString TestCertificates::create(const QString &spec, const QJsonObject &extra)
{
    const Response made
        = m_store->call(QStringLiteral("CreateCertificate"), createParams(spec, extra));
    if (!made.ok())
        qWarning("CreateCertificate: %s %s", qPrintable(made.code), qPrintable(made.detail));
    return cert(made).value(QStringLiteral("certificateId")).toString();
}

QString TestCertificates::root(const QString &spec)
{
    QJsonObject extra { { QStringLiteral("selfSigned"), true },
        { QStringLiteral("validityDays"), 3650 } };
    extra.insert(QStringLiteral("subject"), subject(QStringLiteral("Root CA ") + spec));
    return create(spec, extra);
}

QString TestCertificates::issueAndUpload(
    const QString &caId, const QString &spec, const QString &profile)
{
    const QString id = create(spec);
    const Response described = m_store->call(QStringLiteral("DescribeCertificate"), idParams(id));
    const Response issued = m_store->call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), caId },
            { QStringLiteral("csr"), cert(described).value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), profile }, { QStringLiteral("validityDays"), 365 } });
    if (!issued.ok()) {
        qWarning("IssueCertificate: %s %s", qPrintable(issued.code), qPrintable(issued.detail));
        return {};
    }
    const Response uploaded = m_store->call(QStringLiteral("UploadCertificate"),
        idParams(id,
            { { QStringLiteral("certificate"), issued.data.value(QStringLiteral("certificate")) },
                { QStringLiteral("certificateChain"),
                    issued.data.value(QStringLiteral("certificateChain")) } }));
    if (!uploaded.ok()) {
        qWarning(
            "UploadCertificate: %s %s", qPrintable(uploaded.code), qPrintable(uploaded.detail));
        return {};
    }
    return id;
}

void TestCertificates::createMakesKeyAndCsr_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("RSA_2048") << "RSA_2048";
    QTest::newRow("EC_P256") << "EC_P256";
    QTest::newRow("EC_SM2") << "EC_SM2";
}

void TestCertificates::createMakesKeyAndCsr()
{
    QFETCH(QString, spec);
    const Response made = m_store->call(QStringLiteral("CreateCertificate"), createParams(spec));
    QCOMPARE_CODE(made, "0");
    const QJsonObject c = cert(made);
    QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING_IMPORT"));
    QCOMPARE(c.value(QStringLiteral("keySpec")).toString(), spec);
    QVERIFY(c.value(QStringLiteral("subject"))
                .toString()
                .contains(QLatin1String("CN=console.example")));
    const QByteArray csr = c.value(QStringLiteral("csr")).toString().toLatin1();
    QVERIFY(csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
    // The CSR's own signature verifies and carries the key the store keeps.
    auto parsed = crypto::parseCsr(csr);
    QVERIFY_RESULT(parsed);
    QCOMPARE(keySpecName(parsed->keySpec), spec);
    QVERIFY(parsed->subject.contains(QLatin1String("OU=Key Management")));
}

void TestCertificates::offlineCaIssuesAndUploadCompletes_data()
{
    createMakesKeyAndCsr_data();
}

void TestCertificates::offlineCaIssuesAndUploadCompletes()
{
    QFETCH(QString, spec);
    const QString rootId = root(spec);
    QVERIFY(!rootId.isEmpty());
    const Response rootDescribed
        = m_store->call(QStringLiteral("DescribeCertificate"), idParams(rootId));
    QCOMPARE(
        cert(rootDescribed).value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
    QVERIFY(cert(rootDescribed).value(QStringLiteral("isCa")).toBool());
    QCOMPARE(cert(rootDescribed).value(QStringLiteral("issuer")).toString(),
        cert(rootDescribed).value(QStringLiteral("subject")).toString());

    const QString intermediate = issueAndUpload(rootId, spec, QStringLiteral("INTERMEDIATE_CA"));
    QVERIFY(!intermediate.isEmpty());
    const QString leaf = issueAndUpload(intermediate, spec, QStringLiteral("TLS_SERVER"));
    QVERIFY(!leaf.isEmpty());
    const Response described = m_store->call(QStringLiteral("DescribeCertificate"), idParams(leaf));
    QCOMPARE_CODE(described, "0");
    const QJsonObject c = cert(described);
    QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
    QVERIFY(!c.value(QStringLiteral("isCa")).toBool());
    QCOMPARE(c.value(QStringLiteral("chain")).toArray().size(), 2);
    QVERIFY(c.value(QStringLiteral("text"))
                .toString()
                .contains(QLatin1String("TLS Web Server Authentication")));
    QVERIFY(c.value(QStringLiteral("text")).toString().contains(QLatin1String("10.0.0.7")));
    m_ids[QStringLiteral("root-") + spec] = rootId;
    m_ids[QStringLiteral("intermediate-") + spec] = intermediate;
    m_ids[QStringLiteral("leaf-") + spec] = leaf;
}

void TestCertificates::statusLifecycle()
{
    const QString rootId = root(QStringLiteral("EC_P256"));
    const QString id
        = issueAndUpload(rootId, QStringLiteral("EC_P256"), QStringLiteral("TLS_CLIENT"));
    QVERIFY(!id.isEmpty());
    auto set = [&](const char *status) {
        return m_store->call(QStringLiteral("UpdateCertificateStatus"),
            idParams(id, { { QStringLiteral("status"), QLatin1String(status) } }));
    };
    QCOMPARE_CODE(set("ACTIVE"), "KMS0258");
    QCOMPARE_CODE(set("INACTIVE"), "0");
    QCOMPARE_CODE(set("INACTIVE"), "KMS0260");
    QCOMPARE_CODE(set("ACTIVE"), "0");
    QCOMPARE_CODE(set("REVOKED"), "0");
    const QString before = m_store->snapshot();
    QCOMPARE_CODE(set("ACTIVE"), "KMS0259");
    QCOMPARE_CODE(set("REVOKED"), "KMS0259");
    QCOMPARE(m_store->snapshot(), before);
    // The revocation reached the issuing CA's list.
    const Response crl = m_store->call(
        QStringLiteral("GenerateCrl"), { { QStringLiteral("caCertificateId"), rootId } });
    QCOMPARE_CODE(crl, "0");
    QCOMPARE(crl.data.value(QStringLiteral("revokedCount")).toInt(), 1);
}

void TestCertificates::signAndVerifyWithTheCertificateKey()
{
    const QString rootId = root(QStringLiteral("EC_SM2"));
    const QString id
        = issueAndUpload(rootId, QStringLiteral("EC_SM2"), QStringLiteral("CODE_SIGNING"));
    QVERIFY(!id.isEmpty());
    const QJsonObject raw { { QStringLiteral("algorithm"), QStringLiteral("SM2DSA") },
        { QStringLiteral("messageType"), QStringLiteral("RAW") },
        { QStringLiteral("message"), b64("release 1.0") } };
    const Response signature
        = m_store->call(QStringLiteral("CertificatePrivateKeySign"), idParams(id, raw));
    QCOMPARE_CODE(signature, "0");
    QJsonObject verify = raw;
    verify.insert(QStringLiteral("signature"), signature.data.value(QStringLiteral("signature")));
    Response verified
        = m_store->call(QStringLiteral("CertificatePublicKeyVerify"), idParams(id, verify));
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());
    verify.insert(QStringLiteral("message"), b64("release 1.1"));
    verified = m_store->call(QStringLiteral("CertificatePublicKeyVerify"), idParams(id, verify));
    QVERIFY(!verified.data.value(QStringLiteral("valid")).toBool());

    // Inactive: no signing; revoked: still verifies.
    QCOMPARE_CODE(m_store->call(QStringLiteral("UpdateCertificateStatus"),
                      idParams(id, { { QStringLiteral("status"), QStringLiteral("INACTIVE") } })),
        "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CertificatePrivateKeySign"), idParams(id, raw)), "KMS.0143");
    QCOMPARE_CODE(m_store->call(QStringLiteral("UpdateCertificateStatus"),
                      idParams(id, { { QStringLiteral("status"), QStringLiteral("REVOKED") } })),
        "0");
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CertificatePrivateKeySign"), idParams(id, raw)), "KMS0259");
    verify.insert(QStringLiteral("message"), b64("release 1.0"));
    verified = m_store->call(QStringLiteral("CertificatePublicKeyVerify"), idParams(id, verify));
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());

    // DIGEST messages are the 32-byte digest the algorithm signs.
    const QString p256Root = root(QStringLiteral("EC_P256"));
    const QJsonObject digest { { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
        { QStringLiteral("messageType"), QStringLiteral("DIGEST") },
        { QStringLiteral("message"),
            b64(QCryptographicHash::hash("m", QCryptographicHash::Sha256)) } };
    QCOMPARE_CODE(
        m_store->call(QStringLiteral("CertificatePrivateKeySign"), idParams(p256Root, digest)),
        "0");
}

void TestCertificates::exportFormats()
{
    const QString rootId = root(QStringLiteral("RSA_2048"));
    const QString exportable
        = create(QStringLiteral("RSA_2048"), { { QStringLiteral("exportablePrivateKey"), true } });
    const Response described
        = m_store->call(QStringLiteral("DescribeCertificate"), idParams(exportable));
    const Response issued = m_store->call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), rootId },
            { QStringLiteral("csr"), cert(described).value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    QCOMPARE_CODE(issued, "0");
    QCOMPARE_CODE(m_store->call(QStringLiteral("UploadCertificate"),
                      idParams(exportable,
                          { { QStringLiteral("certificate"),
                                issued.data.value(QStringLiteral("certificate")) },
                              { QStringLiteral("certificateChain"),
                                  issued.data.value(QStringLiteral("certificateChain")) } })),
        "0");
    auto exported = [&](const QString &id, const char *format, const QString &password = {}) {
        QJsonObject params = idParams(id, { { QStringLiteral("format"), QLatin1String(format) } });
        if (!password.isEmpty())
            params.insert(QStringLiteral("password"), password);
        return m_store->call(QStringLiteral("ExportCertificate"), params);
    };
    const Response pem = exported(exportable, "PEM");
    QCOMPARE_CODE(pem, "0");
    QVERIFY(pem.data.value(QStringLiteral("content"))
                .toString()
                .startsWith(QLatin1String("-----BEGIN CERTIFICATE")));
    const Response der = exported(exportable, "DER");
    QCOMPARE_CODE(der, "0");
    QVERIFY_RESULT(crypto::parseCertificate(QByteArray::fromBase64(
        der.data.value(QStringLiteral("contentBase64")).toString().toLatin1())));
    const Response chain = exported(exportable, "CHAIN_PEM");
    QCOMPARE(chain.data.value(QStringLiteral("content"))
                 .toString()
                 .count(QLatin1String("BEGIN CERTIFICATE")),
        2);
    const Response p12 = exported(exportable, "PKCS12", QStringLiteral("ceremony-2026"));
    QCOMPARE_CODE(p12, "0");
    QVERIFY(!p12.data.value(QStringLiteral("contentBase64")).toString().isEmpty());
    // The password is never stored.
    QVERIFY(!m_store->snapshot().contains(QLatin1String("ceremony-2026")));
    // Not exportable: the root's key was not created so.
    QCOMPARE_CODE(exported(rootId, "PKCS12", QStringLiteral("ceremony-2026")), "KMS.0142");
    QCOMPARE_CODE(exported(rootId, "JKS"), "KMS.0144");
    QCOMPARE_CODE(exported(exportable, "PKCS12"), "KMS.0101");
}

void TestCertificates::revocationList()
{
    const QString rootId = root(QStringLiteral("EC_P256"));
    const QString csrOwner = create(QStringLiteral("EC_P256"));
    const QString csr
        = cert(m_store->call(QStringLiteral("DescribeCertificate"), idParams(csrOwner)))
              .value(QStringLiteral("csr"))
              .toString();
    QStringList serials;
    for (int i = 0; i < 3; ++i) {
        const Response issued = m_store->call(QStringLiteral("IssueCertificate"),
            { { QStringLiteral("caCertificateId"), rootId }, { QStringLiteral("csr"), csr },
                { QStringLiteral("profile"), QStringLiteral("TLS_CLIENT") } });
        QCOMPARE_CODE(issued, "0");
        serials.append(issued.data.value(QStringLiteral("serialNumber")).toString());
    }
    QCOMPARE(QSet<QString>(serials.begin(), serials.end()).size(), 3);
    auto revoke = [&](const QString &serial) {
        return m_store->call(QStringLiteral("RevokeIssuedCertificate"),
            { { QStringLiteral("caCertificateId"), rootId },
                { QStringLiteral("serialNumber"), serial } });
    };
    QCOMPARE_CODE(revoke(serials.at(1)), "0");
    QCOMPARE_CODE(revoke(serials.at(1)), "KMS0259");
    QCOMPARE_CODE(revoke(QStringLiteral("0123456789ABCDEF")), "KMS.0309");
    const Response first = m_store->call(
        QStringLiteral("GenerateCrl"), { { QStringLiteral("caCertificateId"), rootId } });
    QCOMPARE_CODE(first, "0");
    QCOMPARE(first.data.value(QStringLiteral("revokedCount")).toInt(), 1);
    QVERIFY(first.data.value(QStringLiteral("crl"))
                .toString()
                .startsWith(QLatin1String("-----BEGIN X509 CRL-----")));
    const Response second = m_store->call(
        QStringLiteral("GenerateCrl"), { { QStringLiteral("caCertificateId"), rootId } });
    QCOMPARE(second.data.value(QStringLiteral("crlNumber")).toInt(),
        first.data.value(QStringLiteral("crlNumber")).toInt() + 1);
    // A certificate that is no CA neither issues nor lists.
    const QString leaf
        = issueAndUpload(rootId, QStringLiteral("EC_P256"), QStringLiteral("TLS_SERVER"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("GenerateCrl"),
                      { { QStringLiteral("caCertificateId"), leaf } }),
        "KMS.0143");
    QCOMPARE_CODE(m_store->call(QStringLiteral("IssueCertificate"),
                      { { QStringLiteral("caCertificateId"), leaf }, { QStringLiteral("csr"), csr },
                          { QStringLiteral("profile"), QStringLiteral("TLS_CLIENT") } }),
        "KMS.0143");
}

void TestCertificates::deleteLeavesATombstone()
{
    const QString id = create(QStringLiteral("EC_P256"));
    QCOMPARE_CODE(m_store->call(QStringLiteral("DeleteCertificate"), idParams(id)), "0");
    const Response after = m_store->call(QStringLiteral("DescribeCertificate"), idParams(id));
    QCOMPARE_CODE(after, "KMS0310");
    QCOMPARE_CODE(m_store->call(QStringLiteral("DeleteCertificate"), idParams(id)), "KMS0310");
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT COUNT(*) FROM certificates WHERE certificate_id = '%1'"
                                " AND handle IS NULL")
                     .arg(id)),
        1);
}

void TestCertificates::listFilters()
{
    TestStore store;
    const auto make = [&](const QString &cn, bool selfSigned) {
        QJsonObject params = createParams(QStringLiteral("EC_P256"));
        params.insert(QStringLiteral("subject"), subject(cn));
        if (selfSigned) {
            params.insert(QStringLiteral("selfSigned"), true);
            params.insert(QStringLiteral("validityDays"), 30);
        }
        return cert(store.call(QStringLiteral("CreateCertificate"), params))
            .value(QStringLiteral("certificateId"))
            .toString();
    };
    make(QStringLiteral("alpha"), true);
    make(QStringLiteral("beta"), false);
    make(QStringLiteral("gamma"), true);
    auto list = [&](const QJsonObject &params) {
        const Response listed = store.call(QStringLiteral("ListCertificates"), params);
        return listed.data.value(QStringLiteral("totalCount")).toInt();
    };
    QCOMPARE(list({}), 3);
    QCOMPARE(list({ { QStringLiteral("status"), QStringLiteral("ACTIVE") } }), 2);
    QCOMPARE(list({ { QStringLiteral("status"), QStringLiteral("PENDING_IMPORT") } }), 1);
    QCOMPARE(list({ { QStringLiteral("subject"), QStringLiteral("gam") } }), 1);
    QCOMPARE(list({ { QStringLiteral("expiringBefore"),
                 formatTime(QDateTime::currentDateTimeUtc().addDays(60)) } }),
        2);
    QCOMPARE_CODE(store.call(QStringLiteral("ListCertificates"),
                      { { QStringLiteral("expiringBefore"), QStringLiteral("soon") } }),
        "KMS.0235");
    QCOMPARE_CODE(store.call(QStringLiteral("ListCertificates"),
                      { { QStringLiteral("status"), QStringLiteral("EXPIRED") } }),
        "KMS.0128");
}

void TestCertificates::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    const QString pending = QStringLiteral("$pending");
    const QString active = QStringLiteral("$active");
    QJsonObject noSubject = createParams(QStringLiteral("EC_P256"));
    noSubject.remove(QStringLiteral("subject"));
    QTest::newRow("subject missing") << "CreateCertificate" << noSubject << "KMS0254";
    QJsonObject partial = createParams(QStringLiteral("EC_P256"));
    QJsonObject partialSubject = subject();
    partialSubject.remove(QStringLiteral("OU"));
    partial.insert(QStringLiteral("subject"), partialSubject);
    QTest::newRow("subject without OU") << "CreateCertificate" << partial << "KMS0254";
    QTest::newRow("symmetric key spec")
        << "CreateCertificate" << createParams(QStringLiteral("AES_256")) << "KMS.0141";
    QTest::newRow("RSA of another size")
        << "CreateCertificate" << createParams(QStringLiteral("RSA_4096")) << "KMS.0141";
    QJsonObject tooMany = createParams(QStringLiteral("EC_P256"));
    QJsonArray names;
    for (int i = 0; i < 11; ++i)
        names.append(QStringLiteral("host%1.example").arg(i));
    tooMany.insert(QStringLiteral("subjectAlternativeNames"), names);
    QTest::newRow("eleven alternative names") << "CreateCertificate" << tooMany << "KMS.0128";

    QTest::newRow("id empty") << "DescribeCertificate" << idParams(QString()) << "KMS0255";
    QTest::newRow("id malformed") << "DescribeCertificate" << idParams(QStringLiteral("cert-1"))
                                  << "KMS.0138";
    QTest::newRow("id unknown") << "DescribeCertificate"
                                << idParams(QStringLiteral("00000000-0000-4000-8000-000000000000"))
                                << "KMS.0309";
    QTest::newRow("status empty") << "UpdateCertificateStatus" << idParams(active) << "KMS0256";
    QTest::newRow("status before import")
        << "UpdateCertificateStatus"
        << idParams(pending, { { QStringLiteral("status"), QStringLiteral("INACTIVE") } })
        << "KMS0257";
    QTest::newRow("export before import")
        << "ExportCertificate"
        << idParams(pending, { { QStringLiteral("format"), QStringLiteral("PEM") } }) << "KMS0257";
    QTest::newRow("sign before import")
        << "CertificatePrivateKeySign"
        << idParams(pending,
               { { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
                   { QStringLiteral("messageType"), QStringLiteral("RAW") },
                   { QStringLiteral("message"), b64("x") } })
        << "KMS0257";
    QTest::newRow("message type unknown")
        << "CertificatePrivateKeySign"
        << idParams(active,
               { { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
                   { QStringLiteral("messageType"), QStringLiteral("HASH") },
                   { QStringLiteral("message"), b64("x") } })
        << "KMS.0137";
    QTest::newRow("raw message too long")
        << "CertificatePrivateKeySign"
        << idParams(active,
               { { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
                   { QStringLiteral("messageType"), QStringLiteral("RAW") },
                   { QStringLiteral("message"), b64(QByteArray(4097, 'x')) } })
        << "KMS.0249";
    QTest::newRow("upload garbage")
        << "UploadCertificate"
        << idParams(pending,
               { { QStringLiteral("certificate"),
                   QStringLiteral(
                       "-----BEGIN CERTIFICATE-----\nnot\n-----END CERTIFICATE-----\n") } })
        << "KMS.0140";
    QTest::newRow("upload another key's certificate")
        << "UploadCertificate"
        << idParams(pending, { { QStringLiteral("certificate"), QStringLiteral("$activePem") } })
        << "KMS.0139";
    QTest::newRow("upload with a chain that does not fit")
        << "UploadCertificate"
        << idParams(pending,
               { { QStringLiteral("certificate"), QStringLiteral("$pendingIssuedPem") },
                   { QStringLiteral("certificateChain"), QStringLiteral("$activePem") } })
        << "KMS.0139";
    QTest::newRow("issue from garbage CSR")
        << "IssueCertificate"
        << QJsonObject { { QStringLiteral("caCertificateId"), active },
               { QStringLiteral("csr"), QStringLiteral("nope") },
               { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } }
        << "KMS.0140";
}

void TestCertificates::errors()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    // Fresh objects per row: a pending certificate, an active self-signed CA, and a
    // certificate for the pending one's key issued by a CA the upload is not given.
    TestStore store;
    const auto made = [&](const QJsonObject &extra) {
        return cert(store.call(
            QStringLiteral("CreateCertificate"), createParams(QStringLiteral("EC_P256"), extra)));
    };
    const QJsonObject pending = made({});
    const QJsonObject active = made({ { QStringLiteral("selfSigned"), true } });
    const QJsonObject otherCa = made({ { QStringLiteral("selfSigned"), true } });
    const Response issued = store.call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), otherCa.value(QStringLiteral("certificateId")) },
            { QStringLiteral("csr"), pending.value(QStringLiteral("csr")) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    QCOMPARE_CODE(issued, "0");
    const QHash<QString, QString> values {
        { QStringLiteral("$pending"), pending.value(QStringLiteral("certificateId")).toString() },
        { QStringLiteral("$active"), active.value(QStringLiteral("certificateId")).toString() },
        { QStringLiteral("$activePem"), active.value(QStringLiteral("certificate")).toString() },
        { QStringLiteral("$pendingIssuedPem"),
            issued.data.value(QStringLiteral("certificate")).toString() },
    };
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.value().isString() && values.contains(it.value().toString()))
            it.value() = values.value(it.value().toString());
    }
    const QString before = store.snapshot();
    QCOMPARE_CODE(store.call(action, params), qPrintable(code));
    QCOMPARE(store.snapshot(), before);
}

QTEST_GUILESS_MAIN(TestCertificates)
#include "TestCertificates.moc"
