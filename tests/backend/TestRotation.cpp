// Key versions and rotation: versions outlive rotations (old ciphertext decrypts, old
// signatures verify), the rotation policy and its job, manual rotation and its rules, and
// every rotation code for its real cause. A failed call leaves the store as it was.
#include "FaultyHsm.h"
#include "TestHelpers.h"
#include "api/KmsService.h"
#include "hsm/SoftwareHsm.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

using namespace kms;
using kms::test::TestClock;
using kms::test::TestStore;

namespace {

const QString kEd = QStringLiteral("ENCRYPT/DECRYPT");
const QString kSv = QStringLiteral("SIGN/VERIFY");

QJsonObject meta(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

QJsonObject idParams(const QString &id)
{
    return { { QStringLiteral("cmkUuid"), id } };
}

QJsonObject policy(const QString &id, const QJsonValue &enable, const QJsonValue &interval = {},
    const QJsonValue &next = {})
{
    QJsonObject params = idParams(id);
    if (!enable.isUndefined())
        params.insert(QStringLiteral("enableAutomaticRotation"), enable);
    if (!interval.isUndefined())
        params.insert(QStringLiteral("rotationInterval"), interval);
    if (!next.isUndefined())
        params.insert(QStringLiteral("nextRotationDate"), next);
    return params;
}

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

// A store whose services run on a clock the test moves.
struct ClockedStore
{
    TestClock clock;
    TestStore store;
    ClockedStore() { store.session().setClock(clock); }
    Response call(const QString &action, const QJsonObject &params = {})
    {
        return store.call(action, params);
    }
};

} // namespace

class TestRotation : public QObject
{
    Q_OBJECT

private slots:
    void oldCiphertextDecryptsAfterRotation();
    void oldSignaturesVerifyAfterRotation();
    void listAndDescribeVersions();
    void policyOnCreateAndUpdate();
    void disablingPolicyCancelsItsJob();
    void policyErrors_data();
    void policyErrors();
    void manualRotationWaitsSevenDays();
    void manualRotationCapPerUser();
    void pausedKeysDoNotRotate();
    void keysThatCannotRotate();
    void rotationStorageFailures_data();
    void rotationStorageFailures();
    void rotationHsmFailure();
};

void TestRotation::oldCiphertextDecryptsAfterRotation()
{
    ClockedStore s;
    for (const QString spec : { QStringLiteral("AES_256"), QStringLiteral("SM4_128") }) {
        const QString id = s.store.createKey(spec);
        const Response before = s.call(QStringLiteral("Encrypt"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("before") } });
        QCOMPARE_CODE(before, "0");
        const QString v1 = before.data.value(QStringLiteral("keyVersionId")).toString();

        const Response rotated = s.call(QStringLiteral("RotateKey"), idParams(id));
        QCOMPARE_CODE(rotated, "0");
        const QString v2 = rotated.data.value(QStringLiteral("keyVersionId")).toString();
        QVERIFY(v2 != v1);
        QCOMPARE(meta(rotated).value(QStringLiteral("primaryKeyVersion")).toString(), v2);
        QVERIFY(!meta(rotated).value(QStringLiteral("lastRotationDate")).toString().isEmpty());

        const Response after = s.call(QStringLiteral("Encrypt"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("plaintext"), b64("after") } });
        QCOMPARE_CODE(after, "0");
        QCOMPARE(after.data.value(QStringLiteral("keyVersionId")).toString(), v2);

        for (const auto &[made, text] : { std::pair { before, QByteArray("before") },
                 std::pair { after, QByteArray("after") } }) {
            const Response opened = s.call(QStringLiteral("Decrypt"),
                { { QStringLiteral("ciphertextBlob"),
                    made.data.value(QStringLiteral("ciphertextBlob")) } });
            QCOMPARE_CODE(opened, "0");
            QCOMPARE(opened.data.value(QStringLiteral("plaintext")).toString(), b64(text));
            QCOMPARE(opened.data.value(QStringLiteral("keyVersionId")).toString(),
                made.data.value(QStringLiteral("keyVersionId")).toString());
        }

