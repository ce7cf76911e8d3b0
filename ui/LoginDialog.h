#pragma once

#include <QDialog>

class QDialogButtonBox;
class QPushButton;

namespace kms {
class StoreSession;
}

namespace kms::ui {

class LoginPanel;

// At start-up in operator mode: the log-in form (LoginPanel) and Quit. A refused log-in is
// said in the dialog, which stays open for another try.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoginDialog(StoreSession &session, QWidget *parent = nullptr);
    ~LoginDialog() override;

    // Runs the dialog when the store is in operator mode and nobody is logged in; true once
    // someone is (or without operator mode), false if the user quit.
    static bool logIn(StoreSession &session, QWidget *parent = nullptr);

    LoginPanel *panel() const { return m_panel; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    LoginPanel *m_panel = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
    QPushButton *m_quitButton = nullptr;
};

} // namespace kms::ui
