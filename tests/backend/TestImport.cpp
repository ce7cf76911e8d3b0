// Bring your own key: wrapping parameters, import under each wrapping algorithm, re-import,
// deletion and expiry of material, and every import code for its real cause. A failed call
// leaves the key as it was. (TestImportInterop wraps with the openssl command-line tool.)
#include "TestHelpers.h"
#include "crypto/KeyWrap.h"
#include "crypto/PublicKeyCrypto.h"
#include "jobs/Scheduler.h"

#include <QTest>

#include <openssl/rand.h>

using namespace kms;
using kms::test::TestClock;
using kms::test::TestStore;

namespace {

QJsonObject meta(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

SecureBytes randomMaterial(int size)
{
    SecureBytes material;
    material.resize(static_cast<std::size_t>(size));
    RAND_bytes(material.data(), size);
    return material;
}

QByteArray toBytes(const SecureBytes &bytes)
{
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), bytes.intSize());
}

// Wraps material as a client does for each wrapping algorithm, with the public key given.
QByteArray wrap(
    const QString &algorithm, const QByteArray &publicKeyPem, const SecureBytes &material)
{
    if (algorithm == QLatin1String("RSA_AES_KEY_WRAP_SHA_256")) {
        const SecureBytes kek = randomMaterial(32);
        auto head = crypto::encryptWithPublicKey(
            publicKeyPem, AsymmetricAlgorithm::RsaOaepSha256, toBytes(kek));
        auto tail = crypto::aesKeyWrapPad(kek, material);
        return head && tail ? *head + *tail : QByteArray();
    }
    auto wrapped = crypto::encryptWithPublicKey(publicKeyPem,
        algorithm == QLatin1String("RSAES_OAEP_SHA_1") ? AsymmetricAlgorithm::RsaOaepSha1
                                                       : AsymmetricAlgorithm::RsaOaepSha256,
        toBytes(material));
    return wrapped ? *wrapped : QByteArray();
}

struct ClockedStore
{
    TestClock clock;
    TestStore store;
    ClockedStore() { store.session().setClock(clock); }
    Response call(const QString &action, const QJsonObject &params = {})
    {
        return store.call(action, params);
    }
    QString externalKey(const QString &spec = QStringLiteral("AES_256"))
    {
        return meta(call(QStringLiteral("CreateKey"),
                        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                            { QStringLiteral("keySpec"), spec },
                            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
                            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
                            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") } }))
            .value(QStringLiteral("cmkUuid"))
            .toString();
    }
    Response parameters(
        const QString &id, const QString &algorithm = QStringLiteral("RSAES_OAEP_SHA_256"))
    {
        return call(QStringLiteral("GetParametersForImport"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("wrappingAlgorithm"), algorithm },
                { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } });
    }
    Response import(const QString &id, const Response &parameters, const QByteArray &wrapped,
        const QJsonValue &expiry = {})
    {
        QJsonObject params { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("importToken"), parameters.data.value(QStringLiteral("importToken")) },
            { QStringLiteral("encryptedKeyMaterial"), QString::fromLatin1(wrapped.toBase64()) } };
        if (!expiry.isUndefined())
            params.insert(QStringLiteral("keyMaterialExpireUnix"), expiry);
        return call(QStringLiteral("ImportKeyMaterial"), params);
    }
    // Imports fresh material with OAEP-SHA-256; returns the material.
    SecureBytes importFresh(const QString &id, int size = 32, const QJsonValue &expiry = {})
    {
        SecureBytes material = randomMaterial(size);
        const Response params = parameters(id);
        const Response done = import(id, params,
            wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
                params.data.value(QStringLiteral("publicKey")).toString().toLatin1(), material),
            expiry);
        if (!done.ok())
            qWarning("import: %s %s", qPrintable(done.code), qPrintable(done.detail));
        return material;
    }
};

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private slots:
    void importEachAlgorithm_data();
    void importEachAlgorithm();
    void reimportOnlyTheSameMaterial();
    void sameMaterialNeverInTwoKeys();
    void deleteMaterialReturnsToPendingImport();
    void materialExpiresOnSchedule();
    void tokensExpireAndBelongToOneKey();
    void errors_data();
    void errors();
    void expiryJobThatCannotBeQueued();
};

void TestImport::importEachAlgorithm_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("algorithm");
    for (const char *spec : { "AES_256", "SM4_128" }) {
        for (const char *algorithm :
            { "RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256" })
            QTest::addRow("%s %s", spec, algorithm) << spec << algorithm;
    }
}

