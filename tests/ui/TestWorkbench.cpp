#include <QTest>
class TestWorkbench : public QObject
{
    Q_OBJECT
};
QTEST_MAIN(TestWorkbench)
#include "TestWorkbench.moc"
