#include "SetupWizard.h"

#include "Dialogs.h"
#include "SecretField.h"
#include "ShareSheet.h"
#include "WizardButtons.h"

#include "api/StoreSession.h"
#include "auth/Roles.h"
#include "crypto/CustodianShares.h"

#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace kms::ui {

namespace {

// A wizard page whose Next/Finish button follows a predicate of the wizard.
class CheckedPage final : public QWizardPage
{
public:
    explicit CheckedPage(std::function<bool()> complete)
        : m_complete(std::move(complete))
    {
    }
    bool isComplete() const override { return m_complete(); }

private:
    std::function<bool()> m_complete;
};

const QRegularExpression &regionPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return pattern;
}

} // namespace

SetupWizard::SetupWizard(const QString &dataDir, SecretStore *keychain, QWidget *parent)
    : QWizard(parent)
    , m_dataDir(dataDir)
    , m_keychain(keychain)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(ProtectionPageId, createProtectionPage());
    setPage(RegionPageId, createRegionPage());
    setPage(AdministratorPageId, createAdministratorPage());
    setPage(SummaryPageId, createSummaryPage());
    setStartId(ProtectionPageId);
    setDefaultProtection(
        keychain != nullptr ? MasterKeyProtection::Keychain : MasterKeyProtection::Passphrase);
    retranslate();
    resize(640, 580);
}

SetupWizard::~SetupWizard()
{
    wipeShares();
}

QWizardPage *SetupWizard::createProtectionPage()
{
    auto *page = new CheckedPage([this] { return protectionPageComplete(); });
    page->setObjectName(QStringLiteral("protectionWizardPage"));
    m_protectionPage = page;

    m_protectionIntroLabel = new QLabel(page);
    m_protectionIntroLabel->setWordWrap(true);
    m_keychainRadioButton = new QRadioButton(page);
    m_keychainRadioButton->setObjectName(QStringLiteral("keychainRadioButton"));
    m_keychainRadioButton->setEnabled(m_keychain != nullptr);
    m_passphraseRadioButton = new QRadioButton(page);
    m_passphraseRadioButton->setObjectName(QStringLiteral("passphraseRadioButton"));
    m_keychainNoteLabel = new QLabel(page);
    m_keychainNoteLabel->setObjectName(QStringLiteral("keychainNoteLabel"));
    m_keychainNoteLabel->setWordWrap(true);
    m_keychainNoteLabel->setVisible(false);

    m_passphraseLabel = new QLabel(page);
    m_passphraseLineEdit = new QLineEdit(page);
    m_passphraseLineEdit->setObjectName(QStringLiteral("passphraseLineEdit"));
    m_passphraseLineEdit->setEchoMode(QLineEdit::Password);
    m_passphraseLabel->setBuddy(m_passphraseLineEdit);
    m_repeatLabel = new QLabel(page);
    m_repeatLineEdit = new QLineEdit(page);
    m_repeatLineEdit->setObjectName(QStringLiteral("repeatPassphraseLineEdit"));
    m_repeatLineEdit->setEchoMode(QLineEdit::Password);
    m_repeatLabel->setBuddy(m_repeatLineEdit);
    m_strengthProgressBar = new QProgressBar(page);
    m_strengthProgressBar->setObjectName(QStringLiteral("strengthProgressBar"));
    m_strengthProgressBar->setRange(0, 100);
    m_strengthProgressBar->setTextVisible(false);
    m_strengthProgressBar->setMaximumHeight(10);
    m_strengthLabel = new QLabel(page);
    m_strengthLabel->setObjectName(QStringLiteral("strengthLabel"));
    m_strengthLabel->setWordWrap(true);
    m_matchLabel = new QLabel(page);
    m_matchLabel->setObjectName(QStringLiteral("matchLabel"));
    m_matchLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_passphraseLabel, m_passphraseLineEdit);
    form->addRow(m_repeatLabel, m_repeatLineEdit);
    m_strengthTitleLabel = new QLabel(page);
    form->addRow(m_strengthTitleLabel, m_strengthProgressBar);
    form->addRow(QString(), m_strengthLabel);
    form->addRow(QString(), m_matchLabel);

    m_custodiansRadioButton = new QRadioButton(page);
    m_custodiansRadioButton->setObjectName(QStringLiteral("custodiansRadioButton"));
    m_thresholdLabel = new QLabel(page);
    m_thresholdSpinBox = new QSpinBox(page);
    m_thresholdSpinBox->setObjectName(QStringLiteral("thresholdSpinBox"));
    m_thresholdSpinBox->setRange(2, crypto::kMaxCustodians);
    m_thresholdSpinBox->setValue(2);
    m_thresholdLabel->setBuddy(m_thresholdSpinBox);
    m_countLabel = new QLabel(page);
    m_countSpinBox = new QSpinBox(page);
    m_countSpinBox->setObjectName(QStringLiteral("countSpinBox"));
    m_countSpinBox->setRange(2, crypto::kMaxCustodians);
    m_countSpinBox->setValue(3);
    m_countLabel->setBuddy(m_countSpinBox);
    m_custodiansHintLabel = new QLabel(page);
    m_custodiansHintLabel->setObjectName(QStringLiteral("custodiansHintLabel"));
    m_custodiansHintLabel->setWordWrap(true);
    // A grid rather than a form: QFormLayout with word-wrapped labels crashes in Qt 6.4.
    auto *custodiansGrid = new QGridLayout;
    custodiansGrid->setContentsMargins(24, 0, 0, 0);
    custodiansGrid->addWidget(m_thresholdLabel, 0, 0);
    custodiansGrid->addWidget(m_thresholdSpinBox, 0, 1);
    custodiansGrid->addWidget(m_countLabel, 0, 2);
    custodiansGrid->addWidget(m_countSpinBox, 0, 3);
    custodiansGrid->setColumnStretch(4, 1);
    custodiansGrid->addWidget(m_custodiansHintLabel, 1, 0, 1, 5);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_protectionIntroLabel);
    layout->addWidget(m_keychainRadioButton);
    layout->addWidget(m_passphraseRadioButton);
    layout->addWidget(m_keychainNoteLabel);
    layout->addLayout(form);
    layout->addWidget(m_custodiansRadioButton);
    layout->addLayout(custodiansGrid);
    layout->addStretch();

    connect(
        m_keychainRadioButton, &QRadioButton::toggled, this, &SetupWizard::updateProtectionPage);
    connect(
        m_passphraseRadioButton, &QRadioButton::toggled, this, &SetupWizard::updateProtectionPage);
    connect(
        m_passphraseLineEdit, &QLineEdit::textChanged, this, &SetupWizard::updateProtectionPage);
    connect(m_repeatLineEdit, &QLineEdit::textChanged, this, &SetupWizard::updateProtectionPage);
    connect(
        m_custodiansRadioButton, &QRadioButton::toggled, this, &SetupWizard::updateProtectionPage);
    // N >= M: the count follows the threshold up.
    connect(m_thresholdSpinBox, &QSpinBox::valueChanged, this, [this](int threshold) {
        m_countSpinBox->setMinimum(threshold);
        updateProtectionPage();
    });
    connect(m_countSpinBox, &QSpinBox::valueChanged, this, &SetupWizard::updateProtectionPage);
    return page;
}

