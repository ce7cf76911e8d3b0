#include "ImportWizard.h"

#include "CertificateFiles.h"
#include "Dialogs.h"
#include "DisplayText.h"
#include "KeyTableModel.h"
#include "KmsClient.h"
#include "WizardButtons.h"

#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QWizardPage>

#include <functional>

namespace kms::ui {

namespace {

const QString kOaepSha256 = QStringLiteral("RSAES_OAEP_SHA_256");
const QString kOaepSha1 = QStringLiteral("RSAES_OAEP_SHA_1");
const QString kAesKeyWrap = QStringLiteral("RSA_AES_KEY_WRAP_SHA_256");
constexpr qint64 kMaxWrappedSize = 16 * 1024; // a wrapped 256-bit key is a few hundred bytes
constexpr int kKeyIdRole = Qt::UserRole + 1;

QLabel *wrappingLabel(QWidget *parent, const char *objectName = nullptr)
{
    auto *label = new QLabel(parent);
    if (objectName != nullptr)
        label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

// A step whose completeness and checks the wizard decides; it keeps its input when the user
// goes back (no cleanupPage reset).
class ImportWizard::StepPage : public QWizardPage
{
public:
    using QWizardPage::QWizardPage;

    std::function<bool()> complete;
    std::function<bool()> validate;

    bool isComplete() const override { return complete ? complete() : true; }
    bool validatePage() override { return validate ? validate() : true; }
    void cleanupPage() override { }
    void changed() { emit completeChanged(); }
};

ImportWizard::ImportWizard(KmsClient &client, QWidget *parent)
    : QWizard(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("importWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setOption(QWizard::NoDefaultButton, true);
    buildKeyStep();
    buildParametersStep();
    buildMaterialStep();
    setPage(KeyStep, m_keyPage);
    setPage(ParametersStep, m_parametersPage);
    setPage(MaterialStep, m_materialPage);
    connect(
        &m_watcher, &QFutureWatcher<Response>::finished, this, &ImportWizard::parametersFinished);
    retranslate();
    reloadPendingKeys();
    updateKeyStep();
}

ImportWizard::~ImportWizard()
{
    // A GetParametersForImport still running finishes on the worker; nothing waits for it here.
    m_watcher.disconnect(this);
}

QStringList ImportWizard::wrappingAlgorithms()
{
    return { kOaepSha256, kOaepSha1, kAesKeyWrap };
}

QString ImportWizard::wrappingCommands(const QString &algorithm, const QString &wrappingKeyFile,
    const QString &materialFile, const QString &wrappedFile)
{
    const auto oaep = [&](const QString &in, const QString &out, const char *md) {
        return QStringLiteral("openssl pkeyutl -encrypt -pubin -inkey %1 -in %2 -out %3 "
                              "-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:%4 "
                              "-pkeyopt rsa_mgf1_md:%4")
            .arg(wrappingKeyFile, in, out, QLatin1String(md));
    };
    if (algorithm == kOaepSha1)
        return oaep(materialFile, wrappedFile, "sha1");
    if (algorithm == kAesKeyWrap) {
        return QStringList {
            QStringLiteral("openssl rand -out kek.bin 32"),
            oaep(QStringLiteral("kek.bin"), QStringLiteral("kek.wrapped"), "sha256"),
            QStringLiteral("openssl enc -id-aes256-wrap-pad -K $(xxd -p -c 64 kek.bin) "
                           "-iv A65959A6 -in %1 -out material.kwp")
                .arg(materialFile),
            QStringLiteral("cat kek.wrapped material.kwp > %1").arg(wrappedFile),
        }
            .join(QLatin1Char('\n'));
    }
    return oaep(materialFile, wrappedFile, "sha256");
}

void ImportWizard::buildKeyStep()
{
    m_keyPage = new StepPage(this);
    m_keyPage->setObjectName(QStringLiteral("keyStepPage"));
    m_backupWarningLabel = wrappingLabel(m_keyPage, "backupWarningLabel");
    m_backupWarningLabel->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3e0; color: #4e3400; border: 1px solid #ffb74d; "
                       "padding: 6px; }"));
    m_newKeyRadioButton = new QRadioButton(m_keyPage);
    m_newKeyRadioButton->setObjectName(QStringLiteral("newKeyRadioButton"));
    m_newKeyRadioButton->setChecked(true);
    m_existingKeyRadioButton = new QRadioButton(m_keyPage);
    m_existingKeyRadioButton->setObjectName(QStringLiteral("existingKeyRadioButton"));

    m_specLabel = new QLabel(m_keyPage);
    m_specComboBox = new QComboBox(m_keyPage);
    m_specComboBox->setObjectName(QStringLiteral("specComboBox"));
    for (const char *spec : { "AES_256", "SM4_128" })
        m_specComboBox->addItem(QLatin1String(spec), QLatin1String(spec));
    m_specLabel->setBuddy(m_specComboBox);
    m_regionLabel = new QLabel(m_keyPage);
    m_regionComboBox = new QComboBox(m_keyPage);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    for (const KeyTableModel::Region &region : KeyTableModel::regions(m_client))
        m_regionComboBox->addItem(region.regionId, region.regionId);
    m_regionLabel->setBuddy(m_regionComboBox);
    m_descriptionLabel = new QLabel(m_keyPage);
    m_descriptionLineEdit = new QLineEdit(m_keyPage);
    m_descriptionLineEdit->setObjectName(QStringLiteral("descriptionLineEdit"));
    m_descriptionLabel->setBuddy(m_descriptionLineEdit);

    m_pendingKeysListWidget = new QListWidget(m_keyPage);
    m_pendingKeysListWidget->setObjectName(QStringLiteral("pendingKeysListWidget"));
    m_pendingKeysListWidget->setSelectionMode(QAbstractItemView::SingleSelection);

    // QGridLayout: Qt 6.4's QFormLayout and word-wrapped labels do not get along.
    auto *newKeyGrid = new QGridLayout;
    newKeyGrid->setContentsMargins(24, 0, 0, 0);
    newKeyGrid->addWidget(m_specLabel, 0, 0);
    newKeyGrid->addWidget(m_specComboBox, 0, 1);
    newKeyGrid->addWidget(m_regionLabel, 1, 0);
    newKeyGrid->addWidget(m_regionComboBox, 1, 1);
    newKeyGrid->addWidget(m_descriptionLabel, 2, 0);
    newKeyGrid->addWidget(m_descriptionLineEdit, 2, 1);
    newKeyGrid->setColumnStretch(1, 1);
    auto *pendingLayout = new QVBoxLayout;
    pendingLayout->setContentsMargins(24, 0, 0, 0);
    pendingLayout->addWidget(m_pendingKeysListWidget);

    auto *layout = new QVBoxLayout(m_keyPage);
    layout->addWidget(m_backupWarningLabel);
    layout->addWidget(m_newKeyRadioButton);
    layout->addLayout(newKeyGrid);
    layout->addWidget(m_existingKeyRadioButton);
    layout->addLayout(pendingLayout, 1);

    m_keyPage->complete = [this] {
        return m_newKeyRadioButton->isChecked() ? m_regionComboBox->count() > 0
                                                : !selectedPendingKey().isEmpty();
    };
    m_keyPage->validate = [this] { return validateKeyStep(); };
    connect(m_newKeyRadioButton, &QRadioButton::toggled, this, &ImportWizard::updateKeyStep);
    connect(m_pendingKeysListWidget, &QListWidget::itemSelectionChanged, this, [this] {
        if (!selectedPendingKey().isEmpty())
            m_existingKeyRadioButton->setChecked(true);
        updateKeyStep();
    });
}

void ImportWizard::buildParametersStep()
{
    m_parametersPage = new StepPage(this);
    m_parametersPage->setObjectName(QStringLiteral("parametersStepPage"));
    m_keyLabel = wrappingLabel(m_parametersPage, "keyLabel");
    m_algorithmLabel = new QLabel(m_parametersPage);
    m_algorithmComboBox = new QComboBox(m_parametersPage);
    m_algorithmComboBox->setObjectName(QStringLiteral("algorithmComboBox"));
    for (const QString &algorithm : wrappingAlgorithms())
        m_algorithmComboBox->addItem(algorithm, algorithm);
    m_algorithmLabel->setBuddy(m_algorithmComboBox);
    m_getParametersButton = new QPushButton(m_parametersPage);
    m_getParametersButton->setObjectName(QStringLiteral("getParametersButton"));
    m_progressBar = new QProgressBar(m_parametersPage);
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 0);
    m_progressBar->setMaximumHeight(12);
    m_progressBar->setTextVisible(false);
    m_progressBar->hide();
    m_tokenExpiryLabel = wrappingLabel(m_parametersPage, "tokenExpiryLabel");
    m_saveWrappingKeyButton = new QPushButton(m_parametersPage);
    m_saveWrappingKeyButton->setObjectName(QStringLiteral("saveWrappingKeyButton"));
    m_saveTokenButton = new QPushButton(m_parametersPage);
    m_saveTokenButton->setObjectName(QStringLiteral("saveTokenButton"));
    m_savedFilesLabel = wrappingLabel(m_parametersPage, "savedFilesLabel");
    m_commandsLabel = wrappingLabel(m_parametersPage);
    m_commandsPlainTextEdit = new QPlainTextEdit(m_parametersPage);
    m_commandsPlainTextEdit->setObjectName(QStringLiteral("commandsPlainTextEdit"));
    m_commandsPlainTextEdit->setReadOnly(true);
    m_commandsPlainTextEdit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_commandsPlainTextEdit->setFont(mono);
    m_copyCommandsButton = new QPushButton(m_parametersPage);
    m_copyCommandsButton->setObjectName(QStringLiteral("copyCommandsButton"));

