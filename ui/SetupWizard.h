#pragma once

#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"
#include "secrets/MasterKeyVault.h"

#include <QString>
#include <QWizard>

#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QRadioButton;

namespace kms {
class SecretStore;
class StoreSession;
} // namespace kms

namespace kms::ui {

// First start on an empty data folder: how the master key is protected (the OS keychain, or
// a passphrase typed twice with a strength hint), the first region, a summary. Finish
// creates the store (StoreSession::initialise) and the wizard hands the unlocked session
// over through takeSession(). If the keychain cannot take the master key, the wizard says
// why and goes back to the first page with the passphrase chosen.
class SetupWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { ProtectionPageId, RegionPageId, SummaryPageId };

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

    // The store made by Finish, unlocked; null before (or if the wizard was cancelled).
    std::unique_ptr<StoreSession> takeSession();

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
    QWizardPage *createSummaryPage();
    void retranslate();
    void updateProtectionPage();
    bool protectionPageComplete() const;
    bool regionPageComplete() const;
    bool takePassphrase();
    bool createStore();

    QString m_dataDir;
    SecretStore *m_keychain = nullptr;
    std::optional<Argon2Params> m_argon2;
    SecureBytes m_passphrase; // taken from the line edits when the first page is left
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
    bool m_keychainFailed = false;
};

} // namespace kms::ui
