#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Uploads the certificate issued for a certificate's CSR, with its chain (UploadCertificate).
// The certificate is loaded from a PEM or DER file or pasted as PEM; the chain from a PEM
// bundle, optional. On an error (not this key, chain does not match, ...) the dialog shows it
// and stays open; on success it emits certificateUploaded and closes.
class UploadCertificateDialog : public QDialog
{
    Q_OBJECT

public:
    // `name` is how the certificate is shown to the user (its subject).
    UploadCertificateDialog(KmsClient &client, const QString &certificateId, const QString &name,
        QWidget *parent = nullptr);

    QJsonObject request() const;
    QString certificateText() const;
    void setCertificateText(const QString &text);
    QString chainText() const;
    void setChainText(const QString &text);

public slots:
    void accept() override;
    // Ask for a file (CertificateFiles) and load it into the certificate or the chain field.
    void loadCertificateFile();
    void loadChainFile();

signals:
    void certificateUploaded(const QJsonObject &certificate);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateOk();

    KmsClient &m_client;
    QString m_certificateId;
    QString m_name;

    QLabel *m_introLabel = nullptr;
    QLabel *m_certificateLabel = nullptr;
    QPlainTextEdit *m_certificatePlainTextEdit = nullptr;
    QPushButton *m_certificateFileButton = nullptr;
    QLabel *m_chainLabel = nullptr;
    QPlainTextEdit *m_chainPlainTextEdit = nullptr;
    QPushButton *m_chainFileButton = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_uploadButton = nullptr;
};

} // namespace kms::ui
