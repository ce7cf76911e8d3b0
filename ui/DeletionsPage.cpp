#include "DeletionsPage.h"

#include "DeletionTableModel.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

DeletionsPage::DeletionsPage(KmsClient &client, QWidget *parent)
    : KeyListPage(client, parent)
    , m_model(new DeletionTableModel(client, this))
{
    setObjectName(QStringLiteral("deletionsPage"));

    m_cancelDeletionAction = makePageAction(this, "cancelDeletionAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), &DeletionsPage::cancelDeletion);
    m_copyKeyIdAction = makePageAction(this, "copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &DeletionsPage::copyKeyId);

    m_toolBar = makeToolBar(
        this, "deletionsToolBar", { m_cancelDeletionAction, nullptr, m_copyKeyIdAction });
    QMenu *contextMenu = makeMenu(
        this, "deletionContextMenu", { m_copyKeyIdAction, nullptr, m_cancelDeletionAction });

    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    auto *topBar = new QHBoxLayout;
    topBar->addWidget(m_toolBar, 1);
    topBar->addWidget(m_countLabel);

    setUpTable(m_model, contextMenu);
    tableView()->setObjectName(QStringLiteral("deletionsTableView"));
    tableView()->horizontalHeader()->setStretchLastSection(true);
    setColumnWidths(tableView(),
        { { DeletionTableModel::AliasColumn, "alias/payroll-database" },
            { DeletionTableModel::KeyIdColumn, "00000000-0000-0000-0000-000000000000" },
            { DeletionTableModel::SpecColumn, "RSA_2048_" },
            { DeletionTableModel::RegionColumn, "local-1___" },
            { DeletionTableModel::DeleteDateColumn, "2026-01-01 00:00__" },
            { DeletionTableModel::DaysLeftColumn, "Due now____" } });

    m_emptyLabel = new QLabel(this);
    m_emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(topBar);
    layout->addWidget(m_hintLabel);
    layout->addWidget(tableView(), 1);
    layout->addWidget(m_emptyLabel);

    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DeletionsPage::restoreSelection);

    load();
}

DeletionsPage::~DeletionsPage() = default;

QString DeletionsPage::title() const
{
    //: Navigation entry and title of the page of keys pending deletion.
    return tr("Deletions");
}

void DeletionsPage::refresh()
{
    KeyListPage::refresh();
    m_model->updateDaysLeft(); // they depend on the time, which the store does not tell
}

void DeletionsPage::updateActions()
{
    const bool pending = field(currentKey(), "keyState") == QLatin1String("PendingDeletion");
    m_cancelDeletionAction->setEnabled(pending);
    m_copyKeyIdAction->setEnabled(!currentKey().isEmpty());
}

void DeletionsPage::updateCount()
{
    const qint64 count = m_model->totalCount();
    //: Above the deletion list: how many keys are pending deletion.
    m_countLabel->setText(
        count == 1 ? tr("1 key pending deletion") : tr("%1 keys pending deletion").arg(count));
    m_emptyLabel->setVisible(count == 0);
}

QString DeletionsPage::loadFailureText() const
{
    return tr("Loading the keys pending deletion");
}

QString DeletionsPage::aliasAndIdText(const QString &alias, const QString &id) const
{
    //: How a key is named in questions: its alias, then its id in brackets.
    return tr("%1 (%2)").arg(alias, id);
}

void DeletionsPage::cancelDeletion()
{
    if (field(currentKey(), "keyState") != QLatin1String("PendingDeletion"))
        return;
    const QString name = keyName(currentKey());
    const QString cmkUuid = currentKeyId();
    if (!Dialogs::confirm(this, tr("Cancel Key Deletion"),
            tr("Cancel the deletion of the key %1?\n\nThe key is kept and stays disabled until "
               "you enable it.")
                .arg(name)))
        return;
    const Response response = client().call(
        QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), cmkUuid } });
    if (!response.ok())
        Dialogs::showError(this, response, tr("Cancelling the deletion of the key %1").arg(name));
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
