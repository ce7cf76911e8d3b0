#include <QTest>
class TestAliasesPage : public QObject
{
    Q_OBJECT
};
QTEST_MAIN(TestAliasesPage)
#include "TestAliasesPage.moc"
