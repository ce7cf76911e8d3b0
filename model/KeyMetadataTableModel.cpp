#include "KeyMetadataTableModel.h"

#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QJsonArray>

namespace kms {

KeyMetadataTableModel::KeyMetadataTableModel(KmsClient &client,
    std::initializer_list<const char *> sortFields, int keyIdColumn, int sortColumn,
    Qt::SortOrder sortOrder, QObject *parent)
    : PagedTableModel(client, QStringLiteral("ListKeys"), QStringLiteral("keys"), parent)
    , m_columnCount(int(sortFields.size()))
    , m_keyIdColumn(keyIdColumn)
    , m_sortColumn(sortColumn)
    , m_sortOrder(sortOrder)
{
    for (const char *sortField : sortFields)
        m_sortFields.append(QLatin1String(sortField));
}

QString KeyMetadataTableModel::field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

QStringList KeyMetadataTableModel::aliasesOf(const QJsonObject &key)
{
    QStringList aliases;
    const QJsonArray array = key.value(QStringLiteral("aliases")).toArray();
    for (const QJsonValue &alias : array)
        aliases.append(alias.toString());
    return aliases;
}

int KeyMetadataTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columnCount;
}

QVariant KeyMetadataTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject key = rowObject(index.row());
    switch (role) {
    case KeyIdRole:
        return field(key, "cmkUuid");
    case KeyStateRole:
        return field(key, "keyState");
    case KeyMetadataRole:
        return key;
    default:
        return keyData(key, index.column(), role);
    }
}

QVariant KeyMetadataTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    if (section < 0 || section >= m_columnCount)
        return {};
    return columnTitle(section);
}

QHash<int, QByteArray> KeyMetadataTableModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(KeyIdRole, "keyId");
    names.insert(KeyStateRole, "keyState");
    names.insert(KeyMetadataRole, "keyMetadata");
    return names;
}

int KeyMetadataTableModel::sortColumnFor(int column) const
{
    if (column < 0 || column >= m_columnCount || m_sortFields.at(column).isEmpty())
        return -1;
    return int(m_sortFields.indexOf(m_sortFields.at(column)));
}

void KeyMetadataTableModel::sort(int column, Qt::SortOrder order)
{
    column = sortColumnFor(column);
    if (column < 0)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

QString KeyMetadataTableModel::keyIdAt(int row) const
{
    return field(rowObject(row), "cmkUuid");
}

QDateTime KeyMetadataTableModel::now() const
{
    return client().session().clock().now();
}

void KeyMetadataTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, m_columnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, m_columnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

void KeyMetadataTableModel::columnChanged(int column, const QList<int> &roles)
{
    if (rowCount() > 0)
        emit dataChanged(index(0, column), index(rowCount() - 1, column), roles);
}

QJsonObject KeyMetadataTableModel::queryParameters() const
{
    QJsonObject params = filterParameters();
    params.insert(QStringLiteral("sortBy"), m_sortFields.at(m_sortColumn));
    params.insert(QStringLiteral("sortOrder"),
        m_sortOrder == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc"));
    return params;
}

QString KeyMetadataTableModel::idOf(const QJsonObject &row) const
{
    return field(row, "cmkUuid");
}

} // namespace kms
