#pragma once

#include "api/Response.h"
#include "store/Store.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace kms {

class KmsClient;

// The audit log as a table (ListAuditEvents), newest row first, filtered in SQL. Unlike the
// key lists it does not grow with canFetchMore/fetchMore: a view of a million rows must jump
// to the end when the scroll bar is dragged there, so the model reports every matching row
// at once (one count per filter change) and loads the page of 100 rows a view paints, when it
// paints it, keeping the last kMaxCachedPages of them. Pages are read by keyset wherever the
// model can name a seq bound: unfiltered over a gapless log (seq follows from the row), or the
// page after a loaded one; a filtered jump is read by offset from whichever end of the log is
// nearer (docs/performance.md). The model is pinned to
// the rows there when it was (re)loaded: rows audited later (every action appends one) appear
// on refresh(), so offsets do not shift under a view that is scrolling.
class AuditTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 100;
    static constexpr int kMaxCachedPages = 64;

    enum Column {
        SeqColumn,
        TimeColumn,
        OperatorColumn,
        ActionColumn,
        TargetColumn,
        RegionColumn,
        ResultColumn,
        RequestIdColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SeqRole = Qt::UserRole + 1, // qint64
        EventRole, // QJsonObject, the row as ListAuditEvents answered it
        ResultCodeRole, // QString, "0" for success
        IsFailureRole, // bool
        TimeRole, // QDateTime (UTC)
    };
    Q_ENUM(Role)

    explicit AuditTableModel(KmsClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The filter (beforeSeq is the model's own pin and ignored). A change resets the model.
    void setFilter(const store::AuditQuery &filter);
    const store::AuditQuery &filter() const { return m_filter; }
    // The ListAuditEvents parameters of a filter (shared with the page's export).
    static QJsonObject filterParameters(const store::AuditQuery &filter);

    // Rows matching the filter in the log when it was loaded.
    qint64 totalCount() const { return m_totalCount; }
    // The row (loading its page if needed); an empty object out of range or on failure.
    QJsonObject eventAt(int row) const;
    // How many ListAuditEvents calls the model made (tests and the benchmark).
    int requestCount() const { return m_requests; }

    // Loads again from the newest row, keeping the filter.
    void refresh();
    // The language changed: header texts are new.
    void retranslate();

signals:
    void totalCountChanged(qint64 totalCount);
    // A request failed; the rows of that page show empty until the next refresh.
    void loadFailed(const kms::Response &response);

private:
    // The page holding `row`, loaded if it is not cached; null if it cannot be.
    const QList<QJsonObject> *page(int pageIndex) const;
    void reportFailure(const Response &response) const;

    KmsClient &m_client;
    store::AuditQuery m_filter;
    qint64 m_pinSeq = 0; // rows with seq < m_pinSeq are shown (0: the log was empty)
    qint64 m_totalCount = 0;
    bool m_dense = false; // unfiltered and seqs 1..N: a row's seq follows from its offset
    mutable QHash<int, QList<QJsonObject>> m_pages;
    mutable QList<int> m_recent; // cached page indexes, most recently used last
    mutable bool m_failed = false;
    mutable int m_requests = 0;
};

} // namespace kms
