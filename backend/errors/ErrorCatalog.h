#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace kms {

// One row of the published error-code table: code string, HTTP status, English and Chinese
// text exactly as published.
struct ErrorEntry
{
    QString code;
    int httpStatus = 0;
    QString messageEn;
    QString messageZh;
};

// The error catalog, built from the project's copy of the published table (a TSV file
// compiled into the backend as a resource). Immutable once loaded.
class ErrorCatalog
{
public:
    // Parses a table with the header "http_status code message_en message_zh".
    // Returns std::nullopt for a malformed table.
    static std::optional<ErrorCatalog> fromTsv(const QByteArray &tsv);

    // The catalog compiled into the backend.
    static const ErrorCatalog &builtin();

    const QList<ErrorEntry> &entries() const { return m_entries; }
    std::optional<ErrorEntry> find(const QString &code) const;
    bool contains(const QString &code) const { return m_index.contains(code); }
    // The entry for a code; a code missing from the table (a bug) answers as the internal
    // failure "KMS.0503" so that a response never goes out without a catalog row.
    ErrorEntry entryOrInternal(const QString &code) const;

private:
    QList<ErrorEntry> m_entries;
    QHash<QString, qsizetype> m_index;
};

} // namespace kms
