#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace kms::store {

// Records as the backend sees them. The store's interface never leaks SQL, so another
// implementation (PostgreSQL for teams) can serve the same backend.

struct RegionRecord
{
    QString regionId;
    QString description;
    QString hsm = QStringLiteral("software"); // HSM configuration this region is bound to
    QDateTime creationDate;
};

struct KeyRecord
{
    QString cmkUuid;
    QString regionId;
    QString keySpec; // "AES_256", ...
    QString keyUsage; // "ENCRYPT/DECRYPT" or "SIGN/VERIFY"
    QString keyState; // "Enabled", "Disabled", "PendingDeletion", "PendingImport"
    QString protectionLevel; // "SOFTWARE" or "HSM"
    QString origin; // "KMS" or "EXTERNAL"
    QString description;
    QDateTime creationDate;
    QDateTime deleteDate; // null unless PendingDeletion
    QString primaryKeyVersion;
    QString defaultProduct; // non-empty for a region's default key of a product
    bool automaticRotation = false;
    int rotationIntervalDays = 0;
    QDateTime lastRotationDate;
    QDateTime nextRotationDate;
    QDateTime materialExpireDate; // imported material only: when it expires (null: never)
    QStringList aliases; // filled by findKey/listKeys, ignored by insertKey
};

struct KeyVersionRecord
{
    QString versionId;
    QString cmkUuid;
    QDateTime creationDate;
    QString hsm; // Hsm::name() of the HSM holding it
    QByteArray handle; // Hsm handle: wrapped material or token label, never plaintext
    QByteArray publicKeyPem; // asymmetric versions only
    QString rotationType = QStringLiteral("INITIAL"); // "INITIAL", "MANUAL" or "AUTOMATIC"
    QString createdBy; // operator whose request made it ("scheduler" for automatic ones)
    QByteArray materialFingerprint; // imported material: a keyed digest (never the material)
};

// A wrapping key pair made for one import into one key (GetParametersForImport), valid for
// a limited time. The private key is held like a key version's material.
struct ImportTokenRecord
{
    QString tokenId;
    QString cmkUuid;
    QString wrappingAlgorithm;
    QString hsm;
    QByteArray handle;
    QByteArray publicKeyPem;
    QDateTime creationDate;
    QDateTime expireDate;
};

// Material an HSM keeps wrapped under the master key, whoever owns it (master-key rotation
// rewraps every piece): a key version's, an import token's private key, a certificate's
// private key (listWrappedMaterial), and an access key's secret (AccessKeyRecord, written back
// through setWrappedMaterialHandle). `id` is the version, token, certificate or access key id;
// `cmkUuid` the key it belongs to (the certificate id for a certificate); `keySpec` the spec of
// that material.
struct WrappedMaterial
{
    enum class Owner { KeyVersion, ImportToken, Certificate, AccessKey };
    Owner owner = Owner::KeyVersion;
    QString id;
    QString cmkUuid;
    QString keySpec;
    QByteArray handle;
};

// Kinds of scheduled work (jobs table).
inline constexpr QLatin1String kJobRotate { "ROTATE" };
inline constexpr QLatin1String kJobDelete { "DELETE" };
inline constexpr QLatin1String kJobExpireMaterial { "EXPIRE_MATERIAL" };

// Scheduled work on one key: at most one pending job per kind and key. A pending job whose
// last attempt failed keeps its due date and waits until nextAttemptDate.
struct JobRecord
{
    qint64 jobId = 0;
    QString kind; // kJobRotate, kJobDelete, kJobExpireMaterial
    QString cmkUuid;
    QDateTime dueDate;
    QString state; // "PENDING", "DONE" or "CANCELLED"
    int attempts = 0; // failed attempts so far
    QString lastError; // catalog code and detail of the last failed attempt
    QDateTime lastAttemptDate;
    QDateTime nextAttemptDate; // null unless a failed attempt waits for its retry
    QDateTime creationDate;
    QDateTime finishedDate;
};

struct JobQuery
{
    QString state; // "PENDING", "FAILING" (pending with a failed attempt), "DONE", "CANCELLED"
    QString kind; // empty: any
    QString cmkUuid; // empty: any
    int offset = 0;
    int limit = 100;
};

