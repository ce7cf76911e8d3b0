#include "LoginPanel.h"

#include "Dialogs.h"
#include "SecretField.h"

#include "api/StoreSession.h"
#include "errors/ErrorCatalog.h"

#include <QEvent>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace kms::ui {

LoginPanel::LoginPanel(StoreSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("loginPanel"));
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("loginTitleLabel"));
    QFont heading = m_titleLabel->font();
    heading.setBold(true);
    heading.setPointSizeF(heading.pointSizeF() * 1.3);
    m_titleLabel->setFont(heading);
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("loginIntroLabel"));
    m_introLabel->setWordWrap(true);

    m_nameLabel = new QLabel(this);
    m_nameLineEdit = new QLineEdit(this);
    m_nameLineEdit->setObjectName(QStringLiteral("operatorNameLineEdit"));
    m_nameLineEdit->setMaxLength(64);
    m_nameLineEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._-]*")), m_nameLineEdit));
    m_nameLabel->setBuddy(m_nameLineEdit);
    m_passwordLabel = new QLabel(this);
    m_passwordLineEdit = new QLineEdit(this);
    m_passwordLineEdit->setObjectName(QStringLiteral("operatorPasswordLineEdit"));
    m_passwordLineEdit->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_passwordLineEdit);
    m_logInButton = new QPushButton(this);
    m_logInButton->setObjectName(QStringLiteral("logInButton"));
    m_logInButton->setDefault(true);
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("loginMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_messageLabel->hide();

    auto *form = new QFormLayout;
    form->addRow(m_nameLabel, m_nameLineEdit);
    form->addRow(m_passwordLabel, m_passwordLineEdit);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    buttonRow->addWidget(m_logInButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_introLabel);
    layout->addLayout(form);
    layout->addLayout(buttonRow);
    layout->addWidget(m_messageLabel);

    connect(m_nameLineEdit, &QLineEdit::textChanged, this, &LoginPanel::updateButton);
    connect(m_passwordLineEdit, &QLineEdit::textChanged, this, &LoginPanel::updateButton);
    connect(m_nameLineEdit, &QLineEdit::returnPressed, this, [this] {
        if (m_passwordLineEdit->text().isEmpty())
            m_passwordLineEdit->setFocus();
        else
            logIn();
    });
    connect(m_passwordLineEdit, &QLineEdit::returnPressed, this, &LoginPanel::logIn);
    connect(m_logInButton, &QPushButton::clicked, this, &LoginPanel::logIn);
    retranslate();
    updateButton();
}

LoginPanel::~LoginPanel() = default;

void LoginPanel::setReason(Reason reason)
{
    m_reason = reason;
    retranslate();
}

void LoginPanel::setOperatorName(const QString &name)
{
    m_nameLineEdit->setText(name);
    (name.isEmpty() ? m_nameLineEdit : m_passwordLineEdit)->setFocus();
}

void LoginPanel::reset()
{
    m_passwordLineEdit->clear();
    m_lastErrorCode.clear();
    m_lastErrorText.clear();
    m_messageLabel->hide();
    retranslate();
}

bool LoginPanel::logIn()
{
    const QString name = m_nameLineEdit->text().trimmed();
    if (name.isEmpty() || m_passwordLineEdit->text().isEmpty())
        return false;
    const SecureBytes password = takeSecret(m_passwordLineEdit);
    // Argon2id takes a moment on purpose.
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const Result<QString> token = m_session.logIn(name, password);
    QGuiApplication::restoreOverrideCursor();
    if (!token) {
        const ErrorEntry entry = ErrorCatalog::builtin().entryOrInternal(token.error().code());
        m_lastErrorCode = entry.code;
        m_lastErrorText
            = QStringLiteral("%1 · %2 · %3").arg(entry.code, entry.messageEn, entry.messageZh);
        retranslate();
        m_messageLabel->show();
        m_passwordLineEdit->setFocus();
        return false;
    }
    m_lastErrorCode.clear();
    m_lastErrorText.clear();
    m_messageLabel->hide();
    emit loggedIn();
    return true;
}

void LoginPanel::updateButton()
{
    m_logInButton->setEnabled(
        !m_nameLineEdit->text().trimmed().isEmpty() && !m_passwordLineEdit->text().isEmpty());
}

void LoginPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LoginPanel::retranslate()
{
    switch (m_reason) {
    case Reason::StartUp:
        //: Title of the log-in form when the console starts.
        m_titleLabel->setText(tr("Log in"));
        m_introLabel->setText(tr("Several officers share this console: log in with your "
                                 "operator name and password. What you do is recorded in the "
                                 "audit trail under your name and role."));
        break;
    case Reason::LoggedOut:
        //: Title of the lock screen after the operator logged out.
        m_titleLabel->setText(tr("Console locked"));
        m_introLabel->setText(tr("You logged out. The next operator logs in here."));
        break;
    case Reason::IdleTimeout:
        m_titleLabel->setText(tr("Console locked"));
        m_introLabel->setText(
            tr("The console locked itself after a while without use. Log in again to go on."));
        break;
    case Reason::SessionEnded:
        m_titleLabel->setText(tr("Console locked"));
        m_introLabel->setText(tr("Your session ended (it expired, or an administrator froze "
                                 "the operator or changed it). Log in again to go on."));
        break;
    }
    //: Label of the operator name field of the log-in form.
    m_nameLabel->setText(tr("&Operator:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_logInButton->setText(tr("&Log In"));
    if (m_lastErrorCode.isEmpty()) {
        m_messageLabel->clear();
        return;
    }
    QString advice;
    if (m_lastErrorCode == QLatin1String("KMS.0401"))
        advice = tr("Wrong operator name or password. After %1 failed log-ins in a row the "
                    "operator is frozen.")
                     .arg(StoreSession::kMaxFailedLogins);
    else if (m_lastErrorCode == QLatin1String("KMS.0406"))
        advice = tr("This operator is frozen: only an administrator can unfreeze it.");
    else
        advice = Dialogs::adviceFor(m_lastErrorCode);
    m_messageLabel->setText(m_lastErrorText + QLatin1Char('\n') + advice);
}

} // namespace kms::ui
