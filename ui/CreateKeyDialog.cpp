#include "CreateKeyDialog.h"

#include "Dialogs.h"
#include "KmsClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

const QString kEncryptDecrypt = QStringLiteral("ENCRYPT/DECRYPT");
const QString kSignVerify = QStringLiteral("SIGN/VERIFY");
const QString kSoftware = QStringLiteral("SOFTWARE");
const QString kHsm = QStringLiteral("HSM");
const QString kOriginKms = QStringLiteral("KMS");
const QString kOriginExternal = QStringLiteral("EXTERNAL");

constexpr int kMinRotationDays = 7;
constexpr int kMaxRotationDays = 730;
constexpr int kDefaultRotationDays = 365;

// Selects the item whose data is `value`; returns false if there is none.
bool selectData(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

} // namespace

CreateKeyDialog::CreateKeyDialog(KmsClient &client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_regions(KeyTableModel::regions(client))
{
    setObjectName(QStringLiteral("createKeyDialog"));

    m_regionComboBox = new QComboBox(this);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    for (const KeyTableModel::Region &region : std::as_const(m_regions))
        m_regionComboBox->addItem(region.regionId, region.regionId);
    m_specComboBox = new QComboBox(this);
    m_specComboBox->setObjectName(QStringLiteral("specComboBox"));
    for (const QString &spec : keySpecs())
        m_specComboBox->addItem(spec, spec);
    m_usageComboBox = new QComboBox(this);
    m_usageComboBox->setObjectName(QStringLiteral("usageComboBox"));
    m_protectionComboBox = new QComboBox(this);
    m_protectionComboBox->setObjectName(QStringLiteral("protectionComboBox"));
    m_originComboBox = new QComboBox(this);
    m_originComboBox->setObjectName(QStringLiteral("originComboBox"));
    m_descriptionLineEdit = new QLineEdit(this);
    m_descriptionLineEdit->setObjectName(QStringLiteral("descriptionLineEdit"));
    m_descriptionLineEdit->setMaxLength(8192);
    m_rotationCheckBox = new QCheckBox(this);
    m_rotationCheckBox->setObjectName(QStringLiteral("rotationCheckBox"));
    m_rotationIntervalSpinBox = new QSpinBox(this);
    m_rotationIntervalSpinBox->setObjectName(QStringLiteral("rotationIntervalSpinBox"));
    m_rotationIntervalSpinBox->setRange(kMinRotationDays, kMaxRotationDays);
    m_rotationIntervalSpinBox->setValue(kDefaultRotationDays);
    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 0); // busy: no percentage for key generation
    m_progressBar->setTextVisible(false);
    m_progressBar->hide();
    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("busyLabel"));
    m_busyLabel->hide();
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    m_regionLabel = new QLabel(this);
    m_specLabel = new QLabel(this);
    m_usageLabel = new QLabel(this);
    m_protectionLabel = new QLabel(this);
    m_originLabel = new QLabel(this);
    m_descriptionLabel = new QLabel(this);
    m_rotationIntervalLabel = new QLabel(this);
    m_regionLabel->setBuddy(m_regionComboBox);
    m_specLabel->setBuddy(m_specComboBox);
    m_usageLabel->setBuddy(m_usageComboBox);
    m_protectionLabel->setBuddy(m_protectionComboBox);
    m_originLabel->setBuddy(m_originComboBox);
    m_descriptionLabel->setBuddy(m_descriptionLineEdit);
    m_rotationIntervalLabel->setBuddy(m_rotationIntervalSpinBox);

    auto *form = new QFormLayout;
    form->addRow(m_regionLabel, m_regionComboBox);
    form->addRow(m_specLabel, m_specComboBox);
    form->addRow(m_usageLabel, m_usageComboBox);
    form->addRow(m_protectionLabel, m_protectionComboBox);
    form->addRow(m_originLabel, m_originComboBox);
    form->addRow(m_descriptionLabel, m_descriptionLineEdit);
    form->addRow(QString(), m_rotationCheckBox);
    form->addRow(m_rotationIntervalLabel, m_rotationIntervalSpinBox);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
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
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &CreateKeyDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &CreateKeyDialog::reject);
    connect(m_specComboBox, &QComboBox::currentIndexChanged, this, &CreateKeyDialog::updateChoices);
    connect(
        m_regionComboBox, &QComboBox::currentIndexChanged, this, &CreateKeyDialog::updateChoices);
    connect(
        m_originComboBox, &QComboBox::currentIndexChanged, this, &CreateKeyDialog::updateChoices);
    connect(m_rotationCheckBox, &QCheckBox::toggled, this, &CreateKeyDialog::updateChoices);

    selectData(m_regionComboBox, QStringLiteral("local-1"));
    updateChoices();
    retranslate();
}

