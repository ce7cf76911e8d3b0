#include "KmsService.h"

#include "api/AliasOperations.h"
#include "api/CertificateOperations.h"
#include "api/CryptoOperations.h"
#include "api/DualControl.h"
#include "api/ImportOperations.h"
#include "api/JobOperations.h"
#include "api/KeyOperations.h"
#include "api/Limits.h"
#include "api/OperationContext.h"
#include "api/RotationOperations.h"
#include "audit/AuditOperations.h"
#include "auth/Roles.h"
#include "core/Clock.h"
#include "crypto/CiphertextBlob.h"
#include "store/Store.h"

#include <QJsonArray>
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

const QString kSessionInvalid = QStringLiteral("KMS.0401");
const QString kNoPermission = QStringLiteral("KMS.0405");
const QString kFrozen = QStringLiteral("KMS.0406");
const QString kQuotaExceeded = QStringLiteral("kms.0407"); // lower case, as in the catalog

// Settings of operator mode (docs/formats.md, "Operators").
const QString kIdleTimeoutSetting = QStringLiteral("auth.idleTimeoutSeconds");
const QString kQuotaPrefix = QStringLiteral("limits.quota.");

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

Result<qint64> KmsService::idleTimeoutSeconds(store::Store &store)
{
    return Limits::positiveSetting(store, kIdleTimeoutSetting, kDefaultIdleTimeoutSeconds);
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
        auto operators = m_store.countOperators();
        if (!operators)
            return operators.error();
        auto idleSeconds = idleTimeoutSeconds(m_store);
        if (!idleSeconds)
            return idleSeconds.error();
        auto dualControl = dualcontrol::read(m_store);
        if (!dualControl)
            return dualControl.error();
        m_limits = *loaded;
        m_operatorMode = *operators > 0;
        m_idleTimeoutSeconds = *idleSeconds;
        m_dualControl = *dualControl;
        m_limitsVersion = *version;
    }
    return *m_limits;
}

void KmsService::setOperatorSession(std::shared_ptr<auth::OperatorSession> session)
{
    m_operatorSession = std::move(session);
}

void KmsService::forgetCachedSettings()
{
    m_limits.reset();
    m_limitsVersion = -1;
}

Result<bool> KmsService::operatorMode()
{
    auto limits = this->limits();
    if (!limits)
        return limits.error();
    return m_operatorMode;
}

Result<KmsService::Actor> KmsService::currentActor()
{
    if (!m_operatorSession)
        return KmsError(kSessionInvalid, QStringLiteral("no operator is logged in"));
    if (const auto before = m_operatorSession->current())
        m_callOperator = auth::auditOperator(before->name, before->role);
    bool expired = false;
    const auto signedIn = m_operatorSession->use(m_clock.now(), m_idleTimeoutSeconds, &expired);
    if (!signedIn)
        return KmsError(kSessionInvalid,
            expired ? QStringLiteral("the session expired after %1 s without a call")
                          .arg(m_idleTimeoutSeconds)
                    : QStringLiteral("no operator is logged in"));
    // The store decides: an administrator may have frozen the operator or changed its role.
    auto actor = storedActor(signedIn->name);
    if (!actor) {
        if (actor.error().code() == kSessionInvalid || actor.error().code() == kFrozen)
            m_operatorSession->signOut();
        return actor.error();
    }
    if (actor->role != signedIn->role)
        m_operatorSession->setRole(actor->role);
    return actor;
}

Result<KmsService::Actor> KmsService::storedActor(const QString &name)
{
    auto record = m_store.findOperator(name);
    if (!record)
        return record.error();
    const auto role = record->has_value() ? auth::parseRole((*record)->role) : std::nullopt;
    if (!role)
        return KmsError(kSessionInvalid, QStringLiteral("the operator no longer exists"));
    m_callOperator = auth::auditOperator(name, *role);
    if ((*record)->frozen)
        return KmsError(kFrozen, QStringLiteral("operator %1 is frozen").arg(name));
    return Actor { name, *role };
}

