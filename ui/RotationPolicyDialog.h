#pragma once

#include "api/Response.h"

#include <QDateTime>
#include <QDialog>
#include <QJsonObject>
#include <QString>

class QCheckBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Edits a key's rotation policy (UpdateRotationPolicy): automatic rotation on or off, the
// interval in days (7 to 730) and, optionally, the date of the first rotation (after today,
// within one interval; the KMS picks one interval after the last rotation otherwise). OK runs
// the action: on an error the dialog shows it and stays open; on success it emits
// policyChanged with the key's new metadata and closes.
class RotationPolicyDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kMinIntervalDays = 7;
    static constexpr int kMaxIntervalDays = 730;
    static constexpr int kDefaultIntervalDays = 365;

    // `keyMetadata` is the key as ListKeys / DescribeKey answer it (its current policy).
    RotationPolicyDialog(
        KmsClient &client, const QJsonObject &keyMetadata, QWidget *parent = nullptr);

    // The parameters OK sends (cmkUuid, enableAutomaticRotation, rotationInterval, and
    // nextRotationDate when a first rotation date is set).
    QJsonObject request() const;
    const Response &response() const { return m_response; }

public slots:
    void accept() override;

signals:
    void policyChanged(const QJsonObject &keyMetadata);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateControls();
    // The session's time (tests move it).
    QDateTime now() const;

    KmsClient &m_client;
    QJsonObject m_key;
    QString m_keyName; // alias (id), for messages
    Response m_response;

    QLabel *m_keyLabel = nullptr;
    QCheckBox *m_enableCheckBox = nullptr;
    QLabel *m_intervalLabel = nullptr;
    QSpinBox *m_intervalSpinBox = nullptr;
    QCheckBox *m_firstDateCheckBox = nullptr;
    QDateEdit *m_firstDateEdit = nullptr;
    QLabel *m_hintLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
