#include <QTest>
class TestMasterKeyVault : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestMasterKeyVault)
#include "TestMasterKeyVault.moc"
