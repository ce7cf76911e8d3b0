#include "ShareSheet.h"

#include "PdfDocument.h"
#include "QrCode.h"

#include "crypto/CustodianShares.h"

#include <QLocale>

namespace kms::ui {

namespace {
const QString kQrResource = QStringLiteral("share-qr.png");
}

ShareSheet::ShareSheet(
    QString storeUuid, int custodian, int custodianCount, int threshold, QString share)
    : m_storeUuid(std::move(storeUuid))
    , m_custodian(custodian)
    , m_custodianCount(custodianCount)
    , m_threshold(threshold)
    , m_share(std::move(share))
{
}

ShareSheet::~ShareSheet()
{
    // Best effort only: a QString may share its storage with copies elsewhere.
    m_share.fill(QChar(u'0'));
}

QString ShareSheet::checksumOf(const QString &share)
{
    const QStringList parts = share.trimmed().split(QLatin1Char('-'));
    if (parts.size() != 6)
        return QString();
    return parts.constLast().trimmed().toUpper();
}

QString ShareSheet::title() const
{
    //: Title of the printed sheet of one custodian's share; %1 the custodian's number, %2
    //: how many custodians there are.
    return tr("Master key share: custodian %1 of %2").arg(m_custodian).arg(m_custodianCount);
}

QString ShareSheet::suggestedFileName() const
{
    return QStringLiteral("custodian-%1-of-%2-%3.pdf")
        .arg(m_custodian)
        .arg(m_custodianCount)
        .arg(m_storeUuid.left(8));
}

QString ShareSheet::toHtml() const
{
    const QString mono = fixedFontFamily();
    const QString printed = crypto::formatShareForPrinting(m_share).toHtmlEscaped().replace(
        QLatin1Char('\n'), QLatin1String("<br/>"));
    const QString checksum = checksumOf(m_share).toHtmlEscaped();
    const QString line = QStringLiteral("________________________________");

    QString html;
    html += QStringLiteral("<html><body style=\"font-size: 11pt;\">");
    html += QStringLiteral("<h1>%1</h1>").arg(title().toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    const auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    //: On the share sheet: custodian %1 of %2 custodians.
    const QString custodian = tr("%1 of %2").arg(m_custodian).arg(m_custodianCount);
    //: On the share sheet: %1 shares needed of %2 custodians.
    const QString needed = tr("any %1 of the %2 custodians").arg(m_threshold).arg(m_custodianCount);
    // The id in the fixed font: no ligatures ("ff"), every character as typed.
    html += QStringLiteral("<tr><td><b>%1</b></td><td><span style=\"font-family: '%2';\">%3</span>"
                           "</td></tr>")
                .arg(tr("Key store:").toHtmlEscaped(), mono.toHtmlEscaped(),
                    m_storeUuid.toHtmlEscaped());
    row(tr("Custodian:"), custodian);
    row(tr("Unlocking needs:"), needed);
    row(tr("Created:"), QLocale().toString(m_created, QLocale::LongFormat));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Share").toHtmlEscaped());
    // The share as typed, and beside it the same text as a QR code for a scanner that types
    // it into the unlock dialog.
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\"><tr><td valign=\"middle\">");
    html += QStringLiteral("<p style=\"font-family: '%1'; font-size: 15pt;\">%2</p>")
                .arg(mono.toHtmlEscaped(), printed);
    html += QStringLiteral("<p><b>%1</b> <span style=\"font-family: '%2';\">%3</span></p>")
                .arg(tr("Checksum:").toHtmlEscaped(), mono.toHtmlEscaped(), checksum);
    html += QStringLiteral("</td><td width=\"24\"></td><td valign=\"middle\" align=\"center\">");
    if (!qrCodeImage().isNull())
        html += QStringLiteral("<img src=\"%1\" width=\"150\" height=\"150\"/><br/>%2")
                    .arg(kQrResource, tr("Scan to type the share").toHtmlEscaped());
    html += QStringLiteral("</td></tr></table>");
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("The last group of the share is a checksum of the rest. When the share "
                        "is typed in, the console recomputes it: a mistyped share, or a share of "
                        "another key store, is reported as a checksum failure before anything "
                        "is unlocked. If that happens, compare what was typed with this sheet "
                        "character by character. Spaces, line breaks and upper or lower case do "
                        "not matter.")
                         .toHtmlEscaped());

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Keeping this sheet").toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Any %1 of the %2 custodians together can unlock the key store; fewer "
                        "cannot. The console keeps no copy of this share and cannot show it "
                        "again. Keep the sheet locked away, do not copy or photograph it, and "
                        "delete any file it was printed from.")
                         .arg(m_threshold)
                         .arg(m_custodianCount)
                         .toHtmlEscaped());

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Receipt").toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("I have received this share and will keep it safe.").toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"8\">");
    html
        += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(tr("Name:").toHtmlEscaped(), line);
    html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                .arg(tr("Signature:").toHtmlEscaped(), line);
    html
        += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(tr("Date:").toHtmlEscaped(), line);
    html += QStringLiteral("</table></body></html>");
    return html;
}

QImage ShareSheet::qrCodeImage() const
{
    return qrCode(m_share);
}

bool ShareSheet::writePdf(const QString &path, QString *error) const
{
    return writeHtmlPdf(path, title(), toHtml(), error, { { kQrResource, qrCodeImage() } });
}

} // namespace kms::ui
