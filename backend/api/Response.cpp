#include "Response.h"

#include "errors/ErrorCatalog.h"

#include <QHash>

namespace kms {

Response Response::success(QJsonObject data, QString requestId)
{
    Response response;
    response.data = std::move(data);
    response.requestId = std::move(requestId);
    return response;
}

Response Response::failure(const KmsError &error, QString requestId)
{
    Response response;
    response.code = error.code();
    response.detail = error.detail();
    response.requestId = std::move(requestId);
    return response;
}

namespace {

// The catalog part of an envelope: code, httpStatus and both texts.
QJsonObject catalogPart(const ErrorCatalog &catalog, const QString &code)
{
    const ErrorEntry entry = catalog.entryOrInternal(code);
    return QJsonObject {
        { QStringLiteral("code"), entry.code },
        { QStringLiteral("httpStatus"), entry.httpStatus },
        { QStringLiteral("message"), entry.messageEn },
        { QStringLiteral("messageZh"), entry.messageZh },
    };
}

} // namespace

QJsonObject Response::toJson(const ErrorCatalog &catalog) const
{
    QJsonObject json;
    if (&catalog == &ErrorCatalog::builtin() && catalog.contains(code)) {
        // Every answer repeats its catalog row: built once per code and thread, and copied
        // (the built-in catalog never changes).
        thread_local QHash<QString, QJsonObject> parts;
        auto it = parts.constFind(code);
        if (it == parts.constEnd())
            it = parts.insert(code, catalogPart(catalog, code));
        json = *it;
    } else {
        json = catalogPart(catalog, code);
    }
    json.insert(QStringLiteral("requestId"), requestId);
    if (ok())
        json.insert(QStringLiteral("data"), data);
    else if (!detail.isEmpty())
        json.insert(QStringLiteral("detail"), detail);
    return json;
}

} // namespace kms
