#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QString>
#include <QStringList>
#include <QTimer>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolBar;

namespace kms {
class KmsClient;
class KeyTableModel;
struct Response;
} // namespace kms

namespace kms::ui {

class KeyDetailPane;

// The Keys page: the store's keys in a table that pages from the store (KeyTableModel), sorts
// by header click and filters by free text, state, spec and region, all in SQL; a detail pane
// for the selected key; and the key actions from the toolbar, the context menu and the
// keyboard, each enabled according to the selected key's state. Every failure is shown
// through Dialogs::showError and the form the user filled in stays open.
class KeysPage : public Page
{
    Q_OBJECT

public:
    explicit KeysPage(KmsClient &client, QWidget *parent = nullptr);
    ~KeysPage() override;

    QString title() const override;
    // Reloads the list (keeping filters, sort order and the selected key) and the regions:
    // shows what changed elsewhere (another window, kmsctl on the same store).
    void refresh() override;

    KeyTableModel *model() const { return m_model; }
    QTableView *tableView() const { return m_tableView; }
    KeyDetailPane *detailPane() const { return m_detailPane; }
    // The key the actions work on: the selected one, or the one just created; "" if none.
    QString currentKeyId() const;
    const QJsonObject &currentKey() const { return m_current; }
    // Selects a key in the table if it is loaded; otherwise shows it in the detail pane
    // (metadata given) or returns false.
    bool selectKey(const QString &cmkUuid, const QJsonObject &keyMetadata = {});

public slots:
    void createKey();
    void enableKey();
    void disableKey();
    void editDescription();
    void scheduleDeletion();
    void cancelDeletion();
    void addAlias();
    void repointAlias();
    void removeAlias();
    void copyKeyId();

protected:
    void retranslate() override;

private:
    QAction *makeAction(
        const char *objectName, const QKeySequence &shortcut, void (KeysPage::*slot)());
    void setCurrentKey(const QJsonObject &keyMetadata);
    void currentRowChanged();
    void restoreSelection();
    void updateActions();
    void updateCount();
    void applySearch();
    void showLoadError(const Response &response);
    // Runs a key action on the GUI thread; shows a failure and returns false.
    bool run(const QString &action, const QJsonObject &params, const QString &what);
    // The key as the user knows it: its alias and id, or the id.
    static QString keyName(const QJsonObject &keyMetadata);
    QStringList changeableAliases() const;

    KmsClient &m_client;
    KeyTableModel *m_model = nullptr;
    QJsonObject m_current;
    QTimer m_searchTimer;

    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_searchLineEdit = nullptr;
    QLabel *m_stateLabel = nullptr;
    QComboBox *m_stateComboBox = nullptr;
    QLabel *m_specLabel = nullptr;
    QComboBox *m_specComboBox = nullptr;
    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_tableView = nullptr;
    KeyDetailPane *m_detailPane = nullptr;
    QMenu *m_contextMenu = nullptr;

    QAction *m_createKeyAction = nullptr;
    QAction *m_enableKeyAction = nullptr;
    QAction *m_disableKeyAction = nullptr;
    QAction *m_editDescriptionAction = nullptr;
    QAction *m_scheduleDeletionAction = nullptr;
    QAction *m_cancelDeletionAction = nullptr;
    QAction *m_addAliasAction = nullptr;
    QAction *m_repointAliasAction = nullptr;
    QAction *m_removeAliasAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
