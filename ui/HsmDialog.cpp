#include "HsmDialog.h"

#include "CertificateFiles.h"
#include "Dialogs.h"
#include "SecretField.h"

#include "api/StoreSession.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

const QString kSoftHsmModule = QStringLiteral("/usr/lib/softhsm/libsofthsm2.so");
const QString kP11KitClient = QStringLiteral("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so");

class WaitCursor
{
public:
    WaitCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
    ~WaitCursor() { QApplication::restoreOverrideCursor(); }
    WaitCursor(const WaitCursor &) = delete;
    WaitCursor &operator=(const WaitCursor &) = delete;
};

} // namespace

HsmDialog::HsmDialog(StoreSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("hsmDialog"));
    setMinimumWidth(620);

    m_introLabel = new QLabel;
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);

    m_moduleLabel = new QLabel;
    m_moduleComboBox = new QComboBox;
    m_moduleComboBox->setObjectName(QStringLiteral("moduleComboBox"));
    m_moduleComboBox->setEditable(true);
    m_moduleComboBox->setInsertPolicy(QComboBox::NoInsert);
    m_moduleComboBox->addItems(wellKnownModules());
    m_moduleComboBox->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_moduleLabel->setBuddy(m_moduleComboBox);
    m_browseButton = new QPushButton;
    m_browseButton->setObjectName(QStringLiteral("browseButton"));

    m_serverAddressLabel = new QLabel;
    m_serverAddressLineEdit = new QLineEdit;
    m_serverAddressLineEdit->setObjectName(QStringLiteral("serverAddressLineEdit"));
    m_serverAddressLineEdit->setPlaceholderText(QStringLiteral("unix:path=/run/…/p11.sock"));
    m_serverAddressLabel->setBuddy(m_serverAddressLineEdit);
    m_remoteWarningLabel = new QLabel;
    m_remoteWarningLabel->setObjectName(QStringLiteral("remoteWarningLabel"));
    m_remoteWarningLabel->setWordWrap(true);
    m_remoteWarningLabel->setStyleSheet(QStringLiteral("QLabel { color: #b26a00; }"));

    m_tokenLabel = new QLabel;
    m_tokenComboBox = new QComboBox;
    m_tokenComboBox->setObjectName(QStringLiteral("tokenComboBox"));
    m_tokenComboBox->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_tokenLabel->setBuddy(m_tokenComboBox);
    m_listTokensButton = new QPushButton;
    m_listTokensButton->setObjectName(QStringLiteral("listTokensButton"));

    m_pinLabel = new QLabel;
    m_pinLineEdit = new QLineEdit;
    m_pinLineEdit->setObjectName(QStringLiteral("pinLineEdit"));
    m_pinLineEdit->setEchoMode(QLineEdit::Password);
    m_pinLabel->setBuddy(m_pinLineEdit);
    m_keychainCheckBox = new QCheckBox;
    m_keychainCheckBox->setObjectName(QStringLiteral("keychainCheckBox"));
    m_keychainCheckBox->setChecked(true);

    m_testButton = new QPushButton;
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_probeLabel = new QLabel;
    m_probeLabel->setObjectName(QStringLiteral("probeLabel"));
    m_probeLabel->setWordWrap(true);
    m_probeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mechanismsLabel = new QLabel;
    m_mechanismsTextEdit = new QPlainTextEdit;
    m_mechanismsTextEdit->setObjectName(QStringLiteral("mechanismsTextEdit"));
    m_mechanismsTextEdit->setReadOnly(true);
    m_mechanismsTextEdit->setMinimumHeight(110);

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    int row = 0;
    grid->addWidget(m_moduleLabel, row, 0);
    grid->addWidget(m_moduleComboBox, row, 1);
    grid->addWidget(m_browseButton, row++, 2);
    grid->addWidget(m_serverAddressLabel, row, 0);
    grid->addWidget(m_serverAddressLineEdit, row++, 1, 1, 2);
    grid->addWidget(m_remoteWarningLabel, row++, 1, 1, 2);
    grid->addWidget(m_tokenLabel, row, 0);
    grid->addWidget(m_tokenComboBox, row, 1);
    grid->addWidget(m_listTokensButton, row++, 2);
    grid->addWidget(m_pinLabel, row, 0);
    grid->addWidget(m_pinLineEdit, row++, 1, 1, 2);
    grid->addWidget(m_keychainCheckBox, row++, 1, 1, 2);
    grid->addWidget(m_testButton, row, 0);
    grid->addWidget(m_probeLabel, row++, 1, 1, 2);
    grid->addWidget(m_mechanismsLabel, row, 0, Qt::AlignTop);
    grid->addWidget(m_mechanismsTextEdit, row++, 1, 1, 2);

    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(grid);
    layout->addWidget(m_buttonBox);

    connect(m_browseButton, &QPushButton::clicked, this, &HsmDialog::browseModule);
    connect(m_listTokensButton, &QPushButton::clicked, this, &HsmDialog::listTokens);
    connect(m_testButton, &QPushButton::clicked, this, &HsmDialog::testConnection);
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &HsmDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &HsmDialog::reject);
    connect(m_moduleComboBox, &QComboBox::currentTextChanged, this, [this] {
        updateRemoteWarning();
        updateButtons();
    });
    connect(
        m_serverAddressLineEdit, &QLineEdit::textChanged, this, &HsmDialog::updateRemoteWarning);
    connect(m_tokenComboBox, &QComboBox::currentIndexChanged, this, &HsmDialog::updateButtons);

    retranslate();
    updateRemoteWarning();
    updateButtons();
}

