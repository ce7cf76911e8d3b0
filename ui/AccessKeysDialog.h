#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QWidget;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// The access keys of one operator for the local signed API (docs/api.md; administrators):
// the list (id, state, created, last used — never a secret), Create, Enable, Disable, Delete.
// A new key's secret is shown once, in this dialog only, and cleared when the dialog closes;
// the store keeps it wrapped under the master key. Every change is audited.
class AccessKeysDialog : public QDialog
{
    Q_OBJECT

public:
    AccessKeysDialog(StoreSession &session, const QString &operatorName, QWidget *parent = nullptr);
    ~AccessKeysDialog() override;

    QTableWidget *table() const { return m_table; }
    // The id of the selected key; empty if none.
    QString currentKey() const;
    bool selectKey(const QString &accessKeyId);
    // The new key's id and secret as shown after Create (empty otherwise).
    QString shownAccessKeyId() const;
    QString shownSecret() const;

public slots:
    void createKey();
    void enableKey();
    void disableKey();
    void deleteKey();
    void reload();
    void done(int result) override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateButtons();
    // The state and "never" texts of the rows, in the current language.
    void updateRowTexts();
    void clearShownSecret();

    StoreSession &m_session;
    const QString m_operator;
    QLabel *m_introLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_createButton = nullptr;
    QPushButton *m_enableButton = nullptr;
    QPushButton *m_disableButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QWidget *m_newKeyBox = nullptr;
    QLabel *m_newKeyLabel = nullptr;
    QLabel *m_idLabel = nullptr;
    QLineEdit *m_idLineEdit = nullptr;
    QLabel *m_secretLabel = nullptr;
    QLineEdit *m_secretLineEdit = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace kms::ui
