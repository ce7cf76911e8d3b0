#include <QTest>
class TestKeyTableModel : public QObject
{
    Q_OBJECT
};
QTEST_MAIN(TestKeyTableModel)
#include "TestKeyTableModel.moc"
