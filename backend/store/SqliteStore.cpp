#include "SqliteStore.h"

#include "core/Clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <dlfcn.h>
#include <sqlite3.h>

#include <iterator>
#include <span>
#include <vector>

// SQL below relies on SQLite >= 3.38 (json_each built in, NULLS LAST, upsert); Debian 12
// ships 3.40.

namespace kms::store {

namespace {

Q_LOGGING_CATEGORY(lcStore, "kms.store")

const QString kStoreError = QStringLiteral("KMS.0503");

// --- schema -------------------------------------------------------------------------------
//
// Append-only: kSchema[N] takes a database from user_version N to N + 1. Never edit a step
// that has shipped; add a step. Each step runs in one transaction with its version bump.
// Dates are formatTime() text (ISO 8601 UTC with milliseconds), so text order is time order;
// booleans are INTEGER 0/1; optional text is NULL, never ''.

const char *const kSchemaV1[] = {
    "CREATE TABLE meta ("
    " key TEXT PRIMARY KEY NOT NULL,"
    " value BLOB NOT NULL)",

    "CREATE TABLE settings ("
    " key TEXT PRIMARY KEY NOT NULL,"
    " value TEXT NOT NULL)",

    "CREATE TABLE regions ("
    " region_id TEXT PRIMARY KEY NOT NULL,"
    " description TEXT NOT NULL DEFAULT '',"
    " hsm TEXT NOT NULL,"
    " creation_date TEXT NOT NULL)",

    "CREATE TABLE keys ("
    " cmk_uuid TEXT PRIMARY KEY NOT NULL,"
    " region_id TEXT NOT NULL REFERENCES regions (region_id),"
    " key_spec TEXT NOT NULL,"
    " key_usage TEXT NOT NULL,"
    " key_state TEXT NOT NULL,"
    " protection_level TEXT NOT NULL,"
    " origin TEXT NOT NULL,"
    " description TEXT NOT NULL DEFAULT '',"
    " creation_date TEXT NOT NULL,"
    " delete_date TEXT,"
    " primary_key_version TEXT,"
    " default_product TEXT CHECK (default_product IS NULL OR default_product <> ''),"
    " automatic_rotation INTEGER NOT NULL DEFAULT 0 CHECK (automatic_rotation IN (0, 1)),"
    " rotation_interval_days INTEGER NOT NULL DEFAULT 0,"
    " last_rotation_date TEXT,"
    " next_rotation_date TEXT)",
    // Target of the aliases' (region_id, cmk_uuid) foreign key; also serves region + id order.
    "CREATE UNIQUE INDEX keys_region_uuid ON keys (region_id, cmk_uuid)",
    "CREATE INDEX keys_region_created ON keys (region_id, creation_date, cmk_uuid)",
    "CREATE INDEX keys_created ON keys (creation_date, cmk_uuid)",
    "CREATE INDEX keys_state ON keys (key_state, region_id)",
    "CREATE INDEX keys_spec ON keys (key_spec, region_id)",
    // One default key per region and product.
    "CREATE UNIQUE INDEX keys_default_product ON keys (region_id, default_product)"
    " WHERE default_product IS NOT NULL",

    "CREATE TABLE key_versions ("
    " version_id TEXT PRIMARY KEY NOT NULL,"
    " cmk_uuid TEXT NOT NULL REFERENCES keys (cmk_uuid) ON DELETE CASCADE,"
    " creation_date TEXT NOT NULL,"
    " hsm TEXT NOT NULL,"
    " handle BLOB NOT NULL,"
    " public_key_pem BLOB)",
    "CREATE INDEX key_versions_key ON key_versions (cmk_uuid, creation_date)",

    // An alias names a key of its own region: the foreign key covers region and key together.
    "CREATE TABLE aliases ("
    " region_id TEXT NOT NULL,"
    " alias_name TEXT NOT NULL,"
    " cmk_uuid TEXT NOT NULL,"
    " creation_date TEXT NOT NULL,"
    " update_date TEXT,"
    " PRIMARY KEY (region_id, alias_name),"
    " FOREIGN KEY (region_id, cmk_uuid) REFERENCES keys (region_id, cmk_uuid)"
    " ON DELETE CASCADE)",
    "CREATE INDEX aliases_key ON aliases (cmk_uuid, alias_name)",
    "CREATE INDEX aliases_name ON aliases (alias_name, region_id)",

    "CREATE TABLE audit ("
    " seq INTEGER PRIMARY KEY,"
    " time TEXT NOT NULL,"
    " operator TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " target TEXT NOT NULL,"
    " region_id TEXT NOT NULL,"
    " result_code TEXT NOT NULL,"
    " request_id TEXT NOT NULL,"
    " mac BLOB NOT NULL)",
};

// Version 2: each key's smallest alias name kept on the key row by triggers, indexed, so the
// key list sorts by alias without a subquery per row (100,000 keys).
const char *const kSchemaV2[] = {
    "ALTER TABLE keys ADD COLUMN first_alias TEXT",
    "UPDATE keys SET first_alias ="
    " (SELECT MIN(a.alias_name) FROM aliases a WHERE a.cmk_uuid = keys.cmk_uuid)",
    "CREATE INDEX keys_first_alias ON keys (first_alias IS NULL, first_alias, cmk_uuid)",
    "CREATE TRIGGER aliases_first_insert AFTER INSERT ON aliases BEGIN"
    " UPDATE keys SET first_alias = (SELECT MIN(alias_name) FROM aliases"
    " WHERE cmk_uuid = NEW.cmk_uuid) WHERE cmk_uuid = NEW.cmk_uuid; END",
    "CREATE TRIGGER aliases_first_delete AFTER DELETE ON aliases BEGIN"
    " UPDATE keys SET first_alias = (SELECT MIN(alias_name) FROM aliases"
    " WHERE cmk_uuid = OLD.cmk_uuid) WHERE cmk_uuid = OLD.cmk_uuid; END",
    "CREATE TRIGGER aliases_first_update AFTER UPDATE OF cmk_uuid, alias_name ON aliases BEGIN"
    " UPDATE keys SET first_alias = (SELECT MIN(alias_name) FROM aliases"
    " WHERE cmk_uuid = OLD.cmk_uuid) WHERE cmk_uuid = OLD.cmk_uuid;"
    " UPDATE keys SET first_alias = (SELECT MIN(alias_name) FROM aliases"
    " WHERE cmk_uuid = NEW.cmk_uuid) WHERE cmk_uuid = NEW.cmk_uuid; END",
};

// Version 3: how each key version came to be and who made it (rotation history, per-user
// rotation cap), the durable job table of the scheduler, and tombstones of destroyed keys.
// Pending deletions and rotation policies of older stores become jobs.
const char *const kSchemaV3[] = {
    "ALTER TABLE key_versions ADD COLUMN rotation_type TEXT NOT NULL DEFAULT 'INITIAL'"
    " CHECK (rotation_type IN ('INITIAL', 'MANUAL', 'AUTOMATIC'))",
    "ALTER TABLE key_versions ADD COLUMN created_by TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX key_versions_rotations ON key_versions (created_by, rotation_type,"
    " creation_date)",

    "CREATE TABLE jobs ("
    " job_id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('ROTATE', 'DELETE', 'EXPIRE_MATERIAL')),"
    " cmk_uuid TEXT NOT NULL,"
    " due_date TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('PENDING', 'DONE', 'CANCELLED')),"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT,"
    " last_attempt_date TEXT,"
    " next_attempt_date TEXT,"
    " creation_date TEXT NOT NULL,"
    " finished_date TEXT)",
    // At most one pending job per kind and key; the scheduler's scan.
    "CREATE UNIQUE INDEX jobs_pending ON jobs (kind, cmk_uuid) WHERE state = 'PENDING'",
    "CREATE INDEX jobs_due ON jobs (state, due_date)",
    "CREATE INDEX jobs_key ON jobs (cmk_uuid, job_id)",

    "CREATE TABLE key_tombstones ("
    " cmk_uuid TEXT PRIMARY KEY NOT NULL,"
    " region_id TEXT NOT NULL,"
    " key_spec TEXT NOT NULL,"
    " key_usage TEXT NOT NULL,"
    " creation_date TEXT NOT NULL,"
    " delete_date TEXT,"
    " destroyed_date TEXT NOT NULL)",

    "INSERT INTO jobs (kind, cmk_uuid, due_date, state, creation_date)"
    " SELECT 'DELETE', cmk_uuid, delete_date, 'PENDING', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    " FROM keys WHERE key_state = 'PendingDeletion' AND delete_date IS NOT NULL",
    "INSERT INTO jobs (kind, cmk_uuid, due_date, state, creation_date)"
    " SELECT 'ROTATE', cmk_uuid, next_rotation_date, 'PENDING',"
    " strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    " FROM keys WHERE automatic_rotation = 1 AND next_rotation_date IS NOT NULL",
};

// Version 4: certificates (key pair, CSR, certificate and chain; deleted ones stay as
// tombstones) and the certificates this store's CAs issued, for their revocation lists.
const char *const kSchemaV4[] = {
    "CREATE TABLE certificates ("
    " certificate_id TEXT PRIMARY KEY NOT NULL,"
    " region_id TEXT NOT NULL REFERENCES regions (region_id),"
    " key_spec TEXT NOT NULL,"
    " hsm TEXT NOT NULL,"
    " handle BLOB,"
    " public_key_pem BLOB NOT NULL,"
    " exportable INTEGER NOT NULL CHECK (exportable IN (0, 1)),"
    " subject TEXT NOT NULL,"
    " sans TEXT NOT NULL DEFAULT '[]',"
    " csr_pem BLOB NOT NULL,"
    " certificate_der BLOB,"
    " chain_pem BLOB,"
    " issuer TEXT,"
    " serial_number TEXT,"
    " not_before TEXT,"
    " not_after TEXT,"
    " is_ca INTEGER NOT NULL DEFAULT 0 CHECK (is_ca IN (0, 1)),"
    " status TEXT NOT NULL CHECK (status IN ('PENDING_IMPORT', 'ACTIVE', 'INACTIVE', 'REVOKED')),"
    " creation_date TEXT NOT NULL,"
    " update_date TEXT,"
    " deleted_date TEXT,"
    " crl_number INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX certificates_listing ON certificates (deleted_date, creation_date)",
    "CREATE INDEX certificates_expiry ON certificates (not_after)",

    "CREATE TABLE issued_certificates ("
    " ca_certificate_id TEXT NOT NULL REFERENCES certificates (certificate_id),"
    " serial_number TEXT NOT NULL,"
    " subject TEXT NOT NULL,"
    " profile TEXT NOT NULL,"
    " issue_date TEXT NOT NULL,"
    " not_after TEXT NOT NULL,"
    " revocation_date TEXT,"
    " PRIMARY KEY (ca_certificate_id, serial_number))",
};

// Version 5: imported key material (BYOK): the import tokens with their wrapping keys, a
// keyed fingerprint of imported material (the same material may not go into two keys), and
// when a key's imported material expires.
const char *const kSchemaV5[] = {
    "ALTER TABLE keys ADD COLUMN material_expire_date TEXT",
    "ALTER TABLE key_versions ADD COLUMN material_fingerprint BLOB",
    "CREATE INDEX key_versions_fingerprint ON key_versions (material_fingerprint)"
    " WHERE material_fingerprint IS NOT NULL",
    "CREATE TABLE import_tokens ("
    " token_id TEXT PRIMARY KEY NOT NULL,"
    " cmk_uuid TEXT NOT NULL REFERENCES keys (cmk_uuid) ON DELETE CASCADE,"
    " wrapping_algorithm TEXT NOT NULL,"
    " hsm TEXT NOT NULL,"
    " handle BLOB NOT NULL,"
    " public_key_pem BLOB NOT NULL,"
    " creation_date TEXT NOT NULL,"
    " expire_date TEXT NOT NULL)",
    "CREATE INDEX import_tokens_key ON import_tokens (cmk_uuid)",
    "CREATE INDEX issued_certificates_serial ON issued_certificates (serial_number)",
};

// Version 6: indexes for the audit page's filters. seq is the rowid, so each index is ordered
// by (column, seq) and serves "filter, newest first" without a sort; time follows seq. The
// partial index holds only failed calls (any code but "0").
const char *const kSchemaV6[] = {
    "CREATE INDEX audit_time ON audit (time)",
    "CREATE INDEX audit_operator ON audit (operator)",
    "CREATE INDEX audit_action ON audit (action)",
    "CREATE INDEX audit_target ON audit (target)",
    "CREATE INDEX audit_result ON audit (result_code)",
    "CREATE INDEX audit_failures ON audit (seq) WHERE result_code <> '0'",
};

// Version 7: operators with roles, Argon2id password hashes and lock-out state, and the keys
// granted to crypto users (issue 9). IF NOT EXISTS: a store taken back to an older version
// number by hand migrates again without failing.
const char *const kSchemaV7[] = {
    "CREATE TABLE IF NOT EXISTS operators ("
    " name TEXT PRIMARY KEY NOT NULL,"
    " role TEXT NOT NULL"
    "  CHECK (role IN ('administrator', 'key_officer', 'crypto_user', 'auditor')),"
    " password_hash TEXT NOT NULL,"
    " failed_logins INTEGER NOT NULL DEFAULT 0,"
    " frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),"
    " created TEXT NOT NULL,"
    " updated TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS operator_grants ("
    " name TEXT NOT NULL REFERENCES operators (name) ON DELETE CASCADE,"
    " key_id TEXT NOT NULL,"
    " created TEXT NOT NULL,"
    " PRIMARY KEY (name, key_id))",
};

// Version 8: access keys of the local signed API (server/, docs/api.md), each acting as one
// operator; the secret only wrapped under the master key.
const char *const kSchemaV8[] = {
    "CREATE TABLE IF NOT EXISTS access_keys ("
    " access_key_id TEXT PRIMARY KEY NOT NULL,"
    " operator TEXT NOT NULL REFERENCES operators (name) ON DELETE CASCADE,"
    " wrapped_secret BLOB NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),"
    " created TEXT NOT NULL,"
    " last_used TEXT)",
    "CREATE INDEX IF NOT EXISTS access_keys_operator ON access_keys (operator)",
};

const std::span<const char *const> kSchema[] = {
    kSchemaV1,
    kSchemaV2,
    kSchemaV3,
    kSchemaV4,
    kSchemaV5,
    kSchemaV6,
    kSchemaV7,
    kSchemaV8,
};

// --- query helpers ------------------------------------------------------------------------

struct Binding
{
    const char *name;
    QVariant value;
};

// Rows kept in the read cache at most, per kind.
constexpr qsizetype kReadCacheLimit = 4096;

// The detail names the operation and SQLite's message; never bound values.
KmsError failure(const QString &operation, const QSqlError &error)
{
    return KmsError(
        kStoreError, QStringLiteral("%1 failed: %2").arg(operation, error.text().trimmed()));
}

KmsError failure(const QString &operation, const QString &reason)
{
    return KmsError(kStoreError, QStringLiteral("%1 failed: %2").arg(operation, reason));
}

// Prepared statements of one connection, kept for reuse: preparing costs more than running
// most of the store's statements. Keyed by SQL text.
using StatementCache = QHash<QString, QSqlQuery>;

// Prepares (or reuses), binds and executes one statement; the query is positioned before its
// first row. A cached statement must be read to its end or finish()ed before it runs again.
Result<QSqlQuery> run(const QSqlDatabase &db, StatementCache *cache, const QString &operation,
    const QString &sql, const QList<Binding> &bindings = {})
{
    QSqlQuery fresh(db);
    QSqlQuery *query = &fresh;
    if (cache != nullptr) {
        auto it = cache->find(sql);
        if (it == cache->end()) {
            QSqlQuery prepared(db);
            prepared.setForwardOnly(true);
            if (!prepared.prepare(sql))
                return failure(operation, prepared.lastError());
            it = cache->insert(sql, std::move(prepared));
        }
        query = &*it;
    } else {
        fresh.setForwardOnly(true);
        if (!fresh.prepare(sql))
            return failure(operation, fresh.lastError());
    }
    for (const Binding &binding : bindings)
        query->bindValue(QString::fromLatin1(binding.name), binding.value);
    if (!query->exec())
        return failure(operation, query->lastError());
    return *query;
}

Result<void> execute(const QSqlDatabase &db, StatementCache *cache, const QString &operation,
    const QString &sql, const QList<Binding> &bindings = {})
{
    auto query = run(db, cache, operation, sql, bindings);
    if (!query)
        return query.error();
    query->finish();
    return success();
}

Result<void> execute(const QSqlDatabase &db, const QString &operation, const QString &sql,
    const QList<Binding> &bindings = {})
{
    return execute(db, nullptr, operation, sql, bindings);
}

// A change that must hit exactly one existing row (update or delete by primary key).
Result<void> changeOne(const QSqlDatabase &db, StatementCache *cache, const QString &operation,
    const QString &sql, const QList<Binding> &bindings, const QString &what)
{
    auto query = run(db, cache, operation, sql, bindings);
    if (!query)
        return query.error();
    const int affected = query->numRowsAffected();
    query->finish();
    if (affected < 1)
        return failure(operation, QStringLiteral("no such %1").arg(what));
    return success();
}

// After a next() loop: a step error ends the loop like the last row does.
Result<void> checkFetched(const QSqlQuery &query, const QString &operation)
{
    if (query.lastError().isValid())
        return failure(operation, query.lastError());
    return success();
}

// The first row of a query (or none), read with `read`; the statement is reset after it.
template<typename Record, typename Reader>
Result<std::optional<Record>> readFirst(
    Result<QSqlQuery> &query, const QString &operation, Reader read)
{
    if (!query)
        return query.error();
    if (query->next()) {
        std::optional<Record> record(read(*query));
        query->finish();
        return record;
    }
    KMS_TRY(checkFetched(*query, operation));
    return std::optional<Record>();
}

// Every row of a query, read with `read`.
template<typename Record, typename Reader>
Result<QList<Record>> readAll(Result<QSqlQuery> &query, const QString &operation, Reader read)
{
    if (!query)
        return query.error();
    QList<Record> records;
    while (query->next())
        records.append(read(*query));
    KMS_TRY(checkFetched(*query, operation));
    return records;
}

// A single-value query (COUNT, PRAGMA).
Result<QVariant> scalar(const QSqlDatabase &db, StatementCache *cache, const QString &operation,
    const QString &sql, const QList<Binding> &bindings = {})
{
    auto query = run(db, cache, operation, sql, bindings);
    if (!query)
        return query.error();
    if (!query->next()) {
        KMS_TRY(checkFetched(*query, operation));
        return failure(operation, QStringLiteral("no result row"));
    }
    const QVariant value = query->value(0);
    query->finish();
    return value;
}

Result<QVariant> scalar(const QSqlDatabase &db, const QString &operation, const QString &sql,
    const QList<Binding> &bindings = {})
{
    return scalar(db, nullptr, operation, sql, bindings);
}

KmsError newerSchema(const QString &operation, int version)
{
    return failure(operation,
        QStringLiteral("the database schema version %1 is newer than this program "
                       "supports (%2); the file was left unchanged")
            .arg(version)
            .arg(int(std::size(kSchema))));
}

// --- native statements --------------------------------------------------------------------
//
// Qt SQL costs microseconds per statement (bindings by name through QVariant, result
// buffering), several times what SQLite needs for the statements of a request. These few run
// on SQLite's own handle of the same connection (the QSQLITE driver exposes it), each
// prepared once; everything else stays on Qt SQL.

// One prepared statement; finalized with its owner, before the connection closes.
class NativeStatement
{
public:
    NativeStatement() = default;
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;
    ~NativeStatement() { sqlite3_finalize(m_statement); }

