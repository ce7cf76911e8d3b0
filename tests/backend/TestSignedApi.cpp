// The local signed API (docs/api.md): access keys per operator, the real server on a loopback
// port, and as the other party the command-line tools (openssl computes the signature, curl
// sends it) or a raw socket. KMS.0402 / KMS.0403 / KMS.0404 for their real causes, the
// operator's role (KMS.0405), frozen state (KMS.0406) and quota (kms.0407) through the API,
// the secret never stored or audited in clear, refusals that change nothing.
#include "TestHelpers.h"

#include "auth/AccessKeys.h"
#include "server/ApiAuthenticator.h"
#include "server/LocalApiServer.h"
#include "server/RequestSignature.h"
#include "store/Store.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace kms;
using namespace kms::test;

namespace {

const char *const kAdminPassword = "admin-pass-1";

struct HttpAnswer
{
    int status = 0;
    QJsonObject json;
    QString code() const { return json.value(QLatin1String("code")).toString(); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// The answer in the raw bytes of an HTTP response.
HttpAnswer parseAnswer(const QByteArray &raw)
{
    HttpAnswer answer;
    const qsizetype headEnd = raw.indexOf("\r\n\r\n");
    const QList<QByteArray> statusLine = raw.left(raw.indexOf("\r\n")).split(' ');
    answer.status = statusLine.value(1).toInt();
    if (headEnd >= 0)
        answer.json = QJsonDocument::fromJson(raw.mid(headEnd + 4)).object();
    return answer;
}

QString textOf(const SecureBytes &secret)
{
    return QString::fromLatin1(reinterpret_cast<const char *>(secret.data()), secret.intSize());
}

} // namespace

class TestSignedApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void signingSchemeDefinitions();
    void opensslAndCurlEncryptDecryptRoundTrip();
    void opensslAndCurlWrongSignatureIsKMS0402();
    void keyOfficerCreatesKeyThroughTheApi();
    void refusedRequests_data();
    void refusedRequests();
    void replayedRequestIsKMS0402();
    void cryptoUserCreateKeyIsKMS0405();
    void frozenOperatorIsKMS0406();
    void quotaThroughTheApiIsKms0407();
    void tooLongBodyIsKMS0129AndUnknownPathIs404();
    void refusalsAreAuditedAndChangeNothing();
    void secretNeverInClearInTheStoreOrAudit();
    void accessKeysNeedAnAdministrator();
    void kmsctlAccessKeysAndServe();

private:
    // Signed headers for a request (the backend's own signer: for the cases where the other
    // party's tools are not the point).
    Headers signedHeaders(const QString &accessKeyId, const SecureBytes &secret,
        const QString &action, const QByteArray &body, const QDateTime &date) const;
    // One request on a connection of its own (Connection: close), read to its end.
    HttpAnswer send(const QByteArray &method, const QString &action, const QByteArray &body,
        const Headers &headers);
    HttpAnswer sendSigned(const QString &accessKeyId, const SecureBytes &secret,
        const QString &action, const QJsonObject &params);
    // Runs a program to its end while the event loop (and so the server) runs.
    ProcessRun runAsync(
        const QString &program, const QStringList &args, const QByteArray &input = {});
    // The other party: openssl computes the digest and the signature of the body as the
    // documentation says, curl sends it. `signWith` is the secret used for the HMAC.
    HttpAnswer curlSigned(const QString &accessKeyId, const QString &signWith,
        const QString &action, const QByteArray &body);

    void setSetting(const QString &name, const QString &value);

    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<server::LocalApiServer> m_server;
    TestClock m_clock;
    QString m_aesKey;
    QString m_otherKey; // granted to nobody
    QString m_carlKey; // crypto user carl, granted m_aesKey
    SecureBytes m_carlSecret;
    QString m_kateKey; // key officer kate
    SecureBytes m_kateSecret;
};

void TestSignedApi::init()
{
    m_store = std::make_unique<TestStore>();
    QVERIFY(m_store->isValid());
    StoreSession &session = m_store->session();
    session.setClock(m_clock);
    session.setPasswordHashParams(fastArgon2());
    m_aesKey = m_store->createKey();
    m_otherKey = m_store->createKey();
    QVERIFY(!m_aesKey.isEmpty() && !m_otherKey.isEmpty());
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret(kAdminPassword)));
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), secret("officer-pass-2")));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("carl"), QStringLiteral("crypto_user"), secret("crypto-pass-3")));
    QVERIFY_RESULT(session.grantKey(QStringLiteral("carl"), m_aesKey));
    auto carl = session.createAccessKey(QStringLiteral("carl"));
    QVERIFY_RESULT(carl);
    m_carlKey = carl->accessKeyId;
    m_carlSecret = std::move(carl->secret);
    auto kate = session.createAccessKey(QStringLiteral("kate"));
    QVERIFY_RESULT(kate);
    m_kateKey = kate->accessKeyId;
    m_kateSecret = std::move(kate->secret);
    QVERIFY(auth::isValidAccessKeyId(m_carlKey));
    QCOMPARE(m_carlSecret.size(), std::size_t(auth::kAccessKeySecretLength));
    QVERIFY_RESULT(session.logOut());

    m_server = std::make_unique<server::LocalApiServer>(session);
    auto port = m_server->listen(0);
    QVERIFY_RESULT(port);
    QVERIFY(*port != 0);
}

