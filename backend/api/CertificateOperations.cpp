#include "CertificateOperations.h"

#include "api/KeyOperations.h"
#include "core/KeyModel.h"
#include "core/KeySpec.h"
#include "crypto/Certificates.h"
#include "crypto/MessageDigest.h"
#include "crypto/PublicKeyCache.h"
#include "hsm/HsmProvider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace kms::ops {

using namespace keymodel;
using crypto::CertificateInfo;
using store::CertificateRecord;

namespace {

const QLatin1String kPendingImport("PENDING_IMPORT");
const QLatin1String kActive("ACTIVE");
const QLatin1String kInactive("INACTIVE");
const QLatin1String kRevoked("REVOKED");

constexpr int kMaxSans = 10;
constexpr int kMaxRawMessage = 4096;
constexpr int kMaxValidityDays = 7300;

// The certificate's key lives in the HSM like a key version: the certificate id is both its
// key id and its version id.
hsm::KeyRef keyRef(const CertificateRecord &certificate)
{
    return { certificate.certificateId, certificate.certificateId,
        keySpecFromName(certificate.keySpec).value_or(KeySpec::Rsa2048) };
}

// `certificateId`: KMS0255 when empty, KMS.0138 when not an id, KMS.0309 when unknown,
// KMS0310 when deleted. Sets the audit target.
Result<CertificateRecord> readCertificate(OperationContext &ctx, const Params &params,
    const QString &field = QStringLiteral("certificateId"))
{
    auto id = params.requiredString(field, QStringLiteral("KMS0255"));
    if (!id)
        return id.error();
    ctx.target = *id;
    if (!isKeyId(*id))
        return KmsError(
            QStringLiteral("KMS.0138"), QStringLiteral("%1 is not a certificate id").arg(field));
    auto found = ctx.store.findCertificate(*id);
    if (!found)
        return found.error();
    if (!found->has_value())
        return KmsError(QStringLiteral("KMS.0309"));
    if ((*found)->deletedDate.isValid())
        return KmsError(QStringLiteral("KMS0310"),
            QStringLiteral("deleted %1").arg(formatTime((*found)->deletedDate)));
    ctx.regionId = (*found)->regionId;
    return **found;
}

Result<CertificateInfo> certificateOf(const CertificateRecord &record)
{
    if (record.certificateDer.isEmpty())
        return KmsError(QStringLiteral("KMS0257"));
    return crypto::parseCertificate(record.certificateDer);
}

Result<QList<CertificateInfo>> chainOf(const CertificateRecord &record)
{
    return crypto::parseCertificateChain(record.chainPem);
}

QJsonObject certificateJson(const CertificateRecord &record, bool detailed)
{
    QJsonObject json {
        { QStringLiteral("certificateId"), record.certificateId },
        { QStringLiteral("regionId"), record.regionId },
        { QStringLiteral("keySpec"), record.keySpec },
        { QStringLiteral("status"), record.status },
        { QStringLiteral("subject"), record.subject },
        { QStringLiteral("subjectAlternativeNames"),
            QJsonDocument::fromJson(record.subjectAlternativeNames.toUtf8()).array() },
        { QStringLiteral("issuer"), record.issuer },
        { QStringLiteral("serialNumber"), record.serialNumber },
        { QStringLiteral("notBefore"), formatTime(record.notBefore) },
        { QStringLiteral("notAfter"), formatTime(record.notAfter) },
        { QStringLiteral("exportablePrivateKey"), record.exportablePrivateKey },
        { QStringLiteral("isCa"), record.isCa },
        { QStringLiteral("protectionLevel"),
            record.hsm == QLatin1String("software") ? QString(kSoftware) : QString(kHsm) },
        { QStringLiteral("creationDate"), formatTime(record.creationDate) },
        { QStringLiteral("updateDate"), formatTime(record.updateDate) },
    };
    if (detailed) {
        json.insert(QStringLiteral("csr"), QString::fromLatin1(record.csrPem));
        if (auto info = crypto::parseCertificate(record.certificateDer);
            info && !record.certificateDer.isEmpty()) {
            json.insert(QStringLiteral("certificate"), QString::fromLatin1(crypto::toPem(*info)));
            json.insert(QStringLiteral("text"), info->text);
            json.insert(QStringLiteral("sha256Fingerprint"), info->sha256Fingerprint);
        }
        QJsonArray chain;
        if (auto links = crypto::parseCertificateChain(record.chainPem)) {
            for (const CertificateInfo &link : *links)
                chain.append(QJsonObject { { QStringLiteral("subject"), link.subject },
                    { QStringLiteral("issuer"), link.issuer },
                    { QStringLiteral("notAfter"), formatTime(link.notAfter) } });
        }
        json.insert(QStringLiteral("chain"), chain);
    }
    return json;
}

// Fills the certificate columns of the record from a parsed certificate.
void adopt(CertificateRecord &record, const CertificateInfo &info, const QByteArray &chainPem)
{
    record.certificateDer = info.der;
    record.chainPem = chainPem;
    record.issuer = info.issuer;
    record.serialNumber = info.serialNumber;
    record.notBefore = info.notBefore;
    record.notAfter = info.notAfter;
    record.isCa = info.canSignCertificates;
}

// A random positive serial number of 16 bytes from the HSM.
Result<QByteArray> newSerial(hsm::Hsm &hsm)
{
    auto random = hsm.randomBytes(16);
    if (!random)
        return random.error();
    QByteArray serial(reinterpret_cast<const char *>(random->data()), random->intSize());
    serial[0] = char(serial.at(0) & 0x7f);
    if (serial.at(0) == 0)
        serial[0] = 0x01; // keep 16 significant bytes
    return serial;
}

// An integer parameter within [low, high] (default when absent); KMS.0128 otherwise.
Result<int> boundedInteger(
    const Params &params, const QString &name, int fallback, int low, int high)
{
    auto value = params.optionalInteger(name, QStringLiteral("KMS.0128"));
    if (!value)
        return value.error();
    const qint64 number = value->value_or(fallback);
    if (number < low || number > high)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("%1 must be %2 to %3").arg(name).arg(low).arg(high));
    return int(number);
}

