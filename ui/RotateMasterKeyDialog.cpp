#include "RotateMasterKeyDialog.h"

#include "ApprovalDialog.h"
#include "Dialogs.h"
#include "SecretField.h"
#include "ShareSheet.h"
#include "api/MasterKeyRotation.h"
#include "api/StoreSession.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

RotateMasterKeyDialog::RotateMasterKeyDialog(StoreSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("rotateMasterKeyDialog"));
    setWindowTitle(tr("Re-key Master Key"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A new master key replaces the current one. Every key's "
                                "material is wrapped again under it in one step; keys, "
                                "ciphertexts and the audit trail stay valid. Afterwards the "
                                "old master key opens nothing. Make a new backup after it."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    switch (session.protection()) {
    case MasterKeyProtection::Keychain:
        layout->addWidget(new QLabel(tr("The new master key is kept under a new entry of the "
                                        "OS keychain; the old entry is removed."),
            this));
        break;
    case MasterKeyProtection::Passphrase:
        m_passphraseEdit = new QLineEdit(this);
        m_passphraseEdit->setObjectName(QStringLiteral("newPassphraseLineEdit"));
        m_passphraseEdit->setEchoMode(QLineEdit::Password);
        m_repeatEdit = new QLineEdit(this);
        m_repeatEdit->setObjectName(QStringLiteral("repeatPassphraseLineEdit"));
        m_repeatEdit->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&New passphrase:"), m_passphraseEdit);
        form->addRow(tr("&Repeat:"), m_repeatEdit);
        break;
    case MasterKeyProtection::Custodians:
        m_thresholdSpin = new QSpinBox(this);
        m_thresholdSpin->setObjectName(QStringLiteral("thresholdSpinBox"));
        m_thresholdSpin->setRange(2, 16);
        m_thresholdSpin->setValue(session.custodianThreshold());
        m_countSpin = new QSpinBox(this);
        m_countSpin->setObjectName(QStringLiteral("custodianCountSpinBox"));
        m_countSpin->setRange(2, 16);
        m_countSpin->setValue(session.custodianCount());
        //: Custodians: M of the N shares unlock the store.
        form->addRow(tr("Shares that &unlock (M):"), m_thresholdSpin);
        form->addRow(tr("&Custodians (N):"), m_countSpin);
        break;
    }
    layout->addLayout(form);
    m_sharesText = new QPlainTextEdit(this);
    m_sharesText->setObjectName(QStringLiteral("sharesTextEdit"));
    m_sharesText->setReadOnly(true);
    m_sharesText->hide();
    layout->addWidget(m_sharesText);
    m_saveSheetsButton = new QPushButton(tr("&Save Share Sheets…"), this);
    m_saveSheetsButton->setObjectName(QStringLiteral("saveShareSheetsButton"));
    m_saveSheetsButton->hide();
    layout->addWidget(m_saveSheetsButton);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Re-key"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RotateMasterKeyDialog::rotate);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(
        m_saveSheetsButton, &QPushButton::clicked, this, &RotateMasterKeyDialog::saveShareSheets);
    resize(520, sizeHint().height());
}

void RotateMasterKeyDialog::rotate()
{
    if (!m_shares.isEmpty()) { // the shares were shown: the button closes
        accept();
        return;
    }
    MasterKeyRotation::Options options;
    SecureBytes passphrase;
    if (m_passphraseEdit != nullptr) {
        passphrase = takeSecret(m_passphraseEdit);
        const SecureBytes repeated = takeSecret(m_repeatEdit);
        if (passphrase.empty() || !passphrase.equals(repeated)) {
            Dialogs::inform(this, windowTitle(),
                passphrase.empty() ? tr("Enter the new passphrase.")
                                   : tr("The two passphrases differ."));
            return;
        }
        options.passphrase = &passphrase;
    }
    if (m_thresholdSpin != nullptr) {
        options.custodianThreshold = m_thresholdSpin->value();
        options.custodianCount = m_countSpin->value();
    }
    if (!Dialogs::confirm(this, windowTitle(),
            tr("Replace the master key now? The old passphrase, shares or keychain entry "
               "will no longer open the key store.")))
        return;
    if (!ApprovalDialog::approveIfNeeded(this, m_session, QStringLiteral("RotateMasterKey"),
            m_session.storeUuid(), tr("Re-keying the master key")))
        return;
    auto rotated = m_session.rotateMasterKey(options);
    if (!rotated) {
        Dialogs::showError(
            this, Response::failure(rotated.error(), QString()), tr("Re-keying the master key"));
        return;
    }
    emit masterKeyRotated();
    if (rotated->isEmpty()) {
        Dialogs::inform(this, windowTitle(), tr("The master key was replaced."));
        accept();
        return;
    }
    m_shares = *rotated;
    showShares();
}

void RotateMasterKeyDialog::showShares()
{
    QStringList lines;
    lines.append(tr("Hand each custodian one share; they are shown this once. %1 of them "
                    "unlock the key store.")
                     .arg(m_session.custodianThreshold()));
    for (qsizetype i = 0; i < m_shares.size(); ++i)
        lines.append(tr("Custodian %1: %2").arg(i + 1).arg(m_shares.at(i)));
    m_sharesText->setPlainText(lines.join(QLatin1Char('\n')));
    m_sharesText->show();
    m_saveSheetsButton->show();
    if (m_passphraseEdit == nullptr && m_thresholdSpin != nullptr) {
        m_thresholdSpin->setEnabled(false);
        m_countSpin->setEnabled(false);
    }
    m_buttons->button(QDialogButtonBox::Cancel)->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Done"));
}

void RotateMasterKeyDialog::saveShareSheets()
{
    const QString folder
        = QFileDialog::getExistingDirectory(this, tr("Folder for the Share Sheets"));
    if (folder.isEmpty())
        return;
    for (qsizetype i = 0; i < m_shares.size(); ++i) {
        const ShareSheet sheet(m_session.storeUuid(), int(i + 1), int(m_shares.size()),
            m_session.custodianThreshold(), m_shares.at(i));
        QString error;
        if (!sheet.writePdf(QDir(folder).filePath(sheet.suggestedFileName()), &error)) {
            Dialogs::inform(this, windowTitle(), error);
            return;
        }
    }
}

} // namespace kms::ui
