#pragma once

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kms {
class SecretStore;
class StoreSession;
} // namespace kms

namespace kms::ui {

// Later starts: the store opens locked. A passphrase store asks here; a wrong passphrase
// (KMS.0401) is said in the dialog, which stays open for another try. A custodians store asks
// for M shares in M text boxes (typed or pasted, spaces and line breaks allowed); shares that
// do not unlock (KMS.0401) are said with the backend's reason, which names the bad share, and
// the typed shares stay for correction. A keychain store unlocks without asking (unlock()).
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
    // Custodians mode: the share boxes (M of them); empty otherwise.
    const QList<QPlainTextEdit *> &shareEdits() const { return m_shareEdits; }

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    bool tryUnlock();
    bool tryUnlockWithShares();
    void updateUnlockButton();
    void clearShares();

    StoreSession &m_session;
    const bool m_custodians;
    int m_failedAttempts = 0;
    QString m_failureDetail; // custodians mode: the backend's reason for the last failure
    QLabel *m_introLabel = nullptr;
    QLabel *m_passphraseLabel = nullptr;
    QLineEdit *m_passphraseLineEdit = nullptr;
    QList<QLabel *> m_shareLabels;
    QList<QPlainTextEdit *> m_shareEdits;
    QLabel *m_messageLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_unlockButton = nullptr;
    QPushButton *m_quitButton = nullptr;
};

} // namespace kms::ui