QWizardPage *SetupWizard::createRegionPage()
{
    auto *page = new CheckedPage([this] { return regionPageComplete(); });
    page->setObjectName(QStringLiteral("regionWizardPage"));
    m_regionPage = page;

    m_regionIntroLabel = new QLabel(page);
    m_regionIntroLabel->setWordWrap(true);
    m_regionLabel = new QLabel(page);
    m_regionLineEdit = new QLineEdit(QString(StoreSession::kDefaultRegion), page);
    m_regionLineEdit->setObjectName(QStringLiteral("regionLineEdit"));
    m_regionLineEdit->setMaxLength(64);
    m_regionLineEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9_-]*")), m_regionLineEdit));
    m_regionLabel->setBuddy(m_regionLineEdit);
    m_regionHintLabel = new QLabel(page);
    m_regionHintLabel->setObjectName(QStringLiteral("regionHintLabel"));
    m_regionHintLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_regionLabel, m_regionLineEdit);
    form->addRow(QString(), m_regionHintLabel);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_regionIntroLabel);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_regionLineEdit, &QLineEdit::textChanged, page, &QWizardPage::completeChanged);
    return page;
}

QWizardPage *SetupWizard::createAdministratorPage()
{
    auto *page = new CheckedPage([this] { return administratorPageComplete(); });
    page->setObjectName(QStringLiteral("administratorWizardPage"));
    m_administratorPage = page;
    m_administratorIntroLabel = new QLabel(page);
    m_administratorIntroLabel->setWordWrap(true);
    m_operatorsCheckBox = new QCheckBox(page);
    m_operatorsCheckBox->setObjectName(QStringLiteral("operatorsCheckBox"));
    m_administratorNameLabel = new QLabel(page);
    m_administratorNameLineEdit = new QLineEdit(qEnvironmentVariable("USER"), page);
    m_administratorNameLineEdit->setObjectName(QStringLiteral("administratorNameLineEdit"));
    m_administratorNameLineEdit->setMaxLength(64);
    m_administratorNameLineEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9._-]*")), m_administratorNameLineEdit));
    m_administratorNameLabel->setBuddy(m_administratorNameLineEdit);
    m_administratorPasswordLabel = new QLabel(page);
    m_administratorPasswordLineEdit = new QLineEdit(page);
    m_administratorPasswordLineEdit->setObjectName(QStringLiteral("administratorPasswordLineEdit"));
    m_administratorPasswordLineEdit->setEchoMode(QLineEdit::Password);
    m_administratorPasswordLabel->setBuddy(m_administratorPasswordLineEdit);
    m_administratorRepeatLabel = new QLabel(page);
    m_administratorRepeatLineEdit = new QLineEdit(page);
    m_administratorRepeatLineEdit->setObjectName(QStringLiteral("administratorRepeatLineEdit"));
    m_administratorRepeatLineEdit->setEchoMode(QLineEdit::Password);
    m_administratorRepeatLabel->setBuddy(m_administratorRepeatLineEdit);

    auto *form = new QFormLayout;
    form->addRow(m_administratorNameLabel, m_administratorNameLineEdit);
    form->addRow(m_administratorPasswordLabel, m_administratorPasswordLineEdit);
    form->addRow(m_administratorRepeatLabel, m_administratorRepeatLineEdit);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_administratorIntroLabel);
    layout->addWidget(m_operatorsCheckBox);
    layout->addLayout(form);
    layout->addStretch();

    auto update = [this, page] {
        for (QLineEdit *widget : { m_administratorNameLineEdit, m_administratorPasswordLineEdit,
                 m_administratorRepeatLineEdit })
            widget->setEnabled(m_operatorsCheckBox->isChecked());
        emit page->completeChanged();
    };
    connect(m_operatorsCheckBox, &QCheckBox::toggled, page, update);
    for (QLineEdit *edit : { m_administratorNameLineEdit, m_administratorPasswordLineEdit,
             m_administratorRepeatLineEdit })
        connect(edit, &QLineEdit::textChanged, page, &QWizardPage::completeChanged);
    update();
    return page;
}

