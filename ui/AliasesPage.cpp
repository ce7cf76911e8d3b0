#include "AliasesPage.h"

#include "DisplayText.h"

#include "AliasDialog.h"
#include "AliasTableModel.h"
#include "Dialogs.h"
#include "KeyTableModel.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

using display::field;

} // namespace

AliasesPage::AliasesPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new AliasTableModel(client, this))
{
    setObjectName(QStringLiteral("aliasesPage"));

    m_createAliasAction
        = makePageAction(this, "createAliasAction", QKeySequence::New, &AliasesPage::createAlias);
    m_repointAliasAction = makePageAction(
        this, "repointAliasAction", QKeySequence(Qt::Key_F2), &AliasesPage::repointAlias);
    m_deleteAliasAction = makePageAction(
        this, "deleteAliasAction", QKeySequence::Delete, &AliasesPage::deleteAlias);
    m_copyKeyIdAction = makePageAction(this, "copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &AliasesPage::copyKeyId);

    m_toolBar = makeToolBar(this, "aliasesToolBar",
        { m_createAliasAction, m_repointAliasAction, m_deleteAliasAction, nullptr,
            m_copyKeyIdAction });
    m_contextMenu = makeMenu(this, "aliasContextMenu",
        { m_copyKeyIdAction, nullptr, m_repointAliasAction, m_deleteAliasAction, nullptr,
            m_createAliasAction });

    m_regionLabel = new QLabel(this);
    m_regionComboBox = new QComboBox(this);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    m_regionComboBox->addItem(QString(), QString());
    m_regionLabel->setBuddy(m_regionComboBox);
    fillRegionComboBox(m_regionComboBox, m_client);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_regionLabel);
    filterBar->addWidget(m_regionComboBox);
    filterBar->addStretch();
    filterBar->addWidget(m_countLabel);

    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("aliasesTableView"));
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    m_tableView->horizontalHeader()->setStretchLastSection(true);
    setColumnWidths(m_tableView,
        { { AliasTableModel::AliasNameColumn, "alias/payroll-database-eu" },
            { AliasTableModel::KeyIdColumn, "00000000-0000-0000-0000-000000000000" },
            { AliasTableModel::CreatedColumn, "2026-01-01 00:00:00" },
            { AliasTableModel::UpdatedColumn, "2026-01-01 00:00:00" } });

    // Shown while a default key's alias is selected: why its actions are disabled.
    m_protectedLabel = new QLabel(this);
    m_protectedLabel->setObjectName(QStringLiteral("protectedLabel"));
    m_protectedLabel->setWordWrap(true);
    m_protectedLabel->hide();
    m_lockLabel = new QLabel(this);
    m_lockLabel->setObjectName(QStringLiteral("lockLabel"));
    const QIcon lock = QIcon::fromTheme(
        QStringLiteral("object-locked"), style()->standardIcon(QStyle::SP_MessageBoxInformation));
    m_lockLabel->setPixmap(lock.pixmap(16, 16));
    m_lockLabel->hide();
    auto *protectedRow = new QHBoxLayout;
    protectedRow->addWidget(m_lockLabel);
    protectedRow->addWidget(m_protectedLabel, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addLayout(filterBar);
    layout->addWidget(m_tableView, 1);
    layout->addLayout(protectedRow);

    connect(m_regionComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setRegionFilter(m_regionComboBox->currentData().toString()); });
    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &AliasesPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this](const QPoint &position) { popUpContextMenu(m_tableView, m_contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &AliasesPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        const QModelIndex current = m_tableView->selectionModel()->currentIndex();
        m_current = current.isValid() ? current.data(AliasTableModel::AliasRole).toJsonObject()
                                      : QJsonObject();
        updateActions();
    });
    connect(m_model, &AliasTableModel::totalCountChanged, this, &AliasesPage::updateCount);
    connect(m_model, &AliasTableModel::loadFailed, this, &AliasesPage::showLoadError);

    retranslate();
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateActions();
}

AliasesPage::~AliasesPage() = default;

QString AliasesPage::title() const
{
    //: Navigation entry and title of the alias list page.
    return tr("Aliases");
}

void AliasesPage::refresh()
{
    fillRegionComboBox(m_regionComboBox, m_client);
    m_model->refresh();
    updateCount();
}

