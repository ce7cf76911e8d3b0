#include <QTest>
class TestKeyOperations : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestKeyOperations)
#include "TestKeyOperations.moc"
