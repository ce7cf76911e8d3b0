// Ceremony mode: a key ceremony run through the main window (Ceremony menu, files written,
// a backup, a note) ends in a PDF transcript whose text — read back with pdftotext from
// poppler-utils, which the set-up script installs — carries the fingerprints the openssl CLI
// computes independently, the custodians' signature lines and the audit-chain head that
// `kmsctl audit verify` proves intact.

#include "BeginCeremonyDialog.h"
#include "CeremonyController.h"
#include "CeremonyTranscriptDocument.h"
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "MainWindow.h"
#include "TestHelpers.h"
#include "Translations.h"
#include "UiTestHelpers.h"

#include "api/Ceremony.h"
#include "api/StoreSession.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace kms;
using kms::ui::MainWindow;

namespace {

QString tool(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

// pdftotext's text of a PDF with the line breaks of the layout, or "" on failure.
QString pdfText(const QString &pdf)
{
    const test::ProcessRun run
        = test::runProcess(tool(QStringLiteral("pdftotext")), { pdf, QStringLiteral("-") });
    // The PDF keeps the typographic ligatures of the font ("ﬁ"): compare their plain forms.
    return run.exitCode == 0 ? QString::fromUtf8(run.out).normalized(QString::NormalizationForm_KC)
                             : QString();
}

// The way `openssl x509 -fingerprint -sha256` prints: "sha256 Fingerprint=AB:CD:…".
QString afterEquals(const QByteArray &line)
{
    const QString text = QString::fromLatin1(line).trimmed();
    return text.mid(text.indexOf(QLatin1Char('=')) + 1);
}

} // namespace

class TestCeremony : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void ceremonyEndsInATranscript();
    void cancelledEndKeepsRecording();
    void recorderNeedsAnUnlockedStore();
    void custodianStoreOnTheTranscript();
    void transcriptInChinese();

private:
    MainWindow *window() { return m_window.get(); }
    ui::CeremonyController *ceremony() { return m_window->ceremony(); }
    QAction *menuAction(const char *name);
    void beginThroughTheDialog(
        const QString &title, const QString &officer, const QString &custodians);

    QString m_openssl;
    std::unique_ptr<test::TestStore> m_store;
    std::unique_ptr<KmsClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<Translations> m_translations;
    std::unique_ptr<MainWindow> m_window;
};

void TestCeremony::initTestCase()
{
    ui::Dialogs::setAutoAnswer(true, true);
    m_openssl = tool(QStringLiteral("openssl"));
    QVERIFY2(!m_openssl.isEmpty(), "openssl not found (scripts/setup.sh installs it)");
    QVERIFY2(!tool(QStringLiteral("pdftotext")).isEmpty(),
        "pdftotext not found (scripts/setup.sh installs poppler-utils)");
}

void TestCeremony::init()
{
    ui::Dialogs::clearHistory();
    m_store = std::make_unique<test::TestStore>();
    QVERIFY(m_store->isValid());
    m_client = std::make_unique<KmsClient>(m_store->session());
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(
        m_dir->filePath(QStringLiteral("kms-console.ini")), QSettings::IniFormat);
    m_translations = std::make_unique<Translations>();
    m_window = std::make_unique<MainWindow>(*m_client, *m_settings, *m_translations);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    ui::CertificateFiles::setAutoFileNames(true);
}

void TestCeremony::cleanup()
{
    ui::CertificateFiles::setAutoFileNames(false);
    m_window.reset();
    m_translations.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    m_settings.reset();
    m_client.reset();
    m_store.reset();
    m_dir.reset();
}

QAction *TestCeremony::menuAction(const char *name)
{
    auto *menu = m_window->findChild<QMenu *>(QStringLiteral("ceremonyMenu"));
    if (menu == nullptr)
        return nullptr;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == QLatin1String(name))
            return action;
    }
    return nullptr;
}

