#pragma once

#include "Page.h"
#include "WorkbenchKey.h"
#include "WorkbenchTask.h"

#include <QList>
#include <QTimer>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace kms {
class KmsClient;
}

namespace kms::ui {

class PublicKeyTab;
class WorkbenchTab;

// The crypto workbench: pick an enabled key (and, for asymmetric keys, a version), then work
// with it in tabs that are enabled by what the key can do: text and file encryption,
// data keys, signatures, asymmetric encryption, the public key. Long work (big files) runs on
// a worker thread with the progress bar and Cancel at the bottom of the page.
//
// Secrets (plaintext data keys, decrypted text) appear only on request and are removed from
// the widgets when another key is picked or the page is left.
class WorkbenchPage : public Page
{
    Q_OBJECT

public:
    explicit WorkbenchPage(KmsClient &client, QWidget *parent = nullptr);
    ~WorkbenchPage() override;

    QString title() const override;
    // Reloads the enabled keys into the key picker (keeping the picked key when it is still
    // there).
    void refresh() override;

    // Picks the key with this id (for "open in the workbench" elsewhere); false if it is not
    // an enabled key.
    bool selectKey(const QString &cmkUuid);
    const WorkbenchKey &currentKey() const { return m_key; }
    // Exports the picked key's public key to `path` without asking for a file name (what the
    // Export button does after its file dialog); false after showing what went wrong.
    bool exportPublicKeyTo(const QString &path);
    // Removes every secret shown by the tabs.
    void clearSecrets();

    WorkbenchTask &task() { return *m_task; }

protected:
    void retranslate() override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void keyPicked();
    void versionPicked();
    void applyKey(const WorkbenchKey &key);
    void updateTabs();
    void updateKeyHint();
    void updateKeyItemTexts();
    void taskStarted(const QString &description);
    void taskFinished(WorkbenchTask::Outcome outcome);
    void setWorking(bool working);
    void updateTaskLabel();

    KmsClient &m_client;
    std::unique_ptr<WorkbenchTask> m_task;
    WorkbenchKey m_key;
    bool m_stale = true; // the key list must be loaded before the page is shown
    int m_listedKeys = 0;
    int m_totalKeys = 0;
    QTimer m_filterTimer;
    std::optional<WorkbenchTask::Outcome> m_lastOutcome; // of the last job, for the label

    QLabel *m_keyLabel = nullptr;
    QLineEdit *m_keyFilterEdit = nullptr;
    QComboBox *m_keyComboBox = nullptr;
    QLabel *m_versionLabel = nullptr;
    QComboBox *m_versionComboBox = nullptr;
    QLabel *m_keyHintLabel = nullptr;
    QTabWidget *m_tabWidget = nullptr;
    QList<WorkbenchTab *> m_tabs;
    PublicKeyTab *m_publicKeyTab = nullptr;
    QLabel *m_taskLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace kms::ui