Result<crypto::DistinguishedName> readSubject(const Params &params)
{
    const QJsonValue value = params.json().value(QStringLiteral("subject"));
    if (!value.isObject() || value.toObject().isEmpty())
        return KmsError(QStringLiteral("KMS0254"));
    const QJsonObject subject = value.toObject();
    for (auto it = subject.constBegin(); it != subject.constEnd(); ++it) {
        if (!it.value().isString())
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("subject field %1 must be text").arg(it.key()));
    }
    crypto::DistinguishedName dn;
    dn.commonName = subject.value(QStringLiteral("CN")).toString().trimmed();
    dn.country = subject.value(QStringLiteral("C")).toString().trimmed();
    dn.organization = subject.value(QStringLiteral("O")).toString().trimmed();
    dn.organizationalUnit = subject.value(QStringLiteral("OU")).toString().trimmed();
    dn.state = subject.value(QStringLiteral("ST")).toString().trimmed();
    dn.locality = subject.value(QStringLiteral("L")).toString().trimmed();
    if (dn.commonName.isEmpty() || dn.country.isEmpty() || dn.organization.isEmpty()
        || dn.organizationalUnit.isEmpty())
        return KmsError(
            QStringLiteral("KMS0254"), QStringLiteral("the subject needs CN, C, O and OU"));
    static const QRegularExpression country(QStringLiteral("^[A-Z]{2}$"));
    if (!country.match(dn.country).hasMatch())
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("C is a two-letter country code such as CN"));
    for (const QString *field :
        { &dn.commonName, &dn.organization, &dn.organizationalUnit, &dn.state, &dn.locality }) {
        if (field->size() > 64)
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("subject fields are at most 64 characters"));
    }
    return dn;
}

Result<QStringList> readSans(const Params &params)
{
    QStringList sans;
    const QJsonValue value = params.json().value(QStringLiteral("subjectAlternativeNames"));
    if (value.isUndefined() || value.isNull())
        return sans;
    if (!value.isArray())
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("subjectAlternativeNames is an array of names"));
    for (const QJsonValue &name : value.toArray()) {
        if (!name.isString() || name.toString().trimmed().isEmpty())
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("subjectAlternativeNames holds non-empty names"));
        sans.append(name.toString().trimmed());
    }
    if (sans.size() > kMaxSans)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("at most %1 subject alternative names").arg(kMaxSans));
    return sans;
}

