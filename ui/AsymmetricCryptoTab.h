#pragma once

#include "WorkbenchTab.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kms::ui {

// AsymmetricEncrypt / AsymmetricDecrypt of a short text with an RSA_2048 (OAEP) or EC_SM2
// (SM2PKE) key of usage ENCRYPT/DECRYPT, with the picked key version.
class AsymmetricCryptoTab : public WorkbenchTab
{
    Q_OBJECT

public:
    explicit AsymmetricCryptoTab(KmsClient &client, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;
    void clearSecrets() override;

    void encrypt();
    void decrypt();

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    QJsonObject params() const;

    QLabel *m_algorithmLabel = nullptr;
    QComboBox *m_algorithmComboBox = nullptr;
    QLabel *m_plaintextLabel = nullptr;
    QPlainTextEdit *m_plaintextEdit = nullptr;
    QLabel *m_ciphertextLabel = nullptr;
    QPlainTextEdit *m_ciphertextEdit = nullptr;
    QPushButton *m_encryptButton = nullptr;
    QPushButton *m_decryptButton = nullptr;
    QLabel *m_resultLabel = nullptr;
    bool m_showsDecrypted = false;
};

} // namespace kms::ui
