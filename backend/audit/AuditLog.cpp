#include "AuditLog.h"

#include "core/Clock.h"
#include "crypto/MasterKey.h"

#include <openssl/crypto.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace kms {

namespace {

const QString kHeadKey = QStringLiteral("audit.head");
constexpr int kBatch = 2000;

QByteArray genesisMac()
{
    return QByteArray(32, '\0');
}

bool sameMac(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size()
        && CRYPTO_memcmp(a.constData(), b.constData(), static_cast<std::size_t>(a.size())) == 0;
}

struct Head
{
    qint64 seq = 0;
    QByteArray mac;
    QByteArray headMac;
};

// {"headMac":"<base64>","mac":"<base64>","seq":N}: what QJsonDocument writes for the head
// object in compact form, written directly because every request moves the head.
QByteArray headJson(qint64 seq, const QByteArray &mac, const QByteArray &headMac)
{
    QByteArray json;
    json.reserve(128);
    json.append("{\"headMac\":\"")
        .append(headMac.toBase64())
        .append("\",\"mac\":\"")
        .append(mac.toBase64())
        .append("\",\"seq\":")
        .append(QByteArray::number(seq))
        .append('}');
    return json;
}

std::optional<Head> parseHead(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    if (object.isEmpty())
        return std::nullopt;
    Head head;
    head.seq = object.value(QStringLiteral("seq")).toInteger(-1);
    head.mac = QByteArray::fromBase64(object.value(QStringLiteral("mac")).toString().toLatin1());
    head.headMac
        = QByteArray::fromBase64(object.value(QStringLiteral("headMac")).toString().toLatin1());
    if (head.seq < 0)
        return std::nullopt;
    return head;
}

} // namespace

AuditLog::AuditLog(const MasterKey &masterKey)
{
    // An empty subkey (derivation failed) leaves the key invalid: every MAC is then empty
    // and nothing verifies.
    const SecureBytes key = masterKey.deriveSubkey(QByteArrayLiteral("kms-audit-mac-v1"));
    m_key = crypto::HmacKey(crypto::Digest::Sha256, crypto::byteView(key));
}

QByteArray AuditLog::mac(const QByteArray &data) const
{
    auto mac = m_key.mac({ crypto::byteView(data) });
    return mac ? std::move(mac).value() : QByteArray();
}

QByteArray AuditLog::macFor(const QByteArray &previousMac, const store::AuditRecord &record) const
{
    // previous mac || uint64_be(seq) || each field as uint32_be(length) || UTF-8 bytes.
    QByteArray data;
    data.reserve(256);
    data.append(previousMac);
    char number[8];
    qToBigEndian(quint64(record.seq), number);
    data.append(number, 8);
    const QString time = record.timeText.isEmpty() ? formatTime(record.time) : record.timeText;
    for (const QString &field : { time, record.operatorName, record.action, record.target,
             record.regionId, record.resultCode, record.requestId }) {
        const QByteArray utf8 = field.toUtf8();
        qToBigEndian(quint32(utf8.size()), number);
        data.append(number, 4);
        data.append(utf8);
    }
    return mac(data);
}

QByteArray AuditLog::headMac(qint64 seq, const QByteArray &mac) const
{
    return this->mac(QByteArrayLiteral("kms-audit-head-v1:") + QByteArray::number(seq) + ':' + mac);
}

Result<store::AuditRecord> AuditLog::append(store::Store &store, store::AuditRecord record) const
{
    auto last = store.lastAudit();
    if (!last)
        return last.error();
    auto storedHead = store.meta(kHeadKey);
    if (!storedHead)
        return storedHead.error();
    const std::optional<Head> head
        = storedHead->has_value() ? parseHead(**storedHead) : std::nullopt;
    QByteArray previousMac = last->has_value() ? (*last)->mac : genesisMac();
    record.seq = last->has_value() ? (*last)->seq + 1 : 1;
    // The rows no longer end where the head says (rows removed from the end, or rows added
    // behind the KMS's back): the new row chains on from the head, after a seq gap when rows are
    // missing, and the head stays where it was. So no later row heals the break: every
    // verification from now on still names it.
    // A missing or forged head record stays so too (verification names it).
    const bool headValid = head && sameMac(headMac(head->seq, head->mac), head->headMac);
    const bool tampered = last->has_value()
        ? !headValid || (*last)->seq != head->seq || !sameMac((*last)->mac, head->mac)
        : storedHead->has_value();
    if (tampered && headValid) {
        previousMac = head->mac;
        record.seq = std::max(record.seq, head->seq + 1);
    }
    record.time = record.time.toUTC();
    record.mac = macFor(previousMac, record);
    KMS_TRY(store.appendAudit(record));
    if (!tampered)
        KMS_TRY(store.setMeta(
            kHeadKey, headJson(record.seq, record.mac, headMac(record.seq, record.mac))));
    return record;
}