HsmDialog::~HsmDialog() = default;

QStringList HsmDialog::wellKnownModules()
{
    return { kSoftHsmModule, kP11KitClient };
}

QString HsmDialog::describeToken(const HsmTokenSummary &token)
{
    const QLocale locale;
    QStringList parts;
    if (!token.manufacturer.isEmpty() || !token.model.isEmpty())
        //: %1 the token's model, %2 its manufacturer, e.g. "SoftHSM v2 (SoftHSM project)".
        parts.append(tr("Model: %1 (%2)").arg(token.model, token.manufacturer));
    if (!token.serialNumber.isEmpty())
        parts.append(tr("Serial: %1").arg(token.serialNumber));
    auto memory = [&locale](qint64 free, qint64 total) -> QString {
        if (free < 0 || total < 0)
            //: Memory the token does not report.
            return tr("not reported");
        //: Free and total memory of a token: %1 free, %2 total (e.g. "12 KiB of 20 KiB").
        return tr("%1 free of %2")
            .arg(locale.formattedDataSize(free), locale.formattedDataSize(total));
    };
    parts.append(
        tr("Public memory: %1").arg(memory(token.freePublicMemory, token.totalPublicMemory)));
    parts.append(
        tr("Private memory: %1").arg(memory(token.freePrivateMemory, token.totalPrivateMemory)));
    return parts.join(QLatin1Char('\n'));
}

void HsmDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void HsmDialog::retranslate()
{
    //: Title of the dialog that adds a PKCS#11 HSM.
    setWindowTitle(tr("Add HSM"));
    m_introLabel->setText(tr("A PKCS#11 module gives the console a token on this machine or, "
                             "through p11-kit's client, on another one. Keys of protection "
                             "level HSM are made on the token and never leave it."));
    m_moduleLabel->setText(tr("&Module:"));
    m_moduleComboBox->setToolTip(tr("The PKCS#11 library: a vendor's module or client, "
                                    "SoftHSM2, or p11-kit's client for a remote token"));
    m_browseButton->setText(tr("&Browse…"));
    m_serverAddressLabel->setText(tr("&Remote server:"));
    m_serverAddressLineEdit->setToolTip(
        tr("For p11-kit's client module: the p11-kit server's address (P11_KIT_SERVER_ADDRESS), "
           "e.g. unix:path=/run/user/1000/p11-kit/pkcs11 or \"|ssh host p11-kit remote …\". "
           "Empty for a module on this machine."));
    m_remoteWarningLabel->setText(
        tr("Warning: the PIN and all data cross the p11-kit socket in the clear. Reach a remote "
           "server only through a tunnel (SSH or TLS)."));
    m_tokenLabel->setText(tr("&Token:"));
    m_listTokensButton->setText(tr("&List Tokens"));
    m_listTokensButton->setToolTip(tr("Ask the module which tokens it shows"));
    m_pinLabel->setText(tr("User &PIN:"));
    m_keychainCheckBox->setText(
        tr("&Keep the PIN in the OS keychain (otherwise it is asked at each start)"));
    m_testButton->setText(tr("&Test Connection"));
    m_testButton->setToolTip(tr("Log in to the token and read its model, memory and mechanisms"));
    m_mechanismsLabel->setText(tr("Mechanisms:"));
    if (m_tokenComboBox->count() == 0)
        m_tokenComboBox->setPlaceholderText(tr("List the tokens first"));
    showProbe();
}

void HsmDialog::updateRemoteWarning()
{
    const bool remote = !m_serverAddressLineEdit->text().trimmed().isEmpty()
        || m_moduleComboBox->currentText().contains(QLatin1String("p11-kit-client"));
    m_remoteWarningLabel->setVisible(remote);
}

