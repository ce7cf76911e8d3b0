#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

namespace kms {

class ErrorCatalog;

// The one response shape of every operation (DESIGN.md, "The API contract").
struct Response
{
    QString code = QStringLiteral("0");
    QString detail; // English context for a failure; never secrets
    QString requestId;
    QJsonObject data; // payload of a success

    bool ok() const { return code == QLatin1String("0"); }
    static Response success(QJsonObject data, QString requestId);
    static Response failure(const KmsError &error, QString requestId);

    // {"code","httpStatus","message","messageZh","requestId","data"|"detail"}: code, status
    // and both texts exactly as in the catalog.
    QJsonObject toJson(const ErrorCatalog &catalog) const;
};

} // namespace kms
