#include "core/Clock.h"
#include "store/SqliteStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <functional>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace kms;
using namespace kms::store;

// Fails the test with the error's code and detail when a Result is not ok.
#define VERIFY_RESULT(expr)                                                                        \
    do {                                                                                           \
        const auto &verifyResult_ = (expr);                                                        \
        if (!verifyResult_.ok())                                                                   \
            QFAIL(qPrintable(verifyResult_.error().code() + QLatin1String(": ")                    \
                + verifyResult_.error().detail()));                                                \
    } while (false)

// Expects a Result to fail with KMS.0503 and returns nothing else.
#define VERIFY_STORE_ERROR(expr)                                                                   \
    do {                                                                                           \
        const auto &verifyResult_ = (expr);                                                        \
        QVERIFY2(!verifyResult_.ok(), "expected a store error");                                   \
        QCOMPARE(verifyResult_.error().code(), QStringLiteral("KMS.0503"));                        \
    } while (false)

namespace {

// A plain second connection to the same file, bypassing the store.
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
        : m_name(QStringLiteral("raw-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_open = m_db.open();
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    bool isOpen() const { return m_open; }

    // Runs one statement; returns SQLite's error text, empty on success.
    QString exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_db);
        if (!query.prepare(sql))
            return query.lastError().text();
        for (const QVariant &value : values)
            query.addBindValue(value);
        return query.exec() ? QString() : query.lastError().text();
    }

    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(m_db);
        if (!query.prepare(sql))
            return {};
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec() || !query.next())
            return {};
        return query.value(0);
    }

    QStringList tables()
    {
        QStringList names;
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"
                                     " ORDER BY name"));
        if (query.exec()) {
            while (query.next())
                names.append(query.value(0).toString());
        }
        return names;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_open = false;
};

QDateTime at(qint64 seconds)
{
    return QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).addSecs(seconds);
}

RegionRecord makeRegion(const QString &regionId)
{
    RegionRecord region;
    region.regionId = regionId;
    region.description = QStringLiteral("region %1").arg(regionId);
    region.creationDate = at(0);
    return region;
}

KeyRecord makeKey(const QString &cmkUuid, const QString &regionId, const QDateTime &created)
{
    KeyRecord key;
    key.cmkUuid = cmkUuid;
    key.regionId = regionId;
    key.keySpec = QStringLiteral("AES_256");
    key.keyUsage = QStringLiteral("ENCRYPT/DECRYPT");
    key.keyState = QStringLiteral("Enabled");
    key.protectionLevel = QStringLiteral("SOFTWARE");
    key.origin = QStringLiteral("KMS");
    key.creationDate = created;
    return key;
}

KeyVersionRecord makeVersion(
    const QString &versionId, const QString &cmkUuid, const QDateTime &created)
{
    KeyVersionRecord version;
    version.versionId = versionId;
    version.cmkUuid = cmkUuid;
    version.creationDate = created;
    version.hsm = QStringLiteral("software");
    version.handle = QByteArray("\x01\x00wrapped\xff", 10);
    return version;
}

AliasRecord makeAlias(const QString &name, const QString &regionId, const QString &cmkUuid)
{
    AliasRecord alias;
    alias.aliasName = name;
    alias.regionId = regionId;
    alias.cmkUuid = cmkUuid;
    alias.creationDate = at(60);
    return alias;
}

QStringList ids(const QList<KeyRecord> &keys)
{
    QStringList result;
    for (const KeyRecord &key : keys)
        result.append(key.cmkUuid);
    return result;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int fileMode(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
#else
    Q_UNUSED(path);
    return -1;
#endif
}

// The connection a store opened: the one name that was not there before.
QString newConnectionName(const QStringList &before)
{
    const QStringList now = QSqlDatabase::connectionNames();
    for (const QString &name : now) {
        if (!before.contains(name))
            return name;
    }
    return {};
}

const QStringList kTables = {
    QStringLiteral("access_keys"),
    QStringLiteral("aliases"),
    QStringLiteral("audit"),
    QStringLiteral("certificates"),
    QStringLiteral("import_tokens"),
    QStringLiteral("issued_certificates"),
    QStringLiteral("jobs"),
    QStringLiteral("key_tombstones"),
    QStringLiteral("key_versions"),
    QStringLiteral("keys"),
    QStringLiteral("meta"),
    QStringLiteral("operator_grants"),
    QStringLiteral("operators"),
    QStringLiteral("regions"),
    QStringLiteral("settings"),
};

} // namespace

class TestSqliteStore : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void createsSchemaAndFolder();
    void migratesVersionOneWithAliases();
    void migratesVersionTwoWithSchedules();
    void reopenIsIdempotent();
    void migratesEmptyVersionZeroFile();
    void refusesNewerSchema();
    void refusesNonDatabaseFile();
    void pragmasAreOn();
    void ownerOnlyFiles();

    void rollbackLeavesNothing();
    void transactionGuard();
    void nestedBeginFails();
    void beginTakesWriteLock();
    void failureMidTransactionRollsBack();
    void failedStatementLeavesNoAuditRow();
    void secondInstanceSeesCommittedData();
    void readCacheFollowsOtherConnections();

    void regions();
    void settingsAndMeta();
    void keys();
    void keyInUnknownRegionFails();
    void keyVersionsAndCascade();
    void aliases();
    void audit();
    void defaultKeyPerRegionAndProduct();
    void countAsymmetricKeys();
    void formatTimeMatchesQt_data();
    void formatTimeMatchesQt();

    void listKeysFiltersSortsPages_data();
    void listKeysFiltersSortsPages();
    void listKeysSearch();
    void listKeysPagingEdges();
    void listKeysLarge();

private:
    std::unique_ptr<SqliteStore> openStore(const QString &path);
    // A store with regions cn-north and cn-south and the 12 keys of keyFixture().
    static QList<KeyRecord> keyFixture();
};

void TestSqliteStore::init()
{
    QTest::failOnWarning(QRegularExpression(
        QStringLiteral("still in use|duplicate connection name|does not belong")));
}

std::unique_ptr<SqliteStore> TestSqliteStore::openStore(const QString &path)
{
    auto store = SqliteStore::open(path);
    if (!store.ok()) {
        qWarning() << "open failed:" << store.error().code() << store.error().detail();
        return nullptr;
    }
    return std::move(store).value();
}

void TestSqliteStore::createsSchemaAndFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("data/nested/kms.db"));
    const QStringList before = QSqlDatabase::connectionNames();
    {
        auto store = openStore(path);
        QVERIFY(store);
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(store->path(), path);
        QCOMPARE(SqliteStore::currentSchemaVersion(), 8);
        const auto version = store->schemaVersion();
        VERIFY_RESULT(version);
        QCOMPARE(*version, SqliteStore::currentSchemaVersion());
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 1);
    }
    // The destructor removed its connection (failOnWarning catches "still in use").
    QCOMPARE(QSqlDatabase::connectionNames(), before);

    RawConnection raw(path);
    QVERIFY(raw.isOpen());
    QCOMPARE(raw.tables(), kTables);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 8);
}

namespace {

// Takes a current store back to schema version 2 (what versions 3 to 6 added goes).
const char *const kBackToVersionTwo[] = {
    "DROP INDEX audit_time",
    "DROP INDEX audit_operator",
    "DROP INDEX audit_action",
    "DROP INDEX audit_target",
    "DROP INDEX audit_result",
    "DROP INDEX audit_failures",
    "DROP TABLE import_tokens",
    "DROP INDEX key_versions_fingerprint",
    "ALTER TABLE key_versions DROP COLUMN material_fingerprint",
    "ALTER TABLE keys DROP COLUMN material_expire_date",
    "DROP TABLE issued_certificates",
    "DROP TABLE certificates",
    "DROP TABLE jobs",
    "DROP TABLE key_tombstones",
    "DROP INDEX key_versions_rotations",
    "ALTER TABLE key_versions DROP COLUMN rotation_type",
    "ALTER TABLE key_versions DROP COLUMN created_by",
    "PRAGMA user_version = 2",
};

} // namespace

void TestSqliteStore::migratesVersionTwoWithSchedules()
{
    // A version-2 store's pending deletions and rotation plans become jobs of the scheduler;
    // its versions count as initial ones.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString deleting = QStringLiteral("11111111-1111-4111-8111-111111111111");
    const QString rotating = QStringLiteral("22222222-2222-4222-8222-222222222222");
    const QString plain = QStringLiteral("33333333-3333-4333-8333-333333333333");
    {
        auto store = openStore(path);
        QVERIFY(store);
        VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
        KeyRecord key = makeKey(deleting, QStringLiteral("cn-north"), now);
        key.keyState = QStringLiteral("PendingDeletion");
        key.deleteDate = now.addDays(7);
        VERIFY_RESULT(store->insertKey(key));
        key = makeKey(rotating, QStringLiteral("cn-north"), now);
        key.automaticRotation = true;
        key.rotationIntervalDays = 30;
        key.nextRotationDate = now.addDays(30);
        VERIFY_RESULT(store->insertKey(key));
        VERIFY_RESULT(store->insertKey(makeKey(plain, QStringLiteral("cn-north"), now)));
        VERIFY_RESULT(store->insertKeyVersion(KeyVersionRecord { QStringLiteral("v-1"), plain, now,
            QStringLiteral("software"), QByteArray("handle"), {} }));
    }
    {
        RawConnection raw(path);
        for (const char *sql : kBackToVersionTwo)
            QCOMPARE(raw.exec(QString::fromLatin1(sql)), QString());
    }
    auto store = openStore(path);
    QVERIFY(store);
    const auto version = store->schemaVersion();
    VERIFY_RESULT(version);
    QCOMPARE(*version, SqliteStore::currentSchemaVersion());
    const auto jobs = store->listJobs(JobQuery { .state = QStringLiteral("PENDING") });
    VERIFY_RESULT(jobs);
    QCOMPARE(jobs->totalCount, 2);
    QCOMPARE(jobs->rows.at(0).kind, QString(kJobDelete));
    QCOMPARE(jobs->rows.at(0).cmkUuid, deleting);
    QCOMPARE(formatTime(jobs->rows.at(0).dueDate), formatTime(now.addDays(7)));
    QCOMPARE(jobs->rows.at(1).kind, QString(kJobRotate));
    QCOMPARE(jobs->rows.at(1).cmkUuid, rotating);
    const auto versions = store->listKeyVersions(plain);
    VERIFY_RESULT(versions);
    QCOMPARE(versions->size(), 1);
    QCOMPARE(versions->first().rotationType, QStringLiteral("INITIAL"));
}