Result<AuditLog::Verdict> AuditLog::verify(
    store::Store &store, const Progress &progress, const std::atomic_bool *cancel) const
{
    Verdict verdict;
    auto broken = [&verdict](qint64 seq, const QString &problem, const QString &message) {
        verdict.intact = false;
        verdict.firstBadSeq = seq;
        verdict.problem = problem;
        verdict.message = message;
        return verdict;
    };

    auto headJson = store.meta(kHeadKey);
    if (!headJson)
        return headJson.error();
    std::optional<Head> head = headJson->has_value() ? parseHead(**headJson) : std::nullopt;
    qint64 total = head ? head->seq : 0;
    if (progress && !head) {
        auto last = store.lastAudit();
        if (!last)
            return last.error();
        total = last->has_value() ? (*last)->seq : 0;
    }

    QByteArray previousMac = genesisMac();
    qint64 expectedSeq = 1;
    QList<store::AuditRecord> batch;
    qsizetype index = 0;
    auto fetch = [&]() -> Result<void> {
        auto rows = store.auditRows(expectedSeq - 1, kBatch);
        if (!rows)
            return rows.error();
        batch = *rows;
        index = 0;
        return success();
    };
    KMS_TRY(fetch());
    for (;;) {
        while (index < batch.size()) {
            const store::AuditRecord &row = batch.at(index);
            if (row.seq != expectedSeq)
                return broken(expectedSeq, QStringLiteral("deleted"),
                    QStringLiteral("rows %1 to %2 were removed").arg(expectedSeq).arg(row.seq - 1));
            if (!sameMac(macFor(previousMac, row), row.mac)) {
                // Beyond the head read at the start: not appended by the KMS (rows the KMS
                // appends while this runs carry a good MAC).
                if (head && row.seq > head->seq)
                    return broken(row.seq, QStringLiteral("inserted"),
                        QStringLiteral("row %1 was added after the last audited row").arg(row.seq));
                // Look at the two rows after it to tell an inserted or a reordered row from a
                // changed one (the rare path: only taken once the chain is already broken).
                auto after = store.auditRows(row.seq, 2);
                if (!after)
                    return after.error();
                auto continuesAt
                    = [this](const QByteArray &previous, store::AuditRecord candidate, qint64 seq) {
                          candidate.seq = seq;
                          return sameMac(macFor(previous, candidate), candidate.mac);
                      };
                if (!after->isEmpty()) {
                    const store::AuditRecord &next = after->at(0);
                    if (continuesAt(previousMac, next, row.seq)) {
                        // The next row belongs where this one stands. Either this row was swapped
                        // with it, or it was inserted and the rest renumbered.
                        if (continuesAt(next.mac, row, row.seq + 1))
                            return broken(row.seq, QStringLiteral("reordered"),
                                QStringLiteral("rows %1 and %2 were swapped")
                                    .arg(row.seq)
                                    .arg(next.seq));
                        if (after->size() < 2 || continuesAt(next.mac, after->at(1), next.seq))
                            return broken(row.seq, QStringLiteral("inserted"),
                                QStringLiteral("row %1 was inserted into the chain").arg(row.seq));
                    }
                }
                return broken(row.seq, QStringLiteral("changed"),
                    QStringLiteral("row %1 was changed (or a row before it was removed "
                                   "and the rest renumbered)")
                        .arg(row.seq));
            }
            previousMac = row.mac;
            ++verdict.rowsChecked;
            ++expectedSeq;
            if (++index == batch.size()) {
                if (progress)
                    progress(verdict.rowsChecked, std::max(total, verdict.rowsChecked));
                if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
                    verdict.intact = false;
                    verdict.cancelled = true;
                    verdict.message = QStringLiteral("verification was cancelled after %1 rows")
                                          .arg(verdict.rowsChecked);
                    return verdict;
                }
                KMS_TRY(fetch());
            }
        }

        // The head is read again after the walk: a request committed meanwhile (the console keeps
        // working while it verifies) moves a row and the head together, so a head beyond the
        // last row walked means more rows to walk, unless none are there (then they were removed).
        headJson = store.meta(kHeadKey);
        if (!headJson)
            return headJson.error();
        const std::optional<Head> endHead
            = headJson->has_value() ? parseHead(**headJson) : std::nullopt;
        if (endHead && endHead->seq > expectedSeq - 1
            && sameMac(headMac(endHead->seq, endHead->mac), endHead->headMac)) {
            KMS_TRY(fetch());
            if (!batch.isEmpty())
                continue;
        }
        head = endHead;
        break;
    }

    const qint64 lastSeq = expectedSeq - 1;
    if (!headJson->has_value()) {
        if (lastSeq == 0)
            return verdict;
        return broken(
            lastSeq, QStringLiteral("head"), QStringLiteral("the chain head record is missing"));
    }
    if (!head || !sameMac(headMac(head->seq, head->mac), head->headMac))
        return broken(
            lastSeq, QStringLiteral("head"), QStringLiteral("the chain head record was changed"));
    if (head->seq > lastSeq)
        return broken(lastSeq + 1, QStringLiteral("deleted"),
            QStringLiteral("rows %1 to %2 at the end were removed")
                .arg(lastSeq + 1)
                .arg(head->seq));
    if (head->seq < lastSeq || !sameMac(head->mac, previousMac))
        return broken(head->seq + 1, QStringLiteral("inserted"),
            QStringLiteral("rows after %1 were added outside the console").arg(head->seq));
    return verdict;
}

} // namespace kms
