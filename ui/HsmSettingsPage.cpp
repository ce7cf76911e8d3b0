#include "HsmSettingsPage.h"

#include "Dialogs.h"
#include "HsmDialog.h"
#include "HsmMonitor.h"
#include "HsmPinDialog.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QApplication>
#include <QColor>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFont>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace kms::ui {

namespace {

QLabel *makeValueLabel(const char *objectName)
{
    auto *label = new QLabel;
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel *makeCaptionLabel()
{
    auto *label = new QLabel;
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

} // namespace

HsmSettingsPage::HsmSettingsPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("hsmSettingsPage"));

    m_addAction = makePageAction(
        this, "addHsmAction", QKeySequence(Qt::CTRL | Qt::Key_N), &HsmSettingsPage::addHsm);
    m_testAction = makePageAction(this, "testHsmAction", QKeySequence(Qt::CTRL | Qt::Key_T),
        &HsmSettingsPage::testConnection);
    m_pinAction
        = makePageAction(this, "enterPinAction", QKeySequence(), &HsmSettingsPage::enterPin);
    m_removeAction = makePageAction(
        this, "removeHsmAction", QKeySequence(Qt::Key_Delete), &HsmSettingsPage::removeHsm);
    m_addRegionAction
        = makePageAction(this, "addRegionAction", QKeySequence(), &HsmSettingsPage::addRegion);
    m_toolBar = makeToolBar(this, "hsmToolBar",
        { m_addAction, nullptr, m_testAction, m_pinAction, nullptr, m_addRegionAction, nullptr,
            m_removeAction });

    m_introLabel = new QLabel;
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);

    m_tableWidget = new QTableWidget(0, ColumnCount);
    m_tableWidget->setObjectName(QStringLiteral("hsmTableWidget"));
    m_tableWidget->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableWidget->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableWidget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableWidget->verticalHeader()->hide();
    m_tableWidget->horizontalHeader()->setStretchLastSection(true);
    m_tableWidget->setAlternatingRowColors(true);
    m_tableWidget->setWordWrap(false);
    m_tableWidget->setTextElideMode(Qt::ElideMiddle);
    connect(m_tableWidget, &QTableWidget::itemSelectionChanged, this, [this] {
        updateDetail();
        updateActions();
    });

    auto *pane = new QWidget;
    pane->setObjectName(QStringLiteral("hsmDetailPane"));
    m_detailTitleLabel = makeValueLabel("detailTitleLabel");
    QFont titleFont = m_detailTitleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_detailTitleLabel->setFont(titleFont);
    m_tokenCaptionLabel = makeCaptionLabel();
    m_tokenInfoLabel = makeValueLabel("tokenInfoLabel");
    m_stateCaptionLabel = makeCaptionLabel();
    m_stateLabel = makeValueLabel("stateLabel");
    m_errorCaptionLabel = makeCaptionLabel();
    m_lastErrorLabel = makeValueLabel("lastErrorLabel");
    m_specsCaptionLabel = makeCaptionLabel();
    m_keySpecsLabel = makeValueLabel("keySpecsLabel");
    m_mechanismsCaptionLabel = makeCaptionLabel();
    m_mechanismsTextEdit = new QPlainTextEdit;
    m_mechanismsTextEdit->setObjectName(QStringLiteral("mechanismsTextEdit"));
    m_mechanismsTextEdit->setReadOnly(true);
    m_remoteWarningLabel = makeValueLabel("remoteWarningLabel");
    m_remoteWarningLabel->setStyleSheet(QStringLiteral("QLabel { color: #b26a00; }"));

    auto *grid = new QGridLayout(pane);
    grid->setColumnStretch(1, 1);
    int row = 0;
    grid->addWidget(m_detailTitleLabel, row++, 0, 1, 2);
    grid->addWidget(m_stateCaptionLabel, row, 0);
    grid->addWidget(m_stateLabel, row++, 1);
    grid->addWidget(m_errorCaptionLabel, row, 0);
    grid->addWidget(m_lastErrorLabel, row++, 1);
    grid->addWidget(m_tokenCaptionLabel, row, 0);
    grid->addWidget(m_tokenInfoLabel, row++, 1);
    grid->addWidget(m_specsCaptionLabel, row, 0);
    grid->addWidget(m_keySpecsLabel, row++, 1);
    grid->addWidget(m_mechanismsCaptionLabel, row, 0);
    grid->addWidget(m_mechanismsTextEdit, row++, 1);
    grid->setRowStretch(row - 1, 1);
    grid->addWidget(m_remoteWarningLabel, row++, 0, 1, 2);

    auto *listArea = new QWidget;
    auto *listLayout = new QVBoxLayout(listArea);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_introLabel);
    listLayout->addWidget(m_tableWidget);

    QSplitter *splitter
        = makeDetailSplitter(this, "hsmSplitter", listArea, pane, { 3, 2 }, { 700, 380 });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(splitter, 1);

    retranslate(); // also fills the table
}

