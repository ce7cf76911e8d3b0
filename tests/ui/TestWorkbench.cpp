#include "Dialogs.h"
#include "KmsClient.h"
#include "TestHelpers.h"
#include "WorkbenchPage.h"
#include "WorkbenchTask.h"

#include "crypto/PublicKeyCrypto.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using kms::ui::Dialogs;
using kms::ui::WorkbenchPage;
using kms::ui::WorkbenchTask;

namespace {

// A store, the client over it and the page, shown (offscreen) the way the main window shows it.
struct Bench
{
    test::TestStore store;
    std::unique_ptr<KmsClient> client;
    std::unique_ptr<WorkbenchPage> page;

    Bench()
    {
        client = std::make_unique<KmsClient>(store.session());
        page = std::make_unique<WorkbenchPage>(*client);
        page->resize(960, 720);
    }

    bool show()
    {
        page->show();
        return QTest::qWaitForWindowExposed(page.get());
    }

    template<typename T> T *child(const char *name)
    {
        T *widget = page->findChild<T *>(QLatin1String(name));
        if (widget == nullptr)
            qWarning("no %s", name);
        return widget;
    }

    // Picks a key in the real combo box, as the user does.
    bool pick(const QString &cmkUuid)
    {
        auto *combo = child<QComboBox>("keyComboBox");
        const int index = combo->findData(cmkUuid);
        if (index < 0)
            return false;
        combo->setCurrentIndex(index);
        return page->currentKey().cmkUuid == cmkUuid;
    }

    void openTab(const char *name)
    {
        child<QTabWidget>("operationsTabWidget")->setCurrentWidget(child<QWidget>(name));
    }

    // For reviewers: a PNG of a tab in the build folder when KMS_SCREENSHOT_DIR is set.
    void screenshot(const char *tab, const char *name)
    {
        const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        openTab(tab);
        const QString path = QStringLiteral("%1/workbench-%2.png").arg(dir, QLatin1String(name));
        QVERIFY2(page->grab().save(path), qPrintable(path));
    }

    bool tabEnabled(const char *name)
    {
        auto *tabs = child<QTabWidget>("operationsTabWidget");
        return tabs->isTabEnabled(tabs->indexOf(child<QWidget>(name)));
    }

    void click(const char *button)
    {
        auto *widget = child<QPushButton>(button);
        QVERIFY(widget != nullptr);
        QVERIFY2(widget->isEnabled(), button);
        QTest::mouseClick(widget, Qt::LeftButton);
    }
};

QString lastErrorCode()
{
    for (qsizetype i = Dialogs::history().size() - 1; i >= 0; --i) {
        if (!Dialogs::history().at(i).code.isEmpty())
            return Dialogs::history().at(i).code;
    }
    return QString();
}

QByteArray randomBytes(qsizetype size)
{
    QList<quint32> words((size + 3) / 4);
    QRandomGenerator::global()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), size);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void keyPickerListsEnabledKeys();
    void manyKeysAreCappedAndFound();
    void tabsFollowTheKey();
    void textRoundTrip();
    void wrongContextShowsErrorAndKeepsInputs();
    void disabledKeyShowsError();
    void fileRoundTrip();
    void fileCancelLeavesNoOutput();
    void closingThePageStopsTheJob();
    void fileDecryptOfForeignFileFails();
    void signVerify_data();
    void signVerify();
    void signDigestAndFile();
    void dataKey();
    void asymmetricRoundTrip_data();
    void asymmetricRoundTrip();
    void exportPublicKey();
    void secretsClearedOnKeySwitchAndPageLeave();
};

void TestWorkbench::initTestCase()
{
    Dialogs::setAutoAnswer(true, true);
}

void TestWorkbench::init()
{
    Dialogs::clearHistory();
}

