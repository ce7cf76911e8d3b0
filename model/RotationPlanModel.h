#pragma once

#include "KeyMetadataTableModel.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace kms {

// The rotation plan: every key with automatic rotation on (ListKeys withRotationPolicy), with
// its interval, last and next rotation, paged 100 rows at a time in next-rotation order. A key
// whose policy is on but which is not Enabled is paused: the scheduler skips it until it is
// enabled again. plan() projects the rotations of all these keys forward (the next rotation,
// then every interval after it) for the timeline of the coming months.
class RotationPlanModel : public KeyMetadataTableModel
{
    Q_OBJECT

public:
    enum Column {
        AliasColumn,
        KeyIdColumn,
        StateColumn,
        IntervalColumn,
        LastRotationColumn,
        NextRotationColumn,
        DueColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Besides KeyIdRole, KeyStateRole and KeyMetadataRole:
    enum Role {
        IntervalDaysRole = FirstOwnRole, // int
        LastRotationRole, // QDateTime (UTC), invalid if never rotated
        NextRotationRole, // QDateTime (UTC)
        PausedRole, // bool: policy on, key not Enabled
    };
    Q_ENUM(Role)

    // The rotations of one key within a time span.
    struct KeyPlan
    {
        QString cmkUuid;
        QString name; // the first alias, else the key id
        int intervalDays = 0;
        QDateTime nextRotation; // UTC
        bool paused = false;
        QList<QDateTime> rotations; // UTC, ascending; overdue ones are due now
    };

    // plan() reads at most this many keys.
    static constexpr int kMaxPlannedKeys = 5000;

    explicit RotationPlanModel(KmsClient &client, QObject *parent = nullptr);

    QHash<int, QByteArray> roleNames() const override;

    // Every key with a rotation policy (not only the loaded rows), with its rotations until
    // `until`: the next one (at once if overdue), then one interval after another. Keys in
    // next-rotation order. Empty if the keys cannot be read.
    QList<KeyPlan> plan(const QDateTime &until) const;
    // The rotations from `next` every `intervalDays` days up to `until` (inclusive).
    static QList<QDateTime> projectRotations(
        const QDateTime &next, int intervalDays, const QDateTime &until);
    // "30d" → 30; 0 if not an interval.
    static int intervalDays(const QString &rotationInterval);
    // "Every 30 days", in the current language.
    static QString intervalText(int days);
    // How long until `when` from `now`: "in 3 days", "today", "due now".
    static QString dueText(const QDateTime &when, const QDateTime &now);

    // Time passed: the Due column changes without the store changing.
    void updateDueTexts();

protected:
    QVariant keyData(const QJsonObject &key, int column, int role) const override;
    QString columnTitle(int column) const override;
    QJsonObject filterParameters() const override;
};

} // namespace kms
