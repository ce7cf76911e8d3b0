#include "ListPageWidgets.h"

#include <QSplitter>
#include <QVBoxLayout>

#include "KeyTableModel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>
#include <QToolBar>

namespace kms::ui {

namespace {

void addActions(QWidget *widget, std::initializer_list<QAction *> actions)
{
    for (QAction *action : actions) {
        if (action == nullptr) {
            action = new QAction(widget);
            action->setSeparator(true);
        }
        widget->addAction(action);
    }
}

} // namespace

QAction *makePageAction(QWidget *page, const char *objectName, const QKeySequence &shortcut)
{
    auto *action = new QAction(page);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    page->addAction(action);
    return action;
}

QToolBar *makeToolBar(
    QWidget *page, const char *objectName, std::initializer_list<QAction *> actions)
{
    auto *toolBar = new QToolBar(page);
    toolBar->setObjectName(QLatin1String(objectName));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addActions(toolBar, actions);
    return toolBar;
}

QMenu *makeMenu(QWidget *page, const char *objectName, std::initializer_list<QAction *> actions)
{
    auto *menu = new QMenu(page);
    menu->setObjectName(QLatin1String(objectName));
    addActions(menu, actions);
    return menu;
}

void setUpListView(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
}

void setColumnWidths(QTableView *view, std::initializer_list<std::pair<int, const char *>> samples)
{
    const QFontMetrics metrics = view->fontMetrics();
    for (const auto &[column, sample] : samples)
        view->horizontalHeader()->resizeSection(
            column, metrics.horizontalAdvance(QLatin1String(sample)) + 16);
}

void popUpContextMenu(QTableView *view, QMenu *menu, const QPoint &position)
{
    const QModelIndex index = view->indexAt(position);
    if (index.isValid())
        view->setCurrentIndex(index);
    menu->popup(view->viewport()->mapToGlobal(position));
}

void fillRegionComboBox(QComboBox *comboBox, KmsClient &client)
{
    const QString selected = comboBox->currentData().toString();
    const QSignalBlocker blocker(comboBox);
    while (comboBox->count() > 1)
        comboBox->removeItem(1);
    for (const KeyTableModel::Region &region : KeyTableModel::regions(client))
        comboBox->addItem(region.regionId, region.regionId);
    const int index = comboBox->findData(selected);
    comboBox->setCurrentIndex(index < 0 ? 0 : index);
}

QSplitter *makeDetailSplitter(QWidget *page, const char *objectName, QWidget *table, QWidget *pane,
    std::pair<int, int> shares, std::pair<int, int> sizes)
{
    auto *splitter = new QSplitter(Qt::Horizontal, page);
    splitter->setObjectName(QLatin1String(objectName));
    splitter->addWidget(table);
    splitter->addWidget(pane);
    splitter->setStretchFactor(0, shares.first);
    splitter->setStretchFactor(1, shares.second);
    splitter->setSizes({ sizes.first, sizes.second });
    splitter->setChildrenCollapsible(false);
    return splitter;
}

void layOutListPage(QWidget *page, QToolBar *toolBar, QLayout *filterBar, QWidget *main)
{
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(toolBar);
    layout->addLayout(filterBar);
    layout->addWidget(main, 1);
}

void prepareSearchTimer(QTimer *timer)
{
    constexpr int kSearchDelayMs = 200; // typing pauses this long before the list is filtered
    timer->setSingleShot(true);
    timer->setInterval(kSearchDelayMs);
}

} // namespace kms::ui
