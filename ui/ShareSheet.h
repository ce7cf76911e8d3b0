#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QString>

namespace kms::ui {

// The printable sheet of one custodian's share of the master key: a title, the store, the
// custodian's number, the share in groups of four with a QR code of it, what its checksum is
// for, and a line to sign for receipt. One A4 page as PDF (QPdfWriter over a QTextDocument). The
// sheet is written only when the custodian asks for it; nothing else keeps the share.
class ShareSheet
{
    Q_DECLARE_TR_FUNCTIONS(ShareSheet)

public:
    ShareSheet(QString storeUuid, int custodian, int custodianCount, int threshold, QString share);
    ~ShareSheet();

    // The checksum of a share: its last group (8 hex digits), or empty if the text is not a
    // share.
    static QString checksumOf(const QString &share);

    // "Master key share: custodian k of N".
    QString title() const;
    // The share as a QR code (libqrencode), printed beside its text.
    QImage qrCodeImage() const;
    // The sheet as rich text (what the PDF shows).
    QString toHtml() const;
    // A file name to offer in a save dialog: custodian-<k>-of-<N>-<store id>.pdf.
    QString suggestedFileName() const;
    // Writes the sheet as a one-page PDF. False, and the reason in `error`, if the file cannot
    // be written.
    [[nodiscard]] bool writePdf(const QString &path, QString *error = nullptr) const;

    void setCreated(const QDateTime &created) { m_created = created; }

private:
    QString m_storeUuid;
    int m_custodian = 0;
    int m_custodianCount = 0;
    int m_threshold = 0;
    QString m_share;
    QDateTime m_created = QDateTime::currentDateTime();
};

} // namespace kms::ui