bool SetupWizard::createsAdministrator() const
{
    return m_operatorsCheckBox->isChecked();
}

QString SetupWizard::administratorName() const
{
    return m_administratorNameLineEdit->text().trimmed();
}

bool SetupWizard::administratorPageComplete() const
{
    if (!createsAdministrator())
        return true;
    const QString password = m_administratorPasswordLineEdit->text();
    return auth::isValidOperatorName(administratorName()) && !password.isEmpty()
        && password == m_administratorRepeatLineEdit->text();
}

void SetupWizard::createAdministrator()
{
    if (!createsAdministrator() || !m_session)
        return;
    if (m_argon2)
        m_session->setPasswordHashParams(*m_argon2);
    QGuiApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id, twice
    Result<void> made = m_session->createOperator(
        administratorName(), auth::roleName(auth::Role::Administrator), m_administratorPassword);
    if (made) {
        if (auto token = m_session->logIn(administratorName(), m_administratorPassword); !token)
            made = token.error();
    }
    QGuiApplication::restoreOverrideCursor();
    m_administratorPassword.clear();
    if (!made)
        Dialogs::showError(this, Response::failure(made.error(), QString()),
            tr("Creating the first administrator (add it later on the Operators page)"));
}

QWizardPage *SetupWizard::createSummaryPage()
{
    auto *page = new QWizardPage;
    page->setObjectName(QStringLiteral("summaryWizardPage"));
    page->setFinalPage(true);
    m_summaryPage = page;
    m_summaryLabel = new QLabel(page);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_summaryLabel);
    layout->addStretch();
    return page;
}

