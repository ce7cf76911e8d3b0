#include "MainWindow.h"

#include "AliasesPage.h"
#include "AuditPage.h"
#include "CeremonyController.h"
#include "CertificateFiles.h"
#include "CertificatesPage.h"
#include "DeletionsPage.h"
#include "Dialogs.h"
#include "HsmMonitor.h"
#include "HsmSettingsPage.h"
#include "ImportPage.h"
#include "JobMonitor.h"
#include "KeysPage.h"
#include "KmsClient.h"
#include "LoginPanel.h"
#include "OperatorTableModel.h"
#include "OperatorsPage.h"
#include "Page.h"
#include "RotateMasterKeyDialog.h"
#include "RotationPage.h"
#include "Translations.h"
#include "WorkbenchPage.h"

#include "api/StoreBackup.h"
#include "api/StoreSession.h"
#include "auth/Roles.h"
#include "core/Clock.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDir>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPixmap>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace kms::ui {

namespace {

constexpr int kSectionRole = Qt::UserRole + 1;

const QList<MainWindow::Section> &allSections()
{
    using S = MainWindow::Section;
    static const QList<S> sections = { S::Keys, S::Aliases, S::Workbench, S::Rotation, S::Deletions,
        S::Certificates, S::Import, S::Audit, S::Operators, S::Settings };
    return sections;
}

// What a section's page does, as the role table classes it (auth/Roles.h): an operator sees the
// sections whose class their role may call.
auth::ActionClass sectionClass(MainWindow::Section section)
{
    using S = MainWindow::Section;
    switch (section) {
    case S::Workbench:
        return auth::ActionClass::KeyUse;
    case S::Import:
        return auth::ActionClass::KeyManagement;
    case S::Audit:
        return auth::ActionClass::AuditRead;
    case S::Operators:
    case S::Settings:
        return auth::ActionClass::Administration;
    case S::Keys:
    case S::Aliases:
    case S::Rotation:
    case S::Deletions:
    case S::Certificates:
        break;
    }
    return auth::ActionClass::MetadataRead;
}

const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");

} // namespace

MainWindow::MainWindow(
    KmsClient &client, QSettings &settings, Translations &translations, QWidget *parent)
    : MainWindow(client, settings, translations, &MainWindow::createStandardPage, parent)
{
}

