#include "CeremonyTranscriptDocument.h"

#include "PdfDocument.h"

namespace kms::ui {

namespace {

// Times of the record in UTC, the way the audit log keeps them.
QString utc(const QDateTime &time)
{
    return time.isValid()
        ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC")
        : QString();
}

QString cell(const QString &text)
{
    return QStringLiteral("<td>%1</td>").arg(text.toHtmlEscaped());
}

// Ids, fingerprints and MACs in the fixed font, every character as typed.
QString fixedSpan(const QString &html)
{
    return QStringLiteral("<span style=\"font-family: '%1'; font-size: 8pt;\">%2</span>")
        .arg(fixedFontFamily().toHtmlEscaped(), html);
}

QString fixedCell(const QString &html)
{
    return QStringLiteral("<td>%1</td>").arg(fixedSpan(html));
}

// A header row; `widths` in percent of the table, one per column (or none).
QString headerRow(const QStringList &titles, const QList<int> &widths = {})
{
    QString html = QStringLiteral("<tr>");
    for (int i = 0; i < titles.size(); ++i) {
        const QString width
            = i < widths.size() ? QStringLiteral(" width=\"%1%\"").arg(widths.at(i)) : QString();
        html += QStringLiteral("<th align=\"left\"%1>%2</th>")
                    .arg(width, titles.at(i).toHtmlEscaped());
    }
    return html + QStringLiteral("</tr>");
}

const QString kTable
    = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\" "
                     "style=\"border-collapse: collapse; font-size: 9pt;\">");

} // namespace

CeremonyTranscriptDocument::CeremonyTranscriptDocument(CeremonyTranscript transcript)
    : m_transcript(std::move(transcript))
{
}

QString CeremonyTranscriptDocument::title() const
{
    //: Title of the printed record of a key ceremony.
    return tr("Key ceremony transcript");
}

QString CeremonyTranscriptDocument::suggestedFileName() const
{
    return QStringLiteral("ceremony-%1-%2.pdf")
        .arg(m_transcript.started.toUTC().toString(QStringLiteral("yyyyMMdd")),
            m_transcript.ceremonyId.left(8));
}

QString CeremonyTranscriptDocument::twoLines(const QString &fingerprint)
{
    // 32 bytes are 95 characters "AB:CD:…"; the first 16 bytes take 48 of them with a colon.
    if (fingerprint.size() <= 48)
        return fingerprint.toHtmlEscaped();
    return fingerprint.left(48).toHtmlEscaped() + QStringLiteral("<br/>")
        + fingerprint.mid(48).toHtmlEscaped();
}

QString CeremonyTranscriptDocument::stepText(const CeremonyTranscript::Step &step)
{
    const QString &kind = step.kind;
    if (kind == QLatin1String("initialise"))
        return tr("Key store initialised");
    if (kind == QLatin1String("begin"))
        return tr("Ceremony began");
    if (kind == QLatin1String("custodians"))
        //: A ceremony step; %1 lists the custodians' names.
        return tr("Custodians present: %1").arg(step.detail);
    if (kind == QLatin1String("backup"))
        //: A ceremony step; %1 is a file name.
        return tr("Key store backup written: %1").arg(step.detail);
    if (kind == QLatin1String("export"))
        //: A ceremony step: a public key, certificate, CSR or CRL saved; %1 is a file name.
        return tr("File exported: %1").arg(step.detail);
    if (kind == QLatin1String("note"))
        //: A ceremony step: the officer's own words %1.
        return tr("Note: %1").arg(step.detail);
    if (kind == QLatin1String("end"))
        return tr("Ceremony ended");
    return step.detail.isEmpty() ? kind : kind + QStringLiteral(": ") + step.detail;
}

