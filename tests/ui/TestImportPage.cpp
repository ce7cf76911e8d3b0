// The Import page (bring your own key) driven through its real widgets: the wizard's steps
// clicked through, file dialogs and message boxes answered through their seams
// (CertificateFiles, Dialogs), and the material wrapped the way its owner would, with the
// `openssl` command-line tool on the wrapping key the wizard saved.
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "ImportPage.h"
#include "ImportWizard.h"
#include "KmsClient.h"
#include "UiTestHelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;
using kms::ui::CertificateFiles;
using kms::ui::Dialogs;
using kms::ui::ImportPage;
using kms::ui::ImportWizard;

namespace {

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

void click(QAbstractButton *button)
{
    QVERIFY(button != nullptr);
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

void clickNamed(QObject *parent, const char *name)
{
    auto *button = child<QAbstractButton>(parent, name);
    QVERIFY2(button != nullptr, name);
    click(button);
}

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, '\0');
    for (char &byte : bytes)
        byte = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}

} // namespace

class TestImportPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void newKeyWizardImportsOpensslWrappedMaterial_data();
    void newKeyWizardImportsOpensslWrappedMaterial();
    void corruptWrappedFileShowsErrorAndAllowsRetry();
    void existingKeyPath();
    void deleteMaterialAsksFirst();

private:
    std::unique_ptr<ImportPage> makePage();
    // Steps 1 and 2 for a new key: returns the saved wrapping key's path.
    QString runToMaterialStep(ImportPage &page, const QString &algorithm, bool newKey = true,
        const QString &screenshotPrefix = QString());
    // The owner's side: wraps `material` under the wrapping key like the wizard's commands.
    QByteArray wrap(
        const QString &algorithm, const QString &wrappingKey, const QByteArray &material);
    QString stateOf(const QString &cmkUuid);
    QString path(const QString &name) const { return m_dir->filePath(name); }

    QString m_openssl;
    std::unique_ptr<QTemporaryDir> m_dir;
    ClientFixture m_fixture;
};

void TestImportPage::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(
        !m_openssl.isEmpty(), "the openssl command-line tool is installed by scripts/setup.sh");
}

void TestImportPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    CertificateFiles::setAutoFileNames(true);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(m_fixture.open());
}

void TestImportPage::cleanup()
{
    CertificateFiles::setAutoFileNames(false);
    m_fixture.close();
    m_dir.reset();
}

std::unique_ptr<ImportPage> TestImportPage::makePage()
{
    return shown(std::make_unique<ImportPage>(m_fixture.client()), { 1250, 720 });
}

QString TestImportPage::stateOf(const QString &cmkUuid)
{
    const Response response = m_fixture.client().call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), cmkUuid } });
    return metadataOf(response).value(QStringLiteral("keyState")).toString();
}

QByteArray TestImportPage::wrap(
    const QString &algorithm, const QString &wrappingKey, const QByteArray &material)
{
    return kms::test::opensslWrapForImport(
        m_openssl, algorithm, wrappingKey, material, m_dir->path());
}

