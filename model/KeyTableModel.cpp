#include "KeyTableModel.h"

#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace kms {

namespace {

QStringList aliasesOf(const QJsonObject &key)
{
    QStringList aliases;
    const QJsonArray array = key.value(QStringLiteral("aliases")).toArray();
    for (const QJsonValue &alias : array)
        aliases.append(alias.toString());
    return aliases;
}

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

} // namespace

KeyTableModel::KeyTableModel(KmsClient &client, QObject *parent)
    : PagedTableModel(client, QStringLiteral("ListKeys"), QStringLiteral("keys"), parent)
{
}

int KeyTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyTableModel::data(const QModelIndex &index, int role) const
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
    case KeySpecRole:
        return field(key, "keySpec");
    case KeyUsageRole:
        return field(key, "keyUsage");
    case AliasesRole:
        return aliasesOf(key);
    case RegionRole:
        return field(key, "regionId");
    case IsDefaultKeyRole:
        return !field(key, "defaultProduct").isEmpty();
    case PrimaryKeyVersionRole:
        return field(key, "primaryKeyVersion");
    case CreationDateRole:
        return parseTime(field(key, "creationDate"));
    case Qt::DisplayRole:
        switch (index.column()) {
        case AliasColumn:
            return aliasesOf(key).join(QStringLiteral(", "));
        case KeyIdColumn:
            return field(key, "cmkUuid");
        case SpecColumn:
            return field(key, "keySpec");
        case UsageColumn:
            return field(key, "keyUsage");
        case StateColumn:
            return stateText(field(key, "keyState"));
        case ProtectionColumn:
            return field(key, "protectionLevel");
        case OriginColumn:
            return field(key, "origin");
        case CreatedColumn: {
            const QDateTime created = parseTime(field(key, "creationDate"));
            return created.isValid()
                ? created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                : QString();
        }
        case DescriptionColumn:
            return field(key, "description");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case AliasColumn:
            return aliasesOf(key).join(QLatin1Char('\n'));
        case CreatedColumn:
            return field(key, "creationDate");
        case DescriptionColumn:
            return field(key, "description");
        case StateColumn:
            if (field(key, "keyState") == QLatin1String("PendingDeletion"))
                //: Tooltip of a key pending deletion; %1 is the date (UTC) it will be deleted.
                return tr("Deleted on %1").arg(field(key, "deleteDate"));
            return {};
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant KeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case AliasColumn:
        return tr("Alias");
    case KeyIdColumn:
        return tr("Key ID");
    case SpecColumn:
        //: Column of the key list: the key spec (AES_256, RSA_2048, ...).
        return tr("Spec");
    case UsageColumn:
        //: Column of the key list: ENCRYPT/DECRYPT or SIGN/VERIFY.
        return tr("Usage");
    case StateColumn:
        return tr("State");
    case ProtectionColumn:
        //: Column of the key list: SOFTWARE or HSM.
        return tr("Protection");
    case OriginColumn:
        //: Column of the key list: KMS (made here) or EXTERNAL (imported material).
        return tr("Origin");
    case CreatedColumn:
        return tr("Created");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyTableModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(KeyIdRole, "keyId");
    names.insert(KeyStateRole, "keyState");
    names.insert(KeyMetadataRole, "keyMetadata");
    names.insert(KeySpecRole, "keySpec");
    names.insert(KeyUsageRole, "keyUsage");
    names.insert(AliasesRole, "aliases");
    names.insert(RegionRole, "regionId");
    names.insert(IsDefaultKeyRole, "isDefaultKey");
    names.insert(PrimaryKeyVersionRole, "primaryKeyVersion");
    names.insert(CreationDateRole, "creationDate");
    return names;
}

QString KeyTableModel::sortField(int column)
{
    switch (column) {
    case AliasColumn:
        return QStringLiteral("alias");
    case KeyIdColumn:
        return QStringLiteral("cmkUuid");
    case SpecColumn:
        return QStringLiteral("keySpec");
    case UsageColumn:
        return QStringLiteral("keyUsage");
    case StateColumn:
        return QStringLiteral("keyState");
    case ProtectionColumn:
        return QStringLiteral("protectionLevel");
    case OriginColumn:
        return QStringLiteral("origin");
    case DescriptionColumn:
        return QStringLiteral("description");
    case CreatedColumn:
    default:
        return QStringLiteral("creationDate");
    }
}

void KeyTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        column = CreatedColumn;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

void KeyTableModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    reload();
}

void KeyTableModel::setStateFilter(const QString &keyState)
{
    if (keyState == m_state)
        return;
    m_state = keyState;
    reload();
}

void KeyTableModel::setSpecFilter(const QString &keySpec)
{
    if (keySpec == m_spec)
        return;
    m_spec = keySpec;
    reload();
}

void KeyTableModel::setRegionFilter(const QString &regionId)
{
    if (regionId == m_region)
        return;
    m_region = regionId;
    reload();
}

QString KeyTableModel::keyIdAt(int row) const
{
    return field(rowObject(row), "cmkUuid");
}

QString KeyTableModel::stateText(const QString &keyState)
{
    if (keyState == QLatin1String("Enabled"))
        //: Key state.
        return tr("Enabled");
    if (keyState == QLatin1String("Disabled"))
        //: Key state.
        return tr("Disabled");
    if (keyState == QLatin1String("PendingDeletion"))
        //: Key state: scheduled for deletion, can still be cancelled.
        return tr("Pending deletion");
    if (keyState == QLatin1String("PendingImport"))
        //: Key state: an EXTERNAL key waiting for its key material to be imported.
        return tr("Pending import");
    return keyState;
}

QList<KeyTableModel::Region> KeyTableModel::regions(KmsClient &client)
{
    QList<Region> result;
    auto regions = client.session().store().listRegions();
    if (!regions)
        return result;
    for (const store::RegionRecord &region : *regions)
        result.append(Region {
            region.regionId, region.description, region.hsm.startsWith(QLatin1String("pkcs11:")) });
    return result;
}

void KeyTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, StateColumn), index(rowCount() - 1, StateColumn),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

QJsonObject KeyTableModel::queryParameters() const
{
    QJsonObject params {
        { QStringLiteral("sortBy"), sortField(m_sortColumn) },
        { QStringLiteral("sortOrder"),
            m_sortOrder == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc") },
    };
    if (!m_search.isEmpty())
        params.insert(QStringLiteral("search"), m_search);
    if (!m_state.isEmpty())
        params.insert(QStringLiteral("keyState"), m_state);
    if (!m_spec.isEmpty())
        params.insert(QStringLiteral("keySpec"), m_spec);
    if (!m_region.isEmpty())
        params.insert(QStringLiteral("regionId"), m_region);
    return params;
}

QString KeyTableModel::idOf(const QJsonObject &row) const
{
    return field(row, "cmkUuid");
}

} // namespace kms
