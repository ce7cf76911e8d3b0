#pragma once

#include "KeyListPage.h"

class QAction;
class QLabel;
class QToolBar;

namespace kms {
class DeletionTableModel;
} // namespace kms

namespace kms::ui {

// The Deletions page: the keys pending deletion (DeletionTableModel) with the date each will
// be deleted and the days left, soonest first. A deletion can be cancelled (after a question):
// the key comes back disabled. When the date has come, the console's job runner deletes the
// key and it leaves the list.
class DeletionsPage : public KeyListPage
{
    Q_OBJECT

public:
    explicit DeletionsPage(KmsClient &client, QWidget *parent = nullptr);
    ~DeletionsPage() override;

    QString title() const override;
    void refresh() override;

    DeletionTableModel *model() const { return m_model; }

public slots:
    void cancelDeletion();

protected:
    void retranslate() override;
    void updateActions() override;
    void updateCount() override;
    QString aliasAndIdText(const QString &alias, const QString &id) const override;
    QString loadFailureText() const override;

private:
    DeletionTableModel *m_model = nullptr;

    QToolBar *m_toolBar = nullptr;
    QLabel *m_hintLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_emptyLabel = nullptr;

    QAction *m_cancelDeletionAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
