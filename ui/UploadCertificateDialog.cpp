#include "UploadCertificateDialog.h"

#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

QPlainTextEdit *pemEdit(QWidget *parent, const char *objectName)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setTabChangesFocus(true);
    edit->setMinimumHeight(edit->fontMetrics().lineSpacing() * 7);
    return edit;
}

} // namespace

UploadCertificateDialog::UploadCertificateDialog(
    KmsClient &client, const QString &certificateId, const QString &name, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_certificateId(certificateId)
    , m_name(name)
{
    setObjectName(QStringLiteral("uploadCertificateDialog"));
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_certificateLabel = new QLabel(this);
    m_certificatePlainTextEdit = pemEdit(this, "certificatePlainTextEdit");
    m_certificateLabel->setBuddy(m_certificatePlainTextEdit);
    m_certificateFileButton = new QPushButton(this);
    m_certificateFileButton->setObjectName(QStringLiteral("certificateFileButton"));
    m_chainLabel = new QLabel(this);
    m_chainPlainTextEdit = pemEdit(this, "chainPlainTextEdit");
    m_chainLabel->setBuddy(m_chainPlainTextEdit);
    m_chainFileButton = new QPushButton(this);
    m_chainFileButton->setObjectName(QStringLiteral("chainFileButton"));
    // A button of its own rather than Ok: the button box renames its standard buttons on a
    // language change, after this dialog's retranslate().
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_uploadButton = m_buttonBox->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_uploadButton->setObjectName(QStringLiteral("uploadButton"));
    m_uploadButton->setDefault(true);

    auto *grid = new QGridLayout;
    grid->setColumnStretch(0, 1);
    grid->addWidget(m_certificateLabel, 0, 0);
    grid->addWidget(m_certificateFileButton, 0, 1);
    grid->addWidget(m_certificatePlainTextEdit, 1, 0, 1, 2);
    grid->addWidget(m_chainLabel, 2, 0);
    grid->addWidget(m_chainFileButton, 2, 1);
    grid->addWidget(m_chainPlainTextEdit, 3, 0, 1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(grid, 1);
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &UploadCertificateDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &UploadCertificateDialog::reject);
    connect(m_certificateFileButton, &QPushButton::clicked, this,
        &UploadCertificateDialog::loadCertificateFile);
    connect(
        m_chainFileButton, &QPushButton::clicked, this, &UploadCertificateDialog::loadChainFile);
    connect(m_certificatePlainTextEdit, &QPlainTextEdit::textChanged, this,
        &UploadCertificateDialog::updateOk);
    retranslate();
    updateOk();
    resize(640, 520);
}

QString UploadCertificateDialog::certificateText() const
{
    return m_certificatePlainTextEdit->toPlainText().trimmed();
}

void UploadCertificateDialog::setCertificateText(const QString &text)
{
    m_certificatePlainTextEdit->setPlainText(text);
}

QString UploadCertificateDialog::chainText() const
{
    return m_chainPlainTextEdit->toPlainText().trimmed();
}

void UploadCertificateDialog::setChainText(const QString &text)
{
    m_chainPlainTextEdit->setPlainText(text);
}

QJsonObject UploadCertificateDialog::request() const
{
    QJsonObject request { { QStringLiteral("certificateId"), m_certificateId },
        { QStringLiteral("certificate"), certificateText() } };
    if (!chainText().isEmpty())
        request.insert(QStringLiteral("certificateChain"), chainText() + QLatin1Char('\n'));
    return request;
}

void UploadCertificateDialog::loadCertificateFile()
{
    const QString path = CertificateFiles::openFileName(
        this, tr("Open Certificate"), CertificateFiles::certificateFilter());
    if (path.isEmpty())
        return;
    if (const auto text = CertificateFiles::readPemOrDer(this, path, true))
        m_certificatePlainTextEdit->setPlainText(*text);
}

void UploadCertificateDialog::loadChainFile()
{
    const QString path = CertificateFiles::openFileName(
        this, tr("Open Certificate Chain"), CertificateFiles::pemFilter());
    if (path.isEmpty())
        return;
    if (const auto text = CertificateFiles::readPemOrDer(this, path, false))
        m_chainPlainTextEdit->setPlainText(*text);
}

void UploadCertificateDialog::accept()
{
    if (certificateText().isEmpty())
        return;
    const Response response = m_client.call(QStringLiteral("UploadCertificate"), request());
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Uploading the certificate of %1").arg(m_name));
        return;
    }
    emit certificateUploaded(response.data.value(QStringLiteral("certificate")).toObject());
    QDialog::accept();
}

void UploadCertificateDialog::updateOk()
{
    m_uploadButton->setEnabled(!certificateText().isEmpty());
}

void UploadCertificateDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void UploadCertificateDialog::retranslate()
{
    setWindowTitle(tr("Upload Certificate"));
    //: %1 is the subject of the certificate whose key pair waits for its certificate.
    m_introLabel->setText(tr("The certificate a CA issued for the CSR of %1, and the chain of "
                             "the CA's certificates (optional). A certificate already uploaded "
                             "is replaced, for example by a renewed one.")
                              .arg(m_name));
    m_certificateLabel->setText(tr("&Certificate (PEM, or load a PEM or DER file):"));
    m_certificateFileButton->setText(tr("Open &File…"));
    m_chainLabel->setText(tr("C&hain (PEM, optional):"));
    m_chainFileButton->setText(tr("Open F&ile…"));
    m_certificatePlainTextEdit->setPlaceholderText(
        QStringLiteral("-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"));
    m_uploadButton->setText(tr("&Upload"));
}

} // namespace kms::ui
