#pragma once

#include "audit/AuditLog.h"
#include "core/Result.h"
#include "store/Store.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <atomic>
#include <functional>

namespace kms {

// The export formats of audit rows (docs/formats.md, "Audit exports"). Rows go out in the
// order the audit page shows them, newest (highest seq) first. Audit rows hold no secrets, and
// an export writes only their columns: nothing else from the store.
enum class AuditExportFormat { Csv, JsonLines };

class AuditExport
{
public:
    // "csv" or "jsonl" (also "json-lines"); nullopt for anything else.
    static std::optional<AuditExportFormat> formatFromName(const QString &name);

    // CSV (RFC 4180): this header line, then one line per row, CRLF line ends; a field with a
    // comma, quote, CR or LF is quoted and its quotes doubled.
    static QByteArray csvHeader();
    static QByteArray csvLine(const store::AuditRecord &record);
    // JSON lines: one compact object per row and LF: seq (number), time (ISO 8601 UTC),
    // operator, action, target, regionId, resultCode, requestId, mac (lower-case hex).
    static QByteArray jsonLine(const store::AuditRecord &record);

    using Progress = std::function<void(qint64 written, qint64 total)>;
    // Writes the rows matching `query` to `out`, reading the store a page at a time (keyset on
    // seq, pinned to the rows there when it starts). Returns the number of rows. KMS.0503 on a
    // storage or write failure, or when cancelled.
    static Result<qint64> write(store::Store &store, store::AuditQuery query,
        AuditExportFormat format, QIODevice &out, const Progress &progress = {},
        const std::atomic_bool *cancel = nullptr);
};

} // namespace kms
