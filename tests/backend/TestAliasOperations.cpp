#include <QTest>
class TestAliasOperations : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestAliasOperations)
#include "TestAliasOperations.moc"
