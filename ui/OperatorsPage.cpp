#include "OperatorsPage.h"

#include "AccessKeysDialog.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"
#include "OperatorDialog.h"
#include "OperatorTableModel.h"

#include "api/StoreSession.h"
#include "auth/Roles.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

OperatorsPage::OperatorsPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new OperatorTableModel(client.session(), this))
{
    setObjectName(QStringLiteral("operatorsPage"));
    m_addAction
        = makePageAction(this, "addOperatorAction", QKeySequence::New, &OperatorsPage::addOperator);
    m_changeRoleAction = makePageAction(
        this, "changeRoleAction", QKeySequence(Qt::Key_F2), &OperatorsPage::changeRole);
    m_freezeAction = makePageAction(
        this, "freezeOperatorAction", QKeySequence(), &OperatorsPage::freezeOperator);
    m_unfreezeAction = makePageAction(
        this, "unfreezeOperatorAction", QKeySequence(), &OperatorsPage::unfreezeOperator);
    m_grantKeyAction
        = makePageAction(this, "grantKeyAction", QKeySequence(), &OperatorsPage::grantKey);
    m_accessKeysAction = makePageAction(
        this, "accessKeysAction", QKeySequence(), &OperatorsPage::manageAccessKeys);
    m_toolBar = makeToolBar(this, "operatorsToolBar",
        { m_addAction, m_changeRoleAction, nullptr, m_freezeAction, m_unfreezeAction, nullptr,
            m_grantKeyAction, m_accessKeysAction });

    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("operatorsTableView"));
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    m_tableView->horizontalHeader()->setStretchLastSection(true);
    setColumnWidths(m_tableView,
        { { OperatorTableModel::NameColumn, "security-officer-01" },
            { OperatorTableModel::RoleColumn, "administrator" },
            { OperatorTableModel::StateColumn, "frozen" },
            { OperatorTableModel::FailedLoginsColumn, "Failed log-ins" },
            { OperatorTableModel::GrantsColumn, "00000000-0000-0000-0000-000000000000" } });

    m_policyGroupBox = new QGroupBox(this);
    m_policyGroupBox->setObjectName(QStringLiteral("policyGroupBox"));
    m_idleLabel = new QLabel(m_policyGroupBox);
    m_idleSpinBox = new QSpinBox(m_policyGroupBox);
    m_idleSpinBox->setObjectName(QStringLiteral("idleMinutesSpinBox"));
    m_idleSpinBox->setRange(1, 24 * 60);
    m_idleLabel->setBuddy(m_idleSpinBox);
    m_dualDeletionCheckBox = new QCheckBox(m_policyGroupBox);
    m_dualDeletionCheckBox->setObjectName(QStringLiteral("dualDeletionCheckBox"));
    m_dualRekeyCheckBox = new QCheckBox(m_policyGroupBox);
    m_dualRekeyCheckBox->setObjectName(QStringLiteral("dualRekeyCheckBox"));
    auto *policies = new QFormLayout(m_policyGroupBox);
    policies->addRow(m_idleLabel, m_idleSpinBox);
    policies->addRow(m_dualDeletionCheckBox);
    policies->addRow(m_dualRekeyCheckBox);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_introLabel);
    layout->addWidget(m_tableView, 1);
    layout->addWidget(m_policyGroupBox);

    connect(m_idleSpinBox, &QSpinBox::editingFinished, this, &OperatorsPage::changeIdleTimeout);
    connect(m_dualDeletionCheckBox, &QCheckBox::toggled, this, &OperatorsPage::changeDualControl);
    connect(m_dualRekeyCheckBox, &QCheckBox::toggled, this, &OperatorsPage::changeDualControl);

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &OperatorsPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OperatorsPage::updateActions);
    retranslate();
    refresh();
}

OperatorsPage::~OperatorsPage() = default;

QString OperatorsPage::title() const
{
    //: Navigation entry and title of the operator list page.
    return tr("Operators");
}

bool OperatorsPage::operatorMode() const
{
    const Result<bool> mode = m_client.session().operatorMode();
    return mode && *mode;
}