// A certificate (PEM text, or DER in base64): KMS.0140 if neither.
Result<CertificateInfo> readCertificateParam(const Params &params, const QString &name)
{
    auto text = params.requiredString(name, QStringLiteral("KMS.0101"));
    if (!text)
        return text.error();
    if (text->contains(QLatin1String("-----BEGIN")))
        return crypto::parseCertificate(text->toLatin1());
    auto der
        = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!der)
        return KmsError(QStringLiteral("KMS.0140"),
            QStringLiteral("%1 is neither PEM nor base64 DER").arg(name));
    return crypto::parseCertificate(*der);
}

// Signs with the certificate's private key inside its HSM.
Result<void> withPrivateKey(
    OperationContext &ctx, const CertificateRecord &record, const hsm::Hsm::PrivateKeyUse &use)
{
    auto hsm = holdingHsm(ctx, record.hsm);
    if (!hsm)
        return hsm.error();
    return (*hsm)->usePrivateKey(keyRef(record), record.handle, use);
}

// The certificate may be used for signing: active (KMS0257 before upload, KMS0259 revoked,
// KMS.0143 inactive).
Result<void> requireActive(const CertificateRecord &record)
{
    if (record.status == kPendingImport)
        return KmsError(QStringLiteral("KMS0257"));
    if (record.status == kRevoked)
        return KmsError(QStringLiteral("KMS0259"));
    if (record.status != kActive)
        return KmsError(
            QStringLiteral("KMS.0143"), QStringLiteral("the certificate is %1").arg(record.status));
    return success();
}

struct SignRequest
{
    SignAlgorithm algorithm = SignAlgorithm::RsaPkcs1Sha256;
    QByteArray digest;
};

// algorithm (KMS.0106, KMS.0212), messageType RAW | DIGEST (KMS.0137), message (KMS.0107,
// KMS.0252; RAW at most 4 KiB: KMS.0249; DIGEST 32 bytes: KMS.0128).
Result<SignRequest> readSignRequest(const Params &params, const CertificateRecord &record)
{
    SignRequest request;
    auto name = params.requiredString(QStringLiteral("algorithm"), QStringLiteral("KMS.0106"));
    if (!name)
        return name.error();
    const auto spec = keySpecFromName(record.keySpec);
    const auto algorithm = signAlgorithmFromName(*name);
    if (!algorithm || !spec || specOf(*algorithm) != *spec)
        return KmsError(QStringLiteral("KMS.0212"),
            QStringLiteral("%1 is not an algorithm of %2 keys").arg(*name, record.keySpec));
    request.algorithm = *algorithm;
    auto type = params.requiredString(QStringLiteral("messageType"), QStringLiteral("KMS.0137"));
    if (!type)
        return type.error();
    if (*type != QLatin1String("RAW") && *type != QLatin1String("DIGEST"))
        return KmsError(QStringLiteral("KMS.0137"), QStringLiteral("messageType is RAW or DIGEST"));
    auto text = params.requiredString(QStringLiteral("message"), QStringLiteral("KMS.0107"));
    if (!text)
        return text.error();
    auto message
        = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!message || text->size() % 4 != 0)
        return KmsError(QStringLiteral("KMS.0252"), QStringLiteral("message is not base64"));
    if (*type == QLatin1String("DIGEST")) {
        if (message.decoded.size() != crypto::kSignDigestLength)
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("a DIGEST message is %1 bytes").arg(crypto::kSignDigestLength));
        request.digest = *message;
        return request;
    }
    if (message.decoded.size() > kMaxRawMessage)
        return KmsError(QStringLiteral("KMS.0249"),
            QStringLiteral("a RAW message is at most %1 bytes").arg(kMaxRawMessage));
    auto digest = crypto::messageDigest(record.publicKeyPem, *algorithm, *message);
    if (!digest)
        return digest.error();
    request.digest = *digest;
    return request;
}

// The CA named by `caCertificateId`: active (requireActive) and able to sign certificates
// (KMS.0143 otherwise), with its certificate.
struct UsableCa
{
    CertificateRecord record;
    CertificateInfo certificate;
};

