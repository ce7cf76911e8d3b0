#pragma once

#include "Page.h"

#include "audit/AuditService.h"
#include "core/Result.h"
#include "store/Store.h"

class QAction;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolButton;

namespace kms {
class AuditTableModel;
class AuditTasks;
class KmsClient;
} // namespace kms

namespace kms::ui {

// The Audit page: the audit log (AuditTableModel), newest first, filtered by time range,
// operator, action, key and result in SQL; the detail of the selected row; Verify, which walks
// the whole chain in the background with a progress bar and names the first bad row; and
// Export, which writes the filtered rows as CSV or JSON lines, each with an Ed25519 signature
// file (FILE.sig) and the audit public key (FILE.pub.pem) that `openssl pkeyutl -verify`
// checks it with. Reading the log here is not audited; verifying and exporting are.
class AuditPage : public Page
{
    Q_OBJECT

public:
    explicit AuditPage(KmsClient &client, QWidget *parent = nullptr);
    ~AuditPage() override;

    QString title() const override;
    void refresh() override;

    AuditTableModel *model() const { return m_model; }
    // The filter as the bar shows it.
    store::AuditQuery filterFromBar() const;

public slots:
    void applyFilter();
    void clearFilter();
    void verifyChain();
    void exportCsv();
    void exportJsonLines();
    void cancelTask();

signals:
    // A verification or export finished (tests wait for these).
    void verifyFinished(bool intact);
    void exportFinished(bool ok);

protected:
    void retranslate() override;

private:
    void showDetail();
    void updateCount();
    void updateChainHead();
    void startExport(AuditExportFormat format);
    void setBusy(bool busy);
    void showVerdict(const Result<AuditLog::Verdict> &verdict);
    void showExported(const Result<AuditService::ExportedFiles> &files);
    QString verdictText(const AuditLog::Verdict &verdict) const;

    KmsClient &m_client;
    AuditTableModel *m_model = nullptr;
    AuditTasks *m_tasks = nullptr;

    QLabel *m_fromLabel = nullptr;
    QLabel *m_toLabel = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QLineEdit *m_operatorEdit = nullptr;
    QComboBox *m_actionCombo = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QComboBox *m_resultCombo = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_headLabel = nullptr;
    QLabel *m_detailTitle = nullptr;
    QList<QLabel *> m_detailNames;
    QList<QLabel *> m_detailValues;
    QPushButton *m_verifyButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    QAction *m_exportCsvAction = nullptr;
    QAction *m_exportJsonAction = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_verdictLabel = nullptr;
    QString m_exportPath;
    bool m_cancelRequested = false;
};

} // namespace kms::ui
