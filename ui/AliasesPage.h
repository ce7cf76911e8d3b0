#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QString>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QTableView;
class QToolBar;

namespace kms {
class AliasTableModel;
class KmsClient;
struct Response;
} // namespace kms

namespace kms::ui {

// The Aliases page: every alias of the store with the key it points at (AliasTableModel);
// create, repoint and delete. Aliases of default keys (alias/acs/<product>) are marked in the
// Default column and cannot be repointed or deleted: their actions stay disabled.
class AliasesPage : public Page
{
    Q_OBJECT

public:
    explicit AliasesPage(KmsClient &client, QWidget *parent = nullptr);
    ~AliasesPage() override;

    QString title() const override;
    void refresh() override;

    AliasTableModel *model() const { return m_model; }
    QTableView *tableView() const { return m_tableView; }
    // The selected alias as ListAliases answers it; empty if none.
    const QJsonObject &currentAlias() const { return m_current; }
    bool selectAlias(const QString &aliasName, const QString &regionId = QString());

public slots:
    void createAlias();
    void repointAlias();
    void deleteAlias();
    void copyKeyId();

protected:
    void retranslate() override;

private:
    void currentRowChanged();
    void restoreSelection();
    void updateActions();
    void updateCount();
    void showLoadError(const Response &response);

    KmsClient &m_client;
    AliasTableModel *m_model = nullptr;
    QJsonObject m_current;

    QToolBar *m_toolBar = nullptr;
    QLabel *m_regionLabel = nullptr;
    QComboBox *m_regionComboBox = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_protectedLabel = nullptr;
    QLabel *m_lockLabel = nullptr;
    QTableView *m_tableView = nullptr;
    QMenu *m_contextMenu = nullptr;

    QAction *m_createAliasAction = nullptr;
    QAction *m_repointAliasAction = nullptr;
    QAction *m_deleteAliasAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