void TestSqliteStore::migratesVersionOneWithAliases()
{
    // A version-1 store with keys and aliases gains the first-alias column, filled in, and
    // the triggers keep it up to date afterwards.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    {
        auto store = openStore(path);
        QVERIFY(store);
        VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
        VERIFY_RESULT(
            store->insertKey(makeKey(QStringLiteral("11111111-1111-4111-8111-111111111111"),
                QStringLiteral("cn-north"), QDateTime::currentDateTimeUtc())));
        VERIFY_RESULT(store->insertAlias(AliasRecord { QStringLiteral("alias/zeta"),
            QStringLiteral("cn-north"), QStringLiteral("11111111-1111-4111-8111-111111111111"),
            QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc() }));
        VERIFY_RESULT(store->insertAlias(AliasRecord { QStringLiteral("alias/alpha"),
            QStringLiteral("cn-north"), QStringLiteral("11111111-1111-4111-8111-111111111111"),
            QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc() }));
    }
    {
        RawConnection raw(path);
        for (const char *sql : kBackToVersionTwo)
            QCOMPARE(raw.exec(QString::fromLatin1(sql)), QString());
        for (const char *sql :
            { "DROP TRIGGER aliases_first_insert", "DROP TRIGGER aliases_first_delete",
                "DROP TRIGGER aliases_first_update", "DROP INDEX keys_first_alias",
                "ALTER TABLE keys DROP COLUMN first_alias", "PRAGMA user_version = 1" })
            QCOMPARE(raw.exec(QString::fromLatin1(sql)), QString());
    }
    {
        auto store = openStore(path);
        QVERIFY(store);
        const auto version = store->schemaVersion();
        VERIFY_RESULT(version);
        QCOMPARE(*version, SqliteStore::currentSchemaVersion());
    }
    RawConnection raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT first_alias FROM keys")).toString(),
        QStringLiteral("alias/alpha"));
    QCOMPARE(raw.exec(QStringLiteral("DELETE FROM aliases WHERE alias_name = 'alias/alpha'")),
        QString());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT first_alias FROM keys")).toString(),
        QStringLiteral("alias/zeta"));
}

void TestSqliteStore::reopenIsIdempotent()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    {
        auto store = openStore(path);
        QVERIFY(store);
        VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    }
    for (int round = 0; round < 2; ++round) {
        auto store = openStore(path);
        QVERIFY(store);
        const auto version = store->schemaVersion();
        VERIFY_RESULT(version);
        QCOMPARE(*version, SqliteStore::currentSchemaVersion());
        const auto regions = store->listRegions();
        VERIFY_RESULT(regions);
        QCOMPARE(regions->size(), 1);
    }
    RawConnection raw(path);
    QCOMPARE(raw.tables(), kTables);
}

void TestSqliteStore::migratesEmptyVersionZeroFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    {
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.exec(QStringLiteral("CREATE TABLE scratch (x)")), QString());
        QCOMPARE(raw.exec(QStringLiteral("DROP TABLE scratch")), QString());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 0);
        QVERIFY(raw.tables().isEmpty());
    }
    QVERIFY(QFileInfo(path).size() > 0);
    {
        auto store = openStore(path);
        QVERIFY(store);
        const auto version = store->schemaVersion();
        VERIFY_RESULT(version);
        QCOMPARE(*version, SqliteStore::currentSchemaVersion());
        VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    }
    RawConnection raw(path);
    QCOMPARE(raw.tables(), kTables);
}

void TestSqliteStore::refusesNewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    {
        RawConnection raw(path);
        QCOMPARE(raw.exec(QStringLiteral("CREATE TABLE future_data (x)")), QString());
        QCOMPARE(raw.exec(QStringLiteral("INSERT INTO future_data VALUES (?)"), { 42 }), QString());
        QCOMPARE(raw.exec(QStringLiteral("PRAGMA user_version = 99")), QString());
    }
    const QByteArray before = fileBytes(path);
    QVERIFY(!before.isEmpty());
    const QStringList connections = QSqlDatabase::connectionNames();

    const auto store = SqliteStore::open(path);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().code(), QStringLiteral("KMS.0503"));
    QVERIFY2(store.error().detail().contains(QLatin1String("99"))
            && store.error().detail().contains(QLatin1String("newer")),
        qPrintable(store.error().detail()));

    QCOMPARE(QSqlDatabase::connectionNames(), connections);
    QCOMPARE(fileBytes(path), before);
    QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    RawConnection raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 99);
    QCOMPARE(
        raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("delete"));
    QCOMPARE(raw.tables(), QStringList { QStringLiteral("future_data") });
}

void TestSqliteStore::refusesNonDatabaseFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    const QByteArray text = QByteArrayLiteral("this is not an SQLite database, just some text\n");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    const auto store = SqliteStore::open(path);
    QVERIFY(!store.ok());
    QCOMPARE(store.error().code(), QStringLiteral("KMS.0503"));
    QVERIFY(!store.error().detail().isEmpty());
    QCOMPARE(fileBytes(path), text);
}

void TestSqliteStore::pragmasAreOn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    const QStringList before = QSqlDatabase::connectionNames();
    auto store = openStore(path);
    QVERIFY(store);
    {
        // The store's own connection: per-connection settings.
        const QString name = newConnectionName(before);
        QVERIFY(!name.isEmpty());
        QSqlDatabase db = QSqlDatabase::database(name, false);
        QVERIFY(db.isOpen());
        QSqlQuery query(db);
        const auto pragma = [&query](const char *sql) {
            if (!query.exec(QString::fromLatin1(sql)) || !query.next())
                return QVariant();
            return query.value(0);
        };
        QCOMPARE(pragma("PRAGMA foreign_keys").toInt(), 1);
        QCOMPARE(pragma("PRAGMA busy_timeout").toInt(), 5000);
        // NORMAL: in WAL mode a commit survives a crash of the process; docs/performance.md
        QCOMPARE(pragma("PRAGMA synchronous").toInt(), 1);
        QCOMPARE(pragma("PRAGMA journal_mode").toString(), QStringLiteral("wal"));
    }
    // The journal mode is a property of the file: a second plain connection sees WAL.
    RawConnection raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));

    // Foreign keys really enforced by the store's connection.
    VERIFY_STORE_ERROR(
        store->insertKey(makeKey(QStringLiteral("k"), QStringLiteral("nowhere"), at(1))));
}

void TestSqliteStore::ownerOnlyFiles()
{
#ifndef Q_OS_UNIX
    QSKIP("file modes are POSIX");
#endif
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new-folder/kms.db"));
    auto store = openStore(path);
    QVERIFY(store);
    QCOMPARE(fileMode(path), 0600);
    QCOMPARE(fileMode(dir.filePath(QStringLiteral("new-folder"))), 0700);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    // SQLite gives the WAL file the database file's mode.
    QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
    QCOMPARE(fileMode(path + QStringLiteral("-wal")), 0600);
}

void TestSqliteStore::rollbackLeavesNothing()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));

    VERIFY_RESULT(store->beginTransaction());
    VERIFY_RESULT(
        store->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("cn-north"), at(1))));
    VERIFY_RESULT(
        store->insertKeyVersion(makeVersion(QStringLiteral("v1"), QStringLiteral("k1"), at(1))));
    const auto inside = store->findKey(QStringLiteral("k1"));
    VERIFY_RESULT(inside);
    QVERIFY(inside->has_value());
    store->rollback();
    store->rollback(); // a second rollback is harmless

    const auto key = store->findKey(QStringLiteral("k1"));
    VERIFY_RESULT(key);
    QVERIFY(!key->has_value());
    const auto version = store->findKeyVersion(QStringLiteral("v1"));
    VERIFY_RESULT(version);
    QVERIFY(!version->has_value());
    VERIFY_STORE_ERROR(store->commit()); // nothing open any more
}

void TestSqliteStore::transactionGuard()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    {
        TransactionGuard guard(*store);
        VERIFY_RESULT(guard.begin());
        VERIFY_RESULT(store->insertKey(
            makeKey(QStringLiteral("dropped"), QStringLiteral("cn-north"), at(1))));
        VERIFY_RESULT(store->insertKeyVersion(
            makeVersion(QStringLiteral("dropped-v1"), QStringLiteral("dropped"), at(1))));
        // no commit: the guard rolls back
    }
    {
        TransactionGuard guard(*store);
        VERIFY_RESULT(guard.begin());
        VERIFY_RESULT(
            store->insertKey(makeKey(QStringLiteral("kept"), QStringLiteral("cn-north"), at(2))));
        VERIFY_RESULT(guard.commit());
    }
    const auto dropped = store->findKey(QStringLiteral("dropped"));
    VERIFY_RESULT(dropped);
    QVERIFY(!dropped->has_value());
    const auto droppedVersion = store->findKeyVersion(QStringLiteral("dropped-v1"));
    VERIFY_RESULT(droppedVersion);
    QVERIFY(!droppedVersion->has_value());
    const auto kept = store->findKey(QStringLiteral("kept"));
    VERIFY_RESULT(kept);
    QVERIFY(kept->has_value());
}