    auto *algorithmRow = new QHBoxLayout;
    algorithmRow->addWidget(m_algorithmLabel);
    algorithmRow->addWidget(m_algorithmComboBox, 1);
    algorithmRow->addWidget(m_getParametersButton);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_saveWrappingKeyButton);
    saveRow->addWidget(m_saveTokenButton);
    saveRow->addStretch(1);
    auto *copyRow = new QHBoxLayout;
    copyRow->addStretch(1);
    copyRow->addWidget(m_copyCommandsButton);
    auto *layout = new QVBoxLayout(m_parametersPage);
    layout->addWidget(m_keyLabel);
    layout->addLayout(algorithmRow);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_tokenExpiryLabel);
    layout->addLayout(saveRow);
    layout->addWidget(m_savedFilesLabel);
    layout->addWidget(m_commandsLabel);
    layout->addWidget(m_commandsPlainTextEdit, 1);
    layout->addLayout(copyRow);

    m_parametersPage->complete
        = [this] { return !m_busy && !m_parameters.isEmpty() && !m_wrappingKeyPath.isEmpty(); };
    connect(m_getParametersButton, &QPushButton::clicked, this, &ImportWizard::getParameters);
    connect(m_saveWrappingKeyButton, &QPushButton::clicked, this, &ImportWizard::saveWrappingKey);
    connect(m_saveTokenButton, &QPushButton::clicked, this, &ImportWizard::saveToken);
    connect(m_copyCommandsButton, &QPushButton::clicked, this,
        [this] { QGuiApplication::clipboard()->setText(m_commandsPlainTextEdit->toPlainText()); });
    connect(m_algorithmComboBox, &QComboBox::currentIndexChanged, this, [this] {
        // A token belongs to the algorithm it was asked for.
        if (!m_parameters.isEmpty()
            && display::field(m_parameters, "wrappingAlgorithm")
                != m_algorithmComboBox->currentData().toString())
            clearParameters();
        updateParametersStep();
    });
}