    bool prepare(sqlite3 *db, const char *sql)
    {
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
            == SQLITE_OK;
    }
    sqlite3_stmt *get() const { return m_statement; }

private:
    sqlite3_stmt *m_statement = nullptr;
};

// The connection's sqlite3 handle, or null when the QSQLITE plugin does not use the SQLite
// library this program links (Debian's plugin links the system libsqlite3). A plugin with a
// copy of its own hands out a handle that our sqlite3_* functions must not touch: the
// plugin's symbols must resolve to ours.
sqlite3 *nativeHandle(const QSqlDatabase &db)
{
    QSqlDriver *driver = db.driver();
    if (driver == nullptr)
        return nullptr;
    const QVariant handle = driver->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    Dl_info plugin {};
    // The driver's virtual table lies in the plugin's image.
    if (dladdr(*reinterpret_cast<void *const *>(driver), &plugin) == 0
        || plugin.dli_fname == nullptr)
        return nullptr;
    void *library = dlopen(plugin.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (library == nullptr)
        return nullptr;
    const bool same = dlsym(library, "sqlite3_step") == reinterpret_cast<void *>(&sqlite3_step);
    dlclose(library);
    return same ? *static_cast<sqlite3 *const *>(handle.constData()) : nullptr;
}

KmsError nativeFailure(sqlite3 *db, const QString &operation)
{
    return failure(operation, QString::fromUtf8(sqlite3_errmsg(db)));
}

// Runs a statement that returns no rows; it is reset and its bindings cleared either way.
Result<void> stepDone(sqlite3 *db, sqlite3_stmt *statement, const QString &operation)
{
    const int rc = sqlite3_step(statement);
    const KmsError error = rc == SQLITE_DONE ? KmsError() : nativeFailure(db, operation);
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    if (rc != SQLITE_DONE)
        return error;
    return success();
}

// Text bound without a copy: `text` must outlive the step (stepDone clears the binding). A
// null QString binds '' like textValue().
void bindText(sqlite3_stmt *statement, int index, const QString &text)
{
    static const char16_t empty[] = u"";
    sqlite3_bind_text16(statement, index,
        text.isNull() ? static_cast<const void *>(empty)
                      : static_cast<const void *>(text.constData()),
        int(text.size() * qsizetype(sizeof(QChar))), SQLITE_STATIC);
}

void bindBlob(sqlite3_stmt *statement, int index, const QByteArray &bytes)
{
    static const char empty[] = "";
    sqlite3_bind_blob(statement, index, bytes.isNull() ? empty : bytes.constData(),
        int(bytes.size()), SQLITE_STATIC);
}

QString textColumn(sqlite3_stmt *statement, int column)
{
    const void *text = sqlite3_column_text16(statement, column);
    if (text == nullptr)
        return {};
    return QString(static_cast<const QChar *>(text),
        sqlite3_column_bytes16(statement, column) / qsizetype(sizeof(QChar)));
}

AuditRecord nativeAuditAt(sqlite3_stmt *statement)
{
    AuditRecord record;
    record.seq = sqlite3_column_int64(statement, 0);
    record.time = sqlite3_column_type(statement, 1) == SQLITE_NULL
        ? QDateTime()
        : parseTime(textColumn(statement, 1));
    record.operatorName = textColumn(statement, 2);
    record.action = textColumn(statement, 3);
    record.target = textColumn(statement, 4);
    record.regionId = textColumn(statement, 5);
    record.resultCode = textColumn(statement, 6);
    record.requestId = textColumn(statement, 7);
    record.mac = QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, 8)),
        sqlite3_column_bytes(statement, 8));
    return record;
}

} // namespace

struct SqliteStore::NativeStatements
{
    sqlite3 *db = nullptr;
    NativeStatement begin;
    NativeStatement commit;
    NativeStatement rollback;
    NativeStatement dataVersionPragma;
    NativeStatement appendAudit;
    NativeStatement lastAudit;
    NativeStatement setMeta;

