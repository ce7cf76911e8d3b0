#include "AuditExport.h"

#include "core/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kms {

namespace {

constexpr int kExportBatch = 1000;

QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\r') || utf8.contains('\n')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace

std::optional<AuditExportFormat> AuditExport::formatFromName(const QString &name)
{
    if (name == QLatin1String("csv"))
        return AuditExportFormat::Csv;
    if (name == QLatin1String("jsonl") || name == QLatin1String("json-lines"))
        return AuditExportFormat::JsonLines;
    return std::nullopt;
}

QByteArray AuditExport::csvHeader()
{
    return QByteArrayLiteral(
        "seq,time,operator,action,target,regionId,resultCode,requestId,mac\r\n");
}

QByteArray AuditExport::csvLine(const store::AuditRecord &record)
{
    QByteArray line = QByteArray::number(record.seq);
    for (const QString &field : { formatTime(record.time), record.operatorName, record.action,
             record.target, record.regionId, record.resultCode, record.requestId }) {
        line.append(',');
        line.append(csvField(field));
    }
    line.append(',');
    line.append(record.mac.toHex());
    line.append("\r\n");
    return line;
}

QByteArray AuditExport::jsonLine(const store::AuditRecord &record)
{
    const QJsonObject object {
        { QStringLiteral("seq"), record.seq },
        { QStringLiteral("time"), formatTime(record.time) },
        { QStringLiteral("operator"), record.operatorName },
        { QStringLiteral("action"), record.action },
        { QStringLiteral("target"), record.target },
        { QStringLiteral("regionId"), record.regionId },
        { QStringLiteral("resultCode"), record.resultCode },
        { QStringLiteral("requestId"), record.requestId },
        { QStringLiteral("mac"), QString::fromLatin1(record.mac.toHex()) },
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

Result<qint64> AuditExport::write(store::Store &store, store::AuditQuery query,
    AuditExportFormat format, QIODevice &out, const Progress &progress,
    const std::atomic_bool *cancel)
{
    // Pin the export to the rows there now: requests audited while it runs stay out of it.
    auto last = store.lastAudit();
    if (!last)
        return last.error();
    const qint64 end = last->has_value() ? (*last)->seq + 1 : 1;
    query.beforeSeq = query.beforeSeq > 0 ? std::min(query.beforeSeq, end) : end;
    qint64 total = 0;
    if (progress) {
        auto counted = store.auditCount(query);
        if (!counted)
            return counted.error();
        total = *counted;
    }
    auto writeAll = [&out](const QByteArray &bytes) { return out.write(bytes) == bytes.size(); };
    auto writeFailure = [&out] {
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the export could not be written: %1").arg(out.errorString()));
    };
    if (format == AuditExportFormat::Csv && !writeAll(csvHeader()))
        return writeFailure();
    qint64 written = 0;
    for (;;) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the export was cancelled"));
        auto rows = store.auditPage(query, 0, kExportBatch);
        if (!rows)
            return rows.error();
        QByteArray chunk;
        for (const store::AuditRecord &row : std::as_const(*rows))
            chunk.append(format == AuditExportFormat::Csv ? csvLine(row) : jsonLine(row));
        if (!writeAll(chunk))
            return writeFailure();
        written += rows->size();
        if (progress)
            progress(written, std::max(total, written));
        if (rows->size() < kExportBatch)
            break;
        query.beforeSeq = rows->constLast().seq;
    }
    return written;
}

} // namespace kms
