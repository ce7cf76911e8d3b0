#pragma once

#include "TestHelpers.h"

#include <QJsonObject>
#include <QSize>
#include <QString>

#include <memory>

class QAction;
class QDialog;
class QWidget;

namespace kms {
class KmsClient;
}

namespace kms::test {

// What the model and page tests set up the same way: a fresh store whose clock the test moves
// and the KmsClient the GUI talks to it through. open() in init() (or initTestCase()),
// close() after.
class ClientFixture
{
public:
    ClientFixture();
    ~ClientFixture();

    // A fresh store and client; false if the store could not be made.
    [[nodiscard]] bool open();
    void close();

    TestClock &clock() { return m_clock; }
    TestStore &store() { return *m_store; }
    KmsClient &client() { return *m_client; }

private:
    TestClock m_clock;
    std::unique_ptr<TestStore> m_store;
    std::unique_ptr<KmsClient> m_client;
};

// The keyMetadata of an answer (CreateKey, DescribeKey, ...).
QJsonObject metadataOf(const Response &response);

// Shows `widget` at `size` and waits until it is on screen (a warning if it never is).
void showWidget(QWidget *widget, const QSize &size);
template<class Widget>
std::unique_ptr<Widget> shown(std::unique_ptr<Widget> widget, const QSize &size)
{
    showWidget(widget.get(), size);
    return widget;
}

// The action of `page` with the object name `name`, nullptr if none.
QAction *action(const QWidget &page, const char *name);
// Clicks the enabled OK button of the dialog's buttonBox (fails the test if there is none).
void clickOk(QDialog *dialog);

// A PNG of the widget for reviewers, `fileName` in KMS_SCREENSHOT_DIR when set.
void saveScreenshot(QWidget *widget, const QString &fileName);
// PNGs of the widget in English and Chinese (<name>-en.png, <name>-zh_CN.png) in
// KMS_SCREENSHOT_DIR when set; the language switches at run time the way the console's View
// menu does.
void saveScreenshots(QWidget *widget, const QString &name);

} // namespace kms::test
