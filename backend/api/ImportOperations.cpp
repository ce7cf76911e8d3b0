#include "ImportOperations.h"

#include "api/KeyOperations.h"
#include "core/KeyModel.h"
#include "core/KeySpec.h"
#include "crypto/KeyWrap.h"
#include "hsm/HsmProvider.h"

#include <QUuid>

namespace kms::ops {

using namespace keymodel;
using store::KeyRecord;

namespace {

const QString kSoftwareHsm = QStringLiteral("software");
constexpr int kTokenHours = 24;
constexpr int kRsaCiphertextBytes = 256; // RSA-2048

enum class Wrapping { OaepSha256, OaepSha1, RsaAesKeyWrap };

std::optional<Wrapping> wrappingFromName(const QString &name)
{
    if (name == QLatin1String("RSAES_OAEP_SHA_256"))
        return Wrapping::OaepSha256;
    if (name == QLatin1String("RSAES_OAEP_SHA_1"))
        return Wrapping::OaepSha1;
    if (name == QLatin1String("RSA_AES_KEY_WRAP_SHA_256"))
        return Wrapping::RsaAesKeyWrap;
    return std::nullopt;
}

hsm::KeyRef tokenRef(const store::ImportTokenRecord &token)
{
    return { token.tokenId, token.tokenId, KeySpec::Rsa2048 };
}

// A key that may receive material: origin EXTERNAL and not being deleted (KMS.0210).
Result<KeyRecord> importableKey(OperationContext &ctx, const Params &params)
{
    auto key = resolveKey(ctx, params);
    if (!key)
        return key.error();
    if (!isSymmetric(keySpecFromName(key->keySpec).value_or(KeySpec::Rsa2048)))
        return KmsError(QStringLiteral("KMS.0223"),
            QStringLiteral("%1 keys never take imported material").arg(key->keySpec));
    if (key->origin != kOriginExternal)
        return KmsError(QStringLiteral("KMS.0210"),
            QStringLiteral("only keys of origin EXTERNAL take imported material"));
    if (key->keyState == kPendingDeletion)
        return KmsError(QStringLiteral("KMS.0210"), QStringLiteral("the key is pending deletion"));
    return *key;
}

// The material inside the import wrapping, unwrapped in the HSM that holds the token's key.
Result<SecureBytes> unwrapMaterial(hsm::Hsm &hsm, const store::ImportTokenRecord &token,
    Wrapping wrapping, const QByteArray &wrapped)
{
    if (wrapping == Wrapping::OaepSha256 || wrapping == Wrapping::OaepSha1)
        return hsm.asymmetricDecrypt(tokenRef(token), token.handle,
            wrapping == Wrapping::OaepSha256 ? AsymmetricAlgorithm::RsaOaepSha256
                                             : AsymmetricAlgorithm::RsaOaepSha1,
            wrapped);
    if (wrapped.size() < kRsaCiphertextBytes + 16)
        return KmsError(QStringLiteral("KMS.0239"),
            QStringLiteral("RSA_AES_KEY_WRAP_SHA_256 material is a 256-byte RSA block and a "
                           "wrapped key"));
    auto kek = hsm.asymmetricDecrypt(tokenRef(token), token.handle,
        AsymmetricAlgorithm::RsaOaepSha256, wrapped.left(kRsaCiphertextBytes));
    if (!kek)
        return kek.error();
    if (kek->size() != 32)
        return KmsError(
            QStringLiteral("KMS.0239"), QStringLiteral("the wrapping key is not AES-256"));
    return crypto::aesKeyUnwrapPad(*kek, wrapped.mid(kRsaCiphertextBytes));
}

// The token named in the request, issued for this key and still valid (KMS.0210 otherwise).
Result<store::ImportTokenRecord> validToken(
    OperationContext &ctx, const KeyRecord &key, const QString &tokenId)
{
    auto token = ctx.store.findImportToken(tokenId);
    if (!token)
        return token.error();
    if (!token->has_value())
        return KmsError(
            QStringLiteral("KMS.0210"), QStringLiteral("the import token is not known"));
    if ((*token)->cmkUuid != key.cmkUuid)
        return KmsError(QStringLiteral("KMS.0210"),
            QStringLiteral("the import token was issued for another key"));
    if ((*token)->expireDate <= ctx.clock.now())
        return KmsError(QStringLiteral("KMS.0210"),
            QStringLiteral("the import token expired %1").arg(formatTime((*token)->expireDate)));
    return **token;
}

// When the material expires: none (null) or a future time (KMS.0235 otherwise).
Result<QDateTime> readExpiry(OperationContext &ctx, const Params &params)
{
    auto unix = params.optionalInteger(
        QStringLiteral("keyMaterialExpireUnix"), QStringLiteral("KMS.0235"));
    if (!unix)
        return unix.error();
    if (!unix->has_value() || **unix == 0)
        return QDateTime();
    const QDateTime expiry = QDateTime::fromSecsSinceEpoch(**unix, Qt::UTC);
    if (expiry <= ctx.clock.now())
        return KmsError(QStringLiteral("KMS.0235"),
            QStringLiteral("keyMaterialExpireUnix must lie in the future (or be 0: never)"));
    return expiry;
}

Result<void> scheduleExpiry(OperationContext &ctx, const KeyRecord &key, const QDateTime &expiry)
{
    const QDateTime now = ctx.clock.now();
    KMS_TRY(ctx.store.setMaterialExpireDate(key.cmkUuid, expiry));
    auto queued = expiry.isValid()
        ? ctx.store.scheduleJob(store::kJobExpireMaterial, key.cmkUuid, expiry, now)
        : ctx.store.cancelJob(store::kJobExpireMaterial, key.cmkUuid, now);
    if (!queued)
        return storeFailure(queued.error(), QStringLiteral("KMS.0509"));
    return success();
}

} // namespace

Result<void> removeMaterial(OperationContext &ctx, const KeyRecord &key)
{
    KMS_TRY(destroyVersionMaterial(ctx, key));
    KMS_TRY(ctx.store.clearKeyMaterial(key.cmkUuid));
    KMS_TRY(ctx.store.updateKeyState(key.cmkUuid, kPendingImport, QDateTime()));
    return scheduleExpiry(ctx, key, QDateTime());
}

Result<void> requireWrappingKeySpec(const Params &params)
{
    auto wrappingSpec
        = params.requiredString(QStringLiteral("wrappingKeySpec"), QStringLiteral("KMS.0121"));
    if (!wrappingSpec)
        return wrappingSpec.error();
    if (*wrappingSpec != QLatin1String("RSA_2048"))
        return KmsError(QStringLiteral("KMS.0237"), QStringLiteral("wrappingKeySpec is RSA_2048"));
    return success();
}

Result<QJsonObject> getParametersForImport(OperationContext &ctx, const Params &params)
{
    auto key = importableKey(ctx, params);
    if (!key)
        return key.error();
    auto algorithm
        = params.requiredString(QStringLiteral("wrappingAlgorithm"), QStringLiteral("KMS.0120"));
    if (!algorithm)
        return algorithm.error();
    if (!wrappingFromName(*algorithm))
        return KmsError(QStringLiteral("KMS.0236"),
            QStringLiteral("wrappingAlgorithm is RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1 or "
                           "RSA_AES_KEY_WRAP_SHA_256"));
    KMS_TRY(requireWrappingKeySpec(params));

    auto hsm = holdingHsm(ctx, kSoftwareHsm);
    if (!hsm)
        return hsm.error();
    const QDateTime now = ctx.clock.now();
    store::ImportTokenRecord token;
    token.tokenId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    token.cmkUuid = key->cmkUuid;
    token.wrappingAlgorithm = *algorithm;
    token.hsm = (*hsm)->name();
    token.creationDate = now;
    token.expireDate = now.addSecs(qint64(kTokenHours) * 3600);
    auto handle = (*hsm)->generateKey(tokenRef(token));
    if (!handle)
        return handle.error();
    token.handle = *handle;
    auto pem = (*hsm)->publicKeyPem(tokenRef(token), token.handle);
    if (!pem)
        return pem.error().withCode(QStringLiteral("KMS.0503"));
    token.publicKeyPem = *pem;
    KMS_TRY(ctx.store.insertImportToken(token));
    return QJsonObject {
        { QStringLiteral("cmkUuid"), key->cmkUuid },
        { QStringLiteral("importToken"), token.tokenId },
        { QStringLiteral("publicKey"), QString::fromLatin1(token.publicKeyPem) },
        { QStringLiteral("wrappingAlgorithm"), token.wrappingAlgorithm },
        { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") },
        { QStringLiteral("tokenExpireTime"), formatTime(token.expireDate) },
    };
}

Result<QJsonObject> importKeyMaterial(OperationContext &ctx, const Params &params)
{
    auto key = importableKey(ctx, params);
    if (!key)
        return key.error();
    auto tokenId = params.requiredString(QStringLiteral("importToken"), QStringLiteral("KMS.0123"));
    if (!tokenId)
        return tokenId.error();
    auto text
        = params.requiredString(QStringLiteral("encryptedKeyMaterial"), QStringLiteral("KMS.0124"));
    if (!text)
        return text.error();
    auto wrapped
        = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!wrapped)
        return KmsError(
            QStringLiteral("KMS.0128"), QStringLiteral("encryptedKeyMaterial is not base64"));
    auto expiry = readExpiry(ctx, params);
    if (!expiry)
        return expiry.error();
    auto token = validToken(ctx, *key, *tokenId);
    if (!token)
        return token.error();
    // A client may name the wrapping algorithm again; it must be the token's.
    if (params.has(QStringLiteral("wrappingAlgorithm"))) {
        auto named = params.requiredString(
            QStringLiteral("wrappingAlgorithm"), QStringLiteral("KMS.0134"));
        if (!named)
            return named.error();
        if (*named != token->wrappingAlgorithm)
            return KmsError(QStringLiteral("KMS.0236"),
                QStringLiteral("the import token is for %1").arg(token->wrappingAlgorithm));
    }
    auto hsm = holdingHsm(ctx, token->hsm);
    if (!hsm)
        return hsm.error();

    auto material
        = unwrapMaterial(**hsm, *token, *wrappingFromName(token->wrappingAlgorithm), *wrapped);
    if (!material)
        return material.error();
    const auto spec = keySpecFromName(key->keySpec).value_or(KeySpec::Aes256);
    if (material->size() != static_cast<std::size_t>(symmetricKeyLength(spec)))
        return KmsError(QStringLiteral("KMS.0241"),
            QStringLiteral("%1 material is %2 bytes, not %3")
                .arg(key->keySpec)
                .arg(symmetricKeyLength(spec))
                .arg(material->size()));

    auto fingerprint = (*hsm)->importFingerprint(*material);
    if (!fingerprint)
        return fingerprint.error();
    auto known = ctx.store.findKeyVersionByFingerprint(*fingerprint);
    if (!known)
        return known.error();
    if (known->has_value() && (*known)->cmkUuid != key->cmkUuid)
        return KmsError(QStringLiteral("KMS.0245"),
            QStringLiteral("this material was imported into key %1").arg((*known)->cmkUuid));
    const bool hasMaterial = !key->primaryKeyVersion.isEmpty() && key->keyState != kPendingImport;
    if (hasMaterial && !known->has_value())
        return KmsError(QStringLiteral("KMS.0248"),
            QStringLiteral("the key holds other material; delete it first"));

    if (!hasMaterial) {
        // The material goes where the key's protection level says: the software HSM, or the
        // region's token for protection level HSM (a token object like a generated key's).
        hsm::Hsm *target = *hsm;
        if (key->protectionLevel == kHsm) {
            auto region = ctx.store.findRegion(key->regionId);
            if (!region)
                return region.error();
            auto creating
                = creatingHsm(ctx, region->has_value() ? (*region)->hsm : QString(), spec);
            if (!creating)
                return creating.error();
            target = *creating;
        }
        // Material this key held before comes back into its own version, so what that
        // version encrypted opens again; new material makes a new version.
        store::KeyVersionRecord version;
        if (known->has_value()) {
            version = **known;
        } else {
            version.versionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            version.cmkUuid = key->cmkUuid;
            version.creationDate = ctx.clock.now();
            version.hsm = target->name();
            version.createdBy = ctx.operatorName;
        }
        auto imported = target->importKey({ key->cmkUuid, version.versionId, spec }, *material);
        if (!imported)
            return imported.error();
        if (known->has_value()) {
            KMS_TRY(ctx.store.setKeyVersionHandle(version.versionId, imported->handle));
        } else {
            version.handle = imported->handle;
            version.materialFingerprint = imported->fingerprint;
            KMS_TRY(ctx.store.insertKeyVersion(version));
        }
        KMS_TRY(ctx.store.setPrimaryKeyVersion(key->cmkUuid, version.versionId));
        KMS_TRY(ctx.store.updateKeyState(key->cmkUuid, kEnabled, QDateTime()));
    }
    material->clear();
    KMS_TRY(scheduleExpiry(ctx, *key, *expiry));
    return metadataAnswer(ctx, key->cmkUuid);
}

Result<QJsonObject> deleteKeyMaterial(OperationContext &ctx, const Params &params)
{
    auto key = importableKey(ctx, params);
    if (!key)
        return key.error();
    if (key->primaryKeyVersion.isEmpty() || key->keyState == kPendingImport)
        return KmsError(QStringLiteral("KMS.0210"), QStringLiteral("the key holds no material"));
    KMS_TRY(removeMaterial(ctx, *key));
    return metadataAnswer(ctx, key->cmkUuid);
}

} // namespace kms::ops
