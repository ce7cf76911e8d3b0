#include "Kmsctl.h"
#include "Translations.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kms-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KMS_VERSION));

    // The command line follows the system language (LANG, LANGUAGE).
    kms::Translations translations;
    translations.use(kms::Translations::initialLanguage(QString()));

    kms::Kmsctl kmsctl;
    return kmsctl.run(QCoreApplication::arguments());
}
