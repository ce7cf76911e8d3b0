#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace kms {

class StoreSession;

// What a key ceremony transcript holds (ui/CeremonyTranscriptPdf prints it). Fingerprints are
// SHA-256, upper-case hex in colon-separated pairs, the form `openssl x509 -fingerprint
// -sha256` prints: of the DER SubjectPublicKeyInfo of a public key, of the DER certificate,
// of the whole backup file.
struct CeremonyTranscript
{
    struct Step
    {
        QDateTime time;
        // "initialise", "begin", "custodians", "backup", "export", "note", "end"; the console
        // words each kind in the reader's language.
        QString kind;
        // Data of the step, not prose: the custodians' names, a file name, the officer's note.
        QString detail;
        QString fingerprint; // of the file or key the step wrote, may be empty
    };
    struct Action
    {
        qint64 seq = 0;
        QDateTime time;
        QString operatorName;
        QString action;
        QString target;
        QString resultCode;
    };
    struct KeyVersion
    {
        QString versionId;
        QString publicKeyFingerprint; // empty for symmetric keys
    };
    struct Key
    {
        QString cmkUuid;
        QString keySpec;
        QString keyUsage;
        QString keyState;
        QString origin;
        QList<KeyVersion> versions; // oldest first
    };
    struct Certificate
    {
        QString certificateId;
        QString subject;
        QString serialNumber;
        QString status;
        QString publicKeyFingerprint;
        QString certificateFingerprint; // empty while only a CSR exists
    };

    QString ceremonyId;
    QString title;
    QString officer;
    QStringList custodians; // present at the ceremony, in the order given
    QString storeUuid;
    QString protection; // "keychain", "passphrase", "custodians"
    int threshold = 0; // custodians mode
    int shareCount = 0;
    QString splitId;
    QDateTime started;
    QDateTime finished;
    QList<Step> steps;
    QList<Action> actions; // every audit row from the ceremony's beginning to its end
    QList<Key> keys; // every key an action of the ceremony named
    QList<Certificate> certificates; // every certificate an action of the ceremony named
    qint64 auditHeadSeq = 0; // the chain head after the ceremony's last row
    QString auditHeadMac; // hex
};

// Records a key ceremony on an unlocked store. The ceremony begins and ends with an audit row
// of its own (BeginCeremony / EndCeremony, target the ceremony id), and the transcript lists
// every audit row between them, so the paper record and the store can be matched later: the
// head printed at the end is the chain MAC of the EndCeremony row, which `kmsctl audit verify`
// proves intact. Steps the store cannot see (custodians present, a file written) are recorded
// by the console as they happen.
class CeremonyRecorder
{
public:
    // Writes the BeginCeremony row. KMS.0503 if the store is locked or cannot be written.
    static Result<CeremonyRecorder> begin(StoreSession &session, const QString &title,
        const QString &officer, const QStringList &custodians);

    const QString &ceremonyId() const { return m_transcript.ceremonyId; }
    const QString &title() const { return m_transcript.title; }
    const QList<CeremonyTranscript::Step> &steps() const { return m_transcript.steps; }

    void recordStep(const QString &kind, const QString &detail = QString(),
        const QString &fingerprint = QString());
    // A step that wrote a file (a backup, an exported public key or CSR): the file's name is
    // the detail and its SHA-256 the fingerprint. KMS.0503 if the file cannot be read (nothing
    // recorded).
    Result<void> recordFile(const QString &kind, const QString &path);

    // Writes the EndCeremony row and gathers the transcript. The recorder may be finished once.
    Result<CeremonyTranscript> finish();

    // SHA-256 fingerprints in the transcript's form.
    static QString fingerprintOf(const QByteArray &bytes);
    static QString publicKeyFingerprint(const QByteArray &publicKeyPem);

private:
    CeremonyRecorder(StoreSession &session, CeremonyTranscript transcript, qint64 firstSeq);
    Result<void> collectActions(qint64 lastSeq);
    Result<void> collectTargets();

    StoreSession *m_session;
    CeremonyTranscript m_transcript;
    qint64 m_firstSeq = 0;
    bool m_finished = false;
};

} // namespace kms
