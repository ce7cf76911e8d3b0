#include "OperatorDialog.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "OperatorTableModel.h"
#include "SecretField.h"

#include "api/StoreSession.h"
#include "auth/Roles.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace kms::ui {

OperatorDialog::OperatorDialog(
    KmsClient &client, Mode mode, const QString &name, bool firstOperator, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_mode(mode)
    , m_name(name)
{
    setObjectName(QStringLiteral("operatorDialog"));
    setWindowModality(Qt::WindowModal);
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    auto *form = new QFormLayout;

    m_nameLabel = new QLabel(this);
    m_nameLineEdit = new QLineEdit(name, this);
    m_nameLineEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameLineEdit->setMaxLength(64);
    m_nameLineEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._-]*")), m_nameLineEdit));
    m_nameLineEdit->setReadOnly(mode != Mode::Add);
    m_nameLabel->setBuddy(m_nameLineEdit);
    form->addRow(m_nameLabel, m_nameLineEdit);

    m_roleLabel = new QLabel(this);
    m_roleComboBox = new QComboBox(this);
    m_roleComboBox->setObjectName(QStringLiteral("roleComboBox"));
    m_roleLabel->setBuddy(m_roleComboBox);
    for (const QString &role : auth::roleNames()) {
        if (!firstOperator || role == auth::roleName(auth::Role::Administrator))
            m_roleComboBox->addItem(OperatorTableModel::roleTitle(role), role);
    }
    m_passwordLabel = new QLabel(this);
    m_passwordLineEdit = new QLineEdit(this);
    m_passwordLineEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordLineEdit->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_passwordLineEdit);
    m_repeatLabel = new QLabel(this);
    m_repeatLineEdit = new QLineEdit(this);
    m_repeatLineEdit->setObjectName(QStringLiteral("repeatLineEdit"));
    m_repeatLineEdit->setEchoMode(QLineEdit::Password);
    m_repeatLabel->setBuddy(m_repeatLineEdit);
    m_keyLabel = new QLabel(this);
    m_keyComboBox = new QComboBox(this);
    m_keyComboBox->setObjectName(QStringLiteral("keyComboBox"));
    m_keyComboBox->setEditable(true); // a key id, an alias, or a certificate id
    m_keyComboBox->setMinimumContentsLength(36);
    m_keyLabel->setBuddy(m_keyComboBox);

    switch (mode) {
    case Mode::Add:
        form->addRow(m_roleLabel, m_roleComboBox);
        form->addRow(m_passwordLabel, m_passwordLineEdit);
        form->addRow(m_repeatLabel, m_repeatLineEdit);
        m_keyLabel->hide();
        m_keyComboBox->hide();
        break;
    case Mode::ChangeRole:
        form->addRow(m_roleLabel, m_roleComboBox);
        for (QWidget *widget : std::initializer_list<QWidget *> { m_passwordLabel,
                 m_passwordLineEdit, m_repeatLabel, m_repeatLineEdit, m_keyLabel, m_keyComboBox })
            widget->hide();
        break;
    case Mode::GrantKey:
        form->addRow(m_keyLabel, m_keyComboBox);
        for (QWidget *widget : std::initializer_list<QWidget *> { m_passwordLabel,
                 m_passwordLineEdit, m_repeatLabel, m_repeatLineEdit, m_roleLabel, m_roleComboBox })
            widget->hide();
        fillKeys();
        break;
    }

    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &OperatorDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : { m_nameLineEdit, m_passwordLineEdit, m_repeatLineEdit })
        connect(edit, &QLineEdit::textChanged, this, &OperatorDialog::updateOkButton);
    connect(m_keyComboBox, &QComboBox::currentTextChanged, this, &OperatorDialog::updateOkButton);
    retranslate();
    updateOkButton();
}

OperatorDialog::~OperatorDialog() = default;

QString OperatorDialog::roleName() const
{
    return m_roleComboBox->currentData().toString();
}

