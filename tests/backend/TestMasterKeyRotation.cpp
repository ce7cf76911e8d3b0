// Re-keying the master key (issue 9, api/MasterKeyRotation.h) in all three protection modes:
// everything wrapped under the old key opens under the new one (symmetric and asymmetric key
// versions, a certificate's key, an import token, the audit signing key), the derived subkeys
// survive (the audit chain verifies across the rotation and goes on, import fingerprints stay
// the same), the old passphrase / shares / keychain entry stop working, and a failure at any
// step leaves the store as it was. Keychain mode against a real Secret Service
// (tests/support/with-keyring.sh); without one those cases skip.
#include "CryptoTestHelpers.h"
#include "TestHelpers.h"

#include "api/MasterKeyRotation.h"
#include "api/StoreSession.h"
#include "audit/AuditSigningKey.h"
#include "hsm/ImportFingerprint.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kms;
using namespace kms::test;

namespace {

const char *const kOldPassphrase = "old passphrase of the store";
const char *const kNewPassphrase = "new passphrase of the store";

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

// A keychain whose writes fail (a locked or unavailable Secret Service): reads and deletes
// go to the real one.
class FailingWrites final : public SecretStore
{
public:
    explicit FailingWrites(SecretStore &inner)
        : m_inner(inner)
    {
    }
    Result<SecureBytes> readSecret(const QString &name) override
    {
        return m_inner.readSecret(name);
    }
    Result<void> writeSecret(const QString &, const SecureBytes &) override
    {
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the keychain is locked"));
    }
    Result<void> deleteSecret(const QString &name) override { return m_inner.deleteSecret(name); }

private:
    SecretStore &m_inner;
};

// What a store holds before the rotation, and what must still work after it.
struct Inventory
{
    QString aesKey;
    QString ciphertext; // of kPlaintext under aesKey
    QString ecKey;
    QString ecVersion;
    QString certificateId;
    QString importKey;
    QString importTokenId;
    QByteArray auditPublicKey;
    QByteArray fingerprint; // importFingerprint of kFingerprintMaterial
};

const QByteArray kPlaintext = QByteArrayLiteral("what the old key protected");
const QByteArray kDigest = QByteArray(32, '\x5a');

Response call(StoreSession &session, const QString &action, const QJsonObject &params)
{
    return session.service().call(action, params);
}

SecureBytes fingerprintMaterial()
{
    return secret("0123456789abcdef0123456789abcdef");
}

} // namespace

class TestMasterKeyRotation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void passphraseMode();
    void custodiansMode();
    void keychainMode();
    void failedStepChangesNothing();
    void failedKeychainWriteChangesNothing();
    void rotatingTwiceKeepsTheChain();
    void onlyAnAdministratorRotates();
    void kmsctlRotates();

private:
    // Fills the store with one of everything that is wrapped under the master key.
    void populate(StoreSession &session, Inventory &inventory);
    // Everything of the inventory works through this session (the new key).
    void verifyInventory(StoreSession &session, const Inventory &inventory);
    void verifyAudit(StoreSession &session);
    // A keychain-mode store with the inventory (null when it cannot be made), and its reopening.
    std::unique_ptr<StoreSession> keychainStore(const QString &dataDir, Inventory &inventory);
    void reopenWithKeychain(const QString &dataDir, const Inventory &inventory);

    std::unique_ptr<KeychainSecretStore> m_keychain;
    bool m_haveKeychain = false;
};

void TestMasterKeyRotation::initTestCase()
{
    m_haveKeychain = !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
    if (m_haveKeychain)
        m_keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("kms-console-test"));
}

