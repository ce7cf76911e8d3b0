#include "KeyTableModel.h"

#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace kms {

KeyTableModel::KeyTableModel(KmsClient &client, QObject *parent)
    : KeyMetadataTableModel(client,
        { "alias", "cmkUuid", "keySpec", "keyUsage", "keyState", "protectionLevel", "origin",
            "creationDate", "description" },
        KeyIdColumn, CreatedColumn, Qt::DescendingOrder /* newest first */, parent)
{
}

QVariant KeyTableModel::keyData(const QJsonObject &key, int column, int role) const
{
    switch (role) {
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
        switch (column) {
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
        switch (column) {
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

QString KeyTableModel::columnTitle(int column) const
{
    switch (column) {
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
        return QString();
    }
}

QHash<int, QByteArray> KeyTableModel::roleNames() const
{
    QHash<int, QByteArray> names = KeyMetadataTableModel::roleNames();
    names.insert(KeySpecRole, "keySpec");
    names.insert(KeyUsageRole, "keyUsage");
    names.insert(AliasesRole, "aliases");
    names.insert(RegionRole, "regionId");
    names.insert(IsDefaultKeyRole, "isDefaultKey");
    names.insert(PrimaryKeyVersionRole, "primaryKeyVersion");
    names.insert(CreationDateRole, "creationDate");
    return names;
}

void KeyTableModel::sort(int column, Qt::SortOrder order)
{
    KeyMetadataTableModel::sort(
        column >= 0 && column < ColumnCount ? column : int(CreatedColumn), order);
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

QJsonObject KeyTableModel::filterParameters() const
{
    QJsonObject params;
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

} // namespace kms
