#pragma once

#include <QDialog>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace kms {
class KmsClient;
}

namespace kms::ui {

// The operator changes of the Operators page, one dialog per change: add an operator (name,
// role, password typed twice), change an operator's role, grant a crypto user a key. OK makes
// the change through StoreSession (audited); a refusal is shown with its code and both
// messages and the dialog stays open. The password never stays in the dialog.
class OperatorDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode { Add, ChangeRole, GrantKey };

    // `name`: the operator changed (ChangeRole, GrantKey); `firstOperator`: Add offers the
    // administrator role only (the first operator must be one).
    OperatorDialog(KmsClient &client, Mode mode, const QString &name = QString(),
        bool firstOperator = false, QWidget *parent = nullptr);
    ~OperatorDialog() override;

    Mode mode() const { return m_mode; }
    QLineEdit *nameLineEdit() const { return m_nameLineEdit; }
    QComboBox *roleComboBox() const { return m_roleComboBox; }
    QLineEdit *passwordLineEdit() const { return m_passwordLineEdit; }
    QLineEdit *repeatLineEdit() const { return m_repeatLineEdit; }
    QComboBox *keyComboBox() const { return m_keyComboBox; }
    // The role chosen: auth::roleName().
    QString roleName() const;

public slots:
    void accept() override;

signals:
    // After a change was made: the operator it applies to.
    void operatorChanged(const QString &name);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateOkButton();
    void fillKeys();

    KmsClient &m_client;
    const Mode m_mode;
    const QString m_name;
    QLabel *m_introLabel = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLineEdit *m_nameLineEdit = nullptr;
    QLabel *m_roleLabel = nullptr;
    QComboBox *m_roleComboBox = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_passwordLineEdit = nullptr;
    QLabel *m_repeatLabel = nullptr;
    QLineEdit *m_repeatLineEdit = nullptr;
    QLabel *m_keyLabel = nullptr;
    QComboBox *m_keyComboBox = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
