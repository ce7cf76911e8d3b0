#pragma once

#include "PagedTableModel.h"

#include <QDateTime>
#include <QString>

namespace kms {

// The keys pending deletion (ListKeys keyState=PendingDeletion) with the date each will be
// deleted and the days left until then, soonest first, paged 100 rows at a time. When the
// date has come the scheduler deletes the key at its next run; until then the deletion can
// be cancelled.
class DeletionTableModel : public PagedTableModel
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

    enum Role {
        KeyIdRole = Qt::UserRole + 1, // QString cmkUuid
        KeyMetadataRole, // QJsonObject keyMetadata
        DeleteDateRole, // QDateTime (UTC)
        DaysLeftRole, // int: whole days until the deletion, rounded up; 0 when due
    };
    Q_ENUM(Role)

    explicit DeletionTableModel(KmsClient &client, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Sorting happens in SQL; the region column does not sort (the order stays).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    QString keyIdAt(int row) const;
    int rowOfKey(const QString &cmkUuid) const { return rowOfId(cmkUuid); }

    // Whole days from `now` until `deleteDate`, rounded up; 0 once it has come.
    static int daysLeft(const QDateTime &deleteDate, const QDateTime &now);
    // "12 days", "1 day", "Due now", in the current language.
    static QString daysLeftText(int days);

    // The clock of the session (moved by tests).
    QDateTime now() const;
    // Time passed: the days left change without the store changing.
    void updateDaysLeft();
    void retranslate();

protected:
    QJsonObject queryParameters() const override;
    QString idOf(const QJsonObject &row) const override;

private:
    KmsClient &m_client;
    int m_sortColumn = DeleteDateColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder; // soonest first
};

} // namespace kms