    bool prepare(sqlite3 *handle)
    {
        db = handle;
        return begin.prepare(db, "BEGIN IMMEDIATE") && commit.prepare(db, "COMMIT")
            && rollback.prepare(db, "ROLLBACK")
            && dataVersionPragma.prepare(db, "PRAGMA data_version")
            && appendAudit.prepare(db,
                "INSERT INTO audit (seq, time, operator, action, target, region_id,"
                " result_code, request_id, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            && lastAudit.prepare(db,
                "SELECT seq, time, operator, action, target, region_id, result_code,"
                " request_id, mac FROM audit ORDER BY seq DESC LIMIT 1")
            && setMeta.prepare(db,
                "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }

    // SQLite's count of changes to the file seen by this connection: its own commits and,
    // as a read or write transaction starts, those of every other connection.
    qint64 dataVersion() const
    {
        unsigned int version = 0;
        sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version);
        return version;
    }
};

namespace {

// --- value conversions --------------------------------------------------------------------

// Qt binds a null QString or QByteArray as SQL NULL: these keep required columns non-null.
QVariant textValue(const QString &text)
{
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

QVariant optionalText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(formatTime(time)) : QVariant(QMetaType::fromType<QString>());
}

QVariant blobValue(const QByteArray &bytes)
{
    return bytes.isNull() ? QVariant(QByteArray("", 0)) : QVariant(bytes);
}

QVariant optionalBlob(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(bytes);
}

QDateTime timeAt(const QSqlQuery &query, int column)
{
    const QVariant value = query.value(column);
    return value.isNull() ? QDateTime() : parseTime(value.toString());
}

// Negative limits mean "no limit" (SQLite's LIMIT -1); negative offsets start at 0.
qint64 sqlLimit(int limit)
{
    return limit < 0 ? -1 : limit;
}

qint64 sqlOffset(int offset)
{
    return offset < 0 ? 0 : offset;
}

// LIKE pattern matching `text` as a substring, with '\' as the escape character.
QString containsPattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped.append(u'\\');
        escaped.append(c);
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// --- records ------------------------------------------------------------------------------

const QString kRegionColumns = QStringLiteral("region_id, description, hsm, creation_date");

RegionRecord regionAt(const QSqlQuery &query)
{
    RegionRecord region;
    region.regionId = query.value(0).toString();
    region.description = query.value(1).toString();
    region.hsm = query.value(2).toString();
    region.creationDate = timeAt(query, 3);
    return region;
}

const QString kKeyColumns = QStringLiteral(
    "k.cmk_uuid, k.region_id, k.key_spec, k.key_usage, k.key_state, k.protection_level,"
    " k.origin, k.description, k.creation_date, k.delete_date, k.primary_key_version,"
    " k.default_product, k.automatic_rotation, k.rotation_interval_days,"
    " k.last_rotation_date, k.next_rotation_date, k.material_expire_date");

KeyRecord keyAt(const QSqlQuery &query)
{
    KeyRecord key;
    key.cmkUuid = query.value(0).toString();
    key.regionId = query.value(1).toString();
    key.keySpec = query.value(2).toString();
    key.keyUsage = query.value(3).toString();
    key.keyState = query.value(4).toString();
    key.protectionLevel = query.value(5).toString();
    key.origin = query.value(6).toString();
    key.description = query.value(7).toString();
    key.creationDate = timeAt(query, 8);
    key.deleteDate = timeAt(query, 9);
    key.primaryKeyVersion = query.value(10).toString();
    key.defaultProduct = query.value(11).toString();
    key.automaticRotation = query.value(12).toInt() != 0;
    key.rotationIntervalDays = query.value(13).toInt();
    key.lastRotationDate = timeAt(query, 14);
    key.nextRotationDate = timeAt(query, 15);
    key.materialExpireDate = timeAt(query, 16);
    return key;
}

const QString kVersionColumns = QStringLiteral(
    "version_id, cmk_uuid, creation_date, hsm, handle, public_key_pem, rotation_type, created_by,"
    " material_fingerprint");

KeyVersionRecord versionAt(const QSqlQuery &query)
{
    KeyVersionRecord version;
    version.versionId = query.value(0).toString();
    version.cmkUuid = query.value(1).toString();
    version.creationDate = timeAt(query, 2);
    version.hsm = query.value(3).toString();
    version.handle = query.value(4).toByteArray();
    version.publicKeyPem = query.value(5).toByteArray();
    version.rotationType = query.value(6).toString();
    version.createdBy = query.value(7).toString();
    version.materialFingerprint = query.value(8).toByteArray();
    return version;
}

const QString kAliasColumns
    = QStringLiteral("alias_name, region_id, cmk_uuid, creation_date, update_date");

AliasRecord aliasAt(const QSqlQuery &query)
{
    AliasRecord alias;
    alias.aliasName = query.value(0).toString();
    alias.regionId = query.value(1).toString();
    alias.cmkUuid = query.value(2).toString();
    alias.creationDate = timeAt(query, 3);
    alias.updateDate = timeAt(query, 4);
    return alias;
}

const QString kAuditColumns = QStringLiteral(
    "seq, time, operator, action, target, region_id, result_code, request_id, mac");

AuditRecord auditAt(const QSqlQuery &query)
{
    AuditRecord record;
    record.seq = query.value(0).toLongLong();
    record.time = timeAt(query, 1);
    record.operatorName = query.value(2).toString();
    record.action = query.value(3).toString();
    record.target = query.value(4).toString();
    record.regionId = query.value(5).toString();
    record.resultCode = query.value(6).toString();
    record.requestId = query.value(7).toString();
    record.mac = query.value(8).toByteArray();
    return record;
}

const QString kJobColumns
    = QStringLiteral("j.job_id, j.kind, j.cmk_uuid, j.due_date, j.state, j.attempts, j.last_error,"
                     " j.last_attempt_date, j.next_attempt_date, j.creation_date, j.finished_date");

JobRecord jobAt(const QSqlQuery &query)
{
    JobRecord job;
    job.jobId = query.value(0).toLongLong();
    job.kind = query.value(1).toString();
    job.cmkUuid = query.value(2).toString();
    job.dueDate = timeAt(query, 3);
    job.state = query.value(4).toString();
    job.attempts = query.value(5).toInt();
    job.lastError = query.value(6).toString();
    job.lastAttemptDate = timeAt(query, 7);
    job.nextAttemptDate = timeAt(query, 8);
    job.creationDate = timeAt(query, 9);
    job.finishedDate = timeAt(query, 10);
    return job;
}

const QString kCertificateColumns = QStringLiteral(
    "certificate_id, region_id, key_spec, hsm, handle, public_key_pem, exportable, subject,"
    " sans, csr_pem, certificate_der, chain_pem, issuer, serial_number, not_before, not_after,"
    " is_ca, status, creation_date, update_date, deleted_date, crl_number");

CertificateRecord certificateAt(const QSqlQuery &query)
{
    CertificateRecord c;
    c.certificateId = query.value(0).toString();
    c.regionId = query.value(1).toString();
    c.keySpec = query.value(2).toString();
    c.hsm = query.value(3).toString();
    c.handle = query.value(4).toByteArray();
    c.publicKeyPem = query.value(5).toByteArray();
    c.exportablePrivateKey = query.value(6).toInt() != 0;
    c.subject = query.value(7).toString();
    c.subjectAlternativeNames = query.value(8).toString();
    c.csrPem = query.value(9).toByteArray();
    c.certificateDer = query.value(10).toByteArray();
    c.chainPem = query.value(11).toByteArray();
    c.issuer = query.value(12).toString();
    c.serialNumber = query.value(13).toString();
    c.notBefore = timeAt(query, 14);
    c.notAfter = timeAt(query, 15);
    c.isCa = query.value(16).toInt() != 0;
    c.status = query.value(17).toString();
    c.creationDate = timeAt(query, 18);
    c.updateDate = timeAt(query, 19);
    c.deletedDate = timeAt(query, 20);
    c.crlNumber = query.value(21).toLongLong();
    return c;
}

QList<Binding> certificateBindings(const CertificateRecord &c)
{
    return { { ":id", textValue(c.certificateId) }, { ":region", textValue(c.regionId) },
        { ":spec", textValue(c.keySpec) }, { ":hsm", textValue(c.hsm) },
        { ":handle", optionalBlob(c.handle) }, { ":publicKey", blobValue(c.publicKeyPem) },
        { ":exportable", c.exportablePrivateKey ? 1 : 0 }, { ":subject", textValue(c.subject) },
        { ":sans",
            textValue(c.subjectAlternativeNames.isEmpty() ? QStringLiteral("[]")
                                                          : c.subjectAlternativeNames) },
        { ":csr", blobValue(c.csrPem) }, { ":der", optionalBlob(c.certificateDer) },
        { ":chain", optionalBlob(c.chainPem) }, { ":issuer", optionalText(c.issuer) },
        { ":serial", optionalText(c.serialNumber) }, { ":notBefore", timeValue(c.notBefore) },
        { ":notAfter", timeValue(c.notAfter) }, { ":ca", c.isCa ? 1 : 0 },
        { ":status", textValue(c.status) }, { ":created", timeValue(c.creationDate) },
        { ":updated", timeValue(c.updateDate) }, { ":deleted", timeValue(c.deletedDate) },
        { ":crl", c.crlNumber } };
}

const QString kIssuedColumns = QStringLiteral(
    "ca_certificate_id, serial_number, subject, profile, issue_date, not_after, revocation_date");

IssuedCertificateRecord issuedAt(const QSqlQuery &query)
{
    IssuedCertificateRecord issued;
    issued.caCertificateId = query.value(0).toString();
    issued.serialNumber = query.value(1).toString();
    issued.subject = query.value(2).toString();
    issued.profile = query.value(3).toString();
    issued.issueDate = timeAt(query, 4);
    issued.notAfter = timeAt(query, 5);
    issued.revocationDate = timeAt(query, 6);
    return issued;
}

// A pending job runnable at :now. Rotation waits while its key is not Enabled (paused).
const QString kJobRunnable = QStringLiteral(
    "j.state = 'PENDING' AND j.due_date <= :now"
    " AND (j.next_attempt_date IS NULL OR j.next_attempt_date <= :now2)"
    " AND (j.kind <> 'ROTATE' OR EXISTS (SELECT 1 FROM keys k WHERE k.cmk_uuid = j.cmk_uuid"
    " AND k.key_state = 'Enabled'))");

// ORDER BY for listKeys: the column, then cmk_uuid as tie-breaker, both in one direction.
// Keys without an alias sort after all others in either direction.
QString keyOrder(KeySortColumn column, bool descending)
{
    const QString direction = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString first;
    switch (column) {
    case KeySortColumn::CreationDate:
        first = QStringLiteral("k.creation_date %1");
        break;
    case KeySortColumn::CmkUuid:
        return QStringLiteral("k.cmk_uuid %1").arg(direction);
    case KeySortColumn::Alias:
        // Keys without an alias last in both directions (the index's first column).
        return QStringLiteral("k.first_alias IS NULL, k.first_alias %1, k.cmk_uuid %1")
            .arg(direction);
    case KeySortColumn::KeySpec:
        first = QStringLiteral("k.key_spec %1");
        break;
    case KeySortColumn::KeyUsage:
        first = QStringLiteral("k.key_usage %1");
        break;
    case KeySortColumn::KeyState:
        first = QStringLiteral("k.key_state %1");
        break;
    case KeySortColumn::ProtectionLevel:
        first = QStringLiteral("k.protection_level %1");
        break;
    case KeySortColumn::Origin:
        first = QStringLiteral("k.origin %1");
        break;
    case KeySortColumn::Description:
        first = QStringLiteral("k.description COLLATE NOCASE %1");
        break;
    case KeySortColumn::NextRotationDate:
        first = QStringLiteral("k.next_rotation_date %1");
        break;
    case KeySortColumn::DeleteDate:
        first = QStringLiteral("k.delete_date %1");
        break;
    }
    if (first.isEmpty())
        first = QStringLiteral("k.creation_date %1");
    return (first + QStringLiteral(", k.cmk_uuid %1")).arg(direction);
}

// --- paged listings -----------------------------------------------------------------------

// One page of a listing: the rows of `from` that `where` selects (empty, or " WHERE ..." over
// `bindings`), in `order`, `limit` of them from `offset`.
struct PageQuery
{
    QString operation;
    QString columns;
    QString from;
    QString where;
    QList<Binding> bindings;
    QString order;
    int offset = 0;
    int limit = 0;
};

// Counts the rows, then reads the page unless it is empty (limit 0 or nothing to count).
template<typename Record>
Result<Page<Record>> readPage(const QSqlDatabase &db, StatementCache *cache,
    const PageQuery &pageQuery, Record (*rowAt)(const QSqlQuery &))
{
    Page<Record> page;
    const auto count = scalar(db, cache, pageQuery.operation,
        QStringLiteral("SELECT COUNT(*) FROM ") + pageQuery.from + pageQuery.where,
        pageQuery.bindings);
    if (!count)
        return count.error();
    page.totalCount = count->toLongLong();
    if (pageQuery.limit == 0 || page.totalCount == 0)
        return page;

    QList<Binding> bindings = pageQuery.bindings;
    bindings.append({ ":limit", sqlLimit(pageQuery.limit) });
    bindings.append({ ":offset", sqlOffset(pageQuery.offset) });
    auto query = run(db, cache, pageQuery.operation,
        QStringLiteral("SELECT %1 FROM %2%3 ORDER BY %4 LIMIT :limit OFFSET :offset")
            .arg(pageQuery.columns, pageQuery.from, pageQuery.where, pageQuery.order),
        bindings);
    if (!query)
        return query.error();
    while (query->next())
        page.rows.append(rowAt(*query));
    KMS_TRY(checkFetched(*query, pageQuery.operation));
    return page;
}

} // namespace

// --- opening ------------------------------------------------------------------------------

SqliteStore::SqliteStore(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_db(QSqlDatabase::database(m_connectionName, false))
{
}

SqliteStore::~SqliteStore()
{
    rollback();
    m_statements.clear(); // prepared statements go before their connection
    m_native.reset();
    m_db.close();
    m_db = QSqlDatabase(); // the last handle must be gone before removeDatabase()
    QSqlDatabase::removeDatabase(m_connectionName);
}

int SqliteStore::currentSchemaVersion()
{
    return int(std::size(kSchema));
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const QString &path)
{
    const QString operation = QStringLiteral("open");
    if (path.isEmpty())
        return failure(operation, QStringLiteral("no database path"));

    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    if (!QFileInfo::exists(folder)) {
        if (!QDir().mkpath(folder))
            return failure(operation,
                QStringLiteral("cannot create folder %1").arg(QDir::toNativeSeparators(folder)));
        QFile::setPermissions(
            folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    if (!info.exists()) {
        // Create the file owner-only before SQLite opens it (an empty file is an empty
        // database); SQLite gives the -wal and -shm files the same mode.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            && !file.exists())
            return failure(operation,
                QStringLiteral("cannot create %1: %2")
                    .arg(QDir::toNativeSeparators(path), file.errorString()));
    }

    const QString connectionName
        = QStringLiteral("kms-store-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
    }
    // From here the store's destructor closes and removes the connection on every path.
    std::unique_ptr<SqliteStore> store(new SqliteStore(path, connectionName));
    if (!store->m_db.isValid())
        return failure(operation, QStringLiteral("the QSQLITE driver is not available"));
    if (!store->m_db.open())
        return failure(operation, store->m_db.lastError());
    KMS_TRY(store->configure());
    // After the migrations: the statements name the tables.
    sqlite3 *handle = nativeHandle(store->m_db);
    if (handle == nullptr)
        return failure(operation,
            QStringLiteral("the QSQLITE driver does not use the SQLite library of this program"));
    auto native = std::make_unique<NativeStatements>();
    if (!native->prepare(handle))
        return nativeFailure(handle, operation);
    store->m_native = std::move(native);
    store->m_dataVersion = store->m_native->dataVersion();
    return Result<std::unique_ptr<SqliteStore>>(std::move(store));
}

Result<void> SqliteStore::configure()
{
    const QString operation = QStringLiteral("open");
    // Connection settings: they write nothing to the file.
    KMS_TRY(execute(m_db, operation, QStringLiteral("PRAGMA busy_timeout = 5000")));
    KMS_TRY(execute(m_db, operation, QStringLiteral("PRAGMA foreign_keys = ON")));
    // In WAL mode NORMAL keeps every committed transaction through a crash of the process
    // (SIGKILL included) and the file always consistent; only the newest commits can be lost
    // to a power cut or an OS crash, as fsync waits for checkpoints. FULL would fsync on each
    // commit and cap the service at a few thousand requests a second (docs/performance.md).
    KMS_TRY(execute(m_db, operation, QStringLiteral("PRAGMA synchronous = NORMAL")));

    // Refuse a newer schema before switching the journal mode, which would write the header.
    const auto version = schemaVersion();
    if (!version)
        return version.error();
    if (*version > currentSchemaVersion())
        return newerSchema(operation, *version);

    const auto mode = scalar(m_db, operation, QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return mode.error();
    if (mode->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return failure(operation,
            QStringLiteral("journal mode WAL is not available (got %1)").arg(mode->toString()));

    KMS_TRY(migrate());

    const auto foreignKeys = scalar(m_db, operation, QStringLiteral("PRAGMA foreign_keys"));
    if (!foreignKeys)
        return foreignKeys.error();
    if (foreignKeys->toInt() != 1)
        return failure(operation, QStringLiteral("SQLite has no foreign key support"));
    return success();
}

Result<void> SqliteStore::migrate()
{
    const QString operation = QStringLiteral("migrate");
    const int latest = currentSchemaVersion();
    for (;;) {
        KMS_TRY(execute(m_db, operation, QStringLiteral("BEGIN IMMEDIATE")));
        const auto abort = [this](const KmsError &error) {
            rollbackQuietly();
            return error;
        };

        // Read the version under the write lock: another process may have migrated meanwhile.
        const auto version = schemaVersion();
        if (!version)
            return abort(version.error());
        if (*version > latest)
            return abort(newerSchema(operation, *version));
        if (*version == latest) {
            rollbackQuietly(); // nothing to do: just release the lock
            return success();
        }

        const QString step = QStringLiteral("migrate to schema %1").arg(*version + 1);
        for (const char *statement : kSchema[*version]) {
            if (auto done = execute(m_db, step, QString::fromUtf8(statement)); !done)
                return abort(done.error());
        }
        const QString bump = QStringLiteral("PRAGMA user_version = %1").arg(*version + 1);
        if (auto done = execute(m_db, step, bump); !done)
            return abort(done.error());
        if (auto done = execute(m_db, step, QStringLiteral("COMMIT")); !done)
            return abort(done.error());
        qCInfo(lcStore) << "migrated" << m_path << "to schema" << *version + 1;
    }
}

Result<void> SqliteStore::snapshotTo(const QString &path)
{
    if (m_inTransaction)
        return failure(QStringLiteral("snapshotTo"), QStringLiteral("a transaction is open"));
    finishStatements(); // VACUUM refuses to run while a cached statement holds a cursor
    return execute(m_db, QStringLiteral("snapshotTo"), QStringLiteral("VACUUM INTO :path"),
        { { ":path", textValue(path) } });
}

Result<int> SqliteStore::schemaVersion()
{
    const auto version
        = scalar(m_db, QStringLiteral("schemaVersion"), QStringLiteral("PRAGMA user_version"));
    if (!version)
        return version.error();
    return version->toInt();
}

// --- transactions -------------------------------------------------------------------------

Result<void> SqliteStore::beginTransaction()
{
    const QString operation = QStringLiteral("beginTransaction");
    if (m_inTransaction)
        return failure(operation, QStringLiteral("a transaction is already open on this store"));
    // IMMEDIATE takes the write lock now, so writers of several processes serialize here
    // (waiting up to the busy timeout) instead of failing later at their first write.
    KMS_TRY(stepDone(m_native->db, m_native->begin.get(), operation));
    m_inTransaction = true;
    // Holding the write lock, nobody else can commit until we end: what this connection
    // reads now stays true for the whole transaction, and what it read in earlier ones is
    // still true unless the file changed since this store's last transaction ended.
    noteDataVersion();
    return success();
}

Result<void> SqliteStore::commit()
{
    const QString operation = QStringLiteral("commit");
    if (!m_inTransaction)
        return failure(operation, QStringLiteral("no transaction is open"));
    finishStatements();
    if (auto done = stepDone(m_native->db, m_native->commit.get(), operation); !done) {
        rollback(); // a failed commit leaves nothing open
        return done;
    }
    m_inTransaction = false;
    // Our own commit moved the version: what the cache holds is what we just committed.
    m_dataVersion = m_native->dataVersion();
    return success();
}

void SqliteStore::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    m_cache = ReadCache(); // it may hold rows of the transaction that is being undone
    finishStatements();
    rollbackQuietly();
    m_dataVersion = m_native->dataVersion();
}

void SqliteStore::rollbackQuietly()
{
    // After an I/O error, for example, SQLite may already have rolled back by itself; then
    // there is nothing left to end.
    if (m_native) {
        if (sqlite3_get_autocommit(m_native->db) == 0)
            (void)stepDone(m_native->db, m_native->rollback.get(), QStringLiteral("rollback"));
        return;
    }
    QSqlQuery query(m_db);
    if (!query.prepare(QStringLiteral("ROLLBACK")) || !query.exec())
        qCDebug(lcStore) << "rollback:" << query.lastError().text();
}

void SqliteStore::noteDataVersion()
{
    const qint64 version = m_native->dataVersion();
    if (version != m_dataVersion) {
        m_cache = ReadCache();
        m_dataVersion = version;
        ++m_foreignChanges;
    }
}

void SqliteStore::invalidateKeys()
{
    // Keys carry their aliases, so every key, version or alias write drops what was read.
    m_cache.keys.clear();
    m_cache.versions.clear();
}

void SqliteStore::finishStatements()
{
    for (QSqlQuery &query : m_statements)
        query.finish();
}

// --- meta and settings --------------------------------------------------------------------

Result<qint64> SqliteStore::changeCounter()
{
    // The data version moves when another connection commits (or this one writes outside
    // a transaction); this connection's own setting writes are counted here. Inside a
    // transaction the version seen at its start holds.
    if (!m_inTransaction) {
        // A statement opens a read transaction, which brings the version up to date.
        sqlite3_stmt *statement = m_native->dataVersionPragma.get();
        const int rc = sqlite3_step(statement);
        const KmsError error = rc == SQLITE_ROW
            ? KmsError()
            : nativeFailure(m_native->db, QStringLiteral("changeCounter"));
        sqlite3_reset(statement);
        if (rc != SQLITE_ROW)
            return error;
        noteDataVersion();
    }
    return m_foreignChanges * 1'000'000 + m_settingWrites;
}

Result<std::optional<QByteArray>> SqliteStore::meta(const QString &key)
{
    const QString operation = QStringLiteral("meta");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT value FROM meta WHERE key = :key"), { { ":key", textValue(key) } });
    if (!query)
        return query.error();
    if (query->next())
        return std::optional<QByteArray>(query->value(0).toByteArray());
    KMS_TRY(checkFetched(*query, operation));
    return std::optional<QByteArray>();
}

Result<void> SqliteStore::setMeta(const QString &key, const QByteArray &value)
{
    // The audit chain head moves with every request: a native statement.
    sqlite3_stmt *statement = m_native->setMeta.get();
    bindText(statement, 1, key);
    bindBlob(statement, 2, value);
    return stepDone(m_native->db, statement, QStringLiteral("setMeta"));
}

Result<std::optional<QString>> SqliteStore::setting(const QString &key)
{
    const QString operation = QStringLiteral("setting");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT value FROM settings WHERE key = :key"),
        { { ":key", textValue(key) } });
    if (!query)
        return query.error();
    if (query->next())
        return std::optional<QString>(query->value(0).toString());
    KMS_TRY(checkFetched(*query, operation));
    return std::optional<QString>();
}

Result<void> SqliteStore::setSetting(const QString &key, const QString &value)
{
    ++m_settingWrites; // even if the write is rolled back: readers only reload once more
    return execute(m_db, &m_statements, QStringLiteral("setSetting"),
        QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        { { ":key", textValue(key) }, { ":value", textValue(value) } });
}

// --- regions ------------------------------------------------------------------------------

Result<QList<RegionRecord>> SqliteStore::listRegions()
{
    const QString operation = QStringLiteral("listRegions");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM regions ORDER BY region_id").arg(kRegionColumns));
    return readAll<RegionRecord>(query, operation, regionAt);
}

Result<std::optional<RegionRecord>> SqliteStore::findRegion(const QString &regionId)
{
    const QString operation = QStringLiteral("findRegion");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM regions WHERE region_id = :region").arg(kRegionColumns),
        { { ":region", textValue(regionId) } });
    return readFirst<RegionRecord>(query, operation, regionAt);
}

Result<void> SqliteStore::insertRegion(const RegionRecord &region)
{
    return execute(m_db, &m_statements, QStringLiteral("insertRegion"),
        QStringLiteral("INSERT INTO regions (region_id, description, hsm, creation_date)"
                       " VALUES (:region, :description, :hsm, :created)"),
        { { ":region", textValue(region.regionId) },
            { ":description", textValue(region.description) }, { ":hsm", textValue(region.hsm) },
            { ":created", timeValue(region.creationDate) } });
}

// --- keys ---------------------------------------------------------------------------------

Result<void> SqliteStore::insertKey(const KeyRecord &key)
{
    invalidateKeys();
    return execute(m_db, &m_statements, QStringLiteral("insertKey"),
        QStringLiteral(
            "INSERT INTO keys (cmk_uuid, region_id, key_spec, key_usage, key_state,"
            " protection_level, origin, description, creation_date, delete_date,"
            " primary_key_version, default_product, automatic_rotation, rotation_interval_days,"
            " last_rotation_date, next_rotation_date, material_expire_date)"
            " VALUES (:cmk, :region, :spec, :usage, :state, :protection, :origin, :description,"
            " :created, :deleteDate, :primaryVersion, :product, :rotation, :interval,"
            " :lastRotation, :nextRotation, :materialExpire)"),
        { { ":cmk", textValue(key.cmkUuid) }, { ":region", textValue(key.regionId) },
            { ":spec", textValue(key.keySpec) }, { ":usage", textValue(key.keyUsage) },
            { ":state", textValue(key.keyState) },
            { ":protection", textValue(key.protectionLevel) }, { ":origin", textValue(key.origin) },
            { ":description", textValue(key.description) },
            { ":created", timeValue(key.creationDate) },
            { ":deleteDate", timeValue(key.deleteDate) },
            { ":primaryVersion", optionalText(key.primaryKeyVersion) },
            { ":product", optionalText(key.defaultProduct) },
            { ":rotation", key.automaticRotation ? 1 : 0 },
            { ":interval", key.rotationIntervalDays },
            { ":lastRotation", timeValue(key.lastRotationDate) },
            { ":nextRotation", timeValue(key.nextRotationDate) },
            { ":materialExpire", timeValue(key.materialExpireDate) } });
}

Result<void> SqliteStore::fillAliases(QList<KeyRecord> &keys)
{
    if (keys.isEmpty())
        return success();
    const QString operation = QStringLiteral("aliases of keys");
    QJsonArray ids;
    QHash<QString, qsizetype> rowOf;
    rowOf.reserve(keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i) {
        keys[i].aliases.clear();
        ids.append(keys[i].cmkUuid);
        rowOf.insert(keys[i].cmkUuid, i);
    }
    // One query for the whole page: the ids travel as one JSON array parameter.
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT cmk_uuid, alias_name FROM aliases"
                       " WHERE cmk_uuid IN (SELECT value FROM json_each(:ids))"
                       " ORDER BY cmk_uuid, alias_name"),
        { { ":ids", QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)) } });
    if (!query)
        return query.error();
    while (query->next()) {
        const auto row = rowOf.constFind(query->value(0).toString());
        if (row != rowOf.constEnd())
            keys[*row].aliases.append(query->value(1).toString());
    }
    return checkFetched(*query, operation);
}