Result<UsableCa> readCa(OperationContext &ctx, const Params &params)
{
    auto ca = readCertificate(ctx, params, QStringLiteral("caCertificateId"));
    if (!ca)
        return ca.error();
    KMS_TRY(requireActive(*ca));
    if (!ca->isCa)
        return KmsError(QStringLiteral("KMS.0143"), QStringLiteral("the certificate is not a CA"));
    auto info = certificateOf(*ca);
    if (!info)
        return info.error();
    return UsableCa { *ca, *info };
}

} // namespace

Result<QJsonObject> createCertificate(OperationContext &ctx, const Params &params)
{
    auto region = requiredRegion(ctx, params, QStringLiteral("KMS.0503"));
    if (!region)
        return region.error();
    auto specName = params.requiredString(QStringLiteral("keySpec"), QStringLiteral("KMS.0253"));
    if (!specName)
        return specName.error();
    const auto spec = keySpecFromName(*specName);
    if (!spec || isSymmetric(*spec))
        return KmsError(QStringLiteral("KMS.0141"),
            QStringLiteral("certificate keys are RSA_2048, EC_P256 or EC_SM2"));
    auto subject = readSubject(params);
    if (!subject)
        return subject.error();
    auto sans = readSans(params);
    if (!sans)
        return sans.error();
    auto exportable
        = params.optionalBool(QStringLiteral("exportablePrivateKey"), QStringLiteral("KMS.0217"));
    if (!exportable)
        return exportable.error();
    auto selfSigned = params.optionalBool(QStringLiteral("selfSigned"), QStringLiteral("KMS.0217"));
    if (!selfSigned)
        return selfSigned.error();
    auto validity
        = boundedInteger(params, QStringLiteral("validityDays"), 3650, 1, kMaxValidityDays);
    if (!validity)
        return validity.error();
    auto protection = params.optionalString(QStringLiteral("protectionLevel"));
    if (!protection)
        return protection.error();
    QString hsmName = QStringLiteral("software");
    if (protection->has_value() && **protection == kHsm) {
        if (!region->hsm.startsWith(QLatin1String("pkcs11:")))
            return KmsError(QStringLiteral("KMS.0218"),
                QStringLiteral("region %1 has no PKCS#11 HSM configured").arg(region->regionId));
        if (exportable->value_or(false))
            return KmsError(QStringLiteral("KMS.0142"),
                QStringLiteral("keys in a hardware HSM are never exportable"));
        hsmName = region->hsm;
    } else if (protection->has_value() && **protection != kSoftware) {
        return KmsError(
            QStringLiteral("KMS.0218"), QStringLiteral("protectionLevel is SOFTWARE or HSM"));
    }
    auto creating = creatingHsm(ctx, hsmName, *spec);
    if (!creating)
        return creating.error();
    hsm::Hsm *hsm = *creating;

    const QDateTime now = ctx.clock.now();
    CertificateRecord record;
    record.certificateId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    ctx.target = record.certificateId;
    record.regionId = region->regionId;
    record.keySpec = *specName;
    record.hsm = hsm->name();
    record.exportablePrivateKey = exportable->value_or(false);
    record.subject = subject->toString();
    record.subjectAlternativeNames = QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(*sans)).toJson(QJsonDocument::Compact));
    record.status = kPendingImport;
    record.creationDate = now;
    record.updateDate = now;

    auto material = GeneratedMaterial::generate(*hsm, keyRef(record));
    if (!material)
        return material.error();
    record.handle = material->handle();
    record.publicKeyPem = material->publicKeyPem();

    QByteArray certificateDer;
    KMS_TRY(hsm->usePrivateKey(keyRef(record), record.handle, [&](EVP_PKEY *key) -> Result<void> {
        auto csr = crypto::makeCsr(key, *spec, *subject, *sans);
        if (!csr)
            return csr.error();
        record.csrPem = *csr;
        if (!selfSigned->value_or(false))
            return success();
        auto serial = newSerial(*hsm);
        if (!serial)
            return serial.error();
        crypto::IssueRequest request;
        request.csrPem = record.csrPem;
        request.profile = crypto::CertificateProfile::RootCa;
        request.notBefore = now;
        request.notAfter = now.addDays(*validity);
        request.serial = *serial;
        auto issued = crypto::issueCertificate(key, *spec, request);
        if (!issued)
            return issued.error();
        certificateDer = *issued;
        return success();
    }));
    if (!certificateDer.isEmpty()) {
        auto info = crypto::parseCertificate(certificateDer);
        if (!info)
            return info.error();
        adopt(record, *info, {});
        record.status = kActive;
    }
    if (auto inserted = ctx.store.insertCertificate(record); !inserted)
        return inserted.error();
    material->keep();
    QJsonObject answer = certificateJson(record, false);
    answer.insert(QStringLiteral("csr"), QString::fromLatin1(record.csrPem));
    if (!certificateDer.isEmpty())
        answer.insert(QStringLiteral("certificate"),
            QString::fromLatin1(crypto::toPem(*crypto::parseCertificate(certificateDer))));
    return QJsonObject { { QStringLiteral("certificate"), answer } };
}