void TestWorkbench::keyPickerListsEnabledKeys()
{
    Bench bench;
    const QString aes = bench.store.createKey();
    const QString disabled = bench.store.createKey(QStringLiteral("SM4_128"));
    QCOMPARE_CODE(
        bench.store.call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), disabled } }),
        "0");
    QCOMPARE_CODE(bench.store.call(QStringLiteral("CreateAlias"),
                      { { QStringLiteral("cmkUuid"), aes },
                          { QStringLiteral("aliasName"), QStringLiteral("alias/payments") } }),
        "0");
    QVERIFY(bench.show());
    auto *combo = bench.child<QComboBox>("keyComboBox");
    QCOMPARE(combo->count(), 1);
    QVERIFY(combo->itemText(0).contains(QLatin1String("alias/payments")));
    QVERIFY(combo->itemText(0).contains(QLatin1String("AES_256")));
    QCOMPARE(bench.page->currentKey().cmkUuid, aes);

    // A key made through the console appears without a manual refresh; one made elsewhere
    // (kmsctl, another window) after refresh().
    const QString ec
        = bench.store.createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QCOMPARE(combo->count(), 1);
    bench.page->refresh();
    QCOMPARE(combo->count(), 2);
    QVERIFY(combo->findData(ec) >= 0);
    QCOMPARE(bench.page->currentKey().cmkUuid, aes); // the pick survives a refresh
    const Response created = bench.client->call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    QCOMPARE_CODE(created, "0");
    QCOMPARE(combo->count(), 3);

    // The filter narrows the list through ListKeys' search.
    QTest::keyClicks(bench.child<QLineEdit>("keyFilterLineEdit"), QStringLiteral("payments"));
    QTRY_COMPARE(combo->count(), 1);
    QCOMPARE(combo->itemData(0).toString(), aes);

    // An asymmetric key offers its primary version.
    bench.child<QLineEdit>("keyFilterLineEdit")->clear();
    QTRY_COMPARE(combo->count(), 3);
    QVERIFY(bench.pick(ec));
    const QString primary
        = bench.store.call(QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), ec } })
              .data.value(QStringLiteral("keyMetadata"))
              .toObject()
              .value(QStringLiteral("primaryKeyVersion"))
              .toString();
    QVERIFY(!primary.isEmpty());
    QCOMPARE(bench.child<QComboBox>("keyVersionComboBox")->currentText(), primary);
    QCOMPARE(bench.page->currentKey().keyVersionId, primary);
    QVERIFY(Dialogs::history().isEmpty());
}

void TestWorkbench::manyKeysAreCappedAndFound()
{
    Bench bench;
    QStringList keys;
    for (int i = 0; i < 205; ++i)
        keys.append(bench.store.createKey());
    QVERIFY(!keys.contains(QString()));
    QVERIFY(bench.show());
    auto *combo = bench.child<QComboBox>("keyComboBox");
    QCOMPARE(combo->count(), 200);
    const QString hint = bench.child<QLabel>("keyHintLabel")->text();
    QVERIFY2(hint.contains(QLatin1String("200")) && hint.contains(QLatin1String("205")),
        qPrintable(hint));
    QString unlisted;
    for (const QString &key : std::as_const(keys)) {
        if (combo->findData(key) < 0) {
            unlisted = key;
            break;
        }
    }
    QVERIFY(!unlisted.isEmpty());
    // "Open in the workbench" from elsewhere finds a key beyond the list ...
    QVERIFY(bench.page->selectKey(unlisted));
    QCOMPARE(bench.page->currentKey().cmkUuid, unlisted);
    QCOMPARE(combo->itemData(combo->currentIndex()).toString(), unlisted);
    // ... and so does the filter.
    QTest::keyClicks(bench.child<QLineEdit>("keyFilterLineEdit"), unlisted);
    QTRY_COMPARE(combo->count(), 1);
    QCOMPARE(bench.page->currentKey().cmkUuid, unlisted);
    QVERIFY(bench.child<QLabel>("keyHintLabel")->text().isEmpty());
    QVERIFY(Dialogs::history().isEmpty());
}

