#include "ApiAuthenticator.h"

#include "api/Limits.h"
#include "auth/AccessKeys.h"
#include "server/RequestSignature.h"
#include "store/Store.h"

namespace kms::server {

namespace {

const QString kSignWrong = QStringLiteral("KMS.0402");
const QString kTimeFormatWrong = QStringLiteral("KMS.0403");
const QString kOutOfTime = QStringLiteral("KMS.0404");

} // namespace

void ApiAuthenticator::forgetExpired(const QDateTime &now)
{
    if (m_nextCleanUp.isValid() && now < m_nextCleanUp)
        return;
    m_seen.removeIf([&now](const auto &entry) { return entry.value() < now; });
    m_nextCleanUp = now.addSecs(10);
}

ApiAuthenticator::Verdict ApiAuthenticator::authenticate(
    const Context &context, const HttpRequestReader::Request &request)
{
    Verdict verdict;
    auto refuse = [&verdict](const QString &code, const QString &detail) {
        verdict.error = KmsError(code, detail);
        return verdict;
    };
    int count = 0;
    const auto header = request.header("authorization", &count);
    if (!header)
        return refuse(kSignWrong,
            count == 0 ? QStringLiteral("the Authorization header is missing")
                       : QStringLiteral("the Authorization header is repeated"));
    const auto authorization = signature::parseAuthorization(*header);
    if (!authorization)
        return refuse(kSignWrong,
            QStringLiteral("the Authorization header is not \"%1 Access=..., "
                           "SignedHeaders=%2, Signature=<64 hex digits>\"")
                .arg(signature::kAlgorithm, signature::kSignedHeaders));
    if (!auth::isValidAccessKeyId(authorization->accessKeyId))
        return refuse(kSignWrong, QStringLiteral("the access key id is malformed"));
    verdict.accessKeyId = authorization->accessKeyId;

    const auto dateText = request.header("x-sdk-date", &count);
    if (!dateText)
        return refuse(kTimeFormatWrong,
            count == 0 ? QStringLiteral("the X-Sdk-Date header is missing")
                       : QStringLiteral("the X-Sdk-Date header is repeated"));
    const QDateTime date = signature::parseDate(*dateText);
    if (!date.isValid())
        return refuse(kTimeFormatWrong,
            QStringLiteral("X-Sdk-Date must be UTC in the form 20261129T101500Z"));

    auto record = context.store.findAccessKey(verdict.accessKeyId);
    if (!record) {
        verdict.error = record.error();
        return verdict;
    }
    if (!record->has_value())
        return refuse(kSignWrong, QStringLiteral("unknown access key"));
    verdict.operatorName = (*record)->operatorName;
    if ((*record)->status != auth::kAccessKeyActive)
        return refuse(kSignWrong, QStringLiteral("the access key is disabled"));

    auto secret = auth::unwrapAccessKeySecret(
        context.masterKey, (*record)->wrappedSecret, verdict.accessKeyId, context.storeUuid);
    if (!secret) {
        verdict.error = secret.error();
        return verdict;
    }
    const QByteArray canonical
        = signature::canonicalString(request.method, request.target, *dateText, request.body);
    const QByteArray expected = QByteArray::fromHex(signature::sign(*secret, canonical));
    secret->clear();
    if (expected.size() != authorization->signature.size()
        || !secureEqual(expected.constData(), authorization->signature.constData(),
            std::size_t(expected.size())))
        return refuse(kSignWrong, QStringLiteral("the signature does not match"));

    auto skew = Limits::positiveSetting(context.store, kClockSkewSetting, kDefaultClockSkewSeconds);
    if (!skew) {
        verdict.error = skew.error();
        return verdict;
    }
    const qint64 off = date.secsTo(context.now);
    if (off > *skew || off < -*skew)
        return refuse(kOutOfTime,
            QStringLiteral("X-Sdk-Date is %1 s %2 the server's clock; at most %3 s allowed")
                .arg(qAbs(off))
                .arg(off > 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"))
                .arg(*skew));

    forgetExpired(context.now);
    if (m_seen.contains(authorization->signature))
        return refuse(kSignWrong, QStringLiteral("replayed request"));
    m_seen.insert(authorization->signature, date.addSecs(*skew));
    return verdict;
}

Result<void> ApiAuthenticator::noteUse(
    store::Store &store, const QString &accessKeyId, const QDateTime &now)
{
    store::TransactionGuard transaction(store);
    KMS_TRY(transaction.begin());
    auto record = store.findAccessKey(accessKeyId);
    if (!record)
        return record.error();
    if (!record->has_value())
        return success(); // deleted meanwhile
    (*record)->lastUsed = now;
    KMS_TRY(store.updateAccessKey(**record));
    return transaction.commit();
}

} // namespace kms::server
