#include <QTest>
class TestKmsctl : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestKmsctl)
#include "TestKmsctl.moc"
