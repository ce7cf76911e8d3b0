#include "AliasDialog.h"
#include "AliasTableModel.h"
#include "AliasesPage.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "UiTestHelpers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::AliasDialog;
using kms::ui::AliasesPage;
using kms::ui::Dialogs;

namespace {

// The key id an alias points at in the page's table ("" if the alias is not listed).
QString keyOf(const AliasesPage &page, const QString &aliasName)
{
    const int row = page.model()->rowOfAlias(aliasName, QStringLiteral("local-1"));
    return row < 0 ? QString()
                   : page.model()->index(row, AliasTableModel::KeyIdColumn).data().toString();
}

} // namespace

class TestAliasesPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void createAlias();
    void createExistingAliasKeepsForm();
    void repointAlias();
    void deleteAliasAsksFirst();
    void defaultAliasIsProtected();
    void refreshShowsAliasesMadeElsewhere();

private:
    std::unique_ptr<AliasesPage> makePage();

    test::ClientFixture m_fixture;
    QString m_keyA;
    QString m_keyB;
    QString m_signingKey;
};

void TestAliasesPage::initTestCase()
{
    QVERIFY(m_fixture.open());
    m_keyA = m_fixture.store().createKey();
    m_keyB = m_fixture.store().createKey();
    m_signingKey
        = m_fixture.store().createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(!m_keyA.isEmpty() && !m_keyB.isEmpty() && !m_signingKey.isEmpty());
}

void TestAliasesPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
}

void TestAliasesPage::cleanupTestCase()
{
    m_fixture.close();
}

std::unique_ptr<AliasesPage> TestAliasesPage::makePage()
{
    return test::shown(std::make_unique<AliasesPage>(m_fixture.client()), { 1100, 600 });
}

void TestAliasesPage::createAlias()
{
    auto page = makePage();
    QCOMPARE(page->title(), QStringLiteral("Aliases"));
    QVERIFY(!action(*page, "repointAliasAction")->isEnabled()); // nothing selected
    action(*page, "createAliasAction")->trigger();
    QPointer<AliasDialog> dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("aliasLineEdit"));
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));
    name->setFocus();
    name->end(false);
    QTest::keyClicks(name, QStringLiteral("web"));
    QTest::keyClicks(key, m_keyA);
    QCOMPARE(dialog->action(), QStringLiteral("CreateAlias"));
    QCOMPARE(dialog->request(),
        (QJsonObject { { QStringLiteral("aliasName"), QStringLiteral("alias/web") },
            { QStringLiteral("cmkUuid"), m_keyA } }));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(keyOf(*page, QStringLiteral("alias/web")), m_keyA);
    QCOMPARE(page->currentAlias().value(QStringLiteral("aliasName")).toString(),
        QStringLiteral("alias/web"));
    QVERIFY(action(*page, "repointAliasAction")->isEnabled());
    QVERIFY(action(*page, "deleteAliasAction")->isEnabled());

    // The key can be given by another of its aliases.
    action(*page, "createAliasAction")->trigger();
    dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("aliasLineEdit"))
        ->setText(QStringLiteral("alias/web-2"));
    QTest::keyClicks(
        dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit")), QStringLiteral("alias/web"));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(keyOf(*page, QStringLiteral("alias/web-2")), m_keyA);

    page->findChild<QAction *>(QStringLiteral("copyKeyIdAction"))->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), m_keyA);

    if (const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        page->grab().save(QDir(dir).filePath(QStringLiteral("aliases-page-en.png")));
    }
}

void TestAliasesPage::createExistingAliasKeepsForm()
{
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/taken") },
                          { QStringLiteral("cmkUuid"), m_keyA } }),
        "0");
    auto page = makePage();
    action(*page, "createAliasAction")->trigger();
    QPointer<AliasDialog> dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("aliasLineEdit"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("alias/taken"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit")), m_keyB);
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0201"));
    QVERIFY(Dialogs::history().last().text.contains(QStringLiteral("別名已存在")));
    QVERIFY(Dialogs::history().last().text.contains(QLatin1String("Alias already exists")));
    QVERIFY(dialog);
    QCOMPARE(name->text(), QStringLiteral("alias/taken"));
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"))->text(), m_keyB);
    QCOMPARE(keyOf(*page, QStringLiteral("alias/taken")), m_keyA);

    // An unknown key alias: the lookup fails, the form stays.
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));
    key->selectAll();
    QTest::keyClicks(key, QStringLiteral("alias/nobody"));
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("alias/fresh"));
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0301"));
    QVERIFY(dialog);
    dialog->reject();
}