void TestSignedApi::cleanup()
{
    m_server.reset();
    m_store.reset();
    m_carlSecret.clear();
    m_kateSecret.clear();
}

Headers TestSignedApi::signedHeaders(const QString &accessKeyId, const SecureBytes &secret,
    const QString &action, const QByteArray &body, const QDateTime &date) const
{
    const QByteArray dateText = server::signature::formatDate(date);
    const QByteArray canonical
        = server::signature::canonicalString("POST", "/v1/" + action.toLatin1(), dateText, body);
    return { { "X-Sdk-Date", dateText },
        { "Authorization",
            server::signature::authorizationHeader(
                accessKeyId, server::signature::sign(secret, canonical)) } };
}

HttpAnswer TestSignedApi::send(
    const QByteArray &method, const QString &action, const QByteArray &body, const Headers &headers)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QByteArray request = method + " /v1/" + action.toLatin1()
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
          "application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    socket.write(request + "\r\n" + body);
    QByteArray received;
    const bool closed = QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        30000);
    received += socket.readAll();
    if (!closed)
        qWarning("the server did not close the connection");
    return parseAnswer(received);
}

HttpAnswer TestSignedApi::sendSigned(const QString &accessKeyId, const SecureBytes &secret,
    const QString &action, const QJsonObject &params)
{
    const QByteArray body = QJsonDocument(params).toJson(QJsonDocument::Compact);
    return send(
        "POST", action, body, signedHeaders(accessKeyId, secret, action, body, m_clock.now()));
}

ProcessRun TestSignedApi::runAsync(
    const QString &program, const QStringList &args, const QByteArray &input)
{
    QProcess process;
    process.start(program, args);
    process.write(input);
    process.closeWriteChannel();
    const bool ended
        = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000);
    if (!ended || process.error() == QProcess::FailedToStart) {
        process.kill();
        process.waitForFinished();
        return { -1, process.readAllStandardOutput(), process.readAllStandardError() };
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        process.readAllStandardOutput(), process.readAllStandardError() };
}

