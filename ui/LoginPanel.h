#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// The log-in form of operator mode (issue 9): the operator's name and password. The start-up
// log-in dialog and the main window's lock screen both show it. A refused log-in is said
// under the form with its code and both messages (KMS.0401 wrong name or password, KMS.0406
// frozen) and the password field is emptied; the password never stays in the widget.
class LoginPanel : public QWidget
{
    Q_OBJECT

public:
    // What the panel says above the form.
    enum class Reason {
        StartUp, // the console starts
        LoggedOut, // the operator logged out
        IdleTimeout, // the console locked itself after the idle time-out
        SessionEnded, // the backend ended the session (expired, frozen, role gone)
    };

    explicit LoginPanel(StoreSession &session, QWidget *parent = nullptr);
    ~LoginPanel() override;

    void setReason(Reason reason);
    Reason reason() const { return m_reason; }
    void setOperatorName(const QString &name);
    // The code of the last refused log-in ("" after a success or a reset).
    const QString &lastErrorCode() const { return m_lastErrorCode; }
    // Empties the password and the message (a new lock).
    void reset();

    QLineEdit *nameLineEdit() const { return m_nameLineEdit; }
    QLineEdit *passwordLineEdit() const { return m_passwordLineEdit; }
    QPushButton *logInButton() const { return m_logInButton; }

public slots:
    // Logs in with the typed name and password; true (and loggedIn()) on success.
    bool logIn();

signals:
    void loggedIn();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateButton();

    StoreSession &m_session;
    Reason m_reason = Reason::StartUp;
    QString m_lastErrorCode;
    QString m_lastErrorText; // code and both messages, as the catalog has them
    QLabel *m_titleLabel = nullptr;
    QLabel *m_introLabel = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLineEdit *m_nameLineEdit = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_passwordLineEdit = nullptr;
    QPushButton *m_logInButton = nullptr;
    QLabel *m_messageLabel = nullptr;
};

} // namespace kms::ui
