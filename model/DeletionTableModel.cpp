#include "DeletionTableModel.h"

#include "core/Clock.h"

namespace kms {

namespace {

constexpr qint64 kSecondsPerDay = 24 * 3600;

} // namespace

DeletionTableModel::DeletionTableModel(KmsClient &client, QObject *parent)
    : KeyMetadataTableModel(client,
        { "alias", "cmkUuid", "keySpec", nullptr /* region */, "deleteDate",
            "deleteDate" /* days left */, "description" },
        KeyIdColumn, DeleteDateColumn, Qt::AscendingOrder /* soonest first */, parent)
{
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

QVariant DeletionTableModel::keyData(const QJsonObject &key, int column, int role) const
{
    const QDateTime deleteDate = parseTime(field(key, "deleteDate"));
    switch (role) {
    case DeleteDateRole:
        return deleteDate;
    case DaysLeftRole:
        return daysLeft(deleteDate, now());
    case Qt::DisplayRole:
        switch (column) {
        case AliasColumn:
            return aliasesOf(key).join(QStringLiteral(", "));
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
        switch (column) {
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
        if (column == DaysLeftColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QString DeletionTableModel::columnTitle(int column) const
{
    switch (column) {
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
        return QString();
    }
}

QHash<int, QByteArray> DeletionTableModel::roleNames() const
{
    QHash<int, QByteArray> names = KeyMetadataTableModel::roleNames();
    names.insert(DeleteDateRole, "deleteDate");
    names.insert(DaysLeftRole, "daysLeft");
    return names;
}

QJsonObject DeletionTableModel::filterParameters() const
{
    return { { QStringLiteral("keyState"), QStringLiteral("PendingDeletion") } };
}

void DeletionTableModel::updateDaysLeft()
{
    columnChanged(DaysLeftColumn, { Qt::DisplayRole, DaysLeftRole });
}

} // namespace kms