HttpAnswer TestSignedApi::curlSigned(const QString &accessKeyId, const QString &signWith,
    const QString &action, const QByteArray &body)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (openssl.isEmpty() || curl.isEmpty())
        return {};
    // The sorted body values, written by hand as docs/api.md says: one line key=value per
    // top-level key, sorted, each value in its compact JSON form.
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end());
    QByteArray lines;
    for (const QString &key : std::as_const(keys)) // the tests send strings only
        lines += key.toUtf8() + "=\"" + object.value(key).toString().toUtf8() + "\"\n";
    const ProcessRun digest = runProcess(openssl,
        { QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-r") }, lines);
    if (digest.exitCode != 0)
        return {};
    const QByteArray date
        = m_clock.now().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
    const QByteArray canonical = "SDK-HMAC-SHA256\nPOST\n/v1/" + action.toLatin1() + '\n' + date
        + '\n' + digest.out.left(64);
    const ProcessRun mac = runProcess(openssl,
        { QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-mac"),
            QStringLiteral("HMAC"), QStringLiteral("-macopt"),
            QStringLiteral("key:%1").arg(signWith), QStringLiteral("-r") },
        canonical);
    if (mac.exitCode != 0)
        return {};
    const ProcessRun sent = runAsync(curl,
        { QStringLiteral("-sS"), QStringLiteral("-i"), QStringLiteral("-X"), QStringLiteral("POST"),
            QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
            QStringLiteral("-H"), QStringLiteral("X-Sdk-Date: %1").arg(QString::fromLatin1(date)),
            QStringLiteral("-H"),
            QStringLiteral("Authorization: SDK-HMAC-SHA256 Access=%1, SignedHeaders=x-sdk-date, "
                           "Signature=%2")
                .arg(accessKeyId, QString::fromLatin1(mac.out.left(64))),
            QStringLiteral("--data-binary"), QString::fromUtf8(body),
            QStringLiteral("http://127.0.0.1:%1/v1/%2").arg(m_server->port()).arg(action) });
    if (sent.exitCode != 0)
        qWarning("curl: %s", sent.err.constData());
    return parseAnswer(sent.out);
}

void TestSignedApi::setSetting(const QString &name, const QString &value)
{
    store::TransactionGuard transaction(m_store->session().store());
    QVERIFY_RESULT(transaction.begin());
    QVERIFY_RESULT(m_store->session().store().setSetting(name, value));
    QVERIFY_RESULT(transaction.commit());
}

void TestSignedApi::signingSchemeDefinitions()
{
    using namespace server::signature;
    QCOMPARE(parseDate("20261129T101500Z"), QDateTime(QDate(2026, 11, 29), QTime(10, 15), Qt::UTC));
    QVERIFY(!parseDate("2026-11-29T10:15:00Z").isValid());
    QVERIFY(!parseDate("20261129T101500").isValid());
    QVERIFY(!parseDate("20261329T101500Z").isValid());
    QCOMPARE(formatDate(QDateTime(QDate(2026, 11, 29), QTime(10, 15), Qt::UTC)),
        QByteArray("20261129T101500Z"));
    // Keys sorted, values in compact JSON; key order and spacing of the body do not matter.
    QCOMPARE(sortedBodyValues(R"({ "plaintext": "aGk=", "cmkUuid": "k-1", "n": 5,
        "ctx": {"b": true, "a": [1, "x"]} })"),
        QByteArray("cmkUuid=\"k-1\"\nctx={\"a\":[1,\"x\"],\"b\":true}\nn=5\nplaintext=\"aGk=\"\n"));
    QCOMPARE(sortedBodyValues(""), QByteArray());
    QCOMPARE(sortedBodyValues("not json"), QByteArray("not json"));
    QCOMPARE(bodyDigest("{}"),
        QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    // The worked example of docs/api.md.
    const QByteArray canonical = canonicalString("POST", "/v1/Encrypt", "20261129T101500Z",
        R"({"cmkUuid":"11111111-2222-4333-8444-555555555555","plaintext":"SGVsbG8="})");
    QCOMPARE(canonical,
        QByteArray("SDK-HMAC-SHA256\nPOST\n/v1/Encrypt\n20261129T101500Z\n")
            + bodyDigest("cmkUuid=\"11111111-2222-4333-8444-555555555555\"\nplaintext="
                         "\"SGVsbG8=\"\n"));
    const SecureBytes exampleSecret = secret("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY01");
    QCOMPARE(
        bodyDigest(R"({"cmkUuid":"11111111-2222-4333-8444-555555555555","plaintext":"SGVsbG8="})"),
        QByteArray("47fa40002fcd72e36750c08dc06f774df6c11275d1a2e9ef818cadfbe22c11c4"));
    QCOMPARE(sign(exampleSecret, canonical),
        QByteArray("d55cc2fbf9f87ec806a969166da0e37c2495db552f6f757b8d16db37553f0666"));
    const auto parsed = parseAuthorization("SDK-HMAC-SHA256 Access=ABCDEFGHIJ0123456789, "
                                           "SignedHeaders=x-sdk-date, Signature="
        + QByteArray(64, 'a'));
    QVERIFY(parsed);
    QCOMPARE(parsed->accessKeyId, QStringLiteral("ABCDEFGHIJ0123456789"));
    QCOMPARE(parsed->signature, QByteArray(32, char(0xaa)));
    QVERIFY(!parseAuthorization("SDK-HMAC-SHA256 Access=A, Signature=" + QByteArray(64, 'a')));
    QVERIFY(!parseAuthorization(
        "HMAC Access=A, SignedHeaders=x-sdk-date, Signature=" + QByteArray(64, 'a')));
    QVERIFY(!parseAuthorization("SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date, "
                                "Signature=abc"));
}

void TestSignedApi::opensslAndCurlEncryptDecryptRoundTrip()
{
    const QByteArray encryptBody
        = QJsonDocument(QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey },
                            { QStringLiteral("plaintext"), QStringLiteral("aGVsbG8gYXBp") } })
              .toJson(QJsonDocument::Compact);
    const HttpAnswer encrypted
        = curlSigned(m_carlKey, textOf(m_carlSecret), QStringLiteral("Encrypt"), encryptBody);
    QCOMPARE(encrypted.code(), QStringLiteral("0"));
    QCOMPARE(encrypted.status, 200);
    const QString blob = encrypted.json.value(QLatin1String("data"))
                             .toObject()
                             .value(QLatin1String("ciphertextBlob"))
                             .toString();
    QVERIFY(!blob.isEmpty());
    const QByteArray decryptBody = QJsonDocument(
        QJsonObject { { QStringLiteral("ciphertextBlob"),
            blob } }).toJson(QJsonDocument::Compact);
    const HttpAnswer decrypted
        = curlSigned(m_carlKey, textOf(m_carlSecret), QStringLiteral("Decrypt"), decryptBody);
    QCOMPARE(decrypted.code(), QStringLiteral("0"));
    QCOMPARE(decrypted.json.value(QLatin1String("data"))
                 .toObject()
                 .value(QLatin1String("plaintext"))
                 .toString(),
        QStringLiteral("aGVsbG8gYXBp"));
    // Audited as carl in his role; the access key notes its last use.
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE operator = 'carl "
                                            "(crypto_user)' AND result_code = '0' AND action "
                                            "IN ('Encrypt', 'Decrypt')")),
        2);
    QCOMPARE(m_store->scalar(
                 QStringLiteral("SELECT COUNT(*) FROM access_keys WHERE access_key_id = '%1' "
                                "AND last_used IS NOT NULL")
                     .arg(m_carlKey)),
        1);
}

