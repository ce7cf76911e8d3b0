#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace kms::crypto {

// M-of-N custodian shares of a secret (the master key): Shamir's scheme over GF(256) from
// Debian's libgfshare. Each share is handed to its custodian as text:
//
//   KMS1-<split id: 8 hex>-<M>-<n>-<64 hex digits: the share>-<8 hex digits: checksum>
//
// where n is the share number (1..N), the split id names one split (a re-keying makes a new
// one), and the checksum is the first 4 bytes of
// SHA-256("kms-share-v1" 0x00 storeUuid 0x00 splitId 0x00 M n share). The checksum catches a
// mistyped share, and one of another store or split, before any arithmetic. Spaces, line
// breaks and lower-case letters are accepted when a share is typed back. 2 <= M <= N <= 16.
//
// Shamir's scheme has no revocation: M shares of an earlier split still give the same
// secret to anyone who does the arithmetic. The console refuses them (split id), but
// retiring custodians after a compromise needs a new master key.
struct CustodianPolicy
{
    int threshold = 2; // M
    int shares = 3; // N
    QString splitId; // 8 hex digits, random per split
};

inline constexpr int kMaxCustodians = 16;

// KMS.0128 for a policy outside 2 <= M <= N <= 16, KMS.0511 if the random generator fails.
Result<QStringList> splitIntoShares(
    const SecureBytes &secret, const QString &storeUuid, const CustodianPolicy &policy);

// Any M distinct shares of this store give the secret back. KMS.0401 with a detail naming the
// first share that is malformed, fails its checksum, repeats another, or belongs to a split
// with another threshold, and when fewer than M shares are given.
Result<SecureBytes> combineShares(const QStringList &shares, const QString &storeUuid,
    const CustodianPolicy &policy, int secretLength);

// A fresh split id (KMS.0511 if the random generator fails).
Result<QString> newSplitId();

// The share with its groups of four for reading aloud and printing.
QString formatShareForPrinting(const QString &share);

} // namespace kms::crypto
