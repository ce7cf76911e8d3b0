#include "AsymmetricCryptoTab.h"

#include "KmsClient.h"
#include "core/Algorithms.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

QStringList encryptionAlgorithmsOf(const QString &keySpec)
{
    QStringList names;
    const auto spec = keySpecFromName(keySpec);
    for (const auto algorithm : { AsymmetricAlgorithm::RsaOaepSha256,
             AsymmetricAlgorithm::RsaOaepSha1, AsymmetricAlgorithm::Sm2Pke }) {
        if (spec && specOf(algorithm) == *spec)
            names.append(asymmetricAlgorithmName(algorithm));
    }
    return names;
}

} // namespace

AsymmetricCryptoTab::AsymmetricCryptoTab(KmsClient &client, QWidget *parent)
    : WorkbenchTab(client, parent)
{
    setObjectName(QStringLiteral("asymmetricTab"));
    m_algorithmLabel = new QLabel(this);
    m_algorithmComboBox = new QComboBox(this);
    m_algorithmComboBox->setObjectName(QStringLiteral("asymmetricAlgorithmComboBox"));
    m_algorithmLabel->setBuddy(m_algorithmComboBox);
    m_plaintextLabel = new QLabel(this);
    m_plaintextEdit = new QPlainTextEdit(this);
    m_plaintextEdit->setObjectName(QStringLiteral("asymmetricPlaintextEdit"));
    m_plaintextLabel->setBuddy(m_plaintextEdit);
    m_ciphertextLabel = new QLabel(this);
    m_ciphertextEdit = new QPlainTextEdit(this);
    m_ciphertextEdit->setObjectName(QStringLiteral("asymmetricCiphertextEdit"));
    m_ciphertextLabel->setBuddy(m_ciphertextEdit);
    m_encryptButton = new QPushButton(this);
    m_encryptButton->setObjectName(QStringLiteral("asymmetricEncryptButton"));
    m_decryptButton = new QPushButton(this);
    m_decryptButton->setObjectName(QStringLiteral("asymmetricDecryptButton"));
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("asymmetricResultLabel"));
    m_resultLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_algorithmLabel, m_algorithmComboBox);
    form->addRow(m_plaintextLabel, m_plaintextEdit);
    form->addRow(m_ciphertextLabel, m_ciphertextEdit);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_encryptButton);
    buttons->addWidget(m_decryptButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_resultLabel);

    connect(m_encryptButton, &QPushButton::clicked, this, &AsymmetricCryptoTab::encrypt);
    connect(m_decryptButton, &QPushButton::clicked, this, &AsymmetricCryptoTab::decrypt);
    retranslate();
    keyChanged();
}

QString AsymmetricCryptoTab::title() const
{
    //: Tab of the crypto workbench: AsymmetricEncrypt / AsymmetricDecrypt.
    return tr("Asymmetric encryption");
}

bool AsymmetricCryptoTab::isAvailableFor(const WorkbenchKey &key) const
{
    return key.encryptsAsymmetrically();
}

void AsymmetricCryptoTab::retranslate()
{
    m_algorithmLabel->setText(tr("&Algorithm:"));
    m_plaintextLabel->setText(tr("&Plaintext:"));
    m_plaintextEdit->setPlaceholderText(
        tr("A short text (RSA-OAEP: at most 190 bytes with SHA-256, 214 with SHA-1)"));
    m_ciphertextLabel->setText(tr("C&iphertext (base64):"));
    m_encryptButton->setText(tr("&Encrypt"));
    m_decryptButton->setText(tr("&Decrypt"));
}

void AsymmetricCryptoTab::keyChanged()
{
    const QStringList algorithms = encryptionAlgorithmsOf(key().keySpec);
    const QString previous = m_algorithmComboBox->currentText();
    m_algorithmComboBox->clear();
    m_algorithmComboBox->addItems(algorithms);
    if (algorithms.contains(previous))
        m_algorithmComboBox->setCurrentText(previous);
    const bool usable = key().encryptsAsymmetrically();
    m_encryptButton->setEnabled(usable);
    m_decryptButton->setEnabled(usable);
}

void AsymmetricCryptoTab::clearSecrets()
{
    if (m_showsDecrypted) {
        m_plaintextEdit->clear();
        m_resultLabel->clear();
        m_showsDecrypted = false;
    }
}

QJsonObject AsymmetricCryptoTab::params() const
{
    return {
        { QStringLiteral("cmkUuid"), key().cmkUuid },
        { QStringLiteral("keyVersionId"), key().keyVersionId },
        { QStringLiteral("algorithm"), m_algorithmComboBox->currentText() },
    };
}

void AsymmetricCryptoTab::encrypt()
{
    const QString what = tr("Encrypting with the public key");
    if (!key().encryptsAsymmetrically())
        return;
    QJsonObject request = params();
    request.insert(QStringLiteral("plaintext"), utf8Base64(m_plaintextEdit->toPlainText()));
    const auto answer = call(QStringLiteral("AsymmetricEncrypt"), request, what);
    if (!answer)
        return;
    m_ciphertextEdit->setPlainText(answer->value(QStringLiteral("ciphertextBlob")).toString());
    //: %1 is an algorithm, %2 a key version id.
    m_resultLabel->setText(tr("Encrypted with %1 under key version %2.")
                               .arg(answer->value(QStringLiteral("algorithm")).toString(),
                                   answer->value(QStringLiteral("keyVersionId")).toString()));
}

void AsymmetricCryptoTab::decrypt()
{
    const QString what = tr("Decrypting with the private key");
    if (!key().encryptsAsymmetrically())
        return;
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QJsonObject request = params();
    request.insert(
        QStringLiteral("ciphertextBlob"), m_ciphertextEdit->toPlainText().remove(spaces));
    auto answer = call(QStringLiteral("AsymmetricDecrypt"), request, what);
    if (!answer)
        return;
    const SecureBytes plaintext = takeSecret(*answer, QStringLiteral("plaintext"));
    if (const auto text = utf8Text(plaintext)) {
        m_plaintextEdit->setPlainText(*text);
        m_resultLabel->setText(tr("Decrypted."));
    } else {
        m_plaintextEdit->setPlainText(base64Text(plaintext));
        m_resultLabel->setText(
            tr("Decrypted. The plaintext is not UTF-8 text, so it is shown in base64."));
    }
    m_showsDecrypted = true;
}

} // namespace kms::ui
