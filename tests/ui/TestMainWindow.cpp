#include "Dialogs.h"
#include "KmsClient.h"
#include "MainWindow.h"
#include "Page.h"
#include "TestHelpers.h"
#include "Translations.h"

#include "CertificateFiles.h"
#include "api/StoreBackup.h"
#include "api/StoreSession.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace kms;
using kms::ui::MainWindow;
using Section = kms::ui::MainWindow::Section;

namespace {

// Translates every string of the console's widgets into a marked form, so the switch
// mechanism can be checked whatever the .ts files hold.
class PseudoTranslator final : public QTranslator
{
public:
    static QString mark(const QString &text) { return QStringLiteral(u"⟦%1⟧").arg(text); }
    QString translate(const char *context, const char *sourceText, const char * = nullptr,
        int = -1) const override
    {
        if (!QByteArray(context).startsWith("kms::ui::"))
            return QString();
        return mark(QString::fromUtf8(sourceText));
    }
    bool isEmpty() const override { return false; }
};

// A page that counts its refreshes.
class CountingPage final : public ui::Page
{
public:
    CountingPage() { retranslate(); }
    QString title() const override { return QStringLiteral("Counting"); }
    void refresh() override { ++refreshes; }
    int refreshes = 0;

protected:
    void retranslate() override { }
};

QString navText(MainWindow &window, int row)
{
    return window.findChild<QListWidget *>(QStringLiteral("navigationList"))->item(row)->text();
}

QString labelText(MainWindow &window, const char *name)
{
    auto *label = window.findChild<QLabel *>(QLatin1String(name));
    return label != nullptr ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void showsPagesAndStatusBar();
    void navigationShowsPages();
    void refreshReloadsCurrentPage();
    void languageSwitchRetranslates();
    void chineseTranslationAndBack();
    void settingsPersist();
    void screenshots();
    void backupFromTheFileMenu();

private:
    std::unique_ptr<test::TestStore> m_store;
    std::unique_ptr<KmsClient> m_client;
    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Translations> m_translations;
};

void TestMainWindow::initTestCase()
{
    ui::Dialogs::setAutoAnswer(true, true);
}

void TestMainWindow::init()
{
    ui::Dialogs::clearHistory();
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    m_client = std::make_unique<KmsClient>(m_store->session());
    m_settingsDir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(
        m_settingsDir->filePath(QStringLiteral("kms-console.ini")), QSettings::IniFormat);
    m_translations = std::make_unique<Translations>();
}

void TestMainWindow::cleanup()
{
    m_translations.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    m_settings.reset();
    m_settingsDir.reset();
    m_client.reset();
    m_store.reset();
}

void TestMainWindow::showsPagesAndStatusBar()
{
    MainWindow window(*m_client, *m_settings, *m_translations);
    window.setRegion(QStringLiteral("local-1"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
    auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));
    QVERIFY(navigation && stack);
    QCOMPARE(navigation->count(), 10);
    QCOMPARE(stack->count(), 10);
    QCOMPARE(window.availableSections(),
        (QList<Section> { Section::Keys, Section::Aliases, Section::Workbench, Section::Rotation,
            Section::Deletions, Section::Certificates, Section::Import, Section::Audit,
            Section::Operators, Section::Settings }));
    for (int row = 0; row < 10; ++row) {
        QVERIFY(navigation->item(row)->flags() & Qt::ItemIsEnabled);
        QVERIFY(!navigation->item(row)->text().isEmpty());
    }
    QCOMPARE(navigation->item(0)->text(), window.page(Section::Keys)->title());
    QCOMPARE(navigation->item(1)->text(), window.page(Section::Aliases)->title());
    QCOMPARE(navigation->item(2)->text(), window.page(Section::Workbench)->title());
    QCOMPARE(navigation->item(3)->text(), window.page(Section::Rotation)->title());
    QCOMPARE(navigation->item(4)->text(), window.page(Section::Deletions)->title());
    QCOMPARE(navigation->item(5)->text(), window.page(Section::Certificates)->title());
    QCOMPARE(navigation->item(6)->text(), window.page(Section::Import)->title());
    QCOMPARE(navigation->item(7)->text(), window.page(Section::Audit)->title());
    QCOMPARE(navigation->item(8)->text(), window.page(Section::Operators)->title());
    QCOMPARE(navigation->item(9)->text(), window.page(Section::Settings)->title());
    QCOMPARE(navigation->item(9)->text(), QStringLiteral("HSMs"));
    // The first start shows the keys.
    QCOMPARE(window.currentSection(), Section::Keys);
    QCOMPARE(stack->currentWidget(), window.page(Section::Keys));

    QCOMPARE(labelText(window, "regionLabel"), QStringLiteral("Region: local-1"));
    QCOMPARE(labelText(window, "hsmLabel"), QStringLiteral("HSM: software HSM"));
    QCOMPARE(labelText(window, "operatorLabel"),
        QStringLiteral("Operator: %1").arg(m_store->session().operatorName()));
    QVERIFY(!m_store->session().operatorName().isEmpty());
    QCOMPARE(labelText(window, "storeLabel"),
        QStringLiteral("Store: %1")
            .arg(QDir::toNativeSeparators(
                StoreSession::databasePath(m_store->session().dataDir()))));
    window.setRegion(QStringLiteral("eu-2"), QStringLiteral("token-a"));
    QCOMPARE(labelText(window, "regionLabel"), QStringLiteral("Region: eu-2"));
    // No PIN (nor configuration) for that HSM in this session: the state says so.
    QCOMPARE(
        labelText(window, "hsmLabel"), QStringLiteral("HSM: PKCS#11 HSM (token-a) · PIN needed"));
    QCOMPARE(window.windowTitle(), QStringLiteral("KMS Console"));
}

void TestMainWindow::navigationShowsPages()
{
    MainWindow window(*m_client, *m_settings, *m_translations);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
    auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pageStack"));

    auto clickRow = [&](int row) {
        const QRect rect = navigation->visualItemRect(navigation->item(row));
        QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, rect.center());
    };
    clickRow(1);
    QCOMPARE(window.currentSection(), Section::Aliases);
    QCOMPARE(stack->currentWidget(), window.page(Section::Aliases));
    clickRow(2);
    QCOMPARE(stack->currentWidget(), window.page(Section::Workbench));
    clickRow(9);
    QCOMPARE(window.currentSection(), Section::Settings);
    QCOMPARE(stack->currentWidget(), window.page(Section::Settings));
    QVERIFY(window.showSection(Section::Keys));
    QCOMPARE(stack->currentWidget(), window.page(Section::Keys));
}

