#include "PdfDocument.h"

#include <QFile>
#include <QFontDatabase>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace kms::ui {

bool writeHtmlPdf(const QString &path, const QString &title, const QString &html, QString *error,
    const QMap<QString, QImage> &images)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    {
        QPdfWriter writer(&file);
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(20, 20, 20, 20)));
        writer.setResolution(300);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("KMS Console"));
        QTextDocument document;
        for (auto it = images.constBegin(); it != images.constEnd(); ++it)
            document.addResource(QTextDocument::ImageResource, QUrl(it.key()), it.value());
        document.setHtml(html);
        document.print(&writer);
    }
    if (file.error() != QFileDevice::NoError || !file.flush()) {
        if (error != nullptr)
            *error = file.errorString();
        file.close();
        file.remove();
        return false;
    }
    file.close();
    return true;
}

QString fixedFontFamily()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
}

} // namespace kms::ui
