#pragma once

#include "WorkbenchTab.h"
#include "WorkbenchTask.h"

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace kms::ui {

// Envelope encryption of a file of any size, the way `kmsctl encrypt/decrypt` does it: a
// data key from GenerateDataKey encrypts the file locally on a worker thread
// (crypto::EnvelopeStream); decryption reads the header, asks the KMS to Decrypt the data
// key's blob, and streams. The output file appears only when everything succeeded.
class FileCryptoTab : public WorkbenchTab
{
    Q_OBJECT

public:
    FileCryptoTab(KmsClient &client, WorkbenchTask &task, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;

    void encryptFile();
    void decryptFile();

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    struct Paths
    {
        QString input;
        QString output;
    };
    // Both files chosen, the input readable, the output another file (replacing an existing
    // one only when the user agrees); nothing after telling the user what is wrong.
    std::optional<Paths> checkPaths(const QString &what);
    void chooseInput();
    void chooseOutput();
    void jobFinished(const QString &what, const QString &done, WorkbenchTask::Outcome outcome,
        const Result<QByteArray> &result);

    WorkbenchTask &m_task;
    QLabel *m_explanationLabel = nullptr;
    QLabel *m_inputLabel = nullptr;
    QLineEdit *m_inputEdit = nullptr;
    QPushButton *m_inputBrowseButton = nullptr;
    QLabel *m_outputLabel = nullptr;
    QLineEdit *m_outputEdit = nullptr;
    QPushButton *m_outputBrowseButton = nullptr;
    QPushButton *m_encryptButton = nullptr;
    QPushButton *m_decryptButton = nullptr;
    QLabel *m_resultLabel = nullptr;
};

} // namespace kms::ui
