#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QIODevice>

#include <functional>

namespace kms::crypto {

// Envelope encryption of a stream of any size (kmsctl encrypt/decrypt, the workbench): a
// data key from GenerateDataKey encrypts the data locally in chunks; the data key's
// ciphertext blob travels in the header, so only the KMS can open the file again.
//
// Format version 1 (docs/formats.md):
//   "KMSENV01"                 8 bytes magic
//   algorithm                  1 byte: 0x01 AES-256-GCM, 0x02 SM4-CTR + HMAC-SM3
//   chunk size                 4 bytes big-endian, plaintext bytes per chunk (65536)
//   blob length n              4 bytes big-endian
//   data key blob              n bytes (a CiphertextBlob of kind "data key")
//   nonce prefix               8 random bytes
//   chunks                     each: ciphertext (chunk size, the last one shorter or
//                              empty) followed by its tag (16 or 32 bytes)
// Chunk i is sealed with IV = prefix || uint32_be(i) (AES, 12 bytes) or
// prefix || uint32_be(i) || 0x00000000 (SM4, 16 bytes) and associated data
// header || uint64_be(i) || final-flag (0x01 for the last chunk, else 0x00), so reordered,
// dropped, appended or truncated chunks fail to open. A changed, cut or foreign file is
// KMS.0219 (the reader never hands out plaintext of a chunk that did not authenticate); a
// read or write error is KMS.0503, a sealing failure KMS.0514, no random nonce KMS.0511.
// At most 2^32 chunks (256 TiB) per file, so chunk IVs never repeat under one data key.
class EnvelopeStream
{
public:
    enum class Algorithm : quint8 { Aes256Gcm = 0x01, Sm4CtrHmacSm3 = 0x02 };
    static constexpr int kChunkSize = 64 * 1024;

    struct Header
    {
        Algorithm algorithm = Algorithm::Aes256Gcm;
        quint32 chunkSize = kChunkSize;
        QByteArray dataKeyBlob;
        QByteArray noncePrefix;

        QByteArray serialize() const;
    };

    // Called with the number of bytes done so far; returning false cancels (KMS.0503).
    using Progress = std::function<bool(qint64)>;

    // Writes header and chunks. The data key is 32 bytes (AES) or 16 bytes (SM4).
    static Result<void> encrypt(QIODevice &in, QIODevice &out, Algorithm algorithm,
        const SecureBytes &dataKey, const QByteArray &dataKeyBlob, const Progress &progress = {});
    // Reads the header (KMS.0219 if it is not an envelope file).
    static Result<Header> readHeader(QIODevice &in);
    // Decrypts the chunks after the header into `out`.
    static Result<void> decrypt(QIODevice &in, QIODevice &out, const Header &header,
        const SecureBytes &dataKey, const Progress &progress = {});
};

} // namespace kms::crypto