QWizardPage *SetupWizard::createSharePage(int index)
{
    auto *page = new CheckedPage([this, index] {
        return index < int(m_sharePages.size()) && m_sharePages[index].takenCheckBox->isChecked();
    });
    page->setObjectName(QStringLiteral("shareWizardPage%1").arg(index + 1));
    SharePage widgets;
    widgets.page = page;
    widgets.custodianLabel = new QLabel(page);
    widgets.custodianLabel->setObjectName(QStringLiteral("custodianLabel"));
    QFont heading = widgets.custodianLabel->font();
    heading.setBold(true);
    heading.setPointSizeF(heading.pointSizeF() * 1.3);
    widgets.custodianLabel->setFont(heading);
    widgets.introLabel = new QLabel(page);
    widgets.introLabel->setObjectName(QStringLiteral("shareIntroLabel"));
    widgets.introLabel->setWordWrap(true);
    widgets.shareLabel = new QLabel(page);
    widgets.shareLabel->setObjectName(QStringLiteral("shareLabel"));
    widgets.shareLabel->setTextFormat(Qt::PlainText);
    widgets.shareLabel->setTextInteractionFlags(
        Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.25);
    widgets.shareLabel->setFont(mono);
    widgets.shareLabel->setFrameShape(QFrame::StyledPanel);
    widgets.shareLabel->setMargin(8);
    widgets.checksumLabel = new QLabel(page);
    widgets.checksumLabel->setObjectName(QStringLiteral("checksumLabel"));
    widgets.checksumLabel->setWordWrap(true);
    widgets.saveButton = new QPushButton(page);
    widgets.saveButton->setObjectName(QStringLiteral("saveSheetButton"));
    widgets.statusLabel = new QLabel(page);
    widgets.statusLabel->setObjectName(QStringLiteral("sheetStatusLabel"));
    widgets.statusLabel->setWordWrap(true);
    widgets.statusLabel->setTextFormat(Qt::PlainText);
    widgets.takenCheckBox = new QCheckBox(page);
    widgets.takenCheckBox->setObjectName(QStringLiteral("shareTakenCheckBox"));

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(widgets.saveButton);
    buttonRow->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(widgets.custodianLabel);
    layout->addWidget(widgets.introLabel);
    layout->addWidget(widgets.shareLabel);
    layout->addWidget(widgets.checksumLabel);
    layout->addLayout(buttonRow);
    layout->addWidget(widgets.statusLabel);
    layout->addStretch();
    layout->addWidget(widgets.takenCheckBox);

    connect(
        widgets.saveButton, &QPushButton::clicked, this, [this, index] { askAndSaveSheet(index); });
    connect(widgets.takenCheckBox, &QCheckBox::toggled, page, &QWizardPage::completeChanged);
    m_sharePages.push_back(widgets);
    return page;
}

void SetupWizard::addSharePages()
{
    // One page per custodian. Each but the last is a commit page: custodian k+1 cannot go
    // back to custodian k's share.
    m_sharePages.reserve(std::size_t(m_shares.size()));
    for (int index = 0; index < int(m_shares.size()); ++index) {
        QWizardPage *page = createSharePage(index);
        page->setCommitPage(index + 1 < int(m_shares.size()));
        page->setFinalPage(index + 1 == int(m_shares.size()));
        setPage(FirstSharePageId + index, page);
        updateSharePage(index);
    }
}

