#include "CryptoOperations.h"

#include "api/ImportOperations.h"
#include "api/KeyOperations.h"
#include "core/Algorithms.h"
#include "core/KeyModel.h"
#include "crypto/CiphertextBlob.h"
#include "crypto/PublicKeyCache.h"
#include "hsm/HsmProvider.h"
#include "store/Store.h"

#include <QJsonValue>

namespace kms::ops {

using namespace keymodel;
using store::KeyRecord;
using store::KeyVersionRecord;

namespace {

constexpr int kDigestLength = 32;
constexpr int kMaxDataKeyBytes = 1024;

// A key version ready for an HSM call.
struct UsableVersion
{
    KeyRecord key;
    KeyVersionRecord version;
    KeySpec spec = KeySpec::Aes256;
    hsm::Hsm *hsm = nullptr;

    hsm::KeyRef ref() const { return { key.cmkUuid, version.versionId, spec }; }
};

KeySpec specOfKey(const KeyRecord &key)
{
    return keySpecFromName(key.keySpec).value_or(KeySpec::Aes256);
}

bool isAsymmetricKey(const KeyRecord &key)
{
    return !isSymmetric(specOfKey(key));
}

// The version `versionId` of `key` with the HSM that holds it. KMS.0301 if the key has no
// such version, KMS.0504 if the HSM that holds it is not available.
Result<UsableVersion> useVersion(
    OperationContext &ctx, const KeyRecord &key, const QString &versionId)
{
    auto version = ctx.store.findKeyVersion(versionId);
    if (!version)
        return version.error();
    if (!version->has_value() || (*version)->cmkUuid != key.cmkUuid)
        return KmsError(
            QStringLiteral("KMS.0301"), QStringLiteral("the key has no version %1").arg(versionId));
    auto hsm = holdingHsm(ctx, (*version)->hsm);
    if (!hsm)
        return hsm.error();
    return UsableVersion { key, **version, specOfKey(key), *hsm };
}

Result<void> requireEnabled(const KeyRecord &key, const QString &code = QStringLiteral("KMS.0206"))
{
    if (key.keyState != kEnabled)
        return KmsError(code, QStringLiteral("the key is %1").arg(key.keyState));
    return success();
}

// A base64 parameter: emptyCode when missing or empty, badCode when not base64.
Result<QByteArray> readBase64(
    const Params &params, const QString &name, const QString &emptyCode, const QString &badCode)
{
    auto text = params.requiredString(name, emptyCode);
    if (!text)
        return text.error();
    auto decoded
        = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || text->size() % 4 != 0)
        return KmsError(badCode, QStringLiteral("%1 is not base64").arg(name));
    return *decoded;
}

// An encryption context: an object of strings. KMS.0128 otherwise.
Result<QByteArray> readContext(const Params &params, const QString &name)
{
    if (!params.has(name))
        return QByteArray();
    const QJsonValue value = params.json().value(name);
    if (!value.isObject())
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("%1 must be an object of strings").arg(name));
    const QJsonObject context = value.toObject();
    for (auto it = context.constBegin(); it != context.constEnd(); ++it) {
        if (!it.value().isString())
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("%1 must be an object of strings").arg(name));
    }
    return canonicalEncryptionContext(context);
}

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QString base64(const SecureBytes &bytes)
{
    // The answer is JSON text, which cannot be wiped: this is the one place a plaintext
    // leaves the backend, to the caller that asked for it.
    return QString::fromLatin1(
        QByteArray::fromRawData(reinterpret_cast<const char *>(bytes.data()), bytes.intSize())
            .toBase64());
}

CiphertextBlob::Algorithm blobAlgorithm(KeySpec spec)
{
    return spec == KeySpec::Sm4_128 ? CiphertextBlob::Algorithm::Sm4CtrHmacSm3
                                    : CiphertextBlob::Algorithm::Aes256Gcm;
}

