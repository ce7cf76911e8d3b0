#include <QTest>
class TestSoftwareHsm : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestSoftwareHsm)
#include "TestSoftwareHsm.moc"
