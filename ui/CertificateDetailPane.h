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
class QTabWidget;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// The details of one certificate as DescribeCertificate answers them: its fields, SHA-256
// fingerprint, alternative names and chain (subjects, root last) on the first tab, the
// decoded certificate on the second, and the CSR (copyable, savable) on the third.
class CertificateDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit CertificateDetailPane(KmsClient &client, QWidget *parent = nullptr);

    // Shows a certificate (a row of ListCertificates; the pane reads the rest with
    // DescribeCertificate); an empty object shows "no certificate selected".
    void showCertificate(const QJsonObject &certificate);
    void clear() { showCertificate({}); }
    // The DescribeCertificate answer shown (its "certificate" object); empty if none.
    const QJsonObject &details() const { return m_details; }
    QString certificateId() const;
    QString csrPem() const;

public slots:
    void copyCsr();

signals:
    void saveCsrRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum Field {
        IdField,
        StatusField,
        SubjectField,
        SansField,
        IssuerField,
        SerialField,
        KeySpecField,
        ProtectionField,
        RegionField,
        NotBeforeField,
        NotAfterField,
        ExportableField,
        CaField,
        CreatedField,
        UpdatedField,
        FingerprintField,
        ChainField,
        FieldCount
    };

    void retranslate();
    void fill();
    QLabel *valueLabel(Field field) const;
    void setFieldVisible(Field field, bool visible);

    KmsClient &m_client;
    QJsonObject m_details;
    QString m_loadError;

    QLabel *m_titleLabel = nullptr;
    QLabel *m_noCertificateLabel = nullptr;
    QTabWidget *m_tabWidget = nullptr;
    QWidget *m_fieldsWidget = nullptr;
    QGridLayout *m_grid = nullptr;
    QList<QLabel *> m_fieldLabels; // by Field
    QList<QWidget *> m_values; // by Field
    QListWidget *m_chainListWidget = nullptr;
    QPlainTextEdit *m_textPlainTextEdit = nullptr;
    QWidget *m_csrWidget = nullptr;
    QLabel *m_csrLabel = nullptr;
    QPlainTextEdit *m_csrPlainTextEdit = nullptr;
    QPushButton *m_copyCsrButton = nullptr;
    QPushButton *m_saveCsrButton = nullptr;
};

} // namespace kms::ui
