#include "PagedTableModel.h"

#include "KmsClient.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>

#include <optional>

namespace kms {

PagedTableModel::PagedTableModel(
    KmsClient &client, QString action, QString listField, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
    , m_action(std::move(action))
    , m_listField(std::move(listField))
{
    connect(&m_client, &KmsClient::storeChanged, this, &PagedTableModel::refresh);
}

int PagedTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool PagedTableModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() || m_failed || m_busy)
        return false;
    return !m_loaded || (!m_exhausted && m_rows.size() < m_totalCount);
}

void PagedTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_busy = true;
    Fetched fetched;
    const std::optional<Response> failure = fetchRange(int(m_rows.size()), kPageSize, &fetched);
    QList<QJsonObject> fresh;
    if (!failure) {
        for (const QJsonObject &row : std::as_const(fetched.rows)) {
            // Keys added or removed elsewhere shift the pages; never show a row twice.
            if (!m_rowOfId.contains(idOf(row)))
                fresh.append(row);
        }
    }
    m_loaded = true;
    if (!fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (const QJsonObject &row : std::as_const(fresh)) {
            m_rowOfId.insert(idOf(row), int(m_rows.size()));
            m_rows.append(pack(row));
        }
        endInsertRows();
    } else if (!failure) {
        m_exhausted = true; // nothing new: the end moved; a refresh starts over
    }
    m_busy = false;
    if (failure) {
        m_failed = true;
        emit loadFailed(*failure);
        return;
    }
    setTotalCount(fetched.totalCount);
}

QJsonObject PagedTableModel::rowObject(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    if (row != m_cachedRow) {
        m_cachedObject = unpack(m_rows.at(row));
        m_cachedRow = row;
    }
    return m_cachedObject;
}

QByteArray PagedTableModel::pack(const QJsonObject &row)
{
    return QCborValue::fromJsonValue(row).toCbor();
}

QJsonObject PagedTableModel::unpack(const QByteArray &packed)
{
    return QCborValue::fromCbor(packed).toMap().toJsonObject();
}

void PagedTableModel::reload()
{
    if (m_busy)
        return;
    m_busy = true;
    beginResetModel();
    m_rows.clear();
    m_rowOfId.clear();
    m_cachedRow = -1;
    m_failed = false;
    m_exhausted = false;
    m_loaded = true;
    Fetched fetched;
    const std::optional<Response> failure = fetchRange(0, kPageSize, &fetched);
    if (!failure) {
        for (const QJsonObject &row : std::as_const(fetched.rows)) {
            if (!m_rowOfId.contains(idOf(row))) {
                m_rowOfId.insert(idOf(row), int(m_rows.size()));
                m_rows.append(pack(row));
            }
        }
    }
    m_failed = failure.has_value();
    endResetModel();
    m_busy = false;
    setTotalCount(failure ? 0 : fetched.totalCount);
    if (failure)
        emit loadFailed(*failure);
}

void PagedTableModel::refresh()
{
    if (m_busy)
        return;
    if (!m_loaded || m_rows.size() > kMaxRefreshRows) {
        reload();
        return;
    }
    m_busy = true;
    int count = std::max(1, int((m_rows.size() + kPageSize - 1) / kPageSize)) * kPageSize;
    if (m_rows.size() >= m_totalCount)
        count += kPageSize; // everything was loaded: rows added at the end come in too
    Fetched fetched;
    const std::optional<Response> failure = fetchRange(0, count, &fetched);
    if (failure) {
        m_busy = false;
        m_failed = true;
        emit loadFailed(*failure);
        return;
    }
    QList<QByteArray> rows;
    QList<QString> ids;
    QHash<QString, int> rowOfId;
    for (const QJsonObject &row : std::as_const(fetched.rows)) {
        const QString id = idOf(row);
        if (!rowOfId.contains(id)) {
            rowOfId.insert(id, int(rows.size()));
            rows.append(pack(row));
            ids.append(id);
        }
    }

    const int oldCount = int(m_rows.size());
    const int newCount = int(rows.size());
    const int common = std::min(oldCount, newCount);
    bool sameOrder = true;
    for (int row = 0; row < common && sameOrder; ++row)
        sameOrder = m_rowOfId.value(ids.at(row), -1) == row;

    m_cachedRow = -1;
    m_failed = false;
    m_exhausted = false;
    if (!sameOrder) {
        beginResetModel();
        m_rows = rows;
        m_rowOfId = rowOfId;
        endResetModel();
    } else {
        // The same rows in the same order: tell views which ones changed, in runs.
        int row = 0;
        while (row < common) {
            if (m_rows.at(row) == rows.at(row)) {
                ++row;
                continue;
            }
            const int first = row;
            while (row < common && m_rows.at(row) != rows.at(row)) {
                m_rows[row] = rows.at(row);
                ++row;
            }
            emit dataChanged(index(first, 0), index(row - 1, columnCount() - 1));
        }
        if (newCount > oldCount) {
            beginInsertRows({}, oldCount, newCount - 1);
            m_rows = rows;
            m_rowOfId = rowOfId;
            endInsertRows();
        } else if (newCount < oldCount) {
            beginRemoveRows({}, newCount, oldCount - 1);
            m_rows = rows;
            m_rowOfId = rowOfId;
            endRemoveRows();
        }
    }
    m_busy = false;
    setTotalCount(fetched.totalCount);
}

std::optional<Response> PagedTableModel::fetchRange(int offset, int count, Fetched *fetched)
{
    if (!m_client.mayCall(m_action))
        return std::nullopt; // nothing this operator may read: an empty list
    int pageNumber = offset / kPageSize + 1;
    int skip = offset % kPageSize;
    while (fetched->rows.size() < count) {
        QJsonObject params = queryParameters();
        params.insert(QStringLiteral("pageNumber"), pageNumber);
        params.insert(QStringLiteral("pageSize"), kPageSize);
        const Response response = m_client.call(m_action, params);
        if (!response.ok())
            return response;
        const QJsonArray rows = response.data.value(m_listField).toArray();
        fetched->totalCount
            = response.data.value(QStringLiteral("totalCount")).toInteger(fetched->totalCount);
        for (qsizetype i = skip; i < rows.size() && fetched->rows.size() < count; ++i)
            fetched->rows.append(rows.at(i).toObject());
        if (rows.size() < kPageSize || qint64(pageNumber) * kPageSize >= fetched->totalCount)
            break; // the last page
        skip = 0;
        ++pageNumber;
    }
    return std::nullopt;
}

void PagedTableModel::setTotalCount(qint64 totalCount)
{
    if (totalCount == m_totalCount)
        return;
    m_totalCount = totalCount;
    emit totalCountChanged(totalCount);
}

} // namespace kms