void SetupWizard::retranslate()
{
    setWindowTitle(tr("Set up the key store"));
    WizardButtons::retranslate(this);
    //: The button that closes the set-up wizard without making a store.
    setButtonText(QWizard::CancelButton, tr("Cancel"));
    //: The set-up wizard's last button: makes the key store.
    setButtonText(QWizard::FinishButton, tr("&Finish"));

    m_protectionPage->setTitle(tr("Master key protection"));
    m_protectionPage->setSubTitle(
        tr("Every key is stored wrapped under one master key. Choose what protects it."));
    m_protectionIntroLabel->setText(
        tr("The OS keychain unlocks the store when you log in. A passphrase is asked for at "
           "every start; nobody can recover it for you."));
    m_keychainRadioButton->setText(tr("&OS keychain (Secret Service)"));
    m_keychainRadioButton->setToolTip(m_keychain != nullptr
            ? tr("The master key is kept in your desktop's keychain.")
            : tr("No keychain is available in this session."));
    m_passphraseRadioButton->setText(tr("&Passphrase (Argon2id)"));
    m_custodiansRadioButton->setText(tr("Custodian &shares (M of N)"));
    m_custodiansRadioButton->setToolTip(
        tr("The master key is split into N shares held by N people; any M of them unlock it."));
    //: M: how many custodians' shares are needed to unlock the store.
    m_thresholdLabel->setText(tr("Shares &needed (M):"));
    //: N: how many custodians receive a share.
    m_countLabel->setText(tr("Cus&todians (N):"));
    m_keychainNoteLabel->setText(
        tr("The OS keychain could not keep the master key. Choose a passphrase instead."));
    m_passphraseLabel->setText(tr("P&assphrase:"));
    m_repeatLabel->setText(tr("&Repeat:"));
    //: Label of the bar that shows how strong the typed passphrase is.
    m_strengthTitleLabel->setText(tr("Strength:"));

    m_regionPage->setTitle(tr("First region"));
    m_regionPage->setSubTitle(
        tr("A region (resource pool) is a partition of the key store bound to one HSM."));
    m_regionIntroLabel->setText(tr("Keys are created in a region. This first region uses the "
                                   "built-in software HSM; more can be added later."));
    m_regionLabel->setText(tr("Region &id:"));
    m_regionHintLabel->setText(
        tr("Letters, digits, '_' and '-', at most 64 characters, for example \"local-1\"."));

    m_administratorPage->setTitle(tr("Operators"));
    m_administratorPage->setSubTitle(
        tr("Whether officers log in to this console, each with a role."));
    m_administratorIntroLabel->setText(
        tr("When several officers share this console, each logs in with a password and acts in "
           "one role: administrator (operators, regions, HSMs), key officer (keys, aliases, "
           "rotation, deletion, certificates, import), crypto user (encrypt, decrypt, sign and "
           "verify with the keys granted) or auditor (key metadata and the audit log). The "
           "audit trail names the operator and role of every action. Without operators, "
           "whoever opens the console may do everything."));
    m_operatorsCheckBox->setText(tr("Officers &log in with roles: create the first administrator"));
    m_administratorNameLabel->setText(tr("Administrator &name:"));
    m_administratorPasswordLabel->setText(tr("Pass&word:"));
    m_administratorRepeatLabel->setText(tr("Re&peat:"));

    m_summaryPage->setTitle(tr("Summary"));
    m_summaryPage->setSubTitle(tr("Finish creates the key store with these settings."));
    //: The button of the summary page that creates a custodians store (no way back after it).
    m_summaryPage->setButtonText(QWizard::CommitButton, tr("&Create"));

    updateProtectionPage();
    for (int index = 0; index < int(m_sharePages.size()); ++index)
        updateSharePage(index);
    if (currentId() == SummaryPageId)
        initializePage(SummaryPageId);
}

void SetupWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void SetupWizard::setDefaultProtection(MasterKeyProtection protection)
{
    if (protection == MasterKeyProtection::Keychain && m_keychain != nullptr)
        m_keychainRadioButton->setChecked(true);
    else if (protection == MasterKeyProtection::Custodians)
        m_custodiansRadioButton->setChecked(true);
    else
        m_passphraseRadioButton->setChecked(true);
    updateProtectionPage();
}

MasterKeyProtection SetupWizard::protection() const
{
    if (m_keychainRadioButton->isChecked())
        return MasterKeyProtection::Keychain;
    if (m_custodiansRadioButton->isChecked())
        return MasterKeyProtection::Custodians;
    return MasterKeyProtection::Passphrase;
}

int SetupWizard::custodianThreshold() const
{
    return m_thresholdSpinBox->value();
}

int SetupWizard::custodianCount() const
{
    return m_countSpinBox->value();
}

QString SetupWizard::regionId() const
{
    return m_regionLineEdit->text().trimmed();
}

std::unique_ptr<StoreSession> SetupWizard::takeSession()
{
    return std::move(m_session);
}

QString SetupWizard::strengthHint(const QString &passphrase, int *bits)
{
    bool lower = false, upper = false, digit = false, symbol = false, other = false;
    for (const QChar c : passphrase) {
        const char16_t u = c.unicode();
        if (u >= u'a' && u <= u'z')
            lower = true;
        else if (u >= u'A' && u <= u'Z')
            upper = true;
        else if (u >= u'0' && u <= u'9')
            digit = true;
        else if (u < 0x80)
            symbol = true;
        else
            other = true;
    }
    // The pool a guesser would have to search, by the classes used (non-ASCII characters such
    // as Chinese ones count as a class of about a thousand likely characters).
    const int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0)
        + (other ? 1000 : 0);
    const int classes = int(lower) + int(upper) + int(digit) + int(symbol) + int(other);
    const int length = int(passphrase.size());
    const int entropy = pool > 0 ? int(std::floor(length * std::log2(double(pool)))) : 0;
    if (bits != nullptr)
        *bits = entropy;
    if (length == 0)
        return tr("Type a passphrase: long and unusual is best, for example several unrelated "
                  "words.");
    QString rating;
    if (entropy < 40)
        //: Strength rating of a passphrase.
        rating = tr("weak");
    else if (entropy < 60)
        //: Strength rating of a passphrase.
        rating = tr("fair");
    else if (entropy < 80)
        //: Strength rating of a passphrase.
        rating = tr("good");
    else
        //: Strength rating of a passphrase.
        rating = tr("strong");
    //: %1 characters, %2 character classes (lower case, upper case, digits, symbols, other),
    //: %3 estimated bits of entropy, %4 the rating (weak, fair, good, strong).
    return tr("%1 characters, %2 of 5 character classes, about %3 bits: %4")
        .arg(length)
        .arg(classes)
        .arg(entropy)
        .arg(rating);
}

