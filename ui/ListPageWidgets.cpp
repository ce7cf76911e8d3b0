#include "ListPageWidgets.h"

#include "KeyTableModel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>

namespace kms::ui {

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

} // namespace kms::ui
