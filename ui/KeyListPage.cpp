#include "KeyListPage.h"

#include "Dialogs.h"
#include "KeyMetadataTableModel.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>

namespace kms::ui {

KeyListPage::KeyListPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
{
}

KeyListPage::~KeyListPage() = default;

void KeyListPage::setUpTable(KeyMetadataTableModel *model, QMenu *contextMenu)
{
    m_model = model;
    m_tableView = new QTableView(this);
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_tableView->setSortingEnabled(true); // header clicks call the model's sort: SQL
    // Columns that do not sort keep the indicator where the order really is.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int column) {
        if (!m_model->isSortable(column)) {
            const QSignalBlocker blocker(header);
            header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
        }
    });

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &KeyListPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this, contextMenu](
            const QPoint &position) { popUpContextMenu(m_tableView, contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &KeyListPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model->rowOfKey(currentKeyId());
            if (row >= topLeft.row() && row <= bottomRight.row())
                setCurrentKey(m_model->index(row, 0)
                                  .data(KeyMetadataTableModel::KeyMetadataRole)
                                  .toJsonObject());
        });
    connect(m_model, &KeyMetadataTableModel::totalCountChanged, this, &KeyListPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &KeyListPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &KeyListPage::updateCount);
    connect(m_model, &KeyMetadataTableModel::loadFailed, this, [this](const Response &response) {
        Dialogs::showError(this, response, loadFailureText());
    });
}

void KeyListPage::load()
{
    retranslate();
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateActions();
    updateCount();
}

void KeyListPage::refresh()
{
    m_model->refresh();
    updateCount();
}

QString KeyListPage::field(const QJsonObject &key, const char *name)
{
    return KeyMetadataTableModel::field(key, name);
}

QString KeyListPage::currentKeyId() const
{
    return field(m_current, "cmkUuid");
}

bool KeyListPage::selectKey(const QString &cmkUuid)
{
    const int row = m_model->rowOfKey(cmkUuid);
    if (row < 0)
        return false;
    m_tableView->setCurrentIndex(m_model->index(row, m_model->keyIdColumn()));
    m_tableView->scrollTo(m_tableView->currentIndex());
    setCurrentKey(
        m_model->index(row, 0).data(KeyMetadataTableModel::KeyMetadataRole).toJsonObject());
    return true;
}

void KeyListPage::setCurrentKey(const QJsonObject &keyMetadata)
{
    m_current = keyMetadata;
    currentKeyChanged();
    updateActions();
}

void KeyListPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    setCurrentKey(current.isValid()
            ? current.data(KeyMetadataTableModel::KeyMetadataRole).toJsonObject()
            : QJsonObject());
}

void KeyListPage::restoreSelection()
{
    const int row = m_model->rowOfKey(currentKeyId());
    if (row >= 0) {
        m_tableView->setCurrentIndex(m_model->index(row, m_model->keyIdColumn()));
        setCurrentKey(
            m_model->index(row, 0).data(KeyMetadataTableModel::KeyMetadataRole).toJsonObject());
    } else {
        setCurrentKey({});
    }
    updateCount();
}

QString KeyListPage::keyName(const QJsonObject &keyMetadata) const
{
    const QStringList aliases = KeyMetadataTableModel::aliasesOf(keyMetadata);
    const QString id = field(keyMetadata, "cmkUuid");
    return aliases.isEmpty() ? id : aliasAndIdText(aliases.first(), id);
}

void KeyListPage::copyKeyId()
{
    if (m_current.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(currentKeyId());
}

} // namespace kms::ui
