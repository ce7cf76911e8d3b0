#include "AuditOperations.h"

#include "api/KeyOperations.h"
#include "audit/AuditSigningKey.h"
#include "core/Clock.h"

#include <QJsonArray>

namespace kms::ops {

namespace {

KmsError malformed(const QString &detail)
{
    return KmsError(QStringLiteral("KMS.0128"), detail);
}

} // namespace

Result<store::AuditQuery> readAuditQuery(const Params &params)
{
    store::AuditQuery query;
    auto text = [&params](const char *name, QString *into) -> Result<void> {
        auto value = params.optionalString(QString::fromLatin1(name));
        if (!value)
            return value.error();
        *into = value->value_or(QString()).trimmed();
        return success();
    };
    QString from;
    QString to;
    KMS_TRY(text("startTime", &from));
    KMS_TRY(text("endTime", &to));
    KMS_TRY(text("operatorName", &query.operatorName));
    KMS_TRY(text("auditAction", &query.action));
    KMS_TRY(text("target", &query.target));
    KMS_TRY(text("result", &query.result));
    for (auto [textValue, into, name] : { std::tuple { &from, &query.from, "startTime" },
             std::tuple { &to, &query.to, "endTime" } }) {
        if (textValue->isEmpty())
            continue;
        *into = QDateTime::fromString(*textValue, Qt::ISODateWithMs);
        if (!into->isValid())
            return malformed(QStringLiteral("%1 is not an ISO 8601 time").arg(QLatin1String(name)));
        *into = into->toUTC();
    }
    if (query.from.isValid() && query.to.isValid() && query.to < query.from)
        return malformed(QStringLiteral("endTime is before startTime"));
    if (!query.result.isEmpty() && query.result != QLatin1String("SUCCESS")
        && query.result != QLatin1String("FAILURE") && query.result != QLatin1String("0")
        && !query.result.startsWith(QLatin1String("KMS."), Qt::CaseInsensitive))
        return malformed(QStringLiteral("result is SUCCESS, FAILURE or a code such as KMS.0206"));
    if (query.result == QLatin1String("0"))
        query.result = QStringLiteral("SUCCESS");
    QString order;
    KMS_TRY(text("order", &order));
    if (!order.isEmpty() && order != QLatin1String("newestFirst")
        && order != QLatin1String("oldestFirst"))
        return malformed(QStringLiteral("order is newestFirst or oldestFirst"));
    query.oldestFirst = order == QLatin1String("oldestFirst");
    auto before = params.optionalInteger(QStringLiteral("beforeSeq"), QStringLiteral("KMS.0128"));
    if (!before)
        return before.error();
    if (before->has_value()) {
        if (**before < 1)
            return malformed(QStringLiteral("beforeSeq must be 1 or more"));
        query.beforeSeq = **before;
    }
    return query;
}

QJsonObject auditEventJson(const store::AuditRecord &record)
{
    return QJsonObject {
        { QStringLiteral("seq"), record.seq },
        { QStringLiteral("time"), formatTime(record.time) },
        { QStringLiteral("operator"), record.operatorName },
        { QStringLiteral("action"), record.action },
        { QStringLiteral("target"), record.target },
        { QStringLiteral("regionId"), record.regionId },
        { QStringLiteral("resultCode"), record.resultCode },
        { QStringLiteral("requestId"), record.requestId },
        { QStringLiteral("mac"), QString::fromLatin1(record.mac.toHex()) },
    };
}

Result<QJsonObject> listAuditEvents(OperationContext &ctx, const Params &params)
{
    auto query = readAuditQuery(params);
    if (!query)
        return query.error();
    auto paging = readPaging(ctx, params);
    if (!paging)
        return paging.error();
    auto withCount
        = params.optionalBool(QStringLiteral("withTotalCount"), QStringLiteral("KMS.0128"));
    if (!withCount)
        return withCount.error();
    qint64 totalCount = -1;
    if (withCount->value_or(true)) {
        auto counted = ctx.store.auditCount(*query);
        if (!counted)
            return counted.error();
        totalCount = *counted;
    }
    // `offset` (rows to skip) instead of pageNumber, for views that page by rows.
    auto offset = params.optionalInteger(QStringLiteral("offset"), QStringLiteral("KMS.0128"));
    if (!offset)
        return offset.error();
    if (offset->has_value() && **offset < 0)
        return malformed(QStringLiteral("offset must be 0 or more"));
    auto rows = ctx.store.auditPage(*query, offset->value_or(paging->offset()), paging->pageSize);
    if (!rows)
        return rows.error();
    QJsonArray events;
    for (const store::AuditRecord &row : std::as_const(*rows))
        events.append(auditEventJson(row));
    return pageAnswer(QStringLiteral("auditEvents"), events, totalCount, *paging);
}

Result<QJsonObject> getAuditPublicKey(OperationContext &ctx, const Params &)
{
    if (ctx.masterKey == nullptr)
        return KmsError(QStringLiteral("KMS.0503"), QStringLiteral("the store is locked"));
    auto key = AuditSigningKey::loadOrCreate(ctx.store, *ctx.masterKey);
    if (!key)
        return key.error();
    return QJsonObject {
        { QStringLiteral("publicKey"), QString::fromLatin1(key->publicKeyPem()) },
        { QStringLiteral("algorithm"), QStringLiteral("ED25519") },
    };
}

} // namespace kms::ops
