#include "CertificatesPage.h"

#include "DisplayText.h"

#include "CertificateDetailPane.h"
#include "CertificateFiles.h"
#include "CertificateTableModel.h"
#include "CreateCertificateDialog.h"
#include "Dialogs.h"
#include "ExportCertificateDialog.h"
#include "GenerateCrlDialog.h"
#include "IssueCertificateDialog.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"
#include "UploadCertificateDialog.h"

#include <QAction>
#include <QBrush>
#include <QCheckBox>
#include <QClipboard>
#include <QColor>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

using display::field;

// Sorts the loaded rows by SortRole and colours the Not after cells of certificates that
// expire soon (amber) or have expired (red); the model has no GUI types.
class CertificateProxyModel : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if ((role == Qt::BackgroundRole || role == Qt::ForegroundRole)
            && index.column() == CertificateTableModel::NotAfterColumn) {
            using Expiry = CertificateTableModel::Expiry;
            const auto expiry = Expiry(
                QSortFilterProxyModel::data(index, CertificateTableModel::ExpiryRole).toInt());
            if (expiry == Expiry::Expired)
                return role == Qt::BackgroundRole ? QBrush(QColor(0xef, 0x9a, 0x9a))
                                                  : QBrush(QColor(0x5d, 0x0a, 0x0a));
            if (expiry == Expiry::ExpiringSoon)
                return role == Qt::BackgroundRole ? QBrush(QColor(0xff, 0xd5, 0x80))
                                                  : QBrush(QColor(0x4e, 0x34, 0x00));
        }
        return QSortFilterProxyModel::data(index, role);
    }
};

} // namespace

