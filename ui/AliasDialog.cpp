#include "AliasDialog.h"

#include "Dialogs.h"
#include "KmsClient.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

namespace {
const QString kAliasPrefix = QStringLiteral("alias/");
}

AliasDialog::AliasDialog(KmsClient &client, Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_mode(mode)
{
    setObjectName(QStringLiteral("aliasDialog"));
    m_aliasLabel = new QLabel(this);
    m_keyLabel = new QLabel(this);
    m_keyLineEdit = new QLineEdit(this);
    m_keyLineEdit->setObjectName(QStringLiteral("keyLineEdit"));
    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    auto *form = new QFormLayout;
    if (m_mode == Mode::Create) {
        m_aliasLineEdit = new QLineEdit(kAliasPrefix, this);
        m_aliasLineEdit->setObjectName(QStringLiteral("aliasLineEdit"));
        m_aliasLineEdit->setMaxLength(6 + 255);
        m_aliasLabel->setBuddy(m_aliasLineEdit);
        form->addRow(m_aliasLabel, m_aliasLineEdit);
        connect(m_aliasLineEdit, &QLineEdit::textChanged, this, &AliasDialog::updateOk);
    } else {
        m_aliasComboBox = new QComboBox(this);
        m_aliasComboBox->setObjectName(QStringLiteral("aliasComboBox"));
        m_aliasLabel->setBuddy(m_aliasComboBox);
        form->addRow(m_aliasLabel, m_aliasComboBox);
        connect(m_aliasComboBox, &QComboBox::currentIndexChanged, this, &AliasDialog::updateOk);
    }
    m_keyLabel->setBuddy(m_keyLineEdit);
    form->addRow(m_keyLabel, m_keyLineEdit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_keyLineEdit, &QLineEdit::textChanged, this, &AliasDialog::updateOk);
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &AliasDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &AliasDialog::reject);
    resize(520, sizeHint().height());
    retranslate();
    updateOk();
}

void AliasDialog::setAliasChoices(const QStringList &aliasNames)
{
    if (m_aliasComboBox == nullptr)
        return;
    m_aliasComboBox->clear();
    m_aliasComboBox->addItems(aliasNames);
}

void AliasDialog::setAliasName(const QString &aliasName)
{
    if (m_aliasLineEdit != nullptr) {
        m_aliasLineEdit->setText(aliasName);
        return;
    }
    int index = m_aliasComboBox->findText(aliasName);
    if (index < 0) {
        m_aliasComboBox->addItem(aliasName);
        index = m_aliasComboBox->count() - 1;
    }
    m_aliasComboBox->setCurrentIndex(index);
}

QString AliasDialog::aliasName() const
{
    return (m_aliasLineEdit != nullptr ? m_aliasLineEdit->text() : m_aliasComboBox->currentText())
        .trimmed();
}

void AliasDialog::setKeyText(const QString &keyIdOrAlias, bool fixed)
{
    m_keyLineEdit->setText(keyIdOrAlias);
    m_keyLineEdit->setReadOnly(fixed);
}

QString AliasDialog::keyText() const
{
    return m_keyLineEdit->text().trimmed();
}

QString AliasDialog::action() const
{
    return m_mode == Mode::Create ? QStringLiteral("CreateAlias") : QStringLiteral("UpdateAlias");
}

QJsonObject AliasDialog::request() const
{
    QJsonObject request {
        { QStringLiteral("aliasName"), aliasName() },
        { QStringLiteral("cmkUuid"), keyText() },
    };
    if (m_mode == Mode::Repoint && !m_regionId.isEmpty())
        request.insert(QStringLiteral("regionId"), m_regionId);
    return request;
}

void AliasDialog::accept()
{
    QJsonObject params = request();
    // CreateAlias and UpdateAlias take a key id: look an alias up first.
    if (keyText().startsWith(kAliasPrefix)) {
        const Response described = m_client.call(
            QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), keyText() } });
        if (!described.ok()) {
            m_response = described;
            Dialogs::showError(this, described, tr("Finding the key %1").arg(keyText()));
            return;
        }
        params.insert(QStringLiteral("cmkUuid"),
            described.data.value(QStringLiteral("keyMetadata"))
                .toObject()
                .value(QStringLiteral("cmkUuid")));
    }
    m_response = m_client.call(action(), params);
    if (!m_response.ok()) {
        Dialogs::showError(this, m_response,
            m_mode == Mode::Create ? tr("Creating the alias %1").arg(aliasName())
                                   : tr("Repointing the alias %1").arg(aliasName()));
        return; // the dialog keeps what the user typed
    }
    emit aliasChanged(aliasName(), params.value(QStringLiteral("cmkUuid")).toString());
    QDialog::accept();
}

void AliasDialog::updateOk()
{
    const QString name = aliasName();
    const bool ready = name.size() > kAliasPrefix.size() && !keyText().isEmpty();
    if (QPushButton *ok = m_buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(ready);
}

void AliasDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void AliasDialog::retranslate()
{
    if (m_mode == Mode::Create) {
        setWindowTitle(tr("Create Alias"));
        m_aliasLabel->setText(tr("&Alias name:"));
        m_keyLabel->setText(tr("For &key:"));
        m_hintLabel->setText(tr("An alias starts with alias/ and uses letters, digits, _, / and "
                                "-. The prefix alias/acs/ is reserved for default keys."));
    } else {
        setWindowTitle(tr("Repoint Alias"));
        m_aliasLabel->setText(tr("&Alias:"));
        m_keyLabel->setText(tr("Point at &key:"));
        m_hintLabel->setText(tr("The new key must be in the alias's region and have the same "
                                "usage as the key the alias points at now."));
    }
    //: Placeholder of the key field of the alias dialog.
    m_keyLineEdit->setPlaceholderText(tr("Key ID or alias/…"));
}

} // namespace kms::ui