        // Data keys made under the old version still open; re-encryption lands on the new one.
        s.clock.advanceDays(8);
    }
}

void TestRotation::oldSignaturesVerifyAfterRotation()
{
    ClockedStore s;
    const QString id = s.store.createKey(QStringLiteral("EC_P256"), kSv);
    const QString v1 = meta(s.call(QStringLiteral("DescribeKey"), idParams(id)))
                           .value(QStringLiteral("primaryKeyVersion"))
                           .toString();
    const QString digest = b64(QCryptographicHash::hash("message", QCryptographicHash::Sha256));
    auto signParams = [&](const QString &version) {
        return QJsonObject { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("keyVersionId"), version },
            { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
            { QStringLiteral("digest"), digest } };
    };
    const Response signedBefore = s.call(QStringLiteral("AsymmetricSign"), signParams(v1));
    QCOMPARE_CODE(signedBefore, "0");

    const Response rotated = s.call(QStringLiteral("RotateKey"), idParams(id));
    QCOMPARE_CODE(rotated, "0");
    const QString v2 = rotated.data.value(QStringLiteral("keyVersionId")).toString();

    QJsonObject verify = signParams(v1);
    verify.insert(QStringLiteral("value"), signedBefore.data.value(QStringLiteral("value")));
    const Response verified = s.call(QStringLiteral("AsymmetricVerify"), verify);
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());

    // The old version only verifies now; the new one signs, with a key of its own.
    QCOMPARE_CODE(s.call(QStringLiteral("AsymmetricSign"), signParams(v1)), "KMS.0203");
    QCOMPARE_CODE(s.call(QStringLiteral("AsymmetricSign"), signParams(v2)), "0");
    const Response pem1 = s.call(QStringLiteral("GetPublicKey"), signParams(v1));
    const Response pem2 = s.call(QStringLiteral("GetPublicKey"), signParams(v2));
    QCOMPARE_CODE(pem1, "0");
    QCOMPARE_CODE(pem2, "0");
    QVERIFY(pem1.data.value(QStringLiteral("publicKey"))
        != pem2.data.value(QStringLiteral("publicKey")));
    // The old signature does not verify under the new version.
    QJsonObject crossed = signParams(v2);
    crossed.insert(QStringLiteral("value"), signedBefore.data.value(QStringLiteral("value")));
    const Response cross = s.call(QStringLiteral("AsymmetricVerify"), crossed);
    QCOMPARE_CODE(cross, "0");
    QVERIFY(!cross.data.value(QStringLiteral("valid")).toBool());
}

void TestRotation::listAndDescribeVersions()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    const QString v1 = meta(s.call(QStringLiteral("DescribeKey"), idParams(id)))
                           .value(QStringLiteral("primaryKeyVersion"))
                           .toString();
    QStringList made { v1 };
    for (int i = 0; i < 3; ++i) {
        s.clock.advanceDays(7);
        const Response rotated = s.call(QStringLiteral("RotateKey"), idParams(id));
        QCOMPARE_CODE(rotated, "0");
        made.prepend(rotated.data.value(QStringLiteral("keyVersionId")).toString());
    }
    const Response listed = s.call(QStringLiteral("ListKeyVersions"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pageSize"), 3 } });
    QCOMPARE_CODE(listed, "0");
    QCOMPARE(listed.data.value(QStringLiteral("totalCount")).toInt(), 4);
    const QJsonArray page = listed.data.value(QStringLiteral("keyVersions")).toArray();
    QCOMPARE(page.size(), 3);
    QCOMPARE(page.at(0).toObject().value(QStringLiteral("keyVersionId")).toString(), made.at(0));
    QVERIFY(page.at(0).toObject().value(QStringLiteral("primary")).toBool());
    QCOMPARE(page.at(0).toObject().value(QStringLiteral("rotationType")).toString(),
        QStringLiteral("MANUAL"));
    QVERIFY(!page.at(1).toObject().value(QStringLiteral("primary")).toBool());
    const Response second = s.call(QStringLiteral("ListKeyVersions"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pageSize"), 3 },
            { QStringLiteral("pageNumber"), 2 } });
    const QJsonArray last = second.data.value(QStringLiteral("keyVersions")).toArray();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.at(0).toObject().value(QStringLiteral("keyVersionId")).toString(), v1);
    QCOMPARE(last.at(0).toObject().value(QStringLiteral("rotationType")).toString(),
        QStringLiteral("INITIAL"));

    const Response described = s.call(QStringLiteral("DescribeKeyVersion"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("keyVersionId"), v1 } });
    QCOMPARE_CODE(described, "0");
    QCOMPARE(described.data.value(QStringLiteral("keyVersion"))
                 .toObject()
                 .value(QStringLiteral("createdBy"))
                 .toString(),
        s.store.session().operatorName());
    QCOMPARE_CODE(s.call(QStringLiteral("DescribeKeyVersion"), idParams(id)), "KMS.0105");
    // A version of another key is not this key's.
    const QString other = s.store.createKey();
    QCOMPARE_CODE(
        s.call(QStringLiteral("DescribeKeyVersion"),
            { { QStringLiteral("cmkUuid"), other }, { QStringLiteral("keyVersionId"), v1 } }),
        "KMS.0301");
}

