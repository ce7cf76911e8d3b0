#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QTableView;

namespace kms {
class KeyVersionTableModel;
class KmsClient;
} // namespace kms

namespace kms::ui {

// The details of one key: every field of its keyMetadata (DescribeKey / ListKeys), its
// aliases (an alias can be picked for the repoint and remove actions), its rotation policy
// with buttons to rotate it now and to edit the policy, its versions (ListKeyVersions, the
// primary one marked) and, for an asymmetric key, the public key of its primary version in
// PEM (GetPublicKey).
class KeyDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit KeyDetailPane(KmsClient &client, QWidget *parent = nullptr);

    // Shows a key's metadata; an empty object shows "no key selected".
    void showKey(const QJsonObject &keyMetadata);
    void clear() { showKey({}); }
    const QJsonObject &keyMetadata() const { return m_metadata; }
    QString keyId() const;

    // The alias picked in the alias list, "" if none is.
    QString selectedAlias() const;
    QString publicKeyPem() const { return m_publicKeyPem; }
    KeyVersionTableModel *versionModel() const { return m_versionModel; }

public slots:
    // Rotates the shown key now (RotateKey), after a question; a refusal (rotated within
    // 7 days, paused, ...) is shown with the KMS's explanation.
    void rotateNow();
    // Opens the RotationPolicyDialog for the shown key.
    void editRotationPolicy();

signals:
    void aliasSelectionChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum Field {
        KeyIdField,
        AliasesField,
        RegionField,
        SpecField,
        UsageField,
        StateField,
        ProtectionField,
        OriginField,
        CreatedField,
        DescriptionField,
        PrimaryVersionField,
        DeleteDateField,
        RotationField,
        LastRotationField,
        NextRotationField,
        RotationActionsField,
        VersionsField,
        DefaultProductField,
        PublicKeyField,
        FieldCount
    };

    void retranslate();
    void fill();
    void loadPublicKey();
    QLabel *valueLabel(Field field) const;
    void setFieldVisible(Field field, bool visible);
    void updateRotationButtons();
    void fitVersionsTable();
    QString keyName() const;

    KmsClient &m_client;
    QJsonObject m_metadata;
    QString m_publicKeyPem;
    QString m_publicKeyOf; // "cmkUuid/version" the PEM belongs to
    QString m_publicKeyError;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_noKeyLabel = nullptr;
    QScrollArea *m_scrollArea = nullptr;
    QGridLayout *m_grid = nullptr;
    QList<QLabel *> m_fieldLabels; // by Field
    QList<QWidget *> m_values; // by Field
    QListWidget *m_aliasesListWidget = nullptr;
    QPlainTextEdit *m_publicKeyPlainTextEdit = nullptr;
    QPushButton *m_rotateNowButton = nullptr;
    QPushButton *m_editPolicyButton = nullptr;
    QTableView *m_versionsTableView = nullptr;
    KeyVersionTableModel *m_versionModel = nullptr;
};

} // namespace kms::ui
