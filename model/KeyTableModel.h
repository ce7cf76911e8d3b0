#pragma once

#include "PagedTableModel.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace kms {

// The keys of the store as a table (ListKeys), paged 100 rows at a time. Sorting and the
// filters (free text over key id, alias and description; state; spec; region) are parameters
// of the ListKeys request, so they work on the whole store, not only on the loaded rows; each
// change resets the model with the first page loaded. Views read keys through the roles, never
// through the display texts.
class KeyTableModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column {
        AliasColumn,
        KeyIdColumn,
        SpecColumn,
        UsageColumn,
        StateColumn,
        ProtectionColumn,
        OriginColumn,
        CreatedColumn,
        DescriptionColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        KeyIdRole = Qt::UserRole + 1, // QString cmkUuid
        KeyStateRole, // QString "Enabled", "Disabled", "PendingDeletion", "PendingImport"
        KeyMetadataRole, // QJsonObject, the keyMetadata of ListKeys / DescribeKey
        KeySpecRole, // QString "AES_256", ...
        KeyUsageRole, // QString "ENCRYPT/DECRYPT" or "SIGN/VERIFY"
        AliasesRole, // QStringList
        RegionRole, // QString regionId
        IsDefaultKeyRole, // bool: a region's default key of a product (alias/acs/...)
        PrimaryKeyVersionRole, // QString version id ("" until material is imported)
        CreationDateRole, // QDateTime (UTC)
    };
    Q_ENUM(Role)

    // A region of the store, for the region filter and the create-key dialog.
    struct Region
    {
        QString regionId;
        QString description;
        bool hasHsm = false; // bound to a PKCS#11 HSM: keys of protection level HSM possible
    };

    explicit KeyTableModel(KmsClient &client, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Sorting happens in SQL: the model resets with the first page in the new order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // The ListKeys sortBy of a column.
    static QString sortField(int column);

    // Filters; an empty string means "any". Each change resets the model.
    void setSearchText(const QString &text);
    void setStateFilter(const QString &keyState);
    void setSpecFilter(const QString &keySpec);
    void setRegionFilter(const QString &regionId);
    const QString &searchText() const { return m_search; }
    const QString &stateFilter() const { return m_state; }
    const QString &specFilter() const { return m_spec; }
    const QString &regionFilter() const { return m_region; }

    // The key id of a row, "" out of range; the loaded row of a key id, -1 if not loaded.
    QString keyIdAt(int row) const;
    int rowOfKey(const QString &cmkUuid) const { return rowOfId(cmkUuid); }

    // The user-visible name of a key state, in the current language.
    static QString stateText(const QString &keyState);
    // The regions of the store (empty if they cannot be read).
    static QList<Region> regions(KmsClient &client);

    // The language changed: header and state texts are new.
    void retranslate();

protected:
    QJsonObject queryParameters() const override;
    QString idOf(const QJsonObject &row) const override;

private:
    QString m_search;
    QString m_state;
    QString m_spec;
    QString m_region;
    int m_sortColumn = CreatedColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder; // newest first
};

} // namespace kms
