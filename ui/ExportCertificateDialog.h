#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Exports a certificate (ExportCertificate) to a file: PEM, DER, the certificate with its
// chain in PEM, or PKCS#12 with the private key (only when the key was created exportable).
// PKCS#12 asks for a password twice; it goes into the request and the fields are cleared at
// once, nothing keeps it. OK asks where to save (or takes setOutputPath's path) and writes.
class ExportCertificateDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kMinPasswordLength = 8;

    // `certificate` as ListCertificates / DescribeCertificate answer it.
    ExportCertificateDialog(
        KmsClient &client, const QJsonObject &certificate, QWidget *parent = nullptr);

    static QStringList formats();
    QString format() const;
    void setFormat(const QString &format);
    // Test seam: the file to write instead of asking with a file dialog.
    void setOutputPath(const QString &path) { m_outputPath = path; }
    // The file written by the last successful export.
    const QString &writtenPath() const { return m_writtenPath; }

public slots:
    void accept() override;

signals:
    void exported(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateFields();
    QString suggestedName() const;

    KmsClient &m_client;
    QJsonObject m_certificate;
    QString m_outputPath;
    QString m_writtenPath;

    QLabel *m_introLabel = nullptr;
    QLabel *m_formatLabel = nullptr;
    QComboBox *m_formatComboBox = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_passwordLineEdit = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QLineEdit *m_confirmLineEdit = nullptr;
    QLabel *m_hintLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_exportButton = nullptr;
};

} // namespace kms::ui
