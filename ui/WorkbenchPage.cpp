#include "WorkbenchPage.h"

#include "AsymmetricCryptoTab.h"
#include "DataKeyTab.h"
#include "Dialogs.h"
#include "FileCryptoTab.h"
#include "KmsClient.h"
#include "PublicKeyTab.h"
#include "SignVerifyTab.h"
#include "TextCryptoTab.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHideEvent>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShowEvent>
#include <QTabWidget>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

constexpr int kPageSize = 100; // the largest page ListKeys serves
constexpr int kMaxListedKeys = 200; // the picker lists at most this many; the filter finds others
constexpr int kMetadataRole = Qt::UserRole + 1; // keyMetadata of the item's key
constexpr int kFilterDelayMs = 250;

QString nameOf(const QJsonObject &metadata)
{
    const QJsonArray aliases = metadata.value(QStringLiteral("aliases")).toArray();
    return aliases.isEmpty() ? metadata.value(QStringLiteral("cmkUuid")).toString()
                             : aliases.first().toString();
}

} // namespace

WorkbenchPage::WorkbenchPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_task(std::make_unique<WorkbenchTask>())
{
    setObjectName(QStringLiteral("workbenchPage"));

    m_keyLabel = new QLabel(this);
    m_keyFilterEdit = new QLineEdit(this);
    m_keyFilterEdit->setObjectName(QStringLiteral("keyFilterLineEdit"));
    m_keyFilterEdit->setClearButtonEnabled(true);
    m_keyComboBox = new QComboBox(this);
    m_keyComboBox->setObjectName(QStringLiteral("keyComboBox"));
    m_keyComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_keyComboBox->setMinimumContentsLength(40);
    m_keyLabel->setBuddy(m_keyComboBox);
    m_versionLabel = new QLabel(this);
    m_versionComboBox = new QComboBox(this);
    m_versionComboBox->setObjectName(QStringLiteral("keyVersionComboBox"));
    m_versionComboBox->setEditable(true); // another live version may be typed in
    m_versionComboBox->setInsertPolicy(QComboBox::NoInsert);
    m_versionComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_versionComboBox->setMinimumContentsLength(24);
    m_versionLabel->setBuddy(m_versionComboBox);
    m_keyHintLabel = new QLabel(this);
    m_keyHintLabel->setObjectName(QStringLiteral("keyHintLabel"));
    m_keyHintLabel->setWordWrap(true);

    m_tabWidget = new QTabWidget(this);
    m_tabWidget->setObjectName(QStringLiteral("operationsTabWidget"));
    m_publicKeyTab = new PublicKeyTab(client, this);
    m_tabs = {
        new TextCryptoTab(client, this),
        new FileCryptoTab(client, *m_task, this),
        new DataKeyTab(client, this),
        new SignVerifyTab(client, *m_task, this),
        new AsymmetricCryptoTab(client, this),
        m_publicKeyTab,
    };
    for (WorkbenchTab *tab : std::as_const(m_tabs))
        m_tabWidget->addTab(tab, QString());

    m_taskLabel = new QLabel(this);
    m_taskLabel->setObjectName(QStringLiteral("taskLabel"));
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("progressBar"));
    m_progressBar->setRange(0, 100);
    m_progressBar->setValue(0);
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setEnabled(false);

    auto *keyRow = new QGridLayout;
    keyRow->addWidget(m_keyLabel, 0, 0);
    keyRow->addWidget(m_keyFilterEdit, 0, 1);
    keyRow->addWidget(m_keyComboBox, 0, 2);
    keyRow->addWidget(m_versionLabel, 0, 3);
    keyRow->addWidget(m_versionComboBox, 0, 4);
    keyRow->addWidget(m_keyHintLabel, 1, 1, 1, 4);
    keyRow->setColumnStretch(2, 1);
    auto *taskRow = new QHBoxLayout;
    taskRow->addWidget(m_taskLabel);
    taskRow->addWidget(m_progressBar, 1);
    taskRow->addWidget(m_cancelButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(keyRow);
    layout->addWidget(m_tabWidget, 1);
    layout->addLayout(taskRow);

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(kFilterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &WorkbenchPage::refresh);
    connect(m_keyFilterEdit, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_keyComboBox, &QComboBox::currentIndexChanged, this, &WorkbenchPage::keyPicked);
    connect(m_versionComboBox, &QComboBox::activated, this, &WorkbenchPage::versionPicked);
    connect(m_versionComboBox->lineEdit(), &QLineEdit::editingFinished, this,
        &WorkbenchPage::versionPicked);
    connect(m_cancelButton, &QPushButton::clicked, m_task.get(), &WorkbenchTask::cancel);
    connect(m_task.get(), &WorkbenchTask::started, this, &WorkbenchPage::taskStarted);
    connect(m_task.get(), &WorkbenchTask::progressChanged, m_progressBar, &QProgressBar::setValue);
    connect(m_task.get(), &WorkbenchTask::finished, this, &WorkbenchPage::taskFinished);
    connect(&m_client, &KmsClient::storeChanged, this, [this] {
        // Keys enabled, disabled, created or renamed elsewhere in the console.
        if (isVisible())
            refresh();
        else
            m_stale = true;
    });

    retranslate();
    applyKey(WorkbenchKey());
}