void TestCeremony::beginThroughTheDialog(
    const QString &title, const QString &officer, const QString &custodians)
{
    QAction *begin = menuAction("beginCeremonyAction");
    QVERIFY(begin && begin->isEnabled());
    begin->trigger();
    auto *dialog = m_window->findChild<ui::BeginCeremonyDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    dialog->titleEdit()->clear();
    QVERIFY(!ok->isEnabled()); // a ceremony needs a title
    QTest::keyClicks(dialog->titleEdit(), title);
    dialog->officerEdit()->clear();
    QVERIFY(!ok->isEnabled()); // and an officer
    QTest::keyClicks(dialog->officerEdit(), officer);
    dialog->custodiansEdit()->setPlainText(custodians);
    QVERIFY(ok->isEnabled());
    test::saveScreenshots(dialog, QStringLiteral("ceremony-begin"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(ceremony()->isActive());
}

void TestCeremony::ceremonyEndsInATranscript()
{
    const QStringList custodians
        = { QStringLiteral("Li Wei"), QStringLiteral("Ana Souza"), QStringLiteral("Jon Berg") };
    beginThroughTheDialog(QStringLiteral("Root CA key generation"), QStringLiteral("Mei Chen"),
        QStringLiteral("Li Wei\n\n  Ana Souza \nJon Berg\n"));
    if (QTest::currentTestFailed())
        return;
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("ceremonyLabel"));
    QVERIFY(label && label->isVisible());
    QVERIFY2(
        label->text().contains(QLatin1String("Root CA key generation")), qPrintable(label->text()));
    QVERIFY(!menuAction("beginCeremonyAction")->isEnabled());
    QVERIFY(menuAction("endCeremonyAction")->isEnabled());

    // What the ceremony does: a signing key whose public key is exported, a data key, a
    // self-signed root certificate, a backup, a note.
    const QString signingKey
        = m_store->createKey(QStringLiteral("RSA_2048"), QStringLiteral("SIGN/VERIFY"));
    const QString dataKey = m_store->createKey();
    QVERIFY(!signingKey.isEmpty() && !dataKey.isEmpty());
    const Response described = m_client->call(
        QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), signingKey } });
    const Response publicKey = m_client->call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), signingKey },
            { QStringLiteral("keyVersionId"),
                test::metadataOf(described).value(QStringLiteral("primaryKeyVersion")) } });
    QCOMPARE_CODE(publicKey, "0");
    const QString publicKeyPath = m_dir->filePath(QStringLiteral("signing-key.pem"));
    QVERIFY(ui::CertificateFiles::write(m_window.get(), publicKeyPath,
        publicKey.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    const Response root = m_client->call(QStringLiteral("CreateCertificate"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("EC_P256") },
            { QStringLiteral("subject"),
                QJsonObject { { QStringLiteral("CN"), QStringLiteral("Ceremony Root CA") },
                    { QStringLiteral("C"), QStringLiteral("CN") },
                    { QStringLiteral("O"), QStringLiteral("Example Bank") },
                    { QStringLiteral("OU"), QStringLiteral("Key Management") } } },
            { QStringLiteral("selfSigned"), true }, { QStringLiteral("validityDays"), 3650 } });
    QCOMPARE_CODE(root, "0");
    const QString certificateId = root.data.value(QStringLiteral("certificate"))
                                      .toObject()
                                      .value(QStringLiteral("certificateId"))
                                      .toString();
    const Response exported = m_client->call(QStringLiteral("ExportCertificate"),
        { { QStringLiteral("certificateId"), certificateId },
            { QStringLiteral("format"), QStringLiteral("PEM") } });
    QCOMPARE_CODE(exported, "0");
    const QString certificatePem = exported.data.value(QStringLiteral("content")).toString();
    QVERIFY(certificatePem.contains(QLatin1String("BEGIN CERTIFICATE")));
    const QString certificatePath = m_dir->filePath(QStringLiteral("root.pem"));
    QVERIFY(test::writeFile(certificatePath, certificatePem.toLatin1()));

    const QString backupPath = m_dir->filePath(QStringLiteral("ceremony.kmsbackup"));
    ui::CertificateFiles::queueFileName(backupPath);
    m_window->findChild<QAction *>(QStringLiteral("backupAction"))->trigger();
    QVERIFY2(ui::Dialogs::history().isEmpty(), "no error shown");
    ceremony()->addNote(QStringLiteral("Backup carried to the safe by Ana Souza."));
    QVERIFY2(label->text().contains(QLatin1String("(6 steps)")), qPrintable(label->text()));
    test::saveScreenshots(m_window.get(), QStringLiteral("ceremony-running"));

    // End: the officer picks the file, the transcript is written.
    const QString pdf = m_dir->filePath(QStringLiteral("transcript.pdf"));
    ui::CertificateFiles::queueFileName(pdf);
    menuAction("endCeremonyAction")->trigger();
    QVERIFY(!ceremony()->isActive());
    QVERIFY(!label->isVisible());
    QVERIFY(QFileInfo::exists(pdf));
    QVERIFY(menuAction("saveTranscriptAction")->isEnabled());
    QVERIFY(ceremony()->lastTranscript().has_value());
    const CeremonyTranscript &transcript = *ceremony()->lastTranscript();

    // The steps, in order.
    QStringList kinds;
    for (const auto &step : transcript.steps)
        kinds.append(step.kind);
    QCOMPARE(kinds,
        (QStringList { QStringLiteral("initialise"), QStringLiteral("begin"),
            QStringLiteral("custodians"), QStringLiteral("export"), QStringLiteral("backup"),
            QStringLiteral("note"), QStringLiteral("end") }));
    QCOMPARE(transcript.custodians, custodians);
    QCOMPARE(transcript.officer, QStringLiteral("Mei Chen"));
    QCOMPARE(transcript.storeUuid, m_store->session().storeUuid());
    QCOMPARE(transcript.protection, QStringLiteral("passphrase"));

    // Fingerprints as the openssl CLI computes them, outside the console.
    const test::ProcessRun der = test::runProcess(m_openssl,
        { QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-in"), publicKeyPath,
            QStringLiteral("-outform"), QStringLiteral("DER") });
    QCOMPARE(der.exitCode, 0);
    const QString publicKeyFingerprint = QString::fromLatin1(
        QCryptographicHash::hash(der.out, QCryptographicHash::Sha256).toHex(':').toUpper());
    const test::ProcessRun x509 = test::runProcess(m_openssl,
        { QStringLiteral("x509"), QStringLiteral("-in"), certificatePath, QStringLiteral("-noout"),
            QStringLiteral("-fingerprint"), QStringLiteral("-sha256") });
    QCOMPARE(x509.exitCode, 0);
    const QString certificateFingerprint = afterEquals(x509.out);
    // The SHA-256 of a whole file, as `openssl dgst -sha256 -r` prints it.
    const auto fileDigest = [this](const QString &path) {
        const test::ProcessRun dgst = test::runProcess(m_openssl,
            { QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-r"), path });
        return dgst.exitCode == 0
            ? QString::fromLatin1(QByteArray::fromHex(dgst.out.left(64)).toHex(':').toUpper())
            : QString();
    };
    const QString backupFingerprint = fileDigest(backupPath);
    QVERIFY(!backupFingerprint.isEmpty());

    QCOMPARE(transcript.steps.at(3).fingerprint, fileDigest(publicKeyPath)); // the file written
    QCOMPARE(transcript.steps.at(3).detail, QStringLiteral("signing-key.pem"));
    QCOMPARE(transcript.steps.at(4).fingerprint, backupFingerprint);
    QCOMPARE(
        transcript.steps.at(5).detail, QStringLiteral("Backup carried to the safe by Ana Souza."));

    // The keys and the certificate the ceremony's actions named.
    QStringList keyIds;
    for (const auto &key : transcript.keys)
        keyIds.append(key.cmkUuid);
    QVERIFY2(
        keyIds.contains(signingKey) && keyIds.contains(dataKey), qPrintable(keyIds.join(u',')));
    for (const auto &key : transcript.keys) {
        QCOMPARE(key.versions.size(), 1);
        if (key.cmkUuid == signingKey)
            QCOMPARE(key.versions.constFirst().publicKeyFingerprint, publicKeyFingerprint);
        if (key.cmkUuid == dataKey)
            QVERIFY(key.versions.constFirst().publicKeyFingerprint.isEmpty());
    }
    QCOMPARE(transcript.certificates.size(), 1);
    QCOMPARE(transcript.certificates.constFirst().certificateId, certificateId);
    QCOMPARE(transcript.certificates.constFirst().certificateFingerprint, certificateFingerprint);

    // The audit rows of the ceremony, from BeginCeremony to EndCeremony, and the head.
    QVERIFY(transcript.actions.size() >= 7);
    QCOMPARE(transcript.actions.constFirst().action, QStringLiteral("BeginCeremony"));
    QCOMPARE(transcript.actions.constFirst().target, transcript.ceremonyId);
    QCOMPARE(transcript.actions.constLast().action, QStringLiteral("EndCeremony"));
    QCOMPARE(transcript.actions.constLast().seq, transcript.auditHeadSeq);
    auto head = m_store->session().store().lastAudit();
    QVERIFY_RESULT(head);
    QVERIFY(head->has_value());
    QCOMPARE((*head)->seq, transcript.auditHeadSeq);
    QCOMPARE(QString::fromLatin1((*head)->mac.toHex()), transcript.auditHeadMac);
    const qint64 rows = m_store->scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE seq >= %1")
                                            .arg(transcript.actions.constFirst().seq));
    QCOMPARE(qint64(transcript.actions.size()), rows);

    // The paper: pdftotext reads it back.
    const QString text = pdfText(pdf);
    QVERIFY2(!text.isEmpty(), "pdftotext could not read the transcript");
    if (const QString shots = qEnvironmentVariable("KMS_SCREENSHOT_DIR"); !shots.isEmpty()) {
        // For reviewers, beside the screenshots.
        const QString copy = QDir(shots).filePath(QStringLiteral("ceremony-transcript.pdf"));
        QFile::remove(copy);
        QFile::copy(pdf, copy);
    }
    const auto contains
        = [&text](const QString &what) { return text.contains(what, Qt::CaseSensitive); };
    QVERIFY(contains(QStringLiteral("Key ceremony transcript")));
    QVERIFY(contains(QStringLiteral("Root CA key generation")));
    QVERIFY(contains(transcript.storeUuid));
    QVERIFY(contains(transcript.ceremonyId));
    QVERIFY(contains(QStringLiteral("Mei Chen")));
    for (const QString &name : custodians)
        QVERIFY2(contains(name), qPrintable(name));
    QVERIFY(contains(QStringLiteral("Signature")));
    // Fingerprints are printed in two lines of 16 bytes.
    for (const QString &fingerprint :
        { publicKeyFingerprint, certificateFingerprint, backupFingerprint }) {
        QVERIFY2(contains(fingerprint.left(47)), qPrintable(fingerprint.left(47)));
        QVERIFY2(contains(fingerprint.mid(48)), qPrintable(fingerprint.mid(48)));
    }
    QVERIFY(contains(transcript.auditHeadMac.left(32)));
    QVERIFY(contains(transcript.auditHeadMac.mid(32)));
    QVERIFY(contains(QStringLiteral("Row %1 is the last row").arg(transcript.auditHeadSeq)));
    QVERIFY(contains(QStringLiteral("Key store backup written: ceremony.kmsbackup")));
    QVERIFY(contains(signingKey));
    QVERIFY(contains(QStringLiteral("EndCeremony")));
    QVERIFY(!QDir(m_store->dataDir()).entryList({ QStringLiteral("*.pdf") }).size());

    // The chain the paper ends with is intact, as kmsctl (another process) sees it.
    m_client.reset();
    m_window.reset();
    m_store->close();
    const QString passFile = m_dir->filePath(QStringLiteral("pass"));
    QVERIFY(test::writeFile(passFile, "correct horse battery"));
    const test::ProcessRun verified = test::runProcess(qEnvironmentVariable("KMSCTL"),
        { QStringLiteral("--data-dir"), m_store->dataDir(), QStringLiteral("--passphrase-file"),
            passFile, QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(verified.exitCode == 0,
        qPrintable(QStringLiteral("exit %1: %2 %3")
                       .arg(verified.exitCode)
                       .arg(QString::fromUtf8(verified.out), QString::fromUtf8(verified.err))));
}

void TestCeremony::cancelledEndKeepsRecording()
{
    beginThroughTheDialog(QStringLiteral("HSM key load"), QStringLiteral("Mei Chen"), QString());
    if (QTest::currentTestFailed())
        return;
    // No file chosen: the ceremony goes on, nothing was recorded as ended.
    menuAction("endCeremonyAction")->trigger();
    QVERIFY(ceremony()->isActive());
    QVERIFY(!ceremony()->lastTranscript().has_value());
    QVERIFY(!menuAction("saveTranscriptAction")->isEnabled());
    const qint64 ends = m_store->scalar(
        QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = 'EndCeremony'"));
    QCOMPARE(ends, qint64(0));

    // A transcript that cannot be written is kept and can be saved again.
    ui::CertificateFiles::queueFileName(m_dir->filePath(QStringLiteral("missing/dir/t.pdf")));
    menuAction("endCeremonyAction")->trigger();
    QVERIFY(!ceremony()->isActive());
    QVERIFY(!ui::Dialogs::history().isEmpty());
    QVERIFY(menuAction("saveTranscriptAction")->isEnabled());
    const QString pdf = m_dir->filePath(QStringLiteral("again.pdf"));
    ui::CertificateFiles::queueFileName(pdf);
    menuAction("saveTranscriptAction")->trigger();
    QVERIFY(QFileInfo::exists(pdf));
    // No custodians were named: one line for a witness instead.
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QLatin1String("Witness")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("No certificate was used.")), qPrintable(text));
}

void TestCeremony::recorderNeedsAnUnlockedStore()
{
    m_window.reset();
    m_client.reset();
    auto recorder
        = CeremonyRecorder::begin(m_store->session(), QStringLiteral("t"), QStringLiteral("o"), {});
    QVERIFY_RESULT(recorder);
    QVERIFY_RESULT(recorder->finish());
    // A ceremony ends once.
    QCOMPARE(recorder->finish().error().code(), QStringLiteral("KMS.0503"));

    m_store->session().lock();
    auto locked
        = CeremonyRecorder::begin(m_store->session(), QStringLiteral("t"), QStringLiteral("o"), {});
    QVERIFY(!locked);
    QCOMPARE(locked.error().code(), QStringLiteral("KMS.0503"));
}

void TestCeremony::custodianStoreOnTheTranscript()
{
    m_window.reset();
    m_client.reset();
    QTemporaryDir dir;
    QStringList shares;
    StoreSession::InitOptions options;
    options.protection = MasterKeyProtection::Custodians;
    options.custodianThreshold = 2;
    options.custodianCount = 3;
    options.shares = &shares;
    auto session = StoreSession::initialise(dir.filePath(QStringLiteral("data")), options);
    QVERIFY_RESULT(session);
    auto recorder = CeremonyRecorder::begin(**session, QStringLiteral("Initialisation"),
        QStringLiteral("Mei Chen"), { QStringLiteral("A"), QStringLiteral("B") });
    QVERIFY_RESULT(recorder);
    auto transcript = recorder->finish();
    QVERIFY_RESULT(transcript);
    QCOMPARE(transcript->protection, QStringLiteral("custodians"));
    QCOMPARE(transcript->threshold, 2);
    QCOMPARE(transcript->shareCount, 3);
    QCOMPARE(transcript->splitId, (*session)->vault().splitId);
    QCOMPARE(transcript->steps.constFirst().kind, QStringLiteral("initialise"));
    QCOMPARE(transcript->actions.size(), 2); // BeginCeremony, EndCeremony

    const QString pdf = dir.filePath(QStringLiteral("t.pdf"));
    QVERIFY(ui::CeremonyTranscriptDocument(*transcript).writePdf(pdf));
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QStringLiteral("any 2 of 3")), qPrintable(text));
    QVERIFY(text.contains(transcript->splitId));
    QVERIFY(text.contains(QLatin1String("Key store initialised")));
    // The shares themselves never reach the transcript.
    for (const QString &share : std::as_const(shares))
        QVERIFY(!text.contains(share.left(20)));
}

void TestCeremony::transcriptInChinese()
{
    m_translations->use(QStringLiteral("zh_CN"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    QVERIFY(ceremony()->begin(
        QStringLiteral("Root CA"), QStringLiteral("Mei Chen"), { QStringLiteral("Li Wei") }));
    QCOMPARE(menuAction("endCeremonyAction")->text(), QStringLiteral(u"结束仪式并保存记录(&E)…"));
    const QString pdf = m_dir->filePath(QStringLiteral("zh.pdf"));
    ui::CertificateFiles::queueFileName(pdf);
    QVERIFY(ceremony()->endCeremony());
    // The CJK font (fonts-noto-cjk) is embedded: the text reads back.
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QStringLiteral(u"密钥仪式记录")), qPrintable(text));
    // (pdfText folds the full-width colon into ':'.)
    QVERIFY2(text.contains(QStringLiteral(u"在场保管人:Li Wei")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral(u"见证人"))); // custodians were named
    QVERIFY(text.contains(QStringLiteral(u"保管人")));
}

QTEST_MAIN(TestCeremony)
#include "TestCeremony.moc"