HsmSettingsPage::~HsmSettingsPage() = default;

QString HsmSettingsPage::title() const
{
    //: The Settings section's page: the PKCS#11 HSMs.
    return tr("HSMs");
}

void HsmSettingsPage::retranslate()
{
    m_addAction->setText(tr("&Add HSM…"));
    m_addAction->setToolTip(tr("Configure a PKCS#11 token a region can be bound to"));
    m_testAction->setText(tr("&Test Connection"));
    m_testAction->setToolTip(
        tr("Connect to the selected HSM again with this session's PIN and read its token"));
    m_pinAction->setText(tr("Enter &PIN…"));
    m_pinAction->setToolTip(tr("Give the PIN of an HSM that was skipped at start-up"));
    m_removeAction->setText(tr("&Remove"));
    m_removeAction->setToolTip(
        tr("Remove the selected HSM's configuration (refused while a region is bound to it)"));
    m_addRegionAction->setText(tr("Add &Region…"));
    m_addRegionAction->setToolTip(tr("Make a region whose HSM keys live on the selected HSM"));
    m_introLabel->setText(tr("PKCS#11 HSMs a region can be bound to. Keys of protection level "
                             "HSM are made on the region's token and never leave it."));
    m_tableWidget->setHorizontalHeaderLabels({ tr("Name"), tr("Module"), tr("Token"),
        //: Column: the p11-kit server's address of a remote token.
        tr("Remote server"),
        //: Column: where the HSM's PIN is kept.
        tr("PIN"), tr("Connection"), tr("Regions") });
    m_tokenCaptionLabel->setText(tr("Token:"));
    m_stateCaptionLabel->setText(tr("Connection:"));
    m_errorCaptionLabel->setText(tr("Last error:"));
    m_specsCaptionLabel->setText(tr("Usable key specs:"));
    m_mechanismsCaptionLabel->setText(tr("Mechanisms:"));
    m_remoteWarningLabel->setText(
        tr("This HSM is reached through p11-kit's client: the PIN and all data cross the "
           "p11-kit socket in the clear unless it is tunnelled over SSH or TLS."));
    // The table's texts and the pane follow the language too.
    const QString selected = currentHsmName();
    refresh();
    selectHsm(selected);
}

QString HsmSettingsPage::stateText(const StoreSession::HsmStatus &status) const
{
    switch (status.state) {
    case StoreSession::HsmStatus::Connected:
        //: Connection state of an HSM.
        return tr("connected");
    case StoreSession::HsmStatus::Disconnected:
        return status.lastError.isEmpty()
            //: Connection state of an HSM that has not been used yet in this session.
            ? tr("not connected yet")
            //: Connection state of an HSM that went away.
            : tr("disconnected");
    case StoreSession::HsmStatus::NoPin:
        //: Connection state of an HSM whose PIN was skipped at start-up.
        return tr("PIN needed");
    case StoreSession::HsmStatus::NotConfigured:
        return tr("not configured");
    }
    return QString();
}

QString HsmSettingsPage::pinText(const HsmConfiguration &configuration) const
{
    return configuration.pinInKeychain
        //: Where an HSM's PIN is kept.
        ? tr("OS keychain")
        //: Where an HSM's PIN is kept: nowhere, it is asked at each start.
        : tr("asked at start");
}

