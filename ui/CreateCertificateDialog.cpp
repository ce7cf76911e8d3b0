#include "CreateCertificateDialog.h"

#include "Dialogs.h"
#include "KeyTableModel.h"
#include "KmsClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

constexpr int kMinValidityDays = 1;
constexpr int kMaxValidityDays = 7300;
constexpr int kDefaultValidityDays = 3650;
constexpr int kMaxSubjectField = 64;

QLineEdit *subjectLineEdit(QWidget *parent, const char *objectName)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setMaxLength(kMaxSubjectField);
    return edit;
}

} // namespace

CreateCertificateDialog::CreateCertificateDialog(KmsClient &client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("createCertificateDialog"));

    m_regionComboBox = new QComboBox(this);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    for (const KeyTableModel::Region &region : KeyTableModel::regions(m_client))
        m_regionComboBox->addItem(region.regionId, region.regionId);
    const int local = m_regionComboBox->findData(QStringLiteral("local-1"));
    m_regionComboBox->setCurrentIndex(local < 0 ? 0 : local);
    m_specComboBox = new QComboBox(this);
    m_specComboBox->setObjectName(QStringLiteral("keySpecComboBox"));
    for (const QString &spec : keySpecs())
        m_specComboBox->addItem(spec, spec);

    m_commonNameLineEdit = subjectLineEdit(this, "commonNameLineEdit");
    m_countryLineEdit = subjectLineEdit(this, "countryLineEdit");
    m_countryLineEdit->setMaxLength(2);
    m_countryLineEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z]{0,2}")), m_countryLineEdit));
    m_organizationLineEdit = subjectLineEdit(this, "organizationLineEdit");
    m_unitLineEdit = subjectLineEdit(this, "organizationalUnitLineEdit");
    m_stateLineEdit = subjectLineEdit(this, "stateLineEdit");
    m_localityLineEdit = subjectLineEdit(this, "localityLineEdit");
    m_sansPlainTextEdit = new QPlainTextEdit(this);
    m_sansPlainTextEdit->setObjectName(QStringLiteral("sansPlainTextEdit"));
    m_sansPlainTextEdit->setTabChangesFocus(true);
    m_sansPlainTextEdit->setFixedHeight(m_sansPlainTextEdit->fontMetrics().lineSpacing() * 5 + 12);
    m_sansCountLabel = new QLabel(this);
    m_sansCountLabel->setObjectName(QStringLiteral("sansCountLabel"));
    // Chinese glyphs come from a fallback font taller than this label's own metrics.
    m_sansCountLabel->setMinimumHeight(m_sansCountLabel->fontMetrics().lineSpacing() * 3 / 2);
    m_exportableCheckBox = new QCheckBox(this);
    m_exportableCheckBox->setObjectName(QStringLiteral("exportableCheckBox"));
    m_selfSignedCheckBox = new QCheckBox(this);
    m_selfSignedCheckBox->setObjectName(QStringLiteral("selfSignedCheckBox"));
    m_validitySpinBox = new QSpinBox(this);
    m_validitySpinBox->setObjectName(QStringLiteral("validitySpinBox"));
    m_validitySpinBox->setRange(kMinValidityDays, kMaxValidityDays);
    m_validitySpinBox->setValue(kDefaultValidityDays);
    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("busyLabel"));
    m_busyLabel->hide();
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 0);
    m_progressBar->setTextVisible(false);
    m_progressBar->hide();
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    // A grid rather than a QFormLayout: Qt 6.4's QFormLayout crashes with word-wrapped labels.
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    int row = 0;
    const auto addRow = [&](QLabel *&label, QWidget *field) {
        label = new QLabel(this);
        label->setBuddy(field);
        grid->addWidget(label, row, 0);
        grid->addWidget(field, row++, 1);
    };
    addRow(m_regionLabel, m_regionComboBox);
    addRow(m_specLabel, m_specComboBox);
    m_subjectLabel = new QLabel(this);
    QFont bold = m_subjectLabel->font();
    bold.setBold(true);
    m_subjectLabel->setFont(bold);
    grid->addWidget(m_subjectLabel, row++, 0, 1, 2);
    addRow(m_commonNameLabel, m_commonNameLineEdit);
    addRow(m_countryLabel, m_countryLineEdit);
    addRow(m_organizationLabel, m_organizationLineEdit);
    addRow(m_unitLabel, m_unitLineEdit);
    addRow(m_stateLabel, m_stateLineEdit);
    addRow(m_localityLabel, m_localityLineEdit);
    addRow(m_sansLabel, m_sansPlainTextEdit);
    m_sansLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    grid->addWidget(m_sansCountLabel, row++, 1);
    grid->addWidget(m_exportableCheckBox, row++, 0, 1, 2);
    grid->addWidget(m_selfSignedCheckBox, row++, 0, 1, 2);
    addRow(m_validityLabel, m_validitySpinBox);

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // Chinese text is taller
    layout->addLayout(grid);
    layout->addWidget(m_hintLabel);
    layout->addWidget(m_busyLabel);
    layout->addWidget(m_progressBar);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    m_watcher = new QFutureWatcher<Response>(this);
    connect(m_watcher, &QFutureWatcher<Response>::finished, this, [this] {
        setBusy(false);
        finish(m_watcher->future().resultCount() > 0
                ? m_watcher->future().result()
                : Response::failure(KmsError(QStringLiteral("KMS.0505")), QString()));
    });
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &CreateCertificateDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &CreateCertificateDialog::reject);
    for (QLineEdit *edit : { m_commonNameLineEdit, m_countryLineEdit, m_organizationLineEdit,
             m_unitLineEdit, m_stateLineEdit, m_localityLineEdit })
        connect(edit, &QLineEdit::textChanged, this, &CreateCertificateDialog::updateOk);
    connect(m_countryLineEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (text != text.toUpper())
            m_countryLineEdit->setText(text.toUpper());
    });
    connect(m_sansPlainTextEdit, &QPlainTextEdit::textChanged, this,
        &CreateCertificateDialog::updateOk);
    connect(m_selfSignedCheckBox, &QCheckBox::toggled, this, &CreateCertificateDialog::updateOk);

    retranslate();
    updateOk();
    resize(qMax(520, sizeHint().width()), sizeHint().height());
}