CreateKeyDialog::~CreateKeyDialog() = default;

QStringList CreateKeyDialog::keySpecs()
{
    return { QStringLiteral("AES_256"), QStringLiteral("SM4_128"), QStringLiteral("RSA_2048"),
        QStringLiteral("EC_P256"), QStringLiteral("EC_SM2") };
}

QStringList CreateKeyDialog::usagesFor(const QString &keySpec)
{
    if (isSymmetric(keySpec))
        return { kEncryptDecrypt };
    if (keySpec == QLatin1String("EC_P256"))
        return { kSignVerify };
    return { kEncryptDecrypt, kSignVerify }; // RSA_2048, EC_SM2 (SM2PKE)
}

bool CreateKeyDialog::isSymmetric(const QString &keySpec)
{
    return keySpec == QLatin1String("AES_256") || keySpec == QLatin1String("SM4_128");
}

QJsonObject CreateKeyDialog::request() const
{
    const QString spec = m_specComboBox->currentData().toString();
    QJsonObject request {
        { QStringLiteral("regionId"), m_regionComboBox->currentData().toString() },
        { QStringLiteral("keySpec"), spec },
        { QStringLiteral("keyUsage"), m_usageComboBox->currentData().toString() },
        { QStringLiteral("protectionLevel"), m_protectionComboBox->currentData().toString() },
        { QStringLiteral("origin"), m_originComboBox->currentData().toString() },
        { QStringLiteral("description"), m_descriptionLineEdit->text() },
    };
    const bool rotate = m_rotationCheckBox->isEnabled() && m_rotationCheckBox->isChecked();
    request.insert(QStringLiteral("enableAutomaticRotation"), rotate);
    if (rotate)
        request.insert(QStringLiteral("rotationInterval"),
            QStringLiteral("%1d").arg(m_rotationIntervalSpinBox->value()));
    return request;
}

void CreateKeyDialog::accept()
{
    if (m_busy)
        return;
    const QJsonObject params = request();
    if (params.value(QStringLiteral("keySpec")).toString().startsWith(QLatin1String("RSA_"))) {
        // RSA key generation takes long enough to freeze the window: the worker thread.
        setBusy(true);
        m_watcher->setFuture(m_client.callInBackground(QStringLiteral("CreateKey"), params));
        return;
    }
    finish(m_client.call(QStringLiteral("CreateKey"), params));
}

void CreateKeyDialog::reject()
{
    if (m_busy)
        return; // the key is being made; it cannot be called back
    QDialog::reject();
}

void CreateKeyDialog::finish(const Response &response)
{
    m_response = response;
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Creating the key"));
        return; // the form keeps what the user chose
    }
    const QJsonObject metadata = response.data.value(QStringLiteral("keyMetadata")).toObject();
    emit keyCreated(metadata.value(QStringLiteral("cmkUuid")).toString(), metadata);
    QDialog::accept();
}

void CreateKeyDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget : { static_cast<QWidget *>(m_regionComboBox),
             static_cast<QWidget *>(m_specComboBox), static_cast<QWidget *>(m_usageComboBox),
             static_cast<QWidget *>(m_protectionComboBox), static_cast<QWidget *>(m_originComboBox),
             static_cast<QWidget *>(m_descriptionLineEdit), static_cast<QWidget *>(m_buttonBox) })
        widget->setEnabled(!busy);
    m_progressBar->setVisible(busy);
    m_busyLabel->setVisible(busy);
    if (busy) {
        m_rotationCheckBox->setEnabled(false);
        m_rotationIntervalSpinBox->setEnabled(false);
    } else {
        updateChoices();
    }
}

