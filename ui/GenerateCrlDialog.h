#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Makes a certificate revocation list of a CA certificate (GenerateCrl): the days until the
// next update, then the CRL in PEM with its number and how many certificates it revokes, and
// a Save button.
class GenerateCrlDialog : public QDialog
{
    Q_OBJECT

public:
    GenerateCrlDialog(KmsClient &client, const QString &caCertificateId, const QString &caName,
        QWidget *parent = nullptr);

    QJsonObject request() const;
    // The last answer of GenerateCrl; empty before.
    const QJsonObject &result() const { return m_result; }

public slots:
    void generate();
    void save();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showResult();

    KmsClient &m_client;
    QString m_caCertificateId;
    QString m_caName;
    QJsonObject m_result;

    QLabel *m_introLabel = nullptr;
    QLabel *m_nextUpdateLabel = nullptr;
    QSpinBox *m_nextUpdateSpinBox = nullptr;
    QPushButton *m_generateButton = nullptr;
    QLabel *m_resultLabel = nullptr;
    QPlainTextEdit *m_crlPlainTextEdit = nullptr;
    QPushButton *m_saveButton = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