CreateCertificateDialog::~CreateCertificateDialog() = default;

QStringList CreateCertificateDialog::keySpecs()
{
    return { QStringLiteral("RSA_2048"), QStringLiteral("EC_P256"), QStringLiteral("EC_SM2") };
}

QStringList CreateCertificateDialog::subjectAlternativeNames() const
{
    QStringList names;
    const QStringList lines = m_sansPlainTextEdit->toPlainText().split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString name = line.trimmed();
        if (!name.isEmpty())
            names.append(name);
    }
    return names;
}

QJsonObject CreateCertificateDialog::request() const
{
    QJsonObject subject { { QStringLiteral("CN"), m_commonNameLineEdit->text().trimmed() },
        { QStringLiteral("C"), m_countryLineEdit->text().trimmed() },
        { QStringLiteral("O"), m_organizationLineEdit->text().trimmed() },
        { QStringLiteral("OU"), m_unitLineEdit->text().trimmed() } };
    if (!m_stateLineEdit->text().trimmed().isEmpty())
        subject.insert(QStringLiteral("ST"), m_stateLineEdit->text().trimmed());
    if (!m_localityLineEdit->text().trimmed().isEmpty())
        subject.insert(QStringLiteral("L"), m_localityLineEdit->text().trimmed());
    QJsonObject request { { QStringLiteral("regionId"),
                              m_regionComboBox->currentData().toString() },
        { QStringLiteral("keySpec"), m_specComboBox->currentData().toString() },
        { QStringLiteral("subject"), subject },
        { QStringLiteral("subjectAlternativeNames"),
            QJsonArray::fromStringList(subjectAlternativeNames()) },
        { QStringLiteral("exportablePrivateKey"), m_exportableCheckBox->isChecked() },
        { QStringLiteral("selfSigned"), m_selfSignedCheckBox->isChecked() } };
    if (m_selfSignedCheckBox->isChecked())
        request.insert(QStringLiteral("validityDays"), m_validitySpinBox->value());
    return request;
}