void TestMainWindow::refreshReloadsCurrentPage()
{
    CountingPage *keys = nullptr;
    CountingPage *aliases = nullptr;
    MainWindow window(
        *m_client, *m_settings, *m_translations, [&](Section section, KmsClient &) -> ui::Page * {
            if (section == Section::Keys)
                return keys = new CountingPage;
            if (section == Section::Aliases)
                return aliases = new CountingPage;
            return nullptr;
        });
    QVERIFY(keys && aliases);
    QCOMPARE(window.availableSections(), (QList<Section> { Section::Keys, Section::Aliases }));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *refresh = window.findChild<QAction *>(QStringLiteral("refreshAction"));
    QVERIFY(refresh);
    QCOMPARE(refresh->shortcut(), QKeySequence(Qt::Key_F5));
    refresh->trigger();
    QCOMPARE(keys->refreshes, 1);
    QCOMPARE(aliases->refreshes, 0);
    window.showSection(Section::Aliases);
    refresh->trigger();
    QCOMPARE(keys->refreshes, 1);
    QCOMPARE(aliases->refreshes, 1);

    // F5 from the keyboard.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F5);
    QCOMPARE(aliases->refreshes, 2);
}

void TestMainWindow::languageSwitchRetranslates()
{
    MainWindow window(*m_client, *m_settings, *m_translations);
    window.setRegion(QStringLiteral("local-1"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *languageMenu = window.findChild<QMenu *>(QStringLiteral("languageMenu"));
    auto *english = window.findChild<QAction *>(QStringLiteral("englishAction"));
    auto *chinese = window.findChild<QAction *>(QStringLiteral("chineseAction"));
    QVERIFY(languageMenu && english && chinese);
    QCOMPARE(languageMenu->title(), QStringLiteral("&Language"));
    QCOMPARE(navText(window, 3), QStringLiteral("Rotation"));

    {
        // Any installed translator is applied at once, to the window and to its pages.
        PseudoTranslator pseudo;
        QVERIFY(QCoreApplication::installTranslator(&pseudo));
        QTRY_COMPARE(navText(window, 3), PseudoTranslator::mark(QStringLiteral("Rotation")));
        QCOMPARE(languageMenu->title(), PseudoTranslator::mark(QStringLiteral("&Language")));
        QCOMPARE(window.windowTitle(), PseudoTranslator::mark(QStringLiteral("KMS Console")));
        QCOMPARE(labelText(window, "regionLabel"),
            PseudoTranslator::mark(QStringLiteral("Region: %1")).arg(QLatin1String("local-1")));
        for (int row = 0; row < 3; ++row) {
            const auto section = window.availableSections().at(row);
            QCOMPARE(navText(window, row), window.page(section)->title());
            QVERIFY2(navText(window, row).startsWith(QChar(u'⟦')),
                qPrintable(
                    QStringLiteral("page title not through tr(): %1").arg(navText(window, row))));
        }
        // The languages keep their own names.
        QCOMPARE(english->text(), QStringLiteral("English"));
        QCOMPARE(chinese->text(), QStringLiteral(u"简体中文"));
        QCoreApplication::removeTranslator(&pseudo);
    }
    QTRY_COMPARE(navText(window, 3), QStringLiteral("Rotation"));
    QCOMPARE(languageMenu->title(), QStringLiteral("&Language"));
    QCOMPARE(labelText(window, "regionLabel"), QStringLiteral("Region: local-1"));
}

void TestMainWindow::chineseTranslationAndBack()
{
    MainWindow window(*m_client, *m_settings, *m_translations);
    window.setRegion(QStringLiteral("local-1"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *english = window.findChild<QAction *>(QStringLiteral("englishAction"));
    auto *chinese = window.findChild<QAction *>(QStringLiteral("chineseAction"));
    QVERIFY(english && chinese);
    QCOMPARE(window.language(), QStringLiteral("en"));
    QVERIFY(english->isChecked());
    QStringList englishTexts;
    for (int row = 0; row < 10; ++row)
        englishTexts << navText(window, row);
    const QString englishRegion = labelText(window, "regionLabel");

    chinese->trigger();
    QCOMPARE(window.language(), QStringLiteral("zh_CN"));
    QCOMPARE(m_translations->language(), QStringLiteral("zh_CN"));
    QCOMPARE(m_settings->value(MainWindow::kLanguageSetting).toString(), QStringLiteral("zh_CN"));
    QVERIFY(chinese->isChecked());
    QVERIFY(!english->isChecked());
    QVERIFY(ui::Dialogs::history().isEmpty()); // the translation loaded
    // Every navigation text is what tr() gives under the installed translator.
    const QString rotation = QCoreApplication::translate("kms::ui::RotationPage", "Rotation");
    QTRY_COMPARE(navText(window, 3), rotation);
    QStringList chineseTexts;
    for (int row = 0; row < 10; ++row)
        chineseTexts << navText(window, row);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(chineseTexts.at(row), window.page(window.availableSections().at(row))->title());
    const QString chineseRegion = labelText(window, "regionLabel");

    english->trigger();
    QCOMPARE(window.language(), QStringLiteral("en"));
    QCOMPARE(m_settings->value(MainWindow::kLanguageSetting).toString(), QStringLiteral("en"));
    QTRY_COMPARE(navText(window, 3), QStringLiteral("Rotation"));
    for (int row = 0; row < 10; ++row)
        QCOMPARE(navText(window, row), englishTexts.at(row));
    QCOMPARE(labelText(window, "regionLabel"), englishRegion);

    // The texts really were Chinese.
    QCOMPARE(chineseTexts.at(0), QStringLiteral(u"密钥"));
    QCOMPARE(rotation, QStringLiteral(u"密钥轮转"));
    QCOMPARE(chineseRegion, QStringLiteral(u"资源池：local-1"));
    for (int row = 0; row < 10; ++row)
        QVERIFY2(chineseTexts.at(row) != englishTexts.at(row), qPrintable(englishTexts.at(row)));
}

void TestMainWindow::settingsPersist()
{
    QRect geometry;
    {
        MainWindow window(*m_client, *m_settings, *m_translations);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(930, 610);
        QTRY_COMPARE(window.size(), QSize(930, 610));
        QVERIFY(window.showSection(Section::Workbench));
        window.setLanguage(QStringLiteral("zh_CN"));
        geometry = window.geometry();
        QVERIFY(window.close());
    }
    QCOMPARE(m_settings->value(MainWindow::kPageSetting).toString(), QStringLiteral("workbench"));
    QVERIFY(!m_settings->value(MainWindow::kGeometrySetting).toByteArray().isEmpty());
    m_settings->sync();

    // A later start: a new Translations in English, the settings read back from the file.
    m_translations = std::make_unique<Translations>();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QCOMPARE(m_translations->language(), QStringLiteral("en"));
    QSettings reread(m_settings->fileName(), QSettings::IniFormat);
    MainWindow window(*m_client, reread, *m_translations);
    QCOMPARE(window.language(), QStringLiteral("zh_CN"));
    QCOMPARE(window.currentSection(), Section::Workbench);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), geometry.size());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("chineseAction"))->isChecked());
}

