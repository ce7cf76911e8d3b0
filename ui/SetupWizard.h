#pragma once

#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"
#include "secrets/MasterKeyVault.h"

#include <QString>
#include <QStringList>
#include <QWizard>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace kms {
class SecretStore;
class StoreSession;
} // namespace kms

namespace kms::ui {

// First start on an empty data folder: how the master key is protected (the OS keychain, a
// passphrase typed twice with a strength hint, or M-of-N custodian shares), the first region,
// a summary. Finish creates the store (StoreSession::initialise) and the wizard hands the
// unlocked session over through takeSession(). If the keychain cannot take the master key,
// the wizard says why and goes back to the first page with the passphrase chosen.
//
// With custodian shares the summary's button creates the store (there is no way back), and a
// last page shows the N shares one custodian at a time: the share, a printable sheet saved
// as PDF only when asked, and a check box that the custodian has taken it before the next
// custodian's share appears. The shares are kept nowhere else and are dropped from the
// wizard when it closes.
class SetupWizard : public QWizard
{
    Q_OBJECT

public:
    // Custodian k's share is on page FirstSharePageId + k - 1 (added once the store exists).
    enum PageId {
        ProtectionPageId,
        RegionPageId,
        AdministratorPageId,
        SummaryPageId,
        FirstSharePageId
    };

    // Asks where to save a custodian's sheet (a save-file dialog by default); an empty answer
    // cancels. Tests answer here.
    using FileNameAsker = std::function<QString(QWidget *parent, const QString &suggested)>;

    // `keychain` may be null: then only the passphrase is offered.
    SetupWizard(const QString &dataDir, SecretStore *keychain, QWidget *parent = nullptr);
    ~SetupWizard() override;

    // The protection chosen when the wizard opens (the keychain on a desktop session).
    void setDefaultProtection(MasterKeyProtection protection);
    // Argon2id parameters for a passphrase store; the backend's defaults if never set. Tests
    // set fast parameters here.
    void setArgon2Params(const Argon2Params &params) { m_argon2 = params; }

    MasterKeyProtection protection() const;
    QString regionId() const;
    // Whether officers will log in with roles: then the wizard creates the first administrator
    // (its name here) and logs it in.
    bool createsAdministrator() const;
    QString administratorName() const;
    // Custodians mode: M and N as chosen on the first page.
    int custodianThreshold() const;
    int custodianCount() const;
    // The custodian (1..N) whose share page is shown, 0 on the other pages; how many shares
    // the wizard still holds.
    int currentCustodian() const;
    qsizetype heldShareCount() const { return m_shares.size(); }

    void setFileNameAsker(FileNameAsker asker) { m_fileNameAsker = std::move(asker); }
    // Writes the sheet of the custodian shown to `path`, as the page's Save button does after
    // asking; false (said in a message box) if it cannot be written.
    bool saveSheet(const QString &path);

    // The store made by Finish (Create for custodian shares), unlocked; null before (or if the
    // wizard was cancelled).
    std::unique_ptr<StoreSession> takeSession();

    int nextId() const override;
    // Drops the shares when the wizard closes; cancelling before every custodian has taken
    // theirs asks first (the store exists by then).
    void done(int result) override;

    // The strength hint for a passphrase (length, character classes, entropy estimate).
    static QString strengthHint(const QString &passphrase, int *bits = nullptr);

protected:
    bool validateCurrentPage() override;
    void initializePage(int id) override;
    void cleanupPage(int id) override;
    void changeEvent(QEvent *event) override;

private:
    QWizardPage *createProtectionPage();
    QWizardPage *createRegionPage();
    QWizardPage *createAdministratorPage();
    bool administratorPageComplete() const;
    // After the store exists: the first administrator, logged in. A failure is said and the
    // store stays without operators (the Operators page can add the administrator later).
    void createAdministrator();
    QWizardPage *createSummaryPage();
    QWizardPage *createSharePage(int index);
    void addSharePages();
    void retranslate();
    void updateProtectionPage();
    void updateSharePage(int index);
    bool saveSheet(int index, const QString &path);
    void askAndSaveSheet(int index);
    void wipeShares();
    bool protectionPageComplete() const;
    bool regionPageComplete() const;
    bool takePassphrase();
    bool createStore();

    QString m_dataDir;
    SecretStore *m_keychain = nullptr;
    std::optional<Argon2Params> m_argon2;
    SecureBytes m_passphrase; // taken from the line edits when the first page is left
    SecureBytes m_administratorPassword; // taken when the administrator page is left
    std::unique_ptr<StoreSession> m_session;

    QWizardPage *m_protectionPage = nullptr;
    QWizardPage *m_regionPage = nullptr;
    QWizardPage *m_summaryPage = nullptr;
    QLabel *m_protectionIntroLabel = nullptr;
    QRadioButton *m_keychainRadioButton = nullptr;
    QRadioButton *m_passphraseRadioButton = nullptr;
    QLabel *m_passphraseLabel = nullptr;
    QLineEdit *m_passphraseLineEdit = nullptr;
    QLabel *m_repeatLabel = nullptr;
    QLineEdit *m_repeatLineEdit = nullptr;
    QLabel *m_strengthTitleLabel = nullptr;
    QProgressBar *m_strengthProgressBar = nullptr;
    QLabel *m_strengthLabel = nullptr;
    QLabel *m_matchLabel = nullptr;
    QLabel *m_keychainNoteLabel = nullptr;
    QLabel *m_regionIntroLabel = nullptr;
    QLabel *m_regionLabel = nullptr;
    QLineEdit *m_regionLineEdit = nullptr;
    QLabel *m_regionHintLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QWizardPage *m_administratorPage = nullptr;
    QLabel *m_administratorIntroLabel = nullptr;
    QCheckBox *m_operatorsCheckBox = nullptr;
    QLabel *m_administratorNameLabel = nullptr;
    QLineEdit *m_administratorNameLineEdit = nullptr;
    QLabel *m_administratorPasswordLabel = nullptr;
    QLineEdit *m_administratorPasswordLineEdit = nullptr;
    QLabel *m_administratorRepeatLabel = nullptr;
    QLineEdit *m_administratorRepeatLineEdit = nullptr;
    bool m_keychainFailed = false;

    QRadioButton *m_custodiansRadioButton = nullptr;
    QLabel *m_thresholdLabel = nullptr;
    QSpinBox *m_thresholdSpinBox = nullptr;
    QLabel *m_countLabel = nullptr;
    QSpinBox *m_countSpinBox = nullptr;
    QLabel *m_custodiansHintLabel = nullptr;

    struct SharePage
    {
        QWizardPage *page = nullptr;
        QLabel *custodianLabel = nullptr;
        QLabel *introLabel = nullptr;
        QLabel *shareLabel = nullptr;
        QLabel *checksumLabel = nullptr;
        QPushButton *saveButton = nullptr;
        QLabel *statusLabel = nullptr;
        QCheckBox *takenCheckBox = nullptr;
    };
    std::vector<SharePage> m_sharePages; // custodians mode, once the store exists
    QStringList m_shares; // custodians mode, from creation until the wizard closes
    FileNameAsker m_fileNameAsker;
};

} // namespace kms::ui