Result<void> KmsService::checkQuota(const QString &action)
{
    auto setting = m_store.setting(kQuotaPrefix + action);
    if (!setting)
        return setting.error();
    if (!setting->has_value()) {
        setting = m_store.setting(kQuotaPrefix + QStringLiteral("default"));
        if (!setting)
            return setting.error();
        if (!setting->has_value())
            return success();
    }
    const auto quota = Limits::parseQuota(**setting);
    if (!quota)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the quota setting for %1 is not N/SECONDS").arg(action));
    const QDateTime since = m_clock.now().addSecs(-quota->second);
    auto calls = m_store.countAuditCalls(m_callOperator, action, since, kQuotaExceeded);
    if (!calls)
        return calls.error();
    if (*calls >= quota->first)
        return KmsError(kQuotaExceeded,
            QStringLiteral("%1 calls of %2 within %3 s allowed")
                .arg(quota->first)
                .arg(action)
                .arg(quota->second));
    return success();
}

Result<void> KmsService::checkGranted(const Actor &actor, const QStringList &keyIds)
{
    auto grants = m_store.operatorGrants(actor.name);
    if (!grants)
        return grants.error();
    for (const QString &id : keyIds) {
        if (id.isEmpty() || !grants->contains(id))
            return KmsError(kNoPermission,
                id.isEmpty() ? QStringLiteral("a crypto user may act only on keys granted to it")
                             : QStringLiteral("%1 is not granted to %2").arg(id, actor.name));
    }
    return success();
}

Result<void> KmsService::checkGrantedBefore(const Actor &actor, const QJsonObject &params)
{
    // Keys named by id, or inside a ciphertext blob; aliases resolve in the operation and are
    // checked on what it acted on (KmsService::run), before anything is answered.
    QStringList named;
    for (const char *field :
        { "cmkUuid", "sourceCmkUuid", "destinationCmkUuid", "certificateId" }) {
        const QString value = params.value(QLatin1String(field)).toString();
        if (!value.isEmpty() && !value.startsWith(QLatin1String("alias/")))
            named.append(value);
    }
    const QString blobText = params.value(QLatin1String("ciphertextBlob")).toString();
    if (!blobText.isEmpty()) {
        if (const auto blob = CiphertextBlob::parse(QByteArray::fromBase64(blobText.toLatin1())))
            named.append(blob->cmkUuid);
    }
    return checkGranted(actor, named);
}

Result<void> KmsService::administer(const QString &action, const QString &target,
    bool needsAdministrator,
    const std::function<Result<void>(const std::optional<Actor> &)> &change, bool keepOnFailure,
    const QString &auditOperator)
{
    const QString requestId = newRequestId();
    m_callOperator = m_operatorName;
    if (const auto signedIn = m_operatorSession ? m_operatorSession->current() : std::nullopt)
        m_callOperator = auth::auditOperator(signedIn->name, signedIn->role);
    store::TransactionGuard transaction(m_store);
    KMS_TRY(transaction.begin());
    auto finish = [&](const Result<void> &result) -> Result<void> {
        if (!auditOperator.isNull())
            m_callOperator = auditOperator;
        const QString code = result ? QStringLiteral("0") : result.error().code();
        if (result || keepOnFailure) {
            if (audit(action, target, QString(), code, requestId, true) && transaction.commit())
                return result;
            transaction.rollback();
            const KmsError failed(
                QStringLiteral("KMS.0503"), QStringLiteral("the change could not be saved"));
            audit(action, target, QString(), failed.code(), requestId, false);
            return failed;
        }
        transaction.rollback();
        audit(action, target, QString(), code, requestId, false);
        return result;
    };
    auto mode = operatorMode();
    if (!mode)
        return finish(mode.error());
    std::optional<Actor> actor;
    if (*mode && needsAdministrator) {
        auto who = currentActor();
        if (!who)
            return finish(who.error());
        if (!auth::roleAllows(who->role, auth::ActionClass::Administration))
            return finish(KmsError(kNoPermission,
                QStringLiteral("role %1 may not %2").arg(auth::roleName(who->role), action)));
        actor = *who;
    }
    return finish(change(actor));
}

Response KmsService::call(const QString &action, const QByteArray &body)
{
    return run(action, &body, nullptr);
}

Response KmsService::call(const QString &action, const QJsonObject &params)
{
    return run(action, nullptr, &params);
}

