#include "Kmsctl.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kms-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KMS_VERSION));

    QTranslator translator;
    if (translator.load(
            QLocale(), QStringLiteral("kms"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    kms::Kmsctl kmsctl;
    return kmsctl.run(QCoreApplication::arguments());
}
