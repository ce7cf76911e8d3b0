#include "DataKeyTab.h"

#include "KmsClient.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

constexpr int kMaxDataKeyBytes = 1024; // DESIGN.md, limits
constexpr char kNumberOfBytes[] = "numberOfBytes"; // item data of the "number of bytes" choice

} // namespace

DataKeyTab::DataKeyTab(KmsClient &client, QWidget *parent)
    : WorkbenchTab(client, parent)
{
    setObjectName(QStringLiteral("dataKeyTab"));
    m_specLabel = new QLabel(this);
    m_specComboBox = new QComboBox(this);
    m_specComboBox->setObjectName(QStringLiteral("dataKeySpecComboBox"));
    m_specComboBox->addItem(QStringLiteral("AES_256"), QStringLiteral("AES_256"));
    m_specComboBox->addItem(QStringLiteral("AES_128"), QStringLiteral("AES_128"));
    m_specComboBox->addItem(QStringLiteral("SM4_128"), QStringLiteral("SM4_128"));
    m_specComboBox->addItem(QString(), QString::fromLatin1(kNumberOfBytes));
    m_bytesSpinBox = new QSpinBox(this);
    m_bytesSpinBox->setObjectName(QStringLiteral("numberOfBytesSpinBox"));
    m_bytesSpinBox->setRange(1, kMaxDataKeyBytes);
    m_bytesSpinBox->setValue(32);
    m_specLabel->setBuddy(m_specComboBox);
    m_generateButton = new QPushButton(this);
    m_generateButton->setObjectName(QStringLiteral("generateDataKeyButton"));

    m_warningLabel = new QLabel(this);
    m_warningLabel->setObjectName(QStringLiteral("dataKeyWarningLabel"));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setStyleSheet(QStringLiteral("QLabel { color: #a33; }"));
    m_plaintextLabel = new QLabel(this);
    m_plaintextEdit = new QLineEdit(this);
    m_plaintextEdit->setObjectName(QStringLiteral("dataKeyPlaintextLineEdit"));
    m_plaintextEdit->setReadOnly(true);
    m_showButton = new QPushButton(this);
    m_showButton->setObjectName(QStringLiteral("showDataKeyButton"));
    m_showButton->setCheckable(true);
    m_clearButton = new QPushButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearDataKeyButton"));
    m_blobLabel = new QLabel(this);
    m_blobEdit = new QPlainTextEdit(this);
    m_blobEdit->setObjectName(QStringLiteral("dataKeyBlobEdit"));
    m_blobEdit->setReadOnly(true);
    m_blobEdit->setMaximumHeight(m_blobEdit->fontMetrics().lineSpacing() * 6);

    auto *specRow = new QHBoxLayout;
    specRow->addWidget(m_specComboBox);
    specRow->addWidget(m_bytesSpinBox);
    specRow->addWidget(m_generateButton);
    specRow->addStretch();
    auto *plaintextRow = new QHBoxLayout;
    plaintextRow->addWidget(m_plaintextEdit, 1);
    plaintextRow->addWidget(m_showButton);
    plaintextRow->addWidget(m_clearButton);
    auto *form = new QFormLayout;
    form->addRow(m_specLabel, specRow);
    form->addRow(m_plaintextLabel, plaintextRow);
    form->addRow(m_blobLabel, m_blobEdit);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_warningLabel);
    layout->addStretch();

    connect(m_specComboBox, &QComboBox::currentIndexChanged, this, &DataKeyTab::updateSpecWidgets);
    connect(m_generateButton, &QPushButton::clicked, this, &DataKeyTab::generate);
    connect(m_showButton, &QPushButton::toggled, this, &DataKeyTab::showPlaintext);
    connect(m_clearButton, &QPushButton::clicked, this, &DataKeyTab::clearSecrets);
    retranslate();
    updateSpecWidgets();
    clearSecrets();
}

QString DataKeyTab::title() const
{
    //: Tab of the crypto workbench: GenerateDataKey.
    return tr("Data key");
}

bool DataKeyTab::isAvailableFor(const WorkbenchKey &key) const
{
    return key.encryptsSymmetrically();
}

void DataKeyTab::retranslate()
{
    m_specLabel->setText(tr("Data key &spec:"));
    //: Choice of the data key spec: a data key of a given number of bytes.
    m_specComboBox->setItemText(m_specComboBox->count() - 1, tr("Number of bytes"));
    m_bytesSpinBox->setSuffix(tr(" bytes"));
    m_generateButton->setText(tr("&Generate data key"));
    m_warningLabel->setText(
        tr("The plaintext data key is a secret: whoever has it can read what it encrypts. Use "
           "it, then clear it. Keep only the ciphertext blob; Decrypt turns it back into the "
           "data key."));
    m_plaintextLabel->setText(tr("Plaintext (base64):"));
    m_showButton->setText(tr("&Show"));
    m_showButton->setToolTip(tr("Shows the plaintext data key while pressed"));
    m_clearButton->setText(tr("C&lear"));
    m_clearButton->setToolTip(tr("Forgets the plaintext data key"));
    m_blobLabel->setText(tr("Ciphertext blob (base64):"));
    showPlaintext(m_showButton->isChecked());
}

void DataKeyTab::keyChanged()
{
    m_generateButton->setEnabled(key().encryptsSymmetrically());
}

void DataKeyTab::updateSpecWidgets()
{
    m_bytesSpinBox->setEnabled(
        m_specComboBox->currentData().toString() == QLatin1String(kNumberOfBytes));
}

void DataKeyTab::clearSecrets()
{
    m_plaintext.clear();
    m_showButton->setChecked(false);
    m_showButton->setEnabled(false);
    m_clearButton->setEnabled(false);
    showPlaintext(false);
}

void DataKeyTab::showPlaintext(bool show)
{
    if (show && !m_plaintext.empty()) {
        m_plaintextEdit->setText(base64Text(m_plaintext));
        return;
    }
    m_plaintextEdit->clear();
    m_plaintextEdit->setPlaceholderText(m_plaintext.empty() ? tr("No data key")
            : m_plaintext.size() == 1
            ? tr("Hidden: press Show to see the data key (1 byte)")
            : tr("Hidden: press Show to see the data key (%1 bytes)").arg(m_plaintext.intSize()));
}

void DataKeyTab::generate()
{
    const QString what = tr("Generating a data key");
    if (!key().encryptsSymmetrically())
        return;
    QJsonObject params { { QStringLiteral("cmkUuid"), key().cmkUuid } };
    const QString spec = m_specComboBox->currentData().toString();
    if (spec == QLatin1String(kNumberOfBytes))
        params.insert(QStringLiteral("numberOfBytes"), m_bytesSpinBox->value());
    else
        params.insert(QStringLiteral("keySpec"), spec);
    auto answer = call(QStringLiteral("GenerateDataKey"), params, what);
    if (!answer)
        return;
    clearSecrets();
    m_plaintext = takeSecret(*answer, QStringLiteral("plaintext"));
    m_blobEdit->setPlainText(answer->value(QStringLiteral("ciphertextBlob")).toString());
    m_showButton->setEnabled(true);
    m_clearButton->setEnabled(true);
    showPlaintext(false);
}

} // namespace kms::ui
