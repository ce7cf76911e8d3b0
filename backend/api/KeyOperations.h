#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"
#include "hsm/Hsm.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonObject>

namespace kms::hsm {
class Hsm;
}

namespace kms::ops {

// Key lifecycle operations (DESIGN.md). Each validates its parameters, acts through the
// context's store and HSMs, and returns the `data` object of its response or the catalog
// error of the first rule it breaks. KmsService runs each inside one transaction.
Result<QJsonObject> createKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> describeKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> listKeys(OperationContext &ctx, const Params &params);
Result<QJsonObject> updateKeyDescription(OperationContext &ctx, const Params &params);
Result<QJsonObject> enableKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> disableKey(OperationContext &ctx, const Params &params);
Result<QJsonObject> scheduleKeyDeletion(OperationContext &ctx, const Params &params);
Result<QJsonObject> cancelKeyDeletion(OperationContext &ctx, const Params &params);
Result<QJsonObject> getDefaultKey(OperationContext &ctx, const Params &params);

// --- shared by the operations on keys, aliases and (later) cryptography ---

// The key named by `cmkUuid`: a key id (KMS.0240 if not a UUID) or an alias name (optional
// `regionId` picks the region when the alias exists in several). KMS.0102 if empty,
// KMS.0301 if no such key. Sets ctx.target and ctx.regionId.
Result<store::KeyRecord> resolveKey(
    OperationContext &ctx, const Params &params, const QString &field = QStringLiteral("cmkUuid"));
bool isKeyId(const QString &text);
// "30d" -> 30 within the configured rotation interval range; KMS.0224 otherwise.
Result<int> parseRotationInterval(const QString &text, const Limits &limits);
bool isDefaultKey(const store::KeyRecord &key);
// The optional `regionId`, which must name a configured region (KMS.0101 otherwise).
Result<QString> optionalRegion(OperationContext &ctx, const Params &params);
// `pageNumber` (≥ 1) and `pageSize` (1..limit; KMS.0130 above, KMS.0231 below).
struct Paging
{
    int pageNumber = 1;
    int pageSize = 20;
    int offset() const { return (pageNumber - 1) * pageSize; }
};
Result<Paging> readPaging(OperationContext &ctx, const Params &params);
// The answer of a listing: `field` holding the rows, totalCount, pageNumber and pageSize.
QJsonObject pageAnswer(
    const QString &field, const QJsonArray &rows, qint64 totalCount, const Paging &paging);

// The HSM that holds material of configuration `hsmName`: KMS.0504 if it is not available.
Result<hsm::Hsm *> holdingHsm(OperationContext &ctx, const QString &hsmName);
// Material of a new key version, made by its HSM: the handle and, for an asymmetric spec,
// the public key. Until keep() it is destroyed again when this goes away, so an operation
// that fails after making it leaves no object behind on a token. (A commit that fails after
// the operation returned still can; such objects carry the console's label and no version
// in the store refers to them.)
class GeneratedMaterial
{
public:
    // The HSM's errors pass through; a public key that cannot be read is KMS.0503.
    static Result<GeneratedMaterial> generate(hsm::Hsm &hsm, const hsm::KeyRef &ref);
    GeneratedMaterial(GeneratedMaterial &&other) noexcept;
    GeneratedMaterial &operator=(GeneratedMaterial &&) = delete;
    ~GeneratedMaterial();

    const QByteArray &handle() const { return m_handle; }
    const QByteArray &publicKeyPem() const { return m_publicKeyPem; }
    void keep() { m_hsm = nullptr; }

private:
    GeneratedMaterial(hsm::Hsm &hsm, hsm::KeyRef ref, QByteArray handle);
    hsm::Hsm *m_hsm;
    hsm::KeyRef m_ref;
    QByteArray m_handle;
    QByteArray m_publicKeyPem;
};

// The HSM of configuration `hsmName` that is to make a key of `spec`: KMS.0505 when it is not
// available or cannot make such keys (the detail names what the token lacks).
Result<hsm::Hsm *> creatingHsm(OperationContext &ctx, const QString &hsmName, KeySpec spec);
QJsonObject keyMetadataJson(const store::KeyRecord &key);
// {"keyMetadata": …} of the key as stored now, plus `extra`; KMS.0301 if it is gone.
Result<QJsonObject> metadataAnswer(
    OperationContext &ctx, const QString &cmkUuid, QJsonObject extra = {});
// The required `regionId` (KMS.0115), which must name a configured region (KMS.0101); a
// storage failure becomes `storeCode`. Sets ctx.regionId.
Result<store::RegionRecord> requiredRegion(
    OperationContext &ctx, const Params &params, const QString &storeCode);
// Destroys the material of every version of the key in the HSM holding it (idempotent; the
// store drops the rows or handles itself). Returns how many versions there were.
Result<qsizetype> destroyVersionMaterial(OperationContext &ctx, const store::KeyRecord &key);
// A storage failure as the operation's own 5xx code, keeping the detail.
KmsError storeFailure(const KmsError &error, const QString &code);

} // namespace kms::ops