void HsmDialog::updateButtons()
{
    const bool hasModule = !m_moduleComboBox->currentText().trimmed().isEmpty();
    m_listTokensButton->setEnabled(hasModule);
    const bool hasToken = hasModule && !m_tokenComboBox->currentData().toString().isEmpty();
    m_testButton->setEnabled(hasToken);
    m_buttonBox->button(QDialogButtonBox::Ok)->setEnabled(hasToken);
}

HsmConfiguration HsmDialog::configuration() const
{
    HsmConfiguration configuration;
    configuration.modulePath = m_moduleComboBox->currentText().trimmed();
    configuration.tokenLabel = m_tokenComboBox->currentData().toString();
    configuration.serverAddress = m_serverAddressLineEdit->text().trimmed();
    configuration.pinInKeychain = m_keychainCheckBox->isChecked();
    return configuration;
}

void HsmDialog::browseModule()
{
    const QString path = CertificateFiles::openFileName(
        this, tr("PKCS#11 Module"), tr("PKCS#11 modules (*.so *.so.*);;All files (*)"));
    if (path.isEmpty())
        return;
    m_moduleComboBox->setCurrentText(path);
}

void HsmDialog::listTokens()
{
    const HsmConfiguration wanted = configuration();
    Result<QList<HsmTokenSummary>> tokens = [&] {
        WaitCursor wait;
        return hsmconfig::listTokens(wanted.modulePath, wanted.serverAddress);
    }();
    if (!tokens) {
        Dialogs::showError(this, Response::failure(tokens.error(), QString()),
            tr("Listing the tokens of %1").arg(wanted.modulePath));
        return;
    }
    const QString previous = m_tokenComboBox->currentData().toString();
    m_tokenComboBox->clear();
    for (const HsmTokenSummary &token : std::as_const(*tokens)) {
        //: A token in the token list: %1 its label, %2 its model, %3 its serial number.
        m_tokenComboBox->addItem(
            tr("%1 — %2, serial %3").arg(token.label, token.model, token.serialNumber),
            token.label);
    }
    if (tokens->isEmpty())
        m_tokenComboBox->setPlaceholderText(tr("The module shows no initialised token"));
    const int index = m_tokenComboBox->findData(previous);
    if (index >= 0)
        m_tokenComboBox->setCurrentIndex(index);
    updateButtons();
}

SecureBytes HsmDialog::takePin()
{
    if (!m_pinLineEdit->text().isEmpty()) {
        m_testedPin = takeSecret(m_pinLineEdit);
        m_pinLineEdit->setPlaceholderText(tr("PIN entered"));
    }
    return m_testedPin.clone();
}

void HsmDialog::testConnection()
{
    const HsmConfiguration tested = configuration();
    const SecureBytes pin = takePin();
    Result<HsmProbe> probed = [&] {
        WaitCursor wait;
        return m_session.testHsm(tested, pin);
    }();
    if (!probed) {
        m_probe.reset();
        m_testedPin = SecureBytes();
        m_pinLineEdit->setPlaceholderText(QString());
        showProbe();
        Dialogs::showError(this, Response::failure(probed.error(), QString()),
            tr("Testing the connection to %1").arg(tested.name()));
        return;
    }
    m_probe = std::move(*probed);
    showProbe();
}

void HsmDialog::showProbe()
{
    if (!m_probe) {
        m_probeLabel->setText(tr("Not tested yet."));
        m_mechanismsTextEdit->clear();
        return;
    }
    QStringList lines { describeToken(m_probe->token) };
    lines.append(tr("Key specs the console can make there: %1")
                     .arg(m_probe->usableKeySpecs.isEmpty()
                             //: No key spec is usable on the token.
                             ? tr("none")
                             : m_probe->usableKeySpecs.join(QStringLiteral(", "))));
    m_probeLabel->setText(lines.join(QLatin1Char('\n')));
    m_mechanismsTextEdit->setPlainText(m_probe->mechanisms.join(QLatin1Char('\n')));
}

void HsmDialog::accept()
{
    const HsmConfiguration saved = configuration();
    const SecureBytes pin = takePin();
    if (pin.size() == 0) {
        Dialogs::inform(this, tr("Add HSM"), tr("Enter the token's user PIN."));
        m_pinLineEdit->setFocus();
        return;
    }
    Result<HsmProbe> probed = [&] {
        WaitCursor wait;
        return m_session.saveHsmConfiguration(saved, pin);
    }();
    if (!probed) {
        m_testedPin = SecureBytes();
        m_pinLineEdit->setPlaceholderText(QString());
        Dialogs::showError(this, Response::failure(probed.error(), QString()),
            tr("Saving the HSM %1").arg(saved.name()));
        return;
    }
    m_probe = std::move(*probed);
    m_testedPin = SecureBytes();
    emit hsmSaved(saved, *m_probe);
    QDialog::accept();
}

} // namespace kms::ui