Response KmsService::callAs(const QString &name, const QString &action, const QByteArray &body)
{
    return run(action, &body, nullptr, &name);
}

Response KmsService::runScheduledJob(qint64 jobId)
{
    const QJsonObject params { { QStringLiteral("jobId"), jobId } };
    return run(QStringLiteral("RunJob"), nullptr, &params, nullptr, true);
}

Response KmsService::run(const QString &action, const QByteArray *body, const QJsonObject *given,
    const QString *asOperator, bool scheduled)
{
    const QString requestId = newRequestId();
    m_callOperator = asOperator ? *asOperator : m_operatorName;
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
    // Operator mode: a live log-in whose role may call the action, within its quota, checked
    // before the request is even read.
    std::optional<Actor> actor;
    if (scheduled && m_operatorMode)
        m_callOperator = kSchedulerOperator;
    if ((m_operatorMode || asOperator) && !scheduled) {
        auto who = asOperator ? storedActor(*asOperator) : currentActor();
        if (!who) {
            transaction.rollback();
            return refuse(who.error());
        }
        actor = *who;
        const auto actionClass = auth::actionClass(action);
        if (!actionClass || !auth::roleAllows(actor->role, *actionClass)) {
            transaction.rollback();
            return refuse(KmsError(kNoPermission,
                QStringLiteral("role %1 may not call %2")
                    .arg(auth::roleName(actor->role), action)));
        }
        if (auto within = checkQuota(action); !within) {
            transaction.rollback();
            return refuse(within.error());
        }
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

    const bool needsGrant = actor && auth::roleNeedsGrant(actor->role);
    if (needsGrant) {
        if (auto granted = checkGrantedBefore(*actor, params); !granted) {
            transaction.rollback();
            return refuse(granted.error());
        }
    }

    // Dual control (api/DualControl.h): the action uses up a second officer's approval, given
    // back if the action fails.
    std::optional<auth::Approval> approval;
    if (actor && m_dualControl.contains(action)) {
        const QString target = dualcontrol::requestTarget(m_store, action, params, QString());
        if (m_operatorSession) // a service without a console's log-in has no approvals
            approval
                = m_operatorSession->approvals().take(action, target, actor->name, m_clock.now());
        if (!approval) {
            transaction.rollback();
            const KmsError needed = dualcontrol::approvalNeeded(action, target);
            audit(action, target, QString(), needed.code(), requestId, false);
            return Response::failure(needed, requestId);
        }
    }

    OperationContext ctx { m_store, m_hsms, m_clock, *limits, m_publicKeys,
        actor ? actor->name : m_operatorName, requestId, {}, {}, {}, false, &m_masterKey };
    if (needsGrant) {
        auto grants = m_store.operatorGrants(actor->name);
        if (!grants) {
            transaction.rollback();
            return refuse(grants.error());
        }
        ctx.grantedKeys = *grants;
    }
    Result<QJsonObject> result = operation(ctx, Params(params));
    if (!result && approval)
        m_operatorSession->approvals().grant(*approval);
    if (needsGrant) {
        // What the operation acted on (an alias resolved, the key of a blob) must be granted
        // too; a refusal here rolls back whatever it did and answers nothing of it.
        QStringList keyIds { ctx.target };
        if (result) {
            for (const char *field : { "cmkUuid", "sourceCmkUuid", "certificateId" }) {
                const QString value = result->value(QLatin1String(field)).toString();
                if (!value.isEmpty())
                    keyIds.append(value);
            }
        }
        if ((result && !ctx.listedGrantedOnly) || !ctx.target.isEmpty()) {
            if (auto granted = checkGranted(*actor, keyIds); !granted)
                result = granted.error();
        }
    }
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

Result<QString> KmsService::recordEvent(const QString &action, const QString &target,
    const QString &resultCode, const QString &auditOperator)
{
    const QString requestId = newRequestId();
    m_callOperator = m_operatorName;
    if (const auto signedIn = m_operatorSession ? m_operatorSession->current() : std::nullopt)
        m_callOperator = auth::auditOperator(signedIn->name, signedIn->role);
    if (!auditOperator.isEmpty())
        m_callOperator = auditOperator;
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
    record.operatorName = m_callOperator.isNull() ? m_operatorName : m_callOperator;
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
