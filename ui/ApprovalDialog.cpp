#include "ApprovalDialog.h"

#include "Dialogs.h"
#include "SecretField.h"
#include "api/StoreSession.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

ApprovalDialog::ApprovalDialog(
    StoreSession &session, QString action, QString target, const QString &what, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_action(std::move(action))
    , m_target(std::move(target))
{
    setObjectName(QStringLiteral("approvalDialog"));
    setWindowTitle(tr("Second Officer's Approval"));
    //: Dual control: %1 describes the action, e.g. "the deletion of the key ...".
    m_explanation = new QLabel(tr("%1 needs a second officer's approval. Another operator "
                                  "who may make it enters their name and password here.")
                                   .arg(what),
        this);
    m_explanation->setWordWrap(true);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("approverLineEdit"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("approverPasswordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    auto *form = new QFormLayout;
    form->addRow(tr("&Approving officer:"), m_nameEdit);
    form->addRow(tr("&Password:"), m_passwordEdit);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    //: Button of the dual-control dialog: the second officer approves.
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Approve"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_explanation);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ApprovalDialog::approve);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(440, sizeHint().height());
}

void ApprovalDialog::approve()
{
    // The password leaves the field at once (STYLE.md: Qt strings cannot be wiped).
    const SecureBytes password = takeSecret(m_passwordEdit);
    const Result<void> approved
        = m_session.approve(m_nameEdit->text().trimmed(), password, m_action, m_target);
    if (!approved) {
        Dialogs::showError(this, Response::failure(approved.error(), QString()),
            tr("Approving %1 as %2").arg(m_action, m_nameEdit->text().trimmed()));
        m_passwordEdit->setFocus();
        return;
    }
    accept();
}

bool ApprovalDialog::approveIfNeeded(QWidget *parent, StoreSession &session, const QString &action,
    const QString &target, const QString &what)
{
    const auto controlled = session.dualControl();
    if (!controlled || !controlled->contains(action))
        return true;
    ApprovalDialog dialog(session, action, target, what, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace kms::ui
