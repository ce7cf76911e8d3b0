#pragma once

#include "WorkbenchTab.h"

#include <QJsonObject>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kms::ui {

// Encrypt / Decrypt of a short text (at most 4 KiB) under a symmetric key, with an optional
// encryption context typed as key=value lines. Decryption needs no key: the blob names it.
class TextCryptoTab : public WorkbenchTab
{
    Q_OBJECT

public:
    explicit TextCryptoTab(KmsClient &client, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;
    void clearSecrets() override;

    void encrypt();
    void decrypt();

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    // The context lines as a JSON object; nothing (after telling the user) if a line is not
    // key=value or a name repeats.
    std::optional<QJsonObject> readContext(const QString &what);

    QLabel *m_plaintextLabel = nullptr;
    QPlainTextEdit *m_plaintextEdit = nullptr;
    QLabel *m_contextLabel = nullptr;
    QPlainTextEdit *m_contextEdit = nullptr;
    QLabel *m_ciphertextLabel = nullptr;
    QPlainTextEdit *m_ciphertextEdit = nullptr;
    QPushButton *m_encryptButton = nullptr;
    QPushButton *m_decryptButton = nullptr;
    QLabel *m_resultLabel = nullptr;
    bool m_showsDecrypted = false; // the plaintext edit holds what Decrypt returned
};

} // namespace kms::ui
