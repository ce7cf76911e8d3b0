#include "crypto/PublicKeyCache.h"

#include <QHash>

#include <algorithm>
#include <list>

namespace kms::crypto {

namespace {

struct CacheKey
{
    QByteArray bytes; // the public key exactly as given (PEM or DER)
    KeySpec spec = KeySpec::Aes256;

    bool operator==(const CacheKey &other) const
    {
        return spec == other.spec && bytes == other.bytes;
    }
};

size_t qHash(const CacheKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.bytes, static_cast<int>(key.spec));
}

struct Entry
{
    CacheKey key;
    PKey publicKey;
};

} // namespace

// Least recently used order (front: most recent) and an index into it.
class PublicKeyCache::Entries
{
public:
    std::list<Entry> order;
    QHash<CacheKey, std::list<Entry>::iterator> index;
};

PublicKeyCache::PublicKeyCache(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
    , m_entries(std::make_unique<Entries>())
{
}

PublicKeyCache::~PublicKeyCache() = default;

std::size_t PublicKeyCache::size() const
{
    return m_entries->order.size();
}

void PublicKeyCache::clear()
{
    m_entries->index.clear();
    m_entries->order.clear();
}

Result<EVP_PKEY *> PublicKeyCache::keyFor(const QByteArray &publicKey, KeySpec spec)
{
    CacheKey key { publicKey, spec };
    const auto found = m_entries->index.constFind(key);
    if (found != m_entries->index.constEnd()) {
        auto &order = m_entries->order;
        order.splice(order.begin(), order, found.value());
        return order.front().publicKey.get();
    }

    auto decoded = decodePublicKey(publicKey, spec);
    if (!decoded)
        return decoded.error();
    if (m_entries->order.size() >= m_capacity) {
        m_entries->index.remove(m_entries->order.back().key);
        m_entries->order.pop_back();
    }
    m_entries->order.push_front(Entry { key, std::move(decoded).value() });
    m_entries->index.insert(std::move(key), m_entries->order.begin());
    return m_entries->order.front().publicKey.get();
}

Result<bool> PublicKeyCache::verifyDigest(const QByteArray &publicKey, SignAlgorithm algorithm,
    const QByteArray &digest, const QByteArray &signature)
{
    // The digest is checked before the key (KMS.0128 before KMS.0212), as the free function
    // does: it answers that without decoding.
    if (digest.size() != kSignDigestLength)
        return crypto::verifyDigest(publicKey, algorithm, digest, signature);
    auto key = keyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    return crypto::verifyDigest(*key, algorithm, digest, signature);
}

Result<QByteArray> PublicKeyCache::encryptWithPublicKey(
    const QByteArray &publicKey, AsymmetricAlgorithm algorithm, const QByteArray &plaintext)
{
    auto key = keyFor(publicKey, specOf(algorithm));
    if (!key)
        return key.error();
    return crypto::encryptWithPublicKey(*key, algorithm, plaintext);
}

} // namespace kms::crypto