void ImportWizard::buildMaterialStep()
{
    m_materialPage = new StepPage(this);
    m_materialPage->setObjectName(QStringLiteral("materialStepPage"));
    m_chooseWrappedFileButton = new QPushButton(m_materialPage);
    m_chooseWrappedFileButton->setObjectName(QStringLiteral("chooseWrappedFileButton"));
    m_wrappedFileLabel = wrappingLabel(m_materialPage, "wrappedFileLabel");
    m_materialExpiryCheckBox = new QCheckBox(m_materialPage);
    m_materialExpiryCheckBox->setObjectName(QStringLiteral("materialExpiryCheckBox"));
    m_materialExpiryDateTimeEdit = new QDateTimeEdit(m_materialPage);
    m_materialExpiryDateTimeEdit->setObjectName(QStringLiteral("materialExpiryDateTimeEdit"));
    m_materialExpiryDateTimeEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_materialExpiryDateTimeEdit->setCalendarPopup(true);
    m_materialExpiryDateTimeEdit->setEnabled(false);
    m_importButton = new QPushButton(m_materialPage);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_resultLabel = wrappingLabel(m_materialPage, "resultLabel");
    m_materialBackupLabel = wrappingLabel(m_materialPage, "materialBackupLabel");
    m_materialBackupLabel->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3e0; color: #4e3400; border: 1px solid #ffb74d; "
                       "padding: 6px; }"));

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_chooseWrappedFileButton);
    fileRow->addWidget(m_wrappedFileLabel, 1);
    auto *expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_materialExpiryCheckBox);
    expiryRow->addWidget(m_materialExpiryDateTimeEdit);
    expiryRow->addStretch(1);
    auto *importRow = new QHBoxLayout;
    importRow->addWidget(m_importButton);
    importRow->addStretch(1);
    auto *layout = new QVBoxLayout(m_materialPage);
    layout->addLayout(fileRow);
    layout->addLayout(expiryRow);
    layout->addLayout(importRow);
    layout->addWidget(m_resultLabel);
    layout->addStretch(1);
    layout->addWidget(m_materialBackupLabel);

    m_materialPage->complete = [this] { return !m_imported.isEmpty(); };
    m_materialPage->setFinalPage(true);
    connect(
        m_chooseWrappedFileButton, &QPushButton::clicked, this, &ImportWizard::chooseWrappedFile);
    connect(m_importButton, &QPushButton::clicked, this, &ImportWizard::importMaterial);
    connect(m_materialExpiryCheckBox, &QCheckBox::toggled, m_materialExpiryDateTimeEdit,
        &QWidget::setEnabled);
}

void ImportWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void ImportWizard::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        event->ignore();
        return;
    }
    QWizard::keyPressEvent(event);
}

void ImportWizard::retranslate()
{
    setWindowTitle(tr("Import Key Material"));
    //: The Cancel button of the embedded import wizard: it drops what was entered.
    setButtonText(QWizard::CancelButton, tr("Start over"));
    //: The Finish button of the import wizard: done, ready for the next key.
    setButtonText(QWizard::FinishButton, tr("Done"));
    WizardButtons::retranslate(this);

    m_keyPage->setTitle(tr("Step 1 of 3: the key"));
    m_keyPage->setSubTitle(tr("Bring your own key: key material made outside the console goes "
                              "into a key of origin EXTERNAL."));
    m_backupWarningLabel->setText(
        tr("<b>The console cannot recover imported key material.</b> Its owner must keep a "
           "backup of the material in a safe place. If the material is deleted or expires, "
           "everything encrypted with the key stays unreadable until the same material is "
           "imported again."));
    m_newKeyRadioButton->setText(tr("&New external key"));
    m_existingKeyRadioButton->setText(tr("&Existing key waiting for material"));
    m_specLabel->setText(tr("Key &spec:"));
    m_regionLabel->setText(tr("&Region:"));
    m_descriptionLabel->setText(tr("&Description:"));
    m_descriptionLineEdit->setPlaceholderText(tr("What the key protects (optional)"));

    m_parametersPage->setTitle(tr("Step 2 of 3: wrapping key and import token"));
    m_parametersPage->setSubTitle(tr("The material travels wrapped with a one-time RSA key. Save "
                                     "the wrapping key and the token for the machine that holds "
                                     "the material."));
    m_algorithmLabel->setText(tr("&Wrapping algorithm:"));
    m_getParametersButton->setText(tr("&Get wrapping key and token"));
    m_saveWrappingKeyButton->setText(tr("Save &wrapping key…"));
    m_saveTokenButton->setText(tr("Save &token…"));
    m_commandsLabel->setText(tr("On the machine that holds the material (material.bin, the raw "
                                "key bytes), wrap it with these commands:"));
    m_copyCommandsButton->setText(tr("&Copy commands"));

    m_materialPage->setTitle(tr("Step 3 of 3: import the wrapped material"));
    m_materialPage->setSubTitle(
        tr("Choose the file the commands made, then import it before the token expires."));
    m_chooseWrappedFileButton->setText(tr("C&hoose wrapped file…"));
    m_materialExpiryCheckBox->setText(tr("Material &expires at:"));
    m_importButton->setText(tr("&Import"));
    m_materialBackupLabel->setText(
        tr("Keep the backup of the material: the console cannot give it back, and deleting the "
           "material (or its expiry) leaves the key waiting for the same material again."));
    updateParametersStep();
    updateMaterialStep();
}

void ImportWizard::startWithKey(const QString &cmkUuid)
{
    startOver();
    for (int row = 0; row < m_pendingKeysListWidget->count(); ++row) {
        QListWidgetItem *item = m_pendingKeysListWidget->item(row);
        if (item->data(kKeyIdRole).toString() == cmkUuid) {
            m_pendingKeysListWidget->setCurrentItem(item);
            m_existingKeyRadioButton->setChecked(true);
        }
    }
}

