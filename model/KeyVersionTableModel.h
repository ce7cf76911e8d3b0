#pragma once

#include "api/Response.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace kms {

class KmsClient;

// The versions of one key (ListKeyVersions), newest first: the primary version, which
// encrypts and signs, leads; every other live version still decrypts and verifies. A key has
// few versions (one per rotation, at most one a week), so they are all loaded at once. A
// change of the key through the KmsClient (a rotation, a job run) reloads them.
class KeyVersionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { VersionIdColumn, CreatedColumn, TypeColumn, PrimaryColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        VersionIdRole = Qt::UserRole + 1, // QString keyVersionId
        PrimaryRole, // bool: the version that encrypts and signs
        RotationTypeRole, // QString "INITIAL", "MANUAL", "AUTOMATIC"
        CreationDateRole, // QDateTime (UTC)
        CreatedByRole, // QString operator
        VersionRole, // QJsonObject as ListKeyVersions answers it
    };
    Q_ENUM(Role)

    // At most this many versions are loaded (the newest).
    static constexpr int kMaxVersions = 1000;

    explicit KeyVersionTableModel(KmsClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The key whose versions are listed; "" lists none. Loads them when the key changes.
    void setKeyId(const QString &cmkUuid);
    const QString &keyId() const { return m_keyId; }
    // Versions of the key in the store (all of them, even beyond kMaxVersions).
    qint64 totalCount() const { return m_totalCount; }
    // The id of the primary version among the loaded ones, "" if none.
    QString primaryVersionId() const;
    QString versionIdAt(int row) const;

    // The user-visible name of a rotation type, in the current language.
    static QString rotationTypeText(const QString &rotationType);

    // Reloads the versions of the key (changes made elsewhere).
    void refresh();
    void retranslate();

signals:
    // ListKeyVersions failed; the model is empty until the next refresh.
    void loadFailed(const kms::Response &response);

private:
    void storeChanged(const QString &action, const QString &target);

    KmsClient &m_client;
    QString m_keyId;
    QList<QJsonObject> m_versions;
    qint64 m_totalCount = 0;
};

} // namespace kms
