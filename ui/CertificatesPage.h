#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QString>
#include <QTimer>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;

namespace kms {
class CertificateTableModel;
class KmsClient;
struct Response;
} // namespace kms

namespace kms::ui {

class CertificateDetailPane;

// The Certificates page: the store's certificates (CertificateTableModel, paged, newest
// first) with filters by status, subject or issuer text, region and "expiring soon"; the
// columns sort over the loaded rows (the list action has no sort column). Certificates that
// run out within 30 days are marked amber, expired ones red. A detail pane shows the
// selected certificate; the actions create a key pair and CSR (or a self-signed root CA),
// upload the certificate, issue certificates with a CA, activate, deactivate, revoke, export,
// save the CSR, make a CRL, and delete. Failures are shown through Dialogs::showError.
class CertificatesPage : public Page
{
    Q_OBJECT

public:
    explicit CertificatesPage(KmsClient &client, QWidget *parent = nullptr);
    ~CertificatesPage() override;

    QString title() const override;
    void refresh() override;

    CertificateTableModel *model() const { return m_model; }
    // What the table shows: the model sorted, with the expiry colours.
    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    QTableView *tableView() const { return m_tableView; }
    CertificateDetailPane *detailPane() const { return m_detailPane; }
    // The certificate the actions work on (a ListCertificates row); empty if none.
    const QJsonObject &currentCertificate() const { return m_current; }
    QString currentCertificateId() const;
    // Selects a loaded certificate; otherwise shows `certificate` in the pane, if given.
    bool selectCertificate(const QString &certificateId, const QJsonObject &certificate = {});

public slots:
    void createCertificate();
    void uploadCertificate();
    void issueCertificate();
    void activateCertificate();
    void deactivateCertificate();
    void revokeCertificate();
    void exportCertificate();
    void saveCsr();
    void generateCrl();
    void deleteCertificate();
    void copyCertificateId();

protected:
    void retranslate() override;

private:
    QAction *makeAction(
        const char *objectName, const QKeySequence &shortcut, void (CertificatesPage::*slot)());
    void setCurrentCertificate(const QJsonObject &certificate);
    void currentRowChanged();
    void restoreSelection();
    void updateActions();
    void updateCount();
    void applySearch();
    void showLoadError(const Response &response);
    // UpdateCertificateStatus; a failure is shown.
    void changeStatus(const QString &status, const QString &what);
    // The list after a change (the client announces key changes only).
    void reloadAfterChange(const QString &certificateId, const QJsonObject &certificate = {});
    QString certificateName() const;

    KmsClient &m_client;
    CertificateTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QJsonObject m_current;
    QTimer m_searchTimer;

    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_searchLineEdit = nullptr;
    QLabel *m_statusLabel = nullptr;
    QComboBox *m_statusComboBox = nullptr;
    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QCheckBox *m_expiringCheckBox = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_tableView = nullptr;
    CertificateDetailPane *m_detailPane = nullptr;
    QMenu *m_contextMenu = nullptr;

    QAction *m_createAction = nullptr;
    QAction *m_uploadAction = nullptr;
    QAction *m_issueAction = nullptr;
    QAction *m_activateAction = nullptr;
    QAction *m_deactivateAction = nullptr;
    QAction *m_revokeAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_saveCsrAction = nullptr;
    QAction *m_generateCrlAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyIdAction = nullptr;
};

} // namespace kms::ui