void TestSqliteStore::nestedBeginFails()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->beginTransaction());
    const auto nested = store->beginTransaction();
    VERIFY_STORE_ERROR(nested);
    QVERIFY(nested.error().detail().contains(QLatin1String("already open")));
    // The outer transaction is still usable.
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_RESULT(store->commit());
    VERIFY_RESULT(store->beginTransaction());
    store->rollback();
    const auto region = store->findRegion(QStringLiteral("cn-north"));
    VERIFY_RESULT(region);
    QVERIFY(region->has_value());
}

void TestSqliteStore::beginTakesWriteLock()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    auto store = openStore(path);
    QVERIFY(store);
    RawConnection raw(path);
    QCOMPARE(raw.exec(QStringLiteral("PRAGMA busy_timeout = 0")), QString());

    VERIFY_RESULT(store->beginTransaction());
    // BEGIN IMMEDIATE: the store holds the write lock before its first write.
    const QString locked = raw.exec(QStringLiteral("BEGIN IMMEDIATE"));
    QVERIFY2(locked.contains(QLatin1String("locked")), qPrintable(locked));
    // Readers are not blocked in WAL mode.
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM keys")).toInt(), 0);
    store->rollback();
    QCOMPARE(raw.exec(QStringLiteral("BEGIN IMMEDIATE")), QString());
    QCOMPARE(raw.exec(QStringLiteral("ROLLBACK")), QString());
}

void TestSqliteStore::failureMidTransactionRollsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    auto store = openStore(path);
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    {
        RawConnection raw(path);
        QCOMPARE(
            raw.exec(QStringLiteral("CREATE TRIGGER inject_failure BEFORE INSERT ON "
                                    "key_versions BEGIN SELECT RAISE(ABORT, 'injected'); END")),
            QString());
    }

    const QString secretVersionId = QStringLiteral("version-id-that-must-not-leak");
    VERIFY_RESULT(store->beginTransaction());
    VERIFY_RESULT(
        store->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("cn-north"), at(1))));
    const auto inserted
        = store->insertKeyVersion(makeVersion(secretVersionId, QStringLiteral("k1"), at(1)));
    VERIFY_STORE_ERROR(inserted);
    const QString detail = inserted.error().detail();
    QVERIFY2(detail.contains(QLatin1String("insertKeyVersion")), qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("injected")), qPrintable(detail));
    QVERIFY2(!detail.contains(secretVersionId), qPrintable(detail));
    QVERIFY2(!detail.contains(QLatin1String("wrapped")), qPrintable(detail));
    store->rollback();

    const auto key = store->findKey(QStringLiteral("k1"));
    VERIFY_RESULT(key);
    QVERIFY(!key->has_value());
}

namespace {

AuditRecord auditRecord(qint64 seq, const QString &requestId)
{
    AuditRecord record;
    record.seq = seq;
    record.time = at(seq).addMSecs(seq);
    record.operatorName = QStringLiteral("operator");
    record.action = QStringLiteral("Encrypt");
    record.target = QStringLiteral("k1");
    record.regionId = QStringLiteral("cn-north");
    record.resultCode = QStringLiteral("0");
    record.requestId = requestId;
    record.mac = QByteArray(32, char(seq));
    return record;
}

} // namespace

// The service's transaction: audit row and chain head, then a statement that fails. The
// rollback takes the row and the head with it, and the next transaction starts from the
// committed state (nothing of the undone one stays cached).
void TestSqliteStore::failedStatementLeavesNoAuditRow()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_RESULT(store->appendAudit(auditRecord(1, QStringLiteral("committed"))));

    VERIFY_RESULT(store->beginTransaction());
    const auto before = store->lastAudit();
    VERIFY_RESULT(before);
    QCOMPARE((*before)->seq, 1);
    VERIFY_RESULT(store->appendAudit(auditRecord(2, QStringLiteral("undone"))));
    VERIFY_RESULT(store->setMeta(QStringLiteral("audit.head"), QByteArray("head 2")));
    const auto cached = store->lastAudit();
    VERIFY_RESULT(cached);
    QCOMPARE((*cached)->seq, 2);
    // A version of a key that does not exist: the foreign key refuses it.
    VERIFY_STORE_ERROR(store->insertKeyVersion(
        makeVersion(QStringLiteral("v1"), QStringLiteral("no-such-key"), at(1))));
    // The same seq again: the native statement reports SQLite's error.
    const auto duplicate = store->appendAudit(auditRecord(2, QStringLiteral("again")));
    VERIFY_STORE_ERROR(duplicate);
    QVERIFY2(duplicate.error().detail().contains(QLatin1String("appendAudit")),
        qPrintable(duplicate.error().detail()));
    QVERIFY2(duplicate.error().detail().contains(QLatin1String("UNIQUE")),
        qPrintable(duplicate.error().detail()));
    store->rollback();

    RawConnection raw(store->path());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM audit")).toInt(), 1);
    QCOMPARE(
        raw.scalar(QStringLiteral("SELECT COUNT(*) FROM meta WHERE key = 'audit.head'")).toInt(),
        0);

    VERIFY_RESULT(store->beginTransaction());
    const auto after = store->lastAudit();
    VERIFY_RESULT(after);
    QCOMPARE((*after)->seq, 1);
    QCOMPARE((*after)->requestId, QStringLiteral("committed"));
    VERIFY_RESULT(store->appendAudit(auditRecord(2, QStringLiteral("redone"))));
    VERIFY_RESULT(store->commit());
    const auto rows = store->auditRows(0, 10);
    VERIFY_RESULT(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(1).requestId, QStringLiteral("redone"));
}

// What one store read in earlier transactions (key, version, newest audit row) is reused
// only while nothing else wrote the file: a commit of another connection between two
// transactions is seen by the next one, and moves changeCounter().
void TestSqliteStore::readCacheFollowsOtherConnections()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    auto first = openStore(path);
    auto second = openStore(path);
    QVERIFY(first);
    QVERIFY(second);
    VERIFY_RESULT(first->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_RESULT(
        first->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("cn-north"), at(1))));

    auto readInTransaction = [](SqliteStore &store, QString *description, qint64 *lastSeq) {
        QVERIFY(store.beginTransaction().ok());
        const auto key = store.findKey(QStringLiteral("k1"));
        QVERIFY(key.ok() && key->has_value());
        *description = (*key)->description;
        const auto last = store.lastAudit();
        QVERIFY(last.ok());
        *lastSeq = last->has_value() ? (*last)->seq : 0;
        QVERIFY(store.commit().ok());
    };

    QString description;
    qint64 lastSeq = -1;
    readInTransaction(*first, &description, &lastSeq);
    QCOMPARE(lastSeq, 0);
    const auto counter = first->changeCounter();
    VERIFY_RESULT(counter);

    // This store's own transactions leave the counter where it is (limits stay cached)...
    VERIFY_RESULT(first->beginTransaction());
    VERIFY_RESULT(first->appendAudit(auditRecord(1, QStringLiteral("first"))));
    VERIFY_RESULT(first->commit());
    readInTransaction(*first, &description, &lastSeq);
    QCOMPARE(lastSeq, 1);
    const auto unmoved = first->changeCounter();
    VERIFY_RESULT(unmoved);
    QCOMPARE(*unmoved, *counter);

    // ...another store's commit moves it, and the next transaction reads afresh.
    VERIFY_RESULT(second->beginTransaction());
    VERIFY_RESULT(second->updateKeyDescription(QStringLiteral("k1"), QStringLiteral("changed")));
    VERIFY_RESULT(second->appendAudit(auditRecord(2, QStringLiteral("second"))));
    VERIFY_RESULT(second->commit());
    const auto moved = first->changeCounter();
    VERIFY_RESULT(moved);
    QVERIFY(*moved != *counter);
    readInTransaction(*first, &description, &lastSeq);
    QCOMPARE(description, QStringLiteral("changed"));
    QCOMPARE(lastSeq, 2);

    // A commit between two transactions, with no changeCounter() call in between.
    VERIFY_RESULT(second->beginTransaction());
    VERIFY_RESULT(second->updateKeyDescription(QStringLiteral("k1"), QStringLiteral("again")));
    VERIFY_RESULT(second->appendAudit(auditRecord(3, QStringLiteral("second"))));
    VERIFY_RESULT(second->commit());
    readInTransaction(*first, &description, &lastSeq);
    QCOMPARE(description, QStringLiteral("again"));
    QCOMPARE(lastSeq, 3);

    // A plain Qt SQL connection writing outside any transaction is seen too.
    {
        RawConnection raw(path);
        QCOMPARE(
            raw.exec(QStringLiteral("UPDATE keys SET description = 'raw' WHERE cmk_uuid = 'k1'")),
            QString());
    }
    readInTransaction(*first, &description, &lastSeq);
    QCOMPARE(description, QStringLiteral("raw"));

    // And the next append of the first store continues the other's rows.
    VERIFY_RESULT(first->beginTransaction());
    const auto last = first->lastAudit();
    VERIFY_RESULT(last);
    QCOMPARE((*last)->seq, 3);
    VERIFY_RESULT(first->appendAudit(auditRecord(4, QStringLiteral("first"))));
    VERIFY_RESULT(first->commit());
    const auto rows = second->auditRows(0, 10);
    VERIFY_RESULT(rows);
    QCOMPARE(rows->size(), 4);
}

