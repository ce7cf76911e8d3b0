#include "EnvelopeStream.h"

#include "crypto/SymmetricCipher.h"

#include <openssl/rand.h>

#include <QtEndian>

#include <limits>

namespace kms::crypto {

namespace {

const QByteArray kMagic = QByteArrayLiteral("KMSENV01");
constexpr int kMaxBlob = 4096;

KmsError corrupt(const QString &why)
{
    return KmsError(QStringLiteral("KMS.0219"), why);
}

KmsError ioError(const QIODevice &device, const QString &what)
{
    return KmsError(
        QStringLiteral("KMS.0503"), QStringLiteral("%1: %2").arg(what, device.errorString()));
}

int tagLength(EnvelopeStream::Algorithm algorithm)
{
    return algorithm == EnvelopeStream::Algorithm::Aes256Gcm ? int(kGcmTagLength)
                                                             : int(kSm3MacLength);
}

std::size_t keyLength(EnvelopeStream::Algorithm algorithm)
{
    return algorithm == EnvelopeStream::Algorithm::Aes256Gcm ? kAes256KeyLength : kSm4KeyLength;
}

QByteArray chunkIv(const EnvelopeStream::Header &header, quint32 index)
{
    QByteArray iv = header.noncePrefix;
    char counter[4];
    qToBigEndian(index, counter);
    iv.append(counter, 4);
    if (header.algorithm == EnvelopeStream::Algorithm::Sm4CtrHmacSm3)
        iv.append(4, '\0');
    return iv;
}

QByteArray chunkAad(const QByteArray &headerBytes, quint64 index, bool final)
{
    QByteArray aad = headerBytes;
    char number[8];
    qToBigEndian(index, number);
    aad.append(number, 8);
    aad.append(final ? '\x01' : '\x00');
    return aad;
}

// Reads up to `size` bytes, looping over short reads of pipes and sockets.
QByteArray readUpTo(QIODevice &in, qint64 size)
{
    QByteArray data;
    while (data.size() < size) {
        const QByteArray part = in.read(size - data.size());
        if (part.isEmpty() && !in.waitForReadyRead(-1))
            break;
        data.append(part);
    }
    return data;
}

} // namespace

QByteArray EnvelopeStream::Header::serialize() const
{
    QByteArray bytes = kMagic;
    bytes.append(char(algorithm));
    char number[4];
    qToBigEndian(chunkSize, number);
    bytes.append(number, 4);
    qToBigEndian(quint32(dataKeyBlob.size()), number);
    bytes.append(number, 4);
    bytes.append(dataKeyBlob);
    bytes.append(noncePrefix);
    return bytes;
}

Result<void> EnvelopeStream::encrypt(QIODevice &in, QIODevice &out, Algorithm algorithm,
    const SecureBytes &dataKey, const QByteArray &dataKeyBlob, const Progress &progress)
{
    if (dataKey.size() != keyLength(algorithm))
        return KmsError(QStringLiteral("KMS.0512"), QStringLiteral("data key of the wrong size"));
    Header header;
    header.algorithm = algorithm;
    header.dataKeyBlob = dataKeyBlob;
    header.noncePrefix.resize(8);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(header.noncePrefix.data()), 8) != 1)
        return KmsError(QStringLiteral("KMS.0511"), QStringLiteral("no random nonce prefix"));
    const QByteArray headerBytes = header.serialize();
    if (out.write(headerBytes) != headerBytes.size())
        return ioError(out, QStringLiteral("writing the header"));

    qint64 done = 0;
    QByteArray chunk = readUpTo(in, header.chunkSize);
    for (quint32 index = 0;; ++index) {
        // A chunk is the last one when nothing follows it.
        QByteArray next = chunk.size() == qsizetype(header.chunkSize)
            ? readUpTo(in, header.chunkSize)
            : QByteArray();
        const bool final = next.isEmpty();
        const QByteArray iv = chunkIv(header, index);
        const QByteArray aad = chunkAad(headerBytes, index, final);
        auto sealed = algorithm == Algorithm::Aes256Gcm
            ? aes256GcmSeal(byteView(dataKey), byteView(iv), byteView(chunk), byteView(aad))
            : sm4CtrHmacSm3Seal(byteView(dataKey), byteView(iv), byteView(chunk), byteView(aad));
        if (!sealed)
            return sealed.error().withCode(QStringLiteral("KMS.0514"));
        if (out.write(sealed->ciphertext) != sealed->ciphertext.size()
            || out.write(sealed->tag) != sealed->tag.size())
            return ioError(out, QStringLiteral("writing the encrypted data"));
        done += chunk.size();
        if (progress && !progress(done))
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("cancelled"));
        if (final)
            break;
        if (index == std::numeric_limits<quint32>::max())
            return KmsError(QStringLiteral("KMS.0514"),
                QStringLiteral("the input is larger than one envelope file can hold"));
        chunk = std::move(next);
    }
    return success();
}