bool AliasesPage::selectAlias(const QString &aliasName, const QString &regionId)
{
    int row = -1;
    if (!regionId.isEmpty()) {
        row = m_model->rowOfAlias(aliasName, regionId);
    } else {
        for (int r = 0; r < m_model->rowCount() && row < 0; ++r) {
            if (m_model->aliasNameAt(r) == aliasName)
                row = r;
        }
    }
    if (row < 0)
        return false;
    m_tableView->setCurrentIndex(m_model->index(row, AliasTableModel::AliasNameColumn));
    m_tableView->scrollTo(m_tableView->currentIndex());
    return true;
}

void AliasesPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    m_current = current.isValid() ? current.data(AliasTableModel::AliasRole).toJsonObject()
                                  : QJsonObject();
    updateActions();
}

void AliasesPage::restoreSelection()
{
    const QString name = field(m_current, "aliasName");
    const QString region = field(m_current, "regionId");
    m_current = {};
    if (!name.isEmpty())
        selectAlias(name, region);
    updateActions();
    updateCount();
}

void AliasesPage::updateActions()
{
    const bool hasAlias = !m_current.isEmpty();
    const bool isDefault = m_current.value(QStringLiteral("isDefault")).toBool();
    m_repointAliasAction->setEnabled(hasAlias && !isDefault);
    m_deleteAliasAction->setEnabled(hasAlias && !isDefault);
    m_copyKeyIdAction->setEnabled(hasAlias);
    m_protectedLabel->setVisible(hasAlias && isDefault);
    m_lockLabel->setVisible(hasAlias && isDefault);
}

void AliasesPage::updateCount()
{
    // All pages, not only the loaded ones.
    const qint64 count = m_model->totalCount();
    //: Above the alias list: how many aliases there are.
    m_countLabel->setText(count == 1 ? tr("1 alias") : tr("%1 aliases").arg(count));
}

void AliasesPage::showLoadError(const Response &response)
{
    Dialogs::showError(this, response, tr("Loading the alias list"));
}

void AliasesPage::createAlias()
{
    auto *dialog = new AliasDialog(m_client, AliasDialog::Mode::Create, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AliasDialog::aliasChanged, this,
        [this](const QString &aliasName) { selectAlias(aliasName); });
    dialog->open();
}

void AliasesPage::repointAlias()
{
    if (m_current.isEmpty() || m_current.value(QStringLiteral("isDefault")).toBool())
        return;
    auto *dialog = new AliasDialog(m_client, AliasDialog::Mode::Repoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAliasChoices({ field(m_current, "aliasName") });
    dialog->setRegionId(field(m_current, "regionId"));
    const QString region = field(m_current, "regionId");
    connect(dialog, &AliasDialog::aliasChanged, this,
        [this, region](const QString &aliasName) { selectAlias(aliasName, region); });
    dialog->open();
}

void AliasesPage::deleteAlias()
{
    if (m_current.isEmpty() || m_current.value(QStringLiteral("isDefault")).toBool())
        return;
    const QString alias = field(m_current, "aliasName");
    const QString key = field(m_current, "cmkUuid");
    if (!Dialogs::confirm(this, tr("Delete Alias"),
            tr("Delete the alias %1 of the key %2?\n\nApplications that use the alias will no "
               "longer find the key. The key itself is not changed.")
                .arg(alias, key)))
        return;
    const Response response = m_client.call(QStringLiteral("DeleteAlias"),
        { { QStringLiteral("aliasName"), alias },
            { QStringLiteral("regionId"), field(m_current, "regionId") } });
    if (!response.ok())
        Dialogs::showError(this, response, tr("Deleting the alias %1").arg(alias));
}

void AliasesPage::copyKeyId()
{
    if (!m_current.isEmpty())
        QGuiApplication::clipboard()->setText(field(m_current, "cmkUuid"));
}

void AliasesPage::retranslate()
{
    m_createAliasAction->setText(tr("&Create Alias…"));
    m_repointAliasAction->setText(tr("&Repoint…"));
    m_repointAliasAction->setToolTip(tr("Point the selected alias at another key"));
    m_deleteAliasAction->setText(tr("&Delete"));
    m_deleteAliasAction->setToolTip(tr("Delete the selected alias (the key stays)"));
    m_copyKeyIdAction->setText(tr("Copy Key &ID"));
    m_toolBar->setWindowTitle(tr("Alias actions"));
    m_regionLabel->setText(tr("Re&gion:"));
    m_regionComboBox->setItemText(0, tr("All regions"));
    m_protectedLabel->setText(tr("This alias belongs to a region's default key. It is managed "
                                 "by the KMS and cannot be repointed or deleted."));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
