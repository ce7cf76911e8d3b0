#include "CustodianShares.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

extern "C" {
#include <libgfshare.h>
}

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

#include <atomic>
#include <memory>

namespace kms::crypto {

namespace {

const QString kBadShare = QStringLiteral("KMS.0401");
constexpr int kChecksumBytes = 4;

std::atomic<bool> g_randomFailed { false };

// libgfshare's random hook is NULL until set (its fallback uses random()): OpenSSL's
// generator fills the polynomial coefficients.
void fillRandom(unsigned char *buffer, unsigned int count)
{
    if (RAND_priv_bytes(buffer, int(count)) != 1)
        g_randomFailed = true;
}

// gfshare_ctx_free calls the hook too (to scrub), so every context needs it set first.
struct GfshareFree
{
    void operator()(gfshare_ctx *ctx) const { gfshare_ctx_free(ctx); }
};

void useOpenSslRandom()
{
    gfshare_fill_rand = fillRandom;
}
using Gfshare = std::unique_ptr<gfshare_ctx, GfshareFree>;

QByteArray checksum(const QString &storeUuid, const QString &splitId, int threshold, int number,
    const QByteArray &share)
{
    QByteArray input = QByteArrayLiteral("kms-share-v1");
    input.append('\0').append(storeUuid.toUtf8()).append('\0');
    input.append(splitId.toLatin1()).append('\0');
    input.append(char(threshold)).append(char(number)).append(share);
    return QCryptographicHash::hash(input, QCryptographicHash::Sha256).left(kChecksumBytes);
}

struct ParsedShare
{
    QString splitId;
    int threshold = 0;
    int number = 0;
    QByteArray bytes;
};

Result<ParsedShare> parseShare(const QString &text, const QString &storeUuid, int position)
{
    QString compact = text.toUpper();
    compact.remove(QRegularExpression(QStringLiteral("\\s")));
    const QStringList parts = compact.split(QLatin1Char('-'));
    const auto bad = [&](const QString &why) {
        return KmsError(kBadShare, QStringLiteral("share %1 %2").arg(position).arg(why));
    };
    if (parts.size() != 6 || parts.at(0) != QLatin1String("KMS1"))
        return bad(QStringLiteral("is not a share of this console (KMS1-…)"));
    bool okThreshold = false;
    bool okNumber = false;
    ParsedShare share;
    share.splitId = parts.at(1);
    share.threshold = parts.at(2).toInt(&okThreshold);
    share.number = parts.at(3).toInt(&okNumber);
    static const QRegularExpression hex(QStringLiteral("^[0-9A-F]+$"));
    if (!okThreshold || !okNumber || share.number < 1 || share.number > kMaxCustodians
        || !hex.match(share.splitId).hasMatch() || share.splitId.size() != 8
        || !hex.match(parts.at(4)).hasMatch() || parts.at(4).size() % 2 != 0
        || !hex.match(parts.at(5)).hasMatch() || parts.at(5).size() != 2 * kChecksumBytes)
        return bad(QStringLiteral("is malformed"));
    share.bytes = QByteArray::fromHex(parts.at(4).toLatin1());
    if (QByteArray::fromHex(parts.at(5).toLatin1())
        != checksum(storeUuid, share.splitId, share.threshold, share.number, share.bytes))
        return bad(QStringLiteral("fails its checksum: mistyped, or a share of another store"));
    return share;
}

} // namespace

Result<QStringList> splitIntoShares(
    const SecureBytes &secret, const QString &storeUuid, const CustodianPolicy &policy)
{
    if (policy.threshold < 2 || policy.threshold > policy.shares || policy.shares > kMaxCustodians
        || policy.splitId.size() != 8)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("custodians: 2 <= M <= N <= %1").arg(kMaxCustodians));
    useOpenSslRandom();
    g_randomFailed = false;
    unsigned char numbers[kMaxCustodians];
    for (int i = 0; i < policy.shares; ++i)
        numbers[i] = static_cast<unsigned char>(i + 1);
    Gfshare ctx(gfshare_ctx_init_enc(numbers, unsigned(policy.shares),
        static_cast<unsigned char>(policy.threshold), unsigned(secret.size())));
    if (!ctx)
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("libgfshare refused the split"));
    SecureBytes copy = secret.clone();
    gfshare_ctx_enc_setsecret(ctx.get(), copy.data());
    if (g_randomFailed)
        return KmsError(QStringLiteral("KMS.0511"), QStringLiteral("random coefficients"));
    QStringList shares;
    SecureBytes buffer;
    buffer.resize(secret.size());
    for (int i = 0; i < policy.shares; ++i) {
        gfshare_ctx_enc_getshare(ctx.get(), static_cast<unsigned char>(i), buffer.data());
        const QByteArray bytes(reinterpret_cast<const char *>(buffer.data()), buffer.intSize());
        const QByteArray sum = checksum(storeUuid, policy.splitId, policy.threshold, i + 1, bytes);
        shares.append(QStringLiteral("KMS1-%1-%2-%3-%4-%5")
                          .arg(policy.splitId)
                          .arg(policy.threshold)
                          .arg(i + 1)
                          .arg(QString::fromLatin1(bytes.toHex().toUpper()),
                              QString::fromLatin1(sum.toHex().toUpper())));
    }
    return shares;
}

