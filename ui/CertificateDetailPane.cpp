#include "CertificateDetailPane.h"

#include "DisplayText.h"

#include "CertificateTableModel.h"
#include "KmsClient.h"
#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

using display::field;
using display::localTime;

// Distinguished names and fingerprints have no spaces: give the labels places to wrap.
QString wrappable(const QString &name)
{
    return QString(name).replace(QLatin1Char(','), QStringLiteral(", "));
}

QString fingerprintLines(const QString &fingerprint)
{
    // 32 bytes as AB:CD:...: two lines of 16.
    const QStringList bytes = fingerprint.split(QLatin1Char(':'));
    if (bytes.size() <= 16)
        return fingerprint;
    return bytes.mid(0, 16).join(QLatin1Char(':')) + QLatin1Char('\n')
        + bytes.mid(16).join(QLatin1Char(':'));
}

} // namespace

CertificateDetailPane::CertificateDetailPane(KmsClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("certificateDetailPane"));
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    m_titleLabel->setWordWrap(true);
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_titleLabel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_noCertificateLabel = new QLabel(this);
    m_noCertificateLabel->setObjectName(QStringLiteral("noCertificateLabel"));
    m_noCertificateLabel->setAlignment(Qt::AlignCenter);
    m_noCertificateLabel->setWordWrap(true);

    // Details tab: a grid (Qt 6.4's QFormLayout crashes with word-wrapped labels).
    m_fieldsWidget = new QWidget;
    m_grid = new QGridLayout(m_fieldsWidget);
    m_grid->setColumnStretch(1, 1);
    static const char *const names[FieldCount] = { "idValueLabel", "statusValueLabel",
        "subjectValueLabel", "sansValueLabel", "issuerValueLabel", "serialValueLabel",
        "keySpecValueLabel", "protectionValueLabel", "regionValueLabel", "notBeforeValueLabel",
        "notAfterValueLabel", "exportableValueLabel", "caValueLabel", "createdValueLabel",
        "updatedValueLabel", "fingerprintValueLabel", "chainListWidget" };
    int gridRow = 0;
    for (int field = 0; field < FieldCount; ++field) {
        auto *label = new QLabel(m_fieldsWidget);
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        QWidget *value = nullptr;
        if (field == ChainField) {
            m_chainListWidget = new QListWidget(m_fieldsWidget);
            m_chainListWidget->setWordWrap(true);
            m_chainListWidget->setMaximumHeight(m_chainListWidget->fontMetrics().height() * 7);
            value = m_chainListWidget;
        } else {
            auto *valueLabel = new QLabel(m_fieldsWidget);
            valueLabel->setTextFormat(Qt::PlainText);
            valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
            valueLabel->setWordWrap(true);
            if (field == FingerprintField || field == SerialField || field == IdField)
                valueLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            value = valueLabel;
        }
        value->setObjectName(QLatin1String(names[field]));
        label->setBuddy(value);
        m_fieldLabels.append(label);
        m_values.append(value);
        if (field == ChainField || field == FingerprintField) {
            // Long values span the pane's width below their label.
            m_grid->addWidget(label, gridRow++, 0, 1, 2);
            m_grid->addWidget(value, gridRow++, 0, 1, 2);
        } else {
            m_grid->addWidget(label, gridRow, 0);
            m_grid->addWidget(value, gridRow++, 1);
        }
    }
    m_grid->setRowStretch(gridRow, 1);
    auto *scrollArea = new QScrollArea;
    scrollArea->setObjectName(QStringLiteral("detailScrollArea"));
    scrollArea->setWidget(m_fieldsWidget);
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // Decoded tab.
    m_textPlainTextEdit = new QPlainTextEdit;
    m_textPlainTextEdit->setObjectName(QStringLiteral("textPlainTextEdit"));
    m_textPlainTextEdit->setReadOnly(true);
    m_textPlainTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_textPlainTextEdit->setLineWrapMode(QPlainTextEdit::NoWrap);

    // CSR tab.
    m_csrWidget = new QWidget;
    m_csrLabel = new QLabel(m_csrWidget);
    m_csrLabel->setWordWrap(true);
    m_csrPlainTextEdit = new QPlainTextEdit(m_csrWidget);
    m_csrPlainTextEdit->setObjectName(QStringLiteral("csrPlainTextEdit"));
    m_csrPlainTextEdit->setReadOnly(true);
    m_csrPlainTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_csrPlainTextEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_copyCsrButton = new QPushButton(m_csrWidget);
    m_copyCsrButton->setObjectName(QStringLiteral("copyCsrButton"));
    m_saveCsrButton = new QPushButton(m_csrWidget);
    m_saveCsrButton->setObjectName(QStringLiteral("saveCsrButton"));
    auto *csrButtons = new QHBoxLayout;
    csrButtons->addWidget(m_copyCsrButton);
    csrButtons->addWidget(m_saveCsrButton);
    csrButtons->addStretch();
    auto *csrLayout = new QVBoxLayout(m_csrWidget);
    csrLayout->addWidget(m_csrLabel);
    csrLayout->addWidget(m_csrPlainTextEdit, 1);
    csrLayout->addLayout(csrButtons);

    m_tabWidget = new QTabWidget(this);
    m_tabWidget->setObjectName(QStringLiteral("detailTabWidget"));
    m_tabWidget->addTab(scrollArea, QString());
    m_tabWidget->addTab(m_textPlainTextEdit, QString());
    m_tabWidget->addTab(m_csrWidget, QString());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_noCertificateLabel, 1);
    layout->addWidget(m_tabWidget, 1);

    connect(m_copyCsrButton, &QPushButton::clicked, this, &CertificateDetailPane::copyCsr);
    connect(m_saveCsrButton, &QPushButton::clicked, this, &CertificateDetailPane::saveCsrRequested);
    retranslate();
    fill();
}