void SetupWizard::updateProtectionPage()
{
    const bool passphrase = m_passphraseRadioButton->isChecked();
    for (QWidget *widget : { static_cast<QWidget *>(m_passphraseLabel),
             static_cast<QWidget *>(m_passphraseLineEdit), static_cast<QWidget *>(m_repeatLabel),
             static_cast<QWidget *>(m_repeatLineEdit), static_cast<QWidget *>(m_strengthTitleLabel),
             static_cast<QWidget *>(m_strengthProgressBar), static_cast<QWidget *>(m_strengthLabel),
             static_cast<QWidget *>(m_matchLabel) })
        widget->setEnabled(passphrase);

    int bits = 0;
    m_strengthLabel->setText(strengthHint(m_passphraseLineEdit->text(), &bits));
    m_strengthProgressBar->setValue(qMin(bits, 100));

    const QString first = m_passphraseLineEdit->text();
    const QString second = m_repeatLineEdit->text();
    if (first.isEmpty())
        m_matchLabel->setText(tr("Type the passphrase twice."));
    else if (second.isEmpty())
        m_matchLabel->setText(tr("Repeat the passphrase."));
    else if (first != second)
        m_matchLabel->setText(tr("The two passphrases differ."));
    else
        m_matchLabel->setText(tr("The two passphrases match."));
    m_keychainNoteLabel->setVisible(m_keychainFailed && passphrase);

    const bool custodians = m_custodiansRadioButton->isChecked();
    for (QWidget *widget :
        { static_cast<QWidget *>(m_thresholdLabel), static_cast<QWidget *>(m_thresholdSpinBox),
            static_cast<QWidget *>(m_countLabel), static_cast<QWidget *>(m_countSpinBox),
            static_cast<QWidget *>(m_custodiansHintLabel) })
        widget->setEnabled(custodians);
    //: %1 = M, %2 = N of the custodian shares.
    m_custodiansHintLabel->setText(
        tr("Any %1 of the %2 custodians together unlock the key store; fewer cannot. Each share "
           "is shown once, right after the store is created: print it or write it down then, "
           "because the console keeps no copy.")
            .arg(custodianThreshold())
            .arg(custodianCount()));
    emit m_protectionPage->completeChanged();
}

bool SetupWizard::protectionPageComplete() const
{
    if (m_keychainRadioButton->isChecked())
        return m_keychain != nullptr;
    if (m_custodiansRadioButton->isChecked())
        return custodianThreshold() >= 2 && custodianThreshold() <= custodianCount();
    const QString first = m_passphraseLineEdit->text();
    return !first.isEmpty() && first == m_repeatLineEdit->text();
}

bool SetupWizard::regionPageComplete() const
{
    return regionPattern().match(regionId()).hasMatch();
}

bool SetupWizard::takePassphrase()
{
    SecureBytes first = takeSecret(m_passphraseLineEdit);
    SecureBytes second = takeSecret(m_repeatLineEdit);
    if (first.empty() || !first.equals(second))
        return false;
    m_passphrase = std::move(first);
    return true;
}

