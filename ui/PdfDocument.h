#pragma once

#include <QImage>
#include <QMap>
#include <QString>

namespace kms::ui {

// Writes rich text as an A4 PDF (QPdfWriter over a QTextDocument, 300 dpi, 20 mm margins):
// the printed papers of the console (custodian share sheets, ceremony transcripts). False, and
// the reason in `error`, if the file cannot be written; nothing is left behind then.
// `images` are the pictures the text names as <img src="NAME">.
[[nodiscard]] bool writeHtmlPdf(const QString &path, const QString &title, const QString &html,
    QString *error = nullptr, const QMap<QString, QImage> &images = {});

// The family of the system's fixed-pitch font, for ids, shares and fingerprints: every
// character as typed, no ligatures.
QString fixedFontFamily();

} // namespace kms::ui
