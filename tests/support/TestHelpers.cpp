#include "TestHelpers.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <openssl/rand.h>

namespace kms::test {

SqlFile::SqlFile(const QString &path)
    : m_name(QUuid::createUuid().toString())
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
    db.open();
}

SqlFile::~SqlFile()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase SqlFile::db() const
{
    return QSqlDatabase::database(m_name, false);
}

QVariant SqlFile::value(const QString &sql) const
{
    QSqlQuery query(db());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

ProcessRun runProcess(const QString &program, const QStringList &args, const QByteArray &input,
    const QProcessEnvironment &environment)
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(program, args);
    process.write(input);
    process.closeWriteChannel();
    // A program that does not start, or does not end in time, is a failure too (QProcess
    // reports exit code 0 for both).
    const bool finished = process.waitForFinished(120000);
    if (!finished || process.error() == QProcess::FailedToStart)
        return { -1, process.readAllStandardOutput(),
            process.readAllStandardError() + process.errorString().toUtf8() };
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        process.readAllStandardOutput(), process.readAllStandardError() };
}

QByteArray opensslWrapForImport(const QString &openssl, const QString &algorithm,
    const QString &wrappingKey, const QByteArray &material, const QString &workDir)
{
    const QString materialFile = workDir + QStringLiteral("/material.bin");
    if (!writeFile(materialFile, material))
        return {};
    const auto oaep = [&](const QString &in, const char *md) {
        return runProcess(openssl,
            { QStringLiteral("pkeyutl"), QStringLiteral("-encrypt"), QStringLiteral("-pubin"),
                QStringLiteral("-inkey"), wrappingKey, QStringLiteral("-in"), in,
                QStringLiteral("-pkeyopt"), QStringLiteral("rsa_padding_mode:oaep"),
                QStringLiteral("-pkeyopt"), QStringLiteral("rsa_oaep_md:%1").arg(QLatin1String(md)),
                QStringLiteral("-pkeyopt"),
                QStringLiteral("rsa_mgf1_md:%1").arg(QLatin1String(md)) });
    };
    if (algorithm == QLatin1String("RSA_AES_KEY_WRAP_SHA_256")) {
        QByteArray kek(32, '\0');
        if (RAND_bytes(reinterpret_cast<unsigned char *>(kek.data()), int(kek.size())) != 1)
            return {};
        const QString kekFile = workDir + QStringLiteral("/kek.bin");
        if (!writeFile(kekFile, kek))
            return {};
        const ProcessRun head = oaep(kekFile, "sha256");
        const ProcessRun tail = runProcess(openssl,
            { QStringLiteral("enc"), QStringLiteral("-id-aes256-wrap-pad"), QStringLiteral("-K"),
                QString::fromLatin1(kek.toHex()), QStringLiteral("-iv"), QStringLiteral("A65959A6"),
                QStringLiteral("-in"), materialFile });
        if (head.exitCode != 0 || tail.exitCode != 0)
            return {};
        return head.out + tail.out;
    }
    const ProcessRun run
        = oaep(materialFile, algorithm == QLatin1String("RSAES_OAEP_SHA_1") ? "sha1" : "sha256");
    return run.exitCode == 0 ? run.out : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Argon2Params fastArgon2()
{
    auto params = newArgon2Params();
    Q_ASSERT(params.ok());
    Argon2Params fast = *params;
    fast.memoryKiB = 8 * 1024;
    fast.timeCost = 1;
    return fast;
}

SecureBytes secret(const char *text)
{
    return SecureBytes(reinterpret_cast<const unsigned char *>(text), qstrlen(text));
}

TestStore::TestStore(const QString &passphrase)
    : m_dataDir(m_dir.filePath(QStringLiteral("data")))
{
    const QByteArray utf8 = passphrase.toUtf8();
    const SecureBytes pass = secret(utf8.constData());
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Passphrase;
    options.passphrase = &pass;
    options.argon2 = fastArgon2();
    options.operatorName = QStringLiteral("test-officer");
    auto session = StoreSession::initialise(m_dataDir, options);
    if (session)
        m_session = std::move(*session);
    else
        qWarning("test store: %s %s", qPrintable(session.error().code()),
            qPrintable(session.error().detail()));
}

TestStore::~TestStore() = default;

QString TestStore::databasePath() const
{
    return StoreSession::databasePath(m_dataDir);
}

Response TestStore::call(const QString &action, const QJsonObject &params)
{
    return service().call(action, params);
}

Response TestStore::callRaw(const QString &action, const QByteArray &body)
{
    return service().call(action, body);
}

QString TestStore::createKey(
    const QString &keySpec, const QString &keyUsage, const QString &regionId)
{
    const Response response = call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), regionId }, { QStringLiteral("keySpec"), keySpec },
            { QStringLiteral("keyUsage"), keyUsage },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    if (!response.ok()) {
        qWarning("CreateKey failed: %s %s", qPrintable(response.code), qPrintable(response.detail));
        return {};
    }
    return response.data.value(QStringLiteral("keyMetadata"))
        .toObject()
        .value(QStringLiteral("cmkUuid"))
        .toString();
}

bool TestStore::exec(const QString &sql)
{
    SqlFile connection(databasePath());
    QSqlQuery query(connection.db());
    if (!query.exec(sql)) {
        qWarning("SQL failed: %s", qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

bool TestStore::injectFailure(const QString &name, const QString &when, const QString &message)
{
    return exec(QStringLiteral("CREATE TRIGGER %1 %2 BEGIN SELECT RAISE(ABORT, '%3'); END")
                    .arg(name, when, message));
}

bool TestStore::removeFailure(const QString &name)
{
    return exec(QStringLiteral("DROP TRIGGER %1").arg(name));
}

qint64 TestStore::scalar(const QString &sql)
{
    SqlFile connection(databasePath());
    QSqlQuery query(connection.db());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QString TestStore::snapshot()
{
    SqlFile connection(databasePath());
    QSqlDatabase db = connection.db();
    QString text;
    QStringList tables = db.tables();
    tables.sort();
    for (const QString &table : tables) {
        if (table == QLatin1String("audit") || table.startsWith(QLatin1String("sqlite_")))
            continue;
        QSqlQuery query(db);
        // The audit head moves with every call, failed ones included; it is not key state.
        const QString filter = table == QLatin1String("meta")
            ? QStringLiteral(" WHERE key <> 'audit.head'")
            : QString();
        query.exec(QStringLiteral("SELECT * FROM %1%2 ORDER BY 1").arg(table, filter));
        text += QStringLiteral("[%1]\n").arg(table);
        while (query.next()) {
            QStringList values;
            for (int i = 0; i < query.record().count(); ++i)
                values.append(query.value(i).typeId() == QMetaType::QByteArray
                        ? QString::fromLatin1(query.value(i).toByteArray().toHex())
                        : query.value(i).toString());
            text += values.join(QLatin1Char('|')) + QLatin1Char('\n');
        }
    }
    return text;
}

void TestStore::close()
{
    m_session.reset();
}

void TestStore::reopen(const QString &passphrase)
{
    m_session.reset();
    auto session = StoreSession::open(m_dataDir);
    if (!session)
        return;
    const QByteArray utf8 = passphrase.toUtf8();
    if ((*session)->unlockWithPassphrase(secret(utf8.constData())))
        m_session = std::move(*session);
}

} // namespace kms::test
