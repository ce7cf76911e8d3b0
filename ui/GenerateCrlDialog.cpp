#include "GenerateCrlDialog.h"

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
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

namespace {
constexpr int kMinNextUpdateDays = 1;
constexpr int kMaxNextUpdateDays = 366;
constexpr int kDefaultNextUpdateDays = 30;
} // namespace

GenerateCrlDialog::GenerateCrlDialog(
    KmsClient &client, const QString &caCertificateId, const QString &caName, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_caCertificateId(caCertificateId)
    , m_caName(caName)
{
    setObjectName(QStringLiteral("generateCrlDialog"));
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_nextUpdateLabel = new QLabel(this);
    m_nextUpdateSpinBox = new QSpinBox(this);
    m_nextUpdateSpinBox->setObjectName(QStringLiteral("nextUpdateSpinBox"));
    m_nextUpdateSpinBox->setRange(kMinNextUpdateDays, kMaxNextUpdateDays);
    m_nextUpdateSpinBox->setValue(kDefaultNextUpdateDays);
    m_nextUpdateLabel->setBuddy(m_nextUpdateSpinBox);
    m_generateButton = new QPushButton(this);
    m_generateButton->setObjectName(QStringLiteral("generateButton"));
    m_generateButton->setDefault(true);
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("resultLabel"));
    m_resultLabel->setWordWrap(true);
    m_crlPlainTextEdit = new QPlainTextEdit(this);
    m_crlPlainTextEdit->setObjectName(QStringLiteral("crlPlainTextEdit"));
    m_crlPlainTextEdit->setReadOnly(true);
    m_crlPlainTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_crlPlainTextEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_crlPlainTextEdit->setMinimumHeight(m_crlPlainTextEdit->fontMetrics().lineSpacing() * 8);
    m_saveButton = new QPushButton(this);
    m_saveButton->setObjectName(QStringLiteral("saveCrlButton"));
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_nextUpdateLabel, 0, 0);
    grid->addWidget(m_nextUpdateSpinBox, 0, 1);
    grid->addWidget(m_generateButton, 0, 2);
    grid->addWidget(m_resultLabel, 1, 0, 1, 2);
    grid->addWidget(m_saveButton, 1, 2);
    grid->addWidget(m_crlPlainTextEdit, 2, 0, 1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(grid, 1);
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &GenerateCrlDialog::reject);
    connect(m_generateButton, &QPushButton::clicked, this, &GenerateCrlDialog::generate);
    connect(m_saveButton, &QPushButton::clicked, this, &GenerateCrlDialog::save);
    retranslate();
    showResult();
    resize(640, 440);
}

QJsonObject GenerateCrlDialog::request() const
{
    return { { QStringLiteral("caCertificateId"), m_caCertificateId },
        { QStringLiteral("nextUpdateDays"), m_nextUpdateSpinBox->value() } };
}

void GenerateCrlDialog::generate()
{
    const Response response = m_client.call(QStringLiteral("GenerateCrl"), request());
    if (!response.ok()) {
        Dialogs::showError(
            this, response, tr("Generating the revocation list of %1").arg(m_caName));
        return;
    }
    m_result = response.data;
    showResult();
}

void GenerateCrlDialog::save()
{
    const QString crl = m_result.value(QStringLiteral("crl")).toString();
    if (crl.isEmpty())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Save Revocation List"),
        QStringLiteral("crl-%1.crl").arg(m_result.value(QStringLiteral("crlNumber")).toInteger()),
        CertificateFiles::crlFilter());
    if (!path.isEmpty())
        CertificateFiles::write(this, path, crl.toLatin1());
}

void GenerateCrlDialog::showResult()
{
    const bool has = !m_result.isEmpty();
    m_crlPlainTextEdit->setPlainText(m_result.value(QStringLiteral("crl")).toString());
    m_saveButton->setEnabled(has);
    const qint64 revoked = m_result.value(QStringLiteral("revokedCount")).toInteger();
    //: After a CRL was made: %1 its number, %2 how many certificates it lists as revoked.
    m_resultLabel->setText(has ? tr("CRL number %1, revoked certificates: %2")
                                     .arg(m_result.value(QStringLiteral("crlNumber")).toInteger())
                                     .arg(revoked)
                               : tr("No revocation list generated yet."));
}

void GenerateCrlDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void GenerateCrlDialog::retranslate()
{
    setWindowTitle(tr("Generate Revocation List"));
    //: %1 is the CA certificate's subject.
    m_introLabel->setText(tr("A certificate revocation list (CRL) signed by %1, listing the "
                             "certificates it issued that were revoked.")
                              .arg(m_caName));
    m_nextUpdateLabel->setText(tr("&Next update in:"));
    //: Suffix of a period in days.
    m_nextUpdateSpinBox->setSuffix(tr(" days"));
    m_generateButton->setText(tr("&Generate"));
    m_saveButton->setText(tr("&Save CRL…"));
    showResult();
}

} // namespace kms::ui
