#include "UiTestHelpers.h"

#include "KmsClient.h"
#include "Translations.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QPushButton>
#include <QTest>
#include <QWidget>

namespace kms::test {

ClientFixture::ClientFixture() = default;

ClientFixture::~ClientFixture()
{
    close();
}

bool ClientFixture::open()
{
    close();
    m_store = std::make_unique<TestStore>();
    if (!m_store->isValid())
        return false;
    m_store->session().setClock(m_clock);
    m_client = std::make_unique<KmsClient>(m_store->session());
    return true;
}

void ClientFixture::close()
{
    m_client.reset();
    m_store.reset();
}

QJsonObject metadataOf(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

void showWidget(QWidget *widget, const QSize &size)
{
    widget->resize(size);
    widget->show();
    if (!QTest::qWaitForWindowExposed(widget))
        qWarning("the widget was not exposed");
}

QAction *action(const QWidget &page, const char *name)
{
    return page.findChild<QAction *>(QLatin1String(name));
}

void clickOk(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
    QVERIFY(buttons != nullptr);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(ok != nullptr);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

void saveScreenshot(QWidget *widget, const QString &fileName)
{
    const QString dir = qEnvironmentVariable("KMS_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(QDir(dir).filePath(fileName)));
}

void saveScreenshots(QWidget *widget, const QString &name)
{
    if (qEnvironmentVariable("KMS_SCREENSHOT_DIR").isEmpty())
        return;
    Translations translations;
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        QVERIFY(translations.use(language));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCoreApplication::processEvents();
        saveScreenshot(widget, QStringLiteral("%1-%2.png").arg(name, language));
    }
    translations.use(QStringLiteral("en"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

} // namespace kms::test
