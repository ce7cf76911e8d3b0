#include "ErrorCatalog.h"

#include <QFile>

namespace kms {

std::optional<ErrorCatalog> ErrorCatalog::fromTsv(const QByteArray &tsv)
{
    ErrorCatalog catalog;
    const QList<QByteArray> lines = tsv.split('\n');
    bool header = true;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() != 4)
            return std::nullopt;
        if (header) {
            if (fields.at(0) != "http_status" || fields.at(1) != "code")
                return std::nullopt;
            header = false;
            continue;
        }
        bool ok = false;
        ErrorEntry entry { QString::fromUtf8(fields.at(1)), fields.at(0).toInt(&ok),
            QString::fromUtf8(fields.at(2)), QString::fromUtf8(fields.at(3)) };
        if (!ok || entry.code.isEmpty() || catalog.m_index.contains(entry.code))
            return std::nullopt;
        catalog.m_index.insert(entry.code, catalog.m_entries.size());
        catalog.m_entries.append(entry);
    }
    if (header)
        return std::nullopt;
    return catalog;
}

const ErrorCatalog &ErrorCatalog::builtin()
{
    // Immutable data compiled into the binary; loaded once, never changed.
    static const ErrorCatalog catalog = [] {
        QFile file(QStringLiteral(":/kms/error-codes.tsv"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("error catalog resource missing");
        auto parsed = fromTsv(file.readAll());
        if (!parsed)
            qFatal("error catalog resource malformed");
        return *parsed;
    }();
    return catalog;
}

std::optional<ErrorEntry> ErrorCatalog::find(const QString &code) const
{
    const auto it = m_index.constFind(code);
    if (it == m_index.constEnd())
        return std::nullopt;
    return m_entries.at(*it);
}

ErrorEntry ErrorCatalog::entryOrInternal(const QString &code) const
{
    if (auto entry = find(code))
        return *entry;
    return *find(QStringLiteral("KMS.0503"));
}

} // namespace kms
