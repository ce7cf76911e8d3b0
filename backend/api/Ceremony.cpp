#include "api/Ceremony.h"

#include "api/StoreSession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

#include <algorithm>

namespace kms {

namespace {

KmsError lockedError()
{
    return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the key store is locked"));
}

} // namespace

QString CeremonyRecorder::fingerprintOf(const QByteArray &bytes)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString CeremonyRecorder::publicKeyFingerprint(const QByteArray &publicKeyPem)
{
    // The PEM body is the base64 of the DER SubjectPublicKeyInfo.
    static const QRegularExpression armour(QStringLiteral("-----[A-Z ]+-----|\\s"));
    const QByteArray der
        = QByteArray::fromBase64(QString::fromLatin1(publicKeyPem).remove(armour).toLatin1());
    return der.isEmpty() ? QString() : fingerprintOf(der);
}

CeremonyRecorder::CeremonyRecorder(
    StoreSession &session, CeremonyTranscript transcript, qint64 firstSeq)
    : m_session(&session)
    , m_transcript(std::move(transcript))
    , m_firstSeq(firstSeq)
{
}

Result<CeremonyRecorder> CeremonyRecorder::begin(StoreSession &session, const QString &title,
    const QString &officer, const QStringList &custodians)
{
    if (!session.isUnlocked())
        return lockedError();
    CeremonyTranscript transcript;
    transcript.ceremonyId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    transcript.title = title.trimmed();
    transcript.officer = officer.trimmed();
    for (const QString &name : custodians) {
        if (!name.trimmed().isEmpty())
            transcript.custodians.append(name.trimmed());
    }
    const VaultRecord &vault = session.vault();
    transcript.storeUuid = vault.storeUuid;
    transcript.protection = protectionName(vault.protection);
    transcript.threshold = vault.threshold;
    transcript.shareCount = vault.shareCount;
    transcript.splitId = vault.splitId;
    transcript.started = session.clock().now();

    auto recorded
        = session.service().recordEvent(QStringLiteral("BeginCeremony"), transcript.ceremonyId);
    if (!recorded)
        return recorded.error();
    auto last = session.store().lastAudit();
    if (!last)
        return last.error();
    const qint64 firstSeq = last->has_value() ? (*last)->seq : 1;

    CeremonyRecorder recorder(session, std::move(transcript), firstSeq);
    if (session.initialisedAt().isValid())
        // The store was made by this console run: initialisation is the ceremony's first step.
        recorder.m_transcript.steps.append(
            { session.initialisedAt(), QStringLiteral("initialise"), QString(), QString() });
    recorder.recordStep(QStringLiteral("begin"));
    if (!recorder.m_transcript.custodians.isEmpty())
        recorder.recordStep(QStringLiteral("custodians"),
            recorder.m_transcript.custodians.join(QStringLiteral(", ")));
    return recorder;
}

void CeremonyRecorder::recordStep(
    const QString &kind, const QString &detail, const QString &fingerprint)
{
    m_transcript.steps.append({ m_session->clock().now(), kind, detail, fingerprint });
}

Result<void> CeremonyRecorder::recordFile(const QString &kind, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString()));
    recordStep(
        kind, QFileInfo(path).fileName(), QString::fromLatin1(hash.result().toHex(':').toUpper()));
    return {};
}

Result<CeremonyTranscript> CeremonyRecorder::finish()
{
    if (m_finished)
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the ceremony has ended"));
    if (!m_session->isUnlocked())
        return lockedError();
    auto recorded
        = m_session->service().recordEvent(QStringLiteral("EndCeremony"), m_transcript.ceremonyId);
    if (!recorded)
        return recorded.error();
    auto head = m_session->store().lastAudit();
    if (!head)
        return head.error();
    if (!head->has_value())
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the audit log is empty"));
    m_transcript.finished = m_session->clock().now();
    recordStep(QStringLiteral("end"));
    m_transcript.auditHeadSeq = (*head)->seq;
    m_transcript.auditHeadMac = QString::fromLatin1((*head)->mac.toHex());
    if (auto actions = collectActions((*head)->seq); !actions)
        return actions.error();
    if (auto targets = collectTargets(); !targets)
        return targets.error();
    m_finished = true;
    return m_transcript;
}

Result<void> CeremonyRecorder::collectActions(qint64 lastSeq)
{
    constexpr int kBatch = 1000;
    m_transcript.actions.clear();
    qint64 after = m_firstSeq - 1;
    while (after < lastSeq) {
        auto rows = m_session->store().auditRows(after, kBatch);
        if (!rows)
            return rows.error();
        if (rows->isEmpty())
            break;
        for (const store::AuditRecord &row : std::as_const(*rows)) {
            if (row.seq > lastSeq)
                return {};
            m_transcript.actions.append(
                { row.seq, row.time, row.operatorName, row.action, row.target, row.resultCode });
        }
        after = rows->constLast().seq;
    }
    return {};
}

Result<void> CeremonyRecorder::collectTargets()
{
    // Every key and certificate an action of the ceremony named, once, in the order first
    // named. Targets that are neither (aliases, the ceremony id) are left out.
    store::Store &store = m_session->store();
    QSet<QString> seen;
    m_transcript.keys.clear();
    m_transcript.certificates.clear();
    for (const CeremonyTranscript::Action &action : std::as_const(m_transcript.actions)) {
        if (action.target.isEmpty() || seen.contains(action.target))
            continue;
        seen.insert(action.target);
        auto key = store.findKey(action.target);
        if (!key)
            return key.error();
        if (key->has_value()) {
            const store::KeyRecord &record = **key;
            CeremonyTranscript::Key entry { record.cmkUuid, record.keySpec, record.keyUsage,
                record.keyState, record.origin, {} };
            auto versions = store.listKeyVersions(record.cmkUuid);
            if (!versions)
                return versions.error();
            QList<store::KeyVersionRecord> ordered = *versions;
            std::stable_sort(ordered.begin(), ordered.end(),
                [](const auto &a, const auto &b) { return a.creationDate < b.creationDate; });
            for (const store::KeyVersionRecord &version : std::as_const(ordered))
                entry.versions.append({ version.versionId,
                    version.publicKeyPem.isEmpty() ? QString()
                                                   : publicKeyFingerprint(version.publicKeyPem) });
            m_transcript.keys.append(entry);
            continue;
        }
        auto certificate = store.findCertificate(action.target);
        if (!certificate)
            return certificate.error();
        if (certificate->has_value()) {
            const store::CertificateRecord &record = **certificate;
            m_transcript.certificates.append({ record.certificateId, record.subject,
                record.serialNumber, record.status, publicKeyFingerprint(record.publicKeyPem),
                record.certificateDer.isEmpty() ? QString()
                                                : fingerprintOf(record.certificateDer) });
        }
    }
    return {};
}

} // namespace kms
