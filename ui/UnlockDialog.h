#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kms {
class SecretStore;
class StoreSession;
} // namespace kms

namespace kms::ui {

// Later starts: the store opens locked. A passphrase store asks here; a wrong passphrase
// (KMS.0401) is said in the dialog, which stays open for another try. A keychain store
// unlocks without asking (unlock()).
class UnlockDialog : public QDialog
{
    Q_OBJECT

public:
    explicit UnlockDialog(StoreSession &session, QWidget *parent = nullptr);
    ~UnlockDialog() override;

    // Unlocks `session` the way its store is protected: silently from `keychain` (showing why
    // through Dialogs when that fails), or by running this dialog. False if the store stays
    // locked (the user quit, or the keychain failed): the console then quits.
    static bool unlock(StoreSession &session, SecretStore *keychain, QWidget *parent = nullptr);

    int failedAttempts() const { return m_failedAttempts; }

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    bool tryUnlock();

    StoreSession &m_session;
    int m_failedAttempts = 0;
    QLabel *m_introLabel = nullptr;
    QLabel *m_passphraseLabel = nullptr;
    QLineEdit *m_passphraseLineEdit = nullptr;
    QLabel *m_messageLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_unlockButton = nullptr;
    QPushButton *m_quitButton = nullptr;
};

} // namespace kms::ui