struct JobCounts
{
    qint64 pending = 0; // all pending jobs
    qint64 due = 0; // pending jobs runnable now (rotations of paused keys are not)
    qint64 failing = 0; // pending jobs whose last attempt failed
};

struct AliasRecord
{
    QString aliasName;
    QString regionId;
    QString cmkUuid;
    QDateTime creationDate;
    QDateTime updateDate;
};

// A certificate of the certificate service: its key pair (in an HSM, like a key version),
// the CSR made for it, and once uploaded or issued the certificate and its chain.
struct CertificateRecord
{
    QString certificateId;
    QString regionId;
    QString keySpec; // RSA_2048, EC_P256, EC_SM2
    QString hsm;
    QByteArray handle; // HSM handle of the private key; empty once deleted
    QByteArray publicKeyPem;
    bool exportablePrivateKey = false;
    QString subject; // RFC 2253 one-line form
    QString subjectAlternativeNames; // JSON array text
    QByteArray csrPem;
    QByteArray certificateDer; // empty until uploaded or issued
    QByteArray chainPem; // issuer certificates, PEM, may be empty
    QString issuer;
    QString serialNumber;
    QDateTime notBefore;
    QDateTime notAfter;
    bool isCa = false; // may issue certificates (basic constraints + keyCertSign)
    QString status; // PENDING_IMPORT, ACTIVE, INACTIVE, REVOKED
    QDateTime creationDate;
    QDateTime updateDate;
    QDateTime deletedDate; // set once deleted: the row stays as a tombstone
    qint64 crlNumber = 0; // last CRL number of this CA
};

struct CertificateQuery
{
    QString regionId;
    QString status; // empty: any
    QString subject; // substring of subject or issuer
    QDateTime expiringBefore; // null: any; otherwise not_after before it
    int offset = 0;
    int limit = 100;
};

// A certificate this store's CA issued (for its revocation list).
struct IssuedCertificateRecord
{
    QString caCertificateId;
    QString serialNumber; // upper-case hex
    QString subject;
    QString profile;
    QDateTime issueDate;
    QDateTime notAfter;
    QDateTime revocationDate; // null unless revoked
};

enum class KeySortColumn {
    CreationDate,
    CmkUuid,
    Alias,
    KeySpec,
    KeyUsage,
    KeyState,
    ProtectionLevel,
    Origin,
    Description,
    NextRotationDate,
    DeleteDate
};

// A page of keys; filtering and sorting happen in the store, so views of 100,000 keys page
// cheaply.
struct KeyQuery
{
    QString regionId; // empty: all regions
    QString keyState; // empty: any
    QString keySpec; // empty: any
    QString search; // free text over key id, description and aliases
    bool withRotationPolicyOnly = false; // only keys with automatic rotation enabled
    std::optional<QStringList> keyIds; // only these keys (a crypto user's grants)
    KeySortColumn sortColumn = KeySortColumn::CreationDate;
    bool descending = false;
    int offset = 0;
    int limit = 100;
};

template<typename T> struct Page
{
    QList<T> rows;
    qint64 totalCount = 0;
};

struct AuditRecord
{
    qint64 seq = 0; // 1, 2, 3, ... assigned by the caller (last seq + 1)
    QDateTime time;
    QString operatorName;
    QString action;
    QString target; // key id, alias or certificate id, may be empty
    QString regionId;
    QString resultCode; // "0" or a catalog code
    QString requestId;
    QByteArray mac; // chain MAC, see audit/AuditLog.h
    // The time as stored (auditRows fills it): verification MACs these very bytes, so it
    // neither pays for nor depends on a parse and format round trip. Ignored by appendAudit.
    QString timeText;
};

// An operator of the console (issue 9): name, role and Argon2id password hash (an encoded
// string with its own salt, auth/PasswordHash.h), never the password.
struct OperatorRecord
{
    QString name;
    QString role; // auth::roleName(): administrator, key_officer, crypto_user, auditor
    QString passwordHash;
    int failedLogins = 0; // consecutive failed log-ins
    bool frozen = false;
    QDateTime created;
    QDateTime updated;
    QStringList grants; // crypto users: the key ids granted (StoreSession::listOperators fills it)
};

