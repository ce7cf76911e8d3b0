#include "AuditTableModel.h"

#include "KmsClient.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMetaObject>

#include <algorithm>

namespace kms {

AuditTableModel::AuditTableModel(KmsClient &client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    refresh();
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_totalCount, INT_MAX));
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QJsonObject AuditTableModel::filterParameters(const store::AuditQuery &filter)
{
    QJsonObject params;
    if (filter.from.isValid())
        params.insert(QStringLiteral("startTime"), formatTime(filter.from));
    if (filter.to.isValid())
        params.insert(QStringLiteral("endTime"), formatTime(filter.to));
    if (!filter.operatorName.isEmpty())
        params.insert(QStringLiteral("operatorName"), filter.operatorName);
    if (!filter.action.isEmpty())
        params.insert(QStringLiteral("auditAction"), filter.action);
    if (!filter.target.isEmpty())
        params.insert(QStringLiteral("target"), filter.target);
    if (!filter.result.isEmpty())
        params.insert(QStringLiteral("result"), filter.result);
    return params;
}

void AuditTableModel::setFilter(const store::AuditQuery &filter)
{
    m_filter = filter;
    m_filter.beforeSeq = 0;
    refresh();
}

void AuditTableModel::refresh()
{
    beginResetModel();
    m_pages.clear();
    m_recent.clear();
    m_failed = false;
    m_totalCount = 0;
    m_pinSeq = 0;
    m_dense = false;
    // The first page with the count; its first row pins the model.
    QJsonObject params = filterParameters(m_filter);
    params.insert(QStringLiteral("pageNumber"), 1);
    params.insert(QStringLiteral("pageSize"), kPageSize);
    // An operator who may not read the log (or nobody, while the console is locked) sees an
    // empty table, not a refusal.
    Response response = Response::success({}, QString());
    if (m_client.mayCall(QStringLiteral("ListAuditEvents"))) {
        ++m_requests;
        response = m_client.call(QStringLiteral("ListAuditEvents"), params);
    }
    if (response.ok()) {
        QList<QJsonObject> rows;
        for (const QJsonValue &row : response.data.value(QStringLiteral("auditEvents")).toArray())
            rows.append(row.toObject());
        m_totalCount = response.data.value(QStringLiteral("totalCount")).toInteger();
        if (!rows.isEmpty()) {
            m_pinSeq = rows.first().value(QStringLiteral("seq")).toInteger() + 1;
            // Every seq from 1 to the newest is there exactly once (count == newest seq).
            m_dense = m_filter.from.isNull() && m_filter.to.isNull()
                && m_filter.operatorName.isEmpty() && m_filter.action.isEmpty()
                && m_filter.target.isEmpty() && m_filter.result.isEmpty()
                && m_totalCount == m_pinSeq - 1;
            m_pages.insert(0, rows);
            m_recent.append(0);
        }
    } else {
        m_failed = true;
    }
    endResetModel();
    emit totalCountChanged(m_totalCount);
    if (!response.ok())
        emit loadFailed(response);
}