void TestImport::importEachAlgorithm()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    ClockedStore s;
    const QString id = s.externalKey(spec);
    QCOMPARE(meta(s.call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } }))
                 .value(QStringLiteral("keyState"))
                 .toString(),
        QStringLiteral("PendingImport"));
    const Response params = s.parameters(id, algorithm);
    QCOMPARE_CODE(params, "0");
    QVERIFY(params.data.value(QStringLiteral("publicKey"))
                .toString()
                .startsWith(QLatin1String("-----BEGIN PUBLIC KEY")));
    const QDateTime expires
        = parseTime(params.data.value(QStringLiteral("tokenExpireTime")).toString());
    QVERIFY(
        expires > s.clock.now().addSecs(23 * 3600) && expires <= s.clock.now().addSecs(24 * 3600));

    const SecureBytes material = randomMaterial(spec == QLatin1String("AES_256") ? 32 : 16);
    const Response imported = s.import(id, params,
        wrap(algorithm, params.data.value(QStringLiteral("publicKey")).toString().toLatin1(),
            material));
    QCOMPARE_CODE(imported, "0");
    QCOMPARE(
        meta(imported).value(QStringLiteral("keyState")).toString(), QStringLiteral("Enabled"));
    // The key now works.
    const Response sealed = s.call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("plaintext"), QStringLiteral("aGVsbG8=") } });
    QCOMPARE_CODE(sealed, "0");
    const Response opened = s.call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            sealed.data.value(QStringLiteral("ciphertextBlob")) } });
    QCOMPARE(opened.data.value(QStringLiteral("plaintext")).toString(), QStringLiteral("aGVsbG8="));
    // Never the material itself in the store: only wrapped, and a keyed fingerprint.
    QVERIFY(!s.store.snapshot().contains(QString::fromLatin1(toBytes(material).toHex())));
}

void TestImport::reimportOnlyTheSameMaterial()
{
    ClockedStore s;
    const QString id = s.externalKey();
    const SecureBytes material = s.importFresh(id);
    const Response sealed = s.call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("plaintext"), QStringLiteral("aGk=") } });
    // The same material again (for example to set an expiry): accepted.
    const Response params = s.parameters(id);
    const qint64 expiry = s.clock.now().addDays(30).toSecsSinceEpoch();
    const Response again = s.import(id, params,
        wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
            params.data.value(QStringLiteral("publicKey")).toString().toLatin1(), material),
        expiry);
    QCOMPARE_CODE(again, "0");
    QCOMPARE(parseTime(meta(again).value(QStringLiteral("materialExpireTime")).toString())
                 .toSecsSinceEpoch(),
        expiry);
    QCOMPARE(s.call(QStringLiteral("ListKeyVersions"), { { QStringLiteral("cmkUuid"), id } })
                 .data.value(QStringLiteral("totalCount"))
                 .toInt(),
        1);
    // Other material: refused, nothing changes, old ciphertext still opens.
    const QString before = s.store.snapshot();
    const Response other = s.import(id, params,
        wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
            params.data.value(QStringLiteral("publicKey")).toString().toLatin1(),
            randomMaterial(32)));
    QCOMPARE_CODE(other, "KMS.0248");
    QCOMPARE(s.store.snapshot(), before);
    QCOMPARE_CODE(s.call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          sealed.data.value(QStringLiteral("ciphertextBlob")) } }),
        "0");
}

void TestImport::sameMaterialNeverInTwoKeys()
{
    ClockedStore s;
    const QString first = s.externalKey();
    const QString second = s.externalKey();
    const SecureBytes material = s.importFresh(first);
    const Response params = s.parameters(second);
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(
        s.import(second, params,
            wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
                params.data.value(QStringLiteral("publicKey")).toString().toLatin1(), material)),
        "KMS.0245");
    QCOMPARE(s.store.snapshot(), before);
}

void TestImport::deleteMaterialReturnsToPendingImport()
{
    ClockedStore s;
    const QString id = s.externalKey();
    const SecureBytes material
        = s.importFresh(id, 32, s.clock.now().addDays(10).toSecsSinceEpoch());
    const Response sealed = s.call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("plaintext"), QStringLiteral("aGk=") } });
    const Response deleted
        = s.call(QStringLiteral("DeleteKeyMaterial"), { { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(deleted, "0");
    QCOMPARE(meta(deleted).value(QStringLiteral("keyState")).toString(),
        QStringLiteral("PendingImport"));
    QCOMPARE(meta(deleted).value(QStringLiteral("materialExpireTime")).toString(), QString());
    QCOMPARE(s.call(QStringLiteral("ListJobs"),
                  { { QStringLiteral("state"), QStringLiteral("PENDING") } })
                 .data.value(QStringLiteral("totalCount"))
                 .toInt(),
        0);
    QCOMPARE_CODE(s.call(QStringLiteral("Encrypt"),
                      { { QStringLiteral("cmkUuid"), id },
                          { QStringLiteral("plaintext"), QStringLiteral("aGk=") } }),
        "KMS.0206");
    QCOMPARE_CODE(
        s.call(QStringLiteral("DeleteKeyMaterial"), { { QStringLiteral("cmkUuid"), id } }),
        "KMS.0210");
    // The owner's backup brings it back: old ciphertext opens again.
    const Response params = s.parameters(id);
    QCOMPARE_CODE(
        s.import(id, params,
            wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
                params.data.value(QStringLiteral("publicKey")).toString().toLatin1(), material)),
        "0");
    QCOMPARE_CODE(s.call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"),
                          sealed.data.value(QStringLiteral("ciphertextBlob")) } }),
        "0");
}

