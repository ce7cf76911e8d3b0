#include "RotationPage.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"
#include "RotationPlanModel.h"
#include "RotationPolicyDialog.h"
#include "RotationTimeline.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

RotationPage::RotationPage(KmsClient &client, QWidget *parent)
    : KeyListPage(client, parent)
    , m_model(new RotationPlanModel(client, this))
{
    setObjectName(QStringLiteral("rotationPage"));

    m_editPolicyAction = makePageAction(
        this, "editPolicyAction", QKeySequence(Qt::CTRL | Qt::Key_P), &RotationPage::editPolicy);
    m_rotateNowAction = makePageAction(
        this, "rotateNowAction", QKeySequence(Qt::CTRL | Qt::Key_R), &RotationPage::rotateNow);
    m_copyKeyIdAction = makePageAction(this, "copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &RotationPage::copyKeyId);

    m_toolBar = makeToolBar(this, "rotationToolBar",
        { m_editPolicyAction, m_rotateNowAction, nullptr, m_copyKeyIdAction });
    QMenu *contextMenu = makeMenu(this, "rotationContextMenu",
        { m_copyKeyIdAction, nullptr, m_editPolicyAction, m_rotateNowAction });

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_ruleLabel = new QLabel(this);
    m_ruleLabel->setObjectName(QStringLiteral("ruleLabel"));
    m_ruleLabel->setWordWrap(true);
    auto *topBar = new QHBoxLayout;
    topBar->addWidget(m_toolBar, 1);
    topBar->addWidget(m_countLabel);

    setUpTable(m_model, contextMenu);
    tableView()->setObjectName(QStringLiteral("rotationTableView"));
    // The alias takes the room left: ids and dates keep their full width.
    QHeaderView *header = tableView()->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(RotationPlanModel::AliasColumn, QHeaderView::Stretch);
    setColumnWidths(tableView(),
        { { RotationPlanModel::KeyIdColumn, "00000000-0000-0000-0000-000000000000" },
            { RotationPlanModel::StateColumn, "Pending deletion" },
            { RotationPlanModel::IntervalColumn, "Every 365 days" },
            { RotationPlanModel::LastRotationColumn, "2026-01-01 00:00_" },
            { RotationPlanModel::NextRotationColumn, "2026-01-01 00:00_" },
            { RotationPlanModel::DueColumn, "In 365 days___" } });

    m_timelineLabel = new QLabel(this);
    m_timelineLabel->setObjectName(QStringLiteral("timelineLabel"));
    QFont bold = m_timelineLabel->font();
    bold.setBold(true);
    m_timelineLabel->setFont(bold);
    m_timeline = new RotationTimeline;
    m_timelineScrollArea = new QScrollArea(this);
    m_timelineScrollArea->setObjectName(QStringLiteral("timelineScrollArea"));
    m_timelineScrollArea->setWidget(m_timeline);
    m_timelineScrollArea->setWidgetResizable(true);
    auto *timelineBox = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(m_timelineLabel);
    timelineLayout->addWidget(m_timelineScrollArea, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("rotationSplitter"));
    m_splitter->addWidget(tableView());
    m_splitter->addWidget(timelineBox);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 300, 300 });
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(topBar);
    layout->addWidget(m_ruleLabel);
    layout->addWidget(m_splitter, 1);

    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RotationPage::restoreSelection);
    // The model refreshes itself on a change; the timeline follows it.
    connect(&client, &KmsClient::storeChanged, this, &RotationPage::updateTimeline);
    connect(m_timeline, &RotationTimeline::keyActivated, this,
        [this](const QString &cmkUuid) { selectKey(cmkUuid); });

    load();
    updateTimeline();
}

RotationPage::~RotationPage() = default;

QString RotationPage::title() const
{
    //: Navigation entry and title of the rotation plan page.
    return tr("Rotation");
}

void RotationPage::refresh()
{
    KeyListPage::refresh();
    m_model->updateDueTexts(); // they depend on the time, which the store does not tell
    updateTimeline();
}

void RotationPage::currentKeyChanged()
{
    m_timeline->setCurrentKey(currentKeyId());
}

void RotationPage::updateActions()
{
    const bool enabled = field(currentKey(), "keyState") == QLatin1String("Enabled");
    m_editPolicyAction->setEnabled(enabled);
    m_rotateNowAction->setEnabled(enabled);
    m_copyKeyIdAction->setEnabled(!currentKey().isEmpty());
}

void RotationPage::updateCount()
{
    const qint64 count = m_model->totalCount();
    //: Above the rotation plan: how many keys have automatic rotation on.
    m_countLabel->setText(count == 1 ? tr("1 key rotates automatically")
                                     : tr("%1 keys rotate automatically").arg(count));
}

void RotationPage::updateTimeline()
{
    const QDateTime now = m_model->now();
    m_timeline->setPlan(now, m_model->plan(RotationTimeline::horizon(now)));
    m_timeline->setCurrentKey(currentKeyId());
}

QString RotationPage::loadFailureText() const
{
    return tr("Loading the rotation plan");
}

QString RotationPage::aliasAndIdText(const QString &alias, const QString &id) const
{
    //: How a key is named in questions: its alias, then its id in brackets.
    return tr("%1 (%2)").arg(alias, id);
}

void RotationPage::editPolicy()
{
    if (currentKey().isEmpty())
        return;
    auto *dialog = new RotationPolicyDialog(client(), currentKey(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void RotationPage::rotateNow()
{
    if (currentKey().isEmpty())
        return;
    const QString name = keyName(currentKey());
    if (!Dialogs::confirm(this, tr("Rotate Key"),
            tr("Rotate the key %1 now?\n\nA new primary version encrypts from now on; the older "
               "versions still decrypt. A key can be rotated by hand at most once in 7 days.")
                .arg(name)))
        return;
    const Response response = client().call(
        QStringLiteral("RotateKey"), { { QStringLiteral("cmkUuid"), currentKeyId() } });
    if (!response.ok()) {
        // KMS.0229 (rotated within 7 days) carries the date from when it is possible.
        Dialogs::showError(this, response, tr("Rotating the key %1").arg(name));
        return;
    }
    const QJsonObject metadata = response.data.value(QStringLiteral("keyMetadata")).toObject();
    if (field(metadata, "cmkUuid") == currentKeyId())
        setCurrentKey(metadata);
}

void RotationPage::retranslate()
{
    m_editPolicyAction->setText(tr("Edit Rotation &Policy…"));
    m_editPolicyAction->setToolTip(
        tr("Turn automatic rotation of the selected key on or off, or change its interval"));
    m_rotateNowAction->setText(tr("&Rotate Now"));
    m_rotateNowAction->setToolTip(tr("Make a new primary version of the selected key now (at "
                                     "most once in 7 days per key)"));
    m_copyKeyIdAction->setText(tr("Copy Key &ID"));
    m_toolBar->setWindowTitle(tr("Rotation actions"));
    m_ruleLabel->setText(
        tr("Keys with automatic rotation get a new primary version every interval; the console "
           "runs due rotations every minute. Rotation pauses while a key is disabled or "
           "pending deletion."));
    //: Title of the timeline below the rotation plan.
    m_timelineLabel->setText(tr("Rotations in the next 12 months"));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