void TestWorkbench::tabsFollowTheKey()
{
    Bench bench;
    const QString aes = bench.store.createKey();
    const QString ec
        = bench.store.createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    const QString sm2
        = bench.store.createKey(QStringLiteral("EC_SM2"), QStringLiteral("ENCRYPT/DECRYPT"));
    QVERIFY(bench.show());

    QVERIFY(bench.pick(aes));
    QVERIFY(bench.tabEnabled("textTab"));
    QVERIFY(bench.tabEnabled("fileTab"));
    QVERIFY(bench.tabEnabled("dataKeyTab"));
    QVERIFY(!bench.tabEnabled("signTab"));
    QVERIFY(!bench.tabEnabled("asymmetricTab"));
    QVERIFY(!bench.tabEnabled("publicKeyTab"));
    QVERIFY(bench.child<QPushButton>("encryptButton")->isEnabled());
    QVERIFY(!bench.child<QComboBox>("keyVersionComboBox")->isEnabled());

    QVERIFY(bench.pick(ec));
    QVERIFY(bench.tabEnabled("textTab")); // decryption of blobs needs no key
    QVERIFY(!bench.child<QPushButton>("encryptButton")->isEnabled());
    QVERIFY(bench.child<QPushButton>("decryptButton")->isEnabled());
    QVERIFY(!bench.tabEnabled("dataKeyTab"));
    QVERIFY(bench.tabEnabled("signTab"));
    QVERIFY(!bench.tabEnabled("asymmetricTab"));
    QVERIFY(bench.tabEnabled("publicKeyTab"));
    auto *algorithms = bench.child<QComboBox>("signAlgorithmComboBox");
    QCOMPARE(algorithms->count(), 1);
    QCOMPARE(algorithms->itemText(0), QStringLiteral("ECDSA_SHA_256"));

    QVERIFY(bench.pick(sm2));
    QVERIFY(!bench.tabEnabled("signTab"));
    QVERIFY(bench.tabEnabled("asymmetricTab"));
    auto *encryption = bench.child<QComboBox>("asymmetricAlgorithmComboBox");
    QCOMPARE(encryption->count(), 1);
    QCOMPARE(encryption->itemText(0), QStringLiteral("SM2PKE"));
    QVERIFY(bench.child<QPlainTextEdit>("publicKeyEdit")
                ->toPlainText()
                .startsWith(QLatin1String("-----BEGIN PUBLIC KEY-----")));

    bench.screenshot("asymmetricTab", "asymmetric");
    bench.screenshot("publicKeyTab", "public-key");
    QVERIFY(bench.pick(ec));
    bench.screenshot("signTab", "sign");
    QVERIFY(bench.pick(aes));
    bench.screenshot("textTab", "text");
    bench.screenshot("fileTab", "file");
    bench.screenshot("dataKeyTab", "data-key");
}

void TestWorkbench::textRoundTrip()
{
    Bench bench;
    const QString key = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("textTab");

    auto *plaintext = bench.child<QPlainTextEdit>("plaintextEdit");
    auto *ciphertext = bench.child<QPlainTextEdit>("ciphertextEdit");
    const QString message = QStringLiteral("Wire 1,000 to account 42 - 密钥管理");
    QTest::keyClicks(plaintext, QStringLiteral("Wire 1,000 to account 42 - "));
    plaintext->insertPlainText(QStringLiteral("密钥管理")); // as an input method commits it
    QCOMPARE(plaintext->toPlainText(), message);
    bench.click("encryptButton");
    QVERIFY(Dialogs::history().isEmpty());
    const QString blob = ciphertext->toPlainText();
    QVERIFY(!blob.isEmpty());

    // What the page sent is what was typed, as UTF-8: the backend opens it to the same bytes.
    const Response opened = bench.store.call(
        QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob } });
    QCOMPARE_CODE(opened, "0");
    QCOMPARE(QByteArray::fromBase64(
                 opened.data.value(QStringLiteral("plaintext")).toString().toLatin1()),
        message.toUtf8());
    QCOMPARE(opened.data.value(QStringLiteral("cmkUuid")).toString(), key);

    plaintext->clear();
    bench.click("decryptButton");
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(plaintext->toPlainText(), message);
    QCOMPARE(ciphertext->toPlainText(), blob);
    QVERIFY(bench.child<QLabel>("textResultLabel")->text().contains(key));
}