Result<QJsonObject> uploadCertificate(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    if (record->status == kRevoked)
        return KmsError(QStringLiteral("KMS0259"));
    auto info = readCertificateParam(params, QStringLiteral("certificate"));
    if (!info)
        return info.error();
    auto chainText = params.optionalString(QStringLiteral("certificateChain"));
    if (!chainText)
        return chainText.error();
    const QByteArray chainPem = chainText->value_or(QString()).toLatin1();
    auto chain = crypto::parseCertificateChain(chainPem);
    if (!chain)
        return chain.error();
    KMS_TRY(crypto::requireSameKey(*info, record->publicKeyPem));
    KMS_TRY(crypto::verifyChain(*info, *chain));

    QByteArray normalizedChain;
    for (const CertificateInfo &link : *chain)
        normalizedChain += crypto::toPem(link);
    adopt(*record, *info, normalizedChain);
    if (record->status == kPendingImport)
        record->status = kActive;
    record->updateDate = ctx.clock.now();
    if (auto updated = ctx.store.updateCertificate(*record); !updated)
        return updated.error();
    return QJsonObject { { QStringLiteral("certificate"), certificateJson(*record, false) } };
}

Result<QJsonObject> describeCertificate(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    return QJsonObject { { QStringLiteral("certificate"), certificateJson(*record, true) } };
}

Result<QJsonObject> listCertificates(OperationContext &ctx, const Params &params)
{
    store::CertificateQuery query;
    auto regionId = optionalRegion(ctx, params);
    if (!regionId)
        return regionId.error();
    query.regionId = *regionId;
    auto status = params.optionalString(QStringLiteral("status"));
    if (!status)
        return status.error();
    query.status = status->value_or(QString());
    if (!query.status.isEmpty() && query.status != kPendingImport && query.status != kActive
        && query.status != kInactive && query.status != kRevoked)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("status is PENDING_IMPORT, ACTIVE, INACTIVE or REVOKED"));
    auto subject = params.optionalString(QStringLiteral("subject"));
    if (!subject)
        return subject.error();
    query.subject = subject->value_or(QString());
    auto expiring = params.optionalString(QStringLiteral("expiringBefore"));
    if (!expiring)
        return expiring.error();
    if (expiring->has_value() && !(*expiring)->isEmpty()) {
        query.expiringBefore = parseTime(**expiring);
        if (!query.expiringBefore.isValid())
            return KmsError(QStringLiteral("KMS.0235"),
                QStringLiteral("expiringBefore must be like 2027-01-01T00:00:00.000Z"));
    }
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    query.offset = paging->offset();
    query.limit = paging->pageSize;
    auto page = ctx.store.listCertificates(query);
    if (!page)
        return page.error();
    QJsonArray rows;
    for (const CertificateRecord &record : page->rows)
        rows.append(certificateJson(record, false));
    return pageAnswer(QStringLiteral("certificates"), rows, page->totalCount, *paging);
}

