#include <QTest>
class TestOpensslInterop : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestOpensslInterop)
#include "TestOpensslInterop.moc"