void ImportWizard::reloadPendingKeys()
{
    const QString selected = selectedPendingKey();
    m_pendingKeysListWidget->clear();
    QJsonArray keys;
    for (int pageNumber = 1; pageNumber <= 20; ++pageNumber) {
        const Response response = m_client.call(QStringLiteral("ListKeys"),
            { { QStringLiteral("keyState"), QStringLiteral("PendingImport") },
                { QStringLiteral("pageNumber"), pageNumber },
                { QStringLiteral("pageSize"), 100 } });
        if (!response.ok())
            break;
        const QJsonArray page = response.data.value(QStringLiteral("keys")).toArray();
        for (const QJsonValue &key : page)
            keys.append(key);
        if (page.size() < 100)
            break;
    }
    for (const QJsonValue &value : std::as_const(keys)) {
        const QJsonObject key = value.toObject();
        if (display::field(key, "origin") != QLatin1String("EXTERNAL"))
            continue;
        const QString id = display::field(key, "cmkUuid");
        QString text
            = QStringLiteral("%1  ·  %2  ·  %3")
                  .arg(id, display::field(key, "keySpec"), display::field(key, "regionId"));
        if (!display::field(key, "description").isEmpty())
            text += QStringLiteral("  ·  ") + display::field(key, "description");
        auto *item = new QListWidgetItem(text, m_pendingKeysListWidget);
        item->setData(kKeyIdRole, id);
        if (id == selected)
            m_pendingKeysListWidget->setCurrentItem(item);
    }
    updateKeyStep();
}

QString ImportWizard::selectedPendingKey() const
{
    const QList<QListWidgetItem *> items = m_pendingKeysListWidget->selectedItems();
    return items.isEmpty() ? QString() : items.constFirst()->data(kKeyIdRole).toString();
}

void ImportWizard::updateKeyStep()
{
    const bool newKey = m_newKeyRadioButton->isChecked();
    for (QWidget *widget :
        { static_cast<QWidget *>(m_specComboBox), static_cast<QWidget *>(m_regionComboBox),
            static_cast<QWidget *>(m_descriptionLineEdit) })
        widget->setEnabled(newKey);
    m_pendingKeysListWidget->setEnabled(!newKey || m_pendingKeysListWidget->count() > 0);
    m_existingKeyRadioButton->setEnabled(m_pendingKeysListWidget->count() > 0);
    m_keyPage->changed();
}

bool ImportWizard::validateKeyStep()
{
    QString keyId;
    if (m_newKeyRadioButton->isChecked()) {
        const Response response = m_client.call(QStringLiteral("CreateKey"),
            {
                { QStringLiteral("regionId"), m_regionComboBox->currentData().toString() },
                { QStringLiteral("keySpec"), m_specComboBox->currentData().toString() },
                { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
                { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
                { QStringLiteral("origin"), QStringLiteral("EXTERNAL") },
                { QStringLiteral("description"), m_descriptionLineEdit->text() },
            });
        if (!response.ok()) {
            Dialogs::showError(this, response, tr("Creating the external key"));
            return false;
        }
        keyId = display::field(
            response.data.value(QStringLiteral("keyMetadata")).toObject(), "cmkUuid");
        emit keyCreated(keyId);
        // Going back and on again uses this key instead of making another one.
        m_descriptionLineEdit->clear();
        reloadPendingKeys();
        for (int row = 0; row < m_pendingKeysListWidget->count(); ++row) {
            QListWidgetItem *item = m_pendingKeysListWidget->item(row);
            if (item->data(kKeyIdRole).toString() == keyId)
                m_pendingKeysListWidget->setCurrentItem(item);
        }
        m_existingKeyRadioButton->setChecked(true);
    } else {
        keyId = selectedPendingKey();
    }
    if (keyId != m_keyId) {
        m_keyId = keyId;
        clearParameters();
        m_imported = QJsonObject();
        m_wrappedPath.clear();
    }
    return !m_keyId.isEmpty();
}

void ImportWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == ParametersStep)
        updateParametersStep();
    else if (id == MaterialStep)
        updateMaterialStep();
}

void ImportWizard::clearParameters()
{
    m_parameters = QJsonObject();
    m_wrappingKeyPath.clear();
    m_tokenPath.clear();
}

