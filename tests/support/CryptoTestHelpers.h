#pragma once

// Helpers shared by the crypto tests (master key, software HSM, public-key crypto, known-answer
// vectors): Result checks that print the error code and detail (never a secret), byte
// comparisons that keep key bytes out of failure messages, and the test-data loaders.

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QTest>

namespace kms::test {

// "ok", or the error's code and detail, for a failure message.
template<typename T> QByteArray describe(const Result<T> &result)
{
    if (result.ok())
        return QByteArrayLiteral("ok");
    return (result.error().code() + QStringLiteral(": ") + result.error().detail()).toUtf8();
}

// Compares lengths and bytes and answers a boolean, so a failure prints no secret.
bool sameBytes(const SecureBytes &secure, const QByteArray &plain);
QByteArray toByteArray(const SecureBytes &secure);
// Moves bytes into a secure buffer and wipes the plain copy.
SecureBytes toSecure(QByteArray bytes);
SecureBytes secureFromHex(const char *hex);

// A file under the test data folder: KMS_TEST_DATA (CTest sets it to tests/data), else found
// next to the sources.
QString testDataFile(const QString &name);
// The JSON object in a test data file; empty when the file is missing or not a JSON object.
QJsonObject loadJson(const QString &name);
QByteArray hexField(const QJsonObject &object, const char *field);

} // namespace kms::test

// Each macro evaluates its expression once.
#define VERIFY_OK(expr)                                                                            \
    do {                                                                                           \
        const auto &verifiedResult_ = (expr);                                                      \
        QVERIFY2(verifiedResult_.ok(), ::kms::test::describe(verifiedResult_).constData());        \
    } while (false)
#define VERIFY_ERROR(expr, expectedCode)                                                           \
    do {                                                                                           \
        const auto &verifiedResult_ = (expr);                                                      \
        QVERIFY2(!verifiedResult_.ok(), "expected " expectedCode);                                 \
        QCOMPARE(verifiedResult_.error().code(), QStringLiteral(expectedCode));                    \
    } while (false)