void OperatorsPage::refresh()
{
    const QString selected = currentOperator();
    // Only an administrator may read the operators; for anyone else the page stays empty (the
    // navigation does not offer it to them).
    const auto signedIn = m_client.session().signedIn();
    if (operatorMode() && (!signedIn || signedIn->role != auth::Role::Administrator)) {
        m_model->clear();
    } else if (const Result<void> loaded = m_model->reload(); !loaded) {
        Dialogs::showError(
            this, Response::failure(loaded.error(), QString()), tr("Loading the operators"));
    }
    if (!selected.isEmpty())
        selectOperator(selected);
    loadPolicies();
    retranslate();
    updateActions();
}

void OperatorsPage::loadPolicies()
{
    StoreSession &session = m_client.session();
    const bool mode = operatorMode();
    m_policyGroupBox->setEnabled(mode); // nobody could approve, and nobody logs in
    const QSignalBlocker idleBlocker(m_idleSpinBox);
    const QSignalBlocker deletionBlocker(m_dualDeletionCheckBox);
    const QSignalBlocker rekeyBlocker(m_dualRekeyCheckBox);
    if (const Result<qint64> seconds = session.idleTimeoutSeconds(); seconds)
        m_idleSpinBox->setValue(int(std::max<qint64>(1, *seconds / 60)));
    const Result<QStringList> dual = session.dualControl();
    m_dualDeletionCheckBox->setChecked(
        dual && dual->contains(QStringLiteral("ScheduleKeyDeletion")));
    m_dualRekeyCheckBox->setChecked(dual && dual->contains(QStringLiteral("RotateMasterKey")));
}

void OperatorsPage::changeIdleTimeout()
{
    const Result<qint64> current = m_client.session().idleTimeoutSeconds();
    const qint64 seconds = qint64(m_idleSpinBox->value()) * 60;
    if (current && *current == seconds)
        return;
    if (const Result<void> changed = m_client.session().changeSetting(
            QStringLiteral("auth.idleTimeoutSeconds"), QString::number(seconds));
        !changed) {
        Dialogs::showError(
            this, Response::failure(changed.error(), QString()), tr("Changing the idle time-out"));
        loadPolicies();
        return;
    }
    emit operatorsChanged(); // the console's own timer follows
}

void OperatorsPage::changeDualControl()
{
    QStringList actions;
    if (m_dualDeletionCheckBox->isChecked())
        actions.append(QStringLiteral("ScheduleKeyDeletion"));
    if (m_dualRekeyCheckBox->isChecked())
        actions.append(QStringLiteral("RotateMasterKey"));
    if (const Result<void> changed = m_client.session().setDualControl(actions); !changed) {
        Dialogs::showError(
            this, Response::failure(changed.error(), QString()), tr("Changing dual control"));
        loadPolicies();
    }
}

bool OperatorsPage::selectOperator(const QString &name)
{
    const int row = m_model->rowOfOperator(name);
    if (row < 0)
        return false;
    m_tableView->setCurrentIndex(m_model->index(row, OperatorTableModel::NameColumn));
    return true;
}

QString OperatorsPage::currentOperator() const
{
    const QModelIndex current = m_tableView->currentIndex();
    return current.isValid() ? current.data(OperatorTableModel::NameRole).toString() : QString();
}

void OperatorsPage::updateActions()
{
    const QModelIndex current = m_tableView->currentIndex();
    const bool selected = current.isValid();
    const bool frozen = selected && current.data(OperatorTableModel::FrozenRole).toBool();
    const bool cryptoUser = selected
        && current.data(OperatorTableModel::RoleNameRole).toString()
            == auth::roleName(auth::Role::CryptoUser);
    m_changeRoleAction->setEnabled(selected);
    m_freezeAction->setEnabled(selected && !frozen);
    m_unfreezeAction->setEnabled(frozen);
    m_grantKeyAction->setEnabled(cryptoUser);
    m_accessKeysAction->setEnabled(selected && operatorMode());
}

void OperatorsPage::changed(const QString &name)
{
    refresh();
    selectOperator(name);
    emit operatorsChanged();
}

