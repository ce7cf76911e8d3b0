#include "AuditService.h"

#include "audit/AuditSigningKey.h"
#include "core/Clock.h"
#include "crypto/MasterKey.h"

#include <QFile>
#include <QSaveFile>
#include <QUuid>

namespace kms {

namespace {

KmsError fileError(const QString &path, const QString &reason)
{
    return KmsError(
        QStringLiteral("KMS.0503"), QStringLiteral("cannot write %1: %2").arg(path, reason));
}

Result<void> writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fileError(path, file.errorString());
    return success();
}

} // namespace

AuditService::AuditService(
    store::Store &store, const MasterKey &masterKey, const Clock &clock, QString operatorName)
    : m_store(store)
    , m_masterKey(masterKey)
    , m_clock(clock)
    , m_operatorName(std::move(operatorName))
    , m_log(masterKey)
{
}

Result<void> AuditService::record(const QString &action, const QString &resultCode)
{
    store::AuditRecord row;
    row.time = m_clock.now();
    row.operatorName = m_operatorName;
    row.action = action;
    row.resultCode = resultCode;
    row.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    store::TransactionGuard transaction(m_store);
    KMS_TRY(transaction.begin());
    auto appended = m_log.append(m_store, row);
    if (!appended)
        return appended.error();
    return transaction.commit();
}

Result<AuditLog::Verdict> AuditService::verify(
    const AuditLog::Progress &progress, const std::atomic_bool *cancel)
{
    auto verdict = m_log.verify(m_store, progress, cancel);
    if (!verdict) {
        (void)record(QStringLiteral("VerifyAuditChain"), verdict.error().code());
        return verdict;
    }
    if (!verdict->cancelled)
        KMS_TRY(record(QStringLiteral("VerifyAuditChain"), QStringLiteral("0")));
    return verdict;
}

Result<QByteArray> AuditService::publicKeyPem()
{
    auto stored = AuditSigningKey::storedPublicKeyPem(m_store);
    if (!stored)
        return stored.error();
    if (stored->has_value())
        return **stored;
    store::TransactionGuard transaction(m_store);
    KMS_TRY(transaction.begin());
    auto key = AuditSigningKey::loadOrCreate(m_store, m_masterKey);
    if (!key)
        return key.error();
    KMS_TRY(transaction.commit());
    return key->publicKeyPem();
}

Result<AuditService::ExportedFiles> AuditService::exportToFiles(const store::AuditQuery &query,
    AuditExportFormat format, const QString &path, const QString &publicKeyPath,
    const AuditExport::Progress &progress, const std::atomic_bool *cancel)
{
    auto run = [&]() -> Result<ExportedFiles> {
        // The key is made (or opened) first, in a short transaction of its own, so the long
        // read of the rows below holds no write lock.
        std::optional<AuditSigningKey> key;
        {
            store::TransactionGuard transaction(m_store);
            KMS_TRY(transaction.begin());
            auto loaded = AuditSigningKey::loadOrCreate(m_store, m_masterKey);
            if (!loaded)
                return loaded.error();
            KMS_TRY(transaction.commit());
            key.emplace(std::move(*loaded));
        }
        ExportedFiles files;
        files.dataPath = path;
        files.signaturePath = path + QStringLiteral(".sig");
        files.publicKeyPath = publicKeyPath;
        {
            QSaveFile out(path);
            if (!out.open(QIODevice::WriteOnly))
                return fileError(path, out.errorString());
            auto written = AuditExport::write(m_store, query, format, out, progress, cancel);
            if (!written)
                return written.error();
            if (!out.commit())
                return fileError(path, out.errorString());
            files.rows = *written;
        }
        // Ed25519 signs the message whole: the file is mapped, not read into memory, so an
        // export of a million rows (some 300 MB of JSON) costs no heap.
        QFile data(path);
        if (!data.open(QIODevice::ReadOnly))
            return fileError(path, data.errorString());
        const qint64 size = data.size();
        const uchar *bytes = size > 0 ? data.map(0, size) : nullptr;
        if (size > 0 && bytes == nullptr)
            return fileError(path, data.errorString());
        static const uchar empty = 0;
        auto signature = key->sign(bytes != nullptr ? bytes : &empty, std::size_t(size));
        if (bytes != nullptr)
            data.unmap(const_cast<uchar *>(bytes));
        if (!signature)
            return signature.error();
        KMS_TRY(writeFile(files.signaturePath, *signature));
        if (!publicKeyPath.isEmpty())
            KMS_TRY(writeFile(publicKeyPath, key->publicKeyPem()));
        return files;
    };
    auto files = run();
    if (!files && cancel != nullptr && cancel->load())
        return files; // not recorded, like a cancelled verification
    KMS_TRY(record(
        QStringLiteral("ExportAuditEvents"), files ? QStringLiteral("0") : files.error().code()));
    return files;
}

} // namespace kms
