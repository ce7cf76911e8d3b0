#include "CiphertextBlob.h"

#include <QJsonDocument>
#include <QUuid>
#include <QtEndian>

namespace kms {

namespace {

std::optional<QByteArray> uuidBytes(const QString &text)
{
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull())
        return std::nullopt;
    return uuid.toRfc4122();
}

QString uuidText(const QByteArray &bytes)
{
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

bool validAlgorithm(quint8 value)
{
    return value == quint8(CiphertextBlob::Algorithm::Aes256Gcm)
        || value == quint8(CiphertextBlob::Algorithm::Sm4CtrHmacSm3);
}

bool validKind(quint8 value)
{
    return value == quint8(CiphertextBlob::Kind::Data)
        || value == quint8(CiphertextBlob::Kind::DataKey);
}

} // namespace

std::optional<QByteArray> CiphertextBlob::header() const
{
    const auto key = uuidBytes(cmkUuid);
    const auto version = uuidBytes(keyVersionId);
    if (!key || !version)
        return std::nullopt;
    QByteArray bytes;
    bytes.reserve(kHeaderSize);
    bytes.append(char(kVersion));
    bytes.append(char(kind));
    bytes.append(char(algorithm));
    bytes.append(*key);
    bytes.append(*version);
    return bytes;
}

std::optional<QByteArray> CiphertextBlob::associatedData(const QByteArray &canonicalContext) const
{
    auto bytes = header();
    if (!bytes)
        return std::nullopt;
    char length[4];
    qToBigEndian(quint32(canonicalContext.size()), length);
    bytes->append(length, 4);
    bytes->append(canonicalContext);
    return bytes;
}

std::optional<QByteArray> CiphertextBlob::serialize() const
{
    auto bytes = header();
    if (!bytes || iv.size() > 255 || tag.size() > 255)
        return std::nullopt;
    bytes->append(char(iv.size()));
    bytes->append(iv);
    bytes->append(char(tag.size()));
    bytes->append(tag);
    bytes->append(ciphertext);
    return bytes;
}

bool CiphertextBlob::looksLikeBlob(const QByteArray &bytes)
{
    return bytes.size() > kHeaderSize && quint8(bytes.at(0)) == kVersion
        && validKind(quint8(bytes.at(1))) && validAlgorithm(quint8(bytes.at(2)));
}

std::optional<CiphertextBlob> CiphertextBlob::parse(const QByteArray &bytes)
{
    if (!looksLikeBlob(bytes))
        return std::nullopt;
    CiphertextBlob blob;
    blob.kind = Kind(quint8(bytes.at(1)));
    blob.algorithm = Algorithm(quint8(bytes.at(2)));
    blob.cmkUuid = uuidText(bytes.mid(3, 16));
    blob.keyVersionId = uuidText(bytes.mid(19, 16));
    qsizetype at = kHeaderSize;
    const int ivLength = quint8(bytes.at(at++));
    const int expectedIv = blob.algorithm == Algorithm::Aes256Gcm ? 12 : 16;
    const int expectedTag = blob.algorithm == Algorithm::Aes256Gcm ? 16 : 32;
    if (ivLength != expectedIv || bytes.size() < at + ivLength + 1)
        return std::nullopt;
    blob.iv = bytes.mid(at, ivLength);
    at += ivLength;
    const int tagLength = quint8(bytes.at(at++));
    if (tagLength != expectedTag || bytes.size() < at + tagLength)
        return std::nullopt;
    blob.tag = bytes.mid(at, tagLength);
    at += tagLength;
    blob.ciphertext = bytes.mid(at);
    return blob;
}

QByteArray canonicalEncryptionContext(const QJsonObject &context)
{
    if (context.isEmpty())
        return {};
    // QJsonObject keeps its keys sorted, so the compact document is canonical.
    return QJsonDocument(context).toJson(QJsonDocument::Compact);
}

} // namespace kms