void HsmSettingsPage::refresh()
{
    const QString selected = currentHsmName();
    StoreSession &session = m_client.session();
    m_configurations.clear();
    if (auto configurations = session.hsmConfigurations(); configurations)
        m_configurations = *configurations;
    m_regions = HsmMonitor::boundRegions(session);
    m_status.clear();
    for (const HsmConfiguration &configuration : std::as_const(m_configurations))
        m_status.insert(configuration.name(), session.hsmStatus(configuration.name(), false));

    const QSignalBlocker blocker(m_tableWidget);
    m_tableWidget->setRowCount(int(m_configurations.size()));
    for (int row = 0; row < m_configurations.size(); ++row) {
        const HsmConfiguration &configuration = m_configurations.at(row);
        const StoreSession::HsmStatus status = m_status.value(configuration.name());
        const QStringList texts = { configuration.name(), configuration.modulePath,
            configuration.tokenLabel, configuration.serverAddress, pinText(configuration),
            stateText(status), m_regions.value(configuration.name()).join(QStringLiteral(", ")) };
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setToolTip(texts.at(column));
            if (column == StateColumn && status.state != StoreSession::HsmStatus::Connected
                && !status.lastError.isEmpty()) {
                item->setForeground(QColor(0xc6, 0x28, 0x28));
                item->setToolTip(status.lastError);
            }
            m_tableWidget->setItem(row, column, item);
        }
    }
    m_tableWidget->resizeColumnsToContents();
    constexpr int kWidestColumn = 170; // long module paths and addresses are elided
    for (int column = 0; column < ColumnCount; ++column)
        m_tableWidget->setColumnWidth(
            column, std::min(m_tableWidget->columnWidth(column), kWidestColumn));
    if (!selectHsm(selected) && !m_configurations.isEmpty())
        m_tableWidget->selectRow(0);
    updateDetail();
    updateActions();
}

QString HsmSettingsPage::currentHsmName() const
{
    const QList<QTableWidgetItem *> selected = m_tableWidget->selectedItems();
    if (selected.isEmpty())
        return QString();
    const int row = selected.constFirst()->row();
    return row < m_configurations.size() ? m_configurations.at(row).name() : QString();
}

bool HsmSettingsPage::selectHsm(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (int row = 0; row < m_configurations.size(); ++row) {
        if (m_configurations.at(row).name() == name) {
            m_tableWidget->selectRow(row);
            updateDetail();
            updateActions();
            return true;
        }
    }
    return false;
}

void HsmSettingsPage::updateActions()
{
    const QString name = currentHsmName();
    const bool selected = !name.isEmpty();
    m_testAction->setEnabled(selected);
    m_pinAction->setEnabled(
        selected && m_status.value(name).state == StoreSession::HsmStatus::NoPin);
    m_removeAction->setEnabled(selected);
    m_addRegionAction->setEnabled(selected);
}

