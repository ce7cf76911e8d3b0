#pragma once

#include "core/Result.h"

#include <QStringList>

#include <optional>
#include <utility>

namespace kms::store {
class Store;
}

namespace kms {

// Configurable limits (DESIGN.md, "Limits"). Stored as settings in the key store
// ("limits.<name>", "products"); anything not set keeps the default written here.
struct Limits
{
    int maxRequestBytes = 64 * 1024;
    int maxPageSize = 100;
    int defaultPageSize = 20;
    int maxAsymmetricKeysPerRegion = 50;
    int minPendingWindowDays = 7;
    int maxPendingWindowDays = 366;
    int minRotationIntervalDays = 7;
    int maxRotationIntervalDays = 730;
    int maxAliasLength = 255; // characters after "alias/"
    int maxDescriptionLength = 8192;
    int maxPlaintextBytes = 4096; // Encrypt, after base64 decoding
    int minDaysBetweenManualRotations = 7; // RotateKey: KMS.0229 sooner
    int maxManualRotationsPerUserPerDay = 100; // RotateKey: KMS.0228 beyond, in 24 hours
    // Products that may have a default key (alias/acs/<product>).
    QStringList products = { QStringLiteral("ecs"), QStringLiteral("evs"), QStringLiteral("obs"),
        QStringLiteral("rds"), QStringLiteral("sfs"), QStringLiteral("ims") };

    // The limits in force for a store. KMS.0503 if the settings cannot be read or hold a
    // value that is not a positive number.
    static Result<Limits> load(store::Store &store);
    // The setting names load() reads, for `kmsctl config`.
    static QStringList settingNames();
    // A setting that holds a positive whole number (auth.idleTimeoutSeconds,
    // api.clockSkewSeconds, ...): `fallback` when unset, KMS.0503 when it holds anything else.
    static Result<qint64> positiveSetting(
        store::Store &store, const QString &name, qint64 fallback);
    // "N/SECONDS" of a per-operator quota (limits.quota.ACTION): N calls within SECONDS;
    // nullopt if malformed.
    static std::optional<std::pair<qint64, qint64>> parseQuota(const QString &text);
};

} // namespace kms