void TestMasterKeyRotation::populate(StoreSession &session, Inventory &inventory)
{
    const Response aes = call(session, QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(aes, "0");
    inventory.aesKey = aes.data.value(QStringLiteral("keyMetadata"))
                           .toObject()
                           .value(QStringLiteral("cmkUuid"))
                           .toString();
    const Response sealed = call(session, QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), inventory.aesKey },
            { QStringLiteral("plaintext"), b64(kPlaintext) } });
    QCOMPARE_CODE(sealed, "0");
    inventory.ciphertext = sealed.data.value(QStringLiteral("ciphertextBlob")).toString();

    const Response ec = call(session, QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
            { QStringLiteral("keyUsage"), QStringLiteral("SIGN/VERIFY") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(ec, "0");
    const QJsonObject ecMeta = ec.data.value(QStringLiteral("keyMetadata")).toObject();
    inventory.ecKey = ecMeta.value(QStringLiteral("cmkUuid")).toString();
    inventory.ecVersion = ecMeta.value(QStringLiteral("primaryKeyVersion")).toString();

    const Response certificate = call(session, QStringLiteral("CreateCertificate"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
            { QStringLiteral("subject"),
                QJsonObject { { QStringLiteral("CN"), QStringLiteral("rotation.example") },
                    { QStringLiteral("C"), QStringLiteral("CN") },
                    { QStringLiteral("O"), QStringLiteral("Example Bank") },
                    { QStringLiteral("OU"), QStringLiteral("Key Management") } } },
            { QStringLiteral("selfSigned"), true }, { QStringLiteral("validityDays"), 365 } });
    QCOMPARE_CODE(certificate, "0");
    inventory.certificateId = certificate.data.value(QStringLiteral("certificate"))
                                  .toObject()
                                  .value(QStringLiteral("certificateId"))
                                  .toString();

    const Response external = call(session, QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(external, "0");
    inventory.importKey = external.data.value(QStringLiteral("keyMetadata"))
                              .toObject()
                              .value(QStringLiteral("cmkUuid"))
                              .toString();
    const Response parameters = call(session, QStringLiteral("GetParametersForImport"),
        { { QStringLiteral("cmkUuid"), inventory.importKey },
            { QStringLiteral("wrappingAlgorithm"), QStringLiteral("RSAES_OAEP_SHA_256") },
            { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } });
    QCOMPARE_CODE(parameters, "0");
    inventory.importTokenId = parameters.data.value(QStringLiteral("importToken")).toString();

    const Response auditKey = call(session, QStringLiteral("GetAuditPublicKey"), {});
    QCOMPARE_CODE(auditKey, "0");
    {
        // Reads of the store run inside a transaction (none stays open after it).
        store::TransactionGuard transaction(session.store());
        QVERIFY_RESULT(transaction.begin());
        auto pem = AuditSigningKey::storedPublicKeyPem(session.store());
        QVERIFY_RESULT(pem);
        QVERIFY(pem->has_value());
        inventory.auditPublicKey = **pem;
    }
    auto fingerprint = hsm::importFingerprint(session.masterKey(), fingerprintMaterial());
    QVERIFY_RESULT(fingerprint);
    inventory.fingerprint = *fingerprint;
    QVERIFY(!inventory.aesKey.isEmpty() && !inventory.ecKey.isEmpty()
        && !inventory.certificateId.isEmpty() && !inventory.importTokenId.isEmpty());
}

void TestMasterKeyRotation::verifyInventory(StoreSession &session, const Inventory &inventory)
{
    const Response opened = call(session, QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"), inventory.ciphertext } });
    QCOMPARE_CODE(opened, "0");
    QCOMPARE(QByteArray::fromBase64(
                 opened.data.value(QStringLiteral("plaintext")).toString().toLatin1()),
        kPlaintext);
    const QJsonObject signParams { { QStringLiteral("cmkUuid"), inventory.ecKey },
        { QStringLiteral("keyVersionId"), inventory.ecVersion },
        { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
        { QStringLiteral("digest"), b64(kDigest) } };
    const Response signature = call(session, QStringLiteral("AsymmetricSign"), signParams);
    QCOMPARE_CODE(signature, "0");
    QJsonObject verifyParams = signParams;
    verifyParams.insert(QStringLiteral("value"), signature.data.value(QStringLiteral("value")));
    const Response verified = call(session, QStringLiteral("AsymmetricVerify"), verifyParams);
    QCOMPARE_CODE(verified, "0");
    QVERIFY(verified.data.value(QStringLiteral("valid")).toBool());
    const Response certificateSignature = call(session, QStringLiteral("CertificatePrivateKeySign"),
        { { QStringLiteral("certificateId"), inventory.certificateId },
            { QStringLiteral("algorithm"), QStringLiteral("ECDSA_SHA_256") },
            { QStringLiteral("messageType"), QStringLiteral("RAW") },
            { QStringLiteral("message"), b64("signed after the rotation") } });
    QCOMPARE_CODE(certificateSignature, "0");
    // The import token's private key opens: its public key is still served from it.
    store::TransactionGuard transaction(session.store());
    QVERIFY_RESULT(transaction.begin());
    auto token = session.store().findImportToken(inventory.importTokenId);
    QVERIFY_RESULT(token);
    QVERIFY(token->has_value());
    auto tokenPem
        = session.hsms()
              .hsmFor(QStringLiteral("software"))
              ->publicKeyPem({ inventory.importTokenId, inventory.importTokenId, KeySpec::Rsa2048 },
                  (*token)->handle);
    QVERIFY_RESULT(tokenPem);
    QCOMPARE(*tokenPem, (*token)->publicKeyPem);
    // The audit signing key opens under the new key and is the same key pair.
    auto signing = AuditSigningKey::loadOrCreate(session.store(), session.masterKey());
    QVERIFY_RESULT(signing);
    QCOMPARE(signing->publicKeyPem(), inventory.auditPublicKey);
    transaction.rollback();
    auto fingerprint = hsm::importFingerprint(session.masterKey(), fingerprintMaterial());
    QVERIFY_RESULT(fingerprint);
    QVERIFY(*fingerprint == inventory.fingerprint);
    verifyAudit(session);
}

void TestMasterKeyRotation::verifyAudit(StoreSession &session)
{
    auto verdict = session.service().auditLog().verify(session.store());
    QVERIFY_RESULT(verdict);
    QVERIFY2(verdict->intact, qPrintable(verdict->message));
    QVERIFY(verdict->rowsChecked > 0);
}

std::unique_ptr<StoreSession> TestMasterKeyRotation::keychainStore(
    const QString &dataDir, Inventory &inventory)
{
    StoreSession::InitOptions init;
    init.protection = MasterKeyProtection::Keychain;
    init.keychain = m_keychain.get();
    auto session = StoreSession::initialise(dataDir, init);
    if (!session) {
        qWarning("keychain store: %s", describe(session).constData());
        return nullptr;
    }
    populate(**session, inventory);
    return std::move(*session);
}

void TestMasterKeyRotation::reopenWithKeychain(const QString &dataDir, const Inventory &inventory)
{
    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    QVERIFY_RESULT((*reopened)->unlockWithKeychain(*m_keychain));
    verifyInventory(**reopened, inventory);
}

void TestMasterKeyRotation::passphraseMode()
{
    TestStore store(QString::fromLatin1(kOldPassphrase));
    QVERIFY(store.isValid());
    Inventory inventory;
    populate(store.session(), inventory);
    const QByteArray oldCheck = store.session().vault().keyCheck;

    const SecureBytes newPassphrase = secret(kNewPassphrase);
    MasterKeyRotation::Options options;
    options.passphrase = &newPassphrase;
    options.argon2 = fastArgon2();
    auto rotated = store.session().rotateMasterKey(options);
    QVERIFY_RESULT(rotated);
    QVERIFY(rotated->isEmpty());
    QVERIFY(store.session().isUnlocked());
    QVERIFY(store.session().vault().keyCheck != oldCheck);
    verifyInventory(store.session(), inventory);
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'RotateMasterKey' AND result_code = '0'")),
        qint64(1));

    // A new session: the old passphrase is refused, the new one opens everything.
    store.close();
    auto reopened = StoreSession::open(store.dataDir());
    QVERIFY_RESULT(reopened);
    VERIFY_ERROR((*reopened)->unlockWithPassphrase(secret(kOldPassphrase)), "KMS.0401");
    QVERIFY_RESULT((*reopened)->unlockWithPassphrase(secret(kNewPassphrase)));
    verifyInventory(**reopened, inventory);
}

void TestMasterKeyRotation::custodiansMode()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    QStringList oldShares;
    StoreSession::InitOptions init;
    init.protection = MasterKeyProtection::Custodians;
    init.custodianThreshold = 2;
    init.custodianCount = 3;
    init.shares = &oldShares;
    auto session = StoreSession::initialise(dataDir, init);
    QVERIFY_RESULT(session);
    Inventory inventory;
    populate(**session, inventory);

    MasterKeyRotation::Options options;
    options.custodianThreshold = 3;
    options.custodianCount = 4;
    auto newShares = (*session)->rotateMasterKey(options);
    QVERIFY_RESULT(newShares);
    QCOMPARE(newShares->size(), 4);
    QCOMPARE((*session)->custodianThreshold(), 3);
    verifyInventory(**session, inventory);
    session->reset();

    auto reopened = StoreSession::open(dataDir);
    QVERIFY_RESULT(reopened);
    VERIFY_ERROR((*reopened)->unlockWithShares(oldShares.mid(0, 2)), "KMS.0401");
    VERIFY_ERROR((*reopened)->unlockWithShares(oldShares), "KMS.0401");
    QVERIFY_RESULT((*reopened)->unlockWithShares(newShares->mid(1, 3)));
    verifyInventory(**reopened, inventory);
}

void TestMasterKeyRotation::keychainMode()
{
    if (!m_haveKeychain)
        QSKIP("needs a D-Bus session with a Secret Service: run through with-keyring.sh");
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    Inventory inventory;
    auto session = keychainStore(dataDir, inventory);
    QVERIFY(session);
    const QString oldEntry = session->vault().keychainEntry;
    QVERIFY_RESULT(m_keychain->readSecret(oldEntry));

    MasterKeyRotation::Options options;
    options.keychain = m_keychain.get();
    QVERIFY_RESULT(session->rotateMasterKey(options));
    const QString newEntry = session->vault().keychainEntry;
    QVERIFY(newEntry != oldEntry);
    QVERIFY_RESULT(m_keychain->readSecret(newEntry));
    QVERIFY(!m_keychain->readSecret(oldEntry).ok()); // deleted after the commit
    verifyInventory(*session, inventory);
    session.reset();
    reopenWithKeychain(dataDir, inventory);
    (void)m_keychain->deleteSecret(newEntry);
}

void TestMasterKeyRotation::failedStepChangesNothing()
{
    TestStore store(QString::fromLatin1(kOldPassphrase));
    QVERIFY(store.isValid());
    Inventory inventory;
    populate(store.session(), inventory);
    const QString before = store.snapshot();
    const QByteArray vaultBefore = store.session().vault().keyCheck;
    // The rewrap fails half-way: the second certificate handle written hits a failing trigger.
    QVERIFY(store.injectFailure(
        QStringLiteral("no_certificate_update"), QStringLiteral("BEFORE UPDATE ON certificates")));
    const SecureBytes newPassphrase = secret(kNewPassphrase);
    MasterKeyRotation::Options options;
    options.passphrase = &newPassphrase;
    options.argon2 = fastArgon2();
    VERIFY_ERROR(store.session().rotateMasterKey(options), "KMS.0503");
    QVERIFY(store.removeFailure(QStringLiteral("no_certificate_update")));
    QCOMPARE(store.snapshot(), before);
    QCOMPARE(store.session().vault().keyCheck, vaultBefore);
    QVERIFY(store.session().isUnlocked());
    verifyInventory(store.session(), inventory);
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'RotateMasterKey' AND result_code = 'KMS.0503'")),
        qint64(1));

    // An empty passphrase is refused before anything is made.
    const SecureBytes empty;
    options.passphrase = &empty;
    VERIFY_ERROR(store.session().rotateMasterKey(options), "KMS.0101");
    QCOMPARE(store.snapshot(), before);

    store.close();
    auto reopened = StoreSession::open(store.dataDir());
    QVERIFY_RESULT(reopened);
    QVERIFY_RESULT((*reopened)->unlockWithPassphrase(secret(kOldPassphrase)));
    verifyInventory(**reopened, inventory);
}

void TestMasterKeyRotation::failedKeychainWriteChangesNothing()
{
    if (!m_haveKeychain)
        QSKIP("needs a D-Bus session with a Secret Service: run through with-keyring.sh");
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    Inventory inventory;
    auto session = keychainStore(dataDir, inventory);
    QVERIFY(session);
    const VaultRecord vaultBefore = session->vault();
    auto keyBefore = m_keychain->readSecret(vaultBefore.keychainEntry);
    QVERIFY_RESULT(keyBefore);

    FailingWrites failing(*m_keychain);
    MasterKeyRotation::Options options;
    options.keychain = &failing;
    VERIFY_ERROR(session->rotateMasterKey(options), "KMS.0503");
    QCOMPARE(session->vault().keychainEntry, vaultBefore.keychainEntry);
    QCOMPARE(session->vault().keyCheck, vaultBefore.keyCheck);
    auto keyAfter = m_keychain->readSecret(vaultBefore.keychainEntry);
    QVERIFY_RESULT(keyAfter);
    QVERIFY(keyAfter->equals(*keyBefore));
    verifyInventory(*session, inventory);
    session.reset();
    reopenWithKeychain(dataDir, inventory);
    (void)m_keychain->deleteSecret(vaultBefore.keychainEntry);
}

void TestMasterKeyRotation::rotatingTwiceKeepsTheChain()
{
    TestStore store(QString::fromLatin1(kOldPassphrase));
    QVERIFY(store.isValid());
    Inventory inventory;
    populate(store.session(), inventory);
    const SecureBytes second = secret("second passphrase");
    const SecureBytes third = secret("third passphrase");
    MasterKeyRotation::Options options;
    options.argon2 = fastArgon2();
    options.passphrase = &second;
    QVERIFY_RESULT(store.session().rotateMasterKey(options));
    QVERIFY(!store.createKey().isEmpty()); // a row chained under the second key
    options.passphrase = &third;
    QVERIFY_RESULT(store.session().rotateMasterKey(options));
    verifyInventory(store.session(), inventory);
    store.reopen(QStringLiteral("third passphrase"));
    verifyInventory(store.session(), inventory);
}

void TestMasterKeyRotation::onlyAnAdministratorRotates()
{
    TestStore store(QString::fromLatin1(kOldPassphrase));
    QVERIFY(store.isValid());
    StoreSession &session = store.session();
    session.setPasswordHashParams(fastArgon2());
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), secret("root-pass")));
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret("root-pass")));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), secret("kate-pass")));
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("kate"), secret("kate-pass")));
    const QString before = store.snapshot();
    const SecureBytes newPassphrase = secret(kNewPassphrase);
    MasterKeyRotation::Options options;
    options.passphrase = &newPassphrase;
    options.argon2 = fastArgon2();
    VERIFY_ERROR(session.rotateMasterKey(options), "KMS.0405");
    QCOMPARE(store.snapshot(), before);
    QVERIFY_RESULT(session.logOut());
    VERIFY_ERROR(session.rotateMasterKey(options), "KMS.0401");
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), secret("root-pass")));
    QVERIFY_RESULT(session.rotateMasterKey(options));
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'RotateMasterKey' AND result_code = 'KMS.0405' AND "
                                         "operator = 'kate (key_officer)'")),
        qint64(1));
    QCOMPARE(store.scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                         "'RotateMasterKey' AND result_code = '0' AND "
                                         "operator = 'root (administrator)'")),
        qint64(1));
}

