#include "IssueCertificateDialog.h"

#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "core/Clock.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

constexpr int kMinValidityDays = 1;
constexpr int kMaxValidityDays = 7300;
constexpr int kDefaultValidityDays = 365;

QPlainTextEdit *pemEdit(QWidget *parent, const char *objectName, bool readOnly)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setTabChangesFocus(true);
    edit->setReadOnly(readOnly);
    edit->setMinimumHeight(edit->fontMetrics().lineSpacing() * 6);
    return edit;
}

} // namespace

IssueCertificateDialog::IssueCertificateDialog(
    KmsClient &client, const QString &caCertificateId, const QString &caName, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_caCertificateId(caCertificateId)
    , m_caName(caName)
{
    setObjectName(QStringLiteral("issueCertificateDialog"));
    m_caLabel = new QLabel(this);
    m_caValueLabel = new QLabel(caName, this);
    m_caValueLabel->setObjectName(QStringLiteral("caValueLabel"));
    m_caValueLabel->setTextFormat(Qt::PlainText);
    m_caValueLabel->setWordWrap(true);
    m_caValueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_csrLabel = new QLabel(this);
    m_csrPlainTextEdit = pemEdit(this, "csrPlainTextEdit", false);
    m_csrLabel->setBuddy(m_csrPlainTextEdit);
    m_csrFileButton = new QPushButton(this);
    m_csrFileButton->setObjectName(QStringLiteral("csrFileButton"));
    m_profileLabel = new QLabel(this);
    m_profileComboBox = new QComboBox(this);
    m_profileComboBox->setObjectName(QStringLiteral("profileComboBox"));
    for (const QString &profile : profiles())
        m_profileComboBox->addItem(QString(), profile);
    m_profileComboBox->setCurrentIndex(int(profiles().indexOf(QStringLiteral("TLS_SERVER"))));
    m_profileLabel->setBuddy(m_profileComboBox);
    m_validityLabel = new QLabel(this);
    m_validitySpinBox = new QSpinBox(this);
    m_validitySpinBox->setObjectName(QStringLiteral("validitySpinBox"));
    m_validitySpinBox->setRange(kMinValidityDays, kMaxValidityDays);
    m_validitySpinBox->setValue(kDefaultValidityDays);
    m_validityLabel->setBuddy(m_validitySpinBox);
    m_issueButton = new QPushButton(this);
    m_issueButton->setObjectName(QStringLiteral("issueButton"));
    m_issueButton->setDefault(true);

    m_resultWidget = new QWidget(this);
    m_resultWidget->setObjectName(QStringLiteral("resultWidget"));
    m_resultLabel = new QLabel(m_resultWidget);
    m_resultLabel->setObjectName(QStringLiteral("resultLabel"));
    m_resultLabel->setWordWrap(true);
    m_resultLabel->setTextFormat(Qt::PlainText);
    m_resultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_certificateLabel = new QLabel(m_resultWidget);
    m_certificatePlainTextEdit = pemEdit(m_resultWidget, "certificatePlainTextEdit", true);
    m_saveCertificateButton = new QPushButton(m_resultWidget);
    m_saveCertificateButton->setObjectName(QStringLiteral("saveCertificateButton"));
    m_chainLabel = new QLabel(m_resultWidget);
    m_chainPlainTextEdit = pemEdit(m_resultWidget, "chainPlainTextEdit", true);
    m_saveChainButton = new QPushButton(m_resultWidget);
    m_saveChainButton->setObjectName(QStringLiteral("saveChainButton"));
    auto *resultGrid = new QGridLayout(m_resultWidget);
    resultGrid->setContentsMargins(0, 0, 0, 0);
    resultGrid->setColumnStretch(0, 1);
    resultGrid->addWidget(m_resultLabel, 0, 0, 1, 2);
    resultGrid->addWidget(m_certificateLabel, 1, 0);
    resultGrid->addWidget(m_saveCertificateButton, 1, 1);
    resultGrid->addWidget(m_certificatePlainTextEdit, 2, 0, 1, 2);
    resultGrid->addWidget(m_chainLabel, 3, 0);
    resultGrid->addWidget(m_saveChainButton, 3, 1);
    resultGrid->addWidget(m_chainPlainTextEdit, 4, 0, 1, 2);
    m_resultWidget->hide();

    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_caLabel, 0, 0);
    grid->addWidget(m_caValueLabel, 0, 1, 1, 2);
    grid->addWidget(m_csrLabel, 1, 0, 1, 2);
    grid->addWidget(m_csrFileButton, 1, 2);
    grid->addWidget(m_csrPlainTextEdit, 2, 0, 1, 3);
    grid->addWidget(m_profileLabel, 3, 0);
    grid->addWidget(m_profileComboBox, 3, 1, 1, 2);
    grid->addWidget(m_validityLabel, 4, 0);
    grid->addWidget(m_validitySpinBox, 4, 1, 1, 2);
    auto *issueRow = new QHBoxLayout;
    issueRow->addStretch();
    issueRow->addWidget(m_issueButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addLayout(issueRow);
    layout->addWidget(m_resultWidget, 1);
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &IssueCertificateDialog::reject);
    connect(m_issueButton, &QPushButton::clicked, this, &IssueCertificateDialog::issue);
    connect(m_csrFileButton, &QPushButton::clicked, this, &IssueCertificateDialog::loadCsrFile);
    connect(m_saveCertificateButton, &QPushButton::clicked, this,
        &IssueCertificateDialog::saveCertificate);
    connect(m_saveChainButton, &QPushButton::clicked, this, &IssueCertificateDialog::saveChain);
    connect(m_csrPlainTextEdit, &QPlainTextEdit::textChanged, this,
        &IssueCertificateDialog::updateButtons);
    retranslate();
    updateButtons();
    resize(680, 460);
}

