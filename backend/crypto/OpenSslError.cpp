#include "crypto/OpenSslError.h"

#include <openssl/err.h>

#include <QStringList>

namespace kms {

namespace {
// Enough to say what went wrong; deeper entries are only the same failure seen from the
// callers inside OpenSSL.
constexpr int kMaxEntries = 4;
} // namespace

KmsError openSslError(const QString &code, const char *operation)
{
    return openSslError(code, QString::fromLatin1(operation));
}

KmsError openSslError(const QString &code, const QString &operation)
{
    QStringList reasons;
    int dropped = 0;
    while (const unsigned long error = ERR_get_error()) {
        if (reasons.size() >= kMaxEntries) {
            ++dropped;
            continue;
        }
        const char *reason = ERR_reason_error_string(error);
        const char *library = ERR_lib_error_string(error);
        QString text = reason ? QString::fromLatin1(reason)
                              : QStringLiteral("error %1").arg(error, 8, 16, QLatin1Char('0'));
        if (library)
            text += QStringLiteral(" (%1)").arg(QString::fromLatin1(library));
        reasons.append(text);
    }
    if (dropped > 0)
        reasons.append(QStringLiteral("%1 more").arg(dropped));

    QString detail = QStringLiteral("%1 failed").arg(operation);
    if (!reasons.isEmpty())
        detail += QStringLiteral(": ") + reasons.join(QStringLiteral("; "));
    return KmsError(code, detail);
}

void clearOpenSslErrors()
{
    ERR_clear_error();
}

} // namespace kms
