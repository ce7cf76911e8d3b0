#pragma once

#include "api/Response.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace kms {

class KmsClient;

// The paging machinery shared by the table models over list actions (ListKeys, ListAliases):
// rows come from the store a page (100 rows) at a time through canFetchMore()/fetchMore(), so
// only what a view has scrolled to is in memory; filters and sort order are parameters of the
// list request (SQL-side), and changing them resets the model. refresh() reloads what is
// loaded, keeping filters and sort order, and tells views as little as it can: changed rows
// when the same keys are still there in the same order, appended or removed rows at the end,
// and a reset otherwise. A successful change through the KmsClient refreshes the model.
class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 100;
    // A refresh reloads at most this many rows; beyond, it starts again at the first page.
    static constexpr int kMaxRefreshRows = 1000;

    // `action` is the list action, `listField` the array of rows in its answer.
    PagedTableModel(KmsClient &client, QString action, QString listField, QObject *parent);

    int rowCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Rows matching the filters in the store (not only the loaded ones).
    qint64 totalCount() const { return m_totalCount; }
    // The row as the list action answered it; an empty object for a row out of range.
    QJsonObject rowObject(int row) const;
    // The loaded row whose id (see idOf) is `id`, or -1.
    int rowOfId(const QString &id) const { return m_rowOfId.value(id, -1); }

    // Reloads the loaded rows, keeping filters and sort order (changes made elsewhere).
    void refresh();

signals:
    void totalCountChanged(qint64 totalCount);
    // A list request failed; the model keeps what it had and stops fetching until the next
    // refresh or filter change.
    void loadFailed(const kms::Response &response);

protected:
    // Filters and sort order of the list request (paging is added here).
    virtual QJsonObject queryParameters() const = 0;
    // A stable id of a row (the key id, the alias name and region, ...).
    virtual QString idOf(const QJsonObject &row) const = 0;

    // Filters or sort order changed: reset, with the first page loaded.
    void reload();
    KmsClient &client() const { return m_client; }

private:
    struct Fetched
    {
        QList<QJsonObject> rows;
        qint64 totalCount = 0;
    };
    // Rows [offset, offset + count) in pages; the failed response on an error (the caller
    // emits loadFailed once its own bookkeeping is done).
    std::optional<Response> fetchRange(int offset, int count, Fetched *fetched);
    void setTotalCount(qint64 totalCount);

    // Rows are kept as CBOR: about a fifth of a QJsonObject's memory, which matters when a
    // view has scrolled through 100,000 keys. Views ask for one row many times in a row
    // (every column and role of a cell), so the last decoded row is kept.
    static QByteArray pack(const QJsonObject &row);
    static QJsonObject unpack(const QByteArray &packed);

    KmsClient &m_client;
    QString m_action;
    QString m_listField;
    QList<QByteArray> m_rows;
    mutable int m_cachedRow = -1;
    mutable QJsonObject m_cachedObject;
    QHash<QString, int> m_rowOfId;
    qint64 m_totalCount = 0;
    bool m_loaded = false; // the first page was asked for since the last reset
    bool m_failed = false;
    bool m_exhausted = false; // the last fetch brought nothing new
    bool m_busy = false; // no re-entrant loads (a refresh while fetching)
};

} // namespace kms