MainWindow::MainWindow(KmsClient &client, QSettings &settings, Translations &translations,
    const PageFactory &createPage, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_settings(settings)
    , m_translations(translations)
    , m_regionId(StoreSession::kDefaultRegion)
    , m_hsm(QStringLiteral("software"))
{
    setObjectName(QStringLiteral("mainWindow"));
    setUpPages(createPage);
    setUpLock();
    m_ceremony = new CeremonyController(m_client, this);
    setUpActions();
    setUpMenus();
    setUpToolBar();
    setUpStatusBar();
    resize(1180, 740);
    restoreSettings();
    retranslate();

    m_jobMonitor = new JobMonitor(m_client, this);
    connect(m_jobMonitor, &JobMonitor::countsChanged, this, &MainWindow::updateJobIndicator);
    connect(m_jobMonitor, &JobMonitor::runFinished, this, [this] {
        updateJobIndicator();
        // The pages of dates to come show "due in" texts that age with the time.
        const Section section = currentSection();
        if (section == Section::Rotation || section == Section::Deletions)
            refresh();
    });
    m_jobMonitor->start(); // the first run comes from the event loop, right after start-up

    m_hsmMonitor = new HsmMonitor(m_client.session(), this);
    connect(m_hsmMonitor, &HsmMonitor::stateChanged, this, [this] {
        updateHsmIndicator();
        if (Page *settingsPage = page(Section::Settings))
            settingsPage->refresh(); // its connection column follows too
    });
    m_hsmMonitor->setHsm(m_hsm);
    m_hsmMonitor->start();

    connect(&m_client, &KmsClient::sessionEnded, this,
        [this] { lock(int(LoginPanel::Reason::SessionEnded)); });
    if (auto *operatorsPage = qobject_cast<OperatorsPage *>(page(Section::Operators))) {
        connect(operatorsPage, &OperatorsPage::operatorsChanged, this, [this] {
            applyOperator();
            if (m_operatorMode && !m_client.session().signedIn())
                lock(int(LoginPanel::Reason::StartUp)); // the first administrator was added
        });
    }
    qApp->installEventFilter(this);
    applyOperator();
    if (m_operatorMode && !m_client.session().signedIn())
        lock(int(LoginPanel::Reason::StartUp));
}

MainWindow::~MainWindow() = default;

Page *MainWindow::createStandardPage(Section section, KmsClient &client)
{
    switch (section) {
    case Section::Keys:
        return new KeysPage(client);
    case Section::Aliases:
        return new AliasesPage(client);
    case Section::Workbench:
        return new WorkbenchPage(client);
    case Section::Rotation:
        return new RotationPage(client);
    case Section::Deletions:
        return new DeletionsPage(client);
    case Section::Certificates:
        return new CertificatesPage(client);
    case Section::Import:
        return new ImportPage(client);
    case Section::Audit:
        return new AuditPage(client);
    case Section::Operators:
        return new OperatorsPage(client);
    case Section::Settings:
        return new HsmSettingsPage(client);
    default:
        return nullptr;
    }
}

QString MainWindow::sectionKey(Section section)
{
    switch (section) {
    case Section::Keys:
        return QStringLiteral("keys");
    case Section::Aliases:
        return QStringLiteral("aliases");
    case Section::Workbench:
        return QStringLiteral("workbench");
    case Section::Rotation:
        return QStringLiteral("rotation");
    case Section::Deletions:
        return QStringLiteral("deletions");
    case Section::Certificates:
        return QStringLiteral("certificates");
    case Section::Import:
        return QStringLiteral("import");
    case Section::Audit:
        return QStringLiteral("audit");
    case Section::Operators:
        return QStringLiteral("operators");
    case Section::Settings:
        return QStringLiteral("settings");
    }
    return QString();
}

QString MainWindow::sectionTitle(Section section) const
{
    if (Page *sectionPage = page(section))
        return sectionPage->title();
    switch (section) {
    case Section::Keys:
        //: A section of the navigation list.
        return tr("Keys");
    case Section::Aliases:
        //: A section of the navigation list.
        return tr("Aliases");
    case Section::Workbench:
        //: A section of the navigation list.
        return tr("Crypto workbench");
    case Section::Rotation:
        //: A section of the navigation list (key rotation).
        return tr("Rotation");
    case Section::Deletions:
        //: A section of the navigation list (keys pending deletion).
        return tr("Deletions");
    case Section::Certificates:
        //: A section of the navigation list.
        return tr("Certificates");
    case Section::Import:
        //: A section of the navigation list (import of key material, BYOK).
        return tr("Import");
    case Section::Audit:
        //: A section of the navigation list (the audit trail).
        return tr("Audit");
    case Section::Operators:
        //: A section of the navigation list (operators and their roles).
        return tr("Operators");
    case Section::Settings:
        //: A section of the navigation list.
        return tr("Settings");
    }
    return QString();
}

void MainWindow::setUpPages(const PageFactory &createPage)
{
    m_navigationList = new QListWidget;
    m_navigationList->setObjectName(QStringLiteral("navigationList"));
    m_navigationList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_navigationList->setUniformItemSizes(true);
    m_navigationList->setSpacing(2);
    m_pageStack = new QStackedWidget;
    m_pageStack->setObjectName(QStringLiteral("pageStack"));

    for (const Section section : allSections()) {
        Page *sectionPage = createPage ? createPage(section, m_client) : nullptr;
        auto *item = new QListWidgetItem(m_navigationList);
        item->setData(kSectionRole, static_cast<int>(section));
        if (sectionPage != nullptr) {
            m_pages.insert(section, sectionPage);
            m_pageStack->addWidget(sectionPage);
        } else {
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        }
    }

    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_navigationList);
    m_mainSplitter->addWidget(m_pageStack);
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setCollapsible(1, false);
    m_mainSplitter->setSizes({ 190, 990 });

    connect(m_navigationList, &QListWidget::currentRowChanged, this, &MainWindow::sectionChanged);
}