void CreateKeyDialog::updateChoices()
{
    const QString spec = m_specComboBox->currentData().toString();
    const bool symmetric = isSymmetric(spec);

    // Usage: only what the spec allows; keep the choice if it still fits.
    const QString usage = m_usageComboBox->currentData().toString();
    const QStringList usages = usagesFor(spec);
    {
        const QSignalBlocker blocker(m_usageComboBox);
        m_usageComboBox->clear();
        for (const QString &allowed : usages)
            m_usageComboBox->addItem(allowed, allowed);
        if (!selectData(m_usageComboBox, usage))
            m_usageComboBox->setCurrentIndex(0);
    }

    // Protection level: HSM only where the region has one.
    const int regionIndex = m_regionComboBox->currentIndex();
    const bool hasHsm
        = regionIndex >= 0 && regionIndex < m_regions.size() && m_regions.at(regionIndex).hasHsm;
    const QString protection = m_protectionComboBox->currentData().toString();
    {
        const QSignalBlocker blocker(m_protectionComboBox);
        m_protectionComboBox->clear();
        m_protectionComboBox->addItem(kSoftware, kSoftware);
        if (hasHsm)
            m_protectionComboBox->addItem(kHsm, kHsm);
        if (!selectData(m_protectionComboBox, protection))
            m_protectionComboBox->setCurrentIndex(0);
    }

    // Origin: imported material (EXTERNAL) only for symmetric keys.
    const QString origin = m_originComboBox->currentData().toString();
    {
        const QSignalBlocker blocker(m_originComboBox);
        m_originComboBox->clear();
        m_originComboBox->addItem(kOriginKms, kOriginKms);
        if (symmetric)
            m_originComboBox->addItem(kOriginExternal, kOriginExternal);
        if (!selectData(m_originComboBox, origin))
            m_originComboBox->setCurrentIndex(0);
    }

    // Automatic rotation: symmetric keys made by the KMS.
    const bool canRotate
        = symmetric && m_originComboBox->currentData().toString() == kOriginKms && !m_busy;
    m_rotationCheckBox->setEnabled(canRotate);
    if (!canRotate)
        m_rotationCheckBox->setChecked(false);
    m_rotationIntervalSpinBox->setEnabled(canRotate && m_rotationCheckBox->isChecked());
    if (QPushButton *ok = m_buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(!m_regions.isEmpty() && !m_busy);
    retranslate();
}

void CreateKeyDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void CreateKeyDialog::retranslate()
{
    setWindowTitle(tr("Create Key"));
    //: Create-key form: the region (资源池) the key is made in.
    m_regionLabel->setText(tr("&Region:"));
    m_specLabel->setText(tr("Key &spec:"));
    m_usageLabel->setText(tr("&Usage:"));
    m_protectionLabel->setText(tr("&Protection level:"));
    m_originLabel->setText(tr("&Origin:"));
    m_descriptionLabel->setText(tr("&Description:"));
    m_descriptionLineEdit->setPlaceholderText(tr("What the key is for (optional)"));
    m_rotationCheckBox->setText(tr("Rotate the key &automatically"));
    m_rotationIntervalLabel->setText(tr("Rotation &interval:"));
    //: Suffix of the rotation interval, in days (" days").
    m_rotationIntervalSpinBox->setSuffix(tr(" days"));
    m_busyLabel->setText(tr("Generating the RSA key pair…"));

    for (int i = 0; i < m_specComboBox->count(); ++i) {
        const QString spec = m_specComboBox->itemData(i).toString();
        QString text;
        if (spec == QLatin1String("AES_256"))
            text = tr("AES_256 — symmetric, AES with 256-bit keys");
        else if (spec == QLatin1String("SM4_128"))
            text = tr("SM4_128 — symmetric, SM4 (GB/T 32907)");
        else if (spec == QLatin1String("RSA_2048"))
            text = tr("RSA_2048 — asymmetric, RSA 2048-bit key pair");
        else if (spec == QLatin1String("EC_P256"))
            text = tr("EC_P256 — asymmetric, NIST P-256 key pair (signing)");
        else if (spec == QLatin1String("EC_SM2"))
            text = tr("EC_SM2 — asymmetric, SM2 key pair");
        m_specComboBox->setItemText(i, text.isEmpty() ? spec : text);
    }
    for (int i = 0; i < m_usageComboBox->count(); ++i) {
        const QString usage = m_usageComboBox->itemData(i).toString();
        m_usageComboBox->setItemText(i,
            usage == kEncryptDecrypt ? tr("Encrypt and decrypt (ENCRYPT/DECRYPT)")
                                     : tr("Sign and verify (SIGN/VERIFY)"));
    }
    for (int i = 0; i < m_protectionComboBox->count(); ++i) {
        const QString level = m_protectionComboBox->itemData(i).toString();
        m_protectionComboBox->setItemText(i,
            level == kSoftware ? tr("Software (SOFTWARE)") : tr("Hardware security module (HSM)"));
    }
    for (int i = 0; i < m_originComboBox->count(); ++i) {
        const QString origin = m_originComboBox->itemData(i).toString();
        m_originComboBox->setItemText(i,
            origin == kOriginKms ? tr("Generated by the KMS (KMS)")
                                 : tr("Key material imported later (EXTERNAL)"));
    }

    const QString spec = m_specComboBox->currentData().toString();
    QString hint;
    if (m_regions.isEmpty())
        hint = tr("The store has no region. Add a region first.");
    else if (m_originComboBox->currentData().toString() == kOriginExternal)
        hint = tr("The key waits in state Pending import until its key material is imported.");
    else if (!isSymmetric(spec))
        hint = tr("Only symmetric keys rotate automatically. A region holds a limited number "
                  "of asymmetric keys.");
    m_hintLabel->setText(hint);
    m_hintLabel->setVisible(!hint.isEmpty());
}

} // namespace kms::ui
