#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace kms {

// The ciphertext blob of Encrypt and GenerateDataKey, format version 1 (docs/formats.md):
//
//   offset  size  field
//   0       1     format version, 0x01
//   1       1     kind: 0x01 data (Encrypt), 0x02 data key (GenerateDataKey)
//   2       1     algorithm: 0x01 AES-256-GCM, 0x02 SM4-CTR + HMAC-SM3
//   3       16    key id (the cmkUuid as 16 bytes, RFC 4122 order)
//   19      16    key version id (16 bytes)
//   35      1     IV length n (12 for AES-256-GCM, 16 for SM4)
//   36      n     IV
//   36+n    1     tag length t (16 for AES-256-GCM, 32 for SM4)
//   37+n    t     tag
//   37+n+t  rest  ciphertext (as long as the plaintext)
//
// The first 35 bytes, followed by the canonical encryption context, are the associated data
// of the encryption, so every header bit and the context are authenticated; IV and tag are
// authenticated by the construction itself.
struct CiphertextBlob
{
    enum class Kind : quint8 { Data = 0x01, DataKey = 0x02 };
    enum class Algorithm : quint8 { Aes256Gcm = 0x01, Sm4CtrHmacSm3 = 0x02 };
    static constexpr quint8 kVersion = 0x01;
    static constexpr int kHeaderSize = 35;

    Kind kind = Kind::Data;
    Algorithm algorithm = Algorithm::Aes256Gcm;
    QString cmkUuid;
    QString keyVersionId;
    QByteArray iv;
    QByteArray tag;
    QByteArray ciphertext;

    // The 35 header bytes (fails only for ids that are not UUIDs).
    std::optional<QByteArray> header() const;
    // header() || uint32_be(len(context)) || context: what the encryption authenticates.
    std::optional<QByteArray> associatedData(const QByteArray &canonicalContext) const;
    std::optional<QByteArray> serialize() const;
    // std::nullopt for anything that is not a well-formed version-1 blob.
    static std::optional<CiphertextBlob> parse(const QByteArray &bytes);
    // Whether bytes start like a version-1 blob (used to tell it from an RSA/SM2 ciphertext).
    static bool looksLikeBlob(const QByteArray &bytes);
};

// The canonical form of an encryption context: a JSON object whose values are strings,
// written compactly with its keys sorted. Empty for an empty context.
QByteArray canonicalEncryptionContext(const QJsonObject &context);

} // namespace kms