WorkbenchPage::~WorkbenchPage()
{
    // Stop a running job before the tabs its callback would report to go away.
    m_task.reset();
    clearSecrets();
}

QString WorkbenchPage::title() const
{
    //: Page of the main window's navigation.
    return tr("Crypto workbench");
}

void WorkbenchPage::retranslate()
{
    m_keyLabel->setText(tr("&Key:"));
    m_keyFilterEdit->setPlaceholderText(tr("Filter keys…"));
    m_keyComboBox->setPlaceholderText(tr("No enabled key"));
    m_versionLabel->setText(tr("&Version:"));
    m_versionComboBox->setToolTip(
        tr("The key version for signatures and asymmetric encryption: the primary version, or "
           "another live version typed in"));
    for (int i = 0; i < m_tabs.size(); ++i)
        m_tabWidget->setTabText(i, m_tabs.at(i)->title());
    m_cancelButton->setText(tr("Ca&ncel"));
    updateKeyHint();
    updateTaskLabel();
    updateKeyItemTexts();
}

void WorkbenchPage::updateKeyItemTexts()
{
    for (int i = 0; i < m_keyComboBox->count(); ++i) {
        const QJsonObject metadata = m_keyComboBox->itemData(i, kMetadataRole).toJsonObject();
        //: Entry of the key picker: %1 alias or key id, %2 key spec, %3 key usage.
        m_keyComboBox->setItemText(i,
            tr("%1 (%2, %3)")
                .arg(nameOf(metadata), metadata.value(QStringLiteral("keySpec")).toString(),
                    metadata.value(QStringLiteral("keyUsage")).toString()));
    }
}

