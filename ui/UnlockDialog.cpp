#include "UnlockDialog.h"

#include "Dialogs.h"
#include "SecretField.h"

#include "api/StoreSession.h"
#include "secrets/SecretStore.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <algorithm>

namespace kms::ui {

UnlockDialog::UnlockDialog(StoreSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_custodians(session.protection() == MasterKeyProtection::Custodians)
{
    setObjectName(QStringLiteral("unlockDialog"));
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    // A grid rather than a form: QFormLayout with word-wrapped labels crashes in Qt 6.4.
    auto *grid = new QGridLayout;
    if (m_custodians) {
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        for (int i = 0; i < session.custodianThreshold(); ++i) {
            auto *label = new QLabel(this);
            auto *edit = new QPlainTextEdit(this);
            edit->setObjectName(QStringLiteral("shareTextEdit%1").arg(i + 1));
            edit->setFont(mono);
            edit->setTabChangesFocus(true);
            edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
            edit->setFixedHeight(QFontMetrics(mono).lineSpacing() * 4 + 14);
            edit->setPlaceholderText(QStringLiteral("KMS1-…"));
            label->setBuddy(edit);
            grid->addWidget(label, i, 0, Qt::AlignTop);
            grid->addWidget(edit, i, 1);
            connect(edit, &QPlainTextEdit::textChanged, this, &UnlockDialog::updateUnlockButton);
            m_shareLabels.append(label);
            m_shareEdits.append(edit);
        }
    } else {
        m_passphraseLabel = new QLabel(this);
        m_passphraseLineEdit = new QLineEdit(this);
        m_passphraseLineEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
        m_passphraseLineEdit->setEchoMode(QLineEdit::Password);
        m_passphraseLabel->setBuddy(m_passphraseLineEdit);
        grid->addWidget(m_passphraseLabel, 0, 0);
        grid->addWidget(m_passphraseLineEdit, 0, 1);
        connect(
            m_passphraseLineEdit, &QLineEdit::textChanged, this, &UnlockDialog::updateUnlockButton);
    }
    grid->setColumnStretch(1, 1);
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

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(grid);
    layout->addWidget(m_messageLabel);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &UnlockDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &UnlockDialog::reject);
    m_unlockButton->setEnabled(false);
    retranslate();
    setMinimumWidth(m_custodians ? 620 : 480);
    adjustSize();
}

UnlockDialog::~UnlockDialog()
{
    clearShares();
}

void UnlockDialog::updateUnlockButton()
{
    bool any = false;
    if (m_passphraseLineEdit != nullptr)
        any = !m_passphraseLineEdit->text().isEmpty();
    for (const QPlainTextEdit *edit : std::as_const(m_shareEdits))
        any = any || !edit->toPlainText().trimmed().isEmpty();
    m_unlockButton->setEnabled(any);
}

void UnlockDialog::clearShares()
{
    // QStrings cannot be wiped reliably; at least the boxes (and their undo history) empty.
    for (QPlainTextEdit *edit : std::as_const(m_shareEdits))
        edit->setPlainText(QString());
}

void UnlockDialog::retranslate()
{
    setWindowTitle(tr("Unlock the key store"));
    const QString dataDir = QDir::toNativeSeparators(m_session.dataDir());
    if (m_custodians) {
        //: %1 the data folder, %2 = M, %3 = N of the custodian shares.
        m_introLabel->setText(tr("The key store in %1 is locked. Any %2 of its %3 custodians "
                                 "unlock it: each types or pastes their share below. Spaces, "
                                 "line breaks and upper or lower case do not matter.")
                                  .arg(dataDir)
                                  .arg(m_session.custodianThreshold())
                                  .arg(m_session.custodianCount()));
        for (qsizetype i = 0; i < m_shareLabels.size(); ++i)
            //: Label of the box for one custodian's share; %1 of %2 shares needed.
            m_shareLabels.at(i)->setText(
                tr("Share %1 of %2:").arg(i + 1).arg(m_shareLabels.size()));
    } else {
        m_introLabel->setText(
            tr("The key store in %1 is locked. Type its passphrase to unlock it.").arg(dataDir));
        m_passphraseLabel->setText(tr("&Passphrase:"));
    }
    m_unlockButton->setText(tr("&Unlock"));
    m_quitButton->setText(tr("&Quit"));
    if (m_failedAttempts > 0 && m_custodians)
        //: Shown in the unlock dialog when custodian shares do not unlock the store; %1 counts
        //: the failed tries, %2 is the reason in English (it names the share, e.g. "share 2
        //: fails its checksum").
        m_messageLabel->setText(tr("These shares do not unlock the key store (attempt %1): %2.")
                                    .arg(m_failedAttempts)
                                    .arg(m_failureDetail));
    else if (m_failedAttempts > 0)
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
    if (m_custodians)
        return tryUnlockWithShares();
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

bool UnlockDialog::tryUnlockWithShares()
{
    QStringList shares;
    for (const QPlainTextEdit *edit : std::as_const(m_shareEdits))
        shares.append(edit->toPlainText());
    if (std::all_of(shares.cbegin(), shares.cend(),
            [](const QString &share) { return share.trimmed().isEmpty(); }))
        return false;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const Result<void> unlocked = m_session.unlockWithShares(shares);
    QGuiApplication::restoreOverrideCursor();
    for (QString &share : shares)
        share.fill(QChar(u'0'));
    if (unlocked) {
        clearShares();
        return true;
    }
    if (unlocked.error().code() != QLatin1String("KMS.0401")) {
        Dialogs::showError(
            this, Response::failure(unlocked.error(), QString()), tr("Unlocking the key store"));
        return false;
    }
    ++m_failedAttempts;
    m_failureDetail = unlocked.error().detail();
    retranslate();
    m_messageLabel->setVisible(true);
    // The typed shares stay for correction; the one the backend names gets the focus, else
    // the first empty box (too few shares).
    QPlainTextEdit *focus = nullptr;
    static const QRegularExpression named(QStringLiteral("^share (\\d+) "));
    if (const QRegularExpressionMatch match = named.match(m_failureDetail); match.hasMatch()) {
        const int index = match.captured(1).toInt() - 1;
        if (index >= 0 && index < m_shareEdits.size())
            focus = m_shareEdits.at(index);
    }
    for (QPlainTextEdit *edit : std::as_const(m_shareEdits)) {
        if (focus == nullptr && edit->toPlainText().trimmed().isEmpty())
            focus = edit;
    }
    if (focus != nullptr) {
        focus->setFocus();
        focus->selectAll();
    }
    adjustSize();
    return false;
}

bool UnlockDialog::unlock(StoreSession &session, SecretStore *keychain, QWidget *parent)
{
    if (session.isUnlocked())
        return true;
    if (session.protection() == MasterKeyProtection::Passphrase
        || session.protection() == MasterKeyProtection::Custodians) {
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