// An access key of the local signed API (server/, docs/api.md): its id, the operator it acts
// as, and its secret only wrapped under the master key (auth/AccessKeys.h), never in clear.
struct AccessKeyRecord
{
    QString accessKeyId; // 20 of [A-Z0-9]
    QString operatorName;
    QByteArray wrappedSecret; // MasterKey::wrap, associated data auth::accessKeyAad()
    QString status; // "active" or "disabled"
    QDateTime created;
    QDateTime lastUsed; // null until a request signed with it succeeded
};

// Which audit rows a query selects; every field empty or null means "any". Filtering happens
// in the store (indexed), so an audit page over a million rows reads only what it shows.
struct AuditQuery
{
    QDateTime from; // time >= from
    QDateTime to; // time < to
    QString operatorName;
    QString action;
    QString target; // key id, alias or certificate id
    // "" any, "SUCCESS" (code "0"), "FAILURE" (any other code), or one catalog code.
    QString result;
    // Keyset paging: only rows with seq < beforeSeq (0: no bound). A view that reads the next
    // page of one it has hands the last seq it saw here and asks for offset 0.
    qint64 beforeSeq = 0;
    // Oldest (lowest seq) first instead of newest first: a view that knows the count reads a
    // page near the old end from that end (offset counted from it) instead of stepping over
    // every newer row.
    bool oldestFirst = false;
};

// The key store. Every mutation the backend makes runs inside one transaction opened with
// beginTransaction() (use TransactionGuard). Methods fail with KMS.0503 and a detail naming
// the storage failure; callers turn that into the code of the operation they serve.
class Store
{
public:
    virtual ~Store() = default;

    // --- transactions ---
    virtual Result<void> beginTransaction() = 0;
    virtual Result<void> commit() = 0;
    virtual void rollback() = 0;

    // A number that changes whenever another connection commits to the store or this one
    // writes a setting: callers cache what they read (limits) until it changes.
    virtual Result<qint64> changeCounter() = 0;

    // --- store metadata: store uuid, master-key vault record (JSON), schema facts ---
    virtual Result<std::optional<QByteArray>> meta(const QString &key) = 0;
    virtual Result<void> setMeta(const QString &key, const QByteArray &value) = 0;
    // --- settings: limits, product list, ... (text values; defaults come from the caller)
    virtual Result<std::optional<QString>> setting(const QString &key) = 0;
    virtual Result<void> setSetting(const QString &key, const QString &value) = 0;

    // --- regions ---
    virtual Result<QList<RegionRecord>> listRegions() = 0;
    virtual Result<std::optional<RegionRecord>> findRegion(const QString &regionId) = 0;
    virtual Result<void> insertRegion(const RegionRecord &region) = 0;

    // --- keys ---
    virtual Result<void> insertKey(const KeyRecord &key) = 0;
    virtual Result<std::optional<KeyRecord>> findKey(const QString &cmkUuid) = 0;
    virtual Result<std::optional<KeyRecord>> findDefaultKey(
        const QString &regionId, const QString &product)
        = 0;
    virtual Result<Page<KeyRecord>> listKeys(const KeyQuery &query) = 0;
    // Keys of a region whose spec is asymmetric (RSA_*, EC_*), for the per-region quota.
    virtual Result<qint64> countAsymmetricKeys(const QString &regionId) = 0;
    virtual Result<void> updateKeyState(
        const QString &cmkUuid, const QString &keyState, const QDateTime &deleteDate)
        = 0;
    virtual Result<void> updateKeyDescription(const QString &cmkUuid, const QString &description)
        = 0;
    virtual Result<void> setPrimaryKeyVersion(const QString &cmkUuid, const QString &versionId) = 0;
    virtual Result<void> updateRotation(const QString &cmkUuid, bool automatic, int intervalDays,
        const QDateTime &lastRotation, const QDateTime &nextRotation)
        = 0;
    // Destroys a key for good: its versions (and with them the wrapped material), its aliases
    // and its row go; a tombstone keeps its id, region, spec and dates.
    virtual Result<void> deleteKey(const QString &cmkUuid, const QDateTime &destroyedDate) = 0;
    // When a deleted key was destroyed; nullopt if the id never named a deleted key.
    virtual Result<std::optional<QDateTime>> keyTombstone(const QString &cmkUuid) = 0;

