#include "ExportCertificateDialog.h"

#include "DisplayText.h"

#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

using display::field;

const QString kPkcs12 = QStringLiteral("PKCS12");

} // namespace

ExportCertificateDialog::ExportCertificateDialog(
    KmsClient &client, const QJsonObject &certificate, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_certificate(certificate)
{
    setObjectName(QStringLiteral("exportCertificateDialog"));
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_formatLabel = new QLabel(this);
    m_formatComboBox = new QComboBox(this);
    m_formatComboBox->setObjectName(QStringLiteral("formatComboBox"));
    for (const QString &format : formats())
        m_formatComboBox->addItem(QString(), format);
    m_formatLabel->setBuddy(m_formatComboBox);
    if (!certificate.value(QStringLiteral("exportablePrivateKey")).toBool()) {
        if (auto *model = qobject_cast<QStandardItemModel *>(m_formatComboBox->model()))
            model->item(int(formats().indexOf(kPkcs12)))->setEnabled(false);
    }
    m_passwordLabel = new QLabel(this);
    m_passwordLineEdit = new QLineEdit(this);
    m_passwordLineEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordLineEdit->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_passwordLineEdit);
    m_confirmLabel = new QLabel(this);
    m_confirmLineEdit = new QLineEdit(this);
    m_confirmLineEdit->setObjectName(QStringLiteral("confirmPasswordLineEdit"));
    m_confirmLineEdit->setEchoMode(QLineEdit::Password);
    m_confirmLabel->setBuddy(m_confirmLineEdit);
    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    // A button of its own rather than Ok: the button box renames its standard buttons on a
    // language change, after this dialog's retranslate().
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_exportButton = m_buttonBox->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setDefault(true);

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_formatLabel, 0, 0);
    grid->addWidget(m_formatComboBox, 0, 1);
    grid->addWidget(m_passwordLabel, 1, 0);
    grid->addWidget(m_passwordLineEdit, 1, 1);
    grid->addWidget(m_confirmLabel, 2, 0);
    grid->addWidget(m_confirmLineEdit, 2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // Chinese text is taller
    layout->addWidget(m_introLabel);
    layout->addLayout(grid);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &ExportCertificateDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &ExportCertificateDialog::reject);
    connect(m_formatComboBox, &QComboBox::currentIndexChanged, this,
        &ExportCertificateDialog::updateFields);
    connect(
        m_passwordLineEdit, &QLineEdit::textChanged, this, &ExportCertificateDialog::updateFields);
    connect(
        m_confirmLineEdit, &QLineEdit::textChanged, this, &ExportCertificateDialog::updateFields);
    retranslate();
    updateFields();
    resize(520, sizeHint().height());
}

QStringList ExportCertificateDialog::formats()
{
    return { QStringLiteral("PEM"), QStringLiteral("DER"), QStringLiteral("CHAIN_PEM"), kPkcs12 };
}

QString ExportCertificateDialog::format() const
{
    return m_formatComboBox->currentData().toString();
}

void ExportCertificateDialog::setFormat(const QString &format)
{
    const int index = m_formatComboBox->findData(format);
    if (index >= 0)
        m_formatComboBox->setCurrentIndex(index);
}

QString ExportCertificateDialog::suggestedName() const
{
    QString name = field(m_certificate, "subject").section(QLatin1Char(','), 0, 0);
    name = name.section(QLatin1Char('='), 1);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    if (name.isEmpty())
        name = field(m_certificate, "certificateId");
    const QString chosen = format();
    if (chosen == QLatin1String("DER"))
        return name + QStringLiteral(".der");
    if (chosen == QLatin1String("CHAIN_PEM"))
        return name + QStringLiteral("-chain.pem");
    if (chosen == kPkcs12)
        return name + QStringLiteral(".p12");
    return name + QStringLiteral(".pem");
}

