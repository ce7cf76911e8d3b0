#include "KeysPage.h"

#include "AliasDialog.h"
#include "CreateKeyDialog.h"
#include "Dialogs.h"
#include "KeyDetailPane.h"
#include "KeyTableModel.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

constexpr int kSearchDelayMs = 200; // typing pauses this long before the list is filtered
constexpr int kMinPendingWindowDays = 7;
constexpr int kMaxPendingWindowDays = 366;
constexpr int kDefaultPendingWindowDays = 30;

QString field(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

QStringList aliasesOf(const QJsonObject &key)
{
    QStringList aliases;
    const QJsonArray array = key.value(QStringLiteral("aliases")).toArray();
    for (const QJsonValue &alias : array)
        aliases.append(alias.toString());
    return aliases;
}

} // namespace

KeysPage::KeysPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new KeyTableModel(client, this))
{
    setObjectName(QStringLiteral("keysPage"));

    m_createKeyAction = makeAction("createKeyAction", QKeySequence::New, &KeysPage::createKey);
    m_enableKeyAction
        = makeAction("enableKeyAction", QKeySequence(Qt::CTRL | Qt::Key_E), &KeysPage::enableKey);
    m_disableKeyAction
        = makeAction("disableKeyAction", QKeySequence(Qt::CTRL | Qt::Key_D), &KeysPage::disableKey);
    m_editDescriptionAction
        = makeAction("editDescriptionAction", QKeySequence(Qt::Key_F2), &KeysPage::editDescription);
    m_scheduleDeletionAction
        = makeAction("scheduleDeletionAction", QKeySequence::Delete, &KeysPage::scheduleDeletion);
    m_cancelDeletionAction = makeAction("cancelDeletionAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), &KeysPage::cancelDeletion);
    m_addAliasAction = makeAction(
        "addAliasAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), &KeysPage::addAlias);
    m_repointAliasAction = makeAction("repointAliasAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), &KeysPage::repointAlias);
    m_removeAliasAction = makeAction("removeAliasAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), &KeysPage::removeAlias);
    m_copyKeyIdAction = makeAction(
        "copyKeyIdAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &KeysPage::copyKeyId);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("keysToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_createKeyAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_enableKeyAction);
    m_toolBar->addAction(m_disableKeyAction);
    m_toolBar->addAction(m_editDescriptionAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_scheduleDeletionAction);
    m_toolBar->addAction(m_cancelDeletionAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_addAliasAction);
    m_toolBar->addAction(m_repointAliasAction);
    m_toolBar->addAction(m_removeAliasAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_copyKeyIdAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(QStringLiteral("keyContextMenu"));
    m_contextMenu->addAction(m_copyKeyIdAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_enableKeyAction);
    m_contextMenu->addAction(m_disableKeyAction);
    m_contextMenu->addAction(m_editDescriptionAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_scheduleDeletionAction);
    m_contextMenu->addAction(m_cancelDeletionAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_addAliasAction);
    m_contextMenu->addAction(m_repointAliasAction);
    m_contextMenu->addAction(m_removeAliasAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_createKeyAction);

    // Filter bar.
    m_searchLineEdit = new QLineEdit(this);
    m_searchLineEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchLineEdit->setClearButtonEnabled(true);
    m_stateLabel = new QLabel(this);
    m_stateComboBox = new QComboBox(this);
    m_stateComboBox->setObjectName(QStringLiteral("stateComboBox"));
    for (const char *state : { "", "Enabled", "Disabled", "PendingDeletion", "PendingImport" })
        m_stateComboBox->addItem(QString(), QString::fromLatin1(state));
    m_stateLabel->setBuddy(m_stateComboBox);
    m_specLabel = new QLabel(this);
    m_specComboBox = new QComboBox(this);
    m_specComboBox->setObjectName(QStringLiteral("specComboBox"));
    m_specComboBox->addItem(QString(), QString());
    for (const QString &spec : CreateKeyDialog::keySpecs())
        m_specComboBox->addItem(spec, spec);
    m_specLabel->setBuddy(m_specComboBox);
    m_regionLabel = new QLabel(this);
    m_regionComboBox = new QComboBox(this);
    m_regionComboBox->setObjectName(QStringLiteral("regionComboBox"));
    m_regionComboBox->addItem(QString(), QString());
    m_regionLabel->setBuddy(m_regionComboBox);
    fillRegionComboBox(m_regionComboBox, m_client);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));

    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_searchLineEdit, 3);
    filterBar->addWidget(m_stateLabel);
    filterBar->addWidget(m_stateComboBox, 1);
    filterBar->addWidget(m_specLabel);
    filterBar->addWidget(m_specComboBox, 1);
    filterBar->addWidget(m_regionLabel);
    filterBar->addWidget(m_regionComboBox, 1);
    filterBar->addWidget(m_countLabel);

    // Table and detail pane.
    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("keysTableView"));
    m_tableView->setModel(m_model);
    setUpListView(m_tableView);
    QHeaderView *header = m_tableView->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    // Widths from the texts the columns hold, so ids and dates are not cut off.
    const QFontMetrics metrics = m_tableView->fontMetrics();
    const auto widthOf = [&metrics](const char *sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 16;
    };
    header->resizeSection(KeyTableModel::AliasColumn, widthOf("alias/payroll-database"));
    header->resizeSection(
        KeyTableModel::KeyIdColumn, widthOf("00000000-0000-0000-0000-000000000000"));
    header->resizeSection(KeyTableModel::SpecColumn, widthOf("RSA_2048_"));
    header->resizeSection(KeyTableModel::UsageColumn, widthOf("ENCRYPT/DECRYPT"));
    header->resizeSection(KeyTableModel::StateColumn, widthOf("Pending deletion"));
    header->resizeSection(KeyTableModel::ProtectionColumn, widthOf("SOFTWARE__"));
    header->resizeSection(KeyTableModel::OriginColumn, widthOf("EXTERNAL_"));
    header->resizeSection(KeyTableModel::CreatedColumn, widthOf("2026-01-01 00:00:00"));
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_tableView->setSortingEnabled(true); // header clicks call KeyTableModel::sort: SQL

    m_detailPane = new KeyDetailPane(client, this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("keysSplitter"));
    splitter->addWidget(m_tableView);
    splitter->addWidget(m_detailPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 900, 420 });
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addLayout(filterBar);
    layout->addWidget(splitter, 1);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(kSearchDelayMs);
    connect(&m_searchTimer, &QTimer::timeout, this, &KeysPage::applySearch);
    connect(m_searchLineEdit, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_searchLineEdit, &QLineEdit::returnPressed, this, &KeysPage::applySearch);
    connect(m_stateComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setStateFilter(m_stateComboBox->currentData().toString()); });
    connect(m_specComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setSpecFilter(m_specComboBox->currentData().toString()); });
    connect(m_regionComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setRegionFilter(m_regionComboBox->currentData().toString()); });

    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &KeysPage::currentRowChanged);
    connect(m_tableView, &QTableView::customContextMenuRequested, this,
        [this](const QPoint &position) { popUpContextMenu(m_tableView, m_contextMenu, position); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &KeysPage::restoreSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model->rowOfKey(currentKeyId());
            if (row >= topLeft.row() && row <= bottomRight.row())
                setCurrentKey(
                    m_model->index(row, 0).data(KeyTableModel::KeyMetadataRole).toJsonObject());
        });
    connect(m_model, &KeyTableModel::totalCountChanged, this, &KeysPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &KeysPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &KeysPage::updateCount);
    connect(m_model, &KeyTableModel::loadFailed, this, &KeysPage::showLoadError);
    connect(m_detailPane, &KeyDetailPane::aliasSelectionChanged, this, &KeysPage::updateActions);

    retranslate();
    // The first page at once: the table is not empty when the page appears.
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateActions();
}