void OperatorDialog::fillKeys()
{
    // The keys the administrator can see, newest first, as "id  (aliases)"; any id or alias
    // may be typed instead.
    const Response listed = m_client.call(QStringLiteral("ListKeys"),
        QJsonObject { { QStringLiteral("pageNumber"), 1 }, { QStringLiteral("pageSize"), 100 } });
    if (!listed.ok())
        return;
    const QJsonArray keys = listed.data.value(QStringLiteral("keys")).toArray();
    for (const QJsonValue &value : keys) {
        const QJsonObject key = value.toObject();
        const QString id = key.value(QStringLiteral("cmkUuid")).toString();
        if (!id.isEmpty())
            m_keyComboBox->addItem(id, id);
    }
    m_keyComboBox->setCurrentIndex(-1);
}

void OperatorDialog::updateOkButton()
{
    bool ready = false;
    switch (m_mode) {
    case Mode::Add:
        ready = !m_nameLineEdit->text().isEmpty() && !m_passwordLineEdit->text().isEmpty()
            && m_passwordLineEdit->text() == m_repeatLineEdit->text();
        break;
    case Mode::ChangeRole:
        ready = true;
        break;
    case Mode::GrantKey:
        ready = !m_keyComboBox->currentText().trimmed().isEmpty();
        break;
    }
    m_buttonBox->button(QDialogButtonBox::Ok)->setEnabled(ready);
}

void OperatorDialog::accept()
{
    StoreSession &session = m_client.session();
    const QString name = m_nameLineEdit->text().trimmed();
    Result<void> done = success();
    QString what;
    switch (m_mode) {
    case Mode::Add: {
        if (m_passwordLineEdit->text() != m_repeatLineEdit->text())
            return;
        const SecureBytes password = takeSecret(m_passwordLineEdit);
        takeSecret(m_repeatLineEdit);
        what = tr("Adding the operator %1").arg(name);
        QGuiApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id
        done = session.createOperator(name, roleName(), password);
        QGuiApplication::restoreOverrideCursor();
        break;
    }
    case Mode::ChangeRole:
        what = tr("Changing the role of %1").arg(name);
        done = session.setOperatorRole(name, roleName());
        break;
    case Mode::GrantKey:
        what = tr("Granting %1 a key").arg(name);
        done = session.grantKey(name, m_keyComboBox->currentText().trimmed());
        break;
    }
    if (!done) {
        Dialogs::showError(this, Response::failure(done.error(), QString()), what);
        return;
    }
    emit operatorChanged(name);
    QDialog::accept();
}

void OperatorDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void OperatorDialog::retranslate()
{
    switch (m_mode) {
    case Mode::Add:
        setWindowTitle(tr("Add Operator"));
        m_introLabel->setText(
            tr("Administrators manage operators, regions and HSMs; key officers manage keys, "
               "aliases, rotation, deletion, certificates and import; crypto users encrypt, "
               "decrypt, sign and verify with the keys granted to them; auditors read key "
               "metadata and the audit log."));
        break;
    case Mode::ChangeRole:
        setWindowTitle(tr("Change Role"));
        m_introLabel->setText(tr("The new role applies from the operator's next call."));
        break;
    case Mode::GrantKey:
        setWindowTitle(tr("Grant Key"));
        m_introLabel->setText(tr("A crypto user may use only the keys granted to it: choose a "
                                 "key, or type a key id, an alias or a certificate id."));
        break;
    }
    m_nameLabel->setText(tr("&Name:"));
    m_roleLabel->setText(tr("&Role:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_repeatLabel->setText(tr("R&epeat:"));
    m_keyLabel->setText(tr("&Key:"));
    for (int index = 0; index < m_roleComboBox->count(); ++index)
        m_roleComboBox->setItemText(
            index, OperatorTableModel::roleTitle(m_roleComboBox->itemData(index).toString()));
}

} // namespace kms::ui