void TestRotation::policyOnCreateAndUpdate()
{
    ClockedStore s;
    const Response created = s.call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), kEd },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("enableAutomaticRotation"), true },
            { QStringLiteral("rotationInterval"), QStringLiteral("30d") } });
    QCOMPARE_CODE(created, "0");
    const QString id = meta(created).value(QStringLiteral("cmkUuid")).toString();
    const QDateTime next
        = parseTime(meta(created).value(QStringLiteral("nextRotationDate")).toString());
    QVERIFY(next > s.clock.now().addDays(29) && next <= s.clock.now().addDays(30));

    Response jobs = s.call(QStringLiteral("ListJobs"),
        { { QStringLiteral("state"), QStringLiteral("PENDING") },
            { QStringLiteral("cmkUuid"), id } });
    QCOMPARE_CODE(jobs, "0");
    QJsonArray rows = jobs.data.value(QStringLiteral("jobs")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(
        rows.at(0).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("ROTATE"));
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("dueDate")).toString(), formatTime(next));

    // A new interval, and an explicit first date within it.
    const QString first = formatTime(s.clock.now().addDays(5));
    const Response updated = s.call(
        QStringLiteral("UpdateRotationPolicy"), policy(id, true, QStringLiteral("90d"), first));
    QCOMPARE_CODE(updated, "0");
    QCOMPARE(
        meta(updated).value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("90d"));
    QCOMPARE(meta(updated).value(QStringLiteral("nextRotationDate")).toString(), first);
    jobs = s.call(QStringLiteral("ListJobs"),
        { { QStringLiteral("state"), QStringLiteral("PENDING") },
            { QStringLiteral("cmkUuid"), id } });
    rows = jobs.data.value(QStringLiteral("jobs")).toArray();
    QCOMPARE(rows.size(), 1); // the same job, moved
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("dueDate")).toString(), first);

    // The policy shows in ListKeys' rotation filter, soonest first.
    const QString later = s.store.createKey();
    QCOMPARE_CODE(
        s.call(QStringLiteral("UpdateRotationPolicy"), policy(later, true, QStringLiteral("365d"))),
        "0");
    const Response plans = s.call(QStringLiteral("ListKeys"),
        { { QStringLiteral("withRotationPolicy"), true },
            { QStringLiteral("sortBy"), QStringLiteral("nextRotationDate") } });
    QCOMPARE_CODE(plans, "0");
    const QJsonArray keys = plans.data.value(QStringLiteral("keys")).toArray();
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.at(0).toObject().value(QStringLiteral("cmkUuid")).toString(), id);
    QCOMPARE(keys.at(1).toObject().value(QStringLiteral("cmkUuid")).toString(), later);
}

