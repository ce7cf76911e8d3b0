#include "ConsoleStartup.h"

#include <QApplication>

namespace {

void setApplicationNames()
{
    // The same application name as kmsctl, so both find the same default data folder.
    QCoreApplication::setApplicationName(QStringLiteral("kms-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KMS_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    kms::ConsoleStartup startup;

    // --help and --version work without a display.
    if (kms::ConsoleStartup::answersWithoutWindow(arguments)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        return startup.runWithoutWindow(QCoreApplication::arguments());
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setApplicationDisplayName(QStringLiteral("KMS Console"));
    QApplication::setDesktopFileName(QStringLiteral("kms-console"));
    return startup.run(QApplication::arguments());
}
