#pragma once

#include "KeyListPage.h"

class QAction;
class QLabel;
class QScrollArea;
class QSplitter;
class QToolBar;

namespace kms {
class RotationPlanModel;
} // namespace kms

namespace kms::ui {

class RotationTimeline;

// The Rotation page: every key with automatic rotation (RotationPlanModel) with its interval,
// last and next rotation, and below it the timeline of the rotations due in the coming twelve
// months (RotationTimeline). The selected key's policy can be edited (RotationPolicyDialog)
// and the key rotated at once (RotateKey); a refusal (rotated within 7 days, paused, per-user
// cap) is shown through Dialogs::showError with the KMS's explanation.
class RotationPage : public KeyListPage
{
    Q_OBJECT

public:
    explicit RotationPage(KmsClient &client, QWidget *parent = nullptr);
    ~RotationPage() override;

    QString title() const override;
    // Reloads the plan and the timeline (changes made elsewhere, time passing).
    void refresh() override;

    RotationPlanModel *model() const { return m_model; }
    RotationTimeline *timeline() const { return m_timeline; }

public slots:
    void editPolicy();
    void rotateNow();

protected:
    void retranslate() override;
    void currentKeyChanged() override;
    void updateActions() override;
    void updateCount() override;
    QString aliasAndIdText(const QString &alias, const QString &id) const override;
    QString loadFailureText() const override;

private:
    void updateTimeline();

    RotationPlanModel *m_model = nullptr;

    QToolBar *m_toolBar = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_ruleLabel = nullptr;
    QLabel *m_timelineLabel = nullptr;
    QScrollArea *m_timelineScrollArea = nullptr;
    RotationTimeline *m_timeline = nullptr;
    QSplitter *m_splitter = nullptr;

    QAction *m_editPolicyAction = nullptr;
    QAction *m_rotateNowAction = nullptr;
    QAction *m_copyKeyIdAction = nullptr;
};

} // namespace kms::ui