void TestSqliteStore::secondInstanceSeesCommittedData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    auto first = openStore(path);
    auto second = openStore(path);
    QVERIFY(first);
    QVERIFY(second);

    {
        TransactionGuard guard(*first);
        VERIFY_RESULT(guard.begin());
        VERIFY_RESULT(first->insertRegion(makeRegion(QStringLiteral("cn-north"))));
        VERIFY_RESULT(
            first->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("cn-north"), at(1))));
        VERIFY_RESULT(guard.commit());
    }
    const auto seen = second->findKey(QStringLiteral("k1"));
    VERIFY_RESULT(seen);
    QVERIFY(seen->has_value());

    // Uncommitted writes of one instance are invisible to the other, which is not blocked.
    VERIFY_RESULT(first->beginTransaction());
    VERIFY_RESULT(
        first->insertKey(makeKey(QStringLiteral("k2"), QStringLiteral("cn-north"), at(2))));
    const auto unseen = second->findKey(QStringLiteral("k2"));
    VERIFY_RESULT(unseen);
    QVERIFY(!unseen->has_value());
    VERIFY_RESULT(first->commit());
    const auto seenNow = second->findKey(QStringLiteral("k2"));
    VERIFY_RESULT(seenNow);
    QVERIFY(seenNow->has_value());

    // And the other way round.
    VERIFY_RESULT(second->setSetting(QStringLiteral("limit"), QStringLiteral("7")));
    const auto setting = first->setting(QStringLiteral("limit"));
    VERIFY_RESULT(setting);
    QCOMPARE(setting->value_or(QString()), QStringLiteral("7"));
}

void TestSqliteStore::regions()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);

    const auto empty = store->listRegions();
    VERIFY_RESULT(empty);
    QVERIFY(empty->isEmpty());

    RegionRecord south = makeRegion(QStringLiteral("cn-south"));
    south.description = QStringLiteral("华南资源池");
    south.hsm = QStringLiteral("pkcs11:slot-2");
    south.creationDate = at(3600).addMSecs(123);
    VERIFY_RESULT(store->insertRegion(south));
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_STORE_ERROR(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));

    const auto found = store->findRegion(QStringLiteral("cn-south"));
    VERIFY_RESULT(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->regionId, south.regionId);
    QCOMPARE((*found)->description, south.description);
    QCOMPARE((*found)->hsm, south.hsm);
    QCOMPARE((*found)->creationDate, south.creationDate);

    const auto missing = store->findRegion(QStringLiteral("nowhere"));
    VERIFY_RESULT(missing);
    QVERIFY(!missing->has_value());

    const auto all = store->listRegions();
    VERIFY_RESULT(all);
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).regionId, QStringLiteral("cn-north"));
    QCOMPARE(all->at(0).hsm, QStringLiteral("software"));
    QCOMPARE(all->at(1).regionId, QStringLiteral("cn-south"));
}

void TestSqliteStore::settingsAndMeta()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);

    const auto noSetting = store->setting(QStringLiteral("pageSize"));
    VERIFY_RESULT(noSetting);
    QVERIFY(!noSetting->has_value());
    VERIFY_RESULT(store->setSetting(QStringLiteral("pageSize"), QStringLiteral("50")));
    VERIFY_RESULT(store->setSetting(QStringLiteral("pageSize"), QStringLiteral("80")));
    VERIFY_RESULT(store->setSetting(QStringLiteral("products"), QStringLiteral("rds,oss,云盘")));
    VERIFY_RESULT(store->setSetting(QStringLiteral("empty"), QString()));
    const auto pageSize = store->setting(QStringLiteral("pageSize"));
    VERIFY_RESULT(pageSize);
    QCOMPARE(pageSize->value_or(QString()), QStringLiteral("80"));
    const auto products = store->setting(QStringLiteral("products"));
    VERIFY_RESULT(products);
    QCOMPARE(products->value_or(QString()), QStringLiteral("rds,oss,云盘"));
    const auto empty = store->setting(QStringLiteral("empty"));
    VERIFY_RESULT(empty);
    QVERIFY(empty->has_value());
    QVERIFY((*empty)->isEmpty());

    const auto noMeta = store->meta(QStringLiteral("storeUuid"));
    VERIFY_RESULT(noMeta);
    QVERIFY(!noMeta->has_value());
    const QByteArray binary("\x00\x01\x02\xfe\xff{\"vault\":1}", 15);
    VERIFY_RESULT(store->setMeta(QStringLiteral("vault"), QByteArray("old")));
    VERIFY_RESULT(store->setMeta(QStringLiteral("vault"), binary));
    VERIFY_RESULT(store->setMeta(QStringLiteral("nothing"), QByteArray()));
    const auto vault = store->meta(QStringLiteral("vault"));
    VERIFY_RESULT(vault);
    QVERIFY(vault->has_value());
    QCOMPARE(**vault, binary);
    const auto nothing = store->meta(QStringLiteral("nothing"));
    VERIFY_RESULT(nothing);
    QVERIFY(nothing->has_value());
    QVERIFY((*nothing)->isEmpty());
}

void TestSqliteStore::keys()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));

    KeyRecord full = makeKey(QStringLiteral("3f6b8f1e-7c1a-4d7e-9a51-0a4f1f0b2c11"),
        QStringLiteral("cn-north"), at(100).addMSecs(7));
    full.keySpec = QStringLiteral("RSA_2048");
    full.keyUsage = QStringLiteral("SIGN/VERIFY");
    full.protectionLevel = QStringLiteral("HSM");
    full.origin = QStringLiteral("EXTERNAL");
    full.keyState = QStringLiteral("PendingImport");
    full.description = QStringLiteral("签名密钥 for payments");
    full.primaryKeyVersion = QStringLiteral("v-1");
    full.defaultProduct = QStringLiteral("rds");
    full.automaticRotation = true;
    full.rotationIntervalDays = 30;
    full.lastRotationDate = at(200);
    full.nextRotationDate = at(200).addDays(30);
    full.aliases = { QStringLiteral("ignored/by/insertKey") };
    VERIFY_RESULT(store->insertKey(full));
    VERIFY_STORE_ERROR(store->insertKey(full)); // duplicate id

    const KeyRecord minimal = makeKey(QStringLiteral("minimal"), QStringLiteral("cn-north"), at(5));
    VERIFY_RESULT(store->insertKey(minimal));

    const auto found = store->findKey(full.cmkUuid);
    VERIFY_RESULT(found);
    QVERIFY(found->has_value());
    const KeyRecord &key = **found;
    QCOMPARE(key.cmkUuid, full.cmkUuid);
    QCOMPARE(key.regionId, full.regionId);
    QCOMPARE(key.keySpec, full.keySpec);
    QCOMPARE(key.keyUsage, full.keyUsage);
    QCOMPARE(key.keyState, full.keyState);
    QCOMPARE(key.protectionLevel, full.protectionLevel);
    QCOMPARE(key.origin, full.origin);
    QCOMPARE(key.description, full.description);
    QCOMPARE(key.creationDate, full.creationDate);
    QCOMPARE(key.creationDate.time().msec(), 7);
    QVERIFY(!key.deleteDate.isValid());
    QCOMPARE(key.primaryKeyVersion, full.primaryKeyVersion);
    QCOMPARE(key.defaultProduct, full.defaultProduct);
    QCOMPARE(key.automaticRotation, true);
    QCOMPARE(key.rotationIntervalDays, 30);
    QCOMPARE(key.lastRotationDate, full.lastRotationDate);
    QCOMPARE(key.nextRotationDate, full.nextRotationDate);
    QVERIFY(key.aliases.isEmpty());

    const auto small = store->findKey(minimal.cmkUuid);
    VERIFY_RESULT(small);
    QVERIFY(small->has_value());
    QVERIFY((*small)->description.isEmpty());
    QVERIFY((*small)->primaryKeyVersion.isEmpty());
    QVERIFY((*small)->defaultProduct.isEmpty());
    QVERIFY(!(*small)->automaticRotation);
    QVERIFY(!(*small)->lastRotationDate.isValid());
    QVERIFY(!(*small)->nextRotationDate.isValid());

    const auto missing = store->findKey(QStringLiteral("nope"));
    VERIFY_RESULT(missing);
    QVERIFY(!missing->has_value());

    // State with a deletion date, then back.
    VERIFY_RESULT(store->updateKeyState(full.cmkUuid, QStringLiteral("PendingDeletion"), at(9000)));
    auto updated = store->findKey(full.cmkUuid);
    VERIFY_RESULT(updated);
    QCOMPARE((*updated)->keyState, QStringLiteral("PendingDeletion"));
    QCOMPARE((*updated)->deleteDate, at(9000));
    VERIFY_RESULT(store->updateKeyState(full.cmkUuid, QStringLiteral("Enabled"), QDateTime()));
    updated = store->findKey(full.cmkUuid);
    VERIFY_RESULT(updated);
    QCOMPARE((*updated)->keyState, QStringLiteral("Enabled"));
    QVERIFY(!(*updated)->deleteDate.isValid());

    VERIFY_RESULT(store->updateKeyDescription(full.cmkUuid, QStringLiteral("新的描述")));
    VERIFY_RESULT(store->setPrimaryKeyVersion(full.cmkUuid, QStringLiteral("v-2")));
    updated = store->findKey(full.cmkUuid);
    VERIFY_RESULT(updated);
    QCOMPARE((*updated)->description, QStringLiteral("新的描述"));
    QCOMPARE((*updated)->primaryKeyVersion, QStringLiteral("v-2"));
    VERIFY_RESULT(store->updateKeyDescription(full.cmkUuid, QString()));
    updated = store->findKey(full.cmkUuid);
    VERIFY_RESULT(updated);
    QVERIFY((*updated)->description.isEmpty());

    // Updates of a key that does not exist are errors, not silent no-ops.
    VERIFY_STORE_ERROR(
        store->updateKeyState(QStringLiteral("nope"), QStringLiteral("Enabled"), {}));
    VERIFY_STORE_ERROR(store->updateKeyDescription(QStringLiteral("nope"), QStringLiteral("x")));
    VERIFY_STORE_ERROR(store->setPrimaryKeyVersion(QStringLiteral("nope"), QStringLiteral("v")));
}