void MainWindow::setUpLock()
{
    m_loginPanel = new LoginPanel(m_client.session());
    m_loginPanel->setMinimumWidth(440);
    m_loginPanel->setMaximumWidth(560);
    m_lockWidget = new QWidget;
    m_lockWidget->setObjectName(QStringLiteral("lockWidget"));
    auto *grid = new QGridLayout(m_lockWidget);
    grid->addWidget(m_loginPanel, 1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(2, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(2, 1);
    m_centralStack = new QStackedWidget;
    m_centralStack->setObjectName(QStringLiteral("centralStack"));
    m_centralStack->addWidget(m_mainSplitter);
    m_centralStack->addWidget(m_lockWidget);
    setCentralWidget(m_centralStack);
    connect(m_loginPanel, &LoginPanel::loggedIn, this, &MainWindow::unlocked);

    m_idleTimer = new QTimer(this);
    m_idleTimer->setObjectName(QStringLiteral("idleTimer"));
    m_idleTimer->setSingleShot(true);
    connect(m_idleTimer, &QTimer::timeout, this,
        [this] { lock(int(LoginPanel::Reason::IdleTimeout)); });
}

void MainWindow::setUpActions()
{
    m_refreshAction = new QAction(this);
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_refreshAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_backupAction = new QAction(this);
    m_backupAction->setObjectName(QStringLiteral("backupAction"));
    connect(m_backupAction, &QAction::triggered, this, &MainWindow::backUpStore);

    m_logOutAction = new QAction(this);
    m_logOutAction->setObjectName(QStringLiteral("logOutAction"));
    m_logOutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_logOutAction, &QAction::triggered, this, &MainWindow::logOut);

    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);

    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    // The languages are named in their own language, whatever the current one is.
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    m_englishAction = new QAction(QStringLiteral("English"), m_languageGroup);
    m_englishAction->setObjectName(QStringLiteral("englishAction"));
    m_englishAction->setData(kEnglish);
    m_chineseAction = new QAction(QStringLiteral(u"简体中文"), m_languageGroup);
    m_chineseAction->setObjectName(QStringLiteral("chineseAction"));
    m_chineseAction->setData(kChinese);
    for (QAction *action : m_languageGroup->actions()) {
        action->setCheckable(true);
        connect(action, &QAction::triggered, this,
            [this, action] { setLanguage(action->data().toString()); });
    }
}

void MainWindow::setUpMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addAction(m_backupAction);
    m_rotateMasterKeyAction = m_fileMenu->addAction(QString());
    m_rotateMasterKeyAction->setObjectName(QStringLiteral("rotateMasterKeyAction"));
    connect(m_rotateMasterKeyAction, &QAction::triggered, this, &MainWindow::rotateMasterKey);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_logOutAction);
    m_fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_viewMenu->addAction(m_refreshAction);
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageMenu->addActions(m_languageGroup->actions());

    menuBar()->addMenu(m_ceremony->menu());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::setUpToolBar()
{
    m_mainToolBar = addToolBar(QString());
    m_mainToolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_mainToolBar->setMovable(false);
    m_mainToolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_mainToolBar->addAction(m_refreshAction);
    m_mainToolBar->addSeparator();
    m_languageToolButton = new QToolButton(m_mainToolBar);
    m_languageToolButton->setObjectName(QStringLiteral("languageToolButton"));
    m_languageToolButton->setMenu(m_languageMenu);
    m_languageToolButton->setPopupMode(QToolButton::InstantPopup);
    m_languageToolButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_mainToolBar->addWidget(m_languageToolButton);
}

void MainWindow::setUpStatusBar()
{
    auto makeLabel = [this](const QString &name) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    statusBar()->addPermanentWidget(m_ceremony->statusLabel());
    m_jobsLabel = makeLabel(QStringLiteral("jobsLabel"));
    m_jobsLabel->setTextInteractionFlags(Qt::NoTextInteraction); // the tooltip explains
    m_jobsLabel->hide(); // until the counts are read
    m_regionLabel = makeLabel(QStringLiteral("regionLabel"));
    m_hsmLabel = makeLabel(QStringLiteral("hsmLabel"));
    m_operatorLabel = makeLabel(QStringLiteral("operatorLabel"));
    m_storeLabel = makeLabel(QStringLiteral("storeLabel"));
}

void MainWindow::restoreSettings()
{
    const QString savedLanguage = m_settings.value(kLanguageSetting).toString();
    if (!savedLanguage.isEmpty() && savedLanguage != m_translations.language())
        m_translations.use(savedLanguage);
    restoreGeometry(m_settings.value(kGeometrySetting).toByteArray());
    restoreState(m_settings.value(kStateSetting).toByteArray());
    m_mainSplitter->restoreState(m_settings.value(kSplitterSetting).toByteArray());

    const QString savedPage = m_settings.value(kPageSetting).toString();
    Section section = Section::Keys;
    for (const Section candidate : availableSections()) {
        if (sectionKey(candidate) == savedPage)
            section = candidate;
    }
    if (!showSection(section) && !availableSections().isEmpty())
        showSection(availableSections().constFirst());
}