void TestWorkbench::wrongContextShowsErrorAndKeepsInputs()
{
    Bench bench;
    const QString key = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("textTab");
    auto *plaintext = bench.child<QPlainTextEdit>("plaintextEdit");
    auto *context = bench.child<QPlainTextEdit>("encryptionContextEdit");
    auto *ciphertext = bench.child<QPlainTextEdit>("ciphertextEdit");

    QTest::keyClicks(plaintext, QStringLiteral("payroll"));
    QTest::keyClicks(context, QStringLiteral("department = finance"));
    bench.click("encryptButton");
    QVERIFY(Dialogs::history().isEmpty());
    const QString blob = ciphertext->toPlainText();
    QVERIFY(!blob.isEmpty());
    // The context was bound: the backend opens the blob only with it.
    QCOMPARE_CODE(
        bench.store.call(QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob } }),
        "KMS.0219");
    QCOMPARE_CODE(bench.store.call(QStringLiteral("Decrypt"),
                      { { QStringLiteral("ciphertextBlob"), blob },
                          { QStringLiteral("encryptionContext"),
                              QJsonObject { { QStringLiteral("department"),
                                  QStringLiteral("finance") } } } }),
        "0");

    plaintext->setPlainText(QStringLiteral("my draft"));
    context->setPlainText(QStringLiteral("department=hr"));
    bench.click("decryptButton");
    QCOMPARE(lastErrorCode(), QStringLiteral("KMS.0219"));
    const Dialogs::Shown &shown = Dialogs::history().constLast();
    QVERIFY(shown.text.contains(QLatin1String("Wrong ciphertext")));
    QVERIFY(shown.text.contains(QStringLiteral("密文有误")));
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("my draft"));
    QCOMPARE(context->toPlainText(), QStringLiteral("department=hr"));
    QCOMPARE(ciphertext->toPlainText(), blob);

    // The right context opens it.
    context->setPlainText(QStringLiteral("department=finance"));
    bench.click("decryptButton");
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("payroll"));

    // A context line that is not key=value is refused before the KMS is asked.
    Dialogs::clearHistory();
    context->setPlainText(QStringLiteral("department"));
    bench.click("decryptButton");
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().constFirst().text.contains(QLatin1String("key=value")));
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("payroll"));
}

void TestWorkbench::disabledKeyShowsError()
{
    Bench bench;
    const QString key = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("textTab");
    // Disabled behind the page's back (kmsctl): the page still lists it until a refresh.
    QCOMPARE_CODE(
        bench.store.call(QStringLiteral("DisableKey"), { { QStringLiteral("cmkUuid"), key } }),
        "0");
    QTest::keyClicks(bench.child<QPlainTextEdit>("plaintextEdit"), QStringLiteral("secret"));
    bench.click("encryptButton");
    QCOMPARE(lastErrorCode(), QStringLiteral("KMS.0206"));
    QCOMPARE(bench.child<QPlainTextEdit>("plaintextEdit")->toPlainText(), QStringLiteral("secret"));
    QVERIFY(bench.child<QPlainTextEdit>("ciphertextEdit")->toPlainText().isEmpty());
    bench.page->refresh();
    QCOMPARE(bench.child<QComboBox>("keyComboBox")->count(), 0);
    QVERIFY(!bench.page->currentKey().isValid());
    QVERIFY(!bench.child<QPushButton>("encryptButton")->isEnabled());
}

void TestWorkbench::fileRoundTrip()
{
    Bench bench;
    const QString key = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("fileTab");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = dir.filePath(QStringLiteral("report.bin"));
    const QString encrypted = dir.filePath(QStringLiteral("report.bin.kms"));
    const QString decrypted = dir.filePath(QStringLiteral("report-copy.bin"));
    const QByteArray content = randomBytes(1024 * 1024 + 4321);
    QVERIFY(writeFile(input, content));

    auto *progress = bench.child<QProgressBar>("progressBar");
    auto *result = bench.child<QLabel>("fileResultLabel");
    QSignalSpy progressSpy(&bench.page->task(), &WorkbenchTask::progressChanged);
    bench.child<QLineEdit>("inputFileLineEdit")->setText(input);
    bench.child<QLineEdit>("outputFileLineEdit")->setText(encrypted);
    bench.click("encryptFileButton");
    QTRY_COMPARE(result->property("outcome").toString(), QStringLiteral("succeeded"));
    QTRY_COMPARE(progress->value(), 100);
    QVERIFY(!progressSpy.isEmpty());
    QCOMPARE(progressSpy.constLast().constFirst().toInt(), 100);
    QVERIFY(!bench.page->task().isRunning());
    QVERIFY(Dialogs::history().isEmpty());
    const QByteArray envelope = readFile(encrypted);
    QVERIFY(envelope.startsWith("KMSENV01"));
    QVERIFY(envelope.size() > content.size());
    QVERIFY(!envelope.contains(content.left(64)));

    bench.child<QLineEdit>("inputFileLineEdit")->setText(encrypted);
    bench.child<QLineEdit>("outputFileLineEdit")->setText(decrypted);
    result->setProperty("outcome", QVariant());
    bench.click("decryptFileButton");
    QTRY_COMPARE(result->property("outcome").toString(), QStringLiteral("succeeded"));
    QCOMPARE(progress->value(), 100);
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(readFile(decrypted), content);
}