void OperatorsPage::addOperator()
{
    auto *dialog
        = new OperatorDialog(m_client, OperatorDialog::Mode::Add, QString(), !operatorMode(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OperatorDialog::operatorChanged, this, &OperatorsPage::changed);
    dialog->open();
}

void OperatorsPage::changeRole()
{
    const QString name = currentOperator();
    if (name.isEmpty())
        return;
    auto *dialog
        = new OperatorDialog(m_client, OperatorDialog::Mode::ChangeRole, name, false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const int row = m_model->rowOfOperator(name);
    const int roleIndex = dialog->roleComboBox()->findData(m_model->operatorAt(row).role);
    dialog->roleComboBox()->setCurrentIndex(roleIndex);
    connect(dialog, &OperatorDialog::operatorChanged, this, &OperatorsPage::changed);
    dialog->open();
}

void OperatorsPage::grantKey()
{
    const QString name = currentOperator();
    if (name.isEmpty())
        return;
    auto *dialog = new OperatorDialog(m_client, OperatorDialog::Mode::GrantKey, name, false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OperatorDialog::operatorChanged, this, &OperatorsPage::changed);
    dialog->open();
}

void OperatorsPage::manageAccessKeys()
{
    const QString name = currentOperator();
    if (name.isEmpty())
        return;
    auto *dialog = new AccessKeysDialog(m_client.session(), name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void OperatorsPage::freezeOperator()
{
    const QString name = currentOperator();
    if (name.isEmpty())
        return;
    if (!Dialogs::confirm(this, tr("Freeze Operator"),
            tr("Freeze %1? The operator can no longer log in until an administrator unfreezes "
               "it; a session it has open ends at its next call.")
                .arg(name)))
        return;
    if (const Result<void> frozen = m_client.session().freezeOperator(name); !frozen) {
        Dialogs::showError(this, Response::failure(frozen.error(), QString()),
            tr("Freezing the operator %1").arg(name));
        return;
    }
    changed(name);
}

void OperatorsPage::unfreezeOperator()
{
    const QString name = currentOperator();
    if (name.isEmpty())
        return;
    if (const Result<void> unfrozen = m_client.session().unfreezeOperator(name); !unfrozen) {
        Dialogs::showError(this, Response::failure(unfrozen.error(), QString()),
            tr("Unfreezing the operator %1").arg(name));
        return;
    }
    changed(name);
}

void OperatorsPage::retranslate()
{
    m_addAction->setText(operatorMode() ? tr("&Add Operator…") : tr("&Add First Administrator…"));
    m_addAction->setToolTip(tr("Add an operator with a role and a password"));
    m_changeRoleAction->setText(tr("Change &Role…"));
    m_freezeAction->setText(tr("&Freeze"));
    m_freezeAction->setToolTip(tr("Stop the operator from logging in"));
    m_unfreezeAction->setText(tr("&Unfreeze"));
    m_unfreezeAction->setToolTip(
        tr("Let a frozen operator log in again (its failed log-ins start again from zero)"));
    m_grantKeyAction->setText(tr("&Grant Key…"));
    m_grantKeyAction->setToolTip(tr("Let a crypto user use a key"));
    m_accessKeysAction->setText(tr("Access &Keys…"));
    m_accessKeysAction->setToolTip(
        tr("The operator's access keys for the local signed API (kmsctl serve)"));
    m_policyGroupBox->setTitle(tr("Policies"));
    //: The idle time-out: the console locks itself after this many minutes without use.
    m_idleLabel->setText(tr("&Lock the console after (minutes without use):"));
    m_dualDeletionCheckBox->setText(
        tr("Scheduling a key's &deletion needs a second key officer's approval"));
    m_dualRekeyCheckBox->setText(
        tr("Re-keying the &master key needs a second administrator's approval"));
    m_introLabel->setText(operatorMode()
            ? tr("Every operator logs in with a password and acts in one role; the audit trail "
                 "names the operator and role of every action. %1 failed log-ins in a row "
                 "freeze an operator.")
                  .arg(StoreSession::kMaxFailedLogins)
            : tr("This console has no operators yet: whoever opens it may do everything. Add "
                 "the first administrator to make every officer log in with a role "
                 "(administrator, key officer, crypto user, auditor)."));
}

} // namespace kms::ui