// A symmetric key that may encrypt: usage, kind and state, then its primary version.
Result<UsableVersion> encryptionKey(
    OperationContext &ctx, const KeyRecord &key, const QString &asymmetricCode)
{
    if (key.keyUsage != kEncryptDecrypt)
        return KmsError(QStringLiteral("KMS.0205"));
    if (isAsymmetricKey(key))
        return KmsError(asymmetricCode);
    KMS_TRY(requireEnabled(key));
    return useVersion(ctx, key, key.primaryKeyVersion);
}

// Seals plaintext under the key's primary version into a blob. HSM errors pass through.
Result<QByteArray> seal(const UsableVersion &key, CiphertextBlob::Kind kind,
    const QByteArray &plaintext, const QByteArray &context)
{
    CiphertextBlob blob;
    blob.kind = kind;
    blob.algorithm = blobAlgorithm(key.spec);
    blob.cmkUuid = key.key.cmkUuid;
    blob.keyVersionId = key.version.versionId;
    const auto aad = blob.associatedData(context);
    if (!aad)
        return KmsError(QStringLiteral("KMS.0514"), QStringLiteral("malformed key id"));
    auto sealed = key.hsm->encrypt(key.ref(), key.version.handle, plaintext, *aad);
    if (!sealed)
        return sealed.error();
    blob.iv = sealed->iv;
    blob.tag = sealed->tag;
    blob.ciphertext = sealed->ciphertext;
    return blob.serialize().value_or(QByteArray());
}

struct Opened
{
    UsableVersion key;
    CiphertextBlob blob;
    SecureBytes plaintext;
};

// Opens a blob made by this console. Any change to the blob (or another context) is
// KMS.0219, or KMS.0247 for a data-key blob; the key named in the blob must be enabled
// (KMS.0306). HSM failures: KMS.0504, or KMS.0513 for a data key.
Result<Opened> open(OperationContext &ctx, const QByteArray &bytes, const QByteArray &context)
{
    // What the blob says it is decides the code of a refusal, even when the rest is broken.
    const bool dataKey = CiphertextBlob::looksLikeBlob(bytes)
        && quint8(bytes.at(1)) == quint8(CiphertextBlob::Kind::DataKey);
    const QString wrong = dataKey ? QStringLiteral("KMS.0247") : QStringLiteral("KMS.0219");
    const auto blob = CiphertextBlob::parse(bytes);
    if (!blob)
        return KmsError(wrong, QStringLiteral("not a well-formed ciphertext blob"));
    auto key = ctx.store.findKey(blob->cmkUuid);
    if (!key)
        return key.error();
    if (!key->has_value()) {
        // A well-formed blob of a key that was deleted: the key is gone, not the blob wrong.
        auto destroyed = ctx.store.keyTombstone(blob->cmkUuid);
        if (destroyed && destroyed->has_value())
            return KmsError(QStringLiteral("KMS.0301"),
                QStringLiteral("the key of this blob was deleted %1").arg(formatTime(**destroyed)));
        return KmsError(wrong, QStringLiteral("the blob names no key of this store"));
    }
    ctx.target = (*key)->cmkUuid;
    ctx.regionId = (*key)->regionId;
    if (isAsymmetricKey(**key) || blobAlgorithm(specOfKey(**key)) != blob->algorithm)
        return KmsError(wrong, QStringLiteral("the blob does not fit its key"));
    KMS_TRY(requireEnabled(**key, QStringLiteral("KMS.0306")));
    auto version = useVersion(ctx, **key, blob->keyVersionId);
    if (!version) {
        if (version.error().code() == QLatin1String("KMS.0301"))
            return KmsError(wrong, version.error().detail());
        return version.error();
    }
    const auto aad = blob->associatedData(context);
    auto plaintext = version->hsm->decrypt(version->ref(), version->version.handle,
        hsm::SealedData { blob->iv, blob->ciphertext, blob->tag }, aad.value_or(QByteArray()));
    if (!plaintext) {
        const QString &code = plaintext.error().code();
        if (code == QLatin1String("KMS.0219"))
            return KmsError(wrong,
                QStringLiteral("the blob or its encryption context was "
                               "changed"));
        if (dataKey)
            return plaintext.error().withCode(QStringLiteral("KMS.0513"));
        return plaintext.error();
    }
    return Opened { std::move(*version), *blob, std::move(*plaintext) };
}

