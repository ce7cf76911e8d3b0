#pragma once

#include "WorkbenchTab.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kms::ui {

// The public key of the picked asymmetric key version (GetPublicKey), shown as PEM and
// exported to a .pem file.
class PublicKeyTab : public WorkbenchTab
{
    Q_OBJECT

public:
    explicit PublicKeyTab(KmsClient &client, QWidget *parent = nullptr);

    QString title() const override;
    bool isAvailableFor(const WorkbenchKey &key) const override;

    // Asks for a file name, then exports.
    void exportPublicKey();
    // Writes the PEM to `path` (replacing it); false after showing what went wrong.
    bool exportPublicKeyTo(const QString &path);

protected:
    void retranslate() override;
    void keyChanged() override;

private:
    QLabel *m_explanationLabel = nullptr;
    QPlainTextEdit *m_publicKeyEdit = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_statusLabel = nullptr;
};

} // namespace kms::ui
