#include <QTest>
class TestRequestValidation : public QObject { Q_OBJECT };
QTEST_GUILESS_MAIN(TestRequestValidation)
#include "TestRequestValidation.moc"