Result<QJsonObject> updateCertificateStatus(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    auto status = params.requiredString(QStringLiteral("status"), QStringLiteral("KMS0256"));
    if (!status)
        return status.error();
    if (*status != kActive && *status != kInactive && *status != kRevoked)
        return KmsError(
            QStringLiteral("KMS.0128"), QStringLiteral("status is ACTIVE, INACTIVE or REVOKED"));
    if (record->status == kRevoked)
        return KmsError(QStringLiteral("KMS0259"));
    if (record->status == kPendingImport)
        return KmsError(QStringLiteral("KMS0257"));
    if (*status == kActive && record->status == kActive)
        return KmsError(QStringLiteral("KMS0258"));
    if (*status == kInactive && record->status == kInactive)
        return KmsError(QStringLiteral("KMS0260"));

    const QDateTime now = ctx.clock.now();
    if (*status == kRevoked) {
        // A certificate this store's CA issued goes on that CA's revocation list: the rows
        // with its serial number whose CA is its issuer.
        auto issued = ctx.store.findIssuedBySerial(record->serialNumber);
        if (!issued)
            return issued.error();
        for (const store::IssuedCertificateRecord &row : *issued) {
            auto ca = ctx.store.findCertificate(row.caCertificateId);
            if (!ca)
                return ca.error();
            if (ca->has_value() && (*ca)->subject == record->issuer
                && !row.revocationDate.isValid())
                KMS_TRY(
                    ctx.store.revokeIssuedCertificate(row.caCertificateId, row.serialNumber, now));
        }
    }
    record->status = *status;
    record->updateDate = now;
    if (auto updated = ctx.store.updateCertificate(*record); !updated)
        return updated.error();
    return QJsonObject { { QStringLiteral("certificate"), certificateJson(*record, false) } };
}

Result<QJsonObject> deleteCertificate(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    auto hsm = holdingHsm(ctx, record->hsm);
    if (!hsm)
        return hsm.error();
    KMS_TRY((*hsm)->destroyKey(keyRef(*record), record->handle));
    const QDateTime now = ctx.clock.now();
    record->handle.clear(); // the wrapped private key goes; the certificate stays as history
    record->deletedDate = now;
    record->updateDate = now;
    if (auto updated = ctx.store.updateCertificate(*record); !updated)
        return updated.error();
    return QJsonObject { { QStringLiteral("certificateId"), record->certificateId },
        { QStringLiteral("deletedDate"), formatTime(now) } };
}

Result<QJsonObject> exportCertificate(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    auto format = params.requiredString(QStringLiteral("format"), QStringLiteral("KMS.0144"));
    if (!format)
        return format.error();
    static const QStringList formats { QStringLiteral("PEM"), QStringLiteral("DER"),
        QStringLiteral("CHAIN_PEM"), QStringLiteral("PKCS12") };
    if (!formats.contains(*format))
        return KmsError(
            QStringLiteral("KMS.0144"), QStringLiteral("format is PEM, DER, CHAIN_PEM or PKCS12"));
    auto info = certificateOf(*record);
    if (!info)
        return info.error();
    auto chain = chainOf(*record);
    if (!chain)
        return chain.error();

    QByteArray content;
    if (*format == QLatin1String("PEM")) {
        content = crypto::toPem(*info);
    } else if (*format == QLatin1String("DER")) {
        content = info->der;
    } else if (*format == QLatin1String("CHAIN_PEM")) {
        content = crypto::toPem(*info);
        for (const CertificateInfo &link : *chain)
            content += crypto::toPem(link);
    } else {
        if (!record->exportablePrivateKey || record->hsm != QLatin1String("software"))
            return KmsError(QStringLiteral("KMS.0142"),
                record->exportablePrivateKey
                    ? QStringLiteral("the key is in a hardware HSM")
                    : QStringLiteral("the key was not created exportable"));
        auto password
            = params.requiredString(QStringLiteral("password"), QStringLiteral("KMS.0101"));
        if (!password)
            return password.error();
        if (password->size() < 8)
            return KmsError(QStringLiteral("KMS.0128"),
                QStringLiteral("the PKCS#12 password has at least 8 characters"));
        QByteArray pkcs12;
        KMS_TRY(withPrivateKey(ctx, *record, [&](EVP_PKEY *key) -> Result<void> {
            auto made = crypto::makePkcs12(*info, *chain, key, password->toUtf8(), record->subject);
            if (!made)
                return made.error();
            pkcs12 = *made;
            return success();
        }));
        content = pkcs12;
    }
    const bool text = *format == QLatin1String("PEM") || *format == QLatin1String("CHAIN_PEM");
    return QJsonObject { { QStringLiteral("certificateId"), record->certificateId },
        { QStringLiteral("format"), *format },
        { text ? QStringLiteral("content") : QStringLiteral("contentBase64"),
            text ? QString::fromLatin1(content) : QString::fromLatin1(content.toBase64()) } };
}

