#pragma once

#include "Page.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QString>

class QAction;
class QLabel;
class QMenu;
class QScrollArea;
class QSplitter;
class QTableView;
class QToolBar;

namespace kms {
class KmsClient;
class RotationPlanModel;
struct Response;
} // namespace kms

namespace kms::ui {

class RotationTimeline;

// The Rotation page: every key with automatic rotation (RotationPlanModel) with its interval,
// last and next rotation, and below it the timeline of the rotations due in the coming twelve
// months (RotationTimeline). The selected key's policy can be edited (RotationPolicyDialog)
// and the key rotated at once (RotateKey); a refusal (rotated within 7 days, paused, per-user
// cap) is shown through Dialogs::showError with the KMS's explanation.
class RotationPage : public Page
{
    Q_OBJECT

public:
    explicit RotationPage(KmsClient &client, QWidget *parent = nullptr);
    ~RotationPage() override;

    QString title() const override;
    // Reloads the plan and the timeline (changes made elsewhere, time passing).
    void refresh() override;

    RotationPlanModel *model() const { return m_model; }
    QTableView *tableView() const { return m_tableView; }
    RotationTimeline *timeline() const { return m_timeline; }
    QString currentKeyId() const;
    const QJsonObject &currentKey() const { return m_current; }
    // Selects a loaded key; false if it is not in the table.
    bool selectKey(const QString &cmkUuid);

public slots:
    void editPolicy();
    void rotateNow();
    void copyKeyId();

protected:
    void retranslate() override;

private:
    QAction *makeAction(
        const char *objectName, const QKeySequence &shortcut, void (RotationPage::*slot)());
    void setCurrentKey(const QJsonObject &keyMetadata);
    void currentRowChanged();
    void restoreSelection();
    void updateActions();
    void updateCount();
    void updateTimeline();
    void showLoadError(const Response &response);
    static QString keyName(const QJsonObject &keyMetadata);

    KmsClient &m_client;
    RotationPlanModel *m_model = nullptr;
    QJsonObject m_current;

    QToolBar *m_toolBar = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_ruleLabel = nullptr;
    QTableView *m_tableView = nullptr;
    QLabel *m_timelineLabel = nullptr;
    QScrollArea *m_timelineScrollArea = nullptr;
    RotationTimeline *m_timeline = nullptr;
    QSplitter *m_splitter = nullptr;
    QMenu *m_contextMenu = nullptr;

    QAction *m_editPolicyAction = nullptr;
    QAction *m_rotateNowAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
