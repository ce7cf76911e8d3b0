#pragma once

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// Asks the user PIN of a PKCS#11 HSM whose PIN is not kept in the keychain ("asked at each
// start"), after the store is unlocked (and from Settings → HSMs). The PIN is tried on the
// token before the session keeps it (StoreSession::testHsm); a refused PIN is said in the
// dialog, which stays open. Skip leaves the HSM without a PIN for this session: its keys then
// answer "not available".
class HsmPinDialog : public QDialog
{
    Q_OBJECT

public:
    HsmPinDialog(StoreSession &session, const QString &hsmName, QWidget *parent = nullptr);
    ~HsmPinDialog() override;

    // Runs the dialog for each HSM of the session without a PIN (StoreSession::hsmsWithoutPin).
    // Returns the names the user skipped.
    static QStringList askMissingPins(StoreSession &session, QWidget *parent = nullptr);

    const QString &hsmName() const { return m_hsmName; }
    int failedAttempts() const { return m_failedAttempts; }

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    StoreSession &m_session;
    const QString m_hsmName;
    int m_failedAttempts = 0;
    QString m_failure; // the backend's reason for the last refusal (English detail)
    QLabel *m_introLabel = nullptr;
    QLabel *m_pinLabel = nullptr;
    QLineEdit *m_pinLineEdit = nullptr;
    QLabel *m_messageLabel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_skipButton = nullptr;
};

} // namespace kms::ui
