#pragma once

#include "KeyMetadataTableModel.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace kms {

// The keys of the store as a table (ListKeys), paged 100 rows at a time. Sorting and the
// filters (free text over key id, alias and description; state; spec; region) are parameters
// of the ListKeys request, so they work on the whole store, not only on the loaded rows; each
// change resets the model with the first page loaded. Views read keys through the roles, never
// through the display texts.
class KeyTableModel : public KeyMetadataTableModel
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

    // Besides KeyIdRole, KeyStateRole and KeyMetadataRole:
    enum Role {
        KeySpecRole = FirstOwnRole, // QString "AES_256", ...
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

    QHash<int, QByteArray> roleNames() const override;
    // Every column sorts; one out of range sorts by creation date.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Filters; an empty string means "any". Each change resets the model.
    void setSearchText(const QString &text);
    void setStateFilter(const QString &keyState);
    void setSpecFilter(const QString &keySpec);
    void setRegionFilter(const QString &regionId);
    const QString &searchText() const { return m_search; }
    const QString &stateFilter() const { return m_state; }
    const QString &specFilter() const { return m_spec; }
    const QString &regionFilter() const { return m_region; }

    // The user-visible name of a key state, in the current language.
    static QString stateText(const QString &keyState);
    // The regions of the store (empty if they cannot be read).
    static QList<Region> regions(KmsClient &client);

protected:
    QVariant keyData(const QJsonObject &key, int column, int role) const override;
    QString columnTitle(int column) const override;
    QJsonObject filterParameters() const override;

private:
    QString m_search;
    QString m_state;
    QString m_spec;
    QString m_region;
};

} // namespace kms
