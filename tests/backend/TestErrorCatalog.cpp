#include <QTest>
class TestErrorCatalog : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestErrorCatalog)
#include "TestErrorCatalog.moc"
