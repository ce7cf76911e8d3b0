#include "KeysPage.h"

#include "AliasDialog.h"
#include "ApprovalDialog.h"
#include "CreateKeyDialog.h"
#include "Dialogs.h"
#include "KeyDetailPane.h"
#include "KeyTableModel.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"
#include "api/StoreSession.h"

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

constexpr int kMinPendingWindowDays = 7;
constexpr int kMaxPendingWindowDays = 366;
constexpr int kDefaultPendingWindowDays = 30;

} // namespace

KeysPage::KeysPage(KmsClient &client, QWidget *parent)
    : KeyListPage(client, parent)
    , m_model(new KeyTableModel(client, this))
{
    setObjectName(QStringLiteral("keysPage"));

    m_createKeyAction
        = makePageAction(this, "createKeyAction", QKeySequence::New, &KeysPage::createKey);
    m_enableKeyAction = makePageAction(
        this, "enableKeyAction", QKeySequence(Qt::CTRL | Qt::Key_E), &KeysPage::enableKey);
    m_disableKeyAction = makePageAction(
        this, "disableKeyAction", QKeySequence(Qt::CTRL | Qt::Key_D), &KeysPage::disableKey);
    m_editDescriptionAction = makePageAction(
        this, "editDescriptionAction", QKeySequence(Qt::Key_F2), &KeysPage::editDescription);
    m_scheduleDeletionAction = makePageAction(
        this, "scheduleDeletionAction", QKeySequence::Delete, &KeysPage::scheduleDeletion);
    m_cancelDeletionAction = makePageAction(this, "cancelDeletionAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), &KeysPage::cancelDeletion);
    m_addAliasAction = makePageAction(this, "addAliasAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), &KeysPage::addAlias);
    m_repointAliasAction = makePageAction(this, "repointAliasAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), &KeysPage::repointAlias);
    m_removeAliasAction = makePageAction(this, "removeAliasAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete), &KeysPage::removeAlias);
    m_copyKeyIdAction = makePageAction(this, "copyKeyIdAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), &KeysPage::copyKeyId);

    m_toolBar = makeToolBar(this, "keysToolBar",
        { m_createKeyAction, nullptr, m_enableKeyAction, m_disableKeyAction,
            m_editDescriptionAction, nullptr, m_scheduleDeletionAction, m_cancelDeletionAction,
            nullptr, m_addAliasAction, m_repointAliasAction, m_removeAliasAction, nullptr,
            m_copyKeyIdAction });
    QMenu *contextMenu = makeMenu(this, "keyContextMenu",
        { m_copyKeyIdAction, nullptr, m_enableKeyAction, m_disableKeyAction,
            m_editDescriptionAction, nullptr, m_scheduleDeletionAction, m_cancelDeletionAction,
            nullptr, m_addAliasAction, m_repointAliasAction, m_removeAliasAction, nullptr,
            m_createKeyAction });

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
    fillRegionComboBox(m_regionComboBox, client);
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
    setUpTable(m_model, contextMenu);
    tableView()->setObjectName(QStringLiteral("keysTableView"));
    QHeaderView *header = tableView()->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    setColumnWidths(tableView(),
        { { KeyTableModel::AliasColumn, "alias/payroll-database" },
            { KeyTableModel::KeyIdColumn, "00000000-0000-0000-0000-000000000000" },
            { KeyTableModel::SpecColumn, "RSA_2048_" },
            { KeyTableModel::UsageColumn, "ENCRYPT/DECRYPT" },
            { KeyTableModel::StateColumn, "Pending deletion" },
            { KeyTableModel::ProtectionColumn, "SOFTWARE__" },
            { KeyTableModel::OriginColumn, "EXTERNAL_" },
            { KeyTableModel::CreatedColumn, "2026-01-01 00:00:00" } });

    m_detailPane = new KeyDetailPane(client, this);
    QSplitter *splitter = makeDetailSplitter(
        this, "keysSplitter", tableView(), m_detailPane, { 3, 1 }, { 900, 420 });
    layOutListPage(this, m_toolBar, filterBar, splitter);
    connectDelayedSearch(this, m_searchLineEdit, &m_searchTimer, &KeysPage::applySearch);
    connect(m_stateComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setStateFilter(m_stateComboBox->currentData().toString()); });
    connect(m_specComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setSpecFilter(m_specComboBox->currentData().toString()); });
    connect(m_regionComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setRegionFilter(m_regionComboBox->currentData().toString()); });

    connect(m_detailPane, &KeyDetailPane::aliasSelectionChanged, this, &KeysPage::updateActions);

    load();
}

KeysPage::~KeysPage() = default;

QString KeysPage::title() const
{
    //: Navigation entry and title of the key list page.
    return tr("Keys");
}

void KeysPage::refresh()
{
    fillRegionComboBox(m_regionComboBox, client());
    KeyListPage::refresh();
}

bool KeysPage::selectKey(const QString &cmkUuid, const QJsonObject &keyMetadata)
{
    if (KeyListPage::selectKey(cmkUuid))
        return true;
    if (keyMetadata.isEmpty())
        return false;
    // Not in the loaded rows (sort order, filters): the pane still shows it for the actions.
    tableView()->clearSelection();
    setCurrentKey(keyMetadata);
    return true;
}

void KeysPage::currentKeyChanged()
{
    m_detailPane->showKey(currentKey());
}

QStringList KeysPage::changeableAliases() const
{
    QStringList aliases;
    for (const QString &alias : KeyTableModel::aliasesOf(currentKey())) {
        if (!alias.startsWith(QLatin1String("alias/acs/")))
            aliases.append(alias);
    }
    return aliases;
}

void KeysPage::updateActions()
{
    const bool hasKey = !currentKey().isEmpty();
    const QString state = field(currentKey(), "keyState");
    const bool isDefault = !field(currentKey(), "defaultProduct").isEmpty();
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

QString KeysPage::loadFailureText() const
{
    return tr("Loading the key list");
}

bool KeysPage::run(const QString &action, const QJsonObject &params, const QString &what)
{
    const Response response = client().call(action, params);
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

QString KeysPage::aliasAndIdText(const QString &alias, const QString &id) const
{
    //: How a key is named in questions: its alias, then its id in brackets.
    return tr("%1 (%2)").arg(alias, id);
}

void KeysPage::createKey()
{
    auto *dialog = new CreateKeyDialog(client(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateKeyDialog::keyCreated, this,
        [this](
            const QString &cmkUuid, const QJsonObject &metadata) { selectKey(cmkUuid, metadata); });
    dialog->open();
}

void KeysPage::enableKey()
{
    if (currentKey().isEmpty())
        return;
    run(QStringLiteral("EnableKey"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Enabling the key %1").arg(keyName(currentKey())));
}

void KeysPage::disableKey()
{
    if (currentKey().isEmpty())
        return;
    run(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Disabling the key %1").arg(keyName(currentKey())));
}

void KeysPage::editDescription()
{
    if (currentKey().isEmpty())
        return;
    const QString cmkUuid = currentKeyId();
    const QString name = keyName(currentKey());
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("editDescriptionDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Edit Description"));
    auto *label = new QLabel(tr("Description of the key %1:").arg(name), dialog);
    label->setWordWrap(true);
    auto *edit = new QLineEdit(field(currentKey(), "description"), dialog);
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
        const Response response = client().call(QStringLiteral("UpdateKeyDescription"),
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
    if (currentKey().isEmpty())
        return;
    const QString cmkUuid = currentKeyId();
    const QString name = keyName(currentKey());
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
        //: Dual control: what the second officer approves; %1 names the key.
        if (!ApprovalDialog::approveIfNeeded(dialog, client().session(),
                QStringLiteral("ScheduleKeyDeletion"), cmkUuid,
                tr("Scheduling the deletion of the key %1").arg(name)))
            return;
        const Response response = client().call(QStringLiteral("ScheduleKeyDeletion"),
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
    if (currentKey().isEmpty())
        return;
    run(QStringLiteral("CancelKeyDeletion"), { { QStringLiteral("cmkUuid"), currentKeyId() } },
        tr("Cancelling the deletion of the key %1").arg(keyName(currentKey())));
}

void KeysPage::addAlias()
{
    if (currentKey().isEmpty())
        return;
    auto *dialog = new AliasDialog(client(), AliasDialog::Mode::Create, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setKeyText(currentKeyId(), true);
    dialog->open();
}

void KeysPage::repointAlias()
{
    const QStringList aliases = changeableAliases();
    if (aliases.isEmpty())
        return;
    auto *dialog = new AliasDialog(client(), AliasDialog::Mode::Repoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAliasChoices(aliases);
    const QString picked = m_detailPane->selectedAlias();
    dialog->setAliasName(aliases.contains(picked) ? picked : aliases.first());
    dialog->setRegionId(field(currentKey(), "regionId"));
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
    const QString name = keyName(currentKey());
    if (!Dialogs::confirm(this, tr("Remove Alias"),
            tr("Remove the alias %1 from the key %2?\n\nApplications that use the alias will "
               "no longer find the key.")
                .arg(alias, name)))
        return;
    run(QStringLiteral("DeleteAlias"),
        { { QStringLiteral("aliasName"), alias },
            { QStringLiteral("regionId"), field(currentKey(), "regionId") } },
        tr("Removing the alias %1").arg(alias));
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
