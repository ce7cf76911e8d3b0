#include "RotationPlanModel.h"

#include "KeyTableModel.h"
#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QJsonArray>

namespace kms {

namespace {

constexpr int kPageSize = 100;

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                          : QString();
}

QString nameOf(const QJsonObject &key)
{
    const QJsonArray aliases = key.value(QStringLiteral("aliases")).toArray();
    return aliases.isEmpty() ? field(key, "cmkUuid") : aliases.first().toString();
}

} // namespace

RotationPlanModel::RotationPlanModel(KmsClient &client, QObject *parent)
    : PagedTableModel(client, QStringLiteral("ListKeys"), QStringLiteral("keys"), parent)
    , m_client(client)
{
}

int RotationPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDateTime RotationPlanModel::now() const
{
    return m_client.session().clock().now();
}

int RotationPlanModel::intervalDays(const QString &rotationInterval)
{
    if (!rotationInterval.endsWith(QLatin1Char('d')))
        return 0;
    return rotationInterval.chopped(1).toInt();
}

QString RotationPlanModel::intervalText(int days)
{
    if (days <= 0)
        return QString();
    //: Rotation interval of a key, in days (7 to 730).
    return days == 1 ? tr("Every day") : tr("Every %1 days").arg(days);
}

QString RotationPlanModel::dueText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return QString();
    const qint64 seconds = now.secsTo(when);
    if (seconds <= 0)
        //: A rotation whose time has come: the next scheduler run carries it out.
        return tr("Due now");
    const QDate day = when.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    const qint64 days = today.daysTo(day);
    if (days <= 0)
        //: A rotation later today.
        return tr("Today");
    if (days == 1)
        return tr("Tomorrow");
    //: Time until a rotation, in days.
    return tr("In %1 days").arg(days);
}

QVariant RotationPlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject key = rowObject(index.row());
    const int days = intervalDays(field(key, "rotationInterval"));
    const QDateTime last = parseTime(field(key, "lastRotationDate"));
    const QDateTime next = parseTime(field(key, "nextRotationDate"));
    const bool paused = key.value(QStringLiteral("rotationPaused")).toBool();
    switch (role) {
    case KeyIdRole:
        return field(key, "cmkUuid");
    case KeyMetadataRole:
        return key;
    case KeyStateRole:
        return field(key, "keyState");
    case IntervalDaysRole:
        return days;
    case LastRotationRole:
        return last;
    case NextRotationRole:
        return next;
    case PausedRole:
        return paused;
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
        case StateColumn:
            return KeyTableModel::stateText(field(key, "keyState"));
        case IntervalColumn:
            return intervalText(days);
        case LastRotationColumn:
            //: The last rotation of a key that was never rotated.
            return last.isValid() ? localTime(last) : tr("Never");
        case NextRotationColumn:
            return localTime(next);
        case DueColumn:
            //: A key whose rotation waits until it is enabled again.
            return paused ? tr("Paused") : dueText(next, now());
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case LastRotationColumn:
            return field(key, "lastRotationDate");
        case NextRotationColumn:
            return field(key, "nextRotationDate");
        case DueColumn:
        case StateColumn:
            if (paused)
                //: Tooltip of a paused rotation.
                return tr("Automatic rotation is paused while the key is not enabled. Enable "
                          "the key (or cancel its deletion) to resume it.");
            return {};
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant RotationPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case AliasColumn:
        return tr("Alias");
    case KeyIdColumn:
        return tr("Key ID");
    case StateColumn:
        return tr("State");
    case IntervalColumn:
        //: Column of the rotation plan: how often the key rotates.
        return tr("Interval");
    case LastRotationColumn:
        return tr("Last rotation");
    case NextRotationColumn:
        return tr("Next rotation");
    case DueColumn:
        //: Column of the rotation plan: how long until the next rotation.
        return tr("Due");
    default:
        return {};
    }
}

