#include "RotationPlanModel.h"

#include "DisplayText.h"

#include "KeyTableModel.h"
#include "KmsClient.h"
#include "core/Clock.h"

#include <QJsonArray>

namespace kms {

namespace {

QString localTime(const QDateTime &time)
{
    return display::localTime(time, display::Precision::Minutes);
}

constexpr int kPageSize = 100;

} // namespace

RotationPlanModel::RotationPlanModel(KmsClient &client, QObject *parent)
    : KeyMetadataTableModel(client,
        { "alias", "cmkUuid", "keyState", nullptr /* interval */, nullptr /* last rotation */,
            "nextRotationDate", "nextRotationDate" /* due */ },
        KeyIdColumn, NextRotationColumn, Qt::AscendingOrder /* soonest first */, parent)
{
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

QVariant RotationPlanModel::keyData(const QJsonObject &key, int column, int role) const
{
    const int days = intervalDays(field(key, "rotationInterval"));
    const QDateTime last = parseTime(field(key, "lastRotationDate"));
    const QDateTime next = parseTime(field(key, "nextRotationDate"));
    const bool paused = key.value(QStringLiteral("rotationPaused")).toBool();
    switch (role) {
    case IntervalDaysRole:
        return days;
    case LastRotationRole:
        return last;
    case NextRotationRole:
        return next;
    case PausedRole:
        return paused;
    case Qt::DisplayRole:
        switch (column) {
        case AliasColumn:
            return aliasesOf(key).join(QStringLiteral(", "));
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
        switch (column) {
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

QString RotationPlanModel::columnTitle(int column) const
{
    switch (column) {
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
        return QString();
    }
}

QHash<int, QByteArray> RotationPlanModel::roleNames() const
{
    QHash<int, QByteArray> names = KeyMetadataTableModel::roleNames();
    names.insert(IntervalDaysRole, "intervalDays");
    names.insert(LastRotationRole, "lastRotationDate");
    names.insert(NextRotationRole, "nextRotationDate");
    names.insert(PausedRole, "rotationPaused");
    return names;
}

QJsonObject RotationPlanModel::filterParameters() const
{
    return { { QStringLiteral("withRotationPolicy"), true } };
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
        const Response response = client().call(QStringLiteral("ListKeys"),
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
            const QStringList aliases = aliasesOf(key);
            plan.name = aliases.isEmpty() ? plan.cmkUuid : aliases.first();
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
    columnChanged(DueColumn, { Qt::DisplayRole });
}

} // namespace kms