void TestImport::materialExpiresOnSchedule()
{
    ClockedStore s;
    const QString id = s.externalKey();
    s.importFresh(id, 32, s.clock.now().addDays(3).toSecsSinceEpoch());
    const auto runDue
        = [&] { return Scheduler(s.store.service(), s.store.session().store()).runDue(); };
    QCOMPARE(runDue().done, 0);
    s.clock.advanceDays(4);
    const SchedulerRun run = runDue();
    QCOMPARE(run.done, 1);
    QCOMPARE(run.outcomes.first().kind, QStringLiteral("EXPIRE_MATERIAL"));
    QCOMPARE(meta(s.call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), id } }))
                 .value(QStringLiteral("keyState"))
                 .toString(),
        QStringLiteral("PendingImport"));
    // The material is gone; the version stays for the owner to bring the material back.
    QCOMPARE(s.store.scalar(QStringLiteral("SELECT COUNT(*) FROM key_versions WHERE cmk_uuid = '%1'"
                                           " AND length(handle) > 0")
                                .arg(id)),
        0);
}

void TestImport::tokensExpireAndBelongToOneKey()
{
    ClockedStore s;
    const QString id = s.externalKey();
    const QString other = s.externalKey();
    const Response params = s.parameters(id);
    const QByteArray wrapped = wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
        params.data.value(QStringLiteral("publicKey")).toString().toLatin1(), randomMaterial(32));
    const QString before = s.store.snapshot();
    // Another key's token.
    QCOMPARE_CODE(s.import(other, params, wrapped), "KMS.0210");
    // An unknown token.
    QCOMPARE_CODE(s.call(QStringLiteral("ImportKeyMaterial"),
                      { { QStringLiteral("cmkUuid"), id },
                          { QStringLiteral("importToken"),
                              QStringLiteral("00000000-0000-4000-8000-000000000000") },
                          { QStringLiteral("encryptedKeyMaterial"),
                              QString::fromLatin1(wrapped.toBase64()) } }),
        "KMS.0210");
    // An expired one.
    s.clock.advanceSecs(24 * 3600 + 1);
    const Response expired = s.import(id, params, wrapped);
    QCOMPARE_CODE(expired, "KMS.0210");
    QVERIFY(expired.detail.contains(QLatin1String("expired")));
    QCOMPARE(s.store.snapshot(), before);
}

