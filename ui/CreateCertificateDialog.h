#pragma once

#include "api/Response.h"

#include <QDialog>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;

template<typename T> class QFutureWatcher;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// Creates a certificate's key pair and CSR (CreateCertificate): region, key spec, subject
// (CN, C, O, OU required; ST, L optional), up to 10 subject alternative names, whether the
// private key may be exported, and optionally a self-signed root CA certificate with its
// validity. Key generation runs on the worker thread. On an error the dialog shows it and
// stays open with what was typed; on success it emits certificateCreated and closes.
class CreateCertificateDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kMaxSans = 10;

    explicit CreateCertificateDialog(KmsClient &client, QWidget *parent = nullptr);
    ~CreateCertificateDialog() override;

    static QStringList keySpecs();
    // The CreateCertificate parameters as the form holds them.
    QJsonObject request() const;
    QStringList subjectAlternativeNames() const;
    const Response &response() const { return m_response; }
    bool isBusy() const { return m_busy; }

public slots:
    void accept() override;
    void reject() override;

signals:
    void certificateCreated(const QString &certificateId, const QJsonObject &certificate);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateOk();
    void setBusy(bool busy);
    void finish(const Response &response);

    KmsClient &m_client;
    Response m_response;
    bool m_busy = false;
    QFutureWatcher<Response> *m_watcher = nullptr;

    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QLabel *m_specLabel = nullptr;
    QComboBox *m_specComboBox = nullptr;
    QLabel *m_subjectLabel = nullptr;
    QLabel *m_commonNameLabel = nullptr;
    QLineEdit *m_commonNameLineEdit = nullptr;
    QLabel *m_countryLabel = nullptr;
    QLineEdit *m_countryLineEdit = nullptr;
    QLabel *m_organizationLabel = nullptr;
    QLineEdit *m_organizationLineEdit = nullptr;
    QLabel *m_unitLabel = nullptr;
    QLineEdit *m_unitLineEdit = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLineEdit *m_stateLineEdit = nullptr;
    QLabel *m_localityLabel = nullptr;
    QLineEdit *m_localityLineEdit = nullptr;
    QLabel *m_sansLabel = nullptr;
    QPlainTextEdit *m_sansPlainTextEdit = nullptr;
    QLabel *m_sansCountLabel = nullptr;
    QCheckBox *m_exportableCheckBox = nullptr;
    QCheckBox *m_selfSignedCheckBox = nullptr;
    QLabel *m_validityLabel = nullptr;
    QSpinBox *m_validitySpinBox = nullptr;
    QLabel *m_hintLabel = nullptr;
    QLabel *m_busyLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