QString TestImportPage::runToMaterialStep(
    ImportPage &page, const QString &algorithm, bool newKey, const QString &screenshotPrefix)
{
    ImportWizard *wizard = page.wizard();
    if (newKey) {
        [&] {
            QCOMPARE(wizard->currentId(), int(ImportWizard::KeyStep));
            QVERIFY(child<QRadioButton>(wizard, "newKeyRadioButton")->isChecked());
            auto *spec = child<QComboBox>(wizard, "specComboBox");
            spec->setCurrentIndex(spec->findData(QStringLiteral("AES_256")));
            QTest::keyClicks(
                child<QLineEdit>(wizard, "descriptionLineEdit"), QStringLiteral("HR payroll BYOK"));
            QVERIFY(child<QLabel>(wizard, "backupWarningLabel")
                        ->text()
                        .contains(QLatin1String("cannot recover")));
            if (!screenshotPrefix.isEmpty())
                saveScreenshot(&page, screenshotPrefix + QStringLiteral("-step1-en.png"));
        }();
    }
    if (QTest::currentTestFailed())
        return {};
    click(wizard->button(QWizard::NextButton));
    if (QTest::currentTestFailed() || wizard->currentId() != ImportWizard::ParametersStep)
        return {};
    const QString keyId = wizard->keyId();
    if (keyId.isEmpty() || stateOf(keyId) != QLatin1String("PendingImport"))
        return {};

    const QString wrappingKey = path(QStringLiteral("wrapping-key.pem"));
    const QString tokenFile = path(QStringLiteral("import-token.json"));
    [&] {
        // Nothing to save and no way on before the parameters are there.
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(!child<QPushButton>(wizard, "saveWrappingKeyButton")->isEnabled());
        auto *algorithms = child<QComboBox>(wizard, "algorithmComboBox");
        algorithms->setCurrentIndex(algorithms->findData(algorithm));
        clickNamed(wizard, "getParametersButton");
        QTRY_VERIFY_WITH_TIMEOUT(!wizard->parameters().isEmpty(), 60000);
        QVERIFY(!wizard->isBusy());
        QCOMPARE(
            wizard->parameters().value(QStringLiteral("wrappingAlgorithm")).toString(), algorithm);
        QVERIFY(child<QLabel>(wizard, "tokenExpiryLabel")->text().contains(QLatin1String("24")));
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // the key is not saved yet

        CertificateFiles::queueFileName(wrappingKey);
        clickNamed(wizard, "saveWrappingKeyButton");
        CertificateFiles::queueFileName(tokenFile);
        clickNamed(wizard, "saveTokenButton");
        QVERIFY(readFile(wrappingKey).startsWith("-----BEGIN PUBLIC KEY-----"));
        const QJsonObject token = QJsonDocument::fromJson(readFile(tokenFile)).object();
        QCOMPARE(token.value(QStringLiteral("cmkUuid")).toString(), keyId);
        QCOMPARE(token.value(QStringLiteral("importToken")).toString(),
            wizard->parameters().value(QStringLiteral("importToken")).toString());
        QCOMPARE(token.value(QStringLiteral("wrappingAlgorithm")).toString(), algorithm);
        QVERIFY(!token.value(QStringLiteral("tokenExpireTime")).toString().isEmpty());
        QVERIFY(QFile(tokenFile).permissions() & QFileDevice::ReadOwner);
        QVERIFY(!(QFile(tokenFile).permissions() & QFileDevice::ReadOther));

        const QString commands
            = child<QPlainTextEdit>(wizard, "commandsPlainTextEdit")->toPlainText();
        QVERIFY(commands.contains(QLatin1String("-inkey wrapping-key.pem")));
        QCOMPARE(commands,
            ImportWizard::wrappingCommands(algorithm, QStringLiteral("wrapping-key.pem")));
        if (algorithm == QLatin1String("RSA_AES_KEY_WRAP_SHA_256"))
            QVERIFY(commands.contains(QLatin1String("-id-aes256-wrap-pad")));
        if (!screenshotPrefix.isEmpty())
            saveScreenshot(&page, screenshotPrefix + QStringLiteral("-step2-en.png"));
        click(wizard->button(QWizard::NextButton));
        QCOMPARE(wizard->currentId(), int(ImportWizard::MaterialStep));
        QVERIFY(!child<QPushButton>(wizard, "importButton")->isEnabled()); // no file yet
    }();
    return QTest::currentTestFailed() ? QString() : wrappingKey;
}

void TestImportPage::newKeyWizardImportsOpensslWrappedMaterial_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::addColumn<bool>("withExpiry");
    QTest::newRow("RSAES_OAEP_SHA_256") << "RSAES_OAEP_SHA_256" << false;
    QTest::newRow("RSA_AES_KEY_WRAP_SHA_256") << "RSA_AES_KEY_WRAP_SHA_256" << true;
}

