#include <QTest>
class TestKeychain : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestKeychain)
#include "TestKeychain.moc"
