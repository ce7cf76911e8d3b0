#pragma once

#include "store/Store.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace kms::store {

// The Store on one SQLite file through Qt SQL (QSQLITE): WAL journal, foreign keys on,
// busy timeout, schema versions in PRAGMA user_version with an append-only list of
// forward migrations. SQL only with prepare + bindValue. The few statements every service
// request runs (transaction control, the audit row and the chain head) go to SQLite directly
// on the same connection, prepared once: Qt SQL's per-statement cost was most of a request.
class SqliteStore final : public Store
{
public:
    // Opens (creating if needed) the database file and migrates it to the current schema.
    // KMS.0503 if the file cannot be opened or migrated.
    static Result<std::unique_ptr<SqliteStore>> open(const QString &path);
    ~SqliteStore() override;

    static int currentSchemaVersion();
    Result<int> schemaVersion();
    // A consistent copy of the whole database in a new file (VACUUM INTO), outside any
    // transaction of this connection.
    Result<void> snapshotTo(const QString &path);
    const QString &path() const { return m_path; }

    Result<void> beginTransaction() override;
    Result<void> commit() override;
    void rollback() override;

    Result<qint64> changeCounter() override;
    Result<std::optional<QByteArray>> meta(const QString &key) override;
    Result<void> setMeta(const QString &key, const QByteArray &value) override;
    Result<std::optional<QString>> setting(const QString &key) override;
    Result<void> setSetting(const QString &key, const QString &value) override;

    Result<QList<RegionRecord>> listRegions() override;
    Result<std::optional<RegionRecord>> findRegion(const QString &regionId) override;
    Result<void> insertRegion(const RegionRecord &region) override;

    Result<void> insertKey(const KeyRecord &key) override;
    Result<std::optional<KeyRecord>> findKey(const QString &cmkUuid) override;
    Result<std::optional<KeyRecord>> findDefaultKey(
        const QString &regionId, const QString &product) override;
    Result<Page<KeyRecord>> listKeys(const KeyQuery &query) override;
    Result<qint64> countAsymmetricKeys(const QString &regionId) override;
    Result<void> updateKeyState(
        const QString &cmkUuid, const QString &keyState, const QDateTime &deleteDate) override;
    Result<void> updateKeyDescription(const QString &cmkUuid, const QString &description) override;
    Result<void> setPrimaryKeyVersion(const QString &cmkUuid, const QString &versionId) override;
    Result<void> updateRotation(const QString &cmkUuid, bool automatic, int intervalDays,
        const QDateTime &lastRotation, const QDateTime &nextRotation) override;
    Result<void> deleteKey(const QString &cmkUuid, const QDateTime &destroyedDate) override;
    Result<std::optional<QDateTime>> keyTombstone(const QString &cmkUuid) override;

    Result<void> insertKeyVersion(const KeyVersionRecord &version) override;
    Result<std::optional<KeyVersionRecord>> findKeyVersion(const QString &versionId) override;
    Result<QList<KeyVersionRecord>> listKeyVersions(const QString &cmkUuid) override;
    Result<std::optional<KeyVersionRecord>> findKeyVersionByFingerprint(
        const QByteArray &fingerprint) override;
    Result<void> clearKeyMaterial(const QString &cmkUuid) override;
    Result<void> setKeyVersionHandle(const QString &versionId, const QByteArray &handle) override;
    Result<void> setMaterialExpireDate(const QString &cmkUuid, const QDateTime &date) override;
    Result<void> insertImportToken(const ImportTokenRecord &token) override;
    Result<std::optional<ImportTokenRecord>> findImportToken(const QString &tokenId) override;
    Result<qint64> countKeyVersions(
        const QString &operatorName, const QString &rotationType, const QDateTime &since) override;
    Result<QList<WrappedMaterial>> listWrappedMaterial(const QString &hsm) override;
    Result<void> setWrappedMaterialHandle(
        const WrappedMaterial &material, const QByteArray &handle) override;

    Result<void> scheduleJob(const QString &kind, const QString &cmkUuid, const QDateTime &due,
        const QDateTime &now) override;
    Result<void> cancelJob(
        const QString &kind, const QString &cmkUuid, const QDateTime &now) override;
    Result<std::optional<JobRecord>> findJob(qint64 jobId) override;
    Result<QList<JobRecord>> dueJobs(const QDateTime &now, int limit) override;
    Result<void> finishJob(qint64 jobId, const QString &state, const QDateTime &now) override;
    Result<void> recordJobFailure(qint64 jobId, const QString &error, const QDateTime &now,
        const QDateTime &retryAt) override;
    Result<Page<JobRecord>> listJobs(const JobQuery &query) override;
    Result<JobCounts> jobCounts(const QDateTime &now) override;

