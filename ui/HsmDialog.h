#pragma once

#include "api/HsmConfigurations.h"
#include "crypto/SecureBytes.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace kms {
class StoreSession;
}

namespace kms::ui {

// Adds a PKCS#11 HSM (Settings → HSMs): the module (a well-known path, typed, or picked with
// Browse… through CertificateFiles), the p11-kit server's address for p11-kit's client module
// (with a warning that PIN and data cross that socket in the clear), the token chosen from the
// ones the module lists, the user PIN and where it is kept (OS keychain, or asked at each
// start). Test Connection shows the token's model, serial, memory, mechanism list and the key
// specs the console can make there. OK saves through StoreSession::saveHsmConfiguration, which
// tests the connection first; a failure is shown and the dialog stays open.
//
// The PIN is taken out of its line edit into a SecureBytes at once (the edit is emptied); a
// tested PIN is kept for OK until the dialog closes.
class HsmDialog : public QDialog
{
    Q_OBJECT

public:
    explicit HsmDialog(StoreSession &session, QWidget *parent = nullptr);
    ~HsmDialog() override;

    // The well-known modules offered in the module box.
    static QStringList wellKnownModules();

    // "SoftHSM v2, serial 1a2b…, free 12 KiB of 20 KiB" and the like, in the UI language.
    static QString describeToken(const HsmTokenSummary &token);

    // The configuration the fields describe.
    HsmConfiguration configuration() const;
    // What the last Test Connection (or the save) read from the token.
    const std::optional<HsmProbe> &probe() const { return m_probe; }

public slots:
    void browseModule();
    void listTokens();
    void testConnection();
    void accept() override;

signals:
    // The configuration was saved (the PIN is with the session).
    void hsmSaved(const kms::HsmConfiguration &configuration, const kms::HsmProbe &probe);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateRemoteWarning();
    void updateButtons();
    void showProbe();
    // The PIN typed now, else the one kept from the last test; empty if none.
    SecureBytes takePin();

    StoreSession &m_session;
    std::optional<HsmProbe> m_probe;
    SecureBytes m_testedPin;

    QLabel *m_introLabel = nullptr;
    QLabel *m_moduleLabel = nullptr;
    QComboBox *m_moduleComboBox = nullptr;
    QPushButton *m_browseButton = nullptr;
    QLabel *m_serverAddressLabel = nullptr;
    QLineEdit *m_serverAddressLineEdit = nullptr;
    QLabel *m_remoteWarningLabel = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QComboBox *m_tokenComboBox = nullptr;
    QPushButton *m_listTokensButton = nullptr;
    QLabel *m_pinLabel = nullptr;
    QLineEdit *m_pinLineEdit = nullptr;
    QCheckBox *m_keychainCheckBox = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_probeLabel = nullptr;
    QLabel *m_mechanismsLabel = nullptr;
    QPlainTextEdit *m_mechanismsTextEdit = nullptr;
    QDialogButtonBox *m_buttonBox = nullptr;
};

} // namespace kms::ui