void TestRotation::disablingPolicyCancelsItsJob()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    QCOMPARE_CODE(
        s.call(QStringLiteral("UpdateRotationPolicy"), policy(id, true, QStringLiteral("30d"))),
        "0");
    const Response off = s.call(QStringLiteral("UpdateRotationPolicy"), policy(id, false));
    QCOMPARE_CODE(off, "0");
    QVERIFY(!meta(off).value(QStringLiteral("automaticRotation")).toBool());
    QCOMPARE(meta(off).value(QStringLiteral("nextRotationDate")).toString(), QString());
    QCOMPARE(meta(off).value(QStringLiteral("rotationInterval")).toString(), QStringLiteral("30d"));
    const Response jobs = s.call(QStringLiteral("ListJobs"), { { QStringLiteral("cmkUuid"), id } });
    const QJsonArray rows = jobs.data.value(QStringLiteral("jobs")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).toObject().value(QStringLiteral("state")).toString(),
        QStringLiteral("CANCELLED"));
    QCOMPARE(jobs.data.value(QStringLiteral("pendingCount")).toInt(), 0);
}

void TestRotation::policyErrors_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("code");
    const QString k = QStringLiteral("$key");
    QTest::newRow("enable missing") << "aes" << policy(k, {}, QStringLiteral("30d")) << "KMS.0116";
    QTest::newRow("enable null") << "aes" << policy(k, QJsonValue::Null) << "KMS.0116";
    QTest::newRow("enable not a boolean")
        << "aes" << policy(k, QStringLiteral("yes"), QStringLiteral("30d")) << "KMS.0217";
    QTest::newRow("interval missing") << "aes" << policy(k, true) << "KMS.0118";
    QTest::newRow("interval empty") << "aes" << policy(k, true, QString()) << "KMS.0118";
    QTest::newRow("interval in weeks")
        << "aes" << policy(k, true, QStringLiteral("4w")) << "KMS.0224";
    QTest::newRow("interval too short")
        << "aes" << policy(k, true, QStringLiteral("6d")) << "KMS.0224";
    QTest::newRow("interval too long")
        << "aes" << policy(k, true, QStringLiteral("731d")) << "KMS.0224";
    QTest::newRow("next date empty")
        << "aes" << policy(k, true, QStringLiteral("30d"), QString()) << "KMS.0119";
    QTest::newRow("next date not a date")
        << "aes" << policy(k, true, QStringLiteral("30d"), QStringLiteral("next Tuesday"))
        << "KMS.0235";
    QTest::newRow("next date in the past")
        << "aes" << policy(k, true, QStringLiteral("30d"), QStringLiteral("2020-01-01T00:00:00Z"))
        << "KMS.0235";
    QTest::newRow("next date beyond the interval")
        << "aes" << policy(k, true, QStringLiteral("30d"), QStringLiteral("2999-01-01T00:00:00Z"))
        << "KMS.0235";
    QTest::newRow("asymmetric key")
        << "rsa" << policy(k, true, QStringLiteral("30d")) << "KMS.0211";
    QTest::newRow("external key") << "external" << policy(k, true, QStringLiteral("30d"))
                                  << "KMS.0211";
    QTest::newRow("disabled key") << "disabled" << policy(k, true, QStringLiteral("30d"))
                                  << "KMS.0230";
    QTest::newRow("key pending deletion")
        << "pending" << policy(k, true, QStringLiteral("30d")) << "KMS.0230";
    QTest::newRow("no such key") << "gone" << policy(k, true, QStringLiteral("30d")) << "KMS.0301";
}