// Opens the `ciphertextBlob` of a request with its `encryptionContext` (Decrypt,
// ExportDataKey): missing KMS.0108, not base64 `notBase64`, then the refusals of open().
Result<Opened> openParameters(OperationContext &ctx, const Params &params, const QString &notBase64)
{
    auto bytes = readBase64(
        params, QStringLiteral("ciphertextBlob"), QStringLiteral("KMS.0108"), notBase64);
    if (!bytes)
        return bytes.error();
    auto context = readContext(params, QStringLiteral("encryptionContext"));
    if (!context)
        return context.error();
    return open(ctx, *bytes, *context);
}

// `destinationCmkUuid` of ReEncrypt: missing KMS.0109, empty KMS.0112, not found KMS.0305
// (by id) or KMS.0307 (by alias), asymmetric KMS.0244, not enabled KMS.0246.
Result<UsableVersion> destinationKey(OperationContext &ctx, const Params &params)
{
    const QString field = QStringLiteral("destinationCmkUuid");
    if (!params.has(field))
        return KmsError(QStringLiteral("KMS.0109"), QStringLiteral("%1 is missing").arg(field));
    auto key = resolveKey(ctx, params, field);
    if (!key) {
        const QString &code = key.error().code();
        if (code == QLatin1String("KMS.0102"))
            return KmsError(QStringLiteral("KMS.0112"), key.error().detail());
        if (code == QLatin1String("KMS.0301"))
            return key.error().withCode(
                params.json().value(field).toString().startsWith(kAliasPrefix)
                    ? QStringLiteral("KMS.0307")
                    : QStringLiteral("KMS.0305"));
        return key.error();
    }
    if (isAsymmetricKey(*key))
        return KmsError(QStringLiteral("KMS.0244"));
    if (key->keyState != kEnabled || key->keyUsage != kEncryptDecrypt)
        return KmsError(QStringLiteral("KMS.0246"),
            QStringLiteral("the destination key is %1").arg(key->keyState));
    return useVersion(ctx, *key, key->primaryKeyVersion);
}

Result<SignAlgorithm> readSignAlgorithm(const Params &params, const UsableVersion &key)
{
    auto name = params.requiredString(QStringLiteral("algorithm"), QStringLiteral("KMS.0106"));
    if (!name)
        return name.error();
    const auto algorithm = signAlgorithmFromName(*name);
    if (!algorithm || specOf(*algorithm) != key.spec)
        return KmsError(QStringLiteral("KMS.0212"),
            QStringLiteral("%1 keys sign with %2")
                .arg(key.key.keySpec,
                    key.spec == KeySpec::Rsa2048
                        ? QStringLiteral("RSA_PSS_SHA_256 or RSA_PKCS1_SHA_256")
                        : key.spec == KeySpec::EcP256 ? QStringLiteral("ECDSA_SHA_256")
                                                      : QStringLiteral("SM2DSA")));
    return *algorithm;
}

Result<AsymmetricAlgorithm> readEncryptionAlgorithm(
    const Params &params, const QString &field, const QString &emptyCode, const UsableVersion &key)
{
    auto name = params.requiredString(field, emptyCode);
    if (!name)
        return name.error();
    const auto algorithm = asymmetricAlgorithmFromName(*name);
    if (!algorithm)
        return KmsError(QStringLiteral("KMS.0212"),
            QStringLiteral("RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1 or SM2PKE"));
    if (specOf(*algorithm) != key.spec) {
        if (*algorithm != AsymmetricAlgorithm::Sm2Pke)
            return KmsError(QStringLiteral("KMS.0251"),
                QStringLiteral("OAEP needs an RSA key; SM2 keys use SM2PKE"));
        return KmsError(QStringLiteral("KMS.0212"), QStringLiteral("SM2PKE needs an EC_SM2 key"));
    }
    return *algorithm;
}

