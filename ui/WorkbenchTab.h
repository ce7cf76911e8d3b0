#pragma once

#include "WorkbenchKey.h"
#include "api/Response.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QWidget>

#include <optional>

namespace kms {
class KmsClient;
}

namespace kms::ui {

// A tab of the crypto workbench (text, file, data key, signatures, asymmetric encryption,
// public key). The page hands every tab the picked key; a tab says whether it can work with
// it, and forgets whatever secret it shows when asked (another key, another page).
class WorkbenchTab : public QWidget
{
    Q_OBJECT

public:
    explicit WorkbenchTab(KmsClient &client, QWidget *parent = nullptr);

    // The tab's name in the current language.
    virtual QString title() const = 0;
    // Whether the tab has anything to offer for `key` (tabs that decrypt blobs naming their
    // own key are available without one).
    virtual bool isAvailableFor(const WorkbenchKey &key) const = 0;
    // Removes secrets (plaintext data keys, decrypted text) from the widgets and memory.
    virtual void clearSecrets() { }

    void setKey(const WorkbenchKey &key);
    const WorkbenchKey &key() const { return m_key; }

protected:
    virtual void retranslate() = 0;
    // The key (or only its version) changed.
    virtual void keyChanged() { }
    void changeEvent(QEvent *event) override;

    KmsClient &client() { return m_client; }

    // Calls the KMS; on failure shows the error for `what` ("Encrypting the text") and
    // returns nothing, leaving the form as it is.
    std::optional<QJsonObject> call(
        const QString &action, const QJsonObject &params, const QString &what);
    // A problem with what the user entered, found before asking the KMS.
    void reportInputProblem(const QString &what, const QString &problem);

    // Takes a base64 field holding a secret out of an answer into secure memory.
    static SecureBytes takeSecret(QJsonObject &data, const QString &field);
    // Text as UTF-8 in base64, the way the API carries it; the UTF-8 copy is wiped.
    static QString utf8Base64(const QString &text);
    // Strict base64 (white space ignored); nothing if it is not base64.
    static std::optional<QByteArray> decodeBase64(const QString &text);
    // Hex (white space and colons ignored); nothing if it is not hex.
    static std::optional<QByteArray> decodeHex(const QString &text);
    // Secret bytes as text if they are UTF-8, else nothing.
    static std::optional<QString> utf8Text(const SecureBytes &bytes);
    static QString base64Text(const SecureBytes &bytes);

private:
    KmsClient &m_client;
    WorkbenchKey m_key;
};

} // namespace kms::ui
