// The Certificates page driven through its real widgets: dialogs filled with QTest, buttons
// clicked, message boxes and file dialogs answered through their seams (Dialogs,
// CertificateFiles), and the store checked afterwards.
#include "CertificateDetailPane.h"
#include "CertificateFiles.h"
#include "CertificateTableModel.h"
#include "CertificatesPage.h"
#include "CreateCertificateDialog.h"
#include "Dialogs.h"
#include "ExportCertificateDialog.h"
#include "GenerateCrlDialog.h"
#include "IssueCertificateDialog.h"
#include "KmsClient.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UploadCertificateDialog.h"

#include <QAction>
#include <QApplication>
#include <QBrush>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::ui;

namespace {

QAction *action(const CertificatesPage &page, const char *name)
{
    return page.findChild<QAction *>(QLatin1String(name));
}

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

// The button that accepts a dialog: OK, or one named for what it does (Upload, Export…).
QAbstractButton *acceptButton(QDialog *dialog)
{
    auto *buttons = child<QDialogButtonBox>(dialog, "buttonBox");
    if (buttons == nullptr)
        return nullptr;
    for (QAbstractButton *button : buttons->buttons()) {
        if (buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            return button;
    }
    return nullptr;
}

void clickOk(QDialog *dialog)
{
    QAbstractButton *ok = acceptButton(dialog);
    QVERIFY(ok != nullptr);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

bool okEnabled(QDialog *dialog)
{
    return acceptButton(dialog)->isEnabled();
}

// Clicks a check box on its indicator (the left end), as a user would.
void toggle(QWidget *parent, const char *name)
{
    auto *box = parent->findChild<QCheckBox *>(QLatin1String(name));
    QVERIFY2(box != nullptr, name);
    const bool before = box->isChecked();
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
    QVERIFY2(box->isChecked() != before, name);
}

void type(QWidget *widget, const char *name, const QString &text)
{
    auto *edit = widget->findChild<QWidget *>(QLatin1String(name));
    QVERIFY2(edit != nullptr, name);
    QTest::keyClicks(edit, text);
}

void selectData(QComboBox *comboBox, const QString &data)
{
    const int index = comboBox->findData(data);
    QVERIFY(index >= 0);
    comboBox->setCurrentIndex(index);
}

QJsonObject subject(const QString &cn)
{
    return { { QStringLiteral("CN"), cn }, { QStringLiteral("C"), QStringLiteral("CN") },
        { QStringLiteral("O"), QStringLiteral("Example Bank") },
        { QStringLiteral("OU"), QStringLiteral("PKI") } };
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// PNGs of the widget in English and Chinese, in KMS_SCREENSHOT_DIR when set.
void saveScreenshots(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    Translations translations;
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        QVERIFY(translations.use(language));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCoreApplication::processEvents();
        QTest::qWait(50); // layouts grow to fit the taller Chinese text
        QVERIFY(widget->grab().save(
            QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(name, language))));
    }
    translations.use(QStringLiteral("en"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

} // namespace

class TestCertificatesPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void createSelfSignedRootCa();
    void createRsaInBackgroundAndSaveCsr();
    void createFormChecks();
    void issueWithCaAndUpload();
    void uploadOfAnotherKeyIsRefused();
    void statusChanges();
    void exportFormats();
    void generateCrl();
    void deleteAsksFirst();
    void filtersSortAndExpiryColours();
    void pageScreenshots();

private:
    std::unique_ptr<CertificatesPage> makePage();
    QString create(const QString &cn, bool selfSigned, const QJsonObject &extra = {});
    QString csrOf(const QString &certificateId);
    QString status(const QString &certificateId);
    // A leaf issued by `caId` for a new key pair and uploaded with its chain.
    QString issuedLeaf(const QString &caId, const QString &cn);

    std::unique_ptr<test::TestStore> m_store;
    std::unique_ptr<KmsClient> m_client;
    QTemporaryDir m_files;
    QString m_root;
};

void TestCertificatesPage::initTestCase()
{
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    m_client = std::make_unique<KmsClient>(m_store->session());
    QVERIFY(m_files.isValid());
    m_root = create(QStringLiteral("Example Root CA"), true);
    QVERIFY(!m_root.isEmpty());
}

void TestCertificatesPage::init()
{
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    CertificateFiles::setAutoFileNames(true);
}

void TestCertificatesPage::cleanupTestCase()
{
    CertificateFiles::setAutoFileNames(false);
    m_client.reset();
    m_store.reset();
}

std::unique_ptr<CertificatesPage> TestCertificatesPage::makePage()
{
    auto page = std::make_unique<CertificatesPage>(*m_client);
    page->resize(1280, 680);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        qWarning("the page was not exposed");
    return page;
}

QString TestCertificatesPage::create(const QString &cn, bool selfSigned, const QJsonObject &extra)
{
    QJsonObject params { { QStringLiteral("regionId"), QStringLiteral("local-1") },
        { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
        { QStringLiteral("subject"), subject(cn) },
        { QStringLiteral("subjectAlternativeNames"),
            cn.contains(QLatin1Char(' ')) ? QJsonArray() : QJsonArray { cn } },
        { QStringLiteral("selfSigned"), selfSigned } };
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        params.insert(it.key(), it.value());
    const Response response = m_store->call(QStringLiteral("CreateCertificate"), params);
    if (!response.ok())
        qWarning(
            "CreateCertificate: %s %s", qPrintable(response.code), qPrintable(response.detail));
    return response.data.value(QStringLiteral("certificate"))
        .toObject()
        .value(QStringLiteral("certificateId"))
        .toString();
}

QString TestCertificatesPage::csrOf(const QString &certificateId)
{
    return m_store
        ->call(QStringLiteral("DescribeCertificate"),
            { { QStringLiteral("certificateId"), certificateId } })
        .data.value(QStringLiteral("certificate"))
        .toObject()
        .value(QStringLiteral("csr"))
        .toString();
}

QString TestCertificatesPage::status(const QString &certificateId)
{
    return m_store
        ->call(QStringLiteral("DescribeCertificate"),
            { { QStringLiteral("certificateId"), certificateId } })
        .data.value(QStringLiteral("certificate"))
        .toObject()
        .value(QStringLiteral("status"))
        .toString();
}

QString TestCertificatesPage::issuedLeaf(const QString &caId, const QString &cn)
{
    const QString id = create(cn, false);
    const Response issued = m_store->call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), caId }, { QStringLiteral("csr"), csrOf(id) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    if (!issued.ok())
        return {};
    const Response uploaded = m_store->call(QStringLiteral("UploadCertificate"),
        { { QStringLiteral("certificateId"), id },
            { QStringLiteral("certificate"), issued.data.value(QStringLiteral("certificate")) },
            { QStringLiteral("certificateChain"),
                issued.data.value(QStringLiteral("certificateChain")) } });
    return uploaded.ok() ? id : QString();
}

void TestCertificatesPage::createSelfSignedRootCa()
{
    auto page = makePage();
    QCOMPARE(page->title(), QStringLiteral("Certificates"));
    QVERIFY(!action(*page, "deleteCertificateAction")->isEnabled()); // nothing selected
    action(*page, "createCertificateAction")->trigger();
    QPointer<CreateCertificateDialog> dialog = page->findChild<CreateCertificateDialog *>();
    QVERIFY(dialog);
    QVERIFY(!okEnabled(dialog));
    type(dialog, "commonNameLineEdit", QStringLiteral("Console Root CA"));
    type(dialog, "countryLineEdit", QStringLiteral("cn"));
    QCOMPARE(child<QLineEdit>(dialog, "countryLineEdit")->text(), QStringLiteral("CN"));
    type(dialog, "organizationLineEdit", QStringLiteral("Example Bank"));
    QVERIFY(!okEnabled(dialog)); // OU missing
    type(dialog, "organizationalUnitLineEdit", QStringLiteral("PKI"));
    type(dialog, "localityLineEdit", QStringLiteral("Beijing"));
    QVERIFY(okEnabled(dialog));
    selectData(child<QComboBox>(dialog, "keySpecComboBox"), QStringLiteral("EC_P256"));
    auto *validity = child<QSpinBox>(dialog, "validitySpinBox");
    QVERIFY(!validity->isEnabled());
    toggle(dialog, "selfSignedCheckBox");
    QVERIFY(validity->isEnabled());
    QCOMPARE(validity->value(), 3650);
    validity->setValue(730);
    QCOMPARE(dialog->request(),
        (QJsonObject { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
            { QStringLiteral("subject"),
                QJsonObject { { QStringLiteral("CN"), QStringLiteral("Console Root CA") },
                    { QStringLiteral("C"), QStringLiteral("CN") },
                    { QStringLiteral("O"), QStringLiteral("Example Bank") },
                    { QStringLiteral("OU"), QStringLiteral("PKI") },
                    { QStringLiteral("L"), QStringLiteral("Beijing") } } },
            { QStringLiteral("subjectAlternativeNames"), QJsonArray() },
            { QStringLiteral("exportablePrivateKey"), false },
            { QStringLiteral("selfSigned"), true }, { QStringLiteral("validityDays"), 730 } }));
    saveScreenshots(dialog, QStringLiteral("certificate-create-dialog"));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(Dialogs::history().isEmpty());

    const QJsonObject current = page->currentCertificate();
    QVERIFY(current.value(QStringLiteral("subject"))
                .toString()
                .startsWith(QLatin1String("CN=Console Root CA")));
    QCOMPARE(current.value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
    QVERIFY(current.value(QStringLiteral("isCa")).toBool());
    const QString id = page->currentCertificateId();
    QVERIFY(page->model()->rowOfCertificate(id) >= 0);
    // The pane shows the decoded certificate and its fingerprint.
    CertificateDetailPane *pane = page->detailPane();
    QCOMPARE(pane->certificateId(), id);
    QVERIFY(!child<QPlainTextEdit>(pane, "textPlainTextEdit")->toPlainText().isEmpty());
    QCOMPARE(child<QLabel>(pane, "fingerprintValueLabel")->text().count(QLatin1Char(':')), 30);
    QCOMPARE(child<QLabel>(pane, "statusValueLabel")->text(), QStringLiteral("Active"));
    QVERIFY(action(*page, "issueCertificateAction")->isEnabled());
    QVERIFY(action(*page, "generateCrlAction")->isEnabled());
    QVERIFY(action(*page, "exportCertificateAction")->isEnabled());
    QVERIFY(action(*page, "deactivateCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "activateCertificateAction")->isEnabled());
    QCOMPARE(status(id), QStringLiteral("ACTIVE"));

    action(*page, "copyCertificateIdAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), id);
}

void TestCertificatesPage::createRsaInBackgroundAndSaveCsr()
{
    auto page = makePage();
    action(*page, "createCertificateAction")->trigger();
    QPointer<CreateCertificateDialog> dialog = page->findChild<CreateCertificateDialog *>();
    QVERIFY(dialog);
    selectData(child<QComboBox>(dialog, "keySpecComboBox"), QStringLiteral("RSA_2048"));
    type(dialog, "commonNameLineEdit", QStringLiteral("payments.example"));
    type(dialog, "countryLineEdit", QStringLiteral("CN"));
    type(dialog, "organizationLineEdit", QStringLiteral("Example Bank"));
    type(dialog, "organizationalUnitLineEdit", QStringLiteral("Payments"));
    type(dialog, "stateLineEdit", QStringLiteral("Shanghai"));
    auto *sans = child<QPlainTextEdit>(dialog, "sansPlainTextEdit");
    sans->setFocus();
    QTest::keyClicks(sans, QStringLiteral("payments.example"));
    QTest::keyClick(sans, Qt::Key_Return);
    QTest::keyClicks(sans, QStringLiteral("10.0.0.7"));
    QCOMPARE(dialog->subjectAlternativeNames(),
        (QStringList { QStringLiteral("payments.example"), QStringLiteral("10.0.0.7") }));
    QCOMPARE(child<QLabel>(dialog, "sansCountLabel")->text(), QStringLiteral("2 of 10 names"));
    toggle(dialog, "exportableCheckBox");
    QVERIFY(dialog->request().value(QStringLiteral("exportablePrivateKey")).toBool());
    QVERIFY(!dialog->request().contains(QStringLiteral("validityDays")));
    clickOk(dialog);
    // RSA generation runs on the worker thread; the dialog waits and cannot be cancelled.
    if (dialog) {
        QVERIFY(dialog->isBusy());
        QVERIFY(child<QLabel>(dialog, "busyLabel")->isVisible());
        dialog->reject();
        QVERIFY(dialog);
    }
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 60000);
    QVERIFY(Dialogs::history().isEmpty());

    const QString id = page->currentCertificateId();
    QVERIFY(!id.isEmpty());
    QCOMPARE(page->currentCertificate().value(QStringLiteral("status")).toString(),
        QStringLiteral("PENDING_IMPORT"));
    QCOMPARE(page->currentCertificate().value(QStringLiteral("keySpec")).toString(),
        QStringLiteral("RSA_2048"));
    QVERIFY(action(*page, "uploadCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "exportCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "activateCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "revokeCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "issueCertificateAction")->isEnabled());
    CertificateDetailPane *pane = page->detailPane();
    QCOMPARE(child<QLabel>(pane, "sansValueLabel")->text(),
        QStringLiteral("payments.example\n10.0.0.7"));
    QVERIFY(!child<QLabel>(pane, "fingerprintValueLabel")->isVisibleTo(pane));

    // CSR: copy and save.
    const QString csr = csrOf(id);
    QVERIFY(csr.startsWith(QLatin1String("-----BEGIN CERTIFICATE REQUEST-----")));
    QCOMPARE(child<QPlainTextEdit>(pane, "csrPlainTextEdit")->toPlainText(), csr);
    child<QTabWidget>(pane, "detailTabWidget")->setCurrentIndex(2);
    QTest::mouseClick(child<QPushButton>(pane, "copyCsrButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), csr);
    const QString path = m_files.filePath(QStringLiteral("payments.csr"));
    CertificateFiles::queueFileName(path);
    QVERIFY(action(*page, "saveCsrAction")->isEnabled());
    action(*page, "saveCsrAction")->trigger();
    QCOMPARE(QString::fromLatin1(readFile(path)), csr);
    // A cancelled file dialog writes nothing.
    QVERIFY(QFile::remove(path));
    action(*page, "saveCsrAction")->trigger();
    QVERIFY(!QFile::exists(path));
}

void TestCertificatesPage::createFormChecks()
{
    auto page = makePage();
    action(*page, "createCertificateAction")->trigger();
    QPointer<CreateCertificateDialog> dialog = page->findChild<CreateCertificateDialog *>();
    QVERIFY(dialog);
    type(dialog, "commonNameLineEdit", QStringLiteral("many.example"));
    type(dialog, "countryLineEdit", QStringLiteral("C1N"));
    QCOMPARE(child<QLineEdit>(dialog, "countryLineEdit")->text(), QStringLiteral("CN"));
    type(dialog, "organizationLineEdit", QStringLiteral("Example Bank"));
    type(dialog, "organizationalUnitLineEdit", QStringLiteral("PKI"));
    QVERIFY(okEnabled(dialog));
    QStringList names;
    for (int i = 1; i <= 11; ++i)
        names.append(QStringLiteral("host%1.example").arg(i));
    child<QPlainTextEdit>(dialog, "sansPlainTextEdit")->setPlainText(names.join(QLatin1Char('\n')));
    QCOMPARE(child<QLabel>(dialog, "sansCountLabel")->text(), QStringLiteral("11 of 10 names"));
    QVERIFY(!okEnabled(dialog)); // at most 10
    names.removeLast();
    child<QPlainTextEdit>(dialog, "sansPlainTextEdit")
        ->setPlainText(names.join(QLatin1Char('\n')) + QStringLiteral("\n\n  "));
    QVERIFY(okEnabled(dialog));
    QCOMPARE(dialog->subjectAlternativeNames().size(), 10);

    QCOMPARE(child<QLineEdit>(dialog, "commonNameLineEdit")->maxLength(), 64);

    // A refusal of the KMS: shown with code and both texts; the form stays as typed.
    child<QPlainTextEdit>(dialog, "sansPlainTextEdit")->setPlainText(QStringLiteral("bad name!"));
    clickOk(dialog); // RSA_2048: answered from the worker thread
    QTRY_COMPARE_WITH_TIMEOUT(Dialogs::history().size(), 1, 60000);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0128"));
    QVERIFY(Dialogs::history().last().informativeText.contains(QLatin1String("bad name!")));
    QVERIFY(dialog);
    QCOMPARE(
        child<QLineEdit>(dialog, "commonNameLineEdit")->text(), QStringLiteral("many.example"));
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());
}

void TestCertificatesPage::issueWithCaAndUpload()
{
    const QString leaf = create(QStringLiteral("shop.example"), false);
    const QString csrPath = m_files.filePath(QStringLiteral("shop.csr"));
    QVERIFY(writeFile(csrPath, csrOf(leaf).toLatin1()));
    auto page = makePage();
    QVERIFY(page->selectCertificate(m_root));
    QVERIFY(action(*page, "issueCertificateAction")->isEnabled());
    action(*page, "issueCertificateAction")->trigger();
    QPointer<IssueCertificateDialog> dialog = page->findChild<IssueCertificateDialog *>();
    QVERIFY(dialog);
    QVERIFY(
        child<QLabel>(dialog, "caValueLabel")->text().contains(QLatin1String("Example Root CA")));
    QVERIFY(!child<QPushButton>(dialog, "issueButton")->isEnabled());
    CertificateFiles::queueFileName(csrPath);
    QTest::mouseClick(child<QPushButton>(dialog, "csrFileButton"), Qt::LeftButton);
    QCOMPARE(child<QPlainTextEdit>(dialog, "csrPlainTextEdit")->toPlainText().trimmed(),
        csrOf(leaf).trimmed());
    selectData(child<QComboBox>(dialog, "profileComboBox"), QStringLiteral("TLS_CLIENT"));
    child<QSpinBox>(dialog, "validitySpinBox")->setValue(90);
    QCOMPARE(dialog->request().value(QStringLiteral("profile")).toString(),
        QStringLiteral("TLS_CLIENT"));
    QCOMPARE(dialog->request().value(QStringLiteral("validityDays")).toInt(), 90);
    QCOMPARE(dialog->request().value(QStringLiteral("caCertificateId")).toString(), m_root);
    QVERIFY(!child<QWidget>(dialog, "resultWidget")->isVisible());
    QTest::mouseClick(child<QPushButton>(dialog, "issueButton"), Qt::LeftButton);
    QVERIFY2(Dialogs::history().isEmpty(),
        qPrintable(Dialogs::history().isEmpty() ? QString() : Dialogs::history().last().text));
    QVERIFY(child<QWidget>(dialog, "resultWidget")->isVisible());
    const QString certificate
        = child<QPlainTextEdit>(dialog, "certificatePlainTextEdit")->toPlainText();
    QVERIFY(certificate.startsWith(QLatin1String("-----BEGIN CERTIFICATE-----")));
    QVERIFY(child<QPlainTextEdit>(dialog, "chainPlainTextEdit")
                ->toPlainText()
                .startsWith(QLatin1String("-----BEGIN CERTIFICATE-----")));
    QVERIFY(child<QLabel>(dialog, "resultLabel")->text().contains(QLatin1String("shop.example")));
    const QString certPath = m_files.filePath(QStringLiteral("shop.pem"));
    const QString chainPath = m_files.filePath(QStringLiteral("shop-chain.pem"));
    CertificateFiles::queueFileName(certPath);
    QTest::mouseClick(child<QPushButton>(dialog, "saveCertificateButton"), Qt::LeftButton);
    CertificateFiles::queueFileName(chainPath);
    QTest::mouseClick(child<QPushButton>(dialog, "saveChainButton"), Qt::LeftButton);
    QCOMPARE(QString::fromLatin1(readFile(certPath)), certificate);
    QCOMPARE(QString::fromLatin1(readFile(chainPath)),
        dialog->result().value(QStringLiteral("certificateChain")).toString());
    saveScreenshots(dialog, QStringLiteral("certificate-issue-dialog"));
    dialog->reject();
    QTRY_VERIFY(dialog.isNull());

    // The issued certificate goes back to its key pair: upload from the files.
    page->refresh();
    QVERIFY(page->selectCertificate(leaf));
    action(*page, "uploadCertificateAction")->trigger();
    QPointer<UploadCertificateDialog> upload = page->findChild<UploadCertificateDialog *>();
    QVERIFY(upload);
    QVERIFY(!okEnabled(upload));
    CertificateFiles::queueFileName(certPath);
    QTest::mouseClick(child<QPushButton>(upload, "certificateFileButton"), Qt::LeftButton);
    CertificateFiles::queueFileName(chainPath);
    QTest::mouseClick(child<QPushButton>(upload, "chainFileButton"), Qt::LeftButton);
    QCOMPARE(upload->certificateText(), certificate.trimmed());
    QVERIFY(upload->request().contains(QStringLiteral("certificateChain")));
    saveScreenshots(upload, QStringLiteral("certificate-upload-dialog"));
    clickOk(upload);
    QTRY_VERIFY(upload.isNull());
    QVERIFY(Dialogs::history().isEmpty());
    QCOMPARE(status(leaf), QStringLiteral("ACTIVE"));
    QCOMPARE(page->currentCertificateId(), leaf);
    QCOMPARE(page->currentCertificate().value(QStringLiteral("status")).toString(),
        QStringLiteral("ACTIVE"));
    auto *chain = child<QListWidget>(page->detailPane(), "chainListWidget");
    QCOMPARE(chain->count(), 1);
    QVERIFY(chain->item(0)->text().contains(QLatin1String("Example Root CA")));
    QVERIFY(child<QLabel>(page->detailPane(), "issuerValueLabel")
                ->text()
                .contains(QLatin1String("Example Root CA")));

    // DER works too: a second key pair, its certificate uploaded as a binary file.
    const QString second = create(QStringLiteral("api.example"), false);
    const Response issued = m_store->call(QStringLiteral("IssueCertificate"),
        { { QStringLiteral("caCertificateId"), m_root }, { QStringLiteral("csr"), csrOf(second) },
            { QStringLiteral("profile"), QStringLiteral("TLS_SERVER") } });
    QCOMPARE_CODE(issued, "0");
    QString pem = issued.data.value(QStringLiteral("certificate")).toString();
    pem.remove(QRegularExpression(QStringLiteral("-----[A-Z ]+-----|\\s")));
    const QString derPath = m_files.filePath(QStringLiteral("api.der"));
    QVERIFY(writeFile(derPath, QByteArray::fromBase64(pem.toLatin1())));
    page->refresh();
    QVERIFY(page->selectCertificate(second));
    action(*page, "uploadCertificateAction")->trigger();
    upload = page->findChild<UploadCertificateDialog *>();
    QVERIFY(upload);
    CertificateFiles::queueFileName(derPath);
    QTest::mouseClick(child<QPushButton>(upload, "certificateFileButton"), Qt::LeftButton);
    QCOMPARE(upload->certificateText(), pem);
    clickOk(upload);
    QTRY_VERIFY(upload.isNull());
    QCOMPARE(status(second), QStringLiteral("ACTIVE"));
}

void TestCertificatesPage::uploadOfAnotherKeyIsRefused()
{
    const QString pending = create(QStringLiteral("lonely.example"), false);
    const QString rootPem = m_store
                                ->call(QStringLiteral("DescribeCertificate"),
                                    { { QStringLiteral("certificateId"), m_root } })
                                .data.value(QStringLiteral("certificate"))
                                .toObject()
                                .value(QStringLiteral("certificate"))
                                .toString();
    QVERIFY(!rootPem.isEmpty());
    auto page = makePage();
    QVERIFY(page->selectCertificate(pending));
    action(*page, "uploadCertificateAction")->trigger();
    QPointer<UploadCertificateDialog> upload = page->findChild<UploadCertificateDialog *>();
    QVERIFY(upload);
    // Pasted, the way a PEM usually arrives.
    QGuiApplication::clipboard()->setText(rootPem);
    child<QPlainTextEdit>(upload, "certificatePlainTextEdit")->setFocus();
    QTest::keySequence(
        child<QPlainTextEdit>(upload, "certificatePlainTextEdit"), QKeySequence::Paste);
    clickOk(upload);
    QCOMPARE(Dialogs::history().size(), 1);
    const Dialogs::Shown shown = Dialogs::history().last();
    QVERIFY(shown.code.startsWith(QLatin1String("KMS")));
    QVERIFY2(shown.text.contains(QLatin1String("lonely.example")), qPrintable(shown.text));
    QVERIFY(upload); // stays open with the text
    QCOMPARE(upload->certificateText(), rootPem.trimmed());
    QCOMPARE(status(pending), QStringLiteral("PENDING_IMPORT"));

    // Not even PEM: the same, with the KMS's format error.
    upload->setCertificateText(QStringLiteral("hello"));
    clickOk(upload);
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS.0140"));
    QVERIFY(Dialogs::history().last().text.contains(QStringLiteral("证书格式错误")));
    upload->reject();
}

void TestCertificatesPage::statusChanges()
{
    const QString id = create(QStringLiteral("status.example"), true);
    auto page = makePage();
    QVERIFY(page->selectCertificate(id));
    action(*page, "deactivateCertificateAction")->trigger();
    QCOMPARE(status(id), QStringLiteral("INACTIVE"));
    QCOMPARE(page->currentCertificate().value(QStringLiteral("status")).toString(),
        QStringLiteral("INACTIVE"));
    QCOMPARE(
        child<QLabel>(page->detailPane(), "statusValueLabel")->text(), QStringLiteral("Inactive"));
    QVERIFY(action(*page, "activateCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "deactivateCertificateAction")->isEnabled());
    QVERIFY(!action(*page, "issueCertificateAction")->isEnabled()); // a CA, but inactive
    action(*page, "activateCertificateAction")->trigger();
    QCOMPARE(status(id), QStringLiteral("ACTIVE"));
    QVERIFY(Dialogs::history().isEmpty()); // no questions for these

    // Revoking asks first, and says it is final.
    Dialogs::setAutoAnswer(true, false);
    action(*page, "revokeCertificateAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().last().text.contains(QLatin1String("final")));
    QVERIFY(Dialogs::history().last().text.contains(QLatin1String("status.example")));
    QCOMPARE(status(id), QStringLiteral("ACTIVE"));
    Dialogs::setAutoAnswer(true, true);
    action(*page, "revokeCertificateAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(status(id), QStringLiteral("REVOKED"));
    QCOMPARE(page->currentCertificate().value(QStringLiteral("status")).toString(),
        QStringLiteral("REVOKED"));
    for (const char *name :
        { "activateCertificateAction", "deactivateCertificateAction", "revokeCertificateAction",
            "uploadCertificateAction", "issueCertificateAction", "generateCrlAction" })
        QVERIFY2(!action(*page, name)->isEnabled(), name);
    QVERIFY(action(*page, "exportCertificateAction")->isEnabled());
    QVERIFY(action(*page, "deleteCertificateAction")->isEnabled());

    // Called anyway (a stale action): the KMS's refusal is shown with both texts.
    page->activateCertificate();
    QCOMPARE(Dialogs::history().size(), 3);
    QCOMPARE(Dialogs::history().last().code, QStringLiteral("KMS0259"));
    QVERIFY(Dialogs::history().last().text.contains(QStringLiteral("证书已被吊销")));
}

void TestCertificatesPage::exportFormats()
{
    const QString plain = create(QStringLiteral("plain.example"), true);
    const QString exportable = create(QStringLiteral("exportable.example"), true,
        { { QStringLiteral("exportablePrivateKey"), true } });
    auto page = makePage();

    QVERIFY(page->selectCertificate(plain));
    action(*page, "exportCertificateAction")->trigger();
    QPointer<ExportCertificateDialog> dialog = page->findChild<ExportCertificateDialog *>();
    QVERIFY(dialog);
    auto *formats = child<QComboBox>(dialog, "formatComboBox");
    auto *items = qobject_cast<QStandardItemModel *>(formats->model());
    QVERIFY(!items->item(formats->findData(QStringLiteral("PKCS12")))->isEnabled());
    QVERIFY(child<QLabel>(dialog, "hintLabel")->text().contains(QLatin1String("exportable")));
    const QString pemPath = m_files.filePath(QStringLiteral("plain.pem"));
    dialog->setOutputPath(pemPath);
    QCOMPARE(dialog->format(), QStringLiteral("PEM"));
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(readFile(pemPath).startsWith("-----BEGIN CERTIFICATE-----"));

    action(*page, "exportCertificateAction")->trigger();
    dialog = page->findChild<ExportCertificateDialog *>();
    QVERIFY(dialog);
    selectData(child<QComboBox>(dialog, "formatComboBox"), QStringLiteral("DER"));
    const QString derPath = m_files.filePath(QStringLiteral("plain.der"));
    dialog->setOutputPath(derPath);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    const QByteArray der = readFile(derPath);
    QVERIFY(der.size() > 100);
    QCOMPARE(der.at(0), char(0x30)); // a DER SEQUENCE

    // Without a file chosen nothing is written and the dialog stays.
    action(*page, "exportCertificateAction")->trigger();
    dialog = page->findChild<ExportCertificateDialog *>();
    QVERIFY(dialog);
    selectData(child<QComboBox>(dialog, "formatComboBox"), QStringLiteral("CHAIN_PEM"));
    clickOk(dialog); // the file dialog is "cancelled": no name queued
    QVERIFY(dialog);
    const QString chainPath = m_files.filePath(QStringLiteral("plain-chain.pem"));
    CertificateFiles::queueFileName(chainPath);
    clickOk(dialog);
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(readFile(chainPath).startsWith("-----BEGIN CERTIFICATE-----"));

    // PKCS#12: a password of 8 characters or more, typed twice, and never kept.
    QVERIFY(page->selectCertificate(exportable));
    action(*page, "exportCertificateAction")->trigger();
    dialog = page->findChild<ExportCertificateDialog *>();
    QVERIFY(dialog);
    auto *password = child<QLineEdit>(dialog, "passwordLineEdit");
    auto *confirm = child<QLineEdit>(dialog, "confirmPasswordLineEdit");
    QVERIFY(!password->isVisible());
    selectData(child<QComboBox>(dialog, "formatComboBox"), QStringLiteral("PKCS12"));
    QVERIFY(password->isVisible());
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QVERIFY(!okEnabled(dialog));
    QTest::keyClicks(password, QStringLiteral("short"));
    QVERIFY(!okEnabled(dialog));
    QTest::keyClicks(password, QStringLiteral("-enough"));
    QTest::keyClicks(confirm, QStringLiteral("short-enougX"));
    QVERIFY(!okEnabled(dialog));
    QCOMPARE(
        child<QLabel>(dialog, "hintLabel")->text(), QStringLiteral("The two passwords differ."));
    QTest::keyClick(confirm, Qt::Key_Backspace);
    QTest::keyClicks(confirm, QStringLiteral("h"));
    QVERIFY(okEnabled(dialog));
    saveScreenshots(dialog, QStringLiteral("certificate-export-dialog"));
    const QString p12Path = m_files.filePath(QStringLiteral("exportable.p12"));
    dialog->setOutputPath(p12Path);
    QPointer<QLineEdit> passwordEdit = password;
    clickOk(dialog);
    QVERIFY(Dialogs::history().isEmpty());
    QTRY_VERIFY(dialog.isNull());
    QVERIFY(readFile(p12Path).size() > 200);
    QCOMPARE(QFile::permissions(p12Path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
        QFileDevice::Permissions());
}

void TestCertificatesPage::generateCrl()
{
    const QString leaf = issuedLeaf(m_root, QStringLiteral("revoked.example"));
    QVERIFY(!leaf.isEmpty());
    auto page = makePage();
    // Revoking the leaf through the page puts it on the root's list.
    page->refresh();
    QVERIFY(page->selectCertificate(leaf));
    QVERIFY(!action(*page, "generateCrlAction")->isEnabled()); // not a CA
    action(*page, "revokeCertificateAction")->trigger();
    QCOMPARE(status(leaf), QStringLiteral("REVOKED"));

    QVERIFY(page->selectCertificate(m_root));
    action(*page, "generateCrlAction")->trigger();
    QPointer<GenerateCrlDialog> dialog = page->findChild<GenerateCrlDialog *>();
    QVERIFY(dialog);
    QVERIFY(!child<QPushButton>(dialog, "saveCrlButton")->isEnabled());
    child<QSpinBox>(dialog, "nextUpdateSpinBox")->setValue(7);
    QCOMPARE(dialog->request().value(QStringLiteral("nextUpdateDays")).toInt(), 7);
    QTest::mouseClick(child<QPushButton>(dialog, "generateButton"), Qt::LeftButton);
    QVERIFY(Dialogs::history().size() == 1); // the revocation question only
    QVERIFY(dialog->result().value(QStringLiteral("revokedCount")).toInteger() >= 1);
    const QString crl = child<QPlainTextEdit>(dialog, "crlPlainTextEdit")->toPlainText();
    QVERIFY(crl.startsWith(QLatin1String("-----BEGIN X509 CRL-----")));
    QVERIFY(child<QLabel>(dialog, "resultLabel")->text().contains(QLatin1String("revoked")));
    const QString path = m_files.filePath(QStringLiteral("root.crl"));
    CertificateFiles::queueFileName(path);
    QTest::mouseClick(child<QPushButton>(dialog, "saveCrlButton"), Qt::LeftButton);
    QCOMPARE(QString::fromLatin1(readFile(path)), crl);
    saveScreenshots(dialog, QStringLiteral("certificate-crl-dialog"));
    dialog->reject();
}

void TestCertificatesPage::deleteAsksFirst()
{
    const QString id = create(QStringLiteral("doomed.example"), false);
    auto page = makePage();
    QVERIFY(page->selectCertificate(id));
    const qint64 before = page->model()->totalCount();
    Dialogs::setAutoAnswer(true, false);
    action(*page, "deleteCertificateAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 1);
    QVERIFY(Dialogs::history().last().text.contains(QLatin1String("doomed.example")));
    QVERIFY(Dialogs::history().last().text.contains(id));
    QVERIFY(page->model()->rowOfCertificate(id) >= 0);

    Dialogs::setAutoAnswer(true, true);
    action(*page, "deleteCertificateAction")->trigger();
    QCOMPARE(Dialogs::history().size(), 2);
    QCOMPARE(page->model()->rowOfCertificate(id), -1);
    QCOMPARE(page->model()->totalCount(), before - 1);
    QVERIFY(page->currentCertificate().isEmpty());
    QVERIFY(!action(*page, "deleteCertificateAction")->isEnabled());
    QCOMPARE_CODE(m_store->call(QStringLiteral("DescribeCertificate"),
                      { { QStringLiteral("certificateId"), id } }),
        "KMS0310");
}

void TestCertificatesPage::filtersSortAndExpiryColours()
{
    const QString soon
        = create(QStringLiteral("soon.example"), true, { { QStringLiteral("validityDays"), 10 } });
    auto page = makePage();
    QSortFilterProxyModel *proxy = page->proxyModel();
    const auto proxyRow = [&](const QString &id) {
        return proxy->mapFromSource(page->model()->index(page->model()->rowOfCertificate(id), 0))
            .row();
    };
    const QBrush amber = proxy->index(proxyRow(soon), CertificateTableModel::NotAfterColumn)
                             .data(Qt::BackgroundRole)
                             .value<QBrush>();
    QCOMPARE(amber.color(), QColor(0xff, 0xd5, 0x80));
    QCOMPARE(proxy->index(proxyRow(m_root), CertificateTableModel::NotAfterColumn)
                 .data(Qt::BackgroundRole),
        QVariant());

    // Status combo.
    auto *statuses = child<QComboBox>(page.get(), "statusComboBox");
    QCOMPARE(statuses->itemText(0), QStringLiteral("All statuses"));
    selectData(statuses, QStringLiteral("PENDING_IMPORT"));
    QCOMPARE(page->model()->statusFilter(), QStringLiteral("PENDING_IMPORT"));
    for (int row = 0; row < page->model()->rowCount(); ++row)
        QCOMPARE(page->model()->index(row, 0).data(CertificateTableModel::StatusRole).toString(),
            QStringLiteral("PENDING_IMPORT"));
    statuses->setCurrentIndex(0);

    // Search: after a pause or on Return.
    auto *search = child<QLineEdit>(page.get(), "searchLineEdit");
    QTest::keyClicks(search, QStringLiteral("soon.exa"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(page->model()->subjectFilter(), QStringLiteral("soon.exa"));
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(child<QLabel>(page.get(), "countLabel")->text(), QStringLiteral("1 certificate"));
    search->clear();
    QTRY_COMPARE(page->model()->subjectFilter(), QString());

    // Expiring soon.
    toggle(page.get(), "expiringCheckBox");
    QVERIFY(page->model()->expiringSoonFilter());
    QCOMPARE(page->model()->rowCount(), 1);
    QCOMPARE(page->model()->certificateIdAt(0), soon);
    toggle(page.get(), "expiringCheckBox");

    // Sorting by a header: over the loaded rows; the list order stays newest first.
    QTableView *view = page->tableView();
    QVERIFY(view->isSortingEnabled());
    QCOMPARE(proxy->sortColumn(), -1);
    view->sortByColumn(CertificateTableModel::SubjectColumn, Qt::AscendingOrder);
    QStringList subjects;
    for (int row = 0; row < proxy->rowCount(); ++row)
        subjects.append(proxy->index(row, CertificateTableModel::SubjectColumn).data().toString());
    QStringList sorted = subjects;
    std::sort(sorted.begin(), sorted.end(),
        [](const QString &a, const QString &b) { return QString::localeAwareCompare(a, b) < 0; });
    QCOMPARE(subjects, sorted);
    QCOMPARE(page->model()->certificateIdAt(0), soon); // the model is not reordered

    // Selection follows the row through a sort.
    QVERIFY(page->selectCertificate(soon));
    view->sortByColumn(CertificateTableModel::NotAfterColumn, Qt::DescendingOrder);
    QCOMPARE(page->currentCertificateId(), soon);
    QCOMPARE(view->currentIndex().data(CertificateTableModel::CertificateIdRole).toString(), soon);
}

void TestCertificatesPage::pageScreenshots()
{
    const QString leaf = issuedLeaf(m_root, QStringLiteral("www.example.com"));
    QVERIFY(!leaf.isEmpty());
    auto page = makePage();
    QVERIFY(page->selectCertificate(leaf));
    saveScreenshots(page.get(), QStringLiteral("certificates-page"));
    child<QTabWidget>(page->detailPane(), "detailTabWidget")->setCurrentIndex(1);
    saveScreenshots(page.get(), QStringLiteral("certificates-page-decoded"));
}

QTEST_MAIN(TestCertificatesPage)
#include "TestCertificatesPage.moc"
