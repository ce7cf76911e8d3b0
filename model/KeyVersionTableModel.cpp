#include "KeyVersionTableModel.h"

#include "DisplayText.h"

#include "KmsClient.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QJsonArray>

#include <optional>

namespace kms {

namespace {

using display::field;

constexpr int kPageSize = 100;

} // namespace

KeyVersionTableModel::KeyVersionTableModel(KmsClient &client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    connect(&m_client, &KmsClient::storeChanged, this, &KeyVersionTableModel::storeChanged);
}

int KeyVersionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int KeyVersionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyVersionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &version = m_versions.at(index.row());
    const bool primary = version.value(QStringLiteral("primary")).toBool();
    switch (role) {
    case VersionIdRole:
        return field(version, "keyVersionId");
    case PrimaryRole:
        return primary;
    case RotationTypeRole:
        return field(version, "rotationType");
    case CreationDateRole:
        return parseTime(field(version, "creationDate"));
    case CreatedByRole:
        return field(version, "createdBy");
    case VersionRole:
        return version;
    case Qt::DisplayRole:
        switch (index.column()) {
        case VersionIdColumn:
            return field(version, "keyVersionId");
        case CreatedColumn: {
            const QDateTime created = parseTime(field(version, "creationDate"));
            return created.isValid()
                ? created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                : QString();
        }
        case TypeColumn:
            return rotationTypeText(field(version, "rotationType"));
        case PrimaryColumn:
            //: Key version list: marks the primary version (the one that encrypts and signs).
            return primary ? tr("Primary") : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case VersionIdColumn:
            return field(version, "keyVersionId");
        case CreatedColumn:
            //: Tooltip of a key version's creation time: %1 the UTC time, %2 the operator.
            return tr("%1, by %2").arg(field(version, "creationDate"), field(version, "createdBy"));
        case PrimaryColumn:
            return primary ? tr("Encrypts and signs; every version decrypts and verifies")
                           : QString();
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant KeyVersionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case VersionIdColumn:
        //: Column of the key version list.
        return tr("Version ID");
    case CreatedColumn:
        //: Column of the key version list.
        return tr("Created");
    case TypeColumn:
        //: Column of the key version list: how the version was made (initial, manual, automatic).
        return tr("Type");
    case PrimaryColumn:
        //: Column of the key version list: the primary marker.
        return tr("Primary");
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyVersionTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(VersionIdRole, "keyVersionId");
    names.insert(PrimaryRole, "primary");
    names.insert(RotationTypeRole, "rotationType");
    names.insert(CreationDateRole, "creationDate");
    names.insert(CreatedByRole, "createdBy");
    names.insert(VersionRole, "keyVersion");
    return names;
}

void KeyVersionTableModel::setKeyId(const QString &cmkUuid)
{
    if (cmkUuid == m_keyId)
        return;
    m_keyId = cmkUuid;
    refresh();
}

QString KeyVersionTableModel::primaryVersionId() const
{
    for (const QJsonObject &version : m_versions) {
        if (version.value(QStringLiteral("primary")).toBool())
            return field(version, "keyVersionId");
    }
    return QString();
}

QString KeyVersionTableModel::versionIdAt(int row) const
{
    return row >= 0 && row < m_versions.size() ? field(m_versions.at(row), "keyVersionId")
                                               : QString();
}

QString KeyVersionTableModel::rotationTypeText(const QString &rotationType)
{
    if (rotationType == QLatin1String("INITIAL"))
        //: How a key version was made: with the key.
        return tr("Initial");
    if (rotationType == QLatin1String("MANUAL"))
        //: How a key version was made: a rotation started by an operator.
        return tr("Manual");
    if (rotationType == QLatin1String("AUTOMATIC"))
        //: How a key version was made: a rotation of the key's rotation policy.
        return tr("Automatic");
    if (rotationType == QLatin1String("IMPORT"))
        //: How a key version was made: imported key material.
        return tr("Imported");
    return rotationType;
}

void KeyVersionTableModel::refresh()
{
    QList<QJsonObject> versions;
    qint64 total = 0;
    std::optional<Response> failure;
    if (!m_keyId.isEmpty()) {
        for (int page = 1; versions.size() < kMaxVersions; ++page) {
            const Response response = m_client.call(QStringLiteral("ListKeyVersions"),
                { { QStringLiteral("cmkUuid"), m_keyId }, { QStringLiteral("pageNumber"), page },
                    { QStringLiteral("pageSize"), kPageSize } });
            if (!response.ok()) {
                failure = response;
                versions.clear();
                total = 0;
                break;
            }
            const QJsonArray rows = response.data.value(QStringLiteral("keyVersions")).toArray();
            total = response.data.value(QStringLiteral("totalCount")).toInteger();
            for (const QJsonValue &row : rows)
                versions.append(row.toObject());
            if (rows.size() < kPageSize || versions.size() >= total)
                break;
        }
    }
    if (versions != m_versions) {
        beginResetModel();
        m_versions = versions;
        m_totalCount = total;
        endResetModel();
    } else {
        m_totalCount = total;
    }
    if (failure)
        emit loadFailed(*failure);
}

void KeyVersionTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_versions.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

void KeyVersionTableModel::storeChanged(const QString &action, const QString &target)
{
    // A job run names no key: any key may have a new version, or be gone.
    Q_UNUSED(action)
    if (m_keyId.isEmpty() || (!target.isEmpty() && target != m_keyId))
        return;
    refresh();
}

} // namespace kms