KeysPage::~KeysPage() = default;

QString KeysPage::title() const
{
    //: Navigation entry and title of the key list page.
    return tr("Keys");
}

void KeysPage::refresh()
{
    fillRegionComboBox(m_regionComboBox, m_client);
    m_model->refresh();
    updateCount();
}

QString KeysPage::currentKeyId() const
{
    return field(m_current, "cmkUuid");
}

bool KeysPage::selectKey(const QString &cmkUuid, const QJsonObject &keyMetadata)
{
    const int row = m_model->rowOfKey(cmkUuid);
    if (row >= 0) {
        m_tableView->setCurrentIndex(m_model->index(row, KeyTableModel::KeyIdColumn));
        m_tableView->scrollTo(m_tableView->currentIndex());
        setCurrentKey(m_model->index(row, 0).data(KeyTableModel::KeyMetadataRole).toJsonObject());
        return true;
    }
    if (keyMetadata.isEmpty())
        return false;
    // Not in the loaded rows (sort order, filters): the pane still shows it for the actions.
    m_tableView->clearSelection();
    setCurrentKey(keyMetadata);
    return true;
}

QAction *KeysPage::makeAction(
    const char *objectName, const QKeySequence &shortcut, void (KeysPage::*slot)())
{
    auto *action = new QAction(this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    // Only while the page (or a child) has the focus: other pages use the same keys.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

void KeysPage::setCurrentKey(const QJsonObject &keyMetadata)
{
    m_current = keyMetadata;
    m_detailPane->showKey(keyMetadata);
    updateActions();
}

void KeysPage::currentRowChanged()
{
    const QModelIndex current = m_tableView->selectionModel()->currentIndex();
    setCurrentKey(current.isValid() ? current.data(KeyTableModel::KeyMetadataRole).toJsonObject()
                                    : QJsonObject());
}

void KeysPage::restoreSelection()
{
    // A reset (sort, filter, refresh) keeps the key selected if it is still listed.
    const int row = m_model->rowOfKey(currentKeyId());
    if (row >= 0) {
        m_tableView->setCurrentIndex(m_model->index(row, KeyTableModel::KeyIdColumn));
        setCurrentKey(m_model->index(row, 0).data(KeyTableModel::KeyMetadataRole).toJsonObject());
    } else {
        setCurrentKey({});
    }
    updateCount();
}

QStringList KeysPage::changeableAliases() const
{
    QStringList aliases;
    for (const QString &alias : aliasesOf(m_current)) {
        if (!alias.startsWith(QLatin1String("alias/acs/")))
            aliases.append(alias);
    }
    return aliases;
}

void KeysPage::updateActions()
{
    const bool hasKey = !m_current.isEmpty();
    const QString state = field(m_current, "keyState");
    const bool isDefault = !field(m_current, "defaultProduct").isEmpty();
    const bool pending = state == QLatin1String("PendingDeletion");
    const bool hasAliases = !changeableAliases().isEmpty();
    m_enableKeyAction->setEnabled(hasKey && state == QLatin1String("Disabled"));
    m_disableKeyAction->setEnabled(hasKey && state == QLatin1String("Enabled") && !isDefault);
    m_editDescriptionAction->setEnabled(hasKey && !pending);
    m_scheduleDeletionAction->setEnabled(hasKey && !pending && !isDefault);
    m_cancelDeletionAction->setEnabled(hasKey && pending);
    m_addAliasAction->setEnabled(hasKey && !pending && !isDefault);
    m_repointAliasAction->setEnabled(hasKey && hasAliases);
    m_removeAliasAction->setEnabled(hasKey && hasAliases);
    m_copyKeyIdAction->setEnabled(hasKey);
}

void KeysPage::updateCount()
{
    // How many keys match the filters (all pages, not only the loaded ones).
    const qint64 count = m_model->totalCount();
    //: Above the key list: how many keys match the filters.
    m_countLabel->setText(count == 1 ? tr("1 key") : tr("%1 keys").arg(count));
}

void KeysPage::applySearch()
{
    m_searchTimer.stop();
    m_model->setSearchText(m_searchLineEdit->text());
}

void KeysPage::showLoadError(const Response &response)
{
    Dialogs::showError(this, response, tr("Loading the key list"));
}

bool KeysPage::run(const QString &action, const QJsonObject &params, const QString &what)
{
    const Response response = m_client.call(action, params);
    if (!response.ok()) {
        Dialogs::showError(this, response, what);
        return false;
    }
    // The model refreshed on storeChanged; the answer is the freshest state of the key.
    const QJsonObject metadata = response.data.value(QStringLiteral("keyMetadata")).toObject();
    if (!metadata.isEmpty() && field(metadata, "cmkUuid") == currentKeyId())
        setCurrentKey(metadata);
    return true;
}

QString KeysPage::keyName(const QJsonObject &keyMetadata)
{
    const QStringList aliases = aliasesOf(keyMetadata);
    const QString id = field(keyMetadata, "cmkUuid");
    //: How a key is named in questions: its alias, then its id in brackets.
    return aliases.isEmpty() ? id : tr("%1 (%2)").arg(aliases.first(), id);
}

void KeysPage::createKey()
{
    auto *dialog = new CreateKeyDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateKeyDialog::keyCreated, this,
        [this](
            const QString &cmkUuid, const QJsonObject &metadata) { selectKey(cmkUuid, metadata); });
    dialog->open();
}

void KeysPage::enableKey()
{
    if (m_current.isEmpty())
        return;
    run(QStringLiteral("EnableKey"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Enabling the key %1").arg(keyName(m_current)));
}

void KeysPage::disableKey()
{
    if (m_current.isEmpty())
        return;
    run(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Disabling the key %1").arg(keyName(m_current)));
}

void KeysPage::editDescription()
{
    if (m_current.isEmpty())
        return;
    const QString cmkUuid = currentKeyId();
    const QString name = keyName(m_current);
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("editDescriptionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Edit Description"));
    auto *label = new QLabel(tr("Description of the key %1:").arg(name), dialog);
    label->setWordWrap(true);
    auto *edit = new QLineEdit(field(m_current, "description"), dialog);
    edit->setObjectName(QStringLiteral("descriptionLineEdit"));
    label->setBuddy(edit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(label);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    dialog->resize(480, dialog->sizeHint().height());
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, edit, cmkUuid, name] {
        const Response response = m_client.call(QStringLiteral("UpdateKeyDescription"),
            { { QStringLiteral("cmkUuid"), cmkUuid },
                { QStringLiteral("description"), edit->text() } });
        if (!response.ok()) {
            Dialogs::showError(
                dialog, response, tr("Changing the description of the key %1").arg(name));
            return; // stays open with the text
        }
        dialog->accept();
    });
    dialog->open();
}

void KeysPage::scheduleDeletion()
{
    if (m_current.isEmpty())
        return;
    const QString cmkUuid = currentKeyId();
    const QString name = keyName(m_current);
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("scheduleDeletionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Schedule Key Deletion"));
    auto *label = new QLabel(tr("The key %1 will be deleted when the waiting period is over. "
                                "Until then it cannot be used, and the deletion can be "
                                "cancelled.")
                                 .arg(name),
        dialog);
    label->setWordWrap(true);
    auto *daysLabel = new QLabel(tr("&Waiting period:"), dialog);
    auto *spin = new QSpinBox(dialog);
    spin->setObjectName(QStringLiteral("pendingWindowSpinBox"));
    spin->setRange(kMinPendingWindowDays, kMaxPendingWindowDays);
    spin->setValue(kDefaultPendingWindowDays);
    //: Suffix of the waiting period before a key is deleted, in days.
    spin->setSuffix(tr(" days"));
    daysLabel->setBuddy(spin);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    auto *row = new QHBoxLayout;
    row->addWidget(daysLabel);
    row->addWidget(spin, 1);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(label);
    layout->addLayout(row);
    layout->addWidget(buttons);
    dialog->resize(480, dialog->sizeHint().height());
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, spin, cmkUuid, name] {
        const int days = spin->value();
        //: Question before a key is scheduled for deletion; %1 names the key, %2 is the
        //: number of days (7 to 366) it waits.
        const QString question = tr("Delete the key %1 in %2 days?\n\nWhen the waiting period "
                                    "is over, the key and all its versions are destroyed, and "
                                    "nothing encrypted under it can be decrypted any more.")
                                     .arg(name, QString::number(days));
        if (!Dialogs::confirm(dialog, tr("Schedule Key Deletion"), question))
            return;
        const Response response = m_client.call(QStringLiteral("ScheduleKeyDeletion"),
            { { QStringLiteral("cmkUuid"), cmkUuid },
                { QStringLiteral("pendingWindowInDays"), days } });
        if (!response.ok()) {
            Dialogs::showError(
                dialog, response, tr("Scheduling the deletion of the key %1").arg(name));
            return;
        }
        dialog->accept();
    });
    dialog->open();
}

