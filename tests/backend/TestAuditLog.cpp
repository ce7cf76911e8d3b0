#include <QTest>
class TestAuditLog : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestAuditLog)
#include "TestAuditLog.moc"
