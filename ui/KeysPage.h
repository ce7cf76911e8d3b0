#pragma once

#include "KeyListPage.h"

#include <QStringList>
#include <QTimer>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolBar;

namespace kms {
class KeyTableModel;
} // namespace kms

namespace kms::ui {

class KeyDetailPane;

// The Keys page: the store's keys in a table that pages from the store (KeyTableModel), sorts
// by header click and filters by free text, state, spec and region, all in SQL; a detail pane
// for the selected key; and the key actions from the toolbar, the context menu and the
// keyboard, each enabled according to the selected key's state. Every failure is shown
// through Dialogs::showError and the form the user filled in stays open.
class KeysPage : public KeyListPage
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
    KeyDetailPane *detailPane() const { return m_detailPane; }
    // The key the actions work on (currentKey()) is the selected one, or the one just created.
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

protected:
    void retranslate() override;
    void currentKeyChanged() override;
    void updateActions() override;
    void updateCount() override;
    QString aliasAndIdText(const QString &alias, const QString &id) const override;
    QString loadFailureText() const override;

private:
    void applySearch();
    // Runs a key action on the GUI thread; shows a failure and returns false.
    bool run(const QString &action, const QJsonObject &params, const QString &what);
    QStringList changeableAliases() const;

    KeyTableModel *m_model = nullptr;
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
    KeyDetailPane *m_detailPane = nullptr;

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
