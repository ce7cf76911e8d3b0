#include <QTest>
class TestAliasTableModel : public QObject
{
    Q_OBJECT
};
QTEST_MAIN(TestAliasTableModel)
#include "TestAliasTableModel.moc"
