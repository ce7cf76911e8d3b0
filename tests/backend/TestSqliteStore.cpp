#include <QTest>
class TestSqliteStore : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestSqliteStore)
#include "TestSqliteStore.moc"
