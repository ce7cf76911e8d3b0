#include "StoreBackup.h"

#include "api/StoreSession.h"
#include "core/Clock.h"
#include "crypto/EnvelopeStream.h"

#include <openssl/rand.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace kms {

namespace {

const QString kFormat = QStringLiteral("kms-backup-v1");
const QString kDamaged = QStringLiteral("KMS.0219");

QByteArray backupKeyAad(const QString &storeUuid)
{
    return QByteArrayLiteral("kms-backup-v1") + '\0' + storeUuid.toUtf8();
}

KmsError ioError(const QString &what)
{
    return KmsError(QStringLiteral("KMS.0503"), what);
}

// SHA-256 of a file, read in chunks.
QByteArray fileSha256(QFile &file)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    file.seek(0);
    return hash.addData(&file) ? hash.result() : QByteArray();
}

// A file only the owner reads, removed when this goes out of scope unless kept.
class ScratchFile
{
public:
    explicit ScratchFile(QString path)
        : m_path(std::move(path))
    {
    }
    ~ScratchFile()
    {
        if (!m_kept)
            QFile::remove(m_path);
    }
    const QString &path() const { return m_path; }
    void keep() { m_kept = true; }

private:
    QString m_path;
    bool m_kept = false;
};

} // namespace

Result<void> StoreBackup::write(StoreSession &session, QIODevice &out)
{
    if (!session.isUnlocked())
        return ioError(QStringLiteral("the store is locked"));
    // The snapshot holds what the store file holds: key material only wrapped.
    ScratchFile snapshot(
        QDir(session.dataDir())
            .filePath(QStringLiteral("backup-%1.sqlite3")
                          .arg(QUuid::createUuid().toString(QUuid::WithoutBraces))));
    KMS_TRY(session.store().snapshotTo(snapshot.path()));
    QFile file(snapshot.path());
    if (!file.open(QIODevice::ReadOnly))
        return ioError(QStringLiteral("cannot read the snapshot"));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray digest = fileSha256(file);
    auto schema = session.store().schemaVersion();
    if (!schema)
        return schema.error();

    SecureBytes backupKey;
    backupKey.resize(32);
    if (RAND_priv_bytes(backupKey.data(), backupKey.intSize()) != 1)
        return KmsError(QStringLiteral("KMS.0511"), QStringLiteral("backup key"));
    auto wrapped = session.masterKey().wrap(backupKey, backupKeyAad(session.storeUuid()));
    if (!wrapped)
        return wrapped.error();
    const QJsonObject manifest {
        { QStringLiteral("format"), kFormat },
        { QStringLiteral("storeUuid"), session.storeUuid() },
        { QStringLiteral("vault"), session.vault().toJson() },
        { QStringLiteral("schemaVersion"), *schema },
        { QStringLiteral("snapshotBytes"), file.size() },
        { QStringLiteral("snapshotSha256"), QString::fromLatin1(digest.toHex()) },
        { QStringLiteral("created"), formatTime(QDateTime::currentDateTimeUtc()) },
        { QStringLiteral("wrappedBackupKey"), QString::fromLatin1(wrapped->toBase64()) },
    };
    file.seek(0);
    return crypto::EnvelopeStream::encrypt(file, out, crypto::EnvelopeStream::Algorithm::Aes256Gcm,
        backupKey, QJsonDocument(manifest).toJson(QJsonDocument::Compact));
}