void TestMainWindow::screenshots()
{
    QString directory = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
    QTemporaryDir fallback;
    if (directory.isEmpty())
        directory = fallback.path();
    // A key and an alias, so the pages show something.
    const QString keyId = m_store->createKey();
    QVERIFY(!keyId.isEmpty());
    QCOMPARE_CODE(m_store->call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/payroll") },
                          { QStringLiteral("cmkUuid"), keyId } }),
        "0");

    MainWindow window(*m_client, *m_settings, *m_translations);
    window.setRegion(QStringLiteral("local-1"));
    window.resize(1180, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.refresh();
    QVERIFY(window.showSection(Section::Aliases));

    const QStringList files = window.saveScreenshots(directory);
    QCOMPARE(files.size(), 20);
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        for (const QString &page :
            { QStringLiteral("keys"), QStringLiteral("aliases"), QStringLiteral("workbench"),
                QStringLiteral("rotation"), QStringLiteral("deletions"),
                QStringLiteral("certificates"), QStringLiteral("import"), QStringLiteral("audit"),
                QStringLiteral("operators"), QStringLiteral("settings") }) {
            const QString path
                = QDir(directory).filePath(QStringLiteral("%1-%2.png").arg(page, language));
            QVERIFY2(files.contains(path), qPrintable(path));
            QVERIFY2(QFileInfo(path).size() > 0, qPrintable(path));
            const QImage image(path);
            QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
        }
    }
    // Back to where it was.
    QCOMPARE(window.language(), QStringLiteral("en"));
    QCOMPARE(window.currentSection(), Section::Aliases);
    QTRY_COMPARE(navText(window, 3), QStringLiteral("Rotation"));
    QCOMPARE(m_settings->value(MainWindow::kPageSetting).toString(), QStringLiteral("aliases"));
}