void MainWindow::saveSettings()
{
    m_settings.setValue(kGeometrySetting, saveGeometry());
    m_settings.setValue(kStateSetting, saveState());
    m_settings.setValue(kSplitterSetting, m_mainSplitter->saveState());
    m_settings.setValue(kPageSetting, sectionKey(currentSection()));
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    //: The main window's title.
    setWindowTitle(tr("KMS Console"));
    m_fileMenu->setTitle(tr("&File"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_refreshAction->setText(tr("&Refresh"));
    m_refreshAction->setToolTip(tr("Reload what the page shows from the key store (F5)"));
    m_quitAction->setText(tr("&Quit"));
    m_logOutAction->setText(tr("&Log Out"));
    m_logOutAction->setToolTip(
        tr("Log out and lock the console until an operator logs in (Ctrl+L)"));
    m_backupAction->setText(tr("&Back Up Key Store…"));
    m_rotateMasterKeyAction->setText(tr("Re-key &Master Key…"));
    m_backupAction->setToolTip(tr("Write the whole key store, encrypted under the master key, to "
                                  "a file (restore it with kmsctl restore)"));
    m_aboutAction->setText(tr("&About KMS Console"));
    m_ceremony->retranslate();
    m_mainToolBar->setWindowTitle(tr("Main toolbar"));
    //: The toolbar button that opens the list of interface languages.
    m_languageToolButton->setText(tr("Language"));
    m_languageToolButton->setToolTip(tr("Switch the interface language"));

    for (int row = 0; row < m_navigationList->count(); ++row) {
        QListWidgetItem *item = m_navigationList->item(row);
        const auto section = static_cast<Section>(item->data(kSectionRole).toInt());
        item->setText(sectionTitle(section));
        if (page(section) == nullptr)
            //: Tooltip of a navigation entry whose page comes in a later version.
            item->setToolTip(tr("Coming later"));
        else if (!sectionAllowed(section))
            //: Tooltip of a navigation entry the logged-in operator's role may not use.
            item->setToolTip(tr("Not for your role"));
        else
            item->setToolTip(QString());
    }
    const QString current = m_translations.language();
    m_englishAction->setChecked(current == kEnglish);
    m_chineseAction->setChecked(current == kChinese);
    updateStatusBar();
}

void MainWindow::updateStatusBar()
{
    //: Status bar: the region (resource pool) the console works in.
    m_regionLabel->setText(tr("Region: %1").arg(m_regionId));
    updateHsmIndicator();
    const auto signedIn = m_client.session().signedIn();
    if (!m_operatorMode)
        //: Status bar: who is working (recorded in the audit trail).
        m_operatorLabel->setText(tr("Operator: %1").arg(m_client.session().operatorName()));
    else if (signedIn)
        //: Status bar: the logged-in operator; %1 the name, %2 the role.
        m_operatorLabel->setText(
            tr("Operator: %1 (%2)")
                .arg(signedIn->name, OperatorTableModel::roleTitle(signedIn->role)));
    else
        //: Status bar: nobody is logged in; the console shows the log-in form.
        m_operatorLabel->setText(tr("Operator: none (console locked)"));
    const QString path
        = QDir::toNativeSeparators(StoreSession::databasePath(m_client.session().dataDir()));
    //: Status bar: the key store's file.
    m_storeLabel->setText(tr("Store: %1").arg(path));
    m_storeLabel->setToolTip(path);
    updateJobIndicator();
}

void MainWindow::updateJobIndicator()
{
    if (m_jobMonitor == nullptr || !m_jobMonitor->hasCounts()) {
        m_jobsLabel->hide();
        return;
    }
    const qint64 due = m_jobMonitor->dueCount();
    const qint64 failing = m_jobMonitor->failingCount();
    const qint64 pending = m_jobMonitor->pendingCount();
    QStringList parts;
    if (due > 0)
        //: Status bar, job indicator: jobs whose time has come (rotations, deletions).
        parts.append(tr("%1 due").arg(due));
    if (failing > 0)
        //: Status bar, job indicator: jobs that failed and wait for a retry.
        parts.append(tr("%1 failing").arg(failing));
    if (parts.isEmpty())
        //: Status bar, job indicator: nothing due, nothing failing.
        parts.append(tr("none due"));
    //: Status bar: the scheduled jobs; %1 is e.g. "2 due · 1 failing".
    m_jobsLabel->setText(tr("Jobs: %1").arg(parts.join(QStringLiteral(" · "))));
    m_jobsLabel->setStyleSheet(
        failing > 0 ? QStringLiteral("QLabel { color: #c62828; font-weight: bold; }") : QString());

    //: Tooltip of the job indicator: how many jobs wait (rotations and deletions).
    QStringList tip { tr("Scheduled jobs (rotations and deletions): %1").arg(pending) };
    if (due > 0)
        tip.append(tr("%1 due now: the console runs due jobs every minute while the store is "
                      "unlocked.")
                       .arg(due));
    if (failing > 0) {
        tip.append(tr("%1 failing: they are tried again later, waiting longer after each "
                      "failure.")
                       .arg(failing));
        for (const QJsonObject &job : m_jobMonitor->failingJobs()) {
            const QDateTime retry
                = parseTime(job.value(QStringLiteral("nextAttemptDate")).toString());
            //: A failing job in the job indicator's tooltip: %1 the kind (ROTATE, DELETE), %2 the
            //: key, %3 the error, %4 when it is tried again (local time).
            tip.append(tr("• %1 %2: %3 (next attempt %4)")
                           .arg(job.value(QStringLiteral("kind")).toString(),
                               job.value(QStringLiteral("cmkUuid")).toString(),
                               job.value(QStringLiteral("lastError")).toString(),
                               retry.isValid() ? retry.toLocalTime().toString(
                                   QStringLiteral("yyyy-MM-dd HH:mm"))
                                               : QString()));
        }
    }
    if (m_jobMonitor->lastRunTime().isValid()) {
        const SchedulerRun &run = m_jobMonitor->lastRun();
        const QString when
            = m_jobMonitor->lastRunTime().toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        if (run.error)
            //: Job indicator tooltip: the last run could not read the jobs; %2 is the error code.
            tip.append(tr("Last run at %1 failed: %2").arg(when, run.error->code()));
        else
            //: Job indicator tooltip: the last run of due jobs.
            tip.append(tr("Last run at %1: %2 done, %3 skipped, %4 failed.")
                           .arg(when)
                           .arg(run.done)
                           .arg(run.skipped)
                           .arg(run.failed));
    }
    m_jobsLabel->setToolTip(tip.join(QLatin1Char('\n')));
    m_jobsLabel->show();
}

void MainWindow::updateHsmIndicator()
{
    const bool software = m_hsm == QLatin1String("software");
    const QString hsm = software
        //: Status bar: the built-in software HSM.
        ? tr("software HSM")
        //: Status bar: a PKCS#11 HSM; %1 names its configuration.
        : tr("PKCS#11 HSM (%1)").arg(m_hsm);
    QString state;
    QString tip;
    bool bad = false;
    if (!software && m_hsmMonitor != nullptr) {
        switch (m_hsmMonitor->state()) {
        case HsmMonitor::State::Software:
            break;
        case HsmMonitor::State::Connected:
            //: Status bar: the HSM's connection state.
            state = tr("connected");
            break;
        case HsmMonitor::State::Disconnected:
            //: Status bar: the HSM's connection state (the token or its server is gone).
            state = tr("disconnected");
            tip = m_hsmMonitor->lastError();
            bad = true;
            break;
        case HsmMonitor::State::NoPin:
            //: Status bar: the HSM's user PIN was not given at start-up (Settings → HSMs).
            state = tr("PIN needed");
            tip = tr("The HSM's PIN was not given: its keys are not available. Enter it in "
                     "Settings → HSMs.");
            bad = true;
            break;
        case HsmMonitor::State::NotConfigured:
            //: Status bar: the region names an HSM that has no configuration.
            state = tr("not configured");
            bad = true;
            break;
        }
    }
    m_hsmLabel->setText(state.isEmpty() ? tr("HSM: %1").arg(hsm)
                                        //: Status bar: %1 the HSM, %2 its connection state.
                                        : tr("HSM: %1 · %2").arg(hsm, state));
    m_hsmLabel->setToolTip(tip);
    m_hsmLabel->setStyleSheet(
        bad ? QStringLiteral("QLabel { color: #c62828; font-weight: bold; }") : QString());
}

void MainWindow::setRegion(const QString &regionId, const QString &hsm)
{
    m_regionId = regionId;
    m_hsm = hsm;
    if (m_hsmMonitor != nullptr)
        m_hsmMonitor->setHsm(hsm);
    updateStatusBar();
}

Page *MainWindow::page(Section section) const
{
    return m_pages.value(section, nullptr);
}

QList<MainWindow::Section> MainWindow::availableSections() const
{
    QList<Section> sections;
    for (const Section section : allSections()) {
        if (sectionAllowed(section))
            sections.append(section);
    }
    return sections;
}

bool MainWindow::sectionAllowed(Section section) const
{
    if (!m_pages.contains(section))
        return false;
    if (!m_operatorMode)
        return true;
    // A crypto user reads the metadata of its granted keys only: the key list (ListKeys shows
    // those) and the workbench; the other lists would name keys it is not granted.
    const auto signedIn = m_client.session().signedIn();
    if (signedIn && auth::roleNeedsGrant(signedIn->role)
        && !(section == Section::Keys || section == Section::Workbench))
        return false;
    return m_client.session().allows(sectionClass(section));
}

bool MainWindow::isLocked() const
{
    return m_centralStack->currentWidget() == m_lockWidget;
}

void MainWindow::applyOperator()
{
    const Result<bool> mode = m_client.session().operatorMode();
    m_operatorMode = mode && *mode;
    const auto signedIn = m_client.session().signedIn();
    for (int row = 0; row < m_navigationList->count(); ++row) {
        QListWidgetItem *item = m_navigationList->item(row);
        const auto section = static_cast<Section>(item->data(kSectionRole).toInt());
        const Qt::ItemFlags usable = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
        item->setFlags(sectionAllowed(section) ? item->flags() | usable : item->flags() & ~usable);
    }
    if (!sectionAllowed(currentSection()) && !availableSections().isEmpty())
        showSection(availableSections().constFirst());
    // A backup holds every key (encrypted): an administrator's task in operator mode.
    // So is re-keying the master key (the backend refuses anyone else anyway).
    const bool administrator = !isLocked()
        && (!m_operatorMode || (signedIn && signedIn->role == auth::Role::Administrator));
    m_backupAction->setEnabled(administrator);
    m_rotateMasterKeyAction->setEnabled(administrator);
    m_logOutAction->setVisible(m_operatorMode);
    m_logOutAction->setEnabled(m_operatorMode && !isLocked());
    m_refreshAction->setEnabled(!isLocked());
    m_ceremony->menu()->setEnabled(!isLocked());
    restartIdleTimer();
    retranslate();
}

void MainWindow::restartIdleTimer()
{
    if (!m_operatorMode || isLocked() || !m_client.session().signedIn()) {
        m_idleTimer->stop();
        return;
    }
    const Result<qint64> seconds = m_client.session().idleTimeoutSeconds();
    const qint64 timeout = seconds ? *seconds : KmsService::kDefaultIdleTimeoutSeconds;
    m_idleTimer->start(int(std::min<qint64>(timeout, 24 * 3600) * 1000));
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        // The officer is at the console: the idle time-out counts again from now.
        if (m_idleTimer->isActive()
            && m_idleTimer->remainingTime() < m_idleTimer->interval() - 1000)
            m_idleTimer->start();
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::logOut()
{
    lock(int(LoginPanel::Reason::LoggedOut));
}

void MainWindow::lock(int reason)
{
    if (!m_operatorMode)
        return;
    // Nothing of the previous operator stays on screen: open dialogs close with the pages.
    for (QDialog *dialog : findChildren<QDialog *>()) {
        if (dialog->isVisible())
            dialog->reject();
    }
    QString name;
    if (const auto signedIn = m_client.session().signedIn()) {
        name = signedIn->name;
        if (const Result<void> out = m_client.session().logOut(); !out)
            statusBar()->showMessage(
                tr("The log-out could not be recorded: %1").arg(out.error().code()));
    }
    m_loginPanel->reset();
    m_loginPanel->setReason(static_cast<LoginPanel::Reason>(reason));
    m_centralStack->setCurrentWidget(m_lockWidget);
    m_loginPanel->setOperatorName(name);
    applyOperator();
}

void MainWindow::unlocked()
{
    m_centralStack->setCurrentWidget(m_mainSplitter);
    applyOperator();
    // What the pages show is read again for the operator who logged in.
    for (const Section section : availableSections())
        page(section)->refresh();
    if (m_jobMonitor != nullptr)
        m_jobMonitor->refreshCounts();
}

MainWindow::Section MainWindow::currentSection() const
{
    const QListWidgetItem *item = m_navigationList->currentItem();
    return item != nullptr ? static_cast<Section>(item->data(kSectionRole).toInt()) : Section::Keys;
}

bool MainWindow::showSection(Section section)
{
    if (!sectionAllowed(section))
        return false;
    m_navigationList->setCurrentRow(int(allSections().indexOf(section)));
    return true;
}

void MainWindow::sectionChanged(int row)
{
    if (row < 0 || row >= allSections().size())
        return;
    const Section section = allSections().at(row);
    if (Page *sectionPage = page(section)) {
        m_pageStack->setCurrentWidget(sectionPage);
        m_settings.setValue(kPageSetting, sectionKey(section));
    }
}

void MainWindow::refresh()
{
    if (Page *sectionPage = page(currentSection()))
        sectionPage->refresh();
}

void MainWindow::setLanguage(const QString &language)
{
    if (!m_translations.use(language)) {
        Dialogs::inform(this, tr("Language"),
            tr("The translation for %1 is missing; the interface stays in English.").arg(language));
    }
    m_settings.setValue(kLanguageSetting, m_translations.language());
    // use() sends LanguageChange; retranslate here too so the menu's check marks follow
    // at once even if the event is still queued.
    retranslate();
}

QString MainWindow::language() const
{
    return m_translations.language();
}

QStringList MainWindow::saveScreenshots(const QString &directory)
{
    if (!QDir().mkpath(directory))
        return {};
    const QDir dir(directory);
    const QString previousLanguage = m_translations.language();
    const Section previousSection = currentSection();
    const QString savedPage = m_settings.value(kPageSetting).toString();
    QStringList written;
    bool failed = false;
    for (const QString &language : { kEnglish, kChinese }) {
        m_translations.use(language);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        for (const Section section : availableSections()) {
            showSection(section);
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
            const QString path
                = dir.filePath(QStringLiteral("%1-%2.png").arg(sectionKey(section), language));
            if (!grab().save(path, "PNG")) {
                failed = true;
                break;
            }
            written.append(path);
        }
        if (failed)
            break;
    }
    m_translations.use(previousLanguage);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    showSection(previousSection);
    m_settings.setValue(kPageSetting, savedPage);
    return failed ? QStringList() : written;
}

void MainWindow::backUpStore()
{
    StoreSession &session = m_client.session();
    const QString path = CertificateFiles::saveFileName(this, tr("Back Up Key Store"),
        QStringLiteral("kms-%1.kmsbackup").arg(session.storeUuid().left(8)),
        tr("Key store backups (*.kmsbackup);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString what = tr("Backing up the key store");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        Dialogs::showError(this,
            Response::failure(KmsError(QStringLiteral("KMS.0503"), file.errorString()), QString()),
            what);
        return;
    }
    if (auto written = StoreBackup::writeFile(session, file); !written) {
        Dialogs::showError(this, Response::failure(written.error(), QString()), what);
        return;
    }
    statusBar()->showMessage(tr("Backup written to %1").arg(QDir::toNativeSeparators(path)));
    m_ceremony->backupWritten(path);
}

void MainWindow::showAbout()
{
    //: The About box; %1 is the version, %2 the Qt version, %3 the data folder.
    Dialogs::inform(this, tr("About KMS Console"),
        tr("KMS Console %1\n\nKeys, aliases and cryptographic operations of a key management "
           "service, on a key store of your own.\n\nQt %2\nData folder: %3")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                QDir::toNativeSeparators(m_client.session().dataDir())));
}

void MainWindow::rotateMasterKey()
{
    auto *dialog = new RotateMasterKeyDialog(m_client.session(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RotateMasterKeyDialog::masterKeyRotated, this, &MainWindow::refresh);
    dialog->open();
}

} // namespace kms::ui
