#include <QTest>
class TestCryptoOperations : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestCryptoOperations)
#include "TestCryptoOperations.moc"
