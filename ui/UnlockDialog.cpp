#include "UnlockDialog.h"

#include "Dialogs.h"

#include "api/StoreSession.h"
#include "secrets/SecretStore.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

// Takes a line edit's text into a secure buffer and empties the edit (and its undo history).
SecureBytes takeSecret(QLineEdit *edit)
{
    QString text = edit->text();
    edit->setText(QString());
    QByteArray utf8 = text.toUtf8();
    SecureBytes secret = SecureBytes::fromByteArray(utf8);
    wipeByteArray(utf8);
    text.fill(QChar(u'\0'));
    return secret;
}

} // namespace

UnlockDialog::UnlockDialog(StoreSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("unlockDialog"));
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_passphraseLabel = new QLabel(this);
    m_passphraseLineEdit = new QLineEdit(this);
    m_passphraseLineEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
    m_passphraseLineEdit->setEchoMode(QLineEdit::Password);
    m_passphraseLabel->setBuddy(m_passphraseLineEdit);
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setVisible(false);
    QPalette warning = m_messageLabel->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c));
    m_messageLabel->setPalette(warning);

    m_buttonBox = new QDialogButtonBox(this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_unlockButton = m_buttonBox->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_unlockButton->setObjectName(QStringLiteral("unlockButton"));
    m_unlockButton->setDefault(true);
    m_quitButton = m_buttonBox->addButton(QString(), QDialogButtonBox::RejectRole);
    m_quitButton->setObjectName(QStringLiteral("quitButton"));

    auto *form = new QFormLayout;
    form->addRow(m_passphraseLabel, m_passphraseLineEdit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(form);
    layout->addWidget(m_messageLabel);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &UnlockDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &UnlockDialog::reject);
    connect(m_passphraseLineEdit, &QLineEdit::textChanged, this,
        [this] { m_unlockButton->setEnabled(!m_passphraseLineEdit->text().isEmpty()); });
    m_unlockButton->setEnabled(false);
    retranslate();
    setMinimumWidth(480);
    adjustSize();
}

UnlockDialog::~UnlockDialog() = default;

void UnlockDialog::retranslate()
{
    setWindowTitle(tr("Unlock the key store"));
    m_introLabel->setText(tr("The key store in %1 is locked. Type its passphrase to unlock it.")
                              .arg(QDir::toNativeSeparators(m_session.dataDir())));
    m_passphraseLabel->setText(tr("&Passphrase:"));
    m_unlockButton->setText(tr("&Unlock"));
    m_quitButton->setText(tr("&Quit"));
    if (m_failedAttempts > 0)
        //: Shown in the unlock dialog after a wrong passphrase; %1 counts the failed tries.
        m_messageLabel->setText(
            tr("The passphrase is wrong (attempt %1). Type it again.").arg(m_failedAttempts));
}

void UnlockDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void UnlockDialog::accept()
{
    if (tryUnlock())
        QDialog::accept();
}

bool UnlockDialog::tryUnlock()
{
    const SecureBytes passphrase = takeSecret(m_passphraseLineEdit);
    if (passphrase.empty())
        return false;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const Result<void> unlocked = m_session.unlockWithPassphrase(passphrase);
    QGuiApplication::restoreOverrideCursor();
    if (unlocked)
        return true;
    m_passphraseLineEdit->setFocus();
    if (unlocked.error().code() == QLatin1String("KMS.0401")) {
        ++m_failedAttempts;
        retranslate();
        m_messageLabel->setVisible(true);
        adjustSize(); // room for the message under the wrapped intro
        return false;
    }
    Dialogs::showError(
        this, Response::failure(unlocked.error(), QString()), tr("Unlocking the key store"));
    return false;
}

bool UnlockDialog::unlock(StoreSession &session, SecretStore *keychain, QWidget *parent)
{
    if (session.isUnlocked())
        return true;
    if (session.protection() == MasterKeyProtection::Passphrase) {
        UnlockDialog dialog(session, parent);
        return dialog.exec() == QDialog::Accepted;
    }
    const Result<void> unlocked = keychain != nullptr
        ? session.unlockWithKeychain(*keychain)
        : Result<void>(KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("no keychain is available in this session")));
    if (unlocked)
        return true;
    Dialogs::showError(parent, Response::failure(unlocked.error(), QString()),
        tr("Unlocking the key store with the OS keychain"));
    return false;
}

} // namespace kms::ui
