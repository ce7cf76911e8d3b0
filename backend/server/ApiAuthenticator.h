#pragma once

#include "core/Result.h"
#include "server/HttpRequestReader.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

namespace kms {

class MasterKey;

namespace store {
class Store;
}

namespace server {

// Checks the signature of a local API request (docs/api.md, server/RequestSignature.h) and
// names the operator it acts as. Keeps the signatures it accepted while their date is within
// the window, so a request is accepted once (replay protection; in memory only, a restarted
// server accepts a request again within its window). One per server; not thread-safe.
class ApiAuthenticator
{
public:
    static constexpr qint64 kDefaultClockSkewSeconds = 300;
    static inline const QString kClockSkewSetting = QStringLiteral("api.clockSkewSeconds");

    struct Context
    {
        store::Store &store;
        const MasterKey &masterKey;
        const QString &storeUuid;
        QDateTime now;
    };

    // What became of a request. On success `error` is empty and `operatorName` names the
    // operator who owns the access key. A refusal names the access key when the header had a
    // well-formed one, and its operator when the key is known.
    struct Verdict
    {
        std::optional<KmsError> error;
        QString accessKeyId;
        QString operatorName;
    };

    // The checks, in this order: the Authorization header's form (KMS.0402), the X-Sdk-Date
    // header's form (KMS.0403), an active access key of that id (KMS.0402), the signature
    // (KMS.0402), the date within api.clockSkewSeconds of `now` (KMS.0404), a signature not
    // accepted before (KMS.0402, "replayed request").
    Verdict authenticate(const Context &context, const HttpRequestReader::Request &request);

    // Records that the access key signed a request that succeeded (access_keys.last_used), in
    // a transaction of its own.
    static Result<void> noteUse(
        store::Store &store, const QString &accessKeyId, const QDateTime &now);

private:
    void forgetExpired(const QDateTime &now);

    // Accepted signatures and until when they could still pass the date check.
    QHash<QByteArray, QDateTime> m_seen;
    QDateTime m_nextCleanUp;
};

} // namespace server
} // namespace kms
