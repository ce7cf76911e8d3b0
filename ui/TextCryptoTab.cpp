#include "TextCryptoTab.h"

#include "KmsClient.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace kms::ui {

TextCryptoTab::TextCryptoTab(KmsClient &client, QWidget *parent)
    : WorkbenchTab(client, parent)
{
    setObjectName(QStringLiteral("textTab"));
    m_plaintextLabel = new QLabel(this);
    m_plaintextEdit = new QPlainTextEdit(this);
    m_plaintextEdit->setObjectName(QStringLiteral("plaintextEdit"));
    m_contextLabel = new QLabel(this);
    m_contextEdit = new QPlainTextEdit(this);
    m_contextEdit->setObjectName(QStringLiteral("encryptionContextEdit"));
    m_contextEdit->setMaximumHeight(m_contextEdit->fontMetrics().lineSpacing() * 5);
    m_ciphertextLabel = new QLabel(this);
    m_ciphertextEdit = new QPlainTextEdit(this);
    m_ciphertextEdit->setObjectName(QStringLiteral("ciphertextEdit"));
    m_plaintextLabel->setBuddy(m_plaintextEdit);
    m_contextLabel->setBuddy(m_contextEdit);
    m_ciphertextLabel->setBuddy(m_ciphertextEdit);

    m_encryptButton = new QPushButton(this);
    m_encryptButton->setObjectName(QStringLiteral("encryptButton"));
    m_decryptButton = new QPushButton(this);
    m_decryptButton->setObjectName(QStringLiteral("decryptButton"));
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("textResultLabel"));
    m_resultLabel->setWordWrap(true);
    m_resultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(m_plaintextLabel, m_plaintextEdit);
    form->addRow(m_contextLabel, m_contextEdit);
    form->addRow(m_ciphertextLabel, m_ciphertextEdit);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_encryptButton);
    buttons->addWidget(m_decryptButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_resultLabel);

    connect(m_encryptButton, &QPushButton::clicked, this, &TextCryptoTab::encrypt);
    connect(m_decryptButton, &QPushButton::clicked, this, &TextCryptoTab::decrypt);
    retranslate();
    keyChanged();
}

QString TextCryptoTab::title() const
{
    //: Tab of the crypto workbench: Encrypt/Decrypt of a text.
    return tr("Text");
}

bool TextCryptoTab::isAvailableFor(const WorkbenchKey &) const
{
    return true; // decryption needs no key
}

void TextCryptoTab::retranslate()
{
    m_plaintextLabel->setText(tr("&Plaintext:"));
    m_plaintextEdit->setPlaceholderText(tr("Text to encrypt (at most 4 KiB as UTF-8)"));
    m_contextLabel->setText(tr("Encryption &context:"));
    //: Placeholder of the encryption context field; keep "key=value" as is.
    m_contextEdit->setPlaceholderText(
        tr("Optional, one key=value per line, for example department=finance"));
    m_ciphertextLabel->setText(tr("C&iphertext blob (base64):"));
    m_ciphertextEdit->setPlaceholderText(tr("Paste a ciphertext blob here to decrypt it"));
    m_encryptButton->setText(tr("&Encrypt"));
    m_decryptButton->setText(tr("&Decrypt"));
    m_decryptButton->setToolTip(
        tr("Decrypts the ciphertext blob; it names its own key, so no key needs to be picked"));
    keyChanged();
}

void TextCryptoTab::keyChanged()
{
    m_encryptButton->setEnabled(key().encryptsSymmetrically());
    m_encryptButton->setToolTip(key().encryptsSymmetrically()
            ? tr("Encrypts the plaintext with %1").arg(key().label)
            : tr("Pick an enabled symmetric key for encryption"));
}

void TextCryptoTab::clearSecrets()
{
    if (m_showsDecrypted) {
        m_plaintextEdit->clear(); // also forgets the undo history
        m_resultLabel->clear();
        m_showsDecrypted = false;
    }
}

std::optional<QJsonObject> TextCryptoTab::readContext(const QString &what)
{
    QJsonObject context;
    const QStringList lines = m_contextEdit->toPlainText().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString name = line.left(equals).trimmed();
        if (equals <= 0 || name.isEmpty()) {
            //: %1 is a line number of the encryption context field.
            reportInputProblem(what,
                tr("Line %1 of the encryption context is not of the form key=value.").arg(i + 1));
            return std::nullopt;
        }
        if (context.contains(name)) {
            reportInputProblem(
                what, tr("The encryption context names \"%1\" more than once.").arg(name));
            return std::nullopt;
        }
        context.insert(name, line.mid(equals + 1).trimmed());
    }
    return context;
}

void TextCryptoTab::encrypt()
{
    const QString what = tr("Encrypting the text");
    if (!key().encryptsSymmetrically())
        return;
    const auto context = readContext(what);
    if (!context)
        return;
    QJsonObject params {
        { QStringLiteral("cmkUuid"), key().cmkUuid },
        { QStringLiteral("plaintext"), utf8Base64(m_plaintextEdit->toPlainText()) },
    };
    if (!context->isEmpty())
        params.insert(QStringLiteral("encryptionContext"), *context);
    const auto answer = call(QStringLiteral("Encrypt"), params, what);
    if (!answer)
        return;
    m_ciphertextEdit->setPlainText(answer->value(QStringLiteral("ciphertextBlob")).toString());
    //: %1 is a key id, %2 a key version id.
    m_resultLabel->setText(tr("Encrypted with key %1, version %2.")
                               .arg(answer->value(QStringLiteral("cmkUuid")).toString(),
                                   answer->value(QStringLiteral("keyVersionId")).toString()));
}

void TextCryptoTab::decrypt()
{
    const QString what = tr("Decrypting the text");
    const auto context = readContext(what);
    if (!context)
        return;
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QJsonObject params {
        { QStringLiteral("ciphertextBlob"), m_ciphertextEdit->toPlainText().remove(spaces) },
    };
    if (!context->isEmpty())
        params.insert(QStringLiteral("encryptionContext"), *context);
    auto answer = call(QStringLiteral("Decrypt"), params, what);
    if (!answer)
        return;
    const SecureBytes plaintext = takeSecret(*answer, QStringLiteral("plaintext"));
    const QString keyId = answer->value(QStringLiteral("cmkUuid")).toString();
    const QString versionId = answer->value(QStringLiteral("keyVersionId")).toString();
    if (const auto text = utf8Text(plaintext)) {
        m_plaintextEdit->setPlainText(*text);
        //: %1 is a key id, %2 a key version id.
        m_resultLabel->setText(tr("Decrypted with key %1, version %2.").arg(keyId, versionId));
    } else {
        m_plaintextEdit->setPlainText(base64Text(plaintext));
        m_resultLabel->setText(tr("Decrypted with key %1, version %2. The plaintext is not "
                                  "UTF-8 text, so it is shown in base64.")
                                   .arg(keyId, versionId));
    }
    m_showsDecrypted = true;
}

} // namespace kms::ui