Result<std::optional<KeyRecord>> SqliteStore::findKey(const QString &cmkUuid)
{
    if (m_inTransaction) {
        if (const auto it = m_cache.keys.constFind(cmkUuid); it != m_cache.keys.constEnd())
            return *it;
    }
    auto found = readKey(cmkUuid);
    if (found && m_inTransaction) {
        if (m_cache.keys.size() >= kReadCacheLimit)
            m_cache.keys.clear();
        m_cache.keys.insert(cmkUuid, *found);
    }
    return found;
}

Result<std::optional<KeyRecord>> SqliteStore::readKey(const QString &cmkUuid)
{
    const QString operation = QStringLiteral("findKey");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM keys k WHERE k.cmk_uuid = :cmk").arg(kKeyColumns),
        { { ":cmk", textValue(cmkUuid) } });
    if (!query)
        return query.error();
    QList<KeyRecord> keys;
    if (query->next())
        keys.append(keyAt(*query));
    KMS_TRY(checkFetched(*query, operation));
    if (keys.isEmpty())
        return std::optional<KeyRecord>();
    KMS_TRY(fillAliases(keys));
    return std::optional<KeyRecord>(keys.takeFirst());
}

Result<std::optional<KeyRecord>> SqliteStore::findDefaultKey(
    const QString &regionId, const QString &product)
{
    if (product.isEmpty())
        return std::optional<KeyRecord>();
    const QString operation = QStringLiteral("findDefaultKey");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM keys k"
                       " WHERE k.region_id = :region AND k.default_product = :product")
            .arg(kKeyColumns),
        { { ":region", textValue(regionId) }, { ":product", textValue(product) } });
    if (!query)
        return query.error();
    QList<KeyRecord> keys;
    if (query->next())
        keys.append(keyAt(*query));
    KMS_TRY(checkFetched(*query, operation));
    if (keys.isEmpty())
        return std::optional<KeyRecord>();
    KMS_TRY(fillAliases(keys));
    return std::optional<KeyRecord>(keys.takeFirst());
}