void TestRotation::policyErrors()
{
    QFETCH(QString, role);
    QFETCH(QJsonObject, params);
    QFETCH(QString, code);
    TestStore store;
    QString id;
    if (role == QLatin1String("rsa")) {
        id = store.createKey(QStringLiteral("RSA_2048"), kEd);
    } else if (role == QLatin1String("external")) {
        const Response made = store.call(QStringLiteral("CreateKey"),
            { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
                { QStringLiteral("keyUsage"), kEd },
                { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
                { QStringLiteral("origin"), QStringLiteral("EXTERNAL") } });
        id = meta(made).value(QStringLiteral("cmkUuid")).toString();
    } else if (role == QLatin1String("gone")) {
        id = QStringLiteral("00000000-0000-4000-8000-000000000000");
    } else {
        id = store.createKey();
    }
    if (role == QLatin1String("disabled"))
        QCOMPARE_CODE(store.call(QStringLiteral("DisableKey"), idParams(id)), "0");
    if (role == QLatin1String("pending"))
        QCOMPARE_CODE(store.call(QStringLiteral("ScheduleKeyDeletion"),
                          { { QStringLiteral("cmkUuid"), id },
                              { QStringLiteral("pendingWindowInDays"), 7 } }),
            "0");
    params.insert(QStringLiteral("cmkUuid"), id);
    const QString before = store.snapshot();
    QCOMPARE_CODE(store.call(QStringLiteral("UpdateRotationPolicy"), params), qPrintable(code));
    QCOMPARE(store.snapshot(), before);
}

void TestRotation::manualRotationWaitsSevenDays()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    // A new key has never rotated: the first manual rotation is allowed at once.
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "0");
    const QString before = s.store.snapshot();
    const Response refused = s.call(QStringLiteral("RotateKey"), idParams(id));
    QCOMPARE_CODE(refused, "KMS.0229");
    QVERIFY(refused.detail.contains(QLatin1String("possible from")));
    s.clock.advanceDays(6);
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "KMS.0229");
    QCOMPARE(s.store.snapshot(), before);
    s.clock.advanceDays(1);
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "0");
    const Response versions = s.call(QStringLiteral("ListKeyVersions"), idParams(id));
    QCOMPARE(versions.data.value(QStringLiteral("totalCount")).toInt(), 3);
}

void TestRotation::manualRotationCapPerUser()
{
    ClockedStore s;
    QVERIFY_RESULT(s.store.session().store().setSetting(
        QStringLiteral("limits.maxManualRotationsPerUserPerDay"), QStringLiteral("2")));
    const QStringList keys { s.store.createKey(), s.store.createKey(), s.store.createKey() };
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(keys.at(0))), "0");
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(keys.at(1))), "0");
    const QString before = s.store.snapshot();
    const Response capped = s.call(QStringLiteral("RotateKey"), idParams(keys.at(2)));
    QCOMPARE_CODE(capped, "KMS.0228");
    QCOMPARE(s.store.snapshot(), before);
    // Another officer has a cap of their own; a day later this one may rotate again.
    s.store.session().setOperatorName(QStringLiteral("second-officer"));
    s.store.session().setClock(s.clock); // remakes the service, now for that operator
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(keys.at(2))), "0");
    s.store.session().setOperatorName(QString());
}

void TestRotation::pausedKeysDoNotRotate()
{
    ClockedStore s;
    const QString id = s.store.createKey();
    QCOMPARE_CODE(
        s.call(QStringLiteral("UpdateRotationPolicy"), policy(id, true, QStringLiteral("30d"))),
        "0");
    QCOMPARE_CODE(s.call(QStringLiteral("DisableKey"), idParams(id)), "0");
    const Response described = s.call(QStringLiteral("DescribeKey"), idParams(id));
    QVERIFY(meta(described).value(QStringLiteral("rotationPaused")).toBool());
    const QString before = s.store.snapshot();
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "KMS.0230");
    QCOMPARE(s.store.snapshot(), before);
    QCOMPARE_CODE(s.call(QStringLiteral("EnableKey"), idParams(id)), "0");
    QCOMPARE_CODE(
        s.call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("pendingWindowInDays"), 7 } }),
        "0");
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "KMS.0230");
    QCOMPARE_CODE(s.call(QStringLiteral("CancelKeyDeletion"), idParams(id)), "0");
    QCOMPARE_CODE(s.call(QStringLiteral("EnableKey"), idParams(id)), "0");
    QCOMPARE_CODE(s.call(QStringLiteral("RotateKey"), idParams(id)), "0");
}