void HsmSettingsPage::updateDetail()
{
    const QString name = currentHsmName();
    const bool selected = !name.isEmpty();
    for (QWidget *widget : std::initializer_list<QWidget *> { m_tokenCaptionLabel, m_tokenInfoLabel,
             m_stateCaptionLabel, m_stateLabel, m_errorCaptionLabel, m_lastErrorLabel,
             m_specsCaptionLabel, m_keySpecsLabel, m_mechanismsCaptionLabel, m_mechanismsTextEdit })
        widget->setVisible(selected);
    if (!selected) {
        m_detailTitleLabel->setText(m_configurations.isEmpty()
                ? tr("No HSM is configured: the keys live in the built-in software HSM. Add "
                     "one with Add HSM….")
                : tr("Select an HSM."));
        m_remoteWarningLabel->hide();
        return;
    }
    HsmConfiguration configuration;
    for (const HsmConfiguration &candidate : std::as_const(m_configurations)) {
        if (candidate.name() == name)
            configuration = candidate;
    }
    m_detailTitleLabel->setText(name);
    const StoreSession::HsmStatus status = m_status.value(name);
    m_stateLabel->setText(stateText(status));
    m_stateLabel->setStyleSheet(status.state == StoreSession::HsmStatus::Connected
            ? QStringLiteral("QLabel { color: #2e7d32; font-weight: bold; }")
            : QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    m_lastErrorLabel->setText(status.lastError.isEmpty() ? tr("none") : status.lastError);

    const auto probe = m_probes.constFind(name);
    if (m_tokens.contains(name))
        m_tokenInfoLabel->setText(HsmDialog::describeToken(m_tokens.value(name)));
    else if (probe != m_probes.constEnd())
        m_tokenInfoLabel->setText(HsmDialog::describeToken(probe->token));
    else
        m_tokenInfoLabel->setText(tr("Not read yet: use Test Connection."));
    if (probe != m_probes.constEnd()) {
        m_keySpecsLabel->setText(probe->usableKeySpecs.isEmpty()
                ? tr("none")
                : probe->usableKeySpecs.join(QStringLiteral(", ")));
        m_mechanismsTextEdit->setPlainText(probe->mechanisms.join(QLatin1Char('\n')));
    } else {
        m_keySpecsLabel->setText(tr("Not read yet: they are read when the HSM is added."));
        m_mechanismsTextEdit->clear();
    }
    m_remoteWarningLabel->setVisible(!configuration.serverAddress.isEmpty()
        || configuration.modulePath.contains(QLatin1String("p11-kit-client")));
}

void HsmSettingsPage::addHsm()
{
    auto *dialog = new HsmDialog(m_client.session(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HsmDialog::hsmSaved, this,
        [this](const HsmConfiguration &configuration, const HsmProbe &probe) {
            m_probes.insert(configuration.name(), probe);
            m_tokens.insert(configuration.name(), probe.token);
            refresh();
            selectHsm(configuration.name());
        });
    dialog->open();
}

void HsmSettingsPage::testConnection()
{
    const QString name = currentHsmName();
    if (name.isEmpty())
        return;
    HsmConfiguration configuration;
    for (const HsmConfiguration &candidate : std::as_const(m_configurations)) {
        if (candidate.name() == name)
            configuration = candidate;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const StoreSession::HsmStatus status = m_client.session().hsmStatus(name, true);
    auto tokens = status.state == StoreSession::HsmStatus::Connected
        ? hsmconfig::listTokens(configuration.modulePath, configuration.serverAddress)
        : Result<QList<HsmTokenSummary>>(QList<HsmTokenSummary>());
    QApplication::restoreOverrideCursor();
    if (tokens) {
        for (const HsmTokenSummary &token : std::as_const(*tokens)) {
            if (token.label == configuration.tokenLabel)
                m_tokens.insert(name, token);
        }
    }
    refresh();
    selectHsm(name);
    if (status.state == StoreSession::HsmStatus::Disconnected) {
        Dialogs::showError(this,
            Response::failure(KmsError(QStringLiteral("KMS.0505"), status.lastError), QString()),
            tr("Connecting to %1").arg(name));
    }
}

void HsmSettingsPage::enterPin()
{
    const QString name = currentHsmName();
    if (name.isEmpty())
        return;
    auto *dialog = new HsmPinDialog(m_client.session(), name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, name] {
        refresh();
        selectHsm(name);
    });
    dialog->open();
}

void HsmSettingsPage::removeHsm()
{
    const QString name = currentHsmName();
    if (name.isEmpty())
        return;
    //: %1 names the HSM.
    if (!Dialogs::confirm(this, tr("Remove HSM"),
            tr("Remove the configuration of %1? Its PIN is removed from the keychain; the keys "
               "on the token stay there.")
                .arg(name)))
        return;
    if (auto removed = m_client.session().removeHsmConfiguration(name); !removed) {
        Dialogs::showError(this, Response::failure(removed.error(), QString()),
            tr("Removing the HSM %1").arg(name));
        return;
    }
    m_probes.remove(name);
    m_tokens.remove(name);
    refresh();
}

void HsmSettingsPage::addRegion()
{
    const QString name = currentHsmName();
    if (name.isEmpty())
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("addRegionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    //: Title of the dialog that makes a region bound to an HSM.
    dialog->setWindowTitle(tr("Add Region"));
    auto *intro
        = new QLabel(tr("A new region whose keys of protection level HSM live on %1.").arg(name));
    intro->setWordWrap(true);
    auto *idLabel = new QLabel(tr("Region &ID:"));
    auto *idEdit = new QLineEdit;
    idEdit->setObjectName(QStringLiteral("regionIdLineEdit"));
    idLabel->setBuddy(idEdit);
    auto *descriptionLabel = new QLabel(tr("&Description:"));
    auto *descriptionEdit = new QLineEdit;
    descriptionEdit->setObjectName(QStringLiteral("regionDescriptionLineEdit"));
    descriptionLabel->setBuddy(descriptionEdit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    auto *grid = new QGridLayout(dialog);
    grid->setColumnStretch(1, 1);
    grid->addWidget(intro, 0, 0, 1, 2);
    grid->addWidget(idLabel, 1, 0);
    grid->addWidget(idEdit, 1, 1);
    grid->addWidget(descriptionLabel, 2, 0);
    grid->addWidget(descriptionEdit, 2, 1);
    grid->addWidget(buttons, 3, 0, 1, 2);
    connect(idEdit, &QLineEdit::textChanged, buttons, [buttons](const QString &text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog,
        [this, dialog, idEdit, descriptionEdit, name] {
            const QString regionId = idEdit->text().trimmed();
            auto added = m_client.session().addRegion(regionId, descriptionEdit->text(), name);
            if (!added) {
                Dialogs::showError(dialog, Response::failure(added.error(), QString()),
                    tr("Adding the region %1").arg(regionId));
                return;
            }
            dialog->accept();
            refresh();
            selectHsm(name);
        });
    dialog->open();
}

} // namespace kms::ui