void TestAliasesPage::repointAlias()
{
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/moving") },
                          { QStringLiteral("cmkUuid"), m_keyA } }),
        "0");
    auto page = makePage();
    QVERIFY(page->selectAlias(QStringLiteral("alias/moving")));
    action(*page, "repointAliasAction")->trigger();
    QPointer<AliasDialog> dialog = page->findChild<AliasDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->action(), QStringLiteral("UpdateAlias"));
    auto *alias = dialog->findChild<QComboBox *>(QStringLiteral("aliasComboBox"));
    QCOMPARE(alias->count(), 1);
    QCOMPARE(alias->currentText(), QStringLiteral("alias/moving"));
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));

    // A key of another usage: refused, the dialog stays.
    QTest::keyClicks(key, m_signingKey);
    clickOk(dialog);
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0304"));
    QVERIFY(dialog);
    QCOMPARE(key->text(), m_signingKey);

    key->selectAll();
    QTest::keyClicks(key, m_keyB);
    QCOMPARE(
        dialog->request().value(QStringLiteral("regionId")).toString(), QStringLiteral("local-1"));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QCOMPARE(keyOf(*page, QStringLiteral("alias/moving")), m_keyB);
    QCOMPARE(page->currentAlias().value(QStringLiteral("aliasName")).toString(),
        QStringLiteral("alias/moving"));
    QCOMPARE(page->currentAlias().value(QStringLiteral("cmkUuid")).toString(), m_keyB);
}

void TestAliasesPage::deleteAliasAsksFirst()
{
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/doomed") },
                          { QStringLiteral("cmkUuid"), m_keyB } }),
        "0");
    auto page = makePage();
    QVERIFY(page->selectAlias(QStringLiteral("alias/doomed")));
    const qint64 before = page->model()->totalCount();

    Dialogs::setAutoAnswer(true, false);
    action(*page, "deleteAliasAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    const QString question = Dialogs::history().last().text;
    QVERIFY2(question.contains(QLatin1String("alias/doomed")), qPrintable(question));
    QVERIFY2(question.contains(m_keyB), qPrintable(question));
    QCOMPARE(keyOf(*page, QStringLiteral("alias/doomed")), m_keyB);

    Dialogs::setAutoAnswer(true, true);
    action(*page, "deleteAliasAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(keyOf(*page, QStringLiteral("alias/doomed")), QString());
    QCOMPARE(page->model()->totalCount(), before - 1);
    QVERIFY(page->currentAlias().isEmpty());
    QVERIFY(!action(*page, "deleteAliasAction")->isEnabled());
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("DescribeKey"),
                      { { QStringLiteral("cmkUuid"), QStringLiteral("alias/doomed") } }),
        "KMS.0301");
}

void TestAliasesPage::defaultAliasIsProtected()
{
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("GetDefaultKey"),
                      { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                          { QStringLiteral("product"), QStringLiteral("ecs") } }),
        "0");
    auto page = makePage();
    const int row
        = page->model()->rowOfAlias(QStringLiteral("alias/acs/ecs"), QStringLiteral("local-1"));
    QVERIFY(row >= 0);
    QCOMPARE(page->model()->index(row, AliasTableModel::DefaultColumn).data().toString(),
        QStringLiteral("Default (protected)"));
    QVERIFY(page->selectAlias(QStringLiteral("alias/acs/ecs")));
    QVERIFY(!action(*page, "repointAliasAction")->isEnabled());
    QVERIFY(!action(*page, "deleteAliasAction")->isEnabled());
    QVERIFY(action(*page, "copyKeyIdAction")->isEnabled());
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("protectedLabel"))->isVisible());
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("lockLabel"))->isVisible());
    if (const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        page->grab().save(QDir(dir).filePath(QStringLiteral("aliases-page-default-en.png")));
    }

    // Even called directly, nothing is asked and nothing changes.
    page->deleteAlias();
    page->repointAlias();
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(page->findChild<AliasDialog *>() == nullptr);
    QVERIFY(
        page->model()->rowOfAlias(QStringLiteral("alias/acs/ecs"), QStringLiteral("local-1")) >= 0);

    // An ordinary alias: enabled again, the notice goes away.
    QCOMPARE_CODE(m_fixture.store().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/ordinary") },
                          { QStringLiteral("cmkUuid"), m_keyA } }),
        "0");
    page->refresh();
    QVERIFY(page->selectAlias(QStringLiteral("alias/ordinary")));
    QVERIFY(action(*page, "deleteAliasAction")->isEnabled());
    QVERIFY(!page->findChild<QLabel *>(QStringLiteral("protectedLabel"))->isVisible());
}

void TestAliasesPage::refreshShowsAliasesMadeElsewhere()
{
    auto page = makePage();
    auto other = m_fixture.store().session().openConnection();
    QVERIFY_RESULT(other);
    QCOMPARE_CODE((*other)->service().call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("aliasName"), QStringLiteral("alias/from-kmsctl") },
                          { QStringLiteral("cmkUuid"), m_keyB } }),
        "0");
    QCOMPARE(keyOf(*page, QStringLiteral("alias/from-kmsctl")), QString());
    page->refresh();
    QCOMPARE(keyOf(*page, QStringLiteral("alias/from-kmsctl")), m_keyB);
}

QTEST_MAIN(TestAliasesPage)
#include "TestAliasesPage.moc"