Result<Page<KeyRecord>> SqliteStore::listKeys(const KeyQuery &keyQuery)
{
    const QString operation = QStringLiteral("listKeys");
    QStringList conditions;
    QList<Binding> bindings;
    if (!keyQuery.regionId.isEmpty()) {
        conditions.append(QStringLiteral("k.region_id = :region"));
        bindings.append({ ":region", keyQuery.regionId });
    }
    if (!keyQuery.keyState.isEmpty()) {
        conditions.append(QStringLiteral("k.key_state = :state"));
        bindings.append({ ":state", keyQuery.keyState });
    }
    if (!keyQuery.keySpec.isEmpty()) {
        conditions.append(QStringLiteral("k.key_spec = :spec"));
        bindings.append({ ":spec", keyQuery.keySpec });
    }
    if (keyQuery.withRotationPolicyOnly)
        conditions.append(QStringLiteral("k.automatic_rotation = 1"));
    std::vector<QByteArray> idNames; // the bindings point into these
    if (keyQuery.keyIds) {
        QStringList placeholders;
        idNames.reserve(std::size_t(keyQuery.keyIds->size()));
        for (qsizetype i = 0; i < keyQuery.keyIds->size(); ++i) {
            placeholders.append(QStringLiteral(":id%1").arg(i));
            idNames.push_back(placeholders.constLast().toLatin1());
            bindings.append({ idNames.back().constData(), keyQuery.keyIds->at(i) });
        }
        conditions.append(placeholders.isEmpty()
                ? QStringLiteral("0")
                : QStringLiteral("k.cmk_uuid IN (%1)").arg(placeholders.join(QLatin1Char(','))));
    }
    const QString search = keyQuery.search.trimmed();
    if (!search.isEmpty()) {
        // LIKE is case-insensitive for ASCII letters; other scripts match exactly.
        conditions.append(QStringLiteral(
            "(k.cmk_uuid LIKE :search1 ESCAPE '\\' OR k.description LIKE :search2 ESCAPE '\\'"
            " OR k.cmk_uuid IN (SELECT a.cmk_uuid FROM aliases a"
            " WHERE a.alias_name LIKE :search3 ESCAPE '\\'))"));
        const QString pattern = containsPattern(search);
        bindings.append({ ":search1", pattern });
        bindings.append({ ":search2", pattern });
        bindings.append({ ":search3", pattern });
    }
    const QString where = conditions.isEmpty()
        ? QString()
        : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));

    auto page = readPage(m_db, &m_statements,
        { .operation = operation,
            .columns = kKeyColumns,
            .from = QStringLiteral("keys k"),
            .where = where,
            .bindings = bindings,
            .order = keyOrder(keyQuery.sortColumn, keyQuery.descending),
            .offset = keyQuery.offset,
            .limit = keyQuery.limit },
        keyAt);
    if (!page)
        return page.error();
    KMS_TRY(fillAliases(page->rows)); // nothing to do on an empty page
    return page;
}

Result<qint64> SqliteStore::countAsymmetricKeys(const QString &regionId)
{
    const auto count = scalar(m_db, &m_statements, QStringLiteral("countAsymmetricKeys"),
        QStringLiteral("SELECT COUNT(*) FROM keys WHERE region_id = :region"
                       " AND (key_spec GLOB 'RSA_*' OR key_spec GLOB 'EC_*')"),
        { { ":region", textValue(regionId) } });
    if (!count)
        return count.error();
    return count->toLongLong();
}

Result<void> SqliteStore::updateKeyState(
    const QString &cmkUuid, const QString &keyState, const QDateTime &deleteDate)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("updateKeyState"),
        QStringLiteral("UPDATE keys SET key_state = :state, delete_date = :deleteDate"
                       " WHERE cmk_uuid = :cmk"),
        { { ":state", textValue(keyState) }, { ":deleteDate", timeValue(deleteDate) },
            { ":cmk", textValue(cmkUuid) } },
        QStringLiteral("key"));
}

Result<void> SqliteStore::updateKeyDescription(const QString &cmkUuid, const QString &description)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("updateKeyDescription"),
        QStringLiteral("UPDATE keys SET description = :description WHERE cmk_uuid = :cmk"),
        { { ":description", textValue(description) }, { ":cmk", textValue(cmkUuid) } },
        QStringLiteral("key"));
}

Result<void> SqliteStore::setPrimaryKeyVersion(const QString &cmkUuid, const QString &versionId)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("setPrimaryKeyVersion"),
        QStringLiteral("UPDATE keys SET primary_key_version = :version WHERE cmk_uuid = :cmk"),
        { { ":version", optionalText(versionId) }, { ":cmk", textValue(cmkUuid) } },
        QStringLiteral("key"));
}

Result<void> SqliteStore::updateRotation(const QString &cmkUuid, bool automatic, int intervalDays,
    const QDateTime &lastRotation, const QDateTime &nextRotation)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("updateRotation"),
        QStringLiteral("UPDATE keys SET automatic_rotation = :automatic,"
                       " rotation_interval_days = :interval, last_rotation_date = :last,"
                       " next_rotation_date = :next WHERE cmk_uuid = :cmk"),
        { { ":automatic", automatic ? 1 : 0 }, { ":interval", intervalDays },
            { ":last", timeValue(lastRotation) }, { ":next", timeValue(nextRotation) },
            { ":cmk", textValue(cmkUuid) } },
        QStringLiteral("key"));
}

Result<void> SqliteStore::deleteKey(const QString &cmkUuid, const QDateTime &destroyedDate)
{
    const QString operation = QStringLiteral("deleteKey");
    invalidateKeys();
    KMS_TRY(execute(m_db, &m_statements, operation,
        QStringLiteral("INSERT INTO key_tombstones (cmk_uuid, region_id, key_spec, key_usage,"
                       " creation_date, delete_date, destroyed_date)"
                       " SELECT cmk_uuid, region_id, key_spec, key_usage, creation_date,"
                       " delete_date, :destroyed FROM keys WHERE cmk_uuid = :cmk"),
        { { ":destroyed", timeValue(destroyedDate) }, { ":cmk", textValue(cmkUuid) } }));
    // Versions and aliases go with the row (ON DELETE CASCADE), the wrapped material with them.
    return changeOne(m_db, &m_statements, operation,
        QStringLiteral("DELETE FROM keys WHERE cmk_uuid = :cmk"),
        { { ":cmk", textValue(cmkUuid) } }, QStringLiteral("key"));
}

Result<std::optional<QDateTime>> SqliteStore::keyTombstone(const QString &cmkUuid)
{
    const auto destroyed = scalar(m_db, &m_statements, QStringLiteral("keyTombstone"),
        QStringLiteral("SELECT destroyed_date FROM key_tombstones WHERE cmk_uuid = :cmk"),
        { { ":cmk", textValue(cmkUuid) } });
    if (!destroyed)
        return destroyed.error();
    if (destroyed->isNull())
        return std::optional<QDateTime>();
    return std::optional<QDateTime>(parseTime(destroyed->toString()));
}

// --- key versions -------------------------------------------------------------------------

Result<void> SqliteStore::insertKeyVersion(const KeyVersionRecord &version)
{
    invalidateKeys();
    return execute(m_db, &m_statements, QStringLiteral("insertKeyVersion"),
        QStringLiteral("INSERT INTO key_versions (version_id, cmk_uuid, creation_date,"
                       " hsm, handle, public_key_pem, rotation_type, created_by,"
                       " material_fingerprint)"
                       " VALUES (:version, :cmk, :created, :hsm, :handle, :publicKey,"
                       " :rotationType, :createdBy, :fingerprint)"),
        { { ":version", textValue(version.versionId) }, { ":cmk", textValue(version.cmkUuid) },
            { ":created", timeValue(version.creationDate) }, { ":hsm", textValue(version.hsm) },
            { ":handle", blobValue(version.handle) },
            { ":publicKey", optionalBlob(version.publicKeyPem) },
            { ":rotationType", textValue(version.rotationType) },
            { ":createdBy", textValue(version.createdBy) },
            { ":fingerprint", optionalBlob(version.materialFingerprint) } });
}

Result<std::optional<KeyVersionRecord>> SqliteStore::findKeyVersion(const QString &versionId)
{
    if (m_inTransaction) {
        if (const auto it = m_cache.versions.constFind(versionId);
            it != m_cache.versions.constEnd())
            return *it;
    }
    auto found = readKeyVersion(versionId);
    if (found && m_inTransaction) {
        if (m_cache.versions.size() >= kReadCacheLimit)
            m_cache.versions.clear();
        m_cache.versions.insert(versionId, *found);
    }
    return found;
}

Result<std::optional<KeyVersionRecord>> SqliteStore::readKeyVersion(const QString &versionId)
{
    const QString operation = QStringLiteral("findKeyVersion");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM key_versions WHERE version_id = :version")
            .arg(kVersionColumns),
        { { ":version", textValue(versionId) } });
    return readFirst<KeyVersionRecord>(query, operation, versionAt);
}

Result<QList<KeyVersionRecord>> SqliteStore::listKeyVersions(const QString &cmkUuid)
{
    const QString operation = QStringLiteral("listKeyVersions");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM key_versions WHERE cmk_uuid = :cmk"
                       " ORDER BY creation_date, rowid")
            .arg(kVersionColumns),
        { { ":cmk", textValue(cmkUuid) } });
    return readAll<KeyVersionRecord>(query, operation, versionAt);
}

Result<qint64> SqliteStore::countKeyVersions(
    const QString &operatorName, const QString &rotationType, const QDateTime &since)
{
    const auto count = scalar(m_db, &m_statements, QStringLiteral("countKeyVersions"),
        QStringLiteral("SELECT COUNT(*) FROM key_versions WHERE created_by = :operator"
                       " AND rotation_type = :type AND creation_date >= :since"),
        { { ":operator", textValue(operatorName) }, { ":type", textValue(rotationType) },
            { ":since", timeValue(since) } });
    if (!count)
        return count.error();
    return count->toLongLong();
}

