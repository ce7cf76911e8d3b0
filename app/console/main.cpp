#include "ConsoleStartup.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The same application name as kmsctl, so both find the same default data folder.
    QApplication::setApplicationName(QStringLiteral("kms-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("KMS Console"));
    QApplication::setApplicationVersion(QStringLiteral(KMS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("kms-console"));

    kms::ConsoleStartup startup;
    return startup.run(QApplication::arguments());
}