    // --- key versions ---
    virtual Result<void> insertKeyVersion(const KeyVersionRecord &version) = 0;
    virtual Result<std::optional<KeyVersionRecord>> findKeyVersion(const QString &versionId) = 0;
    virtual Result<QList<KeyVersionRecord>> listKeyVersions(const QString &cmkUuid) = 0;
    // The version (of any key) holding imported material with this fingerprint.
    virtual Result<std::optional<KeyVersionRecord>> findKeyVersionByFingerprint(
        const QByteArray &fingerprint)
        = 0;
    // Drops the material of every version of the key (imported material deleted or expired):
    // the handles become empty, the versions stay, so the same material imported again
    // restores them and what they encrypted.
    virtual Result<void> clearKeyMaterial(const QString &cmkUuid) = 0;
    virtual Result<void> setKeyVersionHandle(const QString &versionId, const QByteArray &handle)
        = 0;
    virtual Result<void> setMaterialExpireDate(const QString &cmkUuid, const QDateTime &date) = 0;

    // --- import tokens ---
    virtual Result<void> insertImportToken(const ImportTokenRecord &token) = 0;
    virtual Result<std::optional<ImportTokenRecord>> findImportToken(const QString &tokenId) = 0;
    // Versions of `rotationType` made by `operatorName` since `since` (per-user rotation cap).
    virtual Result<qint64> countKeyVersions(
        const QString &operatorName, const QString &rotationType, const QDateTime &since)
        = 0;

    // --- master-key rotation: every non-empty handle of an HSM (by Hsm::name()) ---
    virtual Result<QList<WrappedMaterial>> listWrappedMaterial(const QString &hsm) = 0;
    virtual Result<void> setWrappedMaterialHandle(
        const WrappedMaterial &material, const QByteArray &handle)
        = 0;

    // --- jobs (durable schedule of rotations, deletions, material expiry) ---
    // Makes the pending job of `kind` for the key due at `due`: inserts it, or moves the one
    // already pending (its failed attempts are forgotten).
    virtual Result<void> scheduleJob(
        const QString &kind, const QString &cmkUuid, const QDateTime &due, const QDateTime &now)
        = 0;
    // Cancels the pending job of `kind` for the key, if any.
    virtual Result<void> cancelJob(
        const QString &kind, const QString &cmkUuid, const QDateTime &now)
        = 0;
    virtual Result<std::optional<JobRecord>> findJob(qint64 jobId) = 0;
    // Pending jobs runnable at `now`, oldest due first: due, past any retry wait, and for
    // rotations only while the key is Enabled (rotation of other keys is paused).
    virtual Result<QList<JobRecord>> dueJobs(const QDateTime &now, int limit) = 0;
    virtual Result<void> finishJob(qint64 jobId, const QString &state, const QDateTime &now) = 0;
    virtual Result<void> recordJobFailure(
        qint64 jobId, const QString &error, const QDateTime &now, const QDateTime &retryAt)
        = 0;
    virtual Result<Page<JobRecord>> listJobs(const JobQuery &query) = 0;
    virtual Result<JobCounts> jobCounts(const QDateTime &now) = 0;

    // --- aliases (unique per region) ---
    virtual Result<void> insertAlias(const AliasRecord &alias) = 0;
    virtual Result<std::optional<AliasRecord>> findAlias(
        const QString &regionId, const QString &aliasName)
        = 0;
    // The alias in every region that has it.
    virtual Result<QList<AliasRecord>> findAliasInAllRegions(const QString &aliasName) = 0;
    virtual Result<void> updateAliasTarget(const QString &regionId, const QString &aliasName,
        const QString &cmkUuid, const QDateTime &updateDate)
        = 0;
    virtual Result<void> deleteAlias(const QString &regionId, const QString &aliasName) = 0;
    // Aliases of a region (empty regionId: all), ordered by name.
    virtual Result<Page<AliasRecord>> listAliases(const QString &regionId, int offset, int limit)
        = 0;
    virtual Result<Page<AliasRecord>> listAliasesByKey(
        const QString &cmkUuid, int offset, int limit)
        = 0;

