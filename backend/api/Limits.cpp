#include "Limits.h"

#include "store/Store.h"

#include <utility>

namespace kms {

namespace {

// (setting name, member) pairs of the integer limits.
std::pair<const char *, int Limits::*> const kIntegerLimits[] = {
    { "limits.maxRequestBytes", &Limits::maxRequestBytes },
    { "limits.maxPageSize", &Limits::maxPageSize },
    { "limits.defaultPageSize", &Limits::defaultPageSize },
    { "limits.maxAsymmetricKeysPerRegion", &Limits::maxAsymmetricKeysPerRegion },
    { "limits.minPendingWindowDays", &Limits::minPendingWindowDays },
    { "limits.maxPendingWindowDays", &Limits::maxPendingWindowDays },
    { "limits.minRotationIntervalDays", &Limits::minRotationIntervalDays },
    { "limits.maxRotationIntervalDays", &Limits::maxRotationIntervalDays },
    { "limits.maxAliasLength", &Limits::maxAliasLength },
    { "limits.maxDescriptionLength", &Limits::maxDescriptionLength },
    { "limits.maxPlaintextBytes", &Limits::maxPlaintextBytes },
    { "limits.minDaysBetweenManualRotations", &Limits::minDaysBetweenManualRotations },
    { "limits.maxManualRotationsPerUserPerDay", &Limits::maxManualRotationsPerUserPerDay },
};

const QString kProducts = QStringLiteral("products");

} // namespace

Result<Limits> Limits::load(store::Store &store)
{
    Limits limits;
    for (const auto &[name, member] : kIntegerLimits) {
        auto value = store.setting(QString::fromLatin1(name));
        if (!value)
            return value.error();
        if (!value->has_value())
            continue;
        bool ok = false;
        const int number = (*value)->toInt(&ok);
        if (!ok || number <= 0)
            return KmsError(QStringLiteral("KMS.0503"),
                QStringLiteral("setting %1 is not a positive number")
                    .arg(QString::fromLatin1(name)));
        limits.*member = number;
    }
    auto products = store.setting(kProducts);
    if (!products)
        return products.error();
    if (products->has_value())
        limits.products = (*products)->split(QLatin1Char(','), Qt::SkipEmptyParts);
    return limits;
}

Result<qint64> Limits::positiveSetting(store::Store &store, const QString &name, qint64 fallback)
{
    auto value = store.setting(name);
    if (!value)
        return value.error();
    if (!value->has_value())
        return fallback;
    bool ok = false;
    const qint64 number = (*value)->toLongLong(&ok);
    if (!ok || number <= 0)
        return KmsError(QStringLiteral("KMS.0503"),
            QStringLiteral("the setting %1 is not a positive number").arg(name));
    return number;
}

std::optional<std::pair<qint64, qint64>> Limits::parseQuota(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okCalls = false;
    bool okSeconds = false;
    const qint64 calls = parts.value(0).trimmed().toLongLong(&okCalls);
    const qint64 seconds = parts.value(1).trimmed().toLongLong(&okSeconds);
    if (parts.size() != 2 || !okCalls || !okSeconds || calls < 0 || seconds <= 0)
        return std::nullopt;
    return std::make_pair(calls, seconds);
}

QStringList Limits::settingNames()
{
    QStringList names;
    for (const auto &limit : kIntegerLimits)
        names.append(QString::fromLatin1(limit.first));
    names.append(kProducts);
    return names;
}

} // namespace kms
