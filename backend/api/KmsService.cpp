#include "KmsService.h"

#include "api/AliasOperations.h"
#include "api/CertificateOperations.h"
#include "api/CryptoOperations.h"
#include "api/ImportOperations.h"
#include "api/JobOperations.h"
#include "api/KeyOperations.h"
#include "api/Limits.h"
#include "api/OperationContext.h"
#include "api/RotationOperations.h"
#include "audit/AuditOperations.h"
#include "core/Clock.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator64>
#include <QUuid>

#include <algorithm>
#include <array>

namespace kms {

namespace {

using Operation = Result<QJsonObject> (*)(OperationContext &, const Params &);

struct ActionEntry
{
    const char *name;
    Operation operation;
};

// Every action of the service, by its name in the API.
constexpr ActionEntry kActions[] = {
    { "CreateKey", &ops::createKey },
    { "DescribeKey", &ops::describeKey },
    { "ListKeys", &ops::listKeys },
    { "UpdateKeyDescription", &ops::updateKeyDescription },
    { "EnableKey", &ops::enableKey },
    { "DisableKey", &ops::disableKey },
    { "ScheduleKeyDeletion", &ops::scheduleKeyDeletion },
    { "CancelKeyDeletion", &ops::cancelKeyDeletion },
    { "GetDefaultKey", &ops::getDefaultKey },
    { "UpdateRotationPolicy", &ops::updateRotationPolicy },
    { "RotateKey", &ops::rotateKey },
    { "ListKeyVersions", &ops::listKeyVersions },
    { "DescribeKeyVersion", &ops::describeKeyVersion },
    { "ListJobs", &ops::listJobs },
    { "RunJob", &ops::runJob },
    { "CreateCertificate", &ops::createCertificate },
    { "UploadCertificate", &ops::uploadCertificate },
    { "DescribeCertificate", &ops::describeCertificate },
    { "ListCertificates", &ops::listCertificates },
    { "UpdateCertificateStatus", &ops::updateCertificateStatus },
    { "DeleteCertificate", &ops::deleteCertificate },
    { "ExportCertificate", &ops::exportCertificate },
    { "CertificatePrivateKeySign", &ops::certificatePrivateKeySign },
    { "CertificatePublicKeyVerify", &ops::certificatePublicKeyVerify },
    { "IssueCertificate", &ops::issueCertificate },
    { "RevokeIssuedCertificate", &ops::revokeIssuedCertificate },
    { "GenerateCrl", &ops::generateCrl },
    { "GetParametersForImport", &ops::getParametersForImport },
    { "ImportKeyMaterial", &ops::importKeyMaterial },
    { "DeleteKeyMaterial", &ops::deleteKeyMaterial },
    { "CreateAlias", &ops::createAlias },
    { "UpdateAlias", &ops::updateAlias },
    { "DeleteAlias", &ops::deleteAlias },
    { "ListAliases", &ops::listAliases },
    { "ListAliasesByKeyId", &ops::listAliasesByKeyId },
    { "Encrypt", &ops::encrypt },
    { "Decrypt", &ops::decrypt },
    { "ReEncrypt", &ops::reEncrypt },
    { "ExportDataKey", &ops::exportDataKey },
    { "GenerateDataKey", &ops::generateDataKey },
    { "GenerateDataKeyWithoutPlaintext", &ops::generateDataKeyWithoutPlaintext },
    { "GetPublicKey", &ops::getPublicKey },
    { "AsymmetricSign", &ops::asymmetricSign },
    { "AsymmetricVerify", &ops::asymmetricVerify },
    { "AsymmetricEncrypt", &ops::asymmetricEncrypt },
    { "AsymmetricDecrypt", &ops::asymmetricDecrypt },
    { "ListAuditEvents", &ops::listAuditEvents },
    { "GetAuditPublicKey", &ops::getAuditPublicKey },
};

// Reads whose success writes no audit row. The audit page pages through the log and the job
// monitor polls ListJobs every minute: auditing those would flood the log with rows about
// reading it (some 1,500 a day from an idle console) and bury what matters. Their failures
// are still audited, and so are exports and verifications of the log (audit/AuditService.h)
// and every other read (DescribeKey, ListKeys, ...), which name keys.
bool isUnauditedRead(const QString &action)
{
    return action == QLatin1String("ListAuditEvents") || action == QLatin1String("ListJobs");
}

Operation findOperation(const QString &action)
{
    const auto it = std::find_if(std::begin(kActions), std::end(kActions),
        [&](const ActionEntry &e) { return action == QLatin1String(e.name); });
    return it == std::end(kActions) ? nullptr : it->operation;
}

// A random (version 4) UUID. QUuid::createUuid() asks the system generator (RDRAND or the
// kernel) for every id, which costs more than the rest of formatting a request id; ids need
// to be unique, not secret, so a generator seeded once from the system one serves.
QString newRequestId()
{
    thread_local QRandomGenerator64 generator = QRandomGenerator64::securelySeeded();
    std::array<quint64, 2> words { generator.generate(), generator.generate() };
    QByteArray bytes(reinterpret_cast<const char *>(words.data()), 16);
    bytes[6] = char((bytes.at(6) & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes.at(8) & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

} // namespace

KmsService::KmsService(store::Store &store, hsm::HsmProvider &hsms, const MasterKey &masterKey,
    const Clock &clock, QString operatorName)
    : m_store(store)
    , m_hsms(hsms)
    , m_clock(clock)
    , m_operatorName(std::move(operatorName))
    , m_audit(masterKey)
    , m_masterKey(masterKey)
{
}

QStringList KmsService::actions()
{
    QStringList names;
    for (const ActionEntry &entry : kActions)
        names.append(QString::fromLatin1(entry.name));
    return names;
}

bool KmsService::hasAction(const QString &action)
{
    return findOperation(action) != nullptr;
}

Result<Limits> KmsService::limits()
{
    auto version = m_store.changeCounter();
    if (!version)
        return version.error();
    if (!m_limits || *version != m_limitsVersion) {
        auto loaded = Limits::load(m_store);
        if (!loaded)
            return loaded.error();
        m_limits = *loaded;
        m_limitsVersion = *version;
    }
    return *m_limits;
}

Response KmsService::call(const QString &action, const QByteArray &body)
{
    return run(action, &body, nullptr);
}

Response KmsService::call(const QString &action, const QJsonObject &params)
{
    return run(action, nullptr, &params);
}

Response KmsService::run(const QString &action, const QByteArray *body, const QJsonObject *given)
{
    const QString requestId = newRequestId();
    auto refuse = [&](const KmsError &error, const OperationContext *ctx = nullptr) {
        audit(action, ctx ? ctx->target : QString(), ctx ? ctx->regionId : QString(), error.code(),
            requestId, false);
        return Response::failure(error, requestId);
    };
    const Operation operation = findOperation(action);
    if (operation == nullptr)
        return refuse(
            KmsError(QStringLiteral("KMS.0405"), QStringLiteral("no action named %1").arg(action)));

    // One transaction for the whole request: checks, the operation's writes and its audit row.
    store::TransactionGuard transaction(m_store);
    if (auto begun = transaction.begin(); !begun)
        return Response::failure(begun.error(), requestId);
    auto limits = this->limits();
    if (!limits) {
        transaction.rollback();
        return refuse(limits.error());
    }
    QJsonObject params;
    if (body != nullptr) {
        if (body->size() > limits->maxRequestBytes) {
            transaction.rollback();
            return refuse(KmsError(QStringLiteral("KMS.0129"),
                QStringLiteral("the request body is larger than %1 bytes")
                    .arg(limits->maxRequestBytes)));
        }
        if (!body->trimmed().isEmpty()) {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(*body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
                transaction.rollback();
                return refuse(KmsError(QStringLiteral("KMS.0128"),
                    parseError.error != QJsonParseError::NoError
                        ? parseError.errorString()
                        : QStringLiteral("the request body must be a JSON "
                                         "object")));
            }
            params = document.object();
        }
    } else {
        params = *given;
    }

    OperationContext ctx { m_store, m_hsms, m_clock, *limits, m_publicKeys, m_operatorName,
        requestId, {}, {}, &m_masterKey };
    const Result<QJsonObject> result = operation(ctx, Params(params));
    if (result && isUnauditedRead(action)) {
        if (transaction.commit())
            return Response::success(*result, requestId);
        transaction.rollback();
        return refuse(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the read could not finish")),
            &ctx);
    }
    if (result) {
        if (audit(action, ctx.target, ctx.regionId, QStringLiteral("0"), requestId, true)
            && transaction.commit())
            return Response::success(*result, requestId);
        // Neither the change nor its audit row are there: say so and audit the failure.
        transaction.rollback();
        return refuse(
            KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the change could not be saved")),
            &ctx);
    }
    transaction.rollback();
    return refuse(result.error(), &ctx);
}

Result<QString> KmsService::recordEvent(
    const QString &action, const QString &target, const QString &resultCode)
{
    const QString requestId = newRequestId();
    if (!audit(action, target, QString(), resultCode, requestId, false))
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the audit row for %1 could not be written").arg(action));
    return requestId;
}

bool KmsService::audit(const QString &action, const QString &target, const QString &regionId,
    const QString &resultCode, const QString &requestId, bool inOpenTransaction)
{
    store::AuditRecord record;
    record.time = m_clock.now();
    record.operatorName = m_operatorName;
    record.action = action;
    record.target = target;
    record.regionId = regionId;
    record.resultCode = resultCode;
    record.requestId = requestId;
    if (inOpenTransaction)
        return m_audit.append(m_store, record).ok();
    store::TransactionGuard transaction(m_store);
    return transaction.begin() && m_audit.append(m_store, record) && transaction.commit();
}

} // namespace kms