void TestImport::errors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    const QJsonObject base { { QStringLiteral("cmkUuid"), QStringLiteral("$external") },
        { QStringLiteral("wrappingAlgorithm"), QStringLiteral("RSAES_OAEP_SHA_256") },
        { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } };
    auto without = [](QJsonObject o, const char *name) {
        o.remove(QLatin1String(name));
        return o;
    };
    auto with = [](QJsonObject o, const char *name, const QJsonValue &value) {
        o.insert(QLatin1String(name), value);
        return o;
    };
    QTest::newRow("wrapping algorithm empty")
        << "GetParametersForImport" << without(base, "wrappingAlgorithm") << "KMS.0120";
    QTest::newRow("wrapping algorithm unknown")
        << "GetParametersForImport"
        << with(base, "wrappingAlgorithm", QStringLiteral("RSAES_PKCS1_V1_5")) << "KMS.0236";
    QTest::newRow("wrapping key spec empty")
        << "GetParametersForImport" << without(base, "wrappingKeySpec") << "KMS.0121";
    QTest::newRow("wrapping key spec other")
        << "GetParametersForImport" << with(base, "wrappingKeySpec", QStringLiteral("RSA_4096"))
        << "KMS.0237";
    QTest::newRow("asymmetric key")
        << "GetParametersForImport" << with(base, "cmkUuid", QStringLiteral("$rsa")) << "KMS.0223";
    QTest::newRow("key made by the KMS")
        << "GetParametersForImport" << with(base, "cmkUuid", QStringLiteral("$kms")) << "KMS.0210";
    QTest::newRow("key pending deletion")
        << "GetParametersForImport" << with(base, "cmkUuid", QStringLiteral("$deleting"))
        << "KMS.0210";
    const QJsonObject import { { QStringLiteral("cmkUuid"), QStringLiteral("$external") },
        { QStringLiteral("importToken"), QStringLiteral("$token") },
        { QStringLiteral("encryptedKeyMaterial"), QStringLiteral("$wrapped") } };
    QTest::newRow("token empty") << "ImportKeyMaterial" << without(import, "importToken")
                                 << "KMS.0123";
    QTest::newRow("material empty")
        << "ImportKeyMaterial" << without(import, "encryptedKeyMaterial") << "KMS.0124";
    QTest::newRow("wrapping algorithm named empty")
        << "ImportKeyMaterial" << with(import, "wrappingAlgorithm", QString()) << "KMS.0134";
    QTest::newRow("wrapping algorithm not the token's")
        << "ImportKeyMaterial"
        << with(import, "wrappingAlgorithm", QStringLiteral("RSAES_OAEP_SHA_1")) << "KMS.0236";
    QTest::newRow("material of the wrong length")
        << "ImportKeyMaterial" << with(import, "encryptedKeyMaterial", QStringLiteral("$short"))
        << "KMS.0241";
    QTest::newRow("corrupt wrapping")
        << "ImportKeyMaterial" << with(import, "encryptedKeyMaterial", QStringLiteral("$corrupt"))
        << "KMS.0239";
    QTest::newRow("expiry in the past")
        << "ImportKeyMaterial" << with(import, "keyMaterialExpireUnix", 1000) << "KMS.0235";
    QTest::newRow("delete material of a key made by the KMS")
        << "DeleteKeyMaterial"
        << QJsonObject { { QStringLiteral("cmkUuid"), QStringLiteral("$kms") } } << "KMS.0210";
}

void TestImport::errors()
{
    QFETCH(QString, action);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    ClockedStore s;
    const QString external = s.externalKey();
    const QString deleting = s.externalKey();
    QCOMPARE_CODE(s.call(QStringLiteral("ScheduleKeyDeletion"),
                      { { QStringLiteral("cmkUuid"), deleting },
                          { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    const Response token = s.parameters(external);
    const QByteArray pem = token.data.value(QStringLiteral("publicKey")).toString().toLatin1();
    QByteArray corrupt = wrap(QStringLiteral("RSAES_OAEP_SHA_256"), pem, randomMaterial(32));
    corrupt[17] = char(corrupt.at(17) ^ 0x40);
    const QHash<QString, QString> values {
        { QStringLiteral("$external"), external },
        { QStringLiteral("$deleting"), deleting },
        { QStringLiteral("$kms"), s.store.createKey() },
        { QStringLiteral("$rsa"),
            s.store.createKey(QStringLiteral("RSA_2048"), QStringLiteral("SIGN/VERIFY")) },
        { QStringLiteral("$token"), token.data.value(QStringLiteral("importToken")).toString() },
        { QStringLiteral("$wrapped"),
            QString::fromLatin1(
                wrap(QStringLiteral("RSAES_OAEP_SHA_256"), pem, randomMaterial(32)).toBase64()) },
        { QStringLiteral("$short"),
            QString::fromLatin1(
                wrap(QStringLiteral("RSAES_OAEP_SHA_256"), pem, randomMaterial(24)).toBase64()) },
        { QStringLiteral("$corrupt"), QString::fromLatin1(corrupt.toBase64()) },
    };
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.value().isString() && values.contains(it.value().toString()))
            it.value() = values.value(it.value().toString());
    }
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(s.call(action, params), qPrintable(code));
    QCOMPARE(s.store.snapshot(), before);
}

void TestImport::expiryJobThatCannotBeQueued()
{
    ClockedStore s;
    const QString id = s.externalKey();
    const Response params = s.parameters(id);
    QVERIFY(s.store.injectFailure(QStringLiteral("injected"),
        QStringLiteral("BEFORE INSERT ON jobs WHEN NEW.kind = 'EXPIRE_MATERIAL'")));
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(s.import(id, params,
                      wrap(QStringLiteral("RSAES_OAEP_SHA_256"),
                          params.data.value(QStringLiteral("publicKey")).toString().toLatin1(),
                          randomMaterial(32)),
                      s.clock.now().addDays(5).toSecsSinceEpoch()),
        "KMS.0509");
    QCOMPARE(s.store.snapshot(), before);
    QVERIFY(s.store.removeFailure(QStringLiteral("injected")));
}

QTEST_GUILESS_MAIN(TestImport)
#include "TestImport.moc"
