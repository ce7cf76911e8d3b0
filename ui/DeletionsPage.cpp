#include "DeletionsPage.h"

#include "DeletionTableModel.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

} // namespace

DeletionsPage::DeletionsPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new DeletionTableModel(client, this))
{
    setObjectName(QStringLiteral("deletionsPage"));

    m_cancelDeletionAction = makeAction("cancelDeletionAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), &DeletionsPage::cancelDeletion);
    m_copyKeyIdAction = makeAction("copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &DeletionsPage::copyKeyId);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("deletionsToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_cancelDeletionAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_copyKeyIdAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(QStringLiteral("deletionContextMenu"));
    m_contextMenu->addAction(m_copyKeyIdAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_cancelDeletionAction);

    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    auto *topBar = new QHBoxLayout;
    topBar->addWidget(m_toolBar, 1);
    topBar->addWidget(m_countLabel);

    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("deletionsTableView"));
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics metrics = m_tableView->fontMetrics();
    const auto widthOf = [&metrics](const char *sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    header->resizeSection(DeletionTableModel::AliasColumn, widthOf("alias/payroll-database"));
    header->resizeSection(
        DeletionTableModel::KeyIdColumn, widthOf("00000000-0000-0000-0000-000000000000"));
    header->resizeSection(DeletionTableModel::SpecColumn, widthOf("RSA_2048_"));
    header->resizeSection(DeletionTableModel::RegionColumn, widthOf("local-1___"));
    header->resizeSection(DeletionTableModel::DeleteDateColumn, widthOf("2026-01-01 00:00__"));
    header->resizeSection(DeletionTableModel::DaysLeftColumn, widthOf("Due now____"));
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_tableView->setSortingEnabled(true); // header clicks call DeletionTableModel::sort: SQL
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int column) {
        if (!DeletionTableModel::isSortable(column)) {
            const QSignalBlocker blocker(header);
            header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
        }
    });

    m_emptyLabel = new QLabel(this);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(topBar);
    layout->addWidget(m_hintLabel);
    layout->addWidget(m_tableView, 1);
    layout->addWidget(m_emptyLabel);

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DeletionsPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this](const QPoint &position) { popUpContextMenu(m_tableView, m_contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeletionsPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DeletionsPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model->rowOfKey(currentKeyId());
            if (row >= topLeft.row() && row <= bottomRight.row())
                setCurrentKey(m_model->index(row, 0)
                                  .data(DeletionTableModel::KeyMetadataRole)
                                  .toJsonObject());
        });
    connect(m_model, &DeletionTableModel::totalCountChanged, this, &DeletionsPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DeletionsPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DeletionsPage::updateCount);
    connect(m_model, &DeletionTableModel::loadFailed, this, &DeletionsPage::showLoadError);

    retranslate();
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateActions();
    updateCount();
}

DeletionsPage::~DeletionsPage() = default;

QString DeletionsPage::title() const
{
    //: Navigation entry and title of the page of keys pending deletion.
    return tr("Deletions");
}

void DeletionsPage::refresh()
{
    m_model->refresh();
    m_model->updateDaysLeft(); // they depend on the time, which the store does not tell
    updateCount();
}

QString DeletionsPage::currentKeyId() const
{
    return field(m_current, "cmkUuid");
}

bool DeletionsPage::selectKey(const QString &cmkUuid)
{
    const int row = m_model->rowOfKey(cmkUuid);
    if (row < 0)
        return false;
    m_tableView->setCurrentIndex(m_model->index(row, DeletionTableModel::KeyIdColumn));
    m_tableView->scrollTo(m_tableView->currentIndex());
    setCurrentKey(m_model->index(row, 0).data(DeletionTableModel::KeyMetadataRole).toJsonObject());
    return true;
}

QAction *DeletionsPage::makeAction(
    const char *objectName, const QKeySequence &shortcut, void (DeletionsPage::*slot)())
{
    auto *action = new QAction(this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

void DeletionsPage::setCurrentKey(const QJsonObject &keyMetadata)
{
    m_current = keyMetadata;
    updateActions();
}

void DeletionsPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    setCurrentKey(current.isValid()
            ? current.data(DeletionTableModel::KeyMetadataRole).toJsonObject()
            : QJsonObject());
}

void DeletionsPage::restoreSelection()
{
    const int row = m_model->rowOfKey(currentKeyId());
    if (row >= 0) {
        m_tableView->setCurrentIndex(m_model->index(row, DeletionTableModel::KeyIdColumn));
        setCurrentKey(
            m_model->index(row, 0).data(DeletionTableModel::KeyMetadataRole).toJsonObject());
    } else {
        setCurrentKey({});
    }
    updateCount();
}

void DeletionsPage::updateActions()
{
    const bool pending = field(m_current, "keyState") == QLatin1String("PendingDeletion");
    m_cancelDeletionAction->setEnabled(pending);
    m_copyKeyIdAction->setEnabled(!m_current.isEmpty());
}

void DeletionsPage::updateCount()
{
    const qint64 count = m_model->totalCount();
    //: Above the deletion list: how many keys are pending deletion.
    m_countLabel->setText(
        count == 1 ? tr("1 key pending deletion") : tr("%1 keys pending deletion").arg(count));
    m_emptyLabel->setVisible(count == 0);
}

void DeletionsPage::showLoadError(const Response &response)
{
    Dialogs::showError(this, response, tr("Loading the keys pending deletion"));
}

QString DeletionsPage::keyName(const QJsonObject &keyMetadata)
{
    const QJsonArray aliases = keyMetadata.value(QStringLiteral("aliases")).toArray();
    const QString id = field(keyMetadata, "cmkUuid");
    //: How a key is named in questions: its alias, then its id in brackets.
    return aliases.isEmpty() ? id : tr("%1 (%2)").arg(aliases.first().toString(), id);
}

void DeletionsPage::cancelDeletion()
{
    if (field(m_current, "keyState") != QLatin1String("PendingDeletion"))
        return;
    const QString name = keyName(m_current);
    const QString cmkUuid = currentKeyId();
    if (!Dialogs::confirm(this, tr("Cancel Key Deletion"),
            tr("Cancel the deletion of the key %1?\n\nThe key is kept and stays disabled until "
               "you enable it.")
                .arg(name)))
        return;
    const Response response = m_client.call(
        QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), cmkUuid } });
    if (!response.ok())
        Dialogs::showError(this, response, tr("Cancelling the deletion of the key %1").arg(name));
}

void DeletionsPage::copyKeyId()
{
    if (m_current.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(currentKeyId());
}

void DeletionsPage::retranslate()
{
    m_cancelDeletionAction->setText(tr("&Cancel Deletion…"));
    m_cancelDeletionAction->setToolTip(
        tr("Keep the selected key; it stays disabled until you enable it"));
    m_copyKeyIdAction->setText(tr("Copy Key &ID"));
    m_toolBar->setWindowTitle(tr("Deletion actions"));
    m_hintLabel->setText(
        tr("When its deletion date comes, the console deletes the key with all its versions; "
           "nothing encrypted under it can be decrypted after that. Until then the deletion "
           "can be cancelled."));
    m_emptyLabel->setText(tr("No key is pending deletion."));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