void WorkbenchPage::refresh()
{
    m_stale = false;
    const QString filter = m_keyFilterEdit->text().trimmed();
    QList<QJsonObject> keys;
    int total = 0;
    for (int pageNumber = 1; keys.size() < kMaxListedKeys; ++pageNumber) {
        QJsonObject params {
            { QStringLiteral("keyState"), QStringLiteral("Enabled") },
            { QStringLiteral("pageNumber"), pageNumber },
            { QStringLiteral("pageSize"), kPageSize },
            { QStringLiteral("sortBy"), QStringLiteral("alias") },
            { QStringLiteral("sortOrder"), QStringLiteral("asc") },
        };
        if (!filter.isEmpty())
            params.insert(QStringLiteral("search"), filter);
        if (!m_client.mayCall(QStringLiteral("ListKeys")))
            break; // the console is locked
        const Response response = m_client.call(QStringLiteral("ListKeys"), params);
        if (!response.ok()) {
            Dialogs::showError(this, response, tr("Loading the keys"));
            break;
        }
        const QJsonArray page = response.data.value(QStringLiteral("keys")).toArray();
        total = response.data.value(QStringLiteral("totalCount")).toInt();
        for (const QJsonValue &key : page)
            keys.append(key.toObject());
        if (page.size() < kPageSize || keys.size() >= total)
            break;
    }

    const QString picked = m_key.cmkUuid;
    {
        const QSignalBlocker blocker(m_keyComboBox);
        m_keyComboBox->clear();
        for (const QJsonObject &metadata : std::as_const(keys)) {
            m_keyComboBox->addItem(QString(), metadata.value(QStringLiteral("cmkUuid")).toString());
            const int index = m_keyComboBox->count() - 1;
            m_keyComboBox->setItemData(index, metadata, kMetadataRole);
            m_keyComboBox->setItemData(
                index, metadata.value(QStringLiteral("cmkUuid")).toString(), Qt::ToolTipRole);
        }
        const int index = m_keyComboBox->findData(picked);
        m_keyComboBox->setCurrentIndex(index >= 0 ? index : (keys.isEmpty() ? -1 : 0));
    }
    m_listedKeys = int(keys.size());
    m_totalKeys = total;
    updateKeyItemTexts();
    updateKeyHint();
    keyPicked();
}

bool WorkbenchPage::selectKey(const QString &cmkUuid)
{
    if (m_stale)
        refresh();
    int index = m_keyComboBox->findData(cmkUuid);
    if (index < 0) {
        // Not among the listed keys (the filter, or the list's limit): ask for it.
        const Response response = m_client.call(
            QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), cmkUuid } });
        if (!response.ok()) {
            Dialogs::showError(this, response, tr("Opening the key in the workbench"));
            return false;
        }
        const QJsonObject metadata = response.data.value(QStringLiteral("keyMetadata")).toObject();
        if (metadata.value(QStringLiteral("keyState")).toString() != keymodel::kEnabled)
            return false;
        const QSignalBlocker blocker(m_keyComboBox);
        m_keyComboBox->insertItem(
            0, QString(), metadata.value(QStringLiteral("cmkUuid")).toString());
        m_keyComboBox->setItemData(0, metadata, kMetadataRole);
        m_keyComboBox->setItemData(
            0, metadata.value(QStringLiteral("cmkUuid")).toString(), Qt::ToolTipRole);
        ++m_listedKeys;
        updateKeyItemTexts();
        index = 0;
    }
    m_keyComboBox->setCurrentIndex(index);
    keyPicked(); // also when it was picked already, for a fresh version
    return true;
}

void WorkbenchPage::keyPicked()
{
    WorkbenchKey key;
    const int index = m_keyComboBox->currentIndex();
    if (index >= 0) {
        QJsonObject metadata = m_keyComboBox->itemData(index, kMetadataRole).toJsonObject();
        key.cmkUuid = metadata.value(QStringLiteral("cmkUuid")).toString();
        key.keySpec = metadata.value(QStringLiteral("keySpec")).toString();
        key.keyUsage = metadata.value(QStringLiteral("keyUsage")).toString();
        key.label = nameOf(metadata);
        if (key.isAsymmetric()) {
            // The primary version may have moved on since the list was loaded.
            const Response described = m_client.call(
                QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), key.cmkUuid } });
            if (described.ok())
                metadata = described.data.value(QStringLiteral("keyMetadata")).toObject();
            key.keyVersionId = metadata.value(QStringLiteral("primaryKeyVersion")).toString();
        }
    }
    if (key.cmkUuid != m_key.cmkUuid)
        clearSecrets();

    m_versionComboBox->clear();
    if (key.isAsymmetric() && !key.keyVersionId.isEmpty()) {
        m_versionComboBox->addItem(key.keyVersionId);
        //: Tool tip of the primary version in the version picker.
        m_versionComboBox->setItemData(0, tr("The primary version"), Qt::ToolTipRole);
    }
    m_versionComboBox->setEnabled(key.isAsymmetric() && !m_task->isRunning());
    applyKey(key);
}

