#include "crypto/MasterKey.h"

#include "crypto/OpenSslError.h"
#include "crypto/SymmetricCipher.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace kms {

namespace {

const QString kWrapFailed = QStringLiteral("KMS.0503");
const QString kUnwrapFailed = QStringLiteral("KMS.0504");
const QString kRandomFailed = QStringLiteral("KMS.0511");

// Wrapped format: version | nonce | ciphertext | tag (docs/formats.md).
constexpr char kFormatVersion = 0x01;
constexpr qsizetype kNonceOffset = 1;
constexpr qsizetype kNonceLength = static_cast<qsizetype>(crypto::kGcmIvLength);
constexpr qsizetype kTagLength = static_cast<qsizetype>(crypto::kGcmTagLength);
constexpr qsizetype kMinimumWrappedLength = 1 + kNonceLength + kTagLength;

Result<QByteArray> wrapWithKey(
    const SecureBytes &kek, const unsigned char *data, std::size_t size, const QByteArray &aad)
{
    if (kek.size() != static_cast<std::size_t>(MasterKey::kKeyLength))
        return KmsError(kWrapFailed, QStringLiteral("wrapping key must be 32 bytes"));
    if (size > 0 && data == nullptr)
        return KmsError(kWrapFailed, QStringLiteral("no data to wrap"));

    // A failing random generator is reported as a wrapping failure (KMS.0503), the one code
    // MasterKey.h promises for wrap(); the detail says what failed.
    std::array<unsigned char, crypto::kGcmIvLength> nonce {};
    if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1)
        return openSslError(kWrapFailed, "random nonce for wrapping");

    auto sealed = crypto::aes256GcmSeal(
        crypto::byteView(kek), nonce, crypto::ByteView(data, size), crypto::byteView(aad));
    if (!sealed)
        return sealed.error().withCode(kWrapFailed);

    QByteArray wrapped;
    wrapped.reserve(kMinimumWrappedLength + sealed->ciphertext.size());
    wrapped.append(kFormatVersion);
    wrapped.append(reinterpret_cast<const char *>(nonce.data()), kNonceLength);
    wrapped.append(sealed->ciphertext);
    wrapped.append(sealed->tag);
    return wrapped;
}

Result<SecureBytes> unwrapWithKey(
    const SecureBytes &kek, const QByteArray &wrapped, const QByteArray &aad)
{
    if (kek.size() != static_cast<std::size_t>(MasterKey::kKeyLength))
        return KmsError(kUnwrapFailed, QStringLiteral("wrapping key must be 32 bytes"));
    if (wrapped.size() < kMinimumWrappedLength)
        return KmsError(kUnwrapFailed, QStringLiteral("wrapped key is too short"));
    if (wrapped.at(0) != kFormatVersion)
        return KmsError(kUnwrapFailed, QStringLiteral("unknown wrapped key format"));

    const crypto::ByteView all = crypto::byteView(wrapped);
    const std::size_t ciphertextLength
        = all.size() - static_cast<std::size_t>(kMinimumWrappedLength);
    const crypto::ByteView nonce = all.subspan(kNonceOffset, crypto::kGcmIvLength);
    const crypto::ByteView ciphertext
        = all.subspan(kNonceOffset + crypto::kGcmIvLength, ciphertextLength);
    const crypto::ByteView tag = all.last(crypto::kGcmTagLength);

    auto plain = crypto::aes256GcmOpen(
        crypto::byteView(kek), nonce, ciphertext, tag, crypto::byteView(aad));
    if (!plain)
        return plain.error().withCode(kUnwrapFailed);
    return std::move(plain).value();
}

} // namespace

Result<MasterKey> MasterKey::generate()
{
    SecureBytes key(kKeyLength);
    if (RAND_priv_bytes(key.data(), kKeyLength) != 1)
        return openSslError(kRandomFailed, "random master key");
    return MasterKey(std::move(key));
}

Result<MasterKey> MasterKey::fromBytes(SecureBytes bytes)
{
    if (bytes.size() != static_cast<std::size_t>(kKeyLength))
        return KmsError(kWrapFailed,
            QStringLiteral("master key must be %1 bytes, got %2")
                .arg(kKeyLength)
                .arg(bytes.size()));
    return MasterKey(std::move(bytes));
}

Result<QByteArray> MasterKey::wrap(
    const unsigned char *data, std::size_t size, const QByteArray &aad) const
{
    return wrapWithKey(m_key, data, size, aad);
}

Result<SecureBytes> MasterKey::unwrap(const QByteArray &wrapped, const QByteArray &aad) const
{
    return unwrapWithKey(m_key, wrapped, aad);
}

// HKDF-SHA256 with the master key as input keying material, no salt, the label as info.
// The signature has no room for an error: on the (practically impossible) failure of
// OpenSSL's HKDF it answers an empty buffer, which every user of a subkey must treat as
// unusable (hmacSha256 below refuses an empty key).
SecureBytes MasterKey::deriveSubkey(const QByteArray &label) const
{
    for (const auto &[keptLabel, subkey] : m_keptSubkeys) {
        if (keptLabel == label)
            return subkey.clone();
    }
    auto subkey = crypto::hkdf(crypto::Digest::Sha256, crypto::byteView(m_key), {},
        crypto::byteView(label), static_cast<std::size_t>(kKeyLength));
    if (!subkey) {
        clearOpenSslErrors();
        return {};
    }
    return std::move(subkey).value();
}

void MasterKey::keepSubkey(const QByteArray &label, SecureBytes subkey)
{
    for (auto &[keptLabel, kept] : m_keptSubkeys) {
        if (keptLabel == label) {
            kept = std::move(subkey);
            return;
        }
    }
    m_keptSubkeys.emplace_back(label, std::move(subkey));
}

bool MasterKey::hasKeptSubkey(const QByteArray &label) const
{
    return std::any_of(m_keptSubkeys.begin(), m_keptSubkeys.end(),
        [&label](const auto &kept) { return kept.first == label; });
}

Result<MasterKey> MasterKey::copy() const
{
    auto copied = fromBytes(m_key.clone());
    if (!copied)
        return copied.error();
    for (const auto &[label, subkey] : m_keptSubkeys)
        copied->keepSubkey(label, subkey.clone());
    return copied;
}

Result<QByteArray> MasterKey::wrapWith(
    const SecureBytes &kek, const unsigned char *data, std::size_t size, const QByteArray &aad)
{
    return wrapWithKey(kek, data, size, aad);
}

Result<SecureBytes> MasterKey::unwrapWith(
    const SecureBytes &kek, const QByteArray &wrapped, const QByteArray &aad)
{
    return unwrapWithKey(kek, wrapped, aad);
}

// An empty result means failure (an empty key, or OpenSSL failed); a real HMAC-SHA256 is
// always 32 bytes.
QByteArray hmacSha256(const SecureBytes &key, const QByteArray &data)
{
    if (key.empty())
        return {};
    auto mac = crypto::hmac(crypto::Digest::Sha256, crypto::byteView(key), crypto::byteView(data));
    if (!mac) {
        clearOpenSslErrors();
        return {};
    }
    return std::move(mac).value();
}

} // namespace kms
