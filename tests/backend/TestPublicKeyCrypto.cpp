#include <QTest>
class TestPublicKeyCrypto : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestPublicKeyCrypto)
#include "TestPublicKeyCrypto.moc"
