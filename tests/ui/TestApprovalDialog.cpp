// Dual control in the console (issue 9): with ScheduleKeyDeletion under dual control, the Keys
// page's deletion flow asks for a second officer in ApprovalDialog before it calls the action.
// A wrong password shows the error with its code and both texts and keeps the dialog; the
// right one lets the deletion through; cancelling changes nothing. Real widgets, offscreen.
#include "ApprovalDialog.h"
#include "Dialogs.h"
#include "KeyDetailPane.h"
#include "KeysPage.h"
#include "KmsClient.h"
#include "UiTestHelpers.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace kms;
using namespace kms::ui;

namespace {

const char *const kKenPassword = "ken-pass-4";

QString detail(const KeysPage &page, const char *name)
{
    auto *label = page.detailPane()->findChild<QLabel *>(QLatin1String(name));
    return label != nullptr ? label->text() : QString();
}

ApprovalDialog *openApprovalDialog()
{
    return qobject_cast<ApprovalDialog *>(QApplication::activeModalWidget());
}

// Answers the approval dialog, once it is shown modally, with `answer`.
void whenApprovalShows(const std::function<void(ApprovalDialog *)> &answer)
{
    QTimer::singleShot(0, [answer] {
        ApprovalDialog *dialog = openApprovalDialog();
        QVERIFY(dialog != nullptr);
        answer(dialog);
    });
}

void typeAndApprove(ApprovalDialog *dialog, const QString &name, const QString &password)
{
    auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("approverLineEdit"));
    auto *passwordEdit = dialog->findChild<QLineEdit *>(QStringLiteral("approverPasswordLineEdit"));
    QVERIFY(nameEdit != nullptr && passwordEdit != nullptr);
    nameEdit->clear();
    QTest::keyClicks(nameEdit, name);
    QTest::keyClicks(passwordEdit, password);
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(passwordEdit->text().isEmpty()); // taken out of the field at once
}

} // namespace

class TestApprovalDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void deletionWithApprovalThroughTheKeysPage();
    void cancelledApprovalChangesNothing();

private:
    QString createKey();
    std::unique_ptr<KeysPage> scheduleFromPage(const QString &id, QPointer<QDialog> *dialog);

    test::ClientFixture m_fixture;
};

void TestApprovalDialog::initTestCase()
{
    QVERIFY(m_fixture.open());
    StoreSession &session = m_fixture.store().session();
    session.setPasswordHashParams(test::fastArgon2());
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("root"), QStringLiteral("administrator"), test::secret("root-pass-1")));
    QVERIFY_RESULT(session.logIn(QStringLiteral("root"), test::secret("root-pass-1")));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("kate"), QStringLiteral("key_officer"), test::secret("kate-pass-3")));
    QVERIFY_RESULT(session.createOperator(
        QStringLiteral("ken"), QStringLiteral("key_officer"), test::secret(kKenPassword)));
    QVERIFY_RESULT(session.setDualControl({ QStringLiteral("ScheduleKeyDeletion") }));
    QVERIFY_RESULT(session.logOut());
    QVERIFY_RESULT(session.logIn(QStringLiteral("kate"), test::secret("kate-pass-3")));
}

void TestApprovalDialog::cleanupTestCase()
{
    Dialogs::setAutoAnswer(false);
    m_fixture.close();
}

QString TestApprovalDialog::createKey()
{
    const Response created = m_fixture.store().call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
    return test::metadataOf(created).value(QStringLiteral("cmkUuid")).toString();
}

std::unique_ptr<KeysPage> TestApprovalDialog::scheduleFromPage(
    const QString &id, QPointer<QDialog> *dialog)
{
    auto page = test::shown(std::make_unique<KeysPage>(m_fixture.client()), { 1300, 700 });
    if (!page->selectKey(id))
        return page;
    test::action(*page, "scheduleDeletionAction")->trigger();
    *dialog = page->findChild<QDialog *>(QStringLiteral("scheduleDeletionDialog"));
    return page;
}

void TestApprovalDialog::deletionWithApprovalThroughTheKeysPage()
{
    const QString id = createKey();
    QVERIFY(!id.isEmpty());
    Dialogs::setAutoAnswer(true, true);
    Dialogs::clearHistory();
    QPointer<QDialog> dialog;
    auto page = scheduleFromPage(id, &dialog);
    QVERIFY(dialog);
    dialog->findChild<QSpinBox *>(QStringLiteral("pendingWindowSpinBox"))->setValue(14);

    bool answered = false;
    whenApprovalShows([&](ApprovalDialog *approval) {
        // Kate cannot approve her own request; a wrong password is a failed log-in of ken.
        typeAndApprove(approval, QStringLiteral("kate"), QStringLiteral("kate-pass-3"));
        QVERIFY(approval->isVisible());
        typeAndApprove(approval, QStringLiteral("ken"), QStringLiteral("not ken's password"));
        QVERIFY(approval->isVisible());
        typeAndApprove(approval, QStringLiteral("ken"), QString::fromLatin1(kKenPassword));
        answered = true;
    });
    test::clickOk(dialog);
    QTRY_VERIFY(answered);
    QTRY_VERIFY(dialog.isNull());

    // The confirmation, then the two refusals, shown with code and both texts.
    QList<QString> codes;
    for (const Dialogs::Shown &shown : Dialogs::history())
        codes.append(shown.code);
    QVERIFY2(codes.contains(QStringLiteral("KMS.0405")), qPrintable(codes.join(u',')));
    QVERIFY2(codes.contains(QStringLiteral("KMS.0401")), qPrintable(codes.join(u',')));
    for (const Dialogs::Shown &shown : Dialogs::history()) {
        if (shown.code == QLatin1String("KMS.0401")) {
            QVERIFY2(shown.text.contains(QStringLiteral("Token validation failed")),
                qPrintable(shown.text));
            QVERIFY2(shown.text.contains(QStringLiteral("token验证失败")), qPrintable(shown.text));
        }
    }
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Pending deletion"));
    QCOMPARE(m_fixture.store().scalar(QStringLiteral("SELECT COUNT(*) FROM audit WHERE action = "
                                                     "'ApproveAction' AND result_code = '0' AND "
                                                     "operator = 'ken (key_officer)'")),
        qint64(1));
    test::saveScreenshots(page.get(), QStringLiteral("approval-keys-page"));
}

void TestApprovalDialog::cancelledApprovalChangesNothing()
{
    const QString id = createKey();
    QVERIFY(!id.isEmpty());
    Dialogs::setAutoAnswer(true, true);
    QPointer<QDialog> dialog;
    auto page = scheduleFromPage(id, &dialog);
    QVERIFY(dialog);
    bool answered = false;
    whenApprovalShows([&](ApprovalDialog *approval) {
        test::saveScreenshots(approval, QStringLiteral("approval-dialog"));
        auto *buttons = approval->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
        QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        answered = true;
    });
    test::clickOk(dialog);
    QTRY_VERIFY(answered);
    QVERIFY(dialog); // the scheduling dialog stays for another try
    QCOMPARE(detail(*page, "stateValueLabel"), QStringLiteral("Enabled"));
    dialog->reject();
}

QTEST_MAIN(TestApprovalDialog)
#include "TestApprovalDialog.moc"