void TestSignedApi::opensslAndCurlWrongSignatureIsKMS0402()
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey },
                            { QStringLiteral("plaintext"), QStringLiteral("aGVsbG8=") } })
              .toJson(QJsonDocument::Compact);
    // Signed with another secret of the right length.
    const HttpAnswer answer = curlSigned(m_carlKey,
        QString(auth::kAccessKeySecretLength, QLatin1Char('x')), QStringLiteral("Encrypt"), body);
    QCOMPARE(answer.code(), QStringLiteral("KMS.0402"));
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json.value(QLatin1String("message")).toString(), QStringLiteral("Sign wrong"));
    QCOMPARE(answer.json.value(QLatin1String("detail")).toString(),
        QStringLiteral("the signature does not match"));
}

void TestSignedApi::keyOfficerCreatesKeyThroughTheApi()
{
    const HttpAnswer answer = sendSigned(m_kateKey, m_kateSecret, QStringLiteral("CreateKey"),
        { { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE(answer.code(), QStringLiteral("0"));
    const QString id = answer.json.value(QLatin1String("data"))
                           .toObject()
                           .value(QLatin1String("keyMetadata"))
                           .toObject()
                           .value(QLatin1String("cmkUuid"))
                           .toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE operator = 'kate "
                                            "(key_officer)' AND action = 'CreateKey' AND "
                                            "target = '%1' AND result_code = '0'")
                                 .arg(id)),
        1);
}

enum class Tamper {
    UnknownKey,
    DisabledKey,
    DeletedKey,
    BodyChanged,
    NoAuthorization,
    MalformedAuthorization,
    NoDate,
    MalformedDate,
    DateTenMinutesOld,
    DateTenMinutesAhead,
};
Q_DECLARE_METATYPE(Tamper)

void TestSignedApi::refusedRequests_data()
{
    QTest::addColumn<Tamper>("tamper");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("auditOperator");
    QTest::newRow("KMS.0402 unknown access key")
        << Tamper::UnknownKey << QStringLiteral("KMS.0402") << QStringLiteral("api:%1");
    QTest::newRow("KMS.0402 disabled access key")
        << Tamper::DisabledKey << QStringLiteral("KMS.0402") << QStringLiteral("carl");
    QTest::newRow("KMS.0402 deleted access key")
        << Tamper::DeletedKey << QStringLiteral("KMS.0402") << QStringLiteral("api:%1");
    QTest::newRow("KMS.0402 body changed after signing")
        << Tamper::BodyChanged << QStringLiteral("KMS.0402") << QStringLiteral("carl");
    QTest::newRow("KMS.0402 missing Authorization")
        << Tamper::NoAuthorization << QStringLiteral("KMS.0402") << QStringLiteral("api:");
    QTest::newRow("KMS.0402 malformed Authorization")
        << Tamper::MalformedAuthorization << QStringLiteral("KMS.0402") << QStringLiteral("api:");
    QTest::newRow("KMS.0403 missing X-Sdk-Date")
        << Tamper::NoDate << QStringLiteral("KMS.0403") << QStringLiteral("api:%1");
    QTest::newRow("KMS.0403 malformed X-Sdk-Date")
        << Tamper::MalformedDate << QStringLiteral("KMS.0403") << QStringLiteral("api:%1");
    QTest::newRow("KMS.0404 date 10 minutes old")
        << Tamper::DateTenMinutesOld << QStringLiteral("KMS.0404") << QStringLiteral("carl");
    QTest::newRow("KMS.0404 date 10 minutes ahead")
        << Tamper::DateTenMinutesAhead << QStringLiteral("KMS.0404") << QStringLiteral("carl");
}