    Result<void> insertAlias(const AliasRecord &alias) override;
    Result<std::optional<AliasRecord>> findAlias(
        const QString &regionId, const QString &aliasName) override;
    Result<QList<AliasRecord>> findAliasInAllRegions(const QString &aliasName) override;
    Result<void> updateAliasTarget(const QString &regionId, const QString &aliasName,
        const QString &cmkUuid, const QDateTime &updateDate) override;
    Result<void> deleteAlias(const QString &regionId, const QString &aliasName) override;
    Result<Page<AliasRecord>> listAliases(const QString &regionId, int offset, int limit) override;
    Result<Page<AliasRecord>> listAliasesByKey(
        const QString &cmkUuid, int offset, int limit) override;

    Result<void> insertCertificate(const CertificateRecord &certificate) override;
    Result<void> updateCertificate(const CertificateRecord &certificate) override;
    Result<std::optional<CertificateRecord>> findCertificate(const QString &certificateId) override;
    Result<Page<CertificateRecord>> listCertificates(const CertificateQuery &query) override;
    Result<void> insertIssuedCertificate(const IssuedCertificateRecord &issued) override;
    Result<std::optional<IssuedCertificateRecord>> findIssuedCertificate(
        const QString &caCertificateId, const QString &serialNumber) override;
    Result<void> revokeIssuedCertificate(const QString &caCertificateId,
        const QString &serialNumber, const QDateTime &when) override;
    Result<QList<IssuedCertificateRecord>> findIssuedBySerial(const QString &serialNumber) override;
    Result<QList<IssuedCertificateRecord>> listIssuedCertificates(
        const QString &caCertificateId) override;

    Result<void> insertOperator(const OperatorRecord &record) override;
    Result<std::optional<OperatorRecord>> findOperator(const QString &name) override;
    Result<QList<OperatorRecord>> listOperators() override;
    Result<void> updateOperator(const OperatorRecord &record) override;
    Result<qint64> countOperators() override;
    Result<void> insertOperatorGrant(
        const QString &name, const QString &keyId, const QDateTime &created) override;
    Result<QStringList> operatorGrants(const QString &name) override;
    Result<qint64> countAuditCalls(const QString &auditOperator, const QString &action,
        const QDateTime &since, const QString &excludedCode) override;

    Result<void> insertAccessKey(const AccessKeyRecord &record) override;
    Result<std::optional<AccessKeyRecord>> findAccessKey(const QString &accessKeyId) override;
    Result<QList<AccessKeyRecord>> listAccessKeys() override;
    Result<void> updateAccessKey(const AccessKeyRecord &record) override;
    Result<void> deleteAccessKey(const QString &accessKeyId) override;

    Result<void> appendAudit(const AuditRecord &record) override;
    Result<std::optional<AuditRecord>> lastAudit() override;
    Result<QList<AuditRecord>> auditRows(qint64 afterSeq, int limit) override;
    Result<QList<AuditRecord>> auditPage(
        const AuditQuery &query, qint64 offset, int limit) override;
    Result<qint64> auditCount(const AuditQuery &query) override;

private:
    SqliteStore(QString path, QString connectionName);
    Result<void> migrate();
    // Connection PRAGMAs, refusal of a newer schema (before anything is written), WAL, then
    // migrate().
    Result<void> configure();
    // Fills KeyRecord::aliases of the given keys with one query.
    Result<void> fillAliases(QList<KeyRecord> &keys);

    QString m_path;
    QString m_connectionName;
    // This instance's connection (named m_connectionName). Use the store from one thread at a
    // time; the destructor drops this handle before removeDatabase().
    // Resets every cached statement, so none holds a read cursor across COMMIT/ROLLBACK.
    void finishStatements();
    void invalidateKeys();
    Result<std::optional<KeyRecord>> readKey(const QString &cmkUuid);
    Result<std::optional<KeyVersionRecord>> readKeyVersion(const QString &versionId);
    Result<std::optional<AuditRecord>> readLastAudit();

    // Notes a change of the file made by anything but this store's own transactions: drops
    // the read cache and moves changeCounter(). The pager must be current (a read or write
    // transaction open, or one just run).
    void noteDataVersion();
    // Ends the open SQLite transaction, if any; SQLite may have rolled back by itself.
    void rollbackQuietly();

    // Rows read inside transactions, kept while no other connection commits (see
    // beginTransaction): the hot path of the service then reads the same key, version and
    // audit head without a query. Used only inside a transaction.
    struct ReadCache
    {
        QHash<QString, std::optional<KeyRecord>> keys;
        QHash<QString, std::optional<KeyVersionRecord>> versions;
        std::optional<std::optional<AuditRecord>> lastAudit;
    };
    ReadCache m_cache;
    // SQLite's data version of the file as this store last saw it (it also moves on this
    // connection's own commits, which set it afresh), and how often it moved otherwise.
    qint64 m_dataVersion = -1;
    qint64 m_foreignChanges = 0;

    // Statements on SQLite's own handle of m_db; finalized before m_db closes.
    struct NativeStatements;
    std::unique_ptr<NativeStatements> m_native;

    QSqlDatabase m_db;
    QHash<QString, QSqlQuery> m_statements;
    bool m_inTransaction = false;
    qint64 m_settingWrites = 0;
};

} // namespace kms::store