void TestWorkbench::fileCancelLeavesNoOutput()
{
    Bench bench;
    const QString key = bench.store.createKey(QStringLiteral("SM4_128"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("fileTab");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = dir.filePath(QStringLiteral("big.bin"));
    const QString output = dir.filePath(QStringLiteral("big.bin.kms"));
    {
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray block = randomBytes(1024 * 1024);
        for (int i = 0; i < 96; ++i)
            QCOMPARE(file.write(block), block.size());
    }
    bench.child<QLineEdit>("inputFileLineEdit")->setText(input);
    bench.child<QLineEdit>("outputFileLineEdit")->setText(output);
    auto *result = bench.child<QLabel>("fileResultLabel");
    bench.click("encryptFileButton");
    QVERIFY(bench.page->task().isRunning());
    // While the worker runs, the key and the tabs are locked; Cancel is the way out.
    QVERIFY(!bench.child<QComboBox>("keyComboBox")->isEnabled());
    QVERIFY(!bench.child<QPushButton>("encryptFileButton")->isEnabled());
    bench.click("cancelButton");
    QTRY_VERIFY(!bench.page->task().isRunning());
    QCOMPARE(result->property("outcome").toString(), QStringLiteral("cancelled"));
    QVERIFY(bench.child<QProgressBar>("progressBar")->value() < 100);
    QVERIFY(!QFile::exists(output));
    // Nothing else was left behind either (QSaveFile's temporary file).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
        QStringList { QStringLiteral("big.bin") });
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(bench.child<QComboBox>("keyComboBox")->isEnabled());
    QVERIFY(bench.child<QPushButton>("encryptFileButton")->isEnabled());
}

void TestWorkbench::closingThePageStopsTheJob()
{
    Bench bench;
    const QString key = bench.store.createKey(QStringLiteral("SM4_128"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("fileTab");
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("big.bin"));
    const QString output = dir.filePath(QStringLiteral("big.bin.kms"));
    QVERIFY(writeFile(input, QByteArray(64 * 1024 * 1024, 'x')));
    bench.child<QLineEdit>("inputFileLineEdit")->setText(input);
    bench.child<QLineEdit>("outputFileLineEdit")->setText(output);
    bench.click("encryptFileButton");
    QVERIFY(bench.page->task().isRunning());
    bench.page.reset(); // the window closes mid-way: the job stops, nothing is written
    QVERIFY(!QFile::exists(output));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
        QStringList { QStringLiteral("big.bin") });
    QTest::qWait(50); // no late callback into the destroyed page
}

void TestWorkbench::fileDecryptOfForeignFileFails()
{
    Bench bench;
    QVERIFY(bench.show());
    bench.openTab("fileTab");
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("notes.txt"));
    const QString output = dir.filePath(QStringLiteral("notes.out"));
    QVERIFY(writeFile(input, QByteArrayLiteral("just some text, not an envelope")));
    bench.child<QLineEdit>("inputFileLineEdit")->setText(input);
    bench.child<QLineEdit>("outputFileLineEdit")->setText(output);
    bench.click("decryptFileButton");
    QCOMPARE(lastErrorCode(), QStringLiteral("KMS.0219"));
    QVERIFY(!QFile::exists(output));
    QVERIFY(!bench.page->task().isRunning());
    QCOMPARE(bench.child<QLineEdit>("inputFileLineEdit")->text(), input);
}