void CreateCertificateDialog::updateOk()
{
    const int sans = int(subjectAlternativeNames().size());
    //: Below the subject alternative names: how many of the 10 allowed are typed.
    m_sansCountLabel->setText(tr("%1 of %2 names").arg(sans).arg(kMaxSans));
    m_sansCountLabel->setStyleSheet(
        sans > kMaxSans ? QStringLiteral("QLabel { color: #c62828; }") : QString());
    m_validitySpinBox->setEnabled(m_selfSignedCheckBox->isChecked() && !m_busy);
    m_validityLabel->setEnabled(m_selfSignedCheckBox->isChecked());
    const bool complete = !m_commonNameLineEdit->text().trimmed().isEmpty()
        && m_countryLineEdit->text().trimmed().size() == 2
        && !m_organizationLineEdit->text().trimmed().isEmpty()
        && !m_unitLineEdit->text().trimmed().isEmpty() && sans <= kMaxSans;
    if (QPushButton *ok = m_buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(complete && !m_busy && m_regionComboBox->count() > 0);
}

void CreateCertificateDialog::accept()
{
    if (m_busy)
        return;
    const QJsonObject params = request();
    if (params.value(QStringLiteral("keySpec")).toString().startsWith(QLatin1String("RSA_"))) {
        // RSA key generation takes long enough to freeze the window: the worker thread.
        setBusy(true);
        m_watcher->setFuture(
            m_client.callInBackground(QStringLiteral("CreateCertificate"), params));
        return;
    }
    finish(m_client.call(QStringLiteral("CreateCertificate"), params));
}

void CreateCertificateDialog::reject()
{
    if (m_busy)
        return; // the key pair is being made
    QDialog::reject();
}

void CreateCertificateDialog::finish(const Response &response)
{
    m_response = response;
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Creating the certificate"));
        return;
    }
    const QJsonObject certificate = response.data.value(QStringLiteral("certificate")).toObject();
    emit certificateCreated(
        certificate.value(QStringLiteral("certificateId")).toString(), certificate);
    QDialog::accept();
}

void CreateCertificateDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget : findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        if (widget != m_progressBar && widget != m_busyLabel)
            widget->setEnabled(!busy);
    }
    m_progressBar->setVisible(busy);
    m_busyLabel->setVisible(busy);
    updateOk();
}

void CreateCertificateDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void CreateCertificateDialog::retranslate()
{
    setWindowTitle(tr("Create Certificate"));
    m_regionLabel->setText(tr("Re&gion:"));
    m_specLabel->setText(tr("&Key spec:"));
    //: Heading of the subject fields (the certificate's distinguished name).
    m_subjectLabel->setText(tr("Subject"));
    m_commonNameLabel->setText(tr("Common &name (CN):"));
    m_countryLabel->setText(tr("&Country (C):"));
    m_organizationLabel->setText(tr("&Organization (O):"));
    m_unitLabel->setText(tr("Organizational &unit (OU):"));
    m_stateLabel->setText(tr("&State or province (ST):"));
    m_localityLabel->setText(tr("&Locality (L):"));
    m_sansLabel->setText(tr("&Alternative names:"));
    const QString required = tr("Required");
    const QString optional = tr("Optional");
    m_commonNameLineEdit->setPlaceholderText(required);
    //: Placeholder of the country field: a two-letter code.
    m_countryLineEdit->setPlaceholderText(tr("Required, two letters such as CN"));
    m_organizationLineEdit->setPlaceholderText(required);
    m_unitLineEdit->setPlaceholderText(required);
    m_stateLineEdit->setPlaceholderText(optional);
    m_localityLineEdit->setPlaceholderText(optional);
    m_sansPlainTextEdit->setPlaceholderText(tr("One DNS name or IP address per line, up to 10"));
    m_exportableCheckBox->setText(tr("The private key can be &exported (PKCS#12)"));
    m_selfSignedCheckBox->setText(tr("Self-signed &root CA certificate"));
    m_validityLabel->setText(tr("&Validity:"));
    //: Suffix of a validity period in days.
    m_validitySpinBox->setSuffix(tr(" days"));
    m_hintLabel->setText(tr("The KMS makes a key pair and a certificate request (CSR). Have a CA "
                            "sign the CSR, then upload the certificate. A self-signed root CA "
                            "certificate is active at once."));
    m_busyLabel->setText(tr("Generating the key pair…"));
    updateOk();
}

} // namespace kms::ui
