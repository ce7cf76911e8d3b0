#pragma once

#include "api/Ceremony.h"

#include <QCoreApplication>
#include <QString>

namespace kms::ui {

// The printed transcript of a key ceremony (api/Ceremony.h): the store and how its master key
// is held, each step with its time and the fingerprint of what it wrote, the keys and
// certificates the ceremony touched with the SHA-256 fingerprints of their public keys and
// certificates, every audit row of the ceremony, the audit-chain head at its end, and lines
// for the officer and each custodian to sign. A PDF (QPdfWriter over a QTextDocument), in the
// console's language.
class CeremonyTranscriptDocument
{
    Q_DECLARE_TR_FUNCTIONS(CeremonyTranscriptDocument)

public:
    explicit CeremonyTranscriptDocument(CeremonyTranscript transcript);

    const CeremonyTranscript &transcript() const { return m_transcript; }
    QString title() const;
    // The sentence that tells what a step did, in the console's language.
    static QString stepText(const CeremonyTranscript::Step &step);
    // ceremony-<date>-<ceremony id prefix>.pdf
    QString suggestedFileName() const;
    QString toHtml() const;
    [[nodiscard]] bool writePdf(const QString &path, QString *error = nullptr) const;

    // A fingerprint in two lines of 16 bytes each, so it fits the page and reads in halves.
    static QString twoLines(const QString &fingerprint);

private:
    CeremonyTranscript m_transcript;
};

} // namespace kms::ui