void TestSqliteStore::keyInUnknownRegionFails()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    const auto inserted
        = store->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("nowhere"), at(1)));
    VERIFY_STORE_ERROR(inserted);
    QVERIFY2(inserted.error().detail().contains(QLatin1String("insertKey")),
        qPrintable(inserted.error().detail()));
    QVERIFY2(inserted.error().detail().contains(QLatin1String("FOREIGN KEY"), Qt::CaseInsensitive),
        qPrintable(inserted.error().detail()));
    const auto key = store->findKey(QStringLiteral("k1"));
    VERIFY_RESULT(key);
    QVERIFY(!key->has_value());
}

void TestSqliteStore::keyVersionsAndCascade()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kms.db"));
    auto store = openStore(path);
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_RESULT(
        store->insertKey(makeKey(QStringLiteral("k1"), QStringLiteral("cn-north"), at(1))));
    VERIFY_RESULT(
        store->insertKey(makeKey(QStringLiteral("k2"), QStringLiteral("cn-north"), at(2))));

    KeyVersionRecord second = makeVersion(QStringLiteral("v2"), QStringLiteral("k1"), at(20));
    second.publicKeyPem = QByteArrayLiteral("-----BEGIN PUBLIC KEY-----\nMFkw...\n");
    second.hsm = QStringLiteral("pkcs11");
    VERIFY_RESULT(store->insertKeyVersion(second));
    VERIFY_RESULT(
        store->insertKeyVersion(makeVersion(QStringLiteral("v1"), QStringLiteral("k1"), at(10))));
    VERIFY_RESULT(
        store->insertKeyVersion(makeVersion(QStringLiteral("w1"), QStringLiteral("k2"), at(10))));
    VERIFY_STORE_ERROR(
        store->insertKeyVersion(makeVersion(QStringLiteral("v1"), QStringLiteral("k1"), at(30))));
    VERIFY_STORE_ERROR(store->insertKeyVersion(
        makeVersion(QStringLiteral("x1"), QStringLiteral("missing"), at(30))));

    const auto versions = store->listKeyVersions(QStringLiteral("k1"));
    VERIFY_RESULT(versions);
    QCOMPARE(versions->size(), 2);
    QCOMPARE(versions->at(0).versionId, QStringLiteral("v1")); // oldest first
    QCOMPARE(versions->at(1).versionId, QStringLiteral("v2"));
    QVERIFY(versions->at(0).publicKeyPem.isEmpty());

    const auto found = store->findKeyVersion(QStringLiteral("v2"));
    VERIFY_RESULT(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->cmkUuid, QStringLiteral("k1"));
    QCOMPARE((*found)->creationDate, at(20));
    QCOMPARE((*found)->hsm, QStringLiteral("pkcs11"));
    QCOMPARE((*found)->handle, QByteArray("\x01\x00wrapped\xff", 10));
    QCOMPARE((*found)->publicKeyPem, second.publicKeyPem);
    const auto missing = store->findKeyVersion(QStringLiteral("nope"));
    VERIFY_RESULT(missing);
    QVERIFY(!missing->has_value());

    // Deleting a key row removes its versions (and aliases).
    VERIFY_RESULT(store->insertAlias(
        makeAlias(QStringLiteral("alias/k1"), QStringLiteral("cn-north"), QStringLiteral("k1"))));
    {
        RawConnection raw(path);
        QCOMPARE(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")), QString());
        QCOMPARE(raw.exec(QStringLiteral("DELETE FROM keys WHERE cmk_uuid = ?"),
                     { QStringLiteral("k1") }),
            QString());
    }
    const auto afterDelete = store->listKeyVersions(QStringLiteral("k1"));
    VERIFY_RESULT(afterDelete);
    QVERIFY(afterDelete->isEmpty());
    const auto orphanAlias
        = store->findAlias(QStringLiteral("cn-north"), QStringLiteral("alias/k1"));
    VERIFY_RESULT(orphanAlias);
    QVERIFY(!orphanAlias->has_value());
    const auto other = store->listKeyVersions(QStringLiteral("k2"));
    VERIFY_RESULT(other);
    QCOMPARE(other->size(), 1);
}

void TestSqliteStore::aliases()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    const QString north = QStringLiteral("cn-north");
    const QString south = QStringLiteral("cn-south");
    VERIFY_RESULT(store->insertRegion(makeRegion(north)));
    VERIFY_RESULT(store->insertRegion(makeRegion(south)));
    VERIFY_RESULT(store->insertKey(makeKey(QStringLiteral("n1"), north, at(1))));
    VERIFY_RESULT(store->insertKey(makeKey(QStringLiteral("n2"), north, at(2))));
    VERIFY_RESULT(store->insertKey(makeKey(QStringLiteral("s1"), south, at(3))));

    VERIFY_RESULT(
        store->insertAlias(makeAlias(QStringLiteral("alias/shared"), north, QStringLiteral("n1"))));
    VERIFY_RESULT(
        store->insertAlias(makeAlias(QStringLiteral("alias/zeta"), north, QStringLiteral("n1"))));
    VERIFY_RESULT(
        store->insertAlias(makeAlias(QStringLiteral("alias/alpha"), north, QStringLiteral("n1"))));
    VERIFY_RESULT(
        store->insertAlias(makeAlias(QStringLiteral("alias/beta"), north, QStringLiteral("n2"))));
    // The same name in another region is a different alias.
    VERIFY_RESULT(
        store->insertAlias(makeAlias(QStringLiteral("alias/shared"), south, QStringLiteral("s1"))));
    // Unique per region.
    VERIFY_STORE_ERROR(
        store->insertAlias(makeAlias(QStringLiteral("alias/shared"), north, QStringLiteral("n2"))));
    // Foreign key: a missing key, and a key of another region.
    VERIFY_STORE_ERROR(store->insertAlias(
        makeAlias(QStringLiteral("alias/none"), north, QStringLiteral("missing"))));
    VERIFY_STORE_ERROR(
        store->insertAlias(makeAlias(QStringLiteral("alias/cross"), north, QStringLiteral("s1"))));

    const auto found = store->findAlias(north, QStringLiteral("alias/zeta"));
    VERIFY_RESULT(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->cmkUuid, QStringLiteral("n1"));
    QCOMPARE((*found)->regionId, north);
    QCOMPARE((*found)->creationDate, at(60));
    QVERIFY(!(*found)->updateDate.isValid());
    const auto wrongRegion = store->findAlias(south, QStringLiteral("alias/zeta"));
    VERIFY_RESULT(wrongRegion);
    QVERIFY(!wrongRegion->has_value());

    const auto everywhere = store->findAliasInAllRegions(QStringLiteral("alias/shared"));
    VERIFY_RESULT(everywhere);
    QCOMPARE(everywhere->size(), 2);
    QCOMPARE(everywhere->at(0).regionId, north);
    QCOMPARE(everywhere->at(0).cmkUuid, QStringLiteral("n1"));
    QCOMPARE(everywhere->at(1).regionId, south);
    QCOMPARE(everywhere->at(1).cmkUuid, QStringLiteral("s1"));
    const auto nowhere = store->findAliasInAllRegions(QStringLiteral("alias/none"));
    VERIFY_RESULT(nowhere);
    QVERIFY(nowhere->isEmpty());

    // findKey fills the aliases, sorted by name.
    const auto n1 = store->findKey(QStringLiteral("n1"));
    VERIFY_RESULT(n1);
    QCOMPARE((*n1)->aliases,
        (QStringList { QStringLiteral("alias/alpha"), QStringLiteral("alias/shared"),
            QStringLiteral("alias/zeta") }));

    // Retarget, then delete.
    VERIFY_RESULT(store->updateAliasTarget(
        north, QStringLiteral("alias/zeta"), QStringLiteral("n2"), at(500)));
    const auto moved = store->findAlias(north, QStringLiteral("alias/zeta"));
    VERIFY_RESULT(moved);
    QCOMPARE((*moved)->cmkUuid, QStringLiteral("n2"));
    QCOMPARE((*moved)->updateDate, at(500));
    VERIFY_STORE_ERROR(store->updateAliasTarget(
        north, QStringLiteral("alias/zeta"), QStringLiteral("s1"), at(501)));
    VERIFY_STORE_ERROR(store->updateAliasTarget(
        north, QStringLiteral("alias/none"), QStringLiteral("n1"), at(501)));
    VERIFY_RESULT(store->deleteAlias(north, QStringLiteral("alias/alpha")));
    VERIFY_STORE_ERROR(store->deleteAlias(north, QStringLiteral("alias/alpha")));
    const auto deleted = store->findAlias(north, QStringLiteral("alias/alpha"));
    VERIFY_RESULT(deleted);
    QVERIFY(!deleted->has_value());

    // Listing: by name, then region; with paging and total count.
    const auto all = store->listAliases(QString(), 0, 100);
    VERIFY_RESULT(all);
    QCOMPARE(all->totalCount, 4);
    QStringList listed;
    for (const AliasRecord &alias : all->rows)
        listed.append(alias.aliasName + QLatin1Char('@') + alias.regionId);
    QCOMPARE(listed,
        (QStringList { QStringLiteral("alias/beta@cn-north"),
            QStringLiteral("alias/shared@cn-north"), QStringLiteral("alias/shared@cn-south"),
            QStringLiteral("alias/zeta@cn-north") }));
    const auto page = store->listAliases(QString(), 1, 2);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, 4);
    QCOMPARE(page->rows.size(), 2);
    QCOMPARE(page->rows.at(0).regionId, north);
    QCOMPARE(page->rows.at(1).regionId, south);
    const auto southOnly = store->listAliases(south, 0, 100);
    VERIFY_RESULT(southOnly);
    QCOMPARE(southOnly->totalCount, 1);
    QCOMPARE(southOnly->rows.at(0).aliasName, QStringLiteral("alias/shared"));

    const auto byKey = store->listAliasesByKey(QStringLiteral("n2"), 0, 100);
    VERIFY_RESULT(byKey);
    QCOMPARE(byKey->totalCount, 2);
    QCOMPARE(byKey->rows.at(0).aliasName, QStringLiteral("alias/beta"));
    QCOMPARE(byKey->rows.at(1).aliasName, QStringLiteral("alias/zeta"));
    const auto byKeyPage = store->listAliasesByKey(QStringLiteral("n2"), 1, 1);
    VERIFY_RESULT(byKeyPage);
    QCOMPARE(byKeyPage->totalCount, 2);
    QCOMPARE(byKeyPage->rows.size(), 1);
    QCOMPARE(byKeyPage->rows.at(0).aliasName, QStringLiteral("alias/zeta"));
    const auto noAliases = store->listAliasesByKey(QStringLiteral("missing"), 0, 100);
    VERIFY_RESULT(noAliases);
    QCOMPARE(noAliases->totalCount, 0);
    QVERIFY(noAliases->rows.isEmpty());
}