void TestRotation::keysThatCannotRotate()
{
    TestStore store;
    const Response made = store.call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), kEd },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") } });
    QCOMPARE_CODE(made, "0");
    const QString before = store.snapshot();
    QCOMPARE_CODE(store.call(QStringLiteral("RotateKey"),
                      idParams(meta(made).value(QStringLiteral("cmkUuid")).toString())),
        "KMS.0211");
    QCOMPARE(store.snapshot(), before);
    // Asymmetric keys rotate by hand (a new key pair), never automatically.
    const QString rsa = store.createKey(QStringLiteral("RSA_2048"), kSv);
    QCOMPARE_CODE(store.call(QStringLiteral("RotateKey"), idParams(rsa)), "0");
}

void TestRotation::rotationStorageFailures_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("code");
    QTest::newRow("new version refused") << "BEFORE INSERT ON key_versions"
                                         << "RotateKey"
                                         << "KMS.0516";
    QTest::newRow("primary version not moved") << "BEFORE UPDATE OF primary_key_version ON keys"
                                               << "RotateKey"
                                               << "KMS.0516";
    QTest::newRow("next rotation job not queued") << "BEFORE UPDATE OF due_date ON jobs"
                                                  << "RotateKey"
                                                  << "KMS.0507";
    QTest::newRow("policy not written") << "BEFORE UPDATE OF automatic_rotation ON keys"
                                        << "UpdateRotationPolicy"
                                        << "KMS.0517";
    QTest::newRow("policy job not queued") << "BEFORE INSERT ON jobs"
                                           << "UpdateRotationPolicy"
                                           << "KMS.0507";
    QTest::newRow("rotation job of a new key not queued") << "BEFORE INSERT ON jobs"
                                                          << "CreateKey"
                                                          << "KMS.0507";
}

void TestRotation::rotationStorageFailures()
{
    QFETCH(QString, trigger);
    QFETCH(QString, action);
    QFETCH(QString, code);
    TestStore store;
    const QString id = store.createKey();
    if (action == QLatin1String("RotateKey"))
        QCOMPARE_CODE(store.call(QStringLiteral("UpdateRotationPolicy"),
                          policy(id, true, QStringLiteral("30d"))),
            "0");
    QVERIFY(store.injectFailure(QStringLiteral("injected"), trigger));
    const QString before = store.snapshot();
    QJsonObject params = action == QLatin1String("UpdateRotationPolicy")
        ? policy(id, true, QStringLiteral("60d"))
        : idParams(id);
    if (action == QLatin1String("CreateKey"))
        params = { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), kEd },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("enableAutomaticRotation"), true },
            { QStringLiteral("rotationInterval"), QStringLiteral("30d") } };
    QCOMPARE_CODE(store.call(action, params), qPrintable(code));
    QCOMPARE(store.snapshot(), before);
    QVERIFY(store.removeFailure(QStringLiteral("injected")));
    QCOMPARE_CODE(store.call(action, params), "0");
}

void TestRotation::rotationHsmFailure()
{
    TestStore store;
    const QString id = store.createKey();
    hsm::SoftwareHsm software(store.session().masterKey());
    test::FaultyHsm faulty(software);
    test::SingleHsmProvider provider(faulty);
    SystemClock clock;
    KmsService service(store.session().store(), provider, store.session().masterKey(), clock,
        QStringLiteral("test-officer"));
    const QString before = store.snapshot();
    for (const auto fault :
        { test::FaultyHsm::Fault::GenerateKey, test::FaultyHsm::Fault::WrapKey }) {
        faulty.clear();
        faulty.inject(fault);
        QCOMPARE_CODE(service.call(QStringLiteral("RotateKey"), idParams(id)), "KMS.0516");
    }
    QCOMPARE(store.snapshot(), before);
    faulty.clear();
    QCOMPARE_CODE(service.call(QStringLiteral("RotateKey"), idParams(id)), "0");
}

QTEST_GUILESS_MAIN(TestRotation)
#include "TestRotation.moc"