void TestSignedApi::refusedRequests()
{
    QFETCH(Tamper, tamper);
    QFETCH(QString, code);
    QFETCH(QString, auditOperator);
    StoreSession &session = m_store->session();
    QString accessKeyId = m_carlKey;
    if (tamper == Tamper::UnknownKey)
        accessKeyId = QStringLiteral("AAAAAAAAAAAAAAAAAAAA");
    if (tamper == Tamper::DisabledKey || tamper == Tamper::DeletedKey) {
        QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
        QVERIFY_RESULT(tamper == Tamper::DisabledKey ? session.disableAccessKey(m_carlKey)
                                                     : session.deleteAccessKey(m_carlKey));
        QVERIFY_RESULT(session.logOut());
    }
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey },
                            { QStringLiteral("plaintext"), QStringLiteral("c2VjcmV0") } })
              .toJson(QJsonDocument::Compact);
    Headers headers
        = signedHeaders(accessKeyId, m_carlSecret, QStringLiteral("Encrypt"), body, m_clock.now());
    QByteArray sentBody = body;
    switch (tamper) {
    case Tamper::BodyChanged:
        sentBody.replace("c2VjcmV0", "b3RoZXI=");
        break;
    case Tamper::NoAuthorization:
        headers.removeAt(1);
        break;
    case Tamper::MalformedAuthorization:
        headers[1].second.replace("SignedHeaders=x-sdk-date, ", "");
        break;
    case Tamper::NoDate:
        headers.removeAt(0);
        break;
    case Tamper::MalformedDate:
        // The same instant in ISO 8601 with separators, signed as sent: still refused.
        headers[0].second = m_clock.now().toString(Qt::ISODate).toLatin1();
        headers[1].second = server::signature::authorizationHeader(accessKeyId,
            server::signature::sign(m_carlSecret,
                server::signature::canonicalString(
                    "POST", "/v1/Encrypt", headers[0].second, body)));
        break;
    case Tamper::DateTenMinutesOld:
        m_clock.advanceSecs(600); // the server's clock moves on after the client signed
        break;
    case Tamper::DateTenMinutesAhead:
        m_clock.advanceSecs(-600);
        break;
    default:
        break;
    }
    const QString before = m_store->snapshot();
    const qint64 auditBefore = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit"));
    const HttpAnswer answer = send("POST", QStringLiteral("Encrypt"), sentBody, headers);
    QCOMPARE(answer.code(), code);
    QCOMPARE(answer.status, 401);
    QVERIFY(!answer.json.value(QLatin1String("data")).isObject());
    // Nothing changed but one audit row naming the refusal.
    QCOMPARE(m_store->snapshot(), before);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit")), auditBefore + 1);
    const QString expectedOperator = auditOperator.contains(QLatin1String("%1"))
        ? auditOperator.arg(accessKeyId)
        : auditOperator;
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE seq = (SELECT "
                                            "MAX(seq) FROM audit) AND action = 'Encrypt' AND "
                                            "result_code = '%1' AND operator = '%2'")
                                 .arg(code, expectedOperator)),
        1);
}

void TestSignedApi::replayedRequestIsKMS0402()
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("cmkUuid"), m_aesKey },
                            { QStringLiteral("plaintext"), QStringLiteral("b25jZQ==") } })
              .toJson(QJsonDocument::Compact);
    const Headers headers
        = signedHeaders(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"), body, m_clock.now());
    QCOMPARE(send("POST", QStringLiteral("Encrypt"), body, headers).code(), QStringLiteral("0"));
    const HttpAnswer again = send("POST", QStringLiteral("Encrypt"), body, headers);
    QCOMPARE(again.code(), QStringLiteral("KMS.0402"));
    QCOMPARE(
        again.json.value(QLatin1String("detail")).toString(), QStringLiteral("replayed request"));
    // Signed again a second later, the same request passes.
    m_clock.advanceSecs(1);
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                 QJsonDocument::fromJson(body).object())
                 .code(),
        QStringLiteral("0"));
}

void TestSignedApi::cryptoUserCreateKeyIsKMS0405()
{
    const QString before = m_store->snapshot();
    const HttpAnswer answer = sendSigned(m_carlKey, m_carlSecret, QStringLiteral("CreateKey"),
        { { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") } });
    QCOMPARE(answer.code(), QStringLiteral("KMS.0405"));
    QCOMPARE(answer.status, 401);
    QCOMPARE(m_store->snapshot(), before);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE operator = 'carl "
                                            "(crypto_user)' AND action = 'CreateKey' AND "
                                            "result_code = 'KMS.0405'")),
        1);
    // A key not granted to carl: refused too.
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                 { { QStringLiteral("cmkUuid"), m_otherKey },
                     { QStringLiteral("plaintext"), QStringLiteral("aGk=") } })
                 .code(),
        QStringLiteral("KMS.0405"));
}

void TestSignedApi::frozenOperatorIsKMS0406()
{
    StoreSession &session = m_store->session();
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
    QVERIFY_RESULT(session.freezeOperator(QStringLiteral("carl")));
    QVERIFY_RESULT(session.logOut());
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                 { { QStringLiteral("cmkUuid"), m_aesKey },
                     { QStringLiteral("plaintext"), QStringLiteral("aGk=") } })
                 .code(),
        QStringLiteral("KMS.0406"));
}