QHash<int, QByteArray> RotationPlanModel::roleNames() const
{
    QHash<int, QByteArray> names = PagedTableModel::roleNames();
    names.insert(KeyIdRole, "keyId");
    names.insert(KeyMetadataRole, "keyMetadata");
    names.insert(KeyStateRole, "keyState");
    names.insert(IntervalDaysRole, "intervalDays");
    names.insert(LastRotationRole, "lastRotationDate");
    names.insert(NextRotationRole, "nextRotationDate");
    names.insert(PausedRole, "rotationPaused");
    return names;
}

bool RotationPlanModel::isSortable(int column)
{
    return column == AliasColumn || column == KeyIdColumn || column == StateColumn
        || column == NextRotationColumn || column == DueColumn;
}

void RotationPlanModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    if (column == DueColumn)
        column = NextRotationColumn; // the same order
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

QString RotationPlanModel::keyIdAt(int row) const
{
    return field(rowObject(row), "cmkUuid");
}

QJsonObject RotationPlanModel::queryParameters() const
{
    QString sortBy;
    switch (m_sortColumn) {
    case AliasColumn:
        sortBy = QStringLiteral("alias");
        break;
    case KeyIdColumn:
        sortBy = QStringLiteral("cmkUuid");
        break;
    case StateColumn:
        sortBy = QStringLiteral("keyState");
        break;
    default:
        sortBy = QStringLiteral("nextRotationDate");
        break;
    }
    return {
        { QStringLiteral("withRotationPolicy"), true },
        { QStringLiteral("sortBy"), sortBy },
        { QStringLiteral("sortOrder"),
            m_sortOrder == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc") },
    };
}

QString RotationPlanModel::idOf(const QJsonObject &row) const
{
    return field(row, "cmkUuid");
}

QList<QDateTime> RotationPlanModel::projectRotations(
    const QDateTime &next, int intervalDays, const QDateTime &until)
{
    QList<QDateTime> rotations;
    if (!next.isValid() || intervalDays <= 0)
        return rotations;
    for (QDateTime when = next; when <= until; when = when.addDays(intervalDays))
        rotations.append(when);
    return rotations;
}

QList<RotationPlanModel::KeyPlan> RotationPlanModel::plan(const QDateTime &until) const
{
    QList<KeyPlan> plans;
    for (int page = 1; plans.size() < kMaxPlannedKeys; ++page) {
        const Response response = m_client.call(QStringLiteral("ListKeys"),
            { { QStringLiteral("withRotationPolicy"), true },
                { QStringLiteral("sortBy"), QStringLiteral("nextRotationDate") },
                { QStringLiteral("sortOrder"), QStringLiteral("asc") },
                { QStringLiteral("pageNumber"), page },
                { QStringLiteral("pageSize"), kPageSize } });
        if (!response.ok())
            return {};
        const QJsonArray keys = response.data.value(QStringLiteral("keys")).toArray();
        for (const QJsonValue &value : keys) {
            const QJsonObject key = value.toObject();
            KeyPlan plan;
            plan.cmkUuid = field(key, "cmkUuid");
            plan.name = nameOf(key);
            plan.intervalDays = intervalDays(field(key, "rotationInterval"));
            plan.nextRotation = parseTime(field(key, "nextRotationDate"));
            plan.paused = key.value(QStringLiteral("rotationPaused")).toBool();
            plan.rotations = projectRotations(plan.nextRotation, plan.intervalDays, until);
            plans.append(plan);
        }
        const qint64 total = response.data.value(QStringLiteral("totalCount")).toInteger();
        if (keys.size() < kPageSize || qint64(page) * kPageSize >= total)
            break;
    }
    return plans;
}

void RotationPlanModel::updateDueTexts()
{
    if (rowCount() > 0)
        emit dataChanged(
            index(0, DueColumn), index(rowCount() - 1, DueColumn), { Qt::DisplayRole });
}

void RotationPlanModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
            { Qt::DisplayRole, Qt::ToolTipRole });
}

} // namespace kms