Result<EnvelopeStream::Header> EnvelopeStream::readHeader(QIODevice &in)
{
    const QByteArray fixed = readUpTo(in, kMagic.size() + 1 + 4 + 4);
    if (fixed.size() != kMagic.size() + 9 || !fixed.startsWith(kMagic))
        return corrupt(QStringLiteral("not an envelope-encrypted file"));
    Header header;
    const quint8 algorithm = quint8(fixed.at(kMagic.size()));
    if (algorithm != quint8(Algorithm::Aes256Gcm) && algorithm != quint8(Algorithm::Sm4CtrHmacSm3))
        return corrupt(QStringLiteral("unknown algorithm"));
    header.algorithm = Algorithm(algorithm);
    header.chunkSize = qFromBigEndian<quint32>(fixed.constData() + kMagic.size() + 1);
    const quint32 blobLength = qFromBigEndian<quint32>(fixed.constData() + kMagic.size() + 5);
    if (header.chunkSize == 0 || header.chunkSize > 16u * 1024 * 1024 || blobLength == 0
        || blobLength > quint32(kMaxBlob))
        return corrupt(QStringLiteral("malformed header"));
    header.dataKeyBlob = readUpTo(in, blobLength);
    header.noncePrefix = readUpTo(in, 8);
    if (header.dataKeyBlob.size() != qsizetype(blobLength) || header.noncePrefix.size() != 8)
        return corrupt(QStringLiteral("truncated header"));
    return header;
}

Result<void> EnvelopeStream::decrypt(QIODevice &in, QIODevice &out, const Header &header,
    const SecureBytes &dataKey, const Progress &progress)
{
    if (dataKey.size() != keyLength(header.algorithm))
        return corrupt(QStringLiteral("the data key does not fit the file"));
    const QByteArray headerBytes = header.serialize();
    const qint64 sealedChunk = qint64(header.chunkSize) + tagLength(header.algorithm);
    qint64 done = 0;
    QByteArray sealed = readUpTo(in, sealedChunk);
    for (quint32 index = 0;; ++index) {
        if (sealed.size() < tagLength(header.algorithm))
            return corrupt(QStringLiteral("the file is truncated"));
        QByteArray next = sealed.size() == sealedChunk ? readUpTo(in, sealedChunk) : QByteArray();
        const bool final = next.isEmpty();
        const QByteArray tag = sealed.right(tagLength(header.algorithm));
        const QByteArray ciphertext = sealed.chopped(tagLength(header.algorithm));
        const QByteArray iv = chunkIv(header, index);
        const QByteArray aad = chunkAad(headerBytes, index, final);
        auto plain = header.algorithm == Algorithm::Aes256Gcm
            ? aes256GcmOpen(
                byteView(dataKey), byteView(iv), byteView(ciphertext), byteView(tag), byteView(aad))
            : sm4CtrHmacSm3Open(byteView(dataKey), byteView(iv), byteView(ciphertext),
                byteView(tag), byteView(aad));
        if (!plain)
            return corrupt(QStringLiteral("chunk %1 was changed, moved or cut off").arg(index));
        if (out.write(reinterpret_cast<const char *>(plain->data()), plain->intSize())
            != plain->intSize())
            return ioError(out, QStringLiteral("writing the decrypted data"));
        done += plain->intSize();
        if (progress && !progress(done))
            return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("cancelled"));
        if (final)
            return success();
        if (index == std::numeric_limits<quint32>::max())
            return corrupt(QStringLiteral("more chunks than an envelope file can hold"));
        sealed = std::move(next);
    }
}

} // namespace kms::crypto
