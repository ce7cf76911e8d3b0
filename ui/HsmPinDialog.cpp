#include "HsmPinDialog.h"

#include "SecretField.h"

#include "api/StoreSession.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

HsmPinDialog::HsmPinDialog(StoreSession &session, const QString &hsmName, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_hsmName(hsmName)
{
    setObjectName(QStringLiteral("hsmPinDialog"));
    m_introLabel = new QLabel;
    m_introLabel->setObjectName(QStringLiteral("introLabel"));
    m_introLabel->setWordWrap(true);
    m_introLabel->setMinimumWidth(460); // the wrapped text's height follows from this width
    m_pinLabel = new QLabel;
    m_pinLineEdit = new QLineEdit;
    m_pinLineEdit->setObjectName(QStringLiteral("pinLineEdit"));
    m_pinLineEdit->setEchoMode(QLineEdit::Password);
    m_pinLabel->setBuddy(m_pinLineEdit);
    m_messageLabel = new QLabel;
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_messageLabel->hide();

    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_skipButton = m_buttonBox->addButton(QString(), QDialogButtonBox::RejectRole);
    m_skipButton->setObjectName(QStringLiteral("skipButton"));

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_pinLabel, 0, 0);
    grid->addWidget(m_pinLineEdit, 0, 1);
    auto *layout = new QVBoxLayout(this);
    // The dialog's height follows the wrapped texts (and the message when it shows).
    layout->setSizeConstraint(QLayout::SetFixedSize);
    layout->addWidget(m_introLabel);
    layout->addLayout(grid);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_buttonBox);

    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &HsmPinDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &HsmPinDialog::reject);
    connect(m_pinLineEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!text.isEmpty());
    });
    m_buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    retranslate();
}

HsmPinDialog::~HsmPinDialog() = default;

QStringList HsmPinDialog::askMissingPins(StoreSession &session, QWidget *parent)
{
    QStringList skipped;
    const QStringList names = session.hsmsWithoutPin();
    for (const QString &name : names) {
        HsmPinDialog dialog(session, name, parent);
        if (dialog.exec() != QDialog::Accepted)
            skipped.append(name);
    }
    return skipped;
}

void HsmPinDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void HsmPinDialog::retranslate()
{
    //: Title of the dialog that asks an HSM's user PIN at start-up.
    setWindowTitle(tr("HSM PIN"));
    //: %1 names the HSM, e.g. pkcs11:kms-test.
    m_introLabel->setText(tr("The HSM %1 needs its user PIN for this session (it is not kept "
                             "in the keychain). Skip it to work without it: its keys then "
                             "answer \"not available\".")
                              .arg(m_hsmName));
    m_pinLabel->setText(tr("User &PIN:"));
    //: Button: go on without the HSM's PIN.
    m_skipButton->setText(tr("&Skip"));
    if (m_failedAttempts > 0)
        //: %1 is the backend's reason (English, with the PKCS#11 return value).
        m_messageLabel->setText(tr("The token did not accept the PIN: %1").arg(m_failure));
}

void HsmPinDialog::accept()
{
    auto configurations = m_session.hsmConfigurations();
    std::optional<HsmConfiguration> configuration;
    if (configurations) {
        for (const HsmConfiguration &candidate : std::as_const(*configurations)) {
            if (candidate.name() == m_hsmName)
                configuration = candidate;
        }
    }
    SecureBytes pin = takeSecret(m_pinLineEdit);
    if (!configuration) {
        QDialog::reject();
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Result<HsmProbe> tested = m_session.testHsm(*configuration, pin);
    QApplication::restoreOverrideCursor();
    if (!tested) {
        ++m_failedAttempts;
        m_failure = tested.error().code() + QLatin1Char(' ') + tested.error().detail();
        retranslate();
        m_messageLabel->show();
        m_pinLineEdit->setFocus();
        return;
    }
    m_session.provideHsmPin(m_hsmName, pin);
    QDialog::accept();
}

} // namespace kms::ui
