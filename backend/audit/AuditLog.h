#pragma once

#include "core/Result.h"
#include "crypto/SymmetricCipher.h"
#include "store/Store.h"

#include <QString>

#include <atomic>
#include <functional>

namespace kms {

class MasterKey;

// The tamper-evident audit chain. Row n carries
//   mac_n = HMAC-SHA256(K, mac_{n-1} || canonical(row n))      (mac_0 = 32 zero bytes)
// where canonical() is uint64_be(seq) followed by time, operator, action, target, regionId,
// resultCode and requestId, each as uint32_be(length) || UTF-8, and
// K = HKDF(master key, "kms-audit-mac-v1"),
// a key no operator can use. The chain head (last seq and mac, itself MACed) is kept in the
// store's metadata and updated in the same transaction as each row, so removing rows at the
// end is detected too.
class AuditLog
{
public:
    explicit AuditLog(const MasterKey &masterKey);

    // Appends a row inside the caller's open transaction: assigns seq and mac, moves the
    // head. KMS.0503 on a storage failure.
    Result<store::AuditRecord> append(store::Store &store, store::AuditRecord record) const;

    struct Verdict
    {
        bool intact = true;
        qint64 rowsChecked = 0;
        qint64 firstBadSeq = 0; // the first row that is changed, inserted, or missing
        // "changed", "inserted", "deleted", "reordered", "head", or empty when intact
        QString problem;
        QString message; // English sentence for the operator
        bool cancelled = false; // stopped by the cancel flag: intact is false, problem empty
    };
    // Rows checked so far and the rows there are to check (the chain head's seq, or the last
    // row's when the head is unreadable). Called after each batch, on the verifying thread.
    using Progress = std::function<void(qint64 checked, qint64 total)>;
    // Walks the whole chain in seq order (in batches, so a million rows fit in memory).
    // `cancel` (may be null) is read between batches; once set, verify returns a verdict with
    // cancelled set. Progress and cancel change no verdict.
    Result<Verdict> verify(store::Store &store, const Progress &progress = {},
        const std::atomic_bool *cancel = nullptr) const;

private:
    QByteArray macFor(const QByteArray &previousMac, const store::AuditRecord &record) const;
    QByteArray headMac(qint64 seq, const QByteArray &mac) const;
    // HMAC-SHA256 under K; empty if K is unusable.
    QByteArray mac(const QByteArray &data) const;

    crypto::HmacKey m_key; // K, keyed once
};

} // namespace kms