void TestWorkbench::signVerify_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("algorithms");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("EC_P256") << QStringLiteral("EC_P256")
                             << QStringList { QStringLiteral("ECDSA_SHA_256") }
                             << QStringLiteral("ECDSA_SHA_256");
    QTest::newRow("EC_SM2") << QStringLiteral("EC_SM2") << QStringList { QStringLiteral("SM2DSA") }
                            << QStringLiteral("SM2DSA");
    QTest::newRow("RSA_2048") << QStringLiteral("RSA_2048")
                              << QStringList { QStringLiteral("RSA_PSS_SHA_256"),
                                     QStringLiteral("RSA_PKCS1_SHA_256") }
                              << QStringLiteral("RSA_PKCS1_SHA_256");
}

void TestWorkbench::signVerify()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, algorithms);
    QFETCH(QString, algorithm);
    Bench bench;
    const QString key = bench.store.createKey(spec, QStringLiteral("SIGN/VERIFY"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("signTab");
    auto *algorithmCombo = bench.child<QComboBox>("signAlgorithmComboBox");
    QStringList offered;
    for (int i = 0; i < algorithmCombo->count(); ++i)
        offered.append(algorithmCombo->itemText(i));
    QCOMPARE(offered, algorithms);
    algorithmCombo->setCurrentText(algorithm);

    auto *message = bench.child<QPlainTextEdit>("messageEdit");
    auto *signature = bench.child<QPlainTextEdit>("signatureEdit");
    auto *verdict = bench.child<QLabel>("verdictLabel");
    const QString text = QStringLiteral("Pay 100 to Alice");
    QTest::keyClicks(message, text);
    bench.click("signButton");
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("signed"));
    const QString value = signature->toPlainText();
    QVERIFY(!value.isEmpty());

    // The signature is over the digest of the text as the algorithm defines it (SM2: with Z_A):
    // computed here independently and checked by the backend.
    const Response publicKey = bench.store.call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key },
            { QStringLiteral("keyVersionId"), bench.page->currentKey().keyVersionId } });
    QCOMPARE_CODE(publicKey, "0");
    QByteArray digest;
    if (spec == QLatin1String("EC_SM2")) {
        auto sm2 = crypto::sm2Digest(
            publicKey.data.value(QStringLiteral("publicKey")).toString().toLatin1(), text.toUtf8());
        QVERIFY_RESULT(sm2);
        digest = *sm2;
    } else {
        digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    }
    const Response checked = bench.store.call(QStringLiteral("AsymmetricVerify"),
        { { QStringLiteral("cmkUuid"), key },
            { QStringLiteral("keyVersionId"), bench.page->currentKey().keyVersionId },
            { QStringLiteral("algorithm"), algorithm },
            { QStringLiteral("digest"), QString::fromLatin1(digest.toBase64()) },
            { QStringLiteral("value"), value } });
    QCOMPARE_CODE(checked, "0");
    QVERIFY(checked.data.value(QStringLiteral("valid")).toBool());

    bench.click("verifyButton");
    QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("valid"));

    // An altered text: the verdict turns stale at once, and verifying says "not valid".
    QTest::keyClicks(message, QStringLiteral("0"));
    QCOMPARE(verdict->property("verdict").toString(), QString());
    bench.click("verifyButton");
    QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("invalid"));
    QCOMPARE(signature->toPlainText(), value);
    QVERIFY(Dialogs::history().isEmpty());
}

void TestWorkbench::signDigestAndFile()
{
    Bench bench;
    const QString key
        = bench.store.createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("signTab");
    auto *type = bench.child<QComboBox>("messageTypeComboBox");
    auto *verdict = bench.child<QLabel>("verdictLabel");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("contract.pdf"));
    const QByteArray content = randomBytes(300 * 1024 + 7);
    QVERIFY(writeFile(path, content));

    // Sign a SHA-256 digest given in hex ...
    type->setCurrentIndex(2);
    QTest::keyClicks(bench.child<QLineEdit>("digestLineEdit"),
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
    bench.click("signButton");
    QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("signed"));

    // ... and verify the file itself, hashed on the worker thread.
    type->setCurrentIndex(1);
    bench.child<QLineEdit>("messageFileLineEdit")->setText(path);
    bench.click("verifyButton");
    QTRY_COMPARE(verdict->property("verdict").toString(), QStringLiteral("valid"));
    QVERIFY(!bench.page->task().isRunning());

    // The same digest in base64 verifies too; a digest of another length is refused locally.
    type->setCurrentIndex(3);
    auto *digest = bench.child<QLineEdit>("digestLineEdit");
    digest->setText(QString::fromLatin1(
        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toBase64()));
    bench.click("verifyButton");
    QCOMPARE(verdict->property("verdict").toString(), QStringLiteral("valid"));
    QVERIFY(Dialogs::history().isEmpty());
    digest->setText(QStringLiteral("AAAA"));
    bench.click("verifyButton");
    QCOMPARE(Dialogs::history().size(), 1);
    QCOMPARE(verdict->property("verdict").toString(), QString());
}