Result<QJsonObject> certificatePrivateKeySign(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    KMS_TRY(requireActive(*record));
    auto request = readSignRequest(params, *record);
    if (!request)
        return request.error();
    hsm::Hsm *hsm = ctx.hsms.hsmFor(record->hsm);
    if (hsm == nullptr)
        return KmsError(QStringLiteral("KMS.0504"),
            QStringLiteral("the HSM %1 holding this key is not available").arg(record->hsm));
    auto signature
        = hsm->sign(keyRef(*record), record->handle, request->algorithm, request->digest);
    if (!signature)
        return signature.error();
    return QJsonObject { { QStringLiteral("certificateId"), record->certificateId },
        { QStringLiteral("algorithm"), signAlgorithmName(request->algorithm) },
        { QStringLiteral("signature"), QString::fromLatin1(signature->toBase64()) } };
}

Result<QJsonObject> certificatePublicKeyVerify(OperationContext &ctx, const Params &params)
{
    auto record = readCertificate(ctx, params);
    if (!record)
        return record.error();
    if (record->status == kPendingImport)
        return KmsError(QStringLiteral("KMS0257"));
    auto request = readSignRequest(params, *record);
    if (!request)
        return request.error();
    auto text = params.requiredString(QStringLiteral("signature"), QStringLiteral("KMS.0125"));
    if (!text)
        return text.error();
    auto signature
        = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!signature)
        return KmsError(QStringLiteral("KMS.0128"), QStringLiteral("signature is not base64"));
    auto valid = ctx.publicKeys.verifyDigest(
        record->publicKeyPem, request->algorithm, request->digest, *signature);
    if (!valid)
        return valid.error();
    return QJsonObject { { QStringLiteral("certificateId"), record->certificateId },
        { QStringLiteral("valid"), *valid } };
}

Result<QJsonObject> issueCertificate(OperationContext &ctx, const Params &params)
{
    auto usable = readCa(ctx, params);
    if (!usable)
        return usable.error();
    CertificateRecord *ca = &usable->record;
    const CertificateInfo *caInfo = &usable->certificate;
    auto csr = params.requiredString(QStringLiteral("csr"), QStringLiteral("KMS.0101"));
    if (!csr)
        return csr.error();
    auto csrInfo = crypto::parseCsr(csr->toLatin1());
    if (!csrInfo)
        return csrInfo.error();
    auto profileName = params.requiredString(QStringLiteral("profile"), QStringLiteral("KMS.0101"));
    if (!profileName)
        return profileName.error();
    const auto profile = crypto::certificateProfileFromName(*profileName);
    if (!profile || *profile == crypto::CertificateProfile::RootCa)
        return KmsError(QStringLiteral("KMS.0128"),
            QStringLiteral("profile is INTERMEDIATE_CA, TLS_SERVER, TLS_CLIENT or CODE_SIGNING"));
    auto validity
        = boundedInteger(params, QStringLiteral("validityDays"), 365, 1, kMaxValidityDays);
    if (!validity)
        return validity.error();
    const QDateTime now = ctx.clock.now();
    // Never beyond the CA's own validity: the certificate ends with its issuer at the latest.
    const QDateTime notAfter = std::min(now.addDays(*validity), caInfo->notAfter);

    auto hsm = holdingHsm(ctx, ca->hsm);
    if (!hsm)
        return hsm.error();
    auto serial = newSerial(**hsm);
    if (!serial)
        return serial.error();
    crypto::IssueRequest request;
    request.csrPem = csr->toLatin1();
    request.profile = *profile;
    request.notBefore = now;
    request.notAfter = notAfter;
    request.serial = *serial;
    request.issuer = &*caInfo;
    QByteArray der;
    const auto caSpec = keySpecFromName(ca->keySpec).value_or(KeySpec::Rsa2048);
    KMS_TRY(withPrivateKey(ctx, *ca, [&](EVP_PKEY *key) -> Result<void> {
        auto issued = crypto::issueCertificate(key, caSpec, request);
        if (!issued)
            return issued.error();
        der = *issued;
        return success();
    }));
    auto issued = crypto::parseCertificate(der);
    if (!issued)
        return issued.error();
    store::IssuedCertificateRecord row { ca->certificateId, issued->serialNumber, issued->subject,
        *profileName, now, issued->notAfter, {} };
    if (auto inserted = ctx.store.insertIssuedCertificate(row); !inserted)
        return inserted.error();

    QByteArray chain = crypto::toPem(*caInfo) + ca->chainPem;
    return QJsonObject { { QStringLiteral("certificate"),
                             QString::fromLatin1(crypto::toPem(*issued)) },
        { QStringLiteral("certificateChain"), QString::fromLatin1(chain) },
        { QStringLiteral("serialNumber"), issued->serialNumber },
        { QStringLiteral("subject"), issued->subject },
        { QStringLiteral("notAfter"), formatTime(issued->notAfter) } };
}

