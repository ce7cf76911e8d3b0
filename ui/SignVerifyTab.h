#pragma once

#include "WorkbenchTab.h"
#include "WorkbenchTask.h"

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace kms::ui {

// AsymmetricSign / AsymmetricVerify over a text, a file or a digest typed in hex or base64.
// The digest of a text or a file is computed here from the key's public key
// (crypto::messageDigest, which adds SM2's Z_A); a file is read on the workbench's worker
// thread. The algorithm combo offers only what the key's spec signs with.
class SignVerifyTab : public WorkbenchTab
{
    Q_OBJECT

public:
    SignVerifyTab(KmsClient &client, WorkbenchTask &task, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;

    void sign();
    void verify();

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    enum class Input { Text, File, HexDigest, Base64Digest };
    using DigestHandler = std::function<void(const QByteArray &digest)>;

    Input input() const;
    // Computes (or reads) the digest to sign, then hands it to `next`, now or after the
    // worker has read a file. Problems are shown to the user and `next` is not called.
    void withDigest(const QString &what, DigestHandler next);
    void signDigest(const QString &what, const QByteArray &digest);
    void verifyDigest(const QString &what, const QByteArray &digest);
    QJsonObject keyParams() const;
    void setVerdict(const QString &verdict, const QString &text);
    void chooseFile();

    WorkbenchTask &m_task;
    QLabel *m_algorithmLabel = nullptr;
    QComboBox *m_algorithmComboBox = nullptr;
    QLabel *m_inputLabel = nullptr;
    QComboBox *m_inputComboBox = nullptr;
    QStackedWidget *m_inputStack = nullptr;
    QPlainTextEdit *m_messageEdit = nullptr;
    QLineEdit *m_fileEdit = nullptr;
    QPushButton *m_fileBrowseButton = nullptr;
    QLineEdit *m_digestEdit = nullptr;
    QLabel *m_signatureLabel = nullptr;
    QPlainTextEdit *m_signatureEdit = nullptr;
    QPushButton *m_signButton = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QLabel *m_verdictLabel = nullptr;
};

} // namespace kms::ui