QString CeremonyTranscriptDocument::toHtml() const
{
    const CeremonyTranscript &t = m_transcript;
    QString html = QStringLiteral("<html><body style=\"font-size: 10pt;\">");
    html += QStringLiteral("<h1>%1</h1>").arg(title().toHtmlEscaped());
    if (!t.title.isEmpty())
        html += QStringLiteral("<h2>%1</h2>").arg(t.title.toHtmlEscaped());

    QString protection;
    if (t.protection == QLatin1String("custodians"))
        //: Master key protection on the transcript: %1 shares of %2 custodians, split %3.
        protection = tr("custodian shares, any %1 of %2 (split %3)")
                         .arg(t.threshold)
                         .arg(t.shareCount)
                         .arg(t.splitId);
    else if (t.protection == QLatin1String("passphrase"))
        protection = tr("passphrase");
    else
        protection = tr("operating system keychain");
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    const auto row = [&html](const QString &label, const QString &value, bool fixed = false) {
        html += QStringLiteral("<tr><td><b>%1</b></td>").arg(label.toHtmlEscaped())
            + (fixed ? fixedCell(value.toHtmlEscaped()) : cell(value)) + QStringLiteral("</tr>");
    };
    row(tr("Ceremony:"), t.ceremonyId, true);
    row(tr("Key store:"), t.storeUuid, true);
    row(tr("Master key protection:"), protection);
    row(tr("Officer:"), t.officer);
    row(tr("Began:"), utc(t.started));
    row(tr("Ended:"), utc(t.finished));
    html += QStringLiteral("</table>");

    // Fingerprints sit in full-width cells below what they belong to: 48 characters of the
    // fixed font per line fit half the page, so they never wrap in the middle of a byte.
    html += QStringLiteral("<h2>%1</h2>").arg(tr("Steps").toHtmlEscaped()) + kTable;
    html += headerRow(
        { tr("Time"), tr("Step and the SHA-256 fingerprint of what it wrote") }, { 25, 75 });
    for (const CeremonyTranscript::Step &step : t.steps) {
        QString what = stepText(step).toHtmlEscaped();
        if (!step.fingerprint.isEmpty())
            what += QStringLiteral("<br/>") + fixedSpan(twoLines(step.fingerprint));
        html += QStringLiteral("<tr>") + cell(utc(step.time))
            + QStringLiteral("<td>%1</td>").arg(what) + QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Keys").toHtmlEscaped());
    if (t.keys.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No key was used.").toHtmlEscaped());
    } else {
        html += kTable
            + headerRow(
                { tr("Key"), tr("Key spec"), tr("Usage"), tr("State") }, { 46, 16, 22, 16 });
        for (const CeremonyTranscript::Key &key : t.keys) {
            QString state = key.keyState;
            if (key.origin == QLatin1String("EXTERNAL"))
                //: On the transcript: a key whose material was imported; %1 its state.
                state = tr("%1, imported material").arg(key.keyState);
            html += QStringLiteral("<tr>") + fixedCell(key.cmkUuid.toHtmlEscaped())
                + cell(key.keySpec) + cell(key.keyUsage) + cell(state) + QStringLiteral("</tr>");
            for (const CeremonyTranscript::KeyVersion &version : key.versions) {
                //: On the transcript: %1 is a key version id.
                QString line = tr("Version %1").arg(fixedSpan(version.versionId.toHtmlEscaped()));
                line += QStringLiteral("<br/>");
                line += version.publicKeyFingerprint.isEmpty()
                    ? tr("Symmetric key: no public key.").toHtmlEscaped()
                    : tr("Public key SHA-256:").toHtmlEscaped() + QStringLiteral("<br/>")
                        + fixedSpan(twoLines(version.publicKeyFingerprint));
                html += QStringLiteral("<tr><td colspan=\"4\">%1</td></tr>").arg(line);
            }
        }
        html += QStringLiteral("</table>");
    }

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Certificates").toHtmlEscaped());
    if (t.certificates.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No certificate was used.").toHtmlEscaped());
    } else {
        html += kTable;
        for (const CeremonyTranscript::Certificate &certificate : t.certificates) {
            const auto pair = [&html](const QString &label, const QString &valueHtml) {
                html += QStringLiteral("<tr><td width=\"30%\"><b>%1</b></td><td width=\"70%\">%2"
                                       "</td></tr>")
                            .arg(label.toHtmlEscaped(), valueHtml);
            };
            pair(tr("Certificate"), fixedSpan(certificate.certificateId.toHtmlEscaped()));
            pair(tr("Subject"), certificate.subject.toHtmlEscaped());
            if (!certificate.serialNumber.isEmpty())
                pair(tr("Serial number"), fixedSpan(certificate.serialNumber.toHtmlEscaped()));
            pair(tr("Status"), certificate.status.toHtmlEscaped());
            pair(tr("Public key SHA-256"), fixedSpan(twoLines(certificate.publicKeyFingerprint)));
            pair(tr("Certificate SHA-256"),
                certificate.certificateFingerprint.isEmpty()
                    //: On the transcript: the certificate's request was made, not yet signed.
                    ? tr("not issued yet (request only)").toHtmlEscaped()
                    : fixedSpan(twoLines(certificate.certificateFingerprint)));
        }
        html += QStringLiteral("</table>");
    }

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Audit record").toHtmlEscaped()) + kTable;
    html += headerRow(
        { tr("Row"), tr("Time (UTC)"), tr("Operator"), tr("Action"), tr("Target"), tr("Result") },
        { 7, 14, 14, 20, 35, 10 });
    for (const CeremonyTranscript::Action &action : t.actions)
        html += QStringLiteral("<tr>") + cell(QString::number(action.seq))
            + cell(action.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
            + cell(action.operatorName) + cell(action.action)
            + fixedCell(action.target.toHtmlEscaped())
            + cell(action.resultCode == QLatin1String("0") ? tr("success") : action.resultCode)
            + QStringLiteral("</tr>");
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Audit chain head").toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Row %1 is the last row of this ceremony. Its chain MAC covers every row "
                        "before it; `kmsctl audit verify` proves the chain intact and the row "
                        "can be compared with this paper at any time.")
                         .arg(t.auditHeadSeq)
                         .toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr><td><b>%1</b></td>")
                .arg(tr("MAC:").toHtmlEscaped())
        + fixedCell(t.auditHeadMac.left(32) + QStringLiteral("<br/>") + t.auditHeadMac.mid(32))
        + QStringLiteral("</tr></table>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Signatures").toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("We were present and confirm that this transcript records the ceremony.")
                         .toHtmlEscaped());
    const QString line = QStringLiteral("______________________________");
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"8\">");
    html += headerRow({ tr("Role"), tr("Name"), tr("Signature"), tr("Date") });
    const auto signer = [&](const QString &role, const QString &name) {
        html += QStringLiteral("<tr>") + cell(role) + cell(name.isEmpty() ? line : name)
            + cell(line) + cell(QStringLiteral("__________")) + QStringLiteral("</tr>");
    };
    signer(tr("Officer"), t.officer);
    for (const QString &custodian : t.custodians)
        signer(tr("Custodian"), custodian);
    if (t.custodians.isEmpty())
        signer(tr("Witness"), QString());
    html += QStringLiteral("</table></body></html>");
    return html;
}

bool CeremonyTranscriptDocument::writePdf(const QString &path, QString *error) const
{
    return writeHtmlPdf(path, title(), toHtml(), error);
}

} // namespace kms::ui