// The enabled asymmetric key version `cmkUuid` + `keyVersionId` of an asymmetric operation:
// a symmetric key answers `symmetricCode`, a key of the other usage `usageCode`, a key that is
// not enabled KMS.0206, a missing version KMS.0105.
Result<UsableVersion> asymmetricVersion(OperationContext &ctx, const Params &params,
    QLatin1String usage, const QString &symmetricCode, const QString &usageCode)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!isAsymmetricKey(*key))
        return KmsError(symmetricCode);
    if (key->keyUsage != usage)
        return KmsError(usageCode);
    KMS_TRY(requireEnabled(*key));
    auto versionId
        = params.requiredString(QStringLiteral("keyVersionId"), QStringLiteral("KMS.0105"));
    if (!versionId)
        return versionId.error();
    return useVersion(ctx, *key, *versionId);
}

// Signing and verification: symmetric KMS.0232, encryption key KMS.0204.
Result<UsableVersion> signingVersion(OperationContext &ctx, const Params &params)
{
    return asymmetricVersion(
        ctx, params, kSignVerify, QStringLiteral("KMS.0232"), QStringLiteral("KMS.0204"));
}

// Asymmetric encryption and decryption: symmetric KMS.0214, signing key KMS.0205.
Result<UsableVersion> asymmetricEncryptionVersion(OperationContext &ctx, const Params &params)
{
    return asymmetricVersion(
        ctx, params, kEncryptDecrypt, QStringLiteral("KMS.0214"), QStringLiteral("KMS.0205"));
}

// Signing and encrypting use the key's primary version; older versions only verify and
// decrypt what was made before a rotation.
Result<void> requirePrimary(const UsableVersion &version)
{
    if (version.version.versionId != version.key.primaryKeyVersion)
        return KmsError(QStringLiteral("KMS.0203"),
            QStringLiteral("version %1 is not the primary version %2: it only verifies and "
                           "decrypts")
                .arg(version.version.versionId, version.key.primaryKeyVersion));
    return success();
}

Result<QByteArray> readDigest(const Params &params)
{
    auto digest = readBase64(
        params, QStringLiteral("digest"), QStringLiteral("KMS.0104"), QStringLiteral("KMS.0128"));
    if (!digest)
        return digest.error();
    if (digest->size() != kDigestLength)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("digest must be %1 bytes").arg(kDigestLength));
    return *digest;
}

// The answer of an asymmetric operation: its result under `field`, and which key version and
// algorithm made it.
QJsonObject versionAnswer(const UsableVersion &version, const QString &algorithm,
    const QString &field, const QJsonValue &value)
{
    return QJsonObject {
        { field, value },
        { QStringLiteral("cmkUuid"), version.key.cmkUuid },
        { QStringLiteral("keyVersionId"), version.version.versionId },
        { QStringLiteral("algorithm"), algorithm },
    };
}

// What AsymmetricSign and AsymmetricVerify both read, in their order of checks.
struct SigningRequest
{
    UsableVersion version;
    SignAlgorithm algorithm = SignAlgorithm::RsaPssSha256;
    QByteArray digest;
};

Result<SigningRequest> readSigningRequest(OperationContext &ctx, const Params &params)
{
    auto version = signingVersion(ctx, params);
    if (!version)
        return version.error();
    auto algorithm = readSignAlgorithm(params, *version);
    if (!algorithm)
        return algorithm.error();
    auto digest = readDigest(params);
    if (!digest)
        return digest.error();
    return SigningRequest { std::move(*version), *algorithm, *digest };
}