Result<QJsonObject> revokeIssuedCertificate(OperationContext &ctx, const Params &params)
{
    auto ca = readCertificate(ctx, params, QStringLiteral("caCertificateId"));
    if (!ca)
        return ca.error();
    auto serial = params.requiredString(QStringLiteral("serialNumber"), QStringLiteral("KMS.0101"));
    if (!serial)
        return serial.error();
    const QString normalized = serial->toUpper().remove(QLatin1Char(':'));
    auto issued = ctx.store.findIssuedCertificate(ca->certificateId, normalized);
    if (!issued)
        return issued.error();
    if (!issued->has_value())
        return KmsError(QStringLiteral("KMS.0309"),
            QStringLiteral("this CA issued no certificate with serial %1").arg(normalized));
    if ((*issued)->revocationDate.isValid())
        return KmsError(QStringLiteral("KMS0259"));
    const QDateTime now = ctx.clock.now();
    KMS_TRY(ctx.store.revokeIssuedCertificate(ca->certificateId, normalized, now));
    return QJsonObject { { QStringLiteral("serialNumber"), normalized },
        { QStringLiteral("revocationDate"), formatTime(now) } };
}

Result<QJsonObject> generateCrl(OperationContext &ctx, const Params &params)
{
    auto usable = readCa(ctx, params);
    if (!usable)
        return usable.error();
    CertificateRecord *ca = &usable->record;
    const CertificateInfo *caInfo = &usable->certificate;
    auto nextUpdateDays = boundedInteger(params, QStringLiteral("nextUpdateDays"), 30, 1, 366);
    if (!nextUpdateDays)
        return nextUpdateDays.error();
    auto issued = ctx.store.listIssuedCertificates(ca->certificateId);
    if (!issued)
        return issued.error();
    QList<crypto::RevokedEntry> revoked;
    for (const store::IssuedCertificateRecord &row : *issued) {
        if (row.revocationDate.isValid())
            revoked.append({ row.serialNumber, row.revocationDate });
    }
    const QDateTime now = ctx.clock.now();
    ca->crlNumber += 1;
    QByteArray crl;
    const auto caSpec = keySpecFromName(ca->keySpec).value_or(KeySpec::Rsa2048);
    KMS_TRY(withPrivateKey(ctx, *ca, [&](EVP_PKEY *key) -> Result<void> {
        auto made = crypto::makeCrl(
            key, caSpec, *caInfo, revoked, ca->crlNumber, now, now.addDays(*nextUpdateDays));
        if (!made)
            return made.error();
        crl = *made;
        return success();
    }));
    ca->updateDate = now;
    if (auto updated = ctx.store.updateCertificate(*ca); !updated)
        return updated.error();
    return QJsonObject { { QStringLiteral("crl"), QString::fromLatin1(crl) },
        { QStringLiteral("crlNumber"), ca->crlNumber },
        { QStringLiteral("revokedCount"), revoked.size() } };
}

} // namespace kms::ops