Result<QString> newSplitId()
{
    unsigned char bytes[4];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return KmsError(QStringLiteral("KMS.0511"), QStringLiteral("random split id"));
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes).toHex().toUpper());
}

Result<SecureBytes> combineShares(const QStringList &shares, const QString &storeUuid,
    const CustodianPolicy &policy, int secretLength)
{
    const int threshold = policy.threshold;
    QList<ParsedShare> parsed;
    QSet<int> numbers;
    for (qsizetype i = 0; i < shares.size(); ++i) {
        if (shares.at(i).trimmed().isEmpty())
            continue;
        auto share = parseShare(shares.at(i), storeUuid, int(i + 1));
        if (!share)
            return share.error();
        if (share->splitId != policy.splitId || share->threshold != threshold
            || share->bytes.size() != secretLength)
            return KmsError(kBadShare,
                QStringLiteral("share %1 belongs to another split of the master key (an earlier "
                               "set of custodians)")
                    .arg(i + 1));
        if (numbers.contains(share->number))
            return KmsError(kBadShare,
                QStringLiteral("share %1 repeats share number %2").arg(i + 1).arg(share->number));
        numbers.insert(share->number);
        parsed.append(*share);
    }
    if (parsed.size() < threshold)
        return KmsError(
            kBadShare, QStringLiteral("%1 of %2 shares given").arg(parsed.size()).arg(threshold));
    parsed = parsed.mid(0, threshold);
    unsigned char shareNumbers[kMaxCustodians];
    for (int i = 0; i < threshold; ++i)
        shareNumbers[i] = static_cast<unsigned char>(parsed.at(i).number);
    useOpenSslRandom();
    Gfshare ctx(gfshare_ctx_init_dec(shareNumbers, unsigned(threshold), unsigned(secretLength)));
    if (!ctx)
        return KmsError(
            QStringLiteral("KMS.0503"), QStringLiteral("libgfshare refused the shares"));
    for (int i = 0; i < threshold; ++i) {
        QByteArray bytes = parsed.at(i).bytes;
        gfshare_ctx_dec_giveshare(ctx.get(), static_cast<unsigned char>(i),
            reinterpret_cast<unsigned char *>(bytes.data()));
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
    SecureBytes secret;
    secret.resize(static_cast<std::size_t>(secretLength));
    gfshare_ctx_dec_extract(ctx.get(), secret.data());
    for (ParsedShare &share : parsed)
        OPENSSL_cleanse(share.bytes.data(), size_t(share.bytes.size()));
    return secret;
}

QString formatShareForPrinting(const QString &share)
{
    const QStringList parts = share.split(QLatin1Char('-'));
    if (parts.size() != 6)
        return share;
    QStringList groups;
    for (qsizetype i = 0; i < parts.at(4).size(); i += 4)
        groups.append(parts.at(4).mid(i, 4));
    return QStringLiteral("%1-%2-%3-%4-\n%5\n-%6")
        .arg(parts.at(0), parts.at(1), parts.at(2), parts.at(3), groups.join(QLatin1Char(' ')),
            parts.at(5));
}

} // namespace kms::crypto