// What AsymmetricEncrypt and AsymmetricDecrypt both read.
struct EncryptionRequest
{
    UsableVersion version;
    AsymmetricAlgorithm algorithm = AsymmetricAlgorithm::RsaOaepSha256;
};

Result<EncryptionRequest> readEncryptionRequest(OperationContext &ctx, const Params &params)
{
    auto version = asymmetricEncryptionVersion(ctx, params);
    if (!version)
        return version.error();
    auto algorithm = readEncryptionAlgorithm(
        params, QStringLiteral("algorithm"), QStringLiteral("KMS.0114"), *version);
    if (!algorithm)
        return algorithm.error();
    return EncryptionRequest { std::move(*version), *algorithm };
}

Result<QJsonObject> makeDataKey(OperationContext &ctx, const Params &params, bool withPlaintext)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto specName = params.optionalString(QStringLiteral("keySpec"));
    if (!specName)
        return specName.error();
    auto count
        = params.optionalInteger(QStringLiteral("numberOfBytes"), QStringLiteral("KMS.0128"));
    if (!count)
        return count.error();
    int bytes = 0;
    if (specName->has_value() && count->has_value())
        return KmsError(
            QStringLiteral("KMS.0128"), QStringLiteral("give keySpec or numberOfBytes, not both"));
    if (specName->has_value() && !(*specName)->isEmpty()) {
        if (**specName == QLatin1String("AES_256"))
            bytes = 32;
        else if (**specName == QLatin1String("AES_128") || **specName == QLatin1String("SM4_128"))
            bytes = 16;
        else
            return KmsError(QStringLiteral("KMS.0227"),
                QStringLiteral("data keys are AES_256, AES_128 or SM4_128"));
    } else if (count->has_value()) {
        if (**count < 1 || **count > kMaxDataKeyBytes)
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("numberOfBytes is 1 to %1").arg(kMaxDataKeyBytes));
        bytes = int(**count);
    } else {
        return KmsError(
            QStringLiteral("KMS.0126"), QStringLiteral("give keySpec or numberOfBytes"));
    }
    auto context = readContext(params, QStringLiteral("encryptionContext"));
    if (!context)
        return context.error();
    auto usable = encryptionKey(ctx, *key, QStringLiteral("KMS.0250"));
    if (!usable)
        return usable.error();

    auto plaintext = usable->hsm->randomBytes(bytes);
    if (!plaintext)
        return plaintext.error().withCode(QStringLiteral("KMS.0511"));
    // The data key crosses into the HSM call as a Qt buffer over the secure one (no copy).
    const QByteArray view = QByteArray::fromRawData(
        reinterpret_cast<const char *>(plaintext->data()), plaintext->intSize());
    auto blob = seal(*usable, CiphertextBlob::Kind::DataKey, view, *context);
    if (!blob)
        return blob.error().withCode(QStringLiteral("KMS.0512"));
    QJsonObject answer {
        { QStringLiteral("ciphertextBlob"), base64(*blob) },
        { QStringLiteral("cmkUuid"), usable->key.cmkUuid },
        { QStringLiteral("keyVersionId"), usable->version.versionId },
    };
    if (withPlaintext)
        answer.insert(QStringLiteral("plaintext"), base64(*plaintext));
    return answer;
}

} // namespace

Result<QJsonObject> encrypt(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    auto plaintext = readBase64(params, QStringLiteral("plaintext"), QStringLiteral("KMS.0107"),
        QStringLiteral("KMS.0252"));
    if (!plaintext)
        return plaintext.error();
    if (plaintext->size() > ctx.limits.maxPlaintextBytes)
        return KmsError(QStringLiteral("KMS.0249"),
            QStringLiteral("at most %1 bytes").arg(ctx.limits.maxPlaintextBytes));
    auto context = readContext(params, QStringLiteral("encryptionContext"));
    if (!context)
        return context.error();
    auto usable = encryptionKey(ctx, *key, QStringLiteral("KMS.0213"));
    if (!usable)
        return usable.error();
    auto blob = seal(*usable, CiphertextBlob::Kind::Data, *plaintext, *context);
    if (!blob)
        return blob.error();
    return QJsonObject {
        { QStringLiteral("ciphertextBlob"), base64(*blob) },
        { QStringLiteral("cmkUuid"), usable->key.cmkUuid },
        { QStringLiteral("keyVersionId"), usable->version.versionId },
    };
}

