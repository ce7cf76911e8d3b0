#include <QTest>
class TestKeysPage : public QObject
{
    Q_OBJECT
};
QTEST_MAIN(TestKeysPage)
#include "TestKeysPage.moc"