Result<void> StoreBackup::writeFile(StoreSession &session, QSaveFile &file)
{
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto written = write(session, file);
    if (written && !file.commit())
        written = ioError(
            QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    if (!written)
        file.cancelWriting();
    return written;
}

namespace {

struct ParsedManifest
{
    StoreBackup::Manifest manifest;
    QByteArray wrappedBackupKey;
};

Result<ParsedManifest> parseManifest(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    if (json.value(QStringLiteral("format")).toString() != kFormat)
        return KmsError(kDamaged, QStringLiteral("not a backup of this console"));
    auto vault = VaultRecord::fromJson(json.value(QStringLiteral("vault")).toObject());
    ParsedManifest parsed;
    parsed.manifest.storeUuid = json.value(QStringLiteral("storeUuid")).toString();
    parsed.manifest.schemaVersion = json.value(QStringLiteral("schemaVersion")).toInt();
    parsed.manifest.snapshotBytes = json.value(QStringLiteral("snapshotBytes")).toInteger();
    parsed.manifest.snapshotSha256
        = QByteArray::fromHex(json.value(QStringLiteral("snapshotSha256")).toString().toLatin1());
    parsed.manifest.created = json.value(QStringLiteral("created")).toString();
    parsed.wrappedBackupKey = QByteArray::fromBase64(
        json.value(QStringLiteral("wrappedBackupKey")).toString().toLatin1());
    if (!vault || vault->storeUuid != parsed.manifest.storeUuid
        || parsed.manifest.snapshotSha256.size() != 32 || parsed.wrappedBackupKey.isEmpty())
        return KmsError(kDamaged, QStringLiteral("the backup's manifest is damaged"));
    parsed.manifest.vault = *vault;
    return parsed;
}

} // namespace

Result<StoreBackup::Manifest> StoreBackup::readManifest(QIODevice &in)
{
    auto header = crypto::EnvelopeStream::readHeader(in);
    if (!header)
        return KmsError(kDamaged, QStringLiteral("not a backup of this console"));
    auto parsed = parseManifest(header->dataKeyBlob);
    if (!parsed)
        return parsed.error();
    return parsed->manifest;
}

Result<void> StoreBackup::restore(const QString &dataDir, QIODevice &in, const Unlock &unlock)
{
    if (StoreSession::isInitialised(dataDir))
        return ioError(QStringLiteral("%1 already holds a key store; restore into an empty folder")
                           .arg(dataDir));
    auto header = crypto::EnvelopeStream::readHeader(in);
    if (!header)
        return KmsError(kDamaged, QStringLiteral("not a backup of this console"));
    auto parsed = parseManifest(header->dataKeyBlob);
    if (!parsed)
        return parsed.error();
    auto masterKey = unlock(parsed->manifest.vault);
    if (!masterKey)
        return masterKey.error();
    auto backupKey
        = masterKey->unwrap(parsed->wrappedBackupKey, backupKeyAad(parsed->manifest.storeUuid));
    if (!backupKey)
        return KmsError(kDamaged, QStringLiteral("the backup key does not open"));

    const bool createdFolder = !QFileInfo::exists(dataDir);
    if (!QDir().mkpath(dataDir))
        return ioError(QStringLiteral("cannot create %1").arg(dataDir));
    QFile::setPermissions(
        dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const auto undoFolder = [&] {
        if (createdFolder)
            QDir(dataDir).removeRecursively();
    };
    ScratchFile restoring(StoreSession::databasePath(dataDir) + QStringLiteral(".restoring"));
    {
        QFile file(restoring.path());
        if (!file.open(QIODevice::ReadWrite | QIODevice::Truncate,
                QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            undoFolder();
            return ioError(QStringLiteral("cannot write %1").arg(restoring.path()));
        }
        auto decrypted = crypto::EnvelopeStream::decrypt(in, file, *header, *backupKey);
        if (!decrypted) {
            file.remove();
            undoFolder();
            return decrypted.error().code() == QLatin1String("KMS.0219") ? KmsError(kDamaged,
                       QStringLiteral("the backup is damaged or cut: %1")
                           .arg(decrypted.error().detail()))
                                                                         : decrypted.error();
        }
        file.flush();
        if (file.size() != parsed->manifest.snapshotBytes
            || fileSha256(file) != parsed->manifest.snapshotSha256) {
            file.remove();
            undoFolder();
            return KmsError(
                kDamaged, QStringLiteral("the restored store does not match the manifest"));
        }
    }
    if (!QFile::rename(restoring.path(), StoreSession::databasePath(dataDir))) {
        undoFolder();
        return ioError(QStringLiteral("cannot put the restored store in place"));
    }
    restoring.keep();
    // Opening checks the schema and the vault record like any start.
    auto session = StoreSession::open(dataDir);
    if (!session) {
        QFile::remove(StoreSession::databasePath(dataDir));
        undoFolder();
        return session.error();
    }
    return success();
}

} // namespace kms