void WorkbenchPage::versionPicked()
{
    const QString version = m_versionComboBox->currentText().trimmed();
    if (!m_key.isAsymmetric() || version == m_key.keyVersionId)
        return;
    WorkbenchKey key = m_key;
    key.keyVersionId = version;
    applyKey(key);
}

void WorkbenchPage::applyKey(const WorkbenchKey &key)
{
    m_key = key;
    for (WorkbenchTab *tab : std::as_const(m_tabs))
        tab->setKey(m_key);
    updateTabs();
}

void WorkbenchPage::updateTabs()
{
    for (int i = 0; i < m_tabs.size(); ++i)
        m_tabWidget->setTabEnabled(i, m_tabs.at(i)->isAvailableFor(m_key));
}

void WorkbenchPage::updateKeyHint()
{
    if (m_stale)
        m_keyHintLabel->clear();
    else if (m_listedKeys == 0 && m_keyFilterEdit->text().trimmed().isEmpty())
        m_keyHintLabel->setText(tr("There is no enabled key. Create or enable one on the Keys "
                                   "page; decryption needs no key."));
    else if (m_listedKeys == 0)
        m_keyHintLabel->setText(tr("No enabled key matches the filter."));
    else if (m_listedKeys < m_totalKeys)
        //: %1 and %2 are numbers of keys.
        m_keyHintLabel->setText(tr("Showing %1 of %2 enabled keys; type in the filter to find "
                                   "the others.")
                                    .arg(m_listedKeys)
                                    .arg(m_totalKeys));
    else
        m_keyHintLabel->clear();
}

bool WorkbenchPage::exportPublicKeyTo(const QString &path)
{
    if (!m_key.isAsymmetric())
        return false;
    return m_publicKeyTab->exportPublicKeyTo(path);
}

void WorkbenchPage::clearSecrets()
{
    for (WorkbenchTab *tab : std::as_const(m_tabs))
        tab->clearSecrets();
}

void WorkbenchPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (m_stale)
        refresh();
}

void WorkbenchPage::hideEvent(QHideEvent *event)
{
    // Another page was chosen (not a minimised window): secrets must not wait there.
    if (!event->spontaneous())
        clearSecrets();
    Page::hideEvent(event);
}

void WorkbenchPage::setWorking(bool working)
{
    m_keyFilterEdit->setEnabled(!working);
    m_keyComboBox->setEnabled(!working);
    m_versionComboBox->setEnabled(!working && m_key.isAsymmetric());
    m_tabWidget->setEnabled(!working);
    m_cancelButton->setEnabled(working);
}

void WorkbenchPage::taskStarted(const QString &description)
{
    m_lastOutcome.reset();
    m_taskLabel->setText(description);
    m_progressBar->setValue(0);
    setWorking(true);
}

void WorkbenchPage::taskFinished(WorkbenchTask::Outcome outcome)
{
    m_lastOutcome = outcome;
    setWorking(false);
    updateTaskLabel();
}

void WorkbenchPage::updateTaskLabel()
{
    if (m_task->isRunning())
        return; // the job's description stays
    if (!m_lastOutcome) {
        //: State of the workbench's worker: nothing runs.
        m_taskLabel->setText(tr("Idle"));
        return;
    }
    switch (*m_lastOutcome) {
    case WorkbenchTask::Outcome::Succeeded:
        m_taskLabel->setText(tr("Done."));
        break;
    case WorkbenchTask::Outcome::Cancelled:
        m_taskLabel->setText(tr("Cancelled."));
        break;
    case WorkbenchTask::Outcome::Failed:
        m_taskLabel->setText(tr("Failed."));
        break;
    }
}

} // namespace kms::ui
