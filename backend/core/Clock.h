#pragma once

#include <QDateTime>

namespace kms {

// The backend's source of time, so schedules and audit times can be tested.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC, millisecond precision
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

// ISO 8601 UTC with milliseconds ("2026-11-29T04:00:00.000Z"), the API's date format.
QString formatTime(const QDateTime &time);
QDateTime parseTime(const QString &text);

} // namespace kms