bool SetupWizard::validateCurrentPage()
{
    switch (currentId()) {
    case ProtectionPageId:
        m_passphrase.clear();
        if (protection() == MasterKeyProtection::Keychain)
            return m_keychain != nullptr;
        if (protection() == MasterKeyProtection::Custodians)
            return protectionPageComplete();
        return takePassphrase();
    case RegionPageId:
        return regionPageComplete();
    case AdministratorPageId:
        m_administratorPassword.clear();
        if (!administratorPageComplete())
            return false;
        if (createsAdministrator()) {
            m_administratorPassword = takeSecret(m_administratorPasswordLineEdit);
            takeSecret(m_administratorRepeatLineEdit);
        }
        return true;
    case SummaryPageId:
        return createStore();
    default:
        if (const int index = currentId() - FirstSharePageId;
            index >= 0 && index < int(m_sharePages.size())) {
            if (!m_sharePages[index].takenCheckBox->isChecked())
                return false;
            if (index + 1 == int(m_sharePages.size()))
                wipeShares(); // every custodian has theirs: Finish
            return true;
        }
        return QWizard::validateCurrentPage();
    }
}

void SetupWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id != SummaryPageId)
        return;
    // A custodians store shows its shares after creation, and there is no way back to
    // settings that no longer apply: the summary's button creates it (a commit page).
    const bool custodians = protection() == MasterKeyProtection::Custodians;
    m_summaryPage->setFinalPage(!custodians);
    m_summaryPage->setCommitPage(custodians);
    m_summaryPage->setSubTitle(custodians
            ? tr("Create makes the key store with these settings; the custodians' shares come "
                 "next, each shown once.")
            : tr("Finish creates the key store with these settings."));
    QString how;
    switch (protection()) {
    case MasterKeyProtection::Keychain:
        how = tr("the OS keychain");
        break;
    case MasterKeyProtection::Passphrase:
        how = tr("a passphrase (asked for at every start)");
        break;
    case MasterKeyProtection::Custodians:
        //: %1 = M, %2 = N.
        how = tr("custodian shares, any %1 of %2 (asked for at every start; the shares are "
                 "shown on the next page)")
                  .arg(custodianThreshold())
                  .arg(custodianCount());
        break;
    }
    const QString operators = createsAdministrator()
        //: Summary of the set-up: %1 names the first administrator.
        ? tr("log in with roles; first administrator: %1").arg(administratorName())
        : tr("none (no log-in)");
    m_summaryLabel->setText(
        tr("Data folder: %1\nMaster key protected by: %2\nFirst region: %3 "
           "(software HSM)\nOperators: %4")
            .arg(QDir::toNativeSeparators(m_dataDir), how, regionId(), operators));
}

void SetupWizard::cleanupPage(int id)
{
    QWizard::cleanupPage(id);
    // Back to the first page: the passphrase must be typed again.
    if (id == RegionPageId)
        m_passphrase.clear();
    if (id == SummaryPageId)
        m_administratorPassword.clear(); // back to its page: typed again
}