QStringList IssueCertificateDialog::profiles()
{
    return { QStringLiteral("INTERMEDIATE_CA"), QStringLiteral("TLS_SERVER"),
        QStringLiteral("TLS_CLIENT"), QStringLiteral("CODE_SIGNING") };
}

QJsonObject IssueCertificateDialog::request() const
{
    return { { QStringLiteral("caCertificateId"), m_caCertificateId },
        { QStringLiteral("csr"), m_csrPlainTextEdit->toPlainText().trimmed() + QLatin1Char('\n') },
        { QStringLiteral("profile"), m_profileComboBox->currentData().toString() },
        { QStringLiteral("validityDays"), m_validitySpinBox->value() } };
}

void IssueCertificateDialog::setCsrText(const QString &csr)
{
    m_csrPlainTextEdit->setPlainText(csr);
}

void IssueCertificateDialog::issue()
{
    if (m_csrPlainTextEdit->toPlainText().trimmed().isEmpty())
        return;
    const Response response = m_client.call(QStringLiteral("IssueCertificate"), request());
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Issuing a certificate with %1").arg(m_caName));
        return;
    }
    m_result = response.data;
    m_certificatePlainTextEdit->setPlainText(
        m_result.value(QStringLiteral("certificate")).toString());
    m_chainPlainTextEdit->setPlainText(
        m_result.value(QStringLiteral("certificateChain")).toString());
    updateResultLabel();
    m_resultWidget->show();
    if (height() < 720)
        resize(width(), 720);
    updateButtons();
    emit certificateIssued(m_result);
}