void TestMasterKeyRotation::kmsctlRotates()
{
    const QString kmsctl = qEnvironmentVariable("KMSCTL");
    if (kmsctl.isEmpty())
        QSKIP("KMSCTL is not set (run through CTest)");
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    const QString oldFile = dir.filePath(QStringLiteral("old"));
    const QString newFile = dir.filePath(QStringLiteral("new"));
    QVERIFY(writeFile(oldFile, QByteArray(kOldPassphrase) + '\n'));
    QVERIFY(writeFile(newFile, QByteArray(kNewPassphrase) + '\n'));
    const QStringList base { QStringLiteral("--data-dir"), dataDir };
    ProcessRun run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--passphrase-file"), oldFile, QStringLiteral("init"),
                QStringLiteral("--argon2-memory-kib"), QStringLiteral("8192"),
                QStringLiteral("--argon2-iterations"), QStringLiteral("1") });
    QCOMPARE(run.exitCode, 0);
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--passphrase-file"), oldFile, QStringLiteral("call"),
                QStringLiteral("CreateKey"),
                QStringLiteral(
                    R"({"regionId":"local-1","keySpec":"AES_256","keyUsage":"ENCRYPT/DECRYPT","protectionLevel":"SOFTWARE"})") });
    QCOMPARE(run.exitCode, 0);
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--passphrase-file"), oldFile,
                QStringLiteral("master-key"), QStringLiteral("rotate"),
                QStringLiteral("--new-passphrase-file"), newFile });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runProcess(kmsctl,
        base
            + QStringList {
                QStringLiteral("--passphrase-file"), oldFile, QStringLiteral("unlock") });
    QCOMPARE(run.exitCode, 1);
    run = runProcess(kmsctl,
        base
            + QStringList { QStringLiteral("--passphrase-file"), newFile, QStringLiteral("audit"),
                QStringLiteral("verify") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

QTEST_GUILESS_MAIN(TestMasterKeyRotation)
#include "TestMasterKeyRotation.moc"