QString CertificateDetailPane::certificateId() const
{
    return field(m_details, "certificateId");
}

QString CertificateDetailPane::csrPem() const
{
    return field(m_details, "csr");
}

void CertificateDetailPane::showCertificate(const QJsonObject &certificate)
{
    m_loadError.clear();
    if (certificate.isEmpty()) {
        m_details = {};
        fill();
        return;
    }
    const QString id = field(certificate, "certificateId");
    // The same certificate unchanged (a refresh): nothing to read again.
    if (id == certificateId() && field(certificate, "updateDate") == field(m_details, "updateDate")
        && field(certificate, "status") == field(m_details, "status")) {
        return;
    }
    const Response response = m_client.call(
        QStringLiteral("DescribeCertificate"), { { QStringLiteral("certificateId"), id } });
    if (response.ok()) {
        m_details = response.data.value(QStringLiteral("certificate")).toObject();
    } else {
        // Deleted elsewhere, say: show what the list knows and why the rest is missing.
        m_details = certificate;
        m_loadError = response.code;
    }
    fill();
}

void CertificateDetailPane::copyCsr()
{
    if (!csrPem().isEmpty())
        QGuiApplication::clipboard()->setText(csrPem());
}

QLabel *CertificateDetailPane::valueLabel(Field field) const
{
    return qobject_cast<QLabel *>(m_values.at(field));
}

void CertificateDetailPane::setFieldVisible(Field field, bool visible)
{
    m_fieldLabels.at(field)->setVisible(visible);
    m_values.at(field)->setVisible(visible);
}

