#include <QTest>
class TestMasterKey : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestMasterKey)
#include "TestMasterKey.moc"