void ImportWizard::getParameters()
{
    if (m_busy || m_keyId.isEmpty())
        return;
    clearParameters();
    setBusy(true);
    // GetParametersForImport makes an RSA key pair: the worker thread.
    m_watcher.setFuture(m_client.callInBackground(QStringLiteral("GetParametersForImport"),
        { { QStringLiteral("cmkUuid"), m_keyId },
            { QStringLiteral("wrappingAlgorithm"), m_algorithmComboBox->currentData().toString() },
            { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } }));
}

void ImportWizard::parametersFinished()
{
    const Response response = m_watcher.result();
    setBusy(false);
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Getting the wrapping key and token"));
        updateParametersStep();
        return;
    }
    m_parameters = response.data;
    updateParametersStep();
}

void ImportWizard::setBusy(bool busy)
{
    m_busy = busy;
    m_progressBar->setVisible(busy);
    m_algorithmComboBox->setEnabled(!busy);
    m_getParametersButton->setEnabled(!busy);
    if (QAbstractButton *back = button(QWizard::BackButton))
        back->setEnabled(!busy);
    if (QAbstractButton *cancel = button(QWizard::CancelButton))
        cancel->setEnabled(!busy);
    updateParametersStep();
}

void ImportWizard::updateParametersStep()
{
    //: %1 is the key's id.
    m_keyLabel->setText(m_keyId.isEmpty() ? QString() : tr("Key: %1").arg(m_keyId));
    const bool fetched = !m_parameters.isEmpty();
    m_saveWrappingKeyButton->setEnabled(fetched && !m_busy);
    m_saveTokenButton->setEnabled(fetched && !m_busy);
    if (m_busy) {
        m_tokenExpiryLabel->setText(tr("Making the wrapping key…"));
    } else if (fetched) {
        //: %1 is a local date and time.
        m_tokenExpiryLabel->setText(
            tr("The wrapping key and token are valid until %1 (24 "
               "hours). Import the wrapped material before then.")
                .arg(display::localTime(display::field(m_parameters, "tokenExpireTime"))));
    } else {
        m_tokenExpiryLabel->setText(tr("Choose how the material will be wrapped, then get a "
                                       "wrapping key and token for this key."));
    }
    QStringList saved;
    if (!m_wrappingKeyPath.isEmpty())
        //: %1 is a file name.
        saved.append(
            tr("Wrapping key saved to %1").arg(QDir::toNativeSeparators(m_wrappingKeyPath)));
    if (!m_tokenPath.isEmpty())
        //: %1 is a file name.
        saved.append(tr("Token saved to %1").arg(QDir::toNativeSeparators(m_tokenPath)));
    if (fetched && m_wrappingKeyPath.isEmpty())
        saved.append(tr("Save the wrapping key to go on."));
    m_savedFilesLabel->setText(saved.join(QLatin1Char('\n')));
    const QString keyFile = m_wrappingKeyPath.isEmpty() ? QStringLiteral("wrapping-key.pem")
                                                        : QFileInfo(m_wrappingKeyPath).fileName();
    m_commandsPlainTextEdit->setPlainText(
        wrappingCommands(m_algorithmComboBox->currentData().toString(), keyFile));
    m_parametersPage->changed();
}

void ImportWizard::saveWrappingKey()
{
    if (m_parameters.isEmpty())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Save Wrapping Key"),
        QStringLiteral("wrapping-key.pem"), CertificateFiles::pemFilter());
    if (path.isEmpty())
        return;
    if (!CertificateFiles::write(this, path, display::field(m_parameters, "publicKey").toLatin1()))
        return;
    m_wrappingKeyPath = path;
    updateParametersStep();
}

void ImportWizard::saveToken()
{
    if (m_parameters.isEmpty())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Save Import Token"),
        QStringLiteral("import-token.json"),
        //: File dialog filter.
        tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const QJsonObject token {
        { QStringLiteral("cmkUuid"), display::field(m_parameters, "cmkUuid") },
        { QStringLiteral("importToken"), display::field(m_parameters, "importToken") },
        { QStringLiteral("wrappingAlgorithm"), display::field(m_parameters, "wrappingAlgorithm") },
        { QStringLiteral("wrappingKeySpec"), display::field(m_parameters, "wrappingKeySpec") },
        { QStringLiteral("tokenExpireTime"), display::field(m_parameters, "tokenExpireTime") },
    };
    // The token lets anyone holding the wrapped material import it: owner-only file.
    if (!CertificateFiles::write(
            this, path, QJsonDocument(token).toJson(QJsonDocument::Indented), true))
        return;
    m_tokenPath = path;
    updateParametersStep();
}