void TestSignedApi::quotaThroughTheApiIsKms0407()
{
    setSetting(QStringLiteral("limits.quota.Encrypt"), QStringLiteral("2/3600"));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                     { { QStringLiteral("cmkUuid"), m_aesKey },
                         { QStringLiteral("plaintext"),
                             QString::fromLatin1(QByteArray::number(i).toBase64()) } })
                     .code(),
            QStringLiteral("0"));
    const HttpAnswer third = sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_aesKey },
            { QStringLiteral("plaintext"), QStringLiteral("Mw==") } });
    QCOMPARE(third.code(), QStringLiteral("kms.0407"));
    QCOMPARE(third.status, 401);
    // Forged requests under carl's access key do not use up his quota: they never acted as him.
    setSetting(QStringLiteral("limits.quota.Encrypt"), QStringLiteral("3/3600"));
    const QByteArray body = "{\"cmkUuid\":\"x\"}";
    for (int i = 0; i < 3; ++i)
        QCOMPARE(
            send("POST", QStringLiteral("Encrypt"), body,
                { { "X-Sdk-Date", server::signature::formatDate(m_clock.now()) },
                    { "Authorization",
                        server::signature::authorizationHeader(m_carlKey, QByteArray(64, '0')) } })
                .code(),
            QStringLiteral("KMS.0402"));
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                 { { QStringLiteral("cmkUuid"), m_aesKey },
                     { QStringLiteral("plaintext"), QStringLiteral("NA==") } })
                 .code(),
        QStringLiteral("0"));
}

void TestSignedApi::tooLongBodyIsKMS0129AndUnknownPathIs404()
{
    // Over the configured 64 KiB: the service refuses it after the signature passed.
    const HttpAnswer tooLong = sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), m_aesKey },
            { QStringLiteral("plaintext"), QString(70 * 1024, QLatin1Char('A')) } });
    QCOMPARE(tooLong.code(), QStringLiteral("KMS.0129"));
    QCOMPARE(tooLong.status, 400);
    // Over the server's own limit: refused before the body is read.
    const HttpAnswer huge = send("POST", QStringLiteral("Encrypt"),
        QByteArray(server::LocalApiServer::kMaxBodyBytes + 1, ' '), {});
    QCOMPARE(huge.code(), QStringLiteral("KMS.0129"));
    // A signed body that is no JSON object: KMS.0128 from the service.
    const QByteArray notJson = "[1,2]";
    QCOMPARE(send("POST", QStringLiteral("Encrypt"), notJson,
                 signedHeaders(
                     m_carlKey, m_carlSecret, QStringLiteral("Encrypt"), notJson, m_clock.now()))
                 .code(),
        QStringLiteral("KMS.0128"));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/Encrypt HTTP/1.1\r\nHost: "
                 "x\r\nConnection: close\r\n\r\n");
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000));
    received += socket.readAll();
    // Two answers on one kept-alive connection.
    QVERIFY2(received.startsWith("HTTP/1.1 404 Not Found\r\n"), received.constData());
    QVERIFY2(received.contains("HTTP/1.1 405 Method Not Allowed\r\n"), received.constData());
    QVERIFY(received.contains("\"code\":\"KMS.0405\""));
}

void TestSignedApi::refusalsAreAuditedAndChangeNothing()
{
    const QString before = m_store->snapshot();
    // A wrong signature under a known key, under an unknown one, a bad date, a role refusal.
    const QByteArray body = "{\"cmkUuid\":\"x\"}";
    QCOMPARE(send("POST", QStringLiteral("DisableKey"), body,
                 signedHeaders(
                     m_carlKey, m_kateSecret, QStringLiteral("DisableKey"), body, m_clock.now()))
                 .code(),
        QStringLiteral("KMS.0402"));
    QCOMPARE(send("POST", QStringLiteral("DisableKey"), body,
                 signedHeaders(QStringLiteral("ZZZZZZZZZZZZZZZZZZZZ"), m_kateSecret,
                     QStringLiteral("DisableKey"), body, m_clock.now()))
                 .code(),
        QStringLiteral("KMS.0402"));
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("DisableKey"),
                 { { QStringLiteral("cmkUuid"), m_aesKey } })
                 .code(),
        QStringLiteral("KMS.0405"));
    QCOMPARE(m_store->snapshot(), before);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                            "'DisableKey' AND result_code = 'KMS.0402' AND "
                                            "((operator = 'carl' AND target = '%1') OR (operator "
                                            "= 'api:ZZZZZZZZZZZZZZZZZZZZ'))")
                                 .arg(m_carlKey)),
        2);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM keys WHERE key_state = 'Enabled' "
                                            "AND cmk_uuid = '%1'")
                                 .arg(m_aesKey)),
        1);
}