    // --- certificates ---
    virtual Result<void> insertCertificate(const CertificateRecord &certificate) = 0;
    // Writes every column of an existing certificate.
    virtual Result<void> updateCertificate(const CertificateRecord &certificate) = 0;
    // Deleted certificates too (deletedDate set).
    virtual Result<std::optional<CertificateRecord>> findCertificate(const QString &certificateId)
        = 0;
    // Not deleted ones, newest first.
    virtual Result<Page<CertificateRecord>> listCertificates(const CertificateQuery &query) = 0;
    virtual Result<void> insertIssuedCertificate(const IssuedCertificateRecord &issued) = 0;
    virtual Result<std::optional<IssuedCertificateRecord>> findIssuedCertificate(
        const QString &caCertificateId, const QString &serialNumber)
        = 0;
    virtual Result<void> revokeIssuedCertificate(
        const QString &caCertificateId, const QString &serialNumber, const QDateTime &when)
        = 0;
    // Issued certificates with this serial number, of any CA of the store.
    virtual Result<QList<IssuedCertificateRecord>> findIssuedBySerial(const QString &serialNumber)
        = 0;
    virtual Result<QList<IssuedCertificateRecord>> listIssuedCertificates(
        const QString &caCertificateId)
        = 0;

    // --- operators (issue 9) ---
    virtual Result<void> insertOperator(const OperatorRecord &record) = 0;
    virtual Result<std::optional<OperatorRecord>> findOperator(const QString &name) = 0;
    // Ordered by name.
    virtual Result<QList<OperatorRecord>> listOperators() = 0;
    // Writes role, hash, failed log-ins, frozen and updated of an existing operator.
    virtual Result<void> updateOperator(const OperatorRecord &record) = 0;
    virtual Result<qint64> countOperators() = 0;
    // Grants a crypto user the use of a key (or certificate) id; granting twice is no change.
    virtual Result<void> insertOperatorGrant(
        const QString &name, const QString &keyId, const QDateTime &created)
        = 0;
    virtual Result<QStringList> operatorGrants(const QString &name) = 0;
    // Audit rows of `auditOperator` and `action` at or after `since` whose result is not
    // `excludedCode` (the per-operator call quota counts the calls it let through).
    virtual Result<qint64> countAuditCalls(const QString &auditOperator, const QString &action,
        const QDateTime &since, const QString &excludedCode)
        = 0;

    // --- access keys of the local signed API ---
    virtual Result<void> insertAccessKey(const AccessKeyRecord &record) = 0;
    virtual Result<std::optional<AccessKeyRecord>> findAccessKey(const QString &accessKeyId) = 0;
    // Ordered by operator, then creation; with the wrapped secrets (callers drop them).
    virtual Result<QList<AccessKeyRecord>> listAccessKeys() = 0;
    // Status and last use of an existing access key.
    virtual Result<void> updateAccessKey(const AccessKeyRecord &record) = 0;
    virtual Result<void> deleteAccessKey(const QString &accessKeyId) = 0;

    // --- audit (append-only) ---
    virtual Result<void> appendAudit(const AuditRecord &record) = 0;
    virtual Result<std::optional<AuditRecord>> lastAudit() = 0;
    // Rows with seq > afterSeq in seq order, at most limit of them.
    virtual Result<QList<AuditRecord>> auditRows(qint64 afterSeq, int limit) = 0;
    // Rows matching the query, newest (highest seq) first (or oldest first, see AuditQuery),
    // skipping `offset` of them.
    virtual Result<QList<AuditRecord>> auditPage(const AuditQuery &query, qint64 offset, int limit)
        = 0;
    // How many rows match the query (beforeSeq included).
    virtual Result<qint64> auditCount(const AuditQuery &query) = 0;
};

// Rolls the transaction back unless commit() was called and succeeded.
class TransactionGuard
{
public:
    explicit TransactionGuard(Store &store)
        : m_store(store)
    {
    }
    TransactionGuard(const TransactionGuard &) = delete;
    TransactionGuard &operator=(const TransactionGuard &) = delete;
    ~TransactionGuard()
    {
        if (m_open)
            m_store.rollback();
    }

    Result<void> begin()
    {
        auto result = m_store.beginTransaction();
        m_open = result.ok();
        return result;
    }
    Result<void> commit()
    {
        auto result = m_store.commit();
        if (result.ok())
            m_open = false;
        return result;
    }
    void rollback()
    {
        if (m_open)
            m_store.rollback();
        m_open = false;
    }

private:
    Store &m_store;
    bool m_open = false;
};

} // namespace kms::store