void TestImportPage::newKeyWizardImportsOpensslWrappedMaterial()
{
    QFETCH(QString, algorithm);
    QFETCH(bool, withExpiry);
    auto page = makePage();
    ImportWizard *wizard = page->wizard();
    const bool screenshots = algorithm == QLatin1String("RSAES_OAEP_SHA_256");
    const QString wrappingKey = runToMaterialStep(
        *page, algorithm, true, screenshots ? QStringLiteral("import") : QString());
    QVERIFY(!wrappingKey.isEmpty());
    const QString keyId = wizard->keyId();
    QCOMPARE(stateOf(keyId), QStringLiteral("PendingImport"));
    QCOMPARE(metadataOf(m_fixture.client().call(QStringLiteral("DescribeKey"),
                            { { QStringLiteral("cmkUuid"), keyId } }))
                 .value(QStringLiteral("description"))
                 .toString(),
        QStringLiteral("HR payroll BYOK"));

    // The owner wraps the material on their machine.
    const QByteArray wrapped = wrap(algorithm, wrappingKey, randomBytes(32));
    QVERIFY(!wrapped.isEmpty());
    const QString wrappedFile = path(QStringLiteral("material.wrapped"));
    QVERIFY(writeFile(wrappedFile, wrapped));
    CertificateFiles::queueFileName(wrappedFile);
    clickNamed(wizard, "chooseWrappedFileButton");
    QVERIFY(child<QLabel>(wizard, "wrappedFileLabel")
                ->text()
                .contains(QLatin1String("material.wrapped")));
    if (withExpiry) {
        auto *expiry = child<QCheckBox>(wizard, "materialExpiryCheckBox");
        QTest::mouseClick(expiry, Qt::LeftButton, {}, QPoint(8, expiry->height() / 2));
        QVERIFY(expiry->isChecked());
        QVERIFY(child<QWidget>(wizard, "materialExpiryDateTimeEdit")->isEnabled());
    }
    if (screenshots)
        saveScreenshot(page.get(), QStringLiteral("import-step3-en.png"));
    clickNamed(wizard, "importButton");
    QVERIFY2(Dialogs::history().isEmpty(),
        qPrintable(Dialogs::history().isEmpty() ? QString() : Dialogs::history().constLast().text));
    QCOMPARE(wizard->importedKey().value(QStringLiteral("keyState")).toString(),
        QStringLiteral("Enabled"));
    QCOMPARE(stateOf(keyId), QStringLiteral("Enabled"));
    const QString result = child<QLabel>(wizard, "resultLabel")->text();
    QVERIFY2(result.contains(QLatin1String("Enabled")), qPrintable(result));
    const QString materialExpiry
        = wizard->importedKey().value(QStringLiteral("materialExpireTime")).toString();
    QCOMPARE(materialExpiry.isEmpty(), !withExpiry);
    QCOMPARE(result.contains(QLatin1String("never")), !withExpiry);
    if (screenshots)
        saveScreenshot(page.get(), QStringLiteral("import-done-en.png"));

    // The page lists the key with its new state and selects it.
    QCOMPARE(page->currentKey().value(QStringLiteral("cmkUuid")).toString(), keyId);
    QCOMPARE(
        page->currentKey().value(QStringLiteral("keyState")).toString(), QStringLiteral("Enabled"));
    QVERIFY(action(*page, "deleteMaterialAction")->isEnabled());

    // The key works through the service.
    const QString plain = QString::fromLatin1(QByteArray("salary run 2026-11").toBase64());
    const Response sealed = m_fixture.client().call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), keyId }, { QStringLiteral("plaintext"), plain } });
    QVERIFY2(sealed.ok(), qPrintable(sealed.code));
    const Response opened = m_fixture.client().call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            sealed.data.value(QStringLiteral("ciphertextBlob")) } });
    QVERIFY2(opened.ok(), qPrintable(opened.code));
    QCOMPARE(opened.data.value(QStringLiteral("plaintext")).toString(), plain);

    // Done: the wizard starts over for the next key.
    click(wizard->button(QWizard::FinishButton));
    QCOMPARE(wizard->currentId(), int(ImportWizard::KeyStep));
    QVERIFY(wizard->keyId().isEmpty());
}

void TestImportPage::corruptWrappedFileShowsErrorAndAllowsRetry()
{
    auto page = makePage();
    ImportWizard *wizard = page->wizard();
    const QString algorithm = QStringLiteral("RSAES_OAEP_SHA_256");
    const QString wrappingKey = runToMaterialStep(*page, algorithm);
    QVERIFY(!wrappingKey.isEmpty());
    const QString keyId = wizard->keyId();

    const QString corrupt = path(QStringLiteral("corrupt.wrapped"));
    QVERIFY(writeFile(corrupt, randomBytes(256)));
    CertificateFiles::queueFileName(corrupt);
    clickNamed(wizard, "chooseWrappedFileButton");
    clickNamed(wizard, "importButton");
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(Dialogs::history().constFirst().code, QStringLiteral("KMS.0239"));
    QCOMPARE(stateOf(keyId), QStringLiteral("PendingImport"));
    QCOMPARE(wizard->currentId(), int(ImportWizard::MaterialStep));
    QVERIFY(wizard->importedKey().isEmpty());
    QVERIFY(!wizard->button(QWizard::FinishButton)->isEnabled());
    // Escape does not drop the steps done.
    QTest::keyClick(wizard, Qt::Key_Escape);
    QCOMPARE(wizard->currentId(), int(ImportWizard::MaterialStep));
    QCOMPARE(wizard->keyId(), keyId);
    if (!qEnvironmentVariableIsEmpty("KMS_SCREENSHOT_DIR"))
        saveScreenshot(page.get(), QStringLiteral("import-error-en.png"));

    // The right file on the same step.
    const QString good = path(QStringLiteral("material.wrapped"));
    QVERIFY(writeFile(good, wrap(algorithm, wrappingKey, randomBytes(32))));
    CertificateFiles::queueFileName(good);
    clickNamed(wizard, "chooseWrappedFileButton");
    clickNamed(wizard, "importButton");
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(stateOf(keyId), QStringLiteral("Enabled"));
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
}