void ExportCertificateDialog::accept()
{
    const QString chosen = format();
    const bool pkcs12 = chosen == kPkcs12;
    if (pkcs12
        && (m_passwordLineEdit->text().size() < kMinPasswordLength
            || m_passwordLineEdit->text() != m_confirmLineEdit->text()))
        return;
    QString path = m_outputPath;
    if (path.isEmpty()) {
        const QString filter = pkcs12        ? tr("PKCS#12 files (*.p12 *.pfx);;All files (*)")
            : chosen == QLatin1String("DER") ? tr("DER files (*.der *.cer);;All files (*)")
                                             : CertificateFiles::pemFilter();
        path = CertificateFiles::saveFileName(
            this, tr("Export Certificate"), suggestedName(), filter);
    }
    if (path.isEmpty())
        return; // no file chosen: the form stays

    QJsonObject params { { QStringLiteral("certificateId"), field(m_certificate, "certificateId") },
        { QStringLiteral("format"), chosen } };
    if (pkcs12) {
        // The password lives in the request only: the fields are cleared now, before the call.
        params.insert(QStringLiteral("password"), m_passwordLineEdit->text());
        m_passwordLineEdit->clear();
        m_confirmLineEdit->clear();
    }
    const Response response = m_client.call(QStringLiteral("ExportCertificate"), params);
    params = {};
    if (!response.ok()) {
        Dialogs::showError(this, response,
            tr("Exporting the certificate %1").arg(field(m_certificate, "subject")));
        return;
    }
    const QByteArray content = response.data.contains(QStringLiteral("content"))
        ? response.data.value(QStringLiteral("content")).toString().toLatin1()
        : QByteArray::fromBase64(
            response.data.value(QStringLiteral("contentBase64")).toString().toLatin1());
    if (!CertificateFiles::write(this, path, content, pkcs12))
        return;
    m_writtenPath = path;
    emit exported(path);
    QDialog::accept();
}

void ExportCertificateDialog::updateFields()
{
    const bool pkcs12 = format() == kPkcs12;
    for (QWidget *widget :
        { static_cast<QWidget *>(m_passwordLabel), static_cast<QWidget *>(m_passwordLineEdit),
            static_cast<QWidget *>(m_confirmLabel), static_cast<QWidget *>(m_confirmLineEdit) })
        widget->setVisible(pkcs12);
    bool ok = true;
    if (pkcs12) {
        const QString password = m_passwordLineEdit->text();
        if (password.size() < kMinPasswordLength) {
            //: %1 is the least number of characters (8).
            m_hintLabel->setText(tr("The password protects the private key in the file. Use "
                                    "at least %1 characters; it is not stored anywhere.")
                                     .arg(kMinPasswordLength));
            ok = false;
        } else if (password != m_confirmLineEdit->text()) {
            m_hintLabel->setText(tr("The two passwords differ."));
            ok = false;
        } else {
            m_hintLabel->setText(tr("The file holds the private key: keep it safe."));
        }
    } else if (!m_certificate.value(QStringLiteral("exportablePrivateKey")).toBool()) {
        m_hintLabel->setText(tr("PKCS#12 (with the private key) is not offered: the key was "
                                "not created exportable."));
    } else {
        m_hintLabel->clear();
    }
    m_hintLabel->setVisible(!m_hintLabel->text().isEmpty());
    m_exportButton->setEnabled(ok);
}

void ExportCertificateDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ExportCertificateDialog::retranslate()
{
    setWindowTitle(tr("Export Certificate"));
    //: %1 is the certificate's subject.
    m_introLabel->setText(tr("Export %1 to a file.").arg(field(m_certificate, "subject")));
    m_formatLabel->setText(tr("&Format:"));
    for (int i = 0; i < m_formatComboBox->count(); ++i) {
        const QString format = m_formatComboBox->itemData(i).toString();
        QString text;
        if (format == QLatin1String("PEM"))
            text = tr("PEM: the certificate");
        else if (format == QLatin1String("DER"))
            text = tr("DER: the certificate, binary");
        else if (format == QLatin1String("CHAIN_PEM"))
            text = tr("PEM: the certificate and its chain");
        else
            text = tr("PKCS#12: certificate, chain and private key");
        m_formatComboBox->setItemText(i, text);
    }
    m_passwordLabel->setText(tr("&Password:"));
    m_confirmLabel->setText(tr("&Confirm password:"));
    m_exportButton->setText(tr("&Export…"));
    updateFields();
}

} // namespace kms::ui
