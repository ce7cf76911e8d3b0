#include "RotationPage.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"
#include "RotationPlanModel.h"
#include "RotationPolicyDialog.h"
#include "RotationTimeline.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

} // namespace

RotationPage::RotationPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new RotationPlanModel(client, this))
{
    setObjectName(QStringLiteral("rotationPage"));

    m_editPolicyAction = makeAction(
        "editPolicyAction", QKeySequence(Qt::CTRL | Qt::Key_P), &RotationPage::editPolicy);
    m_rotateNowAction = makeAction(
        "rotateNowAction", QKeySequence(Qt::CTRL | Qt::Key_R), &RotationPage::rotateNow);
    m_copyKeyIdAction = makeAction("copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &RotationPage::copyKeyId);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("rotationToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_editPolicyAction);
    m_toolBar->addAction(m_rotateNowAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_copyKeyIdAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(QStringLiteral("rotationContextMenu"));
    m_contextMenu->addAction(m_copyKeyIdAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_editPolicyAction);
    m_contextMenu->addAction(m_rotateNowAction);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_ruleLabel = new QLabel(this);
    m_ruleLabel->setObjectName(QStringLiteral("ruleLabel"));
    m_ruleLabel->setWordWrap(true);
    auto *topBar = new QHBoxLayout;
    topBar->addWidget(m_toolBar, 1);
    topBar->addWidget(m_countLabel);

    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("rotationTableView"));
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    QHeaderView *header = m_tableView->horizontalHeader();
    // The alias takes the room left: ids and dates keep their full width.
    header->setStretchLastSection(false);
    header->setSectionResizeMode(RotationPlanModel::AliasColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_tableView->fontMetrics();
    const auto widthOf = [&metrics](const char *sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    header->resizeSection(
        RotationPlanModel::KeyIdColumn, widthOf("00000000-0000-0000-0000-000000000000"));
    header->resizeSection(RotationPlanModel::StateColumn, widthOf("Pending deletion"));
    header->resizeSection(RotationPlanModel::IntervalColumn, widthOf("Every 365 days"));
    header->resizeSection(RotationPlanModel::LastRotationColumn, widthOf("2026-01-01 00:00_"));
    header->resizeSection(RotationPlanModel::NextRotationColumn, widthOf("2026-01-01 00:00_"));
    header->resizeSection(RotationPlanModel::DueColumn, widthOf("In 365 days___"));
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_tableView->setSortingEnabled(true); // header clicks call RotationPlanModel::sort: SQL
    // Columns that do not sort keep the indicator where the order really is.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int column) {
        if (!RotationPlanModel::isSortable(column)) {
            const QSignalBlocker blocker(header);
            header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
        }
    });

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
    m_splitter->addWidget(m_tableView);
    m_splitter->addWidget(timelineBox);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 300, 300 });
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(topBar);
    layout->addWidget(m_ruleLabel);
    layout->addWidget(m_splitter, 1);

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &RotationPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this](const QPoint &position) { popUpContextMenu(m_tableView, m_contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &RotationPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model->rowOfKey(currentKeyId());
            if (row >= topLeft.row() && row <= bottomRight.row())
                setCurrentKey(
                    m_model->index(row, 0).data(RotationPlanModel::KeyMetadataRole).toJsonObject());
        });
    connect(m_model, &RotationPlanModel::totalCountChanged, this, &RotationPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RotationPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RotationPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RotationPage::restoreSelection);
    connect(m_model, &RotationPlanModel::loadFailed, this, &RotationPage::showLoadError);
    // The model refreshes itself on a change; the timeline follows it.
    connect(&m_client, &KmsClient::storeChanged, this, &RotationPage::updateTimeline);
    connect(m_timeline, &RotationTimeline::keyActivated, this,
        [this](const QString &cmkUuid) { selectKey(cmkUuid); });

    retranslate();
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateTimeline();
    updateActions();
}

RotationPage::~RotationPage() = default;

QString RotationPage::title() const
{
    //: Navigation entry and title of the rotation plan page.
    return tr("Rotation");
}

void RotationPage::refresh()
{
    m_model->refresh();
    m_model->updateDueTexts(); // they depend on the time, which the store does not tell
    updateTimeline();
    updateCount();
}

QString RotationPage::currentKeyId() const
{
    return field(m_current, "cmkUuid");
}

bool RotationPage::selectKey(const QString &cmkUuid)
{
    const int row = m_model->rowOfKey(cmkUuid);
    if (row < 0)
        return false;
    m_tableView->setCurrentIndex(m_model->index(row, RotationPlanModel::KeyIdColumn));
    m_tableView->scrollTo(m_tableView->currentIndex());
    setCurrentKey(m_model->index(row, 0).data(RotationPlanModel::KeyMetadataRole).toJsonObject());
    return true;
}

QAction *RotationPage::makeAction(
    const char *objectName, const QKeySequence &shortcut, void (RotationPage::*slot)())
{
    auto *action = new QAction(this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

void RotationPage::setCurrentKey(const QJsonObject &keyMetadata)
{
    m_current = keyMetadata;
    m_timeline->setCurrentKey(currentKeyId());
    updateActions();
}

void RotationPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    setCurrentKey(current.isValid()
            ? current.data(RotationPlanModel::KeyMetadataRole).toJsonObject()
            : QJsonObject());
}

void RotationPage::restoreSelection()
{
    const int row = m_model->rowOfKey(currentKeyId());
    if (row >= 0) {
        m_tableView->setCurrentIndex(m_model->index(row, RotationPlanModel::KeyIdColumn));
        setCurrentKey(
            m_model->index(row, 0).data(RotationPlanModel::KeyMetadataRole).toJsonObject());
    } else {
        setCurrentKey({});
    }
    updateCount();
}

void RotationPage::updateActions()
{
    const bool enabled = field(m_current, "keyState") == QLatin1String("Enabled");
    m_editPolicyAction->setEnabled(enabled);
    m_rotateNowAction->setEnabled(enabled);
    m_copyKeyIdAction->setEnabled(!m_current.isEmpty());
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

void RotationPage::showLoadError(const Response &response)
{
    Dialogs::showError(this, response, tr("Loading the rotation plan"));
}

QString RotationPage::keyName(const QJsonObject &keyMetadata)
{
    const QJsonArray aliases = keyMetadata.value(QStringLiteral("aliases")).toArray();
    const QString id = field(keyMetadata, "cmkUuid");
    //: How a key is named in questions: its alias, then its id in brackets.
    return aliases.isEmpty() ? id : tr("%1 (%2)").arg(aliases.first().toString(), id);
}

void RotationPage::editPolicy()
{
    if (m_current.isEmpty())
        return;
    auto *dialog = new RotationPolicyDialog(m_client, m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void RotationPage::rotateNow()
{
    if (m_current.isEmpty())
        return;
    const QString name = keyName(m_current);
    if (!Dialogs::confirm(this, tr("Rotate Key"),
            tr("Rotate the key %1 now?\n\nA new primary version encrypts from now on; the older "
               "versions still decrypt. A key can be rotated by hand at most once in 7 days.")
                .arg(name)))
        return;
    const Response response = m_client.call(
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

void RotationPage::copyKeyId()
{
    if (m_current.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(currentKeyId());
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
