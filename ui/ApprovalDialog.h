#pragma once

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// Dual control (api/DualControl.h): a second officer approves an action of the logged-in
// operator with the officer's own name and password. The password goes from the field into
// a secure buffer at once and the field is cleared; a refusal is shown with its code and both
// texts, and the dialog stays open for another try.
class ApprovalDialog : public QDialog
{
    Q_OBJECT

public:
    // `action` is "ScheduleKeyDeletion" or "RotateMasterKey"; `target` the key id, or the
    // store's uuid; `what` describes the action for the officer ("the deletion of key ...").
    ApprovalDialog(StoreSession &session, QString action, QString target, const QString &what,
        QWidget *parent = nullptr);

    // Whether the action may go ahead: true at once when it is not under dual control (or the
    // setting cannot be read: the action itself then answers), otherwise after an approval
    // given in this dialog (modal); false when the officer cancelled.
    static bool approveIfNeeded(QWidget *parent, StoreSession &session, const QString &action,
        const QString &target, const QString &what);

private:
    void approve();

    StoreSession &m_session;
    QString m_action;
    QString m_target;
    QLabel *m_explanation = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace kms::ui
