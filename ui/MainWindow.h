#pragma once

#include <QMainWindow>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolBar;
class QToolButton;

namespace kms {
class HsmMonitor;
class JobMonitor;
class KmsClient;
class Translations;
} // namespace kms

namespace kms::ui {

class CeremonyController;
class LoginPanel;
class Page;

// The console's main window: a navigation list of sections beside a stack of pages, a
// toolbar (Refresh, language), menus (File, View with Language, Ceremony, Help) and a status bar
// with the region, the HSM, the operator and the store's path. Geometry, the last page and the
// language persist in the QSettings given by the app, and the language switches at run time.
// The window owns the JobMonitor that runs the store's due jobs (rotations, deletions) while
// it is open; the status bar shows when jobs are due or failing.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // The navigation list, in its order. Sections of later issues show disabled.
    enum class Section {
        Keys,
        Aliases,
        Workbench,
        Rotation,
        Deletions,
        Certificates,
        Import,
        Audit,
        Operators,
        Settings,
    };
    // Makes the page of an available section (Keys, Aliases, Workbench, Rotation, Deletions,
    // Certificates, Import), or null.
    using PageFactory = std::function<Page *(Section section, KmsClient &client)>;

    // QSettings keys shared with the app's start-up.
    static constexpr QLatin1String kLanguageSetting { "language" };
    static constexpr QLatin1String kGeometrySetting { "mainWindow/geometry" };
    static constexpr QLatin1String kStateSetting { "mainWindow/state" };
    static constexpr QLatin1String kSplitterSetting { "mainWindow/splitter" };
    static constexpr QLatin1String kPageSetting { "mainWindow/page" };

    MainWindow(KmsClient &client, QSettings &settings, Translations &translations,
        QWidget *parent = nullptr);
    // With pages from `createPage` instead of the standard ones (tests).
    MainWindow(KmsClient &client, QSettings &settings, Translations &translations,
        const PageFactory &createPage, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The standard page of a section: KeysPage, AliasesPage, WorkbenchPage, RotationPage,
    // DeletionsPage, CertificatesPage, ImportPage; null for the sections of later issues.
    static Page *createStandardPage(Section section, KmsClient &client);
    static QString sectionKey(Section section);

    // The region the console works in and the HSM configuration it is bound to ("software"),
    // shown in the status bar.
    void setRegion(const QString &regionId, const QString &hsm = QStringLiteral("software"));
    const QString &regionId() const { return m_regionId; }

    Page *page(Section section) const;
    Section currentSection() const;
    // Shows a section's page; false if the section has no page (yet).
    bool showSection(Section section);
    QList<Section> availableSections() const;

    // "en" or "zh_CN": installs the translators (every text changes at once) and saves it.
    void setLanguage(const QString &language);
    QString language() const;

    // Writes `<section>-<language>.png` of the window on every page in English and Chinese
    // into `directory` (made if missing), then returns to the language and page shown before.
    // Returns the files written; empty if the folder cannot be made or a file not written.
    QStringList saveScreenshots(const QString &directory);

    // Saves geometry and layout (also done when the window closes).
    void saveSettings();

    // Ceremony mode: the Ceremony menu, its status-bar label and the recording.
    CeremonyController *ceremony() const { return m_ceremony; }

    // Operator mode (issue 9): the console shows the pages the logged-in operator's role may
    // use and the operator in the status bar. Log Out (Ctrl+L), the idle time-out of the store
    // (auth.idleTimeoutSeconds) and a session the backend ended lock the console: the pages
    // give way to the log-in form until an operator logs in. Without operators none of this
    // applies and every page is there.
    bool isLocked() const;
    LoginPanel *loginPanel() const { return m_loginPanel; }
    // Whether the navigation offers the section to the operator logged in now.
    bool sectionAllowed(Section section) const;

    // Runs the due jobs every minute (started with the window).
    JobMonitor *jobMonitor() const { return m_jobMonitor; }
    // Watches the connection to the region's HSM for the status bar (started with the window).
    HsmMonitor *hsmMonitor() const { return m_hsmMonitor; }

public slots:
    void refresh();
    // Logs the operator out (audited) and locks the console.
    void logOut();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpPages(const PageFactory &createPage);
    void setUpActions();
    void setUpMenus();
    void setUpToolBar();
    void setUpStatusBar();
    void restoreSettings();
    void retranslate();
    void updateStatusBar();
    void updateJobIndicator();
    void updateHsmIndicator();
    void sectionChanged(int row);
    void showAbout();
    // Writes the whole key store, encrypted under the master key, to a file the officer picks
    // (the console's side of `kmsctl backup`; restore with `kmsctl restore`).
    void backUpStore();
    // Replaces the master key (RotateMasterKeyDialog; `kmsctl master-key rotate`).
    void rotateMasterKey();
    QString sectionTitle(Section section) const;
    void setUpLock();
    // Shows the log-in form instead of the pages; the operator is logged out.
    void lock(int reason);
    // An operator logged in: the pages their role may use come back.
    void unlocked();
    // The navigation and the actions follow operator mode and the operator's role.
    void applyOperator();
    void restartIdleTimer();

    KmsClient &m_client;
    QSettings &m_settings;
    Translations &m_translations;
    QString m_regionId;
    QString m_hsm;
    QMap<Section, Page *> m_pages;

    QSplitter *m_mainSplitter = nullptr;
    QListWidget *m_navigationList = nullptr;
    QStackedWidget *m_pageStack = nullptr;
    QToolBar *m_mainToolBar = nullptr;
    QToolButton *m_languageToolButton = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_backupAction = nullptr;
    QAction *m_rotateMasterKeyAction = nullptr;
    QAction *m_logOutAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_englishAction = nullptr;
    QAction *m_chineseAction = nullptr;
    JobMonitor *m_jobMonitor = nullptr;
    HsmMonitor *m_hsmMonitor = nullptr;
    CeremonyController *m_ceremony = nullptr;
    QLabel *m_jobsLabel = nullptr;
    QLabel *m_regionLabel = nullptr;
    QLabel *m_hsmLabel = nullptr;
    QLabel *m_operatorLabel = nullptr;
    QLabel *m_storeLabel = nullptr;
    QStackedWidget *m_centralStack = nullptr;
    QWidget *m_lockWidget = nullptr;
    LoginPanel *m_loginPanel = nullptr;
    QTimer *m_idleTimer = nullptr;
    bool m_operatorMode = false;
};

} // namespace kms::ui