// --- master-key rotation ------------------------------------------------------------------

Result<QList<WrappedMaterial>> SqliteStore::listWrappedMaterial(const QString &hsm)
{
    const QString operation = QStringLiteral("listWrappedMaterial");
    auto query = run(m_db, nullptr, operation,
        QStringLiteral("SELECT 0, v.version_id, v.cmk_uuid, k.key_spec, v.handle"
                       " FROM key_versions v JOIN keys k ON k.cmk_uuid = v.cmk_uuid"
                       " WHERE v.hsm = :hsm AND length(v.handle) > 0"
                       " UNION ALL SELECT 1, token_id, cmk_uuid, 'RSA_2048', handle"
                       " FROM import_tokens WHERE hsm = :hsm AND length(handle) > 0"
                       " UNION ALL SELECT 2, certificate_id, certificate_id, key_spec, handle"
                       " FROM certificates WHERE hsm = :hsm AND length(handle) > 0"),
        { { ":hsm", textValue(hsm) } });
    return readAll<WrappedMaterial>(query, operation, [](const QSqlQuery &row) {
        WrappedMaterial material;
        material.owner = WrappedMaterial::Owner(row.value(0).toInt());
        material.id = row.value(1).toString();
        material.cmkUuid = row.value(2).toString();
        material.keySpec = row.value(3).toString();
        material.handle = row.value(4).toByteArray();
        return material;
    });
}

Result<void> SqliteStore::setWrappedMaterialHandle(
    const WrappedMaterial &material, const QByteArray &handle)
{
    if (material.owner == WrappedMaterial::Owner::KeyVersion)
        return setKeyVersionHandle(material.id, handle);
    QString sql;
    QString what;
    switch (material.owner) {
    case WrappedMaterial::Owner::ImportToken:
        sql = QStringLiteral("UPDATE import_tokens SET handle = :handle WHERE token_id = :id");
        what = QStringLiteral("import token");
        break;
    case WrappedMaterial::Owner::Certificate:
        sql = QStringLiteral("UPDATE certificates SET handle = :handle WHERE certificate_id = :id");
        what = QStringLiteral("certificate");
        break;
    default:
        sql = QStringLiteral(
            "UPDATE access_keys SET wrapped_secret = :handle WHERE access_key_id = :id");
        what = QStringLiteral("access key");
        break;
    }
    return changeOne(m_db, nullptr, QStringLiteral("setWrappedMaterialHandle"), sql,
        { { ":handle", blobValue(handle) }, { ":id", textValue(material.id) } }, what);
}

// --- jobs ---------------------------------------------------------------------------------

Result<void> SqliteStore::scheduleJob(
    const QString &kind, const QString &cmkUuid, const QDateTime &due, const QDateTime &now)
{
    return execute(m_db, &m_statements, QStringLiteral("scheduleJob"),
        QStringLiteral("INSERT INTO jobs (kind, cmk_uuid, due_date, state, creation_date)"
                       " VALUES (:kind, :cmk, :due, 'PENDING', :now)"
                       " ON CONFLICT (kind, cmk_uuid) WHERE state = 'PENDING' DO UPDATE SET"
                       " due_date = excluded.due_date, attempts = 0, last_error = NULL,"
                       " last_attempt_date = NULL, next_attempt_date = NULL"),
        { { ":kind", textValue(kind) }, { ":cmk", textValue(cmkUuid) }, { ":due", timeValue(due) },
            { ":now", timeValue(now) } });
}

Result<void> SqliteStore::cancelJob(
    const QString &kind, const QString &cmkUuid, const QDateTime &now)
{
    return execute(m_db, &m_statements, QStringLiteral("cancelJob"),
        QStringLiteral("UPDATE jobs SET state = 'CANCELLED', finished_date = :now"
                       " WHERE kind = :kind AND cmk_uuid = :cmk AND state = 'PENDING'"),
        { { ":now", timeValue(now) }, { ":kind", textValue(kind) },
            { ":cmk", textValue(cmkUuid) } });
}

Result<std::optional<JobRecord>> SqliteStore::findJob(qint64 jobId)
{
    const QString operation = QStringLiteral("findJob");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM jobs j WHERE j.job_id = :job").arg(kJobColumns),
        { { ":job", jobId } });
    return readFirst<JobRecord>(query, operation, jobAt);
}

Result<QList<JobRecord>> SqliteStore::dueJobs(const QDateTime &now, int limit)
{
    const QString operation = QStringLiteral("dueJobs");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM jobs j WHERE %2 ORDER BY j.due_date, j.job_id"
                       " LIMIT :limit")
            .arg(kJobColumns, kJobRunnable),
        { { ":now", timeValue(now) }, { ":now2", timeValue(now) }, { ":limit", sqlLimit(limit) } });
    return readAll<JobRecord>(query, operation, jobAt);
}

Result<void> SqliteStore::finishJob(qint64 jobId, const QString &state, const QDateTime &now)
{
    return changeOne(m_db, &m_statements, QStringLiteral("finishJob"),
        QStringLiteral("UPDATE jobs SET state = :state, finished_date = :now"
                       " WHERE job_id = :job AND state = 'PENDING'"),
        { { ":state", textValue(state) }, { ":now", timeValue(now) }, { ":job", jobId } },
        QStringLiteral("pending job"));
}

Result<void> SqliteStore::recordJobFailure(
    qint64 jobId, const QString &error, const QDateTime &now, const QDateTime &retryAt)
{
    return changeOne(m_db, &m_statements, QStringLiteral("recordJobFailure"),
        QStringLiteral("UPDATE jobs SET attempts = attempts + 1, last_error = :error,"
                       " last_attempt_date = :now, next_attempt_date = :retry"
                       " WHERE job_id = :job AND state = 'PENDING'"),
        { { ":error", textValue(error) }, { ":now", timeValue(now) },
            { ":retry", timeValue(retryAt) }, { ":job", jobId } },
        QStringLiteral("pending job"));
}

Result<Page<JobRecord>> SqliteStore::listJobs(const JobQuery &jobQuery)
{
    QStringList conditions;
    QList<Binding> bindings;
    if (jobQuery.state == QLatin1String("FAILING")) {
        conditions.append(QStringLiteral("j.state = 'PENDING' AND j.last_error IS NOT NULL"));
    } else if (!jobQuery.state.isEmpty()) {
        conditions.append(QStringLiteral("j.state = :state"));
        bindings.append({ ":state", jobQuery.state });
    }
    if (!jobQuery.kind.isEmpty()) {
        conditions.append(QStringLiteral("j.kind = :kind"));
        bindings.append({ ":kind", jobQuery.kind });
    }
    if (!jobQuery.cmkUuid.isEmpty()) {
        conditions.append(QStringLiteral("j.cmk_uuid = :cmk"));
        bindings.append({ ":cmk", jobQuery.cmkUuid });
    }
    const QString where = conditions.isEmpty()
        ? QString()
        : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    // Pending work in due order; finished work newest first.
    const bool finished
        = jobQuery.state == QLatin1String("DONE") || jobQuery.state == QLatin1String("CANCELLED");
    return readPage(m_db, &m_statements,
        { .operation = QStringLiteral("listJobs"),
            .columns = kJobColumns,
            .from = QStringLiteral("jobs j"),
            .where = where,
            .bindings = bindings,
            .order = finished ? QStringLiteral("j.finished_date DESC, j.job_id DESC")
                              : QStringLiteral("j.state DESC, j.due_date, j.job_id"),
            .offset = jobQuery.offset,
            .limit = jobQuery.limit },
        jobAt);
}

Result<JobCounts> SqliteStore::jobCounts(const QDateTime &now)
{
    const QString operation = QStringLiteral("jobCounts");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT COUNT(*), COALESCE(SUM(%1), 0),"
                       " COALESCE(SUM(j.last_error IS NOT NULL), 0)"
                       " FROM jobs j WHERE j.state = 'PENDING'")
            .arg(kJobRunnable),
        { { ":now", timeValue(now) }, { ":now2", timeValue(now) } });
    if (!query)
        return query.error();
    JobCounts counts;
    if (query->next()) {
        counts.pending = query->value(0).toLongLong();
        counts.due = query->value(1).toLongLong();
        counts.failing = query->value(2).toLongLong();
    }
    KMS_TRY(checkFetched(*query, operation));
    return counts;
}

Result<std::optional<KeyVersionRecord>> SqliteStore::findKeyVersionByFingerprint(
    const QByteArray &fingerprint)
{
    const QString operation = QStringLiteral("findKeyVersionByFingerprint");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM key_versions WHERE material_fingerprint = :fingerprint")
            .arg(kVersionColumns),
        { { ":fingerprint", blobValue(fingerprint) } });
    return readFirst<KeyVersionRecord>(query, operation, versionAt);
}

Result<void> SqliteStore::clearKeyMaterial(const QString &cmkUuid)
{
    invalidateKeys();
    return execute(m_db, &m_statements, QStringLiteral("clearKeyMaterial"),
        QStringLiteral("UPDATE key_versions SET handle = X'' WHERE cmk_uuid = :cmk"),
        { { ":cmk", textValue(cmkUuid) } });
}

Result<void> SqliteStore::setKeyVersionHandle(const QString &versionId, const QByteArray &handle)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("setKeyVersionHandle"),
        QStringLiteral("UPDATE key_versions SET handle = :handle WHERE version_id = :version"),
        { { ":handle", blobValue(handle) }, { ":version", textValue(versionId) } },
        QStringLiteral("key version"));
}

Result<void> SqliteStore::setMaterialExpireDate(const QString &cmkUuid, const QDateTime &date)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("setMaterialExpireDate"),
        QStringLiteral("UPDATE keys SET material_expire_date = :date WHERE cmk_uuid = :cmk"),
        { { ":date", timeValue(date) }, { ":cmk", textValue(cmkUuid) } }, QStringLiteral("key"));
}

Result<void> SqliteStore::insertImportToken(const ImportTokenRecord &token)
{
    return execute(m_db, &m_statements, QStringLiteral("insertImportToken"),
        QStringLiteral("INSERT INTO import_tokens (token_id, cmk_uuid, wrapping_algorithm, hsm,"
                       " handle, public_key_pem, creation_date, expire_date)"
                       " VALUES (:token, :cmk, :algorithm, :hsm, :handle, :publicKey, :created,"
                       " :expires)"),
        { { ":token", textValue(token.tokenId) }, { ":cmk", textValue(token.cmkUuid) },
            { ":algorithm", textValue(token.wrappingAlgorithm) }, { ":hsm", textValue(token.hsm) },
            { ":handle", blobValue(token.handle) }, { ":publicKey", blobValue(token.publicKeyPem) },
            { ":created", timeValue(token.creationDate) },
            { ":expires", timeValue(token.expireDate) } });
}

Result<std::optional<ImportTokenRecord>> SqliteStore::findImportToken(const QString &tokenId)
{
    const QString operation = QStringLiteral("findImportToken");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT token_id, cmk_uuid, wrapping_algorithm, hsm, handle,"
                       " public_key_pem, creation_date, expire_date FROM import_tokens"
                       " WHERE token_id = :token"),
        { { ":token", textValue(tokenId) } });
    return readFirst<ImportTokenRecord>(query, operation, [](const QSqlQuery &row) {
        return ImportTokenRecord { row.value(0).toString(), row.value(1).toString(),
            row.value(2).toString(), row.value(3).toString(), row.value(4).toByteArray(),
            row.value(5).toByteArray(), timeAt(row, 6), timeAt(row, 7) };
    });
}

// --- certificates -------------------------------------------------------------------------

Result<void> SqliteStore::insertCertificate(const CertificateRecord &certificate)
{
    return execute(m_db, &m_statements, QStringLiteral("insertCertificate"),
        QStringLiteral("INSERT INTO certificates (%1) VALUES (:id, :region, :spec, :hsm, :handle,"
                       " :publicKey, :exportable, :subject, :sans, :csr, :der, :chain, :issuer,"
                       " :serial, :notBefore, :notAfter, :ca, :status, :created, :updated,"
                       " :deleted, :crl)")
            .arg(kCertificateColumns),
        certificateBindings(certificate));
}

Result<void> SqliteStore::updateCertificate(const CertificateRecord &certificate)
{
    return changeOne(m_db, &m_statements, QStringLiteral("updateCertificate"),
        QStringLiteral("UPDATE certificates SET region_id = :region, key_spec = :spec, hsm = :hsm,"
                       " handle = :handle, public_key_pem = :publicKey, exportable = :exportable,"
                       " subject = :subject, sans = :sans, csr_pem = :csr, certificate_der = :der,"
                       " chain_pem = :chain, issuer = :issuer, serial_number = :serial,"
                       " not_before = :notBefore, not_after = :notAfter, is_ca = :ca,"
                       " status = :status, creation_date = :created, update_date = :updated,"
                       " deleted_date = :deleted, crl_number = :crl WHERE certificate_id = :id"),
        certificateBindings(certificate), QStringLiteral("certificate"));
}

