#pragma once

#include "KeyMetadataTableModel.h"

#include <QDateTime>
#include <QString>

namespace kms {

// The keys pending deletion (ListKeys keyState=PendingDeletion) with the date each will be
// deleted and the days left until then, soonest first, paged 100 rows at a time. When the
// date has come the scheduler deletes the key at its next run; until then the deletion can
// be cancelled.
class DeletionTableModel : public KeyMetadataTableModel
{
    Q_OBJECT

public:
    enum Column {
        AliasColumn,
        KeyIdColumn,
        SpecColumn,
        RegionColumn,
        DeleteDateColumn,
        DaysLeftColumn,
        DescriptionColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    // Besides KeyIdRole, KeyStateRole and KeyMetadataRole:
    enum Role {
        DeleteDateRole = FirstOwnRole, // QDateTime (UTC)
        DaysLeftRole, // int: whole days until the deletion, rounded up; 0 when due
    };
    Q_ENUM(Role)

    explicit DeletionTableModel(KmsClient &client, QObject *parent = nullptr);

    QHash<int, QByteArray> roleNames() const override;

    // Whole days from `now` until `deleteDate`, rounded up; 0 once it has come.
    static int daysLeft(const QDateTime &deleteDate, const QDateTime &now);
    // "12 days", "1 day", "Due now", in the current language.
    static QString daysLeftText(int days);

    // Time passed: the days left change without the store changing.
    void updateDaysLeft();

protected:
    QVariant keyData(const QJsonObject &key, int column, int role) const override;
    QString columnTitle(int column) const override;
    QJsonObject filterParameters() const override;
};

} // namespace kms