bool SetupWizard::createStore()
{
    StoreSession::InitOptions options;
    options.regionId = regionId();
    options.protection = protection();
    QStringList shares;
    if (options.protection == MasterKeyProtection::Keychain) {
        options.keychain = m_keychain;
    } else if (options.protection == MasterKeyProtection::Custodians) {
        options.custodianThreshold = custodianThreshold();
        options.custodianCount = custodianCount();
        options.shares = &shares;
    } else {
        options.passphrase = &m_passphrase;
        options.argon2 = m_argon2;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    auto created = StoreSession::initialise(m_dataDir, options);
    QGuiApplication::restoreOverrideCursor();
    if (!created) {
        if (options.protection == MasterKeyProtection::Keychain) {
            Dialogs::showError(this, Response::failure(created.error(), QString()),
                tr("Keeping the master key in the OS keychain"));
            m_keychainFailed = true;
            restart();
            m_passphraseRadioButton->setChecked(true);
            updateProtectionPage();
            m_passphraseLineEdit->setFocus();
        } else {
            Dialogs::showError(
                this, Response::failure(created.error(), QString()), tr("Creating the key store"));
        }
        return false;
    }
    m_passphrase.clear();
    m_session = std::move(*created);
    createAdministrator();
    m_shares = std::move(shares);
    addSharePages();
    return true;
}

int SetupWizard::nextId() const
{
    switch (currentId()) {
    case SummaryPageId:
        // The share pages are added by the summary's Create, before the wizard moves on.
        return protection() == MasterKeyProtection::Custodians ? int(FirstSharePageId) : -1;
    default:
        return QWizard::nextId();
    }
}

void SetupWizard::done(int result)
{
    if (result == QDialog::Rejected && !m_shares.isEmpty()) {
        //: %1 = M, how many shares unlock the store.
        const QString question
            = tr("The key store has been created, but not every custodian has taken a share. "
                 "Shares not taken now are lost for good: if fewer than %1 custodians hold one, "
                 "the key store can never be unlocked.\n\nClose anyway?")
                  .arg(custodianThreshold());
        if (!Dialogs::confirm(this, tr("Closing the set-up"), question))
            return;
        wipeShares();
    }
    QWizard::done(result);
}

int SetupWizard::currentCustodian() const
{
    const int index = currentId() - FirstSharePageId;
    return index >= 0 && index < int(m_sharePages.size()) ? index + 1 : 0;
}

void SetupWizard::updateSharePage(int index)
{
    const SharePage &widgets = m_sharePages[index];
    const int number = index + 1;
    const int total = custodianCount();
    widgets.page->setTitle(tr("Custodian shares"));
    widgets.page->setSubTitle(
        tr("The key store is created. Hand each custodian their share, one at a time."));
    //: The button that moves on to the next custodian's share (no way back).
    widgets.page->setButtonText(QWizard::CommitButton, tr("&Next custodian"));
    //: Heading of the page that shows one custodian's share; %1 of %2 custodians.
    widgets.custodianLabel->setText(tr("Custodian %1 of %2").arg(number).arg(total));
    widgets.introLabel->setText(
        tr("Only custodian %1 should see the screen now. Copy the share by hand, or save the "
           "printable sheet and print it: the console keeps no copy and cannot show it again. "
           "Any %2 of the %3 custodians together unlock the key store.")
            .arg(number)
            .arg(custodianThreshold())
            .arg(total));
    //: The button that writes one custodian's printable share sheet.
    widgets.saveButton->setText(tr("Save printable sheet as &PDF…"));
    widgets.saveButton->setToolTip(
        tr("Writes a one-page sheet with this share to a file of your choice, for printing. "
           "Delete the file once it is printed."));
    widgets.takenCheckBox->setText(tr("Custodian %1 has taken the share").arg(number));
    const bool held = index < m_shares.size();
    widgets.saveButton->setEnabled(held);
    if (!held) {
        widgets.shareLabel->clear();
        widgets.checksumLabel->clear();
        return;
    }
    const QString &share = m_shares.at(index);
    widgets.shareLabel->setText(crypto::formatShareForPrinting(share));
    //: %1 the checksum, the last group of the share (8 hex digits).
    widgets.checksumLabel->setText(
        tr("Checksum: %1. The last group checks the rest, so the console can tell a mistyped "
           "share from a wrong one.")
            .arg(ShareSheet::checksumOf(share)));
}

bool SetupWizard::saveSheet(const QString &path)
{
    return saveSheet(currentCustodian() - 1, path);
}

bool SetupWizard::saveSheet(int index, const QString &path)
{
    if (!m_session || index < 0 || index >= m_shares.size() || index >= int(m_sharePages.size()))
        return false;
    const ShareSheet sheet(m_session->storeUuid(), index + 1, int(m_shares.size()),
        custodianThreshold(), m_shares.at(index));
    QString error;
    if (!sheet.writePdf(path, &error)) {
        Dialogs::inform(this, tr("Saving the share sheet"),
            tr("The sheet could not be written to %1: %2")
                .arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    //: %1 the file the custodian's sheet was written to.
    m_sharePages[index].statusLabel->setText(
        tr("Saved to %1. Print it, hand it over, then delete the file.")
            .arg(QDir::toNativeSeparators(path)));
    return true;
}

void SetupWizard::askAndSaveSheet(int index)
{
    if (!m_session || index < 0 || index >= m_shares.size())
        return;
    const ShareSheet sheet(
        m_session->storeUuid(), index + 1, int(m_shares.size()), custodianThreshold(), QString());
    const QString suggested
        = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .filePath(sheet.suggestedFileName());
    const QString path = m_fileNameAsker
        ? m_fileNameAsker(this, suggested)
        : QFileDialog::getSaveFileName(this, tr("Save the sheet of custodian %1").arg(index + 1),
            suggested, tr("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        saveSheet(index, path);
}

void SetupWizard::wipeShares()
{
    // QStrings cannot be wiped reliably (implicit sharing, reallocation); this overwrites
    // what the wizard holds alone and drops the rest.
    for (const SharePage &widgets : m_sharePages) {
        widgets.shareLabel->clear();
        widgets.checksumLabel->clear();
        widgets.saveButton->setEnabled(false);
    }
    for (QString &share : m_shares)
        share.fill(QChar(u'0'));
    m_shares.clear();
}

} // namespace kms::ui
