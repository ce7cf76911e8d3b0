#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// Settings → Re-key Master Key… (api/MasterKeyRotation.h): a new master key in the store's
// protection mode. Passphrase mode asks for the new passphrase twice, custodians mode for the
// new M of N and then shows the new shares once (printable as share sheets, ui/ShareSheet);
// keychain mode needs nothing. A second officer approves first when RotateMasterKey is under
// dual control (ui/ApprovalDialog).
class RotateMasterKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RotateMasterKeyDialog(StoreSession &session, QWidget *parent = nullptr);

    // The custodians' new shares after a rotation in custodians mode (tests).
    const QStringList &shares() const { return m_shares; }

signals:
    void masterKeyRotated();

private:
    void rotate();
    void showShares();
    void saveShareSheets();

    StoreSession &m_session;
    QLineEdit *m_passphraseEdit = nullptr;
    QLineEdit *m_repeatEdit = nullptr;
    QSpinBox *m_thresholdSpin = nullptr;
    QSpinBox *m_countSpin = nullptr;
    QPlainTextEdit *m_sharesText = nullptr;
    QPushButton *m_saveSheetsButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QStringList m_shares;
};

} // namespace kms::ui