void ImportWizard::chooseWrappedFile()
{
    const QString path = CertificateFiles::openFileName(this, tr("Open Wrapped Material"),
        //: File dialog filter.
        tr("Wrapped material (*.wrapped *.bin);;All files (*)"));
    if (path.isEmpty())
        return;
    m_wrappedPath = path;
    updateMaterialStep();
}

void ImportWizard::importMaterial()
{
    if (m_wrappedPath.isEmpty() || m_parameters.isEmpty() || !m_imported.isEmpty())
        return;
    QFile file(m_wrappedPath);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxWrappedSize) {
        Dialogs::inform(this, tr("Open File"),
            //: %1 is a file name.
            tr("The file %1 could not be read or is too large for wrapped key material.")
                .arg(QDir::toNativeSeparators(m_wrappedPath)));
        return;
    }
    const QByteArray wrapped = file.readAll();
    QJsonObject params {
        { QStringLiteral("cmkUuid"), m_keyId },
        { QStringLiteral("importToken"), display::field(m_parameters, "importToken") },
        { QStringLiteral("encryptedKeyMaterial"), QString::fromLatin1(wrapped.toBase64()) },
    };
    if (m_materialExpiryCheckBox->isChecked())
        params.insert(QStringLiteral("keyMaterialExpireUnix"),
            m_materialExpiryDateTimeEdit->dateTime().toSecsSinceEpoch());
    const Response response = m_client.call(QStringLiteral("ImportKeyMaterial"), params);
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Importing the key material"));
        return; // the step stays: another file or expiry can be tried
    }
    m_imported = response.data.value(QStringLiteral("keyMetadata")).toObject();
    updateMaterialStep();
    emit materialImported(m_keyId, m_imported);
}

void ImportWizard::updateMaterialStep()
{
    m_wrappedFileLabel->setText(
        m_wrappedPath.isEmpty() ? tr("No file chosen") : QDir::toNativeSeparators(m_wrappedPath));
    if (m_materialExpiryDateTimeEdit->dateTime() <= QDateTime::currentDateTime()
        || !m_materialExpiryCheckBox->isChecked()) {
        const QDateTime now = m_client.session().clock().now().toLocalTime();
        m_materialExpiryDateTimeEdit->setMinimumDateTime(now);
        m_materialExpiryDateTimeEdit->setDateTime(now.addYears(1));
    }
    const bool imported = !m_imported.isEmpty();
    m_chooseWrappedFileButton->setEnabled(!imported);
    m_materialExpiryCheckBox->setEnabled(!imported);
    m_importButton->setEnabled(!imported && !m_wrappedPath.isEmpty() && !m_parameters.isEmpty());
    if (imported) {
        const QString expiry = display::field(m_imported, "materialExpireTime");
        //: After the import; %1 the key, %2 its state (Enabled), %3 when the material expires.
        m_resultLabel->setText(
            tr("Imported. Key %1 is now <b>%2</b>. Material expires: %3.")
                .arg(m_keyId, display::field(m_imported, "keyState"),
                    expiry.isEmpty() ? tr("never") : display::localTime(expiry)));
    } else {
        m_resultLabel->setText(m_keyId.isEmpty()
                ? QString()
                //: Before the import; %1 the key, %2 its state.
                : tr("Key %1 is <b>%2</b>.").arg(m_keyId, tr("PendingImport")));
    }
    m_materialPage->changed();
}

void ImportWizard::startOver()
{
    if (m_busy)
        return;
    m_keyId.clear();
    clearParameters();
    m_imported = QJsonObject();
    m_wrappedPath.clear();
    m_materialExpiryCheckBox->setChecked(false);
    m_descriptionLineEdit->clear();
    m_newKeyRadioButton->setChecked(true);
    m_pendingKeysListWidget->clearSelection();
    restart();
    reloadPendingKeys();
    updateParametersStep();
    updateMaterialStep();
}

void ImportWizard::done(int result)
{
    Q_UNUSED(result)
    // Embedded in the Import page: Finish and Cancel start over instead of closing.
    startOver();
}

} // namespace kms::ui
