#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QWidget;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Issues a certificate with one of the store's CA certificates (IssueCertificate): the CSR
// (loaded from a file or pasted), a profile and the validity. The issued certificate and the
// chain up to the root are shown below, each with a Save button; the dialog stays open to
// issue more. An error is shown and the form stays as typed.
class IssueCertificateDialog : public QDialog
{
    Q_OBJECT

public:
    // The CA is fixed: its id and how it is shown (its subject).
    IssueCertificateDialog(KmsClient &client, const QString &caCertificateId, const QString &caName,
        QWidget *parent = nullptr);

    static QStringList profiles();
    QJsonObject request() const;
    void setCsrText(const QString &csr);
    // The last issued certificate and chain (PEM); empty before.
    const QJsonObject &result() const { return m_result; }

public slots:
    void issue();
    void loadCsrFile();
    void saveCertificate();
    void saveChain();

signals:
    void certificateIssued(const QJsonObject &result);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateButtons();
    void updateResultLabel();
    QString suggestedName(const QString &suffix) const;

    KmsClient &m_client;
    QString m_caCertificateId;
    QString m_caName;
    QJsonObject m_result;

    QLabel *m_caLabel = nullptr;
    QLabel *m_caValueLabel = nullptr;
    QLabel *m_csrLabel = nullptr;
    QPlainTextEdit *m_csrPlainTextEdit = nullptr;
    QPushButton *m_csrFileButton = nullptr;
    QLabel *m_profileLabel = nullptr;
    QComboBox *m_profileComboBox = nullptr;
    QLabel *m_validityLabel = nullptr;
    QSpinBox *m_validitySpinBox = nullptr;
    QPushButton *m_issueButton = nullptr;
    QWidget *m_resultWidget = nullptr;
    QLabel *m_resultLabel = nullptr;
    QLabel *m_certificateLabel = nullptr;
    QPlainTextEdit *m_certificatePlainTextEdit = nullptr;
    QPushButton *m_saveCertificateButton = nullptr;
    QLabel *m_chainLabel = nullptr;
    QPlainTextEdit *m_chainPlainTextEdit = nullptr;
    QPushButton *m_saveChainButton = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
