#include "DeletionTableModel.h"

#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QJsonArray>
#include <QStringList>

namespace kms {

namespace {

constexpr qint64 kSecondsPerDay = 24 * 3600;

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

} // namespace

DeletionTableModel::DeletionTableModel(KmsClient &client, QObject *parent)
    : PagedTableModel(client, QStringLiteral("ListKeys"), QStringLiteral("keys"), parent)
    , m_client(client)
{
}

int DeletionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDateTime DeletionTableModel::now() const
{
    return m_client.session().clock().now();
}

int DeletionTableModel::daysLeft(const QDateTime &deleteDate, const QDateTime &now)
{
    if (!deleteDate.isValid())
        return 0;
    const qint64 seconds = now.secsTo(deleteDate);
    if (seconds <= 0)
        return 0;
    return int((seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

QString DeletionTableModel::daysLeftText(int days)
{
    if (days <= 0)
        //: A key whose deletion date has come: the next scheduler run deletes it.
        return tr("Due now");
    if (days == 1)
        return tr("1 day");
    //: Days left until a key is deleted.
    return tr("%1 days").arg(days);
}

QVariant DeletionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject key = rowObject(index.row());
    const QDateTime deleteDate = parseTime(field(key, "deleteDate"));
    switch (role) {
    case KeyIdRole:
        return field(key, "cmkUuid");
    case KeyMetadataRole:
        return key;
    case DeleteDateRole:
        return deleteDate;
    case DaysLeftRole:
        return daysLeft(deleteDate, now());
    case Qt::DisplayRole:
        switch (index.column()) {
        case AliasColumn: {
            QStringList aliases;
            for (const QJsonValue &alias : key.value(QStringLiteral("aliases")).toArray())
                aliases.append(alias.toString());
            return aliases.join(QStringLiteral(", "));
        }
        case KeyIdColumn:
            return field(key, "cmkUuid");
        case SpecColumn:
            return field(key, "keySpec");
        case RegionColumn:
            return field(key, "regionId");
        case DeleteDateColumn:
            return deleteDate.isValid()
                ? deleteDate.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                : QString();
        case DaysLeftColumn:
            return daysLeftText(daysLeft(deleteDate, now()));
        case DescriptionColumn:
            return field(key, "description");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case DeleteDateColumn:
            return field(key, "deleteDate");
        case DaysLeftColumn:
            //: Tooltip of the days left before a key is deleted.
            return tr("Until then the deletion can be cancelled; afterwards the key and all its "
                      "versions are destroyed.");
        case DescriptionColumn:
            return field(key, "description");
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == DaysLeftColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant DeletionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case AliasColumn:
        return tr("Alias");
    case KeyIdColumn:
        return tr("Key ID");
    case SpecColumn:
        //: Column of the deletion list: the key spec (AES_256, RSA_2048, ...).
        return tr("Spec");
    case RegionColumn:
        return tr("Region");
    case DeleteDateColumn:
        //: Column of the deletion list: when the key will be deleted.
        return tr("Deletion date");
    case DaysLeftColumn:
        //: Column of the deletion list: days until the key is deleted.
        return tr("Days left");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

QHash<int, QByteArray> DeletionTableModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(KeyIdRole, "keyId");
    names.insert(KeyMetadataRole, "keyMetadata");
    names.insert(DeleteDateRole, "deleteDate");
    names.insert(DaysLeftRole, "daysLeft");
    return names;
}

bool DeletionTableModel::isSortable(int column)
{
    return column >= 0 && column < ColumnCount && column != RegionColumn;
}

void DeletionTableModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    if (column == DaysLeftColumn)
        column = DeleteDateColumn; // the same order
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

QString DeletionTableModel::keyIdAt(int row) const
{
    return field(rowObject(row), "cmkUuid");
}

QJsonObject DeletionTableModel::queryParameters() const
{
    QString sortBy;
    switch (m_sortColumn) {
    case AliasColumn:
        sortBy = QStringLiteral("alias");
        break;
    case KeyIdColumn:
        sortBy = QStringLiteral("cmkUuid");
        break;
    case SpecColumn:
        sortBy = QStringLiteral("keySpec");
        break;
    case DescriptionColumn:
        sortBy = QStringLiteral("description");
        break;
    default:
        sortBy = QStringLiteral("deleteDate");
        break;
    }
    return {
        { QStringLiteral("keyState"), QStringLiteral("PendingDeletion") },
        { QStringLiteral("sortBy"), sortBy },
        { QStringLiteral("sortOrder"),
            m_sortOrder == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc") },
    };
}

QString DeletionTableModel::idOf(const QJsonObject &row) const
{
    return field(row, "cmkUuid");
}

void DeletionTableModel::updateDaysLeft()
{
    if (rowCount() > 0)
        emit dataChanged(index(0, DaysLeftColumn), index(rowCount() - 1, DaysLeftColumn),
            { Qt::DisplayRole, DaysLeftRole });
}

void DeletionTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

} // namespace kms
