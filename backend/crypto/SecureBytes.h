#pragma once

#include <QByteArray>

#include <cstddef>
#include <new>
#include <vector>

namespace kms {

// OPENSSL_cleanse and CRYPTO_memcmp, kept out of this header so that its users (the GUI
// among them) see no OpenSSL header.
void secureWipe(void *data, std::size_t size) noexcept;
bool secureEqual(const void *a, const void *b, std::size_t size) noexcept;

// Allocator that wipes memory with OPENSSL_cleanse before giving it back.
template<typename T> struct ZeroizingAllocator
{
    using value_type = T;
    ZeroizingAllocator() noexcept = default;
    template<typename U> ZeroizingAllocator(const ZeroizingAllocator<U> &) noexcept { }
    T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T))); }
    void deallocate(T *p, std::size_t n) noexcept
    {
        secureWipe(p, n * sizeof(T));
        ::operator delete(p);
    }
    template<typename U> bool operator==(const ZeroizingAllocator<U> &) const noexcept
    {
        return true;
    }
};

// A buffer for secrets (key material, passphrases, the master key). Move-only, so a secret
// has one owner; its memory is wiped when it is freed or cleared. Never convert it into a
// QString/QByteArray member, a log line, a model role or a cache.
class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size)
        : m_bytes(size)
    {
    }
    SecureBytes(const unsigned char *data, std::size_t size)
        : m_bytes(data, data + size)
    {
    }
    // Copies from a Qt buffer; the caller wipes the source if it held a secret.
    static SecureBytes fromByteArray(const QByteArray &data)
    {
        return SecureBytes(reinterpret_cast<const unsigned char *>(data.constData()),
            static_cast<std::size_t>(data.size()));
    }

    SecureBytes(SecureBytes &&) noexcept = default;
    SecureBytes &operator=(SecureBytes &&) noexcept = default;
    SecureBytes(const SecureBytes &) = delete;
    SecureBytes &operator=(const SecureBytes &) = delete;
    ~SecureBytes() { clear(); }

    // An explicit copy, where a second owner is really needed.
    SecureBytes clone() const { return SecureBytes(data(), size()); }

    unsigned char *data() { return m_bytes.data(); }
    const unsigned char *data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    int intSize() const { return static_cast<int>(m_bytes.size()); }
    bool empty() const { return m_bytes.empty(); }
    void resize(std::size_t size) { m_bytes.resize(size); }
    void clear()
    {
        if (!m_bytes.empty())
            secureWipe(m_bytes.data(), m_bytes.size());
        m_bytes.clear();
    }
    void append(const unsigned char *data, std::size_t size)
    {
        m_bytes.insert(m_bytes.end(), data, data + size);
    }

    // Constant-time comparison.
    bool equals(const SecureBytes &other) const
    {
        return size() == other.size() && secureEqual(data(), other.data(), size());
    }

private:
    std::vector<unsigned char, ZeroizingAllocator<unsigned char>> m_bytes;
};

// Wipes a Qt byte array that held a secret (after detaching it, so the wiped copy is the
// one that held the data). Use it on buffers handed over by Qt APIs such as QtKeychain.
inline void wipeByteArray(QByteArray &data)
{
    if (!data.isEmpty())
        secureWipe(data.data(), static_cast<std::size_t>(data.size()));
    data.clear();
}

} // namespace kms