void TestMainWindow::backupFromTheFileMenu()
{
    MainWindow window(*m_client, *m_settings, *m_translations);
    const QString id = m_store->createKey();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.kmsbackup"));
    ui::CertificateFiles::setAutoFileNames(true);
    ui::CertificateFiles::queueFileName(path);
    auto *action = window.findChild<QAction *>(QStringLiteral("backupAction"));
    QVERIFY(action);
    QVERIFY(window.findChild<QMenu *>(QStringLiteral("fileMenu"))->actions().contains(action));
    action->trigger();
    ui::CertificateFiles::setAutoFileNames(false);
    QVERIFY2(ui::Dialogs::history().isEmpty(), "no error shown");
    QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("console.kmsbackup")));
    QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
        QFileDevice::Permissions());
    // The file restores elsewhere with the store's passphrase, key included.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString target = dir.filePath(QStringLiteral("restored"));
    QVERIFY_RESULT(StoreBackup::restore(target, file, [](const VaultRecord &vault) {
        return MasterKeyVault::unlockWithPassphrase(vault, test::secret("correct horse battery"));
    }));
    auto restored = StoreSession::open(target);
    QVERIFY_RESULT(restored);
    QVERIFY_RESULT((*restored)->unlockWithPassphrase(test::secret("correct horse battery")));
    QCOMPARE_CODE((*restored)->service().call(QStringLiteral("DescribeKey"),
                      QJsonObject { { QStringLiteral("cmkUuid"), id } }),
        "0");
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
