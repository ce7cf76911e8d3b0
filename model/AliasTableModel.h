#pragma once

#include "PagedTableModel.h"

#include <QString>

namespace kms {

// All aliases of the store with the keys they point at (ListAliases), paged 100 rows at a
// time in alias-name order. Aliases of default keys (alias/acs/<product>) are marked through
// DefaultRole and the Default column: the KMS refuses to repoint or delete them.
class AliasTableModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum Column {
        AliasNameColumn,
        KeyIdColumn,
        RegionColumn,
        CreatedColumn,
        UpdatedColumn,
        DefaultColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        AliasNameRole = Qt::UserRole + 1, // QString "alias/..."
        KeyIdRole, // QString cmkUuid of the key it points at
        RegionRole, // QString regionId
        DefaultRole, // bool: a default key's alias (alias/acs/...), protected
        AliasRole, // QJsonObject as ListAliases answers it
    };
    Q_ENUM(Role)

    explicit AliasTableModel(KmsClient &client, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Only the aliases of one region; "" for all. Resets the model.
    void setRegionFilter(const QString &regionId);
    const QString &regionFilter() const { return m_region; }

    // The loaded row of an alias, -1 if not loaded.
    int rowOfAlias(const QString &aliasName, const QString &regionId) const;
    QString aliasNameAt(int row) const;

    void retranslate();

protected:
    QJsonObject queryParameters() const override;
    QString idOf(const QJsonObject &row) const override;

private:
    QString m_region;
};

} // namespace kms
