#include "Response.h"

#include "errors/ErrorCatalog.h"

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

QJsonObject Response::toJson(const ErrorCatalog &catalog) const
{
    const ErrorEntry entry = catalog.entryOrInternal(code);
    QJsonObject json {
        { QStringLiteral("code"), entry.code },
        { QStringLiteral("httpStatus"), entry.httpStatus },
        { QStringLiteral("message"), entry.messageEn },
        { QStringLiteral("messageZh"), entry.messageZh },
        { QStringLiteral("requestId"), requestId },
    };
    if (ok())
        json.insert(QStringLiteral("data"), data);
    else if (!detail.isEmpty())
        json.insert(QStringLiteral("detail"), detail);
    return json;
}

} // namespace kms
