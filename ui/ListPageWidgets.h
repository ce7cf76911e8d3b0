#pragma once

#include <QAction>
#include <QKeySequence>
#include <QLineEdit>
#include <QTimer>

#include <initializer_list>
#include <utility>

class QComboBox;
class QLayout;
class QSplitter;
class QMenu;
class QPoint;
class QTableView;
class QToolBar;
class QWidget;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// What the paged list pages (Keys, Aliases, Rotation, Deletions) set up the same way.

// An action of `page` (texts come from its retranslate()) that its shortcut triggers only
// while the page or a child has the focus: other pages use the same keys.
QAction *makePageAction(QWidget *page, const char *objectName, const QKeySequence &shortcut);
// The same, triggering `slot` of the page.
template<class PageT, class Owner>
QAction *makePageAction(
    PageT *page, const char *objectName, const QKeySequence &shortcut, void (Owner::*slot)())
{
    QAction *action = makePageAction(static_cast<QWidget *>(page), objectName, shortcut);
    QObject::connect(action, &QAction::triggered, page, slot);
    return action;
}
// A text-only toolbar and a menu of `actions`; a nullptr stands for a separator.
QToolBar *makeToolBar(
    QWidget *page, const char *objectName, std::initializer_list<QAction *> actions);
QMenu *makeMenu(QWidget *page, const char *objectName, std::initializer_list<QAction *> actions);

// One row selected at a time, no row header, compact rows, a context menu on request.
void setUpListView(QTableView *view);
// Widths from the texts the columns hold (column, sample text), so ids and dates are not cut
// off.
void setColumnWidths(QTableView *view, std::initializer_list<std::pair<int, const char *>> samples);
// The list and its detail pane side by side (`tableShare` : `paneShare` of the width,
// starting at `sizes`), never collapsing either.
QSplitter *makeDetailSplitter(QWidget *page, const char *objectName, QWidget *table, QWidget *pane,
    std::pair<int, int> shares, std::pair<int, int> sizes);
// A list page's layout: tool bar, filter bar, then the main widget taking the rest.
void layOutListPage(QWidget *page, QToolBar *toolBar, QLayout *filterBar, QWidget *main);
// Search as you type: `timer` (owned by the page) fires `apply` once typing pauses, Return
// applies at once. `apply` stops the timer itself.
template<class PageT>
void connectDelayedSearch(PageT *page, QLineEdit *edit, QTimer *timer, void (PageT::*apply)());
void prepareSearchTimer(QTimer *timer);

// Makes the row under `position` (in the view's viewport) current and pops up `menu` there.
void popUpContextMenu(QTableView *view, QMenu *menu, const QPoint &position);
// Lists the regions after the combo box's first item ("All regions"), keeping the selected
// region if it is still there (else the first item), without emitting change signals.
void fillRegionComboBox(QComboBox *comboBox, KmsClient &client);

template<class PageT>
void connectDelayedSearch(PageT *page, QLineEdit *edit, QTimer *timer, void (PageT::*apply)())
{
    prepareSearchTimer(timer);
    QObject::connect(timer, &QTimer::timeout, page, apply);
    QObject::connect(edit, &QLineEdit::textChanged, timer, qOverload<>(&QTimer::start));
    QObject::connect(edit, &QLineEdit::returnPressed, page, apply);
}

} // namespace kms::ui