Result<QJsonObject> decrypt(OperationContext &ctx, const Params &params)
{
    auto opened = openParameters(ctx, params, QStringLiteral("KMS.0219"));
    if (!opened)
        return opened.error();
    return QJsonObject {
        { QStringLiteral("plaintext"), base64(opened->plaintext) },
        { QStringLiteral("cmkUuid"), opened->key.key.cmkUuid },
        { QStringLiteral("keyVersionId"), opened->key.version.versionId },
    };
}

Result<QJsonObject> exportDataKey(OperationContext &ctx, const Params &params)
{
    // What the other party gives first: how to wrap, and its public key.
    auto blobText
        = params.requiredString(QStringLiteral("publicKeyBlob"), QStringLiteral("KMS.0131"));
    if (!blobText)
        return blobText.error();
    KMS_TRY(requireWrappingKeySpec(params));
    auto wrappingName
        = params.requiredString(QStringLiteral("wrappingAlgorithm"), QStringLiteral("KMS.0134"));
    if (!wrappingName)
        return wrappingName.error();
    AsymmetricAlgorithm wrapping = AsymmetricAlgorithm::RsaOaepSha256;
    if (*wrappingName == QLatin1String("RSAES_OAEP_SHA_1"))
        wrapping = AsymmetricAlgorithm::RsaOaepSha1;
    else if (*wrappingName != QLatin1String("RSAES_OAEP_SHA_256"))
        return KmsError(QStringLiteral("KMS.0236"),
            QStringLiteral("wrappingAlgorithm is RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1"));
    // PEM text, or the base64 of the DER SubjectPublicKeyInfo.
    QByteArray publicKey = blobText->trimmed().toLatin1();
    if (!publicKey.startsWith("-----BEGIN")) {
        auto der
            = QByteArray::fromBase64Encoding(publicKey, QByteArray::AbortOnBase64DecodingErrors);
        if (!der)
            return KmsError(
                QStringLiteral("KMS.0128"), QStringLiteral("publicKeyBlob is not base64"));
        publicKey = *der;
    }
    auto decoded = crypto::decodePublicKey(publicKey, KeySpec::Rsa2048);
    if (!decoded)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("publicKeyBlob is not an RSA-2048 public key"));

    auto opened = openParameters(ctx, params, QStringLiteral("KMS.0247"));
    if (!opened)
        return opened.error();
    if (opened->blob.kind != CiphertextBlob::Kind::DataKey)
        return KmsError(QStringLiteral("KMS.0247"),
            QStringLiteral("only data keys (GenerateDataKey) are exported"));
    auto exported = crypto::encryptWithPublicKey(decoded->get(), wrapping,
        QByteArray::fromRawData(
            reinterpret_cast<const char *>(opened->plaintext.data()), opened->plaintext.intSize()));
    if (!exported)
        return exported.error();
    return QJsonObject {
        { QStringLiteral("exportedDataKey"), QString::fromLatin1(exported->toBase64()) },
        { QStringLiteral("cmkUuid"), opened->key.key.cmkUuid },
        { QStringLiteral("keyVersionId"), opened->key.version.versionId },
    };
}