Result<std::optional<CertificateRecord>> SqliteStore::findCertificate(const QString &certificateId)
{
    const QString operation = QStringLiteral("findCertificate");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM certificates WHERE certificate_id = :id")
            .arg(kCertificateColumns),
        { { ":id", textValue(certificateId) } });
    return readFirst<CertificateRecord>(query, operation, certificateAt);
}

Result<Page<CertificateRecord>> SqliteStore::listCertificates(
    const CertificateQuery &certificateQuery)
{
    QStringList conditions { QStringLiteral("deleted_date IS NULL") };
    QList<Binding> bindings;
    if (!certificateQuery.regionId.isEmpty()) {
        conditions.append(QStringLiteral("region_id = :region"));
        bindings.append({ ":region", certificateQuery.regionId });
    }
    if (!certificateQuery.status.isEmpty()) {
        conditions.append(QStringLiteral("status = :status"));
        bindings.append({ ":status", certificateQuery.status });
    }
    if (!certificateQuery.subject.trimmed().isEmpty()) {
        conditions.append(QStringLiteral(
            "(subject LIKE :subject1 ESCAPE '\\' OR issuer LIKE :subject2 ESCAPE '\\')"));
        const QString pattern = containsPattern(certificateQuery.subject.trimmed());
        bindings.append({ ":subject1", pattern });
        bindings.append({ ":subject2", pattern });
    }
    if (certificateQuery.expiringBefore.isValid()) {
        conditions.append(QStringLiteral("not_after IS NOT NULL AND not_after < :before"));
        bindings.append({ ":before", timeValue(certificateQuery.expiringBefore) });
    }
    return readPage(m_db, &m_statements,
        { .operation = QStringLiteral("listCertificates"),
            .columns = kCertificateColumns,
            .from = QStringLiteral("certificates"),
            .where = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")),
            .bindings = bindings,
            .order = QStringLiteral("creation_date DESC, rowid DESC"),
            .offset = certificateQuery.offset,
            .limit = certificateQuery.limit },
        certificateAt);
}

Result<void> SqliteStore::insertIssuedCertificate(const IssuedCertificateRecord &issued)
{
    return execute(m_db, &m_statements, QStringLiteral("insertIssuedCertificate"),
        QStringLiteral("INSERT INTO issued_certificates (%1)"
                       " VALUES (:ca, :serial, :subject, :profile, :issued, :notAfter, :revoked)")
            .arg(kIssuedColumns),
        { { ":ca", textValue(issued.caCertificateId) },
            { ":serial", textValue(issued.serialNumber) },
            { ":subject", textValue(issued.subject) }, { ":profile", textValue(issued.profile) },
            { ":issued", timeValue(issued.issueDate) }, { ":notAfter", timeValue(issued.notAfter) },
            { ":revoked", timeValue(issued.revocationDate) } });
}

Result<std::optional<IssuedCertificateRecord>> SqliteStore::findIssuedCertificate(
    const QString &caCertificateId, const QString &serialNumber)
{
    const QString operation = QStringLiteral("findIssuedCertificate");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM issued_certificates WHERE ca_certificate_id = :ca"
                       " AND serial_number = :serial")
            .arg(kIssuedColumns),
        { { ":ca", textValue(caCertificateId) }, { ":serial", textValue(serialNumber) } });
    return readFirst<IssuedCertificateRecord>(query, operation, issuedAt);
}

Result<void> SqliteStore::revokeIssuedCertificate(
    const QString &caCertificateId, const QString &serialNumber, const QDateTime &when)
{
    return changeOne(m_db, &m_statements, QStringLiteral("revokeIssuedCertificate"),
        QStringLiteral("UPDATE issued_certificates SET revocation_date = :when"
                       " WHERE ca_certificate_id = :ca AND serial_number = :serial"),
        { { ":when", timeValue(when) }, { ":ca", textValue(caCertificateId) },
            { ":serial", textValue(serialNumber) } },
        QStringLiteral("issued certificate"));
}

Result<QList<IssuedCertificateRecord>> SqliteStore::findIssuedBySerial(const QString &serialNumber)
{
    const QString operation = QStringLiteral("findIssuedBySerial");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM issued_certificates WHERE serial_number = :serial")
            .arg(kIssuedColumns),
        { { ":serial", textValue(serialNumber) } });
    return readAll<IssuedCertificateRecord>(query, operation, issuedAt);
}

Result<QList<IssuedCertificateRecord>> SqliteStore::listIssuedCertificates(
    const QString &caCertificateId)
{
    const QString operation = QStringLiteral("listIssuedCertificates");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM issued_certificates WHERE ca_certificate_id = :ca"
                       " ORDER BY issue_date, serial_number")
            .arg(kIssuedColumns),
        { { ":ca", textValue(caCertificateId) } });
    return readAll<IssuedCertificateRecord>(query, operation, issuedAt);
}

// --- aliases ------------------------------------------------------------------------------

Result<void> SqliteStore::insertAlias(const AliasRecord &alias)
{
    invalidateKeys();
    return execute(m_db, &m_statements, QStringLiteral("insertAlias"),
        QStringLiteral("INSERT INTO aliases (region_id, alias_name, cmk_uuid,"
                       " creation_date, update_date)"
                       " VALUES (:region, :alias, :cmk, :created, :updated)"),
        { { ":region", textValue(alias.regionId) }, { ":alias", textValue(alias.aliasName) },
            { ":cmk", textValue(alias.cmkUuid) }, { ":created", timeValue(alias.creationDate) },
            { ":updated", timeValue(alias.updateDate) } });
}

Result<std::optional<AliasRecord>> SqliteStore::findAlias(
    const QString &regionId, const QString &aliasName)
{
    const QString operation = QStringLiteral("findAlias");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM aliases WHERE region_id = :region AND alias_name = :alias")
            .arg(kAliasColumns),
        { { ":region", textValue(regionId) }, { ":alias", textValue(aliasName) } });
    return readFirst<AliasRecord>(query, operation, aliasAt);
}

Result<QList<AliasRecord>> SqliteStore::findAliasInAllRegions(const QString &aliasName)
{
    const QString operation = QStringLiteral("findAliasInAllRegions");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM aliases WHERE alias_name = :alias"
                       " ORDER BY region_id")
            .arg(kAliasColumns),
        { { ":alias", textValue(aliasName) } });
    return readAll<AliasRecord>(query, operation, aliasAt);
}

Result<void> SqliteStore::updateAliasTarget(const QString &regionId, const QString &aliasName,
    const QString &cmkUuid, const QDateTime &updateDate)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("updateAliasTarget"),
        QStringLiteral("UPDATE aliases SET cmk_uuid = :cmk, update_date = :updated"
                       " WHERE region_id = :region AND alias_name = :alias"),
        { { ":cmk", textValue(cmkUuid) }, { ":updated", timeValue(updateDate) },
            { ":region", textValue(regionId) }, { ":alias", textValue(aliasName) } },
        QStringLiteral("alias"));
}

Result<void> SqliteStore::deleteAlias(const QString &regionId, const QString &aliasName)
{
    invalidateKeys();
    return changeOne(m_db, &m_statements, QStringLiteral("deleteAlias"),
        QStringLiteral("DELETE FROM aliases WHERE region_id = :region AND alias_name = :alias"),
        { { ":region", textValue(regionId) }, { ":alias", textValue(aliasName) } },
        QStringLiteral("alias"));
}

Result<Page<AliasRecord>> SqliteStore::listAliases(const QString &regionId, int offset, int limit)
{
    QList<Binding> bindings;
    if (!regionId.isEmpty())
        bindings.append({ ":region", regionId });
    return readPage(m_db, &m_statements,
        { .operation = QStringLiteral("listAliases"),
            .columns = kAliasColumns,
            .from = QStringLiteral("aliases"),
            .where = regionId.isEmpty() ? QString() : QStringLiteral(" WHERE region_id = :region"),
            .bindings = bindings,
            .order = QStringLiteral("alias_name, region_id"),
            .offset = offset,
            .limit = limit },
        aliasAt);
}

Result<Page<AliasRecord>> SqliteStore::listAliasesByKey(
    const QString &cmkUuid, int offset, int limit)
{
    return readPage(m_db, &m_statements,
        { .operation = QStringLiteral("listAliasesByKey"),
            .columns = kAliasColumns,
            .from = QStringLiteral("aliases"),
            .where = QStringLiteral(" WHERE cmk_uuid = :cmk"),
            .bindings = { { ":cmk", textValue(cmkUuid) } },
            .order = QStringLiteral("alias_name, region_id"),
            .offset = offset,
            .limit = limit },
        aliasAt);
}

// --- operators ----------------------------------------------------------------------------

namespace {

const QString kOperatorColumns
    = QStringLiteral("name, role, password_hash, failed_logins, frozen, created, updated");

OperatorRecord operatorAt(const QSqlQuery &query)
{
    OperatorRecord record;
    record.name = query.value(0).toString();
    record.role = query.value(1).toString();
    record.passwordHash = query.value(2).toString();
    record.failedLogins = query.value(3).toInt();
    record.frozen = query.value(4).toInt() != 0;
    record.created = timeAt(query, 5);
    record.updated = timeAt(query, 6);
    return record;
}

} // namespace

Result<void> SqliteStore::insertOperator(const OperatorRecord &record)
{
    return execute(m_db, &m_statements, QStringLiteral("insertOperator"),
        QStringLiteral("INSERT INTO operators (%1)"
                       " VALUES (:name, :role, :hash, :failed, :frozen, :created, :updated)")
            .arg(kOperatorColumns),
        { { ":name", textValue(record.name) }, { ":role", textValue(record.role) },
            { ":hash", textValue(record.passwordHash) }, { ":failed", record.failedLogins },
            { ":frozen", record.frozen ? 1 : 0 }, { ":created", timeValue(record.created) },
            { ":updated", timeValue(record.updated) } });
}

Result<std::optional<OperatorRecord>> SqliteStore::findOperator(const QString &name)
{
    const QString operation = QStringLiteral("findOperator");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM operators WHERE name = :name").arg(kOperatorColumns),
        { { ":name", textValue(name) } });
    return readFirst<OperatorRecord>(query, operation, operatorAt);
}

Result<QList<OperatorRecord>> SqliteStore::listOperators()
{
    const QString operation = QStringLiteral("listOperators");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM operators ORDER BY name").arg(kOperatorColumns));
    return readAll<OperatorRecord>(query, operation, operatorAt);
}

Result<void> SqliteStore::updateOperator(const OperatorRecord &record)
{
    return changeOne(m_db, &m_statements, QStringLiteral("updateOperator"),
        QStringLiteral("UPDATE operators SET role = :role, password_hash = :hash,"
                       " failed_logins = :failed, frozen = :frozen, updated = :updated"
                       " WHERE name = :name"),
        { { ":name", textValue(record.name) }, { ":role", textValue(record.role) },
            { ":hash", textValue(record.passwordHash) }, { ":failed", record.failedLogins },
            { ":frozen", record.frozen ? 1 : 0 }, { ":updated", timeValue(record.updated) } },
        QStringLiteral("operator"));
}

Result<qint64> SqliteStore::countOperators()
{
    auto value = scalar(m_db, &m_statements, QStringLiteral("countOperators"),
        QStringLiteral("SELECT COUNT(*) FROM operators"));
    if (!value)
        return value.error();
    return value->toLongLong();
}

Result<void> SqliteStore::insertOperatorGrant(
    const QString &name, const QString &keyId, const QDateTime &created)
{
    return execute(m_db, &m_statements, QStringLiteral("insertOperatorGrant"),
        QStringLiteral("INSERT INTO operator_grants (name, key_id, created)"
                       " VALUES (:name, :key, :created) ON CONFLICT (name, key_id) DO NOTHING"),
        { { ":name", textValue(name) }, { ":key", textValue(keyId) },
            { ":created", timeValue(created) } });
}

Result<QStringList> SqliteStore::operatorGrants(const QString &name)
{
    const QString operation = QStringLiteral("operatorGrants");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT key_id FROM operator_grants WHERE name = :name ORDER BY key_id"),
        { { ":name", textValue(name) } });
    return readAll<QString>(
        query, operation, [](const QSqlQuery &row) { return row.value(0).toString(); });
}

Result<qint64> SqliteStore::countAuditCalls(const QString &auditOperator, const QString &action,
    const QDateTime &since, const QString &excludedCode)
{
    auto value = scalar(m_db, &m_statements, QStringLiteral("countAuditCalls"),
        QStringLiteral("SELECT COUNT(*) FROM audit WHERE time >= :since AND operator = :operator"
                       " AND action = :action AND result_code <> :excluded"),
        { { ":since", timeValue(since) }, { ":operator", textValue(auditOperator) },
            { ":action", textValue(action) }, { ":excluded", textValue(excludedCode) } });
    if (!value)
        return value.error();
    return value->toLongLong();
}

