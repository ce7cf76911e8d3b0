#include "LoginDialog.h"

#include "Dialogs.h"
#include "LoginPanel.h"

#include "api/StoreSession.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

LoginDialog::LoginDialog(StoreSession &session, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("loginDialog"));
    m_panel = new LoginPanel(session, this);
    m_panel->setReason(LoginPanel::Reason::StartUp);
    m_panel->setOperatorName(qEnvironmentVariable("USER"));
    m_buttonBox = new QDialogButtonBox(this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_quitButton = m_buttonBox->addButton(QDialogButtonBox::Cancel);
    m_quitButton->setObjectName(QStringLiteral("quitButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_panel);
    layout->addWidget(m_buttonBox);
    connect(m_panel, &LoginPanel::loggedIn, this, &QDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
    resize(460, sizeHint().height());
}

LoginDialog::~LoginDialog() = default;

bool LoginDialog::logIn(StoreSession &session, QWidget *parent)
{
    const Result<bool> mode = session.operatorMode();
    if (!mode) {
        Dialogs::showError(parent, Response::failure(mode.error(), QString()),
            tr("Reading the operators of the key store"));
        return false;
    }
    if (!*mode || session.signedIn())
        return true;
    LoginDialog dialog(session, parent);
    return dialog.exec() == QDialog::Accepted;
}

void LoginDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void LoginDialog::retranslate()
{
    //: Title of the log-in dialog at start-up.
    setWindowTitle(tr("Log In to the KMS Console"));
    m_quitButton->setText(tr("&Quit"));
}

} // namespace kms::ui