Result<QJsonObject> reEncrypt(OperationContext &ctx, const Params &params)
{
    auto bytes = readBase64(params, QStringLiteral("ciphertextBlob"), QStringLiteral("KMS.0108"),
        QStringLiteral("KMS.0219"));
    if (!bytes)
        return bytes.error();
    auto sourceContext = readContext(params, QStringLiteral("sourceEncryptionContext"));
    if (!sourceContext)
        return sourceContext.error();
    auto destinationContext = readContext(params, QStringLiteral("destinationEncryptionContext"));
    if (!destinationContext)
        return destinationContext.error();

    // The plaintext stays in secure memory between the two HSM calls.
    SecureBytes plaintext;
    CiphertextBlob::Kind reEncryptedKind = CiphertextBlob::Kind::Data;
    QString sourceKey;
    QString sourceVersion;
    const bool asymmetricSource
        = params.has(QStringLiteral("sourceCmkUuid")) || !CiphertextBlob::looksLikeBlob(*bytes);
    if (!asymmetricSource) {
        auto opened = open(ctx, *bytes, *sourceContext);
        if (!opened)
            return opened.error();
        plaintext = std::move(opened->plaintext);
        reEncryptedKind = opened->blob.kind;
        sourceKey = opened->key.key.cmkUuid;
        sourceVersion = opened->key.version.versionId;
    } else {
        // An RSA/SM2 ciphertext names nothing: the caller names its key, version, algorithm.
        if (!params.has(QStringLiteral("sourceCmkUuid")))
            return KmsError(QStringLiteral("KMS.0110"));
        auto source = resolveKey(ctx, params, QStringLiteral("sourceCmkUuid"));
        if (!source)
            return source.error().code() == QLatin1String("KMS.0301")
                ? source.error().withCode(QStringLiteral("KMS.0308"))
                : source.error();
        if (!isAsymmetricKey(*source))
            return KmsError(QStringLiteral("KMS.0214"),
                QStringLiteral("an RSA/SM2 ciphertext needs an asymmetric source key"));
        if (source->keyUsage != kEncryptDecrypt)
            return KmsError(QStringLiteral("KMS.0205"),
                QStringLiteral("the source key does not decrypt asymmetrically"));
        KMS_TRY(requireEnabled(*source, QStringLiteral("KMS.0306")));
        auto versionId = params.requiredString(
            QStringLiteral("sourceKeyVersionId"), QStringLiteral("KMS.0111"));
        if (!versionId)
            return versionId.error();
        auto version = useVersion(ctx, *source, *versionId);
        if (!version)
            return version.error();
        auto algorithm = readEncryptionAlgorithm(params,
            QStringLiteral("sourceEncryptionAlgorithm"), QStringLiteral("KMS.0114"), *version);
        if (!algorithm)
            return algorithm.error();
        auto decrypted = version->hsm->asymmetricDecrypt(
            version->ref(), version->version.handle, *algorithm, *bytes);
        if (!decrypted)
            return decrypted.error();
        plaintext = std::move(*decrypted);
        sourceKey = source->cmkUuid;
        sourceVersion = version->version.versionId;
    }
    auto destination = destinationKey(ctx, params);
    if (!destination)
        return destination.error();
    const QByteArray view = QByteArray::fromRawData(
        reinterpret_cast<const char *>(plaintext.data()), plaintext.intSize());
    // A data key stays a data key under its new CMK (its refusals stay KMS.0247).
    auto blob = seal(*destination, reEncryptedKind, view, *destinationContext);
    if (!blob)
        return blob.error();
    ctx.target = destination->key.cmkUuid;
    return QJsonObject {
        { QStringLiteral("ciphertextBlob"), base64(*blob) },
        { QStringLiteral("cmkUuid"), destination->key.cmkUuid },
        { QStringLiteral("keyVersionId"), destination->version.versionId },
        { QStringLiteral("sourceCmkUuid"), sourceKey },
        { QStringLiteral("sourceKeyVersionId"), sourceVersion },
    };
}

Result<QJsonObject> generateDataKey(OperationContext &ctx, const Params &params)
{
    return makeDataKey(ctx, params, true);
}