// --- access keys --------------------------------------------------------------------------

namespace {

const QString kAccessKeyColumns
    = QStringLiteral("access_key_id, operator, wrapped_secret, status, created, last_used");

AccessKeyRecord accessKeyAt(const QSqlQuery &query)
{
    AccessKeyRecord record;
    record.accessKeyId = query.value(0).toString();
    record.operatorName = query.value(1).toString();
    record.wrappedSecret = query.value(2).toByteArray();
    record.status = query.value(3).toString();
    record.created = timeAt(query, 4);
    record.lastUsed = timeAt(query, 5);
    return record;
}

} // namespace

Result<void> SqliteStore::insertAccessKey(const AccessKeyRecord &record)
{
    return execute(m_db, &m_statements, QStringLiteral("insertAccessKey"),
        QStringLiteral("INSERT INTO access_keys (%1)"
                       " VALUES (:id, :operator, :secret, :status, :created, :used)")
            .arg(kAccessKeyColumns),
        { { ":id", textValue(record.accessKeyId) }, { ":operator", textValue(record.operatorName) },
            { ":secret", blobValue(record.wrappedSecret) }, { ":status", textValue(record.status) },
            { ":created", timeValue(record.created) }, { ":used", timeValue(record.lastUsed) } });
}

Result<std::optional<AccessKeyRecord>> SqliteStore::findAccessKey(const QString &accessKeyId)
{
    const QString operation = QStringLiteral("findAccessKey");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM access_keys WHERE access_key_id = :id")
            .arg(kAccessKeyColumns),
        { { ":id", textValue(accessKeyId) } });
    return readFirst<AccessKeyRecord>(query, operation, accessKeyAt);
}

Result<QList<AccessKeyRecord>> SqliteStore::listAccessKeys()
{
    const QString operation = QStringLiteral("listAccessKeys");
    auto query = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM access_keys ORDER BY operator, created, access_key_id")
            .arg(kAccessKeyColumns));
    return readAll<AccessKeyRecord>(query, operation, accessKeyAt);
}

Result<void> SqliteStore::updateAccessKey(const AccessKeyRecord &record)
{
    return changeOne(m_db, &m_statements, QStringLiteral("updateAccessKey"),
        QStringLiteral("UPDATE access_keys SET status = :status, last_used = :used"
                       " WHERE access_key_id = :id"),
        { { ":id", textValue(record.accessKeyId) }, { ":status", textValue(record.status) },
            { ":used", timeValue(record.lastUsed) } },
        QStringLiteral("access key"));
}

Result<void> SqliteStore::deleteAccessKey(const QString &accessKeyId)
{
    return changeOne(m_db, &m_statements, QStringLiteral("deleteAccessKey"),
        QStringLiteral("DELETE FROM access_keys WHERE access_key_id = :id"),
        { { ":id", textValue(accessKeyId) } }, QStringLiteral("access key"));
}

// --- audit --------------------------------------------------------------------------------

Result<void> SqliteStore::appendAudit(const AuditRecord &record)
{
    m_cache.lastAudit.reset();
    sqlite3_stmt *statement = m_native->appendAudit.get();
    const QString time = formatTime(record.time);
    sqlite3_bind_int64(statement, 1, record.seq);
    if (time.isEmpty())
        sqlite3_bind_null(statement, 2); // refused by NOT NULL, as before
    else
        bindText(statement, 2, time);
    bindText(statement, 3, record.operatorName);
    bindText(statement, 4, record.action);
    bindText(statement, 5, record.target);
    bindText(statement, 6, record.regionId);
    bindText(statement, 7, record.resultCode);
    bindText(statement, 8, record.requestId);
    bindBlob(statement, 9, record.mac);
    KMS_TRY(stepDone(m_native->db, statement, QStringLiteral("appendAudit")));
    if (m_inTransaction)
        m_cache.lastAudit = std::optional<AuditRecord>(record);
    return success();
}

Result<std::optional<AuditRecord>> SqliteStore::lastAudit()
{
    if (m_inTransaction && m_cache.lastAudit)
        return *m_cache.lastAudit;
    auto found = readLastAudit();
    if (found && m_inTransaction)
        m_cache.lastAudit = *found;
    return found;
}

Result<std::optional<AuditRecord>> SqliteStore::readLastAudit()
{
    sqlite3_stmt *statement = m_native->lastAudit.get();
    const int rc = sqlite3_step(statement);
    std::optional<AuditRecord> record;
    if (rc == SQLITE_ROW)
        record = nativeAuditAt(statement);
    const KmsError error = rc == SQLITE_ROW || rc == SQLITE_DONE
        ? KmsError()
        : nativeFailure(m_native->db, QStringLiteral("lastAudit"));
    sqlite3_reset(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return error;
    return record;
}

namespace {

// "yyyy-MM-ddTHH:mm:ss.zzzZ", the only form formatTime() writes, without QDateTime's general
// parser (most of the cost of reading a row); anything else goes to parseTime().
QDateTime fastAuditTime(const QString &text)
{
    auto digits = [&text](int from, int count, int *value) {
        int v = 0;
        for (int i = from; i < from + count; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return false;
            v = v * 10 + (c - u'0');
        }
        *value = v;
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
    if (text.size() != 24 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(10) != u'T'
        || text.at(13) != u':' || text.at(16) != u':' || text.at(19) != u'.' || text.at(23) != u'Z'
        || !digits(0, 4, &year) || !digits(5, 2, &month) || !digits(8, 2, &day)
        || !digits(11, 2, &hour) || !digits(14, 2, &minute) || !digits(17, 2, &second)
        || !digits(20, 3, &ms) || hour > 23 || minute > 59 || second > 59)
        return parseTime(text);
    const QDate date(year, month, day);
    if (!date.isValid())
        return parseTime(text);
    const qint64 msOfDay = ((hour * 60 + minute) * 60 + second) * 1000LL + ms;
    return QDateTime::fromMSecsSinceEpoch(
        (date.toJulianDay() - 2440588) * 86'400'000LL + msOfDay, Qt::UTC);
}

} // namespace

// The verification walk reads every row: straight from SQLite, like the append path.
Result<QList<AuditRecord>> SqliteStore::auditRows(qint64 afterSeq, int limit)
{
    const QString operation = QStringLiteral("auditRows");
    QList<AuditRecord> rows;
    if (limit == 0)
        return rows;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(m_native->db,
            "SELECT seq, time, operator, action, target, region_id, result_code, request_id,"
            " mac FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            -1, &statement, nullptr)
        != SQLITE_OK)
        return nativeFailure(m_native->db, operation);
    sqlite3_bind_int64(statement, 1, afterSeq);
    sqlite3_bind_int64(statement, 2, sqlLimit(limit));
    if (limit > 0)
        rows.reserve(limit);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        AuditRecord record;
        record.seq = sqlite3_column_int64(statement, 0);
        record.timeText = textColumn(statement, 1);
        record.time = fastAuditTime(record.timeText);
        record.operatorName = textColumn(statement, 2);
        record.action = textColumn(statement, 3);
        record.target = textColumn(statement, 4);
        record.regionId = textColumn(statement, 5);
        record.resultCode = textColumn(statement, 6);
        record.requestId = textColumn(statement, 7);
        record.mac = QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, 8)),
            sqlite3_column_bytes(statement, 8));
        rows.append(std::move(record));
    }
    const KmsError error = rc == SQLITE_DONE ? KmsError() : nativeFailure(m_native->db, operation);
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE)
        return error;
    return rows;
}

namespace {

// The WHERE clause of an audit query and its bindings.
QString auditWhere(const AuditQuery &query, QList<Binding> *bindings)
{
    QStringList terms;
    if (query.from.isValid()) {
        terms.append(QStringLiteral("time >= :from"));
        bindings->append({ ":from", timeValue(query.from) });
    }
    if (query.to.isValid()) {
        terms.append(QStringLiteral("time < :to"));
        bindings->append({ ":to", timeValue(query.to) });
    }
    if (!query.operatorName.isEmpty()) {
        terms.append(QStringLiteral("operator = :operator"));
        bindings->append({ ":operator", query.operatorName });
    }
    if (!query.action.isEmpty()) {
        terms.append(QStringLiteral("action = :action"));
        bindings->append({ ":action", query.action });
    }
    if (!query.target.isEmpty()) {
        terms.append(QStringLiteral("target = :target"));
        bindings->append({ ":target", query.target });
    }
    if (query.result == QLatin1String("SUCCESS")) {
        terms.append(QStringLiteral("result_code = '0'"));
    } else if (query.result == QLatin1String("FAILURE")) {
        // Spelled as the partial index audit_failures is, so SQLite uses it.
        terms.append(QStringLiteral("result_code <> '0'"));
    } else if (!query.result.isEmpty()) {
        terms.append(QStringLiteral("result_code = :result"));
        bindings->append({ ":result", query.result });
    }
    if (query.beforeSeq > 0) {
        terms.append(QStringLiteral("seq < :before"));
        bindings->append({ ":before", query.beforeSeq });
    }
    return terms.isEmpty() ? QString()
                           : QStringLiteral(" WHERE ") + terms.join(QStringLiteral(" AND "));
}

// Offsets beyond this count the rows first, to read the far half from the other end.
constexpr qint64 kAuditReverseAfter = 20000;

} // namespace

Result<QList<AuditRecord>> SqliteStore::auditPage(const AuditQuery &query, qint64 offset, int limit)
{
    const QString operation = QStringLiteral("auditPage");
    QList<AuditRecord> rows;
    if (limit <= 0)
        return rows;
    offset = std::max<qint64>(offset, 0);
    QList<Binding> bindings;
    QString where = auditWhere(query, &bindings);
    if (query.from.isValid() || query.to.isValid()) {
        // A time range alone leaves SQLite walking the table newest first until the range
        // begins (the rowid order needs no sort). The seq bounds of the rows in range, read
        // from audit_time, let that walk start where they are; the time terms stay, so rows
        // whose clock went backwards are still filtered right.
        AuditQuery timeOnly;
        timeOnly.from = query.from;
        timeOnly.to = query.to;
        QList<Binding> timeBindings;
        auto bounds = run(m_db, &m_statements, QStringLiteral("auditPage"),
            QStringLiteral("SELECT MIN(seq), MAX(seq) FROM audit INDEXED BY audit_time")
                + auditWhere(timeOnly, &timeBindings),
            timeBindings);
        if (!bounds)
            return bounds.error();
        const bool found = bounds->next() && !bounds->value(0).isNull();
        const qint64 lowest = found ? bounds->value(0).toLongLong() : 0;
        const qint64 highest = found ? bounds->value(1).toLongLong() : 0;
        bounds->finish();
        if (!found)
            return rows;
        where += QStringLiteral(" AND seq BETWEEN :lowest AND :highest");
        bindings.append({ ":lowest", lowest });
        bindings.append({ ":highest", highest });
    }
    // OFFSET steps over every skipped index entry, so the last page of a million rows would
    // cost a walk over all of them. A page in the older half is read from the oldest end
    // instead (ascending, reversed here): the worst case is the middle, not the end.
    bool ascending = query.oldestFirst;
    bool reversed = false;
    qint64 sqlOffsetValue = offset;
    qint64 sqlLimitValue = limit;
    if (offset >= kAuditReverseAfter && !query.oldestFirst) {
        auto total = auditCount(query);
        if (!total)
            return total.error();
        if (offset >= *total)
            return rows;
        if (offset > *total / 2) {
            ascending = true;
            reversed = true;
            sqlLimitValue = std::min<qint64>(limit, *total - offset);
            sqlOffsetValue = *total - offset - sqlLimitValue;
        }
    }
    bindings.append({ ":limit", sqlLimitValue });
    bindings.append({ ":offset", sqlOffsetValue });
    auto found = run(m_db, &m_statements, operation,
        QStringLiteral("SELECT %1 FROM audit%2 ORDER BY seq %3 LIMIT :limit OFFSET :offset")
            .arg(kAuditColumns, where, ascending ? QStringLiteral("ASC") : QStringLiteral("DESC")),
        bindings);
    if (!found)
        return found.error();
    while (found->next())
        rows.append(auditAt(*found));
    KMS_TRY(checkFetched(*found, operation));
    if (reversed)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> SqliteStore::auditCount(const AuditQuery &query)
{
    QList<Binding> bindings;
    const QString where = auditWhere(query, &bindings);
    auto count = scalar(m_db, &m_statements, QStringLiteral("auditCount"),
        QStringLiteral("SELECT COUNT(*) FROM audit") + where, bindings);
    if (!count)
        return count.error();
    return count->toLongLong();
}

} // namespace kms::store
