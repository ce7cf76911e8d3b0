#pragma once

#include "Page.h"

#include <QString>

class QAction;
class QCheckBox;
class QGroupBox;
class QLabel;
class QSpinBox;
class QTableView;
class QToolBar;

namespace kms {
class KmsClient;
class OperatorTableModel;
} // namespace kms

namespace kms::ui {

// The Operators page (administrators; issue 9): every operator with role, state, failed
// log-ins and granted keys; add an operator, change a role, freeze and unfreeze, grant a
// crypto user a key. Without operators the page offers to add the first administrator, which
// switches the console to operator mode (operatorModeChanged()).
class OperatorsPage : public Page
{
    Q_OBJECT

public:
    explicit OperatorsPage(KmsClient &client, QWidget *parent = nullptr);
    ~OperatorsPage() override;

    QString title() const override;
    void refresh() override;

    OperatorTableModel *model() const { return m_model; }
    // The policies under the list (operator mode): the idle time-out in minutes and which
    // actions need a second officer's approval. A change applies at once (audited).
    QSpinBox *idleMinutesSpinBox() const { return m_idleSpinBox; }
    QCheckBox *dualDeletionCheckBox() const { return m_dualDeletionCheckBox; }
    QCheckBox *dualRekeyCheckBox() const { return m_dualRekeyCheckBox; }
    QTableView *tableView() const { return m_tableView; }
    bool selectOperator(const QString &name);
    // The selected operator's name; empty if none.
    QString currentOperator() const;

public slots:
    void addOperator();
    void changeRole();
    void freezeOperator();
    void unfreezeOperator();
    void grantKey();
    // The selected operator's access keys for the local signed API (AccessKeysDialog).
    void manageAccessKeys();

signals:
    // Operator mode may have begun (the first administrator was added) or the logged-in
    // operator changed (its role).
    void operatorsChanged();

protected:
    void retranslate() override;

private:
    void updateActions();
    void loadPolicies();
    void changeIdleTimeout();
    void changeDualControl();
    void changed(const QString &name);
    bool operatorMode() const;

    KmsClient &m_client;
    OperatorTableModel *m_model = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_introLabel = nullptr;
    QTableView *m_tableView = nullptr;
    QGroupBox *m_policyGroupBox = nullptr;
    QLabel *m_idleLabel = nullptr;
    QSpinBox *m_idleSpinBox = nullptr;
    QCheckBox *m_dualDeletionCheckBox = nullptr;
    QCheckBox *m_dualRekeyCheckBox = nullptr;
    bool m_loadingPolicies = false;
    QAction *m_addAction = nullptr;
    QAction *m_changeRoleAction = nullptr;
    QAction *m_freezeAction = nullptr;
    QAction *m_unfreezeAction = nullptr;
    QAction *m_grantKeyAction = nullptr;
    QAction *m_accessKeysAction = nullptr;
};

} // namespace kms::ui