void TestSqliteStore::audit()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);

    const auto none = store->lastAudit();
    VERIFY_RESULT(none);
    QVERIFY(!none->has_value());

    for (qint64 seq = 1; seq <= 5; ++seq) {
        AuditRecord record;
        record.seq = seq;
        record.time = at(seq).addMSecs(seq);
        record.operatorName = QStringLiteral("张三");
        record.action = QStringLiteral("CreateKey");
        record.target = seq == 3 ? QString() : QStringLiteral("key-%1").arg(seq);
        record.regionId = QStringLiteral("cn-north");
        record.resultCode = seq == 4 ? QStringLiteral("KMS.0206") : QStringLiteral("0");
        record.requestId = QStringLiteral("req-%1").arg(seq);
        record.mac = QByteArray(32, char(seq));
        VERIFY_RESULT(store->appendAudit(record));
    }
    AuditRecord duplicate;
    duplicate.seq = 5;
    duplicate.time = at(99);
    VERIFY_STORE_ERROR(store->appendAudit(duplicate));

    const auto last = store->lastAudit();
    VERIFY_RESULT(last);
    QVERIFY(last->has_value());
    QCOMPARE((*last)->seq, 5);
    QCOMPARE((*last)->time, at(5).addMSecs(5));
    QCOMPARE((*last)->operatorName, QStringLiteral("张三"));
    QCOMPARE((*last)->requestId, QStringLiteral("req-5"));
    QCOMPARE((*last)->mac, QByteArray(32, char(5)));

    const auto rows = store->auditRows(2, 2);
    VERIFY_RESULT(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).seq, 3);
    QVERIFY(rows->at(0).target.isEmpty());
    QCOMPARE(rows->at(1).seq, 4);
    QCOMPARE(rows->at(1).resultCode, QStringLiteral("KMS.0206"));
    QCOMPARE(rows->at(1).action, QStringLiteral("CreateKey"));
    QCOMPARE(rows->at(1).regionId, QStringLiteral("cn-north"));
    const auto all = store->auditRows(0, 100);
    VERIFY_RESULT(all);
    QCOMPARE(all->size(), 5);
    for (int i = 0; i < all->size(); ++i)
        QCOMPARE(all->at(i).seq, i + 1);
    const auto after = store->auditRows(5, 100);
    VERIFY_RESULT(after);
    QVERIFY(after->isEmpty());
}

void TestSqliteStore::defaultKeyPerRegionAndProduct()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    const QString north = QStringLiteral("cn-north");
    const QString south = QStringLiteral("cn-south");
    VERIFY_RESULT(store->insertRegion(makeRegion(north)));
    VERIFY_RESULT(store->insertRegion(makeRegion(south)));

    KeyRecord rds = makeKey(QStringLiteral("rds-north"), north, at(1));
    rds.defaultProduct = QStringLiteral("rds");
    VERIFY_RESULT(store->insertKey(rds));
    KeyRecord second = makeKey(QStringLiteral("rds-north-2"), north, at(2));
    second.defaultProduct = QStringLiteral("rds");
    VERIFY_STORE_ERROR(store->insertKey(second));
    KeyRecord otherRegion = makeKey(QStringLiteral("rds-south"), south, at(3));
    otherRegion.defaultProduct = QStringLiteral("rds");
    VERIFY_RESULT(store->insertKey(otherRegion));
    KeyRecord oss = makeKey(QStringLiteral("oss-north"), north, at(4));
    oss.defaultProduct = QStringLiteral("oss");
    VERIFY_RESULT(store->insertKey(oss));
    // Keys without a product are not default keys and may be many.
    VERIFY_RESULT(store->insertKey(makeKey(QStringLiteral("plain-1"), north, at(5))));
    VERIFY_RESULT(store->insertKey(makeKey(QStringLiteral("plain-2"), north, at(6))));

    const auto found = store->findDefaultKey(north, QStringLiteral("rds"));
    VERIFY_RESULT(found);
    QVERIFY(found->has_value());
    QCOMPARE((*found)->cmkUuid, QStringLiteral("rds-north"));
    const auto foundSouth = store->findDefaultKey(south, QStringLiteral("rds"));
    VERIFY_RESULT(foundSouth);
    QCOMPARE((*foundSouth)->cmkUuid, QStringLiteral("rds-south"));
    const auto missing = store->findDefaultKey(south, QStringLiteral("oss"));
    VERIFY_RESULT(missing);
    QVERIFY(!missing->has_value());
    const auto noProduct = store->findDefaultKey(north, QString());
    VERIFY_RESULT(noProduct);
    QVERIFY(!noProduct->has_value());
}

void TestSqliteStore::countAsymmetricKeys()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-north"))));
    VERIFY_RESULT(store->insertRegion(makeRegion(QStringLiteral("cn-south"))));
    const QStringList specs
        = { QStringLiteral("AES_256"), QStringLiteral("SM4_128"), QStringLiteral("RSA_2048"),
              QStringLiteral("EC_P256"), QStringLiteral("EC_SM2"), QStringLiteral("RSA_3072") };
    int n = 0;
    for (const QString &spec : specs) {
        ++n;
        KeyRecord key
            = makeKey(QStringLiteral("north-%1").arg(n), QStringLiteral("cn-north"), at(n));
        key.keySpec = spec;
        VERIFY_RESULT(store->insertKey(key));
    }
    KeyRecord south = makeKey(QStringLiteral("south-1"), QStringLiteral("cn-south"), at(99));
    south.keySpec = QStringLiteral("RSA_2048");
    VERIFY_RESULT(store->insertKey(south));

    const auto north = store->countAsymmetricKeys(QStringLiteral("cn-north"));
    VERIFY_RESULT(north);
    QCOMPARE(*north, 4);
    const auto southCount = store->countAsymmetricKeys(QStringLiteral("cn-south"));
    VERIFY_RESULT(southCount);
    QCOMPARE(*southCount, 1);
    const auto none = store->countAsymmetricKeys(QStringLiteral("nowhere"));
    VERIFY_RESULT(none);
    QCOMPARE(*none, 0);
}

QList<KeyRecord> TestSqliteStore::keyFixture()
{
    struct Row
    {
        const char *id;
        const char *region;
        const char *spec;
        const char *state;
        const char *protection;
        const char *origin;
        QString description;
        int createdSeconds;
        QStringList aliases;
    };
    const QList<Row> rows = {
        { "key-00-cafe", "cn-north", "AES_256", "Enabled", "SOFTWARE", "KMS",
            QStringLiteral("payments"), 300,
            { QStringLiteral("alias/zeta"), QStringLiteral("alias/alpha") } },
        { "key-01-cafe", "cn-north", "RSA_2048", "Disabled", "HSM", "KMS",
            QStringLiteral("Payments backup"), 100, { QStringLiteral("alias/mid") } },
        { "key-02-cafe", "cn-south", "SM4_128", "Enabled", "SOFTWARE", "EXTERNAL",
            QStringLiteral("支付密钥"), 500, {} },
        { "key-03-cafe", "cn-north", "EC_P256", "PendingDeletion", "HSM", "KMS",
            QStringLiteral("日志加密"), 200, {} },
        { "key-04-cafe", "cn-south", "AES_256", "Enabled", "SOFTWARE", "KMS",
            QStringLiteral("100% sure"), 200, { QStringLiteral("alias/beta") } },
        { "key-05-cafe", "cn-north", "EC_SM2", "Enabled", "SOFTWARE", "KMS",
            QStringLiteral("under_score"), 700, {} },
        { "key-06-cafe", "cn-north", "AES_256", "Disabled", "SOFTWARE", "KMS",
            QStringLiteral("plain"), 50, { QStringLiteral("alias/payments-plain") } },
        { "key-07-cafe", "cn-south", "RSA_2048", "PendingImport", "HSM", "EXTERNAL", QString(), 600,
            {} },
        { "key-08-cafe", "cn-north", "AES_256", "Enabled", "SOFTWARE", "KMS",
            QStringLiteral("order seven"), 650, {} },
        { "key-09-cafe", "cn-north", "SM4_128", "Enabled", "HSM", "KMS", QStringLiteral("Beta"),
            400, { QStringLiteral("alias/Gamma") } },
        { "key-10-cafe", "cn-south", "AES_256", "Disabled", "SOFTWARE", "KMS",
            QStringLiteral("gamma \\ delta"), 450, {} },
        { "key-11-cafe", "cn-north", "EC_P256", "Enabled", "SOFTWARE", "KMS",
            QStringLiteral("支付 backup"), 800, {} },
    };
    QList<KeyRecord> keys;
    for (const Row &row : rows) {
        KeyRecord key = makeKey(
            QString::fromLatin1(row.id), QString::fromLatin1(row.region), at(row.createdSeconds));
        key.keySpec = QString::fromLatin1(row.spec);
        key.keyUsage = key.keySpec.startsWith(QLatin1String("AES"))
                || key.keySpec.startsWith(QLatin1String("SM4"))
            ? QStringLiteral("ENCRYPT/DECRYPT")
            : QStringLiteral("SIGN/VERIFY");
        key.keyState = QString::fromLatin1(row.state);
        key.protectionLevel = QString::fromLatin1(row.protection);
        key.origin = QString::fromLatin1(row.origin);
        key.description = row.description;
        key.aliases = row.aliases;
        std::sort(key.aliases.begin(), key.aliases.end());
        keys.append(key);
    }
    return keys;
}

