#pragma once

#include "api/Response.h"
#include "api/StoreSession.h"
#include "core/Clock.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <atomic>
#include <memory>

// Fails the test with the error's code and detail (never a secret) unless the Result is ok.
#define QVERIFY_RESULT(expr)                                                                       \
    do {                                                                                           \
        const auto &kmsResult_ = (expr);                                                           \
        if (!kmsResult_.ok())                                                                      \
            QFAIL(qPrintable(QStringLiteral("%1: %2 %3")                                           \
                                 .arg(QStringLiteral(#expr), kmsResult_.error().code(),            \
                                     kmsResult_.error().detail())));                               \
    } while (false)

// Checks a response's code, printing the detail when it differs.
#define QCOMPARE_CODE(response, expected)                                                          \
    do {                                                                                           \
        const kms::Response &kmsResponse_ = (response);                                            \
        if (kmsResponse_.code != QLatin1String(expected))                                          \
            QFAIL(qPrintable(                                                                      \
                QStringLiteral("expected %1, got %2 (%3)")                                         \
                    .arg(QLatin1String(expected), kmsResponse_.code, kmsResponse_.detail)));       \
    } while (false)

namespace kms::test {

// System time moved by an adjustable offset: tests jump days ahead instead of waiting, and
// times still advance between calls. Safe to read from several threads.
class TestClock final : public Clock
{
public:
    QDateTime now() const override
    {
        return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs.load());
    }
    void advanceDays(int days) { m_offsetMs += qint64(days) * 24 * 3600 * 1000; }
    void advanceSecs(qint64 seconds) { m_offsetMs += seconds * 1000; }

private:
    std::atomic<qint64> m_offsetMs { 0 };
};

// A plain Qt SQL connection to a store file (tampering, checks after a crash): SQLite
// recovers a WAL left by a killed process when it opens.
class SqlFile
{
public:
    explicit SqlFile(const QString &path);
    ~SqlFile();
    SqlFile(const SqlFile &) = delete;
    SqlFile &operator=(const SqlFile &) = delete;
    QSqlDatabase db() const;
    // The first column of the first row, or a null QVariant.
    QVariant value(const QString &sql) const;
    qint64 count(const QString &sql) const { return value(sql).toLongLong(); }

private:
    QString m_name;
};

// A child process run to its end (at most two minutes): exit code (-1 if it crashed or was
// killed), standard output and error.
struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
ProcessRun runProcess(const QString &program, const QStringList &args, const QByteArray &input = {},
    const QProcessEnvironment &environment = QProcessEnvironment());
bool writeFile(const QString &path, const QByteArray &data);
// The material's owner with the `openssl` command-line tool (recipes of the shared TESTING.md):
// wraps `material` under the wrapping public key in the PEM file `wrappingKey` with one of
// RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256; scratch files go to
// `workDir`. Empty on failure.
QByteArray opensslWrapForImport(const QString &openssl, const QString &algorithm,
    const QString &wrappingKey, const QByteArray &material, const QString &workDir);
QByteArray readFile(const QString &path);

// Argon2id parameters small enough for tests (the store records whatever it was given).
Argon2Params fastArgon2();
SecureBytes secret(const char *text);

// A temporary data folder holding an initialised, unlocked store (passphrase mode).
class TestStore
{
public:
    explicit TestStore(const QString &passphrase = QStringLiteral("correct horse battery"));
    ~TestStore();

    bool isValid() const { return m_session != nullptr; }
    const QString &dataDir() const { return m_dataDir; }
    QString databasePath() const;
    StoreSession &session() { return *m_session; }
    KmsService &service() { return m_session->service(); }

    Response call(const QString &action, const QJsonObject &params = {});
    Response callRaw(const QString &action, const QByteArray &body);
    // Creates a key and returns its id (fails the test otherwise through an empty id).
    QString createKey(const QString &keySpec = QStringLiteral("AES_256"),
        const QString &keyUsage = QStringLiteral("ENCRYPT/DECRYPT"),
        const QString &regionId = QString(StoreSession::kDefaultRegion));

    // Runs SQL on the store's file through a connection of its own (triggers, tampering).
    bool exec(const QString &sql);
    // A real SQLite failure: a trigger `name` that aborts `when` (e.g. "BEFORE INSERT ON
    // jobs") with `message`, and its removal.
    bool injectFailure(const QString &name, const QString &when,
        const QString &message = QStringLiteral("disk says no"));
    bool removeFailure(const QString &name);
    qint64 scalar(const QString &sql);
    // Every table except the audit trail, as text: equal snapshots mean the store is unchanged.
    QString snapshot();

    void close();
    void reopen(const QString &passphrase);

private:
    QTemporaryDir m_dir;
    QString m_dataDir;
    std::unique_ptr<StoreSession> m_session;
};

} // namespace kms::test
