#pragma once

#include "audit/AuditExport.h"
#include "audit/AuditLog.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QByteArray>
#include <QString>

#include <atomic>

namespace kms {

class Clock;
class MasterKey;

// What an auditor does with the log beyond reading pages of it: verify the whole chain,
// export rows signed with the console's audit signing key, and fetch that key's public half.
// These are session-level calls, not KmsService actions, because they report progress, can
// be cancelled, and write files (an action answers one JSON envelope); each still appends its
// own audit row (VerifyAuditChain, ExportAuditEvents), so the log shows who checked or took
// it out. Reading pages of the log (ListAuditEvents) is not audited: see KmsService.cpp.
// The backend writes files only here, at paths the app chose (kmsctl's --out, the GUI's file
// dialog). Use from one thread; the store is that thread's connection.
class AuditService
{
public:
    AuditService(
        store::Store &store, const MasterKey &masterKey, const Clock &clock, QString operatorName);

    // AuditLog::verify, then a VerifyAuditChain row (result "0": the check ran; the verdict
    // is the answer). A cancelled check is not recorded.
    Result<AuditLog::Verdict> verify(
        const AuditLog::Progress &progress = {}, const std::atomic_bool *cancel = nullptr);

    struct ExportedFiles
    {
        QString dataPath; // the rows
        QString signaturePath; // dataPath + ".sig": raw 64-byte Ed25519 signature of the file
        QString publicKeyPath; // the audit public key, PEM (empty if not asked for)
        qint64 rows = 0;
    };
    // Writes the rows matching `query` to `path` (atomically), signs the file's bytes into
    // path + ".sig", and writes the public key PEM to `publicKeyPath` unless it is empty.
    // Then an ExportAuditEvents row (the error code if it failed).
    Result<ExportedFiles> exportToFiles(const store::AuditQuery &query, AuditExportFormat format,
        const QString &path, const QString &publicKeyPath = {},
        const AuditExport::Progress &progress = {}, const std::atomic_bool *cancel = nullptr);

    // The audit public key (PEM), made on first use in a transaction of its own.
    Result<QByteArray> publicKeyPem();

    const AuditLog &log() const { return m_log; }

private:
    // Appends one audit row in a transaction of its own.
    Result<void> record(const QString &action, const QString &resultCode);

    store::Store &m_store;
    const MasterKey &m_masterKey;
    const Clock &m_clock;
    QString m_operatorName;
    AuditLog m_log;
};

} // namespace kms