void TestWorkbench::dataKey()
{
    Bench bench;
    const QString key = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("dataKeyTab");
    auto *spec = bench.child<QComboBox>("dataKeySpecComboBox");
    auto *plaintext = bench.child<QLineEdit>("dataKeyPlaintextLineEdit");
    auto *blob = bench.child<QPlainTextEdit>("dataKeyBlobEdit");
    auto *show = bench.child<QPushButton>("showDataKeyButton");
    QVERIFY(!bench.child<QLabel>("dataKeyWarningLabel")->text().isEmpty());
    QCOMPARE(spec->currentText(), QStringLiteral("AES_256"));
    QVERIFY(!show->isEnabled());

    bench.click("generateDataKeyButton");
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(!blob->toPlainText().isEmpty());
    // Secret: not in the window until asked for.
    QVERIFY(plaintext->text().isEmpty());
    bench.click("showDataKeyButton");
    QVERIFY(show->isChecked());
    const QString shown = plaintext->text();
    QCOMPARE(shown.size(), 44);
    const QByteArray dataKey = QByteArray::fromBase64(shown.toLatin1());
    QCOMPARE(dataKey.size(), 32);
    // The blob is the same data key under the master key.
    const Response opened = bench.store.call(
        QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob->toPlainText() } });
    QCOMPARE_CODE(opened, "0");
    QCOMPARE(opened.data.value(QStringLiteral("plaintext")).toString(), shown);

    bench.click("showDataKeyButton"); // hide again
    QVERIFY(plaintext->text().isEmpty());
    bench.click("showDataKeyButton");
    QCOMPARE(plaintext->text(), shown);
    bench.click("clearDataKeyButton");
    QVERIFY(plaintext->text().isEmpty());
    QVERIFY(!show->isEnabled());
    QVERIFY(!show->isChecked());

    // A number of bytes instead of a spec.
    spec->setCurrentIndex(spec->count() - 1);
    auto *bytes = bench.page->findChild<QSpinBox *>(QStringLiteral("numberOfBytesSpinBox"));
    QVERIFY(bytes != nullptr && bytes->isEnabled());
    bytes->setValue(20);
    bench.click("generateDataKeyButton");
    bench.click("showDataKeyButton");
    QCOMPARE(QByteArray::fromBase64(plaintext->text().toLatin1()).size(), 20);
}

void TestWorkbench::asymmetricRoundTrip_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("SM2PKE") << QStringLiteral("EC_SM2") << QStringLiteral("SM2PKE");
    QTest::newRow("OAEP-SHA1") << QStringLiteral("RSA_2048") << QStringLiteral("RSAES_OAEP_SHA_1");
}

