#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QString>

class QAction;
class QLabel;
class QMenu;
class QTableView;
class QToolBar;

namespace kms {
class DeletionTableModel;
class KmsClient;
struct Response;
} // namespace kms

namespace kms::ui {

// The Deletions page: the keys pending deletion (DeletionTableModel) with the date each will
// be deleted and the days left, soonest first. A deletion can be cancelled (after a question):
// the key comes back disabled. When the date has come, the console's job runner deletes the
// key and it leaves the list.
class DeletionsPage : public Page
{
    Q_OBJECT

public:
    explicit DeletionsPage(KmsClient &client, QWidget *parent = nullptr);
    ~DeletionsPage() override;

    QString title() const override;
    void refresh() override;

    DeletionTableModel *model() const { return m_model; }
    QTableView *tableView() const { return m_tableView; }
    QString currentKeyId() const;
    const QJsonObject &currentKey() const { return m_current; }
    bool selectKey(const QString &cmkUuid);

public slots:
    void cancelDeletion();
    void copyKeyId();

protected:
    void retranslate() override;

private:
    QAction *makeAction(
        const char *objectName, const QKeySequence &shortcut, void (DeletionsPage::*slot)());
    void setCurrentKey(const QJsonObject &keyMetadata);
    void currentRowChanged();
    void restoreSelection();
    void updateActions();
    void updateCount();
    void showLoadError(const Response &response);
    static QString keyName(const QJsonObject &keyMetadata);

    KmsClient &m_client;
    DeletionTableModel *m_model = nullptr;
    QJsonObject m_current;

    QToolBar *m_toolBar = nullptr;
    QLabel *m_hintLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QTableView *m_tableView = nullptr;
    QMenu *m_contextMenu = nullptr;

    QAction *m_cancelDeletionAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