namespace {

// Loads keyFixture() into a fresh store.
bool loadFixture(SqliteStore &store, const QList<KeyRecord> &keys)
{
    if (!store.insertRegion(makeRegion(QStringLiteral("cn-north"))).ok()
        || !store.insertRegion(makeRegion(QStringLiteral("cn-south"))).ok())
        return false;
    for (const KeyRecord &key : keys) {
        if (!store.insertKey(key).ok())
            return false;
        for (const QString &alias : key.aliases) {
            if (!store.insertAlias(makeAlias(alias, key.regionId, key.cmkUuid)).ok())
                return false;
        }
    }
    return true;
}

// The order listKeys promises, computed in C++: column, then id, one direction; keys without
// alias last when sorting by alias.
QStringList expectedOrder(QList<KeyRecord> keys, KeySortColumn column, bool descending)
{
    const auto text = [column](const KeyRecord &key) -> QString {
        switch (column) {
        case KeySortColumn::CreationDate:
            return formatTime(key.creationDate);
        case KeySortColumn::CmkUuid:
            return key.cmkUuid;
        case KeySortColumn::Alias:
            return key.aliases.isEmpty() ? QString() : key.aliases.first();
        case KeySortColumn::KeySpec:
            return key.keySpec;
        case KeySortColumn::KeyUsage:
            return key.keyUsage;
        case KeySortColumn::KeyState:
            return key.keyState;
        case KeySortColumn::ProtectionLevel:
            return key.protectionLevel;
        case KeySortColumn::Origin:
            return key.origin;
        case KeySortColumn::Description:
            return key.description.toLower(); // NOCASE; the fixture folds only ASCII letters
        case KeySortColumn::NextRotationDate:
            return formatTime(key.nextRotationDate); // empty (NULL) first, as in SQLite
        case KeySortColumn::DeleteDate:
            return formatTime(key.deleteDate);
        }
        return {};
    };
    std::sort(keys.begin(), keys.end(), [&](const KeyRecord &a, const KeyRecord &b) {
        if (column == KeySortColumn::Alias && a.aliases.isEmpty() != b.aliases.isEmpty())
            return b.aliases.isEmpty();
        const int byColumn = text(a).compare(text(b));
        const int order = byColumn != 0 ? byColumn : a.cmkUuid.compare(b.cmkUuid);
        return descending ? order > 0 : order < 0;
    });
    return ids(keys);
}

} // namespace

void TestSqliteStore::formatTimeMatchesQt_data()
{
    QTest::addColumn<QDateTime>("time");
    const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    QTest::newRow("epoch") << epoch;
    QTest::newRow("before the epoch") << epoch.addMSecs(-1);
    QTest::newRow("2000-02-29") << QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59, 999), Qt::UTC);
    QTest::newRow("1900-03-01") << QDateTime(QDate(1900, 3, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("2100-12-31") << QDateTime(QDate(2100, 12, 31), QTime(12, 1, 2, 3), Qt::UTC);
    QTest::newRow("year 1") << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("year 9999") << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    QTest::newRow("year 10000") << QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("1 BC") << QDateTime(QDate(-1, 6, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("offset +08:00")
        << QDateTime(QDate(2026, 1, 1), QTime(3, 4, 5, 6), Qt::OffsetFromUTC, 8 * 3600);
    QTest::newRow("local time") << QDateTime(QDate(2026, 7, 1), QTime(12, 0), Qt::LocalTime);
    // Every day of four years, at a time that moves through the day.
    for (qint64 day = 0; day < 4 * 366; day += 7) {
        const QDateTime time = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC)
                                   .addDays(day)
                                   .addMSecs(day * 3'599'117 % 86'400'000);
        QTest::newRow(qPrintable(QStringLiteral("day %1").arg(day))) << time;
    }
}

// formatTime() writes audit and store dates itself: the text must be Qt's ISODateWithMs of
// the UTC time, which the store and older files hold.
void TestSqliteStore::formatTimeMatchesQt()
{
    QFETCH(QDateTime, time);
    QCOMPARE(formatTime(time), time.toUTC().toString(Qt::ISODateWithMs));
    const int year = time.toUTC().date().year();
    if (year >= 1 && year <= 9999)
        QCOMPARE(parseTime(formatTime(time)), time.toUTC());
}

void TestSqliteStore::listKeysFiltersSortsPages_data()
{
    QTest::addColumn<KeySortColumn>("column");
    QTest::addColumn<bool>("descending");
    const QList<std::pair<const char *, KeySortColumn>> columns = {
        { "creationDate", KeySortColumn::CreationDate },
        { "cmkUuid", KeySortColumn::CmkUuid },
        { "alias", KeySortColumn::Alias },
        { "keySpec", KeySortColumn::KeySpec },
        { "keyUsage", KeySortColumn::KeyUsage },
        { "keyState", KeySortColumn::KeyState },
        { "protectionLevel", KeySortColumn::ProtectionLevel },
        { "origin", KeySortColumn::Origin },
        { "description", KeySortColumn::Description },
        { "nextRotationDate", KeySortColumn::NextRotationDate },
        { "deleteDate", KeySortColumn::DeleteDate },
    };
    for (const auto &[name, column] : columns) {
        QTest::addRow("%s asc", name) << column << false;
        QTest::addRow("%s desc", name) << column << true;
    }
}

void TestSqliteStore::listKeysFiltersSortsPages()
{
    QFETCH(KeySortColumn, column);
    QFETCH(bool, descending);
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    const QList<KeyRecord> fixture = keyFixture();
    QVERIFY(loadFixture(*store, fixture));

    const auto check
        = [&](const KeyQuery &base, const std::function<bool(const KeyRecord &)> &filter) {
              QList<KeyRecord> matching;
              for (const KeyRecord &key : fixture) {
                  if (filter(key))
                      matching.append(key);
              }
              const QStringList expected = expectedOrder(matching, column, descending);
              // Page through in pages of 5.
              QList<KeyRecord> listed;
              KeyQuery query = base;
              query.sortColumn = column;
              query.descending = descending;
              query.limit = 5;
              for (query.offset = 0; query.offset < 20; query.offset += query.limit) {
                  const auto page = store->listKeys(query);
                  if (!page.ok())
                      return QStringLiteral("listKeys failed: ") + page.error().detail();
                  if (page->totalCount != expected.size())
                      return QStringLiteral("totalCount %1, expected %2")
                          .arg(page->totalCount)
                          .arg(expected.size());
                  if (page->rows.size() > query.limit)
                      return QStringLiteral("page larger than its limit");
                  listed.append(page->rows);
              }
              if (ids(listed) != expected)
                  return QStringLiteral("order %1, expected %2")
                      .arg(ids(listed).join(QLatin1Char(' ')), expected.join(QLatin1Char(' ')));
              // Aliases of each listed key, sorted.
              for (const KeyRecord &key : listed) {
                  const auto original = std::find_if(fixture.begin(), fixture.end(),
                      [&](const KeyRecord &k) { return k.cmkUuid == key.cmkUuid; });
                  if (key.aliases != original->aliases)
                      return QStringLiteral("aliases of %1: %2")
                          .arg(key.cmkUuid, key.aliases.join(QLatin1Char(',')));
              }
              return QString();
          };

    KeyQuery all;
    QCOMPARE(check(all, [](const KeyRecord &) { return true; }), QString());

    KeyQuery north;
    north.regionId = QStringLiteral("cn-north");
    QCOMPARE(
        check(north, [](const KeyRecord &k) { return k.regionId == QLatin1String("cn-north"); }),
        QString());

    KeyQuery enabledSouth;
    enabledSouth.regionId = QStringLiteral("cn-south");
    enabledSouth.keyState = QStringLiteral("Enabled");
    QCOMPARE(check(enabledSouth,
                 [](const KeyRecord &k) {
                     return k.regionId == QLatin1String("cn-south")
                         && k.keyState == QLatin1String("Enabled");
                 }),
        QString());

    KeyQuery aes;
    aes.keySpec = QStringLiteral("AES_256");
    QCOMPARE(check(aes, [](const KeyRecord &k) { return k.keySpec == QLatin1String("AES_256"); }),
        QString());

    KeyQuery searchPayments;
    searchPayments.search = QStringLiteral("PAYMENTS");
    QCOMPARE(check(searchPayments,
                 [](const KeyRecord &k) {
                     return k.cmkUuid == QLatin1String("key-00-cafe")
                         || k.cmkUuid == QLatin1String("key-01-cafe")
                         || k.cmkUuid == QLatin1String("key-06-cafe");
                 }),
        QString());

    KeyQuery none;
    none.keyState = QStringLiteral("NoSuchState");
    QCOMPARE(check(none, [](const KeyRecord &) { return false; }), QString());
}

void TestSqliteStore::listKeysSearch()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    QVERIFY(loadFixture(*store, keyFixture()));

    const auto search = [&store](const QString &text, const QString &regionId = QString()) {
        KeyQuery query;
        query.search = text;
        query.regionId = regionId;
        query.sortColumn = KeySortColumn::CmkUuid;
        const auto page = store->listKeys(query);
        if (!page.ok())
            return QStringList { QStringLiteral("error: ") + page.error().detail() };
        if (page->totalCount != page->rows.size())
            return QStringList { QStringLiteral("totalCount mismatch") };
        return ids(page->rows);
    };
    const auto keys = [](std::initializer_list<int> numbers) {
        QStringList result;
        for (int n : numbers)
            result.append(QStringLiteral("key-%1-cafe").arg(n, 2, 10, QLatin1Char('0')));
        return result;
    };

    // Description, case-insensitively, and alias names; surrounding blanks are ignored.
    QCOMPARE(search(QStringLiteral("payments")), keys({ 0, 1, 6 }));
    QCOMPARE(search(QStringLiteral("  PayMents ")), keys({ 0, 1, 6 }));
    QCOMPARE(search(QStringLiteral("payments"), QStringLiteral("cn-north")), keys({ 0, 1, 6 }));
    QCOMPARE(search(QStringLiteral("payments"), QStringLiteral("cn-south")), QStringList());
    // Chinese descriptions.
    QCOMPARE(search(QStringLiteral("支付")), keys({ 2, 11 }));
    QCOMPARE(search(QStringLiteral("日志加密")), keys({ 3 }));
    // Key ids, case-insensitively.
    QCOMPARE(search(QStringLiteral("KEY-03")), keys({ 3 }));
    QCOMPARE(search(QStringLiteral("cafe")).size(), 12);
    // Aliases only.
    QCOMPARE(search(QStringLiteral("alias/gamma")), keys({ 9 }));
    QCOMPARE(search(QStringLiteral("gamma")), keys({ 9, 10 }));
    QCOMPARE(search(QStringLiteral("alias/")), keys({ 0, 1, 4, 6, 9 }));
    // LIKE wildcards are literal characters.
    QCOMPARE(search(QStringLiteral("%")), keys({ 4 }));
    QCOMPARE(search(QStringLiteral("100%")), keys({ 4 }));
    QCOMPARE(search(QStringLiteral("_")), keys({ 5 }));
    QCOMPARE(search(QStringLiteral("r_s")), keys({ 5 })); // not "order seven"
    QCOMPARE(search(QStringLiteral("%_%")), QStringList());
    QCOMPARE(search(QStringLiteral("\\")), keys({ 10 }));
    QCOMPARE(search(QStringLiteral("nothing like this")), QStringList());
}

void TestSqliteStore::listKeysPagingEdges()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    QVERIFY(loadFixture(*store, keyFixture()));

    KeyQuery query;
    query.limit = 5;
    query.offset = 10;
    auto page = store->listKeys(query);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, 12);
    QCOMPARE(page->rows.size(), 2);

    query.offset = 50;
    page = store->listKeys(query);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, 12);
    QVERIFY(page->rows.isEmpty());

    query.offset = 0;
    query.limit = 0; // count only
    page = store->listKeys(query);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, 12);
    QVERIFY(page->rows.isEmpty());

    query.limit = -1; // everything
    page = store->listKeys(query);
    VERIFY_RESULT(page);
    QCOMPARE(page->rows.size(), 12);
    // Default order: creation date, then id (key-03 and key-04 share a creation date).
    QCOMPARE(page->rows.at(0).cmkUuid, QStringLiteral("key-06-cafe"));
    QCOMPARE(page->rows.at(2).cmkUuid, QStringLiteral("key-03-cafe"));
    QCOMPARE(page->rows.at(3).cmkUuid, QStringLiteral("key-04-cafe"));
}