void TestSignedApi::secretNeverInClearInTheStoreOrAudit()
{
    // Some traffic first, successful and refused, so the audit has rows about the keys.
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("Encrypt"),
                 { { QStringLiteral("cmkUuid"), m_aesKey },
                     { QStringLiteral("plaintext"), QStringLiteral("aGk=") } })
                 .code(),
        QStringLiteral("0"));
    const QByteArray body = "{}";
    const Headers forged
        = signedHeaders(m_carlKey, m_kateSecret, QStringLiteral("ListKeys"), body, m_clock.now());
    QCOMPARE(
        send("POST", QStringLiteral("ListKeys"), body, forged).code(), QStringLiteral("KMS.0402"));
    StoreSession &session = m_store->session();
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
    auto listed = session.listAccessKeys();
    QVERIFY_RESULT(listed);
    QCOMPARE(listed->size(), 2);
    for (const store::AccessKeyRecord &record : std::as_const(*listed))
        QVERIFY(record.wrappedSecret.isEmpty());
    QVERIFY_RESULT(session.logOut());

    const QByteArray carlSecret(
        reinterpret_cast<const char *>(m_carlSecret.data()), m_carlSecret.intSize());
    const QByteArray kateSecret(
        reinterpret_cast<const char *>(m_kateSecret.data()), m_kateSecret.intSize());
    // Every byte of the store: the database file, its WAL and whatever else is in the folder.
    const QDir dir(m_store->dataDir());
    int files = 0;
    for (const QString &name : dir.entryList(QDir::Files)) {
        const QByteArray bytes = readFile(dir.filePath(name));
        ++files;
        QVERIFY2(!bytes.contains(carlSecret) && !bytes.contains(kateSecret),
            qPrintable(QStringLiteral("a secret key in clear in %1").arg(name)));
    }
    QVERIFY(files >= 1);
    // The audit: neither the secrets nor the signature sent.
    SqlFile file(m_store->databasePath());
    QSqlQuery query(file.db());
    QVERIFY(query.exec(QStringLiteral("SELECT * FROM audit")));
    const QByteArray forgedSignature
        = forged.at(1).second.mid(forged.at(1).second.indexOf("Signature=") + 10);
    int rows = 0;
    while (query.next()) {
        ++rows;
        for (int i = 0; i < query.record().count(); ++i) {
            const QByteArray value = query.value(i).toByteArray();
            QVERIFY(!value.contains(carlSecret) && !value.contains(kateSecret));
            QVERIFY(!value.contains(forgedSignature));
        }
    }
    QVERIFY(rows > 5);
    // The wrapped secret is bound to its access key: moved to the other key, it does not open.
    QVERIFY(m_store->exec(QStringLiteral("UPDATE access_keys SET wrapped_secret = (SELECT "
                                         "wrapped_secret FROM access_keys WHERE access_key_id "
                                         "= '%1') WHERE access_key_id = '%2'")
                              .arg(m_carlKey, m_kateKey)));
    const HttpAnswer moved = sendSigned(m_kateKey, m_carlSecret, QStringLiteral("ListKeys"), {});
    QCOMPARE(moved.code(), QStringLiteral("KMS.0504"));
}

void TestSignedApi::accessKeysNeedAnAdministrator()
{
    StoreSession &session = m_store->session();
    const QString before = m_store->snapshot();
    QCOMPARE(
        session.createAccessKey(QStringLiteral("carl")).error().code(), QStringLiteral("KMS.0401"));
    QVERIFY_RESULT(session.logIn(QStringLiteral("kate"), secret("officer-pass-2")));
    QCOMPARE(
        session.createAccessKey(QStringLiteral("carl")).error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(session.deleteAccessKey(m_carlKey).error().code(), QStringLiteral("KMS.0405"));
    QCOMPARE(session.listAccessKeys().error().code(), QStringLiteral("KMS.0405"));
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret(kAdminPassword)));
    QCOMPARE(session.createAccessKey(QStringLiteral("nobody")).error().code(),
        QStringLiteral("KMS.0101"));
    QCOMPARE(session.createAccessKey(QString()).error().code(), QStringLiteral("KMS.0127"));
    QCOMPARE(session.disableAccessKey(QStringLiteral("NOSUCHKEY00000000000")).error().code(),
        QStringLiteral("KMS.0101"));
    QCOMPARE(m_store->snapshot(), before);
    QCOMPARE(m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action IN "
                                            "('CreateAccessKey', 'DeleteAccessKey', "
                                            "'ListAccessKeys', 'DisableAccessKey') AND "
                                            "result_code <> '0'")),
        7);
    // Disabled and enabled again, the key signs again.
    QVERIFY_RESULT(session.disableAccessKey(m_carlKey));
    const QJsonObject describe { { QStringLiteral("cmkUuid"), m_aesKey } };
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("DescribeKey"), describe).code(),
        QStringLiteral("KMS.0402"));
    QVERIFY_RESULT(session.enableAccessKey(m_carlKey));
    m_clock.advanceSecs(1);
    QCOMPARE(sendSigned(m_carlKey, m_carlSecret, QStringLiteral("DescribeKey"), describe).code(),
        QStringLiteral("0"));
}