void TestImportPage::existingKeyPath()
{
    const Response created = m_fixture.client().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") },
            { QStringLiteral("description"), QStringLiteral("made by kmsctl") } });
    QVERIFY2(created.ok(), qPrintable(created.code));
    const QString keyId = metadataOf(created).value(QStringLiteral("cmkUuid")).toString();
    auto page = makePage();
    ImportWizard *wizard = page->wizard();

    // The key waits in the wizard's list and in the page's table.
    auto *pending = child<QListWidget>(wizard, "pendingKeysListWidget");
    QCOMPARE(pending->count(), 1);
    QVERIFY(page->selectKey(keyId));
    QCOMPARE(page->keysTable()->rowCount(), 1);
    QVERIFY(!action(*page, "deleteMaterialAction")->isEnabled()); // no material yet
    QAction *importAction = action(*page, "importMaterialAction");
    QVERIFY(importAction->isEnabled());
    importAction->trigger();
    QVERIFY(child<QRadioButton>(wizard, "existingKeyRadioButton")->isChecked());
    QCOMPARE(pending->selectedItems().size(), 1);
    if (!qEnvironmentVariableIsEmpty("KMS_SCREENSHOT_DIR"))
        saveScreenshot(page.get(), QStringLiteral("import-existing-key-en.png"));

    const QString wrappingKey
        = runToMaterialStep(*page, QStringLiteral("RSAES_OAEP_SHA_256"), false);
    QVERIFY(!wrappingKey.isEmpty());
    QCOMPARE(wizard->keyId(), keyId);
    QCOMPARE(page->keysTable()->rowCount(), 1); // no other key was made

    const QString wrapped = path(QStringLiteral("material.wrapped"));
    QVERIFY(writeFile(
        wrapped, wrap(QStringLiteral("RSAES_OAEP_SHA_256"), wrappingKey, randomBytes(32))));
    CertificateFiles::queueFileName(wrapped);
    clickNamed(wizard, "chooseWrappedFileButton");
    clickNamed(wizard, "importButton");
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(stateOf(keyId), QStringLiteral("Enabled"));
    QCOMPARE(pending->count(), 0);
}

void TestImportPage::deleteMaterialAsksFirst()
{
    auto page = makePage();
    ImportWizard *wizard = page->wizard();
    const QString algorithm = QStringLiteral("RSAES_OAEP_SHA_1");
    const QString wrappingKey = runToMaterialStep(*page, algorithm);
    QVERIFY(!wrappingKey.isEmpty());
    const QString keyId = wizard->keyId();
    const QString wrapped = path(QStringLiteral("material.wrapped"));
    QVERIFY(writeFile(wrapped, wrap(algorithm, wrappingKey, randomBytes(32))));
    CertificateFiles::queueFileName(wrapped);
    clickNamed(wizard, "chooseWrappedFileButton");
    clickNamed(wizard, "importButton");
    QCOMPARE(stateOf(keyId), QStringLiteral("Enabled"));
    QVERIFY(page->selectKey(keyId));

    // "No" keeps the material.
    Dialogs::setAutoAnswer(true, false);
    QAction *deleteAction = action(*page, "deleteMaterialAction");
    QVERIFY(deleteAction->isEnabled());
    deleteAction->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().constLast().text.contains(keyId));
    QCOMPARE(stateOf(keyId), QStringLiteral("Enabled"));

    // "Yes" deletes it; the key waits for material again.
    Dialogs::setAutoAnswer(true, true);
    deleteAction->trigger();
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(stateOf(keyId), QStringLiteral("PendingImport"));
    QCOMPARE(page->currentKey().value(QStringLiteral("keyState")).toString(),
        QStringLiteral("PendingImport"));
    QVERIFY(!deleteAction->isEnabled());
    QVERIFY(action(*page, "importMaterialAction")->isEnabled());
    QCOMPARE(child<QListWidget>(wizard, "pendingKeysListWidget")->count(), 1);
}

QTEST_MAIN(TestImportPage)
#include "TestImportPage.moc"
