#include "SetupWizard.h"

#include "Dialogs.h"

#include "api/StoreSession.h"

#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRadioButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
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

// Takes a line edit's text into a secure buffer and empties the edit (and its undo history).
SecureBytes takeSecret(QLineEdit *edit)
{
    QString text = edit->text();
    edit->setText(QString());
    QByteArray utf8 = text.toUtf8();
    SecureBytes secret = SecureBytes::fromByteArray(utf8);
    wipeByteArray(utf8);
    text.fill(QChar(u'\0'));
    return secret;
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
    setPage(SummaryPageId, createSummaryPage());
    setStartId(ProtectionPageId);
    setDefaultProtection(
        keychain != nullptr ? MasterKeyProtection::Keychain : MasterKeyProtection::Passphrase);
    retranslate();
    resize(640, 480);
}

SetupWizard::~SetupWizard() = default;

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

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_protectionIntroLabel);
    layout->addWidget(m_keychainRadioButton);
    layout->addWidget(m_passphraseRadioButton);
    layout->addWidget(m_keychainNoteLabel);
    layout->addLayout(form);
    layout->addStretch();

    connect(
        m_keychainRadioButton, &QRadioButton::toggled, this, &SetupWizard::updateProtectionPage);
    connect(
        m_passphraseRadioButton, &QRadioButton::toggled, this, &SetupWizard::updateProtectionPage);
    connect(
        m_passphraseLineEdit, &QLineEdit::textChanged, this, &SetupWizard::updateProtectionPage);
    connect(m_repeatLineEdit, &QLineEdit::textChanged, this, &SetupWizard::updateProtectionPage);
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

void SetupWizard::retranslate()
{
    setWindowTitle(tr("Set up the key store"));

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

    m_summaryPage->setTitle(tr("Summary"));
    m_summaryPage->setSubTitle(tr("Finish creates the key store with these settings."));
    updateProtectionPage();
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
    else
        m_passphraseRadioButton->setChecked(true);
    updateProtectionPage();
}

MasterKeyProtection SetupWizard::protection() const
{
    return m_keychainRadioButton->isChecked() ? MasterKeyProtection::Keychain
                                              : MasterKeyProtection::Passphrase;
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
    emit m_protectionPage->completeChanged();
}

bool SetupWizard::protectionPageComplete() const
{
    if (m_keychainRadioButton->isChecked())
        return m_keychain != nullptr;
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
        return takePassphrase();
    case RegionPageId:
        return regionPageComplete();
    case SummaryPageId:
        return createStore();
    default:
        return QWizard::validateCurrentPage();
    }
}

void SetupWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id != SummaryPageId)
        return;
    const QString how = protection() == MasterKeyProtection::Keychain
        ? tr("the OS keychain")
        : tr("a passphrase (asked for at every start)");
    m_summaryLabel->setText(tr("Data folder: %1\nMaster key protected by: %2\nFirst region: %3 "
                               "(software HSM)")
                                .arg(QDir::toNativeSeparators(m_dataDir), how, regionId()));
}

void SetupWizard::cleanupPage(int id)
{
    QWizard::cleanupPage(id);
    // Back to the first page: the passphrase must be typed again.
    if (id == RegionPageId)
        m_passphrase.clear();
}

bool SetupWizard::createStore()
{
    StoreSession::InitOptions options;
    options.regionId = regionId();
    options.protection = protection();
    if (options.protection == MasterKeyProtection::Keychain) {
        options.keychain = m_keychain;
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
    return true;
}

} // namespace kms::ui