const QList<QJsonObject> *AuditTableModel::page(int pageIndex) const
{
    auto cached = m_pages.constFind(pageIndex);
    if (cached != m_pages.constEnd()) {
        if (m_recent.constLast() != pageIndex) {
            m_recent.removeOne(pageIndex);
            m_recent.append(pageIndex);
        }
        return &*cached;
    }
    if (m_failed || m_pinSeq == 0)
        return nullptr;

    QJsonObject params = filterParameters(m_filter);
    params.insert(QStringLiteral("pageSize"), kPageSize);
    params.insert(QStringLiteral("withTotalCount"), false);
    const qint64 offset = qint64(pageIndex) * kPageSize;
    const int size = int(std::min<qint64>(kPageSize, m_totalCount - offset));
    bool reverse = false;
    const auto before = m_pages.constFind(pageIndex - 1);
    if (m_dense) {
        // Seqs 1..N without a gap and no filter: the row at an offset has a known seq, so every
        // page, near or far, is an index seek.
        params.insert(QStringLiteral("beforeSeq"), m_pinSeq - offset);
        params.insert(QStringLiteral("pageNumber"), 1);
    } else if (before != m_pages.constEnd() && before->size() == kPageSize) {
        // Keyset when the page before is here (scrolling down): a seek instead of stepping
        // over every row before it.
        params.insert(QStringLiteral("beforeSeq"),
            before->constLast().value(QStringLiteral("seq")).toInteger());
        params.insert(QStringLiteral("pageNumber"), 1);
    } else if (offset > m_totalCount / 2) {
        // A jump into the older half: counted from the oldest row, the page is a short walk.
        params.insert(QStringLiteral("beforeSeq"), m_pinSeq);
        params.insert(QStringLiteral("order"), QStringLiteral("oldestFirst"));
        params.insert(QStringLiteral("offset"), m_totalCount - offset - size);
        params.insert(QStringLiteral("pageSize"), size);
        reverse = true;
    } else {
        params.insert(QStringLiteral("beforeSeq"), m_pinSeq);
        params.insert(QStringLiteral("pageNumber"), pageIndex + 1);
    }
    ++m_requests;
    const Response response = m_client.call(QStringLiteral("ListAuditEvents"), params);
    if (!response.ok()) {
        reportFailure(response);
        return nullptr;
    }
    QList<QJsonObject> rows;
    for (const QJsonValue &row : response.data.value(QStringLiteral("auditEvents")).toArray())
        rows.append(row.toObject());
    if (reverse)
        std::reverse(rows.begin(), rows.end());
    while (m_recent.size() >= kMaxCachedPages)
        m_pages.remove(m_recent.takeFirst());
    m_recent.append(pageIndex);
    return &*m_pages.insert(pageIndex, rows);
}

void AuditTableModel::reportFailure(const Response &response) const
{
    m_failed = true;
    // Not from inside data(): views may be painting.
    auto *self = const_cast<AuditTableModel *>(this);
    QMetaObject::invokeMethod(
        self, [self, response] { emit self->loadFailed(response); }, Qt::QueuedConnection);
}

QJsonObject AuditTableModel::eventAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const QList<QJsonObject> *rows = page(row / kPageSize);
    const int at = row % kPageSize;
    return rows != nullptr && at < rows->size() ? rows->at(at) : QJsonObject();
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject event = eventAt(index.row());
    if (event.isEmpty())
        return {};
    auto text = [&event](const char *name) { return event.value(QLatin1String(name)).toString(); };
    const QString code = text("resultCode");
    switch (role) {
    case SeqRole:
        return event.value(QStringLiteral("seq")).toInteger();
    case EventRole:
        return event;
    case ResultCodeRole:
        return code;
    case IsFailureRole:
        return code != QLatin1String("0");
    case TimeRole:
        return parseTime(text("time"));
    case Qt::ToolTipRole:
        return index.column() == TimeColumn ? text("time") : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeqColumn:
            return event.value(QStringLiteral("seq")).toInteger();
        case TimeColumn: {
            const QDateTime time = parseTime(text("time"));
            return time.isValid()
                ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                : QString();
        }
        case OperatorColumn:
            return text("operator");
        case ActionColumn:
            return text("action");
        case TargetColumn:
            return text("target");
        case RegionColumn:
            return text("regionId");
        case ResultColumn:
            //: Result column of the audit table for a successful call.
            return code == QLatin1String("0") ? tr("Success") : code;
        case RequestIdColumn:
            return text("requestId");
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn:
        //: Column of the audit table: the row's sequence number in the chain.
        return tr("Seq");
    case TimeColumn:
        return tr("Time");
    case OperatorColumn:
        return tr("Operator");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        //: Column of the audit table: the key, alias or certificate acted on.
        return tr("Target");
    case RegionColumn:
        return tr("Region");
    case ResultColumn:
        return tr("Result");
    case RequestIdColumn:
        return tr("Request ID");
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SeqRole, "seq");
    names.insert(EventRole, "event");
    names.insert(ResultCodeRole, "resultCode");
    names.insert(IsFailureRole, "isFailure");
    names.insert(TimeRole, "time");
    return names;
}

void AuditTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

} // namespace kms
