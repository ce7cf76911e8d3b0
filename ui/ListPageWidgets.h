#pragma once

class QComboBox;
class QMenu;
class QPoint;
class QTableView;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// What the paged list pages (Keys, Aliases) set up the same way.

// One row selected at a time, no row header, compact rows, a context menu on request.
void setUpListView(QTableView *view);
// Makes the row under `position` (in the view's viewport) current and pops up `menu` there.
void popUpContextMenu(QTableView *view, QMenu *menu, const QPoint &position);
// Lists the regions after the combo box's first item ("All regions"), keeping the selected
// region if it is still there (else the first item), without emitting change signals.
void fillRegionComboBox(QComboBox *comboBox, KmsClient &client);

} // namespace kms::ui
