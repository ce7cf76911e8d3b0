#pragma once

#include "PagedTableModel.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <initializer_list>

namespace kms {

// What the tables of keys (ListKeys rows: the key list, the rotation plan, the pending
// deletions) share: the roles that give a row's key, the sort order as ListKeys parameters
// (SQL-side, a change resets the model), and the key id as the row id. A subclass names its
// columns, gives the display data of a key and the list filters.
class KeyMetadataTableModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum KeyRole {
        KeyIdRole = Qt::UserRole + 1, // QString cmkUuid
        KeyStateRole, // QString "Enabled", "Disabled", "PendingDeletion", "PendingImport"
        KeyMetadataRole, // QJsonObject, the keyMetadata of ListKeys / DescribeKey
        FirstOwnRole // the first role a subclass defines
    };
    Q_ENUM(KeyRole)

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Sorting happens in SQL: the model resets with the first page in the new order. A column
    // without a ListKeys sortBy leaves the order as it is; one with the sortBy of an earlier
    // column (days left, due) sorts as that column.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isSortable(int column) const { return sortColumnFor(column) >= 0; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // The column that shows the key id.
    int keyIdColumn() const { return m_keyIdColumn; }

    // The key id of a row, "" out of range; the loaded row of a key id, -1 if not loaded.
    QString keyIdAt(int row) const;
    int rowOfKey(const QString &cmkUuid) const { return rowOfId(cmkUuid); }

    // The clock of the session (moved by tests).
    QDateTime now() const;
    // The language changed: header and cell texts are new.
    void retranslate();

    // A text field of a key ("" if absent) and its aliases.
    static QString field(const QJsonObject &key, const char *name);
    static QStringList aliasesOf(const QJsonObject &key);

protected:
    // `sortFields` has the ListKeys sortBy of each column, in column order (nullptr for a column
    // without an order in SQL): it gives the column count too.
    KeyMetadataTableModel(KmsClient &client, std::initializer_list<const char *> sortFields,
        int keyIdColumn, int sortColumn, Qt::SortOrder sortOrder, QObject *parent);

    // The data of a key for the roles other than the KeyRole ones.
    virtual QVariant keyData(const QJsonObject &key, int column, int role) const = 0;
    // The header text of a column, in the current language.
    virtual QString columnTitle(int column) const = 0;
    // The ListKeys filters (sort order and paging are added).
    virtual QJsonObject filterParameters() const = 0;

    // Tells views that `column` of every loaded row changed in `roles` (time passed).
    void columnChanged(int column, const QList<int> &roles);

    QJsonObject queryParameters() const final;
    QString idOf(const QJsonObject &row) const final;

private:
    // The column whose order a click on `column` asks for; -1 if it has none.
    int sortColumnFor(int column) const;

    QStringList m_sortFields;
    int m_columnCount;
    int m_keyIdColumn;
    int m_sortColumn;
    Qt::SortOrder m_sortOrder;
};

} // namespace kms