void KeysPage::cancelDeletion()
{
    if (m_current.isEmpty())
        return;
    run(QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Cancelling the deletion of the key %1").arg(keyName(m_current)));
}

void KeysPage::addAlias()
{
    if (m_current.isEmpty())
        return;
    auto *dialog = new AliasDialog(m_client, AliasDialog::Mode::Create, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setKeyText(currentKeyId(), true);
    dialog->open();
}

void KeysPage::repointAlias()
{
    const QStringList aliases = changeableAliases();
    if (aliases.isEmpty())
        return;
    auto *dialog = new AliasDialog(m_client, AliasDialog::Mode::Repoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAliasChoices(aliases);
    const QString picked = m_detailPane->selectedAlias();
    dialog->setAliasName(aliases.contains(picked) ? picked : aliases.first());
    dialog->setRegionId(field(m_current, "regionId"));
    dialog->open();
}

void KeysPage::removeAlias()
{
    const QStringList aliases = changeableAliases();
    if (aliases.isEmpty())
        return;
    // The alias picked in the detail pane, else the key's first one: the question names it.
    const QString picked = m_detailPane->selectedAlias();
    const QString alias = aliases.contains(picked) ? picked : aliases.first();
    const QString name = keyName(m_current);
    if (!Dialogs::confirm(this, tr("Remove Alias"),
            tr("Remove the alias %1 from the key %2?\n\nApplications that use the alias will "
               "no longer find the key.")
                .arg(alias, name)))
        return;
    run(QStringLiteral("DeleteAlias"),
        { { QStringLiteral("aliasName"), alias },
            { QStringLiteral("regionId"), field(m_current, "regionId") } },
        tr("Removing the alias %1").arg(alias));
}

void KeysPage::copyKeyId()
{
    if (m_current.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(currentKeyId());
}

void KeysPage::retranslate()
{
    m_createKeyAction->setText(tr("&Create Key…"));
    m_createKeyAction->setToolTip(tr("Create a new key"));
    m_enableKeyAction->setText(tr("&Enable"));
    m_enableKeyAction->setToolTip(tr("Enable the selected key so it can be used again"));
    m_disableKeyAction->setText(tr("&Disable"));
    m_disableKeyAction->setToolTip(tr("Disable the selected key: it can no longer be used"));
    m_editDescriptionAction->setText(tr("Edit &Description…"));
    m_scheduleDeletionAction->setText(tr("Schedule De&letion…"));
    m_scheduleDeletionAction->setToolTip(
        tr("Delete the selected key after a waiting period of 7 to 366 days"));
    m_cancelDeletionAction->setText(tr("Cancel Deletio&n"));
    m_cancelDeletionAction->setToolTip(
        tr("Keep the selected key; it stays disabled until you enable it"));
    m_addAliasAction->setText(tr("&Add Alias…"));
    m_repointAliasAction->setText(tr("&Repoint Alias…"));
    m_repointAliasAction->setToolTip(tr("Point an alias of the selected key at another key"));
    m_removeAliasAction->setText(tr("Re&move Alias"));
    m_removeAliasAction->setToolTip(
        tr("Remove the alias picked in the details (or the key's only alias)"));
    m_copyKeyIdAction->setText(tr("Copy Key &ID"));
    m_toolBar->setWindowTitle(tr("Key actions"));

    m_searchLineEdit->setPlaceholderText(tr("Search key ID, alias or description"));
    m_stateLabel->setText(tr("&State:"));
    m_specLabel->setText(tr("S&pec:"));
    m_regionLabel->setText(tr("Re&gion:"));
    for (int i = 0; i < m_stateComboBox->count(); ++i) {
        const QString state = m_stateComboBox->itemData(i).toString();
        m_stateComboBox->setItemText(
            i, state.isEmpty() ? tr("All states") : KeyTableModel::stateText(state));
    }
    m_specComboBox->setItemText(0, tr("All specs"));
    m_regionComboBox->setItemText(0, tr("All regions"));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