void IssueCertificateDialog::updateResultLabel()
{
    if (m_result.isEmpty()) {
        m_resultLabel->clear();
        return;
    }
    const QDateTime notAfter = parseTime(m_result.value(QStringLiteral("notAfter")).toString());
    //: After a certificate was issued: %1 its subject, %2 its serial number, %3 when it ends.
    m_resultLabel->setText(
        tr("Issued %1, serial number %2, valid until %3.")
            .arg(m_result.value(QStringLiteral("subject")).toString(),
                m_result.value(QStringLiteral("serialNumber")).toString(),
                notAfter.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
}

void IssueCertificateDialog::loadCsrFile()
{
    const QString path = CertificateFiles::openFileName(
        this, tr("Open Certificate Request"), CertificateFiles::pemFilter());
    if (path.isEmpty())
        return;
    if (const auto text = CertificateFiles::readPemOrDer(this, path, false))
        m_csrPlainTextEdit->setPlainText(*text);
}

QString IssueCertificateDialog::suggestedName(const QString &suffix) const
{
    // The issued subject's CN, made safe for a file name.
    QString name
        = m_result.value(QStringLiteral("subject")).toString().section(QLatin1Char(','), 0, 0);
    name = name.section(QLatin1Char('='), 1);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    if (name.isEmpty())
        name = QStringLiteral("certificate");
    return name + suffix;
}

void IssueCertificateDialog::saveCertificate()
{
    const QString certificate = m_result.value(QStringLiteral("certificate")).toString();
    if (certificate.isEmpty())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Save Certificate"),
        suggestedName(QStringLiteral(".pem")), CertificateFiles::pemFilter());
    if (!path.isEmpty())
        CertificateFiles::write(this, path, certificate.toLatin1());
}

void IssueCertificateDialog::saveChain()
{
    const QString chain = m_result.value(QStringLiteral("certificateChain")).toString();
    if (chain.isEmpty())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Save Certificate Chain"),
        suggestedName(QStringLiteral("-chain.pem")), CertificateFiles::pemFilter());
    if (!path.isEmpty())
        CertificateFiles::write(this, path, chain.toLatin1());
}

void IssueCertificateDialog::updateButtons()
{
    m_issueButton->setEnabled(!m_csrPlainTextEdit->toPlainText().trimmed().isEmpty());
    m_saveCertificateButton->setEnabled(!m_result.isEmpty());
    m_saveChainButton->setEnabled(
        !m_result.value(QStringLiteral("certificateChain")).toString().isEmpty());
}

void IssueCertificateDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void IssueCertificateDialog::retranslate()
{
    setWindowTitle(tr("Issue Certificate"));
    //: The CA certificate that signs the new certificate.
    m_caLabel->setText(tr("CA:"));
    m_csrLabel->setText(tr("Certificate &request (CSR, PEM):"));
    m_csrFileButton->setText(tr("Open &File…"));
    m_csrPlainTextEdit->setPlaceholderText(
        QStringLiteral("-----BEGIN CERTIFICATE REQUEST-----\n…"));
    m_profileLabel->setText(tr("&Profile:"));
    for (int i = 0; i < m_profileComboBox->count(); ++i) {
        const QString profile = m_profileComboBox->itemData(i).toString();
        QString text;
        if (profile == QLatin1String("INTERMEDIATE_CA"))
            //: Certificate profile: a CA under this one that can issue certificates itself.
            text = tr("Intermediate CA");
        else if (profile == QLatin1String("TLS_SERVER"))
            text = tr("TLS server");
        else if (profile == QLatin1String("TLS_CLIENT"))
            text = tr("TLS client");
        else
            text = tr("Code signing");
        m_profileComboBox->setItemText(i, QStringLiteral("%1 (%2)").arg(text, profile));
    }
    m_validityLabel->setText(tr("&Validity:"));
    //: Suffix of a validity period in days.
    m_validitySpinBox->setSuffix(tr(" days"));
    m_validitySpinBox->setToolTip(tr("The certificate never outlives the CA's own certificate."));
    m_issueButton->setText(tr("&Issue"));
    m_certificateLabel->setText(tr("Issued certificate:"));
    m_saveCertificateButton->setText(tr("&Save Certificate…"));
    m_chainLabel->setText(tr("Certificate chain:"));
    m_saveChainButton->setText(tr("Save C&hain…"));
    updateResultLabel();
}

} // namespace kms::ui
