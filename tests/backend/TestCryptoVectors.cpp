#include <QTest>
class TestCryptoVectors : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestCryptoVectors)
#include "TestCryptoVectors.moc"