CertificatesPage::CertificatesPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new CertificateTableModel(client, this))
    , m_proxy(new CertificateProxyModel(this))
{
    setObjectName(QStringLiteral("certificatesPage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CertificateTableModel::SortRole);
    m_proxy->setSortLocaleAware(true);
    m_proxy->setDynamicSortFilter(true);

    m_createAction = makeAction(
        "createCertificateAction", QKeySequence::New, &CertificatesPage::createCertificate);
    m_uploadAction = makeAction("uploadCertificateAction", QKeySequence(Qt::CTRL | Qt::Key_U),
        &CertificatesPage::uploadCertificate);
    m_issueAction = makeAction("issueCertificateAction", QKeySequence(Qt::CTRL | Qt::Key_I),
        &CertificatesPage::issueCertificate);
    m_activateAction = makeAction("activateCertificateAction", QKeySequence(Qt::CTRL | Qt::Key_E),
        &CertificatesPage::activateCertificate);
    m_deactivateAction = makeAction("deactivateCertificateAction",
        QKeySequence(Qt::CTRL | Qt::Key_D), &CertificatesPage::deactivateCertificate);
    m_revokeAction = makeAction(
        "revokeCertificateAction", QKeySequence(), &CertificatesPage::revokeCertificate);
    m_exportAction = makeAction("exportCertificateAction", QKeySequence(Qt::CTRL | Qt::Key_S),
        &CertificatesPage::exportCertificate);
    m_saveCsrAction = makeAction("saveCsrAction", QKeySequence(), &CertificatesPage::saveCsr);
    m_generateCrlAction
        = makeAction("generateCrlAction", QKeySequence(), &CertificatesPage::generateCrl);
    m_deleteAction = makeAction(
        "deleteCertificateAction", QKeySequence::Delete, &CertificatesPage::deleteCertificate);
    m_copyIdAction = makeAction("copyCertificateIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &CertificatesPage::copyCertificateId);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("certificatesToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_createAction);
    m_toolBar->addAction(m_uploadAction);
    m_toolBar->addAction(m_issueAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_activateAction);
    m_toolBar->addAction(m_deactivateAction);
    m_toolBar->addAction(m_revokeAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addAction(m_saveCsrAction);
    m_toolBar->addAction(m_generateCrlAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_deleteAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(QStringLiteral("certificateContextMenu"));
    m_contextMenu->addAction(m_copyIdAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_uploadAction);
    m_contextMenu->addAction(m_issueAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_activateAction);
    m_contextMenu->addAction(m_deactivateAction);
    m_contextMenu->addAction(m_revokeAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_exportAction);
    m_contextMenu->addAction(m_saveCsrAction);
    m_contextMenu->addAction(m_generateCrlAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_deleteAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_createAction);

    // Filter bar.
    m_searchLineEdit = new QLineEdit(this);
    m_searchLineEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchLineEdit->setClearButtonEnabled(true);
    m_statusLabel = new QLabel(this);
    m_statusComboBox = new QComboBox(this);
    m_statusComboBox->setObjectName(QStringLiteral("statusComboBox"));
    m_statusComboBox->addItem(QString(), QString());
    for (const QString &status : CertificateTableModel::statuses())
        m_statusComboBox->addItem(QString(), status);
    m_statusLabel->setBuddy(m_statusComboBox);
    m_regionLabel = new QLabel(this);
    m_regionComboBox = new QComboBox(this);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    m_regionComboBox->addItem(QString(), QString());
    m_regionLabel->setBuddy(m_regionComboBox);
    fillRegionComboBox(m_regionComboBox, m_client);
    m_expiringCheckBox = new QCheckBox(this);
    m_expiringCheckBox->setObjectName(QStringLiteral("expiringCheckBox"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_searchLineEdit, 3);
    filterBar->addWidget(m_statusLabel);
    filterBar->addWidget(m_statusComboBox, 1);
    filterBar->addWidget(m_regionLabel);
    filterBar->addWidget(m_regionComboBox, 1);
    filterBar->addWidget(m_expiringCheckBox);
    filterBar->addWidget(m_countLabel);

    // Table and detail pane.
    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("certificatesTableView"));
    m_tableView->setModel(m_proxy);
    setUpListView(m_tableView);
    m_tableView->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    const QFontMetrics metrics = m_tableView->fontMetrics();
    const auto widthOf = [&metrics](const char *sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    // Subjects and issuers are long distinguished names: they elide, the tooltip has them.
    header->resizeSection(CertificateTableModel::SubjectColumn, widthOf("CN=payments.example.com"));
    header->resizeSection(CertificateTableModel::IssuerColumn, widthOf("CN=Example Root CA"));
    header->resizeSection(CertificateTableModel::KeySpecColumn, widthOf("RSA_2048_"));
    header->resizeSection(CertificateTableModel::StatusColumn, widthOf("Pending import"));
    header->resizeSection(CertificateTableModel::NotAfterColumn, widthOf("2026-01-01 00:00"));
    header->resizeSection(CertificateTableModel::RegionColumn, widthOf("local-1_"));
    header->resizeSection(CertificateTableModel::CreatedColumn, widthOf("2026-01-01 00:00"));
    // Newest first as listed until a header is clicked; a third click goes back to that.
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_tableView->setSortingEnabled(true);

    m_detailPane = new CertificateDetailPane(client, this);
    QSplitter *splitter = makeDetailSplitter(
        this, "certificatesSplitter", m_tableView, m_detailPane, { 3, 2 }, { 660, 340 });
    layOutListPage(this, m_toolBar, filterBar, splitter);
    connectDelayedSearch(this, m_searchLineEdit, &m_searchTimer, &CertificatesPage::applySearch);
    connect(m_statusComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setStatusFilter(m_statusComboBox->currentData().toString()); });
    connect(m_regionComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setRegionFilter(m_regionComboBox->currentData().toString()); });
    connect(m_expiringCheckBox, &QCheckBox::toggled, m_model,
        &CertificateTableModel::setExpiringSoonFilter);

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &CertificatesPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this](const QPoint &position) { popUpContextMenu(m_tableView, m_contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &CertificatesPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model->rowOfCertificate(currentCertificateId());
            if (row >= topLeft.row() && row <= bottomRight.row())
                setCurrentCertificate(m_model->index(row, 0)
                                          .data(CertificateTableModel::CertificateRole)
                                          .toJsonObject());
        });
    connect(
        m_model, &CertificateTableModel::totalCountChanged, this, &CertificatesPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CertificatesPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CertificatesPage::updateCount);
    connect(m_model, &CertificateTableModel::loadFailed, this, &CertificatesPage::showLoadError);
    connect(
        m_detailPane, &CertificateDetailPane::saveCsrRequested, this, &CertificatesPage::saveCsr);

    retranslate();
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateActions();
}

CertificatesPage::~CertificatesPage() = default;

QString CertificatesPage::title() const
{
    //: Navigation entry and title of the certificate list page.
    return tr("Certificates");
}

void CertificatesPage::refresh()
{
    fillRegionComboBox(m_regionComboBox, m_client);
    m_model->refresh();
    updateCount();
}

QString CertificatesPage::currentCertificateId() const
{
    return field(m_current, "certificateId");
}

bool CertificatesPage::selectCertificate(
    const QString &certificateId, const QJsonObject &certificate)
{
    const int row = m_model->rowOfCertificate(certificateId);
    if (row >= 0) {
        const QModelIndex index
            = m_proxy->mapFromSource(m_model->index(row, CertificateTableModel::SubjectColumn));
        m_tableView->setCurrentIndex(index);
        m_tableView->scrollTo(index);
        setCurrentCertificate(
            m_model->index(row, 0).data(CertificateTableModel::CertificateRole).toJsonObject());
        return true;
    }
    if (certificate.isEmpty())
        return false;
    // Not listed (filters): the pane still shows it for the actions.
    m_tableView->clearSelection();
    setCurrentCertificate(certificate);
    return true;
}

QAction *CertificatesPage::makeAction(
    const char *objectName, const QKeySequence &shortcut, void (CertificatesPage::*slot)())
{
    auto *action = new QAction(this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

void CertificatesPage::setCurrentCertificate(const QJsonObject &certificate)
{
    m_current = certificate;
    m_detailPane->showCertificate(certificate);
    updateActions();
}

void CertificatesPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    setCurrentCertificate(current.isValid()
            ? current.data(CertificateTableModel::CertificateRole).toJsonObject()
            : QJsonObject());
}

void CertificatesPage::restoreSelection()
{
    const QString id = currentCertificateId();
    if (id.isEmpty() || !selectCertificate(id))
        setCurrentCertificate({});
    updateCount();
}

void CertificatesPage::updateActions()
{
    const bool has = !m_current.isEmpty();
    const QString status = field(m_current, "status");
    const bool pending = status == QLatin1String("PENDING_IMPORT");
    const bool active = status == QLatin1String("ACTIVE");
    const bool inactive = status == QLatin1String("INACTIVE");
    const bool revoked = status == QLatin1String("REVOKED");
    const bool isCa = m_current.value(QStringLiteral("isCa")).toBool();
    m_uploadAction->setEnabled(has && !revoked);
    m_issueAction->setEnabled(has && isCa && active);
    m_activateAction->setEnabled(has && inactive);
    m_deactivateAction->setEnabled(has && active);
    m_revokeAction->setEnabled(has && (active || inactive));
    m_exportAction->setEnabled(has && !pending);
    m_saveCsrAction->setEnabled(has && !m_detailPane->csrPem().isEmpty());
    m_generateCrlAction->setEnabled(has && isCa && active);
    m_deleteAction->setEnabled(has);
    m_copyIdAction->setEnabled(has);
}

void CertificatesPage::updateCount()
{
    const qint64 count = m_model->totalCount();
    //: Above the certificate list: how many certificates match the filters.
    m_countLabel->setText(count == 1 ? tr("1 certificate") : tr("%1 certificates").arg(count));
}

void CertificatesPage::applySearch()
{
    m_searchTimer.stop();
    m_model->setSubjectFilter(m_searchLineEdit->text());
}

void CertificatesPage::showLoadError(const Response &response)
{
    Dialogs::showError(this, response, tr("Loading the certificate list"));
}

QString CertificatesPage::certificateName() const
{
    // The subject's CN, which is what people call a certificate; the id if there is none.
    const QString subject = field(m_current, "subject");
    const QString commonName = subject.section(QLatin1Char(','), 0, 0).section(QLatin1Char('='), 1);
    return commonName.isEmpty() ? currentCertificateId() : commonName;
}

void CertificatesPage::reloadAfterChange(
    const QString &certificateId, const QJsonObject &certificate)
{
    m_model->refresh();
    updateCount();
    if (!certificateId.isEmpty() && !selectCertificate(certificateId, certificate))
        setCurrentCertificate({});
}

void CertificatesPage::createCertificate()
{
    auto *dialog = new CreateCertificateDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateCertificateDialog::certificateCreated, this,
        [this](const QString &id, const QJsonObject &certificate) {
            reloadAfterChange(id, certificate);
        });
    dialog->open();
}

void CertificatesPage::uploadCertificate()
{
    if (m_current.isEmpty())
        return;
    auto *dialog = new UploadCertificateDialog(
        m_client, currentCertificateId(), field(m_current, "subject"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UploadCertificateDialog::certificateUploaded, this,
        [this](const QJsonObject &certificate) {
            reloadAfterChange(field(certificate, "certificateId"), certificate);
        });
    dialog->open();
}

void CertificatesPage::issueCertificate()
{
    if (m_current.isEmpty() || !m_current.value(QStringLiteral("isCa")).toBool())
        return;
    auto *dialog = new IssueCertificateDialog(
        m_client, currentCertificateId(), field(m_current, "subject"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CertificatesPage::changeStatus(const QString &status, const QString &what)
{
    const QString id = currentCertificateId();
    const Response response = m_client.call(QStringLiteral("UpdateCertificateStatus"),
        { { QStringLiteral("certificateId"), id }, { QStringLiteral("status"), status } });
    if (!response.ok()) {
        Dialogs::showError(this, response, what);
        return;
    }
    reloadAfterChange(id, response.data.value(QStringLiteral("certificate")).toObject());
}

void CertificatesPage::activateCertificate()
{
    if (m_current.isEmpty())
        return;
    changeStatus(
        QStringLiteral("ACTIVE"), tr("Activating the certificate %1").arg(certificateName()));
}

void CertificatesPage::deactivateCertificate()
{
    if (m_current.isEmpty())
        return;
    changeStatus(
        QStringLiteral("INACTIVE"), tr("Deactivating the certificate %1").arg(certificateName()));
}

void CertificatesPage::revokeCertificate()
{
    if (m_current.isEmpty())
        return;
    const QString name = certificateName();
    if (!Dialogs::confirm(this, tr("Revoke Certificate"),
            //: Question before a certificate is revoked; %1 names it, %2 is its serial number.
            tr("Revoke the certificate %1 (serial number %2)?\n\nRevocation is final: the "
               "certificate can never be activated again, and its key no longer signs. If this "
               "store's CA issued it, the CA's next revocation list names it.")
                .arg(name, field(m_current, "serialNumber"))))
        return;
    changeStatus(QStringLiteral("REVOKED"), tr("Revoking the certificate %1").arg(name));
}

void CertificatesPage::exportCertificate()
{
    if (m_current.isEmpty())
        return;
    auto *dialog = new ExportCertificateDialog(m_client, m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CertificatesPage::saveCsr()
{
    const QString csr = m_detailPane->csrPem();
    if (m_current.isEmpty() || csr.isEmpty())
        return;
    QString name = certificateName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    const QString path = CertificateFiles::saveFileName(this, tr("Save Certificate Request"),
        name + QStringLiteral(".csr"), CertificateFiles::pemFilter());
    if (!path.isEmpty())
        CertificateFiles::write(this, path, csr.toLatin1());
}

void CertificatesPage::generateCrl()
{
    if (m_current.isEmpty() || !m_current.value(QStringLiteral("isCa")).toBool())
        return;
    auto *dialog = new GenerateCrlDialog(
        m_client, currentCertificateId(), field(m_current, "subject"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CertificatesPage::deleteCertificate()
{
    if (m_current.isEmpty())
        return;
    const QString name = certificateName();
    const QString id = currentCertificateId();
    if (!Dialogs::confirm(this, tr("Delete Certificate"),
            //: Question before a certificate is deleted; %1 names it, %2 is its id.
            tr("Delete the certificate %1 (%2) and its private key?\n\nThe private key is "
               "destroyed and cannot be recovered; export it first if you still need it.")
                .arg(name, id)))
        return;
    const Response response = m_client.call(
        QStringLiteral("DeleteCertificate"), { { QStringLiteral("certificateId"), id } });
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Deleting the certificate %1").arg(name));
        return;
    }
    setCurrentCertificate({});
    reloadAfterChange(QString());
}

void CertificatesPage::copyCertificateId()
{
    if (!m_current.isEmpty())
        QGuiApplication::clipboard()->setText(currentCertificateId());
}

void CertificatesPage::retranslate()
{
    m_createAction->setText(tr("&Create…"));
    m_createAction->setToolTip(
        tr("Create a key pair and certificate request, or a self-signed root CA"));
    m_uploadAction->setText(tr("&Upload…"));
    m_uploadAction->setToolTip(tr("Upload the certificate issued for the selected CSR"));
    m_issueAction->setText(tr("&Issue…"));
    m_issueAction->setToolTip(tr("Issue a certificate for a CSR with the selected CA"));
    m_activateAction->setText(tr("&Activate"));
    m_deactivateAction->setText(tr("&Deactivate"));
    m_revokeAction->setText(tr("&Revoke…"));
    m_revokeAction->setToolTip(tr("Revoke the selected certificate for good"));
    m_exportAction->setText(tr("E&xport…"));
    m_saveCsrAction->setText(tr("Save C&SR…"));
    m_generateCrlAction->setText(tr("Generate C&RL…"));
    m_generateCrlAction->setToolTip(tr("Make the revocation list of the selected CA"));
    m_deleteAction->setText(tr("De&lete…"));
    m_copyIdAction->setText(tr("Copy Certificate &ID"));
    m_toolBar->setWindowTitle(tr("Certificate actions"));

    m_searchLineEdit->setPlaceholderText(tr("Search subject or issuer"));
    m_statusLabel->setText(tr("S&tatus:"));
    m_regionLabel->setText(tr("Re&gion:"));
    for (int i = 0; i < m_statusComboBox->count(); ++i) {
        const QString status = m_statusComboBox->itemData(i).toString();
        m_statusComboBox->setItemText(
            i, status.isEmpty() ? tr("All statuses") : CertificateTableModel::statusText(status));
    }
    m_regionComboBox->setItemText(0, tr("All regions"));
    //: Filter of the certificate list: only those that expire within 30 days or have expired.
    m_expiringCheckBox->setText(tr("Expiring s&oon"));
    m_expiringCheckBox->setToolTip(tr("Only certificates that expire within 30 days or have "
                                      "expired"));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
