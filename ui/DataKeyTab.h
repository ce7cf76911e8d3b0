#pragma once

#include "WorkbenchTab.h"
#include "crypto/SecureBytes.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace kms::ui {

// GenerateDataKey: a data key (AES_256, AES_128, SM4_128 or a number of bytes) under a
// symmetric key. The plaintext key stays in secure memory and appears in the window only
// while "Show" is pressed; "Clear" (or another key, or another page) forgets it.
class DataKeyTab : public WorkbenchTab
{
    Q_OBJECT

public:
    explicit DataKeyTab(KmsClient &client, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;
    void clearSecrets() override;

    void generate();

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    void showPlaintext(bool show);
    void updateSpecWidgets();

    QLabel *m_specLabel = nullptr;
    QComboBox *m_specComboBox = nullptr;
    QSpinBox *m_bytesSpinBox = nullptr;
    QPushButton *m_generateButton = nullptr;
    QLabel *m_warningLabel = nullptr;
    QLabel *m_plaintextLabel = nullptr;
    QLineEdit *m_plaintextEdit = nullptr;
    QPushButton *m_showButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QLabel *m_blobLabel = nullptr;
    QPlainTextEdit *m_blobEdit = nullptr;
    SecureBytes m_plaintext; // the data key, until cleared
};

} // namespace kms::ui
