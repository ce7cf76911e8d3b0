#pragma once

#include "KeyTableModel.h"
#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QSpinBox;
template<typename T> class QFutureWatcher;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// The form of CreateKey. It offers only combinations the KMS accepts: the usages a spec
// allows (EC_P256 only signs, AES_256 and SM4_128 only encrypt), origin EXTERNAL only for
// symmetric specs, automatic rotation only for symmetric keys of origin KMS, protection level
// HSM only in a region bound to a PKCS#11 HSM. OK creates the key: RSA key pairs are made on
// the KmsClient's worker thread with a busy indication, everything else at once. On an error
// the dialog shows it and stays open with what the user chose; on success it emits keyCreated
// and closes. request() is what OK sends (tests check it, like XCA's NewKey::getKeyJob()).
class CreateKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CreateKeyDialog(KmsClient &client, QWidget *parent = nullptr);
    ~CreateKeyDialog() override;

    QJsonObject request() const;
    // The answer of the last attempt (a default Response before the first).
    const Response &response() const { return m_response; }
    bool isBusy() const { return m_busy; }

    // The key specs the dialog offers, and the usages a spec allows (API names).
    static QStringList keySpecs();
    static QStringList usagesFor(const QString &keySpec);
    static bool isSymmetric(const QString &keySpec);

public slots:
    void accept() override;
    void reject() override;

signals:
    void keyCreated(const QString &cmkUuid, const QJsonObject &keyMetadata);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateChoices();
    void setBusy(bool busy);
    void finish(const Response &response);

    KmsClient &m_client;
    QList<KeyTableModel::Region> m_regions;
    Response m_response;
    bool m_busy = false;

    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QLabel *m_specLabel = nullptr;
    QComboBox *m_specComboBox = nullptr;
    QLabel *m_usageLabel = nullptr;
    QComboBox *m_usageComboBox = nullptr;
    QLabel *m_protectionLabel = nullptr;
    QComboBox *m_protectionComboBox = nullptr;
    QLabel *m_originLabel = nullptr;
    QComboBox *m_originComboBox = nullptr;
    QLabel *m_descriptionLabel = nullptr;
    QLineEdit *m_descriptionLineEdit = nullptr;
    QCheckBox *m_rotationCheckBox = nullptr;
    QLabel *m_rotationIntervalLabel = nullptr;
    QSpinBox *m_rotationIntervalSpinBox = nullptr;
    QLabel *m_hintLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_busyLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QFutureWatcher<Response> *m_watcher = nullptr;
};

} // namespace kms::ui