void TestWorkbench::asymmetricRoundTrip()
{
    QFETCH(QString, spec);
    QFETCH(QString, algorithm);
    Bench bench;
    const QString key = bench.store.createKey(spec, QStringLiteral("ENCRYPT/DECRYPT"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("asymmetricTab");
    auto *algorithms = bench.child<QComboBox>("asymmetricAlgorithmComboBox");
    QVERIFY(algorithms->findText(algorithm) >= 0);
    algorithms->setCurrentText(algorithm);
    auto *plaintext = bench.child<QPlainTextEdit>("asymmetricPlaintextEdit");
    auto *ciphertext = bench.child<QPlainTextEdit>("asymmetricCiphertextEdit");
    QTest::keyClicks(plaintext, QStringLiteral("PIN 1234"));
    bench.click("asymmetricEncryptButton");
    QVERIFY(Dialogs::history().isEmpty());
    QVERIFY(!ciphertext->toPlainText().isEmpty());
    plaintext->clear();
    bench.click("asymmetricDecryptButton");
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("PIN 1234"));

    // A damaged ciphertext is refused with the backend's code, inputs kept.
    const QString damaged = QStringLiteral("AAAA") + ciphertext->toPlainText().mid(4);
    ciphertext->setPlainText(damaged);
    bench.click("asymmetricDecryptButton");
    QCOMPARE(lastErrorCode(), QStringLiteral("KMS.0239"));
    QCOMPARE(ciphertext->toPlainText(), damaged);
}

void TestWorkbench::exportPublicKey()
{
    Bench bench;
    const QString key
        = bench.store.createKey(QStringLiteral("EC_P256"), QStringLiteral("SIGN/VERIFY"));
    QVERIFY(bench.show());
    QVERIFY(bench.pick(key));
    bench.openTab("publicKeyTab");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("signer.pem"));
    QVERIFY(bench.page->exportPublicKeyTo(path));
    const QByteArray pem = readFile(path);
    QVERIFY(pem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QVERIFY(pem.trimmed().endsWith("-----END PUBLIC KEY-----"));
    const Response expected = bench.store.call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key },
            { QStringLiteral("keyVersionId"), bench.page->currentKey().keyVersionId } });
    QCOMPARE(pem.trimmed(),
        expected.data.value(QStringLiteral("publicKey")).toString().toLatin1().trimmed());
    QVERIFY(crypto::decodePublicKey(pem, KeySpec::EcP256).ok());

    // A version that does not exist: the backend's error, no file.
    auto *version = bench.child<QComboBox>("keyVersionComboBox");
    version->setEditText(QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QMetaObject::invokeMethod(version->lineEdit(), "editingFinished");
    QCOMPARE(bench.page->currentKey().keyVersionId,
        QStringLiteral("00000000-0000-0000-0000-000000000000"));
    const QString missing = dir.filePath(QStringLiteral("missing.pem"));
    QVERIFY(!bench.page->exportPublicKeyTo(missing));
    QCOMPARE(lastErrorCode(), QStringLiteral("KMS.0301"));
    QVERIFY(!QFile::exists(missing));
}

void TestWorkbench::secretsClearedOnKeySwitchAndPageLeave()
{
    Bench bench;
    const QString first = bench.store.createKey();
    const QString second = bench.store.createKey();
    QVERIFY(bench.show());
    QVERIFY(bench.pick(first));
    auto *plaintext = bench.child<QPlainTextEdit>("plaintextEdit");
    auto *dataKey = bench.child<QLineEdit>("dataKeyPlaintextLineEdit");

    bench.openTab("dataKeyTab");
    bench.click("generateDataKeyButton");
    bench.click("showDataKeyButton");
    QCOMPARE(dataKey->text().size(), 44);
    bench.openTab("textTab");
    QTest::keyClicks(plaintext, QStringLiteral("top secret"));
    bench.click("encryptButton");
    plaintext->clear();
    bench.click("decryptButton");
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("top secret"));

    // Another key: decrypted text and the data key are gone; the ciphertext stays.
    QVERIFY(bench.pick(second));
    QVERIFY(plaintext->toPlainText().isEmpty());
    QVERIFY(dataKey->text().isEmpty());
    QVERIFY(!bench.child<QPushButton>("showDataKeyButton")->isEnabled());
    QVERIFY(!bench.child<QPlainTextEdit>("ciphertextEdit")->toPlainText().isEmpty());
    // What the user typed is not a secret of the KMS: it stays.
    QTest::keyClicks(plaintext, QStringLiteral("draft"));
    QVERIFY(bench.pick(first));
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("draft"));

    // Leaving the page (the main window shows another one) clears them too.
    plaintext->clear();
    bench.click("decryptButton");
    QCOMPARE(plaintext->toPlainText(), QStringLiteral("top secret"));
    bench.page->hide();
    QVERIFY(plaintext->toPlainText().isEmpty());
    QVERIFY(Dialogs::history().isEmpty());
}

QTEST_MAIN(TestWorkbench)
#include "TestWorkbench.moc"