void TestSqliteStore::listKeysLarge()
{
    QTemporaryDir dir;
    auto store = openStore(dir.filePath(QStringLiteral("kms.db")));
    QVERIFY(store);
    const int count = 20000;
    const QStringList regions = { QStringLiteral("cn-north"), QStringLiteral("cn-south") };
    const QStringList specs = { QStringLiteral("AES_256"), QStringLiteral("SM4_128"),
        QStringLiteral("RSA_2048"), QStringLiteral("EC_P256"), QStringLiteral("EC_SM2") };
    const QStringList states = { QStringLiteral("Enabled"), QStringLiteral("Disabled"),
        QStringLiteral("PendingDeletion") };
    const auto idOf = [](int i) { return QStringLiteral("k%1").arg(i, 5, 10, QLatin1Char('0')); };

    QElapsedTimer timer;
    timer.start();
    {
        TransactionGuard guard(*store);
        VERIFY_RESULT(guard.begin());
        for (const QString &region : regions)
            VERIFY_RESULT(store->insertRegion(makeRegion(region)));
        for (int i = 0; i < count; ++i) {
            // 7919 is prime to 20000, so creation dates are a permutation of the ids.
            KeyRecord key = makeKey(idOf(i), regions.at(i % 2), at(qint64(i) * 7919 % count));
            key.keySpec = specs.at(i % 5);
            key.keyState = states.at(i % 3);
            key.description = i % 10 == 0 ? QStringLiteral("密钥 %1").arg(i)
                                          : QStringLiteral("key number %1").arg(i);
            VERIFY_RESULT(store->insertKey(key));
            VERIFY_RESULT(store->insertKeyVersion(
                makeVersion(idOf(i) + QStringLiteral("-v1"), key.cmkUuid, key.creationDate)));
            if (i % 4 == 0)
                VERIFY_RESULT(store->insertAlias(
                    makeAlias(QStringLiteral("alias/") + idOf(i), key.regionId, key.cmkUuid)));
        }
        VERIFY_RESULT(guard.commit());
    }
    const qint64 insertMs = timer.restart();

    // Page through one region in creation order.
    KeyQuery north;
    north.regionId = QStringLiteral("cn-north");
    north.limit = 1000;
    QSet<QString> seen;
    QString previous;
    for (north.offset = 0; north.offset < count / 2; north.offset += north.limit) {
        const auto page = store->listKeys(north);
        VERIFY_RESULT(page);
        QCOMPARE(page->totalCount, count / 2);
        QCOMPARE(page->rows.size(), north.limit);
        for (const KeyRecord &key : page->rows) {
            QCOMPARE(key.regionId, north.regionId);
            const QString order = formatTime(key.creationDate) + key.cmkUuid;
            QVERIFY(order > previous);
            previous = order;
            seen.insert(key.cmkUuid);
            const int i = key.cmkUuid.mid(1).toInt();
            QCOMPARE(key.aliases.isEmpty(), i % 4 != 0);
        }
    }
    QCOMPARE(seen.size(), count / 2);

    // Filters: region + state + spec.
    KeyQuery filtered;
    filtered.regionId = QStringLiteral("cn-south");
    filtered.keyState = QStringLiteral("Disabled");
    filtered.keySpec = QStringLiteral("RSA_2048");
    filtered.sortColumn = KeySortColumn::CmkUuid;
    filtered.descending = true;
    filtered.limit = -1;
    int expected = 0;
    for (int i = 0; i < count; ++i)
        expected += (i % 2 == 1 && i % 3 == 1 && i % 5 == 2) ? 1 : 0;
    auto page = store->listKeys(filtered);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, expected);
    QCOMPARE(page->rows.size(), expected);
    QVERIFY(std::is_sorted(page->rows.rbegin(), page->rows.rend(),
        [](const KeyRecord &a, const KeyRecord &b) { return a.cmkUuid < b.cmkUuid; }));

    // Search over aliases and Chinese descriptions.
    KeyQuery byAlias;
    byAlias.search = QStringLiteral("ALIAS/K0004");
    byAlias.sortColumn = KeySortColumn::CmkUuid;
    page = store->listKeys(byAlias);
    VERIFY_RESULT(page);
    QCOMPARE(ids(page->rows), (QStringList { idOf(40), idOf(44), idOf(48) }));
    KeyQuery chinese;
    chinese.search = QStringLiteral("密钥");
    chinese.limit = 10;
    page = store->listKeys(chinese);
    VERIFY_RESULT(page);
    QCOMPARE(page->totalCount, count / 10);

    // Sort by alias, descending: aliased keys first (largest name first), keys without last.
    KeyQuery byAliasSort;
    byAliasSort.sortColumn = KeySortColumn::Alias;
    byAliasSort.descending = true;
    byAliasSort.limit = 2;
    page = store->listKeys(byAliasSort);
    VERIFY_RESULT(page);
    QCOMPARE(page->rows.at(0).cmkUuid, idOf(19996));
    byAliasSort.offset = count / 4 - 1;
    page = store->listKeys(byAliasSort);
    VERIFY_RESULT(page);
    QCOMPARE(page->rows.at(0).aliases, QStringList { QStringLiteral("alias/k00000") });
    QVERIFY(page->rows.at(1).aliases.isEmpty());
    QCOMPARE(page->rows.at(1).cmkUuid, idOf(count - 1)); // ties broken by id, descending

    // Other sorts, deep pages.
    KeyQuery byDescription;
    byDescription.sortColumn = KeySortColumn::Description;
    byDescription.offset = count - 5;
    byDescription.limit = 100;
    page = store->listKeys(byDescription);
    VERIFY_RESULT(page);
    QCOMPARE(page->rows.size(), 5);
    QVERIFY(page->rows.last().description.startsWith(QStringLiteral("密钥")));

    const auto asymmetric = store->countAsymmetricKeys(QStringLiteral("cn-north"));
    VERIFY_RESULT(asymmetric);
    QCOMPARE(*asymmetric, count / 2 * 3 / 5);

    const qint64 queryMs = timer.elapsed();
    qInfo("%d keys: insert in one transaction %lld ms, paging/filter/sort queries %lld ms", count,
        insertMs, queryMs);
}

QTEST_GUILESS_MAIN(TestSqliteStore)
#include "TestSqliteStore.moc"