Result<QJsonObject> generateDataKeyWithoutPlaintext(OperationContext &ctx, const Params &params)
{
    return makeDataKey(ctx, params, false);
}

Result<QJsonObject> getPublicKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!isAsymmetricKey(*key))
        return KmsError(QStringLiteral("KMS.0214"));
    auto versionId
        = params.requiredString(QStringLiteral("keyVersionId"), QStringLiteral("KMS.0105"));
    if (!versionId)
        return versionId.error();
    auto version = useVersion(ctx, *key, *versionId);
    if (!version)
        return version.error();
    return QJsonObject {
        { QStringLiteral("publicKey"), QString::fromLatin1(version->version.publicKeyPem) },
        { QStringLiteral("cmkUuid"), key->cmkUuid },
        { QStringLiteral("keyVersionId"), version->version.versionId },
        { QStringLiteral("keySpec"), key->keySpec },
        { QStringLiteral("keyUsage"), key->keyUsage },
    };
}

Result<QJsonObject> asymmetricSign(OperationContext &ctx, const Params &params)
{
    auto request = readSigningRequest(ctx, params);
    if (!request)
        return request.error();
    const UsableVersion &version = request->version;
    KMS_TRY(requirePrimary(version));
    auto signature = version.hsm->sign(
        version.ref(), version.version.handle, request->algorithm, request->digest);
    if (!signature)
        return signature.error();
    return versionAnswer(version, signAlgorithmName(request->algorithm), QStringLiteral("value"),
        base64(*signature));
}

Result<QJsonObject> asymmetricVerify(OperationContext &ctx, const Params &params)
{
    auto request = readSigningRequest(ctx, params);
    if (!request)
        return request.error();
    auto signature = readBase64(
        params, QStringLiteral("value"), QStringLiteral("KMS.0125"), QStringLiteral("KMS.0128"));
    if (!signature)
        return signature.error();
    auto valid = ctx.publicKeys.verifyDigest(
        request->version.version.publicKeyPem, request->algorithm, request->digest, *signature);
    if (!valid)
        return valid.error();
    return versionAnswer(
        request->version, signAlgorithmName(request->algorithm), QStringLiteral("valid"), *valid);
}

Result<QJsonObject> asymmetricEncrypt(OperationContext &ctx, const Params &params)
{
    auto request = readEncryptionRequest(ctx, params);
    if (!request)
        return request.error();
    KMS_TRY(requirePrimary(request->version));
    auto plaintext = readBase64(params, QStringLiteral("plaintext"), QStringLiteral("KMS.0107"),
        QStringLiteral("KMS.0252"));
    if (!plaintext)
        return plaintext.error();
    auto ciphertext = ctx.publicKeys.encryptWithPublicKey(
        request->version.version.publicKeyPem, request->algorithm, *plaintext);
    if (!ciphertext)
        return ciphertext.error();
    return versionAnswer(request->version, asymmetricAlgorithmName(request->algorithm),
        QStringLiteral("ciphertextBlob"), base64(*ciphertext));
}

Result<QJsonObject> asymmetricDecrypt(OperationContext &ctx, const Params &params)
{
    auto request = readEncryptionRequest(ctx, params);
    if (!request)
        return request.error();
    auto ciphertext = readBase64(params, QStringLiteral("ciphertextBlob"),
        QStringLiteral("KMS.0108"), QStringLiteral("KMS.0239"));
    if (!ciphertext)
        return ciphertext.error();
    const UsableVersion &version = request->version;
    auto plaintext = version.hsm->asymmetricDecrypt(
        version.ref(), version.version.handle, request->algorithm, *ciphertext);
    if (!plaintext)
        return plaintext.error();
    return versionAnswer(version, asymmetricAlgorithmName(request->algorithm),
        QStringLiteral("plaintext"), base64(*plaintext));
}

} // namespace kms::ops
