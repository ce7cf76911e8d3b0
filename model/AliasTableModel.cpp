#include "AliasTableModel.h"

#include "DisplayText.h"

#include "core/Clock.h"

#include <QDateTime>

namespace kms {

namespace {

using display::field;
using display::localTime;

} // namespace

AliasTableModel::AliasTableModel(KmsClient &client, QObject *parent)
    : PagedTableModel(client, QStringLiteral("ListAliases"), QStringLiteral("aliases"), parent)
{
}

int AliasTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AliasTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject alias = rowObject(index.row());
    const bool isDefault = alias.value(QStringLiteral("isDefault")).toBool();
    switch (role) {
    case AliasNameRole:
        return field(alias, "aliasName");
    case KeyIdRole:
        return field(alias, "cmkUuid");
    case RegionRole:
        return field(alias, "regionId");
    case DefaultRole:
        return isDefault;
    case AliasRole:
        return alias;
    case Qt::DisplayRole:
        switch (index.column()) {
        case AliasNameColumn:
            return field(alias, "aliasName");
        case KeyIdColumn:
            return field(alias, "cmkUuid");
        case RegionColumn:
            return field(alias, "regionId");
        case CreatedColumn:
            return localTime(field(alias, "creationDate"));
        case UpdatedColumn:
            return localTime(field(alias, "updateDate"));
        case DefaultColumn:
            //: Alias list, Default column: the alias of a region's default key, which
            //: cannot be changed or deleted.
            return isDefault ? tr("Default (protected)") : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (isDefault)
            return tr("The alias of a default key: it cannot be repointed or deleted.");
        if (index.column() == CreatedColumn)
            return field(alias, "creationDate");
        if (index.column() == UpdatedColumn)
            return field(alias, "updateDate");
        return {};
    default:
        return {};
    }
}

QVariant AliasTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case AliasNameColumn:
        return tr("Alias");
    case KeyIdColumn:
        return tr("Key ID");
    case RegionColumn:
        return tr("Region");
    case CreatedColumn:
        return tr("Created");
    case UpdatedColumn:
        return tr("Updated");
    case DefaultColumn:
        //: Column of the alias list: whether the alias belongs to a default key.
        return tr("Default");
    default:
        return {};
    }
}

QHash<int, QByteArray> AliasTableModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(AliasNameRole, "aliasName");
    names.insert(KeyIdRole, "keyId");
    names.insert(RegionRole, "regionId");
    names.insert(DefaultRole, "isDefault");
    names.insert(AliasRole, "alias");
    return names;
}

void AliasTableModel::setRegionFilter(const QString &regionId)
{
    if (regionId == m_region)
        return;
    m_region = regionId;
    reload();
}

int AliasTableModel::rowOfAlias(const QString &aliasName, const QString &regionId) const
{
    return rowOfId(regionId + QLatin1Char('\n') + aliasName);
}

QString AliasTableModel::aliasNameAt(int row) const
{
    return field(rowObject(row), "aliasName");
}

void AliasTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, DefaultColumn), index(rowCount() - 1, DefaultColumn),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

QJsonObject AliasTableModel::queryParameters() const
{
    QJsonObject params;
    if (!m_region.isEmpty())
        params.insert(QStringLiteral("regionId"), m_region);
    return params;
}

QString AliasTableModel::idOf(const QJsonObject &row) const
{
    return field(row, "regionId") + QLatin1Char('\n') + field(row, "aliasName");
}

} // namespace kms
