#pragma once

#include "core/Clock.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// How models and pages show the values of API answers.
namespace kms::display {

// A text field of an answer object ("" when absent).
inline QString field(const QJsonObject &object, const char *name)
{
    return object.value(QLatin1String(name)).toString();
}

enum class Precision { Minutes, Seconds };

// A time in the viewer's local time, "" when unset.
inline QString localTime(const QDateTime &time, Precision precision = Precision::Seconds)
{
    if (!time.isValid())
        return {};
    return time.toLocalTime().toString(precision == Precision::Seconds
            ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
            : QStringLiteral("yyyy-MM-dd HH:mm"));
}

// The same for an API time (ISO 8601 UTC text).
inline QString localTime(const QString &apiTime, Precision precision = Precision::Seconds)
{
    return localTime(parseTime(apiTime), precision);
}

} // namespace kms::display