void CertificateDetailPane::fill()
{
    const bool has = !m_details.isEmpty();
    m_noCertificateLabel->setVisible(!has);
    m_tabWidget->setVisible(has);
    if (!has) {
        for (int field = 0; field < FieldCount; ++field) {
            if (QLabel *label = valueLabel(Field(field)))
                label->clear();
        }
        m_chainListWidget->clear();
        m_textPlainTextEdit->clear();
        m_csrPlainTextEdit->clear();
        m_titleLabel->setText(tr("Certificate details"));
        return;
    }
    const QString subject = field(m_details, "subject");
    const QString commonName = subject.section(QLatin1Char(','), 0, 0).section(QLatin1Char('='), 1);
    m_titleLabel->setText(commonName.isEmpty() ? field(m_details, "certificateId") : commonName);
    valueLabel(IdField)->setText(field(m_details, "certificateId"));
    valueLabel(StatusField)->setText(CertificateTableModel::statusText(field(m_details, "status")));
    valueLabel(SubjectField)->setText(wrappable(subject));
    QStringList sans;
    for (const QJsonValue &name :
        m_details.value(QStringLiteral("subjectAlternativeNames")).toArray())
        sans.append(name.toString());
    valueLabel(SansField)->setText(sans.isEmpty() ? tr("None") : sans.join(QLatin1Char('\n')));
    valueLabel(IssuerField)->setText(wrappable(field(m_details, "issuer")));
    valueLabel(SerialField)->setText(field(m_details, "serialNumber"));
    valueLabel(KeySpecField)->setText(field(m_details, "keySpec"));
    valueLabel(ProtectionField)->setText(field(m_details, "protectionLevel"));
    valueLabel(RegionField)->setText(field(m_details, "regionId"));
    valueLabel(NotBeforeField)->setText(localTime(field(m_details, "notBefore")));
    valueLabel(NotBeforeField)->setToolTip(field(m_details, "notBefore"));
    const QDateTime notAfter = parseTime(field(m_details, "notAfter"));
    const QDateTime now = m_client.session().clock().now();
    QString notAfterText = localTime(field(m_details, "notAfter"));
    QString notAfterStyle;
    switch (CertificateTableModel::expiryOf(notAfter, now)) {
    case CertificateTableModel::Expiry::Expired:
        //: A certificate's end of validity, already passed; %1 is the date.
        notAfterText = tr("%1 (expired)").arg(notAfterText);
        notAfterStyle = QStringLiteral("QLabel { color: #c62828; font-weight: bold; }");
        break;
    case CertificateTableModel::Expiry::ExpiringSoon: {
        const qint64 days = now.daysTo(notAfter);
        //: A certificate's end of validity, soon; %1 is the date, %2 the days left.
        notAfterText = days == 1 ? tr("%1 (in 1 day)").arg(notAfterText)
                                 : tr("%1 (in %2 days)").arg(notAfterText).arg(days);
        notAfterStyle = QStringLiteral("QLabel { color: #b26a00; font-weight: bold; }");
        break;
    }
    default:
        break;
    }
    valueLabel(NotAfterField)->setText(notAfterText);
    valueLabel(NotAfterField)->setStyleSheet(notAfterStyle);
    valueLabel(NotAfterField)->setToolTip(field(m_details, "notAfter"));
    valueLabel(ExportableField)
        ->setText(m_details.value(QStringLiteral("exportablePrivateKey")).toBool() ? tr("Yes")
                                                                                   : tr("No"));
    valueLabel(CaField)->setText(
        m_details.value(QStringLiteral("isCa")).toBool() ? tr("Yes") : tr("No"));
    valueLabel(CreatedField)->setText(localTime(field(m_details, "creationDate")));
    valueLabel(UpdatedField)->setText(localTime(field(m_details, "updateDate")));
    valueLabel(FingerprintField)->setText(fingerprintLines(field(m_details, "sha256Fingerprint")));

    m_chainListWidget->clear();
    const QJsonArray chain = m_details.value(QStringLiteral("chain")).toArray();
    for (const QJsonValue &link : chain) {
        const QJsonObject object = link.toObject();
        auto *item = new QListWidgetItem(wrappable(field(object, "subject")), m_chainListWidget);
        //: Tooltip of a certificate of the chain: its issuer and end of validity.
        item->setToolTip(tr("Issued by %1, valid until %2")
                             .arg(field(object, "issuer"), localTime(field(object, "notAfter"))));
    }

    const bool hasCertificate = !field(m_details, "serialNumber").isEmpty();
    setFieldVisible(IssuerField, hasCertificate);
    setFieldVisible(SerialField, hasCertificate);
    setFieldVisible(NotBeforeField, hasCertificate);
    setFieldVisible(NotAfterField, hasCertificate);
    setFieldVisible(CaField, hasCertificate);
    setFieldVisible(FingerprintField, !field(m_details, "sha256Fingerprint").isEmpty());
    setFieldVisible(ChainField, !chain.isEmpty());

    if (!m_loadError.isEmpty())
        m_textPlainTextEdit->setPlainText(
            tr("The certificate cannot be read (%1).").arg(m_loadError));
    else if (hasCertificate)
        m_textPlainTextEdit->setPlainText(field(m_details, "text"));
    else
        m_textPlainTextEdit->setPlainText(
            tr("No certificate yet: have a CA sign the CSR, then upload the certificate."));
    m_csrPlainTextEdit->setPlainText(csrPem());
    m_copyCsrButton->setEnabled(!csrPem().isEmpty());
    m_saveCsrButton->setEnabled(!csrPem().isEmpty());
}

void CertificateDetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fill();
    }
    QWidget::changeEvent(event);
}

void CertificateDetailPane::retranslate()
{
    static const char *const labels[FieldCount] = {
        QT_TR_NOOP("Certificate ID:"),
        QT_TR_NOOP("Status:"),
        QT_TR_NOOP("Subject:"),
        QT_TR_NOOP("Alternative names:"),
        QT_TR_NOOP("Issuer:"),
        QT_TR_NOOP("Serial number:"),
        QT_TR_NOOP("Key spec:"),
        QT_TR_NOOP("Protection:"),
        QT_TR_NOOP("Region:"),
        QT_TR_NOOP("Not before:"),
        QT_TR_NOOP("Not after:"),
        QT_TR_NOOP("Exportable key:"),
        QT_TR_NOOP("CA:"),
        QT_TR_NOOP("Created:"),
        QT_TR_NOOP("Updated:"),
        QT_TR_NOOP("SHA-256 fingerprint:"),
        QT_TR_NOOP("Chain (issuers up to the root):"),
    };
    for (int field = 0; field < FieldCount; ++field)
        m_fieldLabels.at(field)->setText(tr(labels[field]));
    m_noCertificateLabel->setText(tr("Select a certificate to see its details."));
    //: Tab of the certificate details: its fields.
    m_tabWidget->setTabText(0, tr("Details"));
    //: Tab of the certificate details: the certificate decoded as text.
    m_tabWidget->setTabText(1, tr("Decoded"));
    //: Tab of the certificate details: the certificate signing request.
    m_tabWidget->setTabText(2, tr("CSR"));
    m_csrLabel->setText(tr("The certificate request (CSR) of the key pair, for a CA to sign."));
    m_copyCsrButton->setText(tr("&Copy CSR"));
    m_saveCsrButton->setText(tr("Sa&ve CSR…"));
}

} // namespace kms::ui