void TestSignedApi::kmsctlAccessKeysAndServe()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (kmsctl.isEmpty() || curl.isEmpty())
        QSKIP("kmsctl or curl is not available");
    const QString dataDir = m_store->dataDir();
    m_server.reset();
    m_store->close();
    QTemporaryDir scratch;
    const QString passphraseFile = scratch.filePath(QStringLiteral("passphrase"));
    const QString passwordFile = scratch.filePath(QStringLiteral("password"));
    QVERIFY(writeFile(passphraseFile, "correct horse battery"));
    QVERIFY(writeFile(passwordFile, kAdminPassword));
    const QStringList common { QStringLiteral("--data-dir"), dataDir,
        QStringLiteral("--passphrase-file"), passphraseFile };
    const QStringList asRoot = common
        + QStringList { QStringLiteral("--login"), QStringLiteral("root"),
              QStringLiteral("--password-file"), passwordFile };

    const ProcessRun created = runProcess(kmsctl,
        asRoot
            + QStringList {
                QStringLiteral("accesskey"), QStringLiteral("create"), QStringLiteral("kate") });
    QCOMPARE(created.exitCode, 0);
    const QList<QByteArray> lines = created.out.split('\n');
    QVERIFY(lines.size() >= 2 && lines.at(0).startsWith("AccessKeyId: ")
        && lines.at(1).startsWith("SecretKey: "));
    const QString accessKeyId = QString::fromLatin1(lines.at(0).mid(13));
    SecureBytes secretKey = SecureBytes::fromByteArray(lines.at(1).mid(11));
    QCOMPARE(secretKey.size(), std::size_t(auth::kAccessKeySecretLength));

    const ProcessRun listed = runProcess(
        kmsctl, asRoot + QStringList { QStringLiteral("accesskey"), QStringLiteral("list") });
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains(accessKeyId.toLatin1() + "\tkate\tactive\t"));
    QVERIFY(!listed.out.contains(lines.at(1).mid(11)));
    // Without an administrator's log-in: refused.
    QCOMPARE(runProcess(kmsctl,
                 common + QStringList { QStringLiteral("accesskey"), QStringLiteral("list") })
                 .exitCode,
        1);

    QProcess serve;
    serve.start(kmsctl,
        common
            + QStringList {
                QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0") });
    QVERIFY(serve.waitForStarted());
    QByteArray banner;
    QVERIFY(QTest::qWaitFor(
        [&] {
            banner += serve.readAllStandardOutput();
            return banner.contains('\n') || serve.state() == QProcess::NotRunning;
        },
        30000));
    const qsizetype at = banner.indexOf("http://127.0.0.1:");
    QVERIFY2(at >= 0, banner.constData());
    const int port = banner.mid(at + 17).split(' ').first().trimmed().toInt();
    QVERIFY(port > 0);
    const QByteArray body = "{}";
    const QByteArray date = server::signature::formatDate(QDateTime::currentDateTimeUtc());
    const QByteArray signatureHex = server::signature::sign(
        secretKey, server::signature::canonicalString("POST", "/v1/ListKeys", date, body));
    const ProcessRun sent = runAsync(curl,
        { QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("X-Sdk-Date: %1").arg(QString::fromLatin1(date)), QStringLiteral("-H"),
            QStringLiteral("Authorization: %1")
                .arg(QString::fromLatin1(
                    server::signature::authorizationHeader(accessKeyId, signatureHex))),
            QStringLiteral("--data-binary"), QString::fromLatin1(body),
            QStringLiteral("http://127.0.0.1:%1/v1/ListKeys").arg(port) });
    QCOMPARE(sent.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(sent.out).object().value(QLatin1String("code")).toString(),
        QStringLiteral("0"));
    serve.terminate(); // SIGTERM
    QVERIFY(QTest::qWaitFor([&] { return serve.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);

    const ProcessRun deleted = runProcess(kmsctl,
        asRoot
            + QStringList { QStringLiteral("accesskey"), QStringLiteral("delete"), accessKeyId });
    QCOMPARE(deleted.exitCode, 0);
    const ProcessRun after = runProcess(
        kmsctl, asRoot + QStringList { QStringLiteral("accesskey"), QStringLiteral("list") });
    QVERIFY(!after.out.contains(accessKeyId.toLatin1()));
}

QTEST_GUILESS_MAIN(TestSignedApi)
#include "TestSignedApi.moc"
