#include "ImportPage.h"

#include "Dialogs.h"
#include "DisplayText.h"
#include "ImportWizard.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include <QAction>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QShowEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

using display::field;

constexpr int kKeyIdRole = Qt::UserRole + 1;
constexpr int kPageSize = 100;
constexpr int kMaxPages = 50;

bool hasMaterial(const QJsonObject &key)
{
    const QString state = field(key, "keyState");
    return state == QLatin1String("Enabled") || state == QLatin1String("Disabled");
}

} // namespace

ImportPage::ImportPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("importPage"));
    m_wizard = new ImportWizard(client, this);
    m_wizard->setWindowFlags(Qt::Widget); // a part of the page, not a window of its own

    m_importAction = makePageAction(
        this, "importMaterialAction", QKeySequence(), &ImportPage::importForSelectedKey);
    m_deleteMaterialAction = makePageAction(
        this, "deleteMaterialAction", QKeySequence::Delete, &ImportPage::deleteMaterial);
    m_toolBar = makeToolBar(this, "importToolBar", { m_importAction, m_deleteMaterialAction });

    m_keysLabel = new QLabel(this);
    m_keysLabel->setWordWrap(true);
    m_keysTableWidget = new QTableWidget(0, DescriptionColumn + 1, this);
    m_keysTableWidget->setObjectName(QStringLiteral("externalKeysTableWidget"));
    m_keysTableWidget->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_keysTableWidget->setSelectionMode(QAbstractItemView::SingleSelection);
    m_keysTableWidget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keysTableWidget->verticalHeader()->hide();
    m_keysTableWidget->horizontalHeader()->setStretchLastSection(true);
    m_keysTableWidget->setWordWrap(false);
    m_keysLabel->setBuddy(m_keysTableWidget);

    auto *keysPane = new QWidget(this);
    auto *keysLayout = new QVBoxLayout(keysPane);
    keysLayout->setContentsMargins(0, 0, 0, 0);
    keysLayout->addWidget(m_keysLabel);
    keysLayout->addWidget(m_keysTableWidget, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("importSplitter"));
    splitter->addWidget(m_wizard);
    splitter->addWidget(keysPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({ 680, 560 }); // the table shows id, spec, state and expiry

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(splitter, 1);

    connect(
        m_keysTableWidget, &QTableWidget::itemSelectionChanged, this, &ImportPage::updateActions);
    // Keys made or changed elsewhere (the Keys page, kmsctl through this client) show here.
    connect(&m_client, &KmsClient::storeChanged, this, [this] {
        if (isVisible())
            refresh();
        else
            m_stale = true;
    });
    connect(m_wizard, &ImportWizard::materialImported, this, [this](const QString &cmkUuid) {
        refresh();
        selectKey(cmkUuid);
    });
    retranslate();
    refresh();
}

ImportPage::~ImportPage() = default;

QString ImportPage::title() const
{
    //: A section of the navigation list (import of key material, BYOK).
    return tr("Import");
}

void ImportPage::retranslate()
{
    m_importAction->setText(tr("&Import material…"));
    m_importAction->setToolTip(tr("Start the wizard for the selected key waiting for material"));
    m_deleteMaterialAction->setText(tr("&Delete material…"));
    m_deleteMaterialAction->setToolTip(
        tr("Delete the imported material of the selected key; it then waits for material again"));
    m_keysLabel->setText(tr("External keys (origin EXTERNAL). Their owners keep the backups of "
                            "the material."));
    m_keysTableWidget->setHorizontalHeaderLabels(
        { tr("Key"), tr("Spec"), tr("State"), tr("Material expires"), tr("Description") });
}

void ImportPage::showEvent(QShowEvent *event)
{
    if (m_stale)
        refresh();
    Page::showEvent(event);
}

void ImportPage::refresh()
{
    m_stale = false;
    const QString selected = field(currentKey(), "cmkUuid");
    m_keys.clear();
    for (int pageNumber = 1;
         pageNumber <= kMaxPages && m_client.mayCall(QStringLiteral("ListKeys")); ++pageNumber) {
        const Response response = m_client.call(QStringLiteral("ListKeys"),
            { { QStringLiteral("pageNumber"), pageNumber },
                { QStringLiteral("pageSize"), kPageSize } });
        if (!response.ok()) {
            Dialogs::showError(this, response, tr("Listing the external keys"));
            break;
        }
        const QJsonArray keys = response.data.value(QStringLiteral("keys")).toArray();
        for (const QJsonValue &value : keys) {
            const QJsonObject key = value.toObject();
            if (field(key, "origin") == QLatin1String("EXTERNAL"))
                m_keys.append(key);
        }
        if (keys.size() < kPageSize)
            break;
    }

    m_keysTableWidget->setRowCount(int(m_keys.size()));
    for (int row = 0; row < m_keys.size(); ++row) {
        const QJsonObject &key = m_keys.at(row);
        const QString expiry = field(key, "materialExpireTime");
        const QStringList texts = { field(key, "cmkUuid"), field(key, "keySpec"),
            field(key, "keyState"),
            expiry.isEmpty() ? QString() : display::localTime(expiry, display::Precision::Minutes),
            field(key, "description") };
        for (int column = 0; column < texts.size(); ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setData(kKeyIdRole, field(key, "cmkUuid"));
            item->setToolTip(texts.at(column));
            m_keysTableWidget->setItem(row, column, item);
        }
    }
    m_keysTableWidget->resizeColumnsToContents();
    if (!selected.isEmpty())
        selectKey(selected);
    m_wizard->reloadPendingKeys();
    updateActions();
}

QJsonObject ImportPage::currentKey() const
{
    const QList<QTableWidgetItem *> items = m_keysTableWidget->selectedItems();
    if (items.isEmpty())
        return {};
    const int row = items.constFirst()->row();
    return row >= 0 && row < m_keys.size() ? m_keys.at(row) : QJsonObject();
}

bool ImportPage::selectKey(const QString &cmkUuid)
{
    for (int row = 0; row < m_keys.size(); ++row) {
        if (field(m_keys.at(row), "cmkUuid") == cmkUuid) {
            m_keysTableWidget->selectRow(row);
            return true;
        }
    }
    return false;
}

void ImportPage::updateActions()
{
    const QJsonObject key = currentKey();
    m_importAction->setEnabled(field(key, "keyState") == QLatin1String("PendingImport"));
    m_deleteMaterialAction->setEnabled(hasMaterial(key));
}

void ImportPage::importForSelectedKey()
{
    const QJsonObject key = currentKey();
    if (field(key, "keyState") != QLatin1String("PendingImport"))
        return;
    m_wizard->startWithKey(field(key, "cmkUuid"));
}

void ImportPage::deleteMaterial()
{
    const QJsonObject key = currentKey();
    if (!hasMaterial(key))
        return;
    const QString id = field(key, "cmkUuid");
    //: %1 is the key's id.
    if (!Dialogs::confirm(this, tr("Delete Key Material"),
            tr("Delete the imported material of key %1?\n\nThe key stays and waits for material "
               "(PendingImport); what was encrypted with it cannot be decrypted until the same "
               "material is imported again. The console keeps no copy: only the owner's backup "
               "can restore it.")
                .arg(id)))
        return;
    const Response response
        = m_client.call(QStringLiteral("DeleteKeyMaterial"), { { QStringLiteral("cmkUuid"), id } });
    if (!response.ok()) {
        Dialogs::showError(this, response, tr("Deleting the key material"));
        return;
    }
    refresh();
    selectKey(id);
}

} // namespace kms::ui
