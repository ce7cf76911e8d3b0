#include "Clock.h"

#include <QTimeZone>

namespace kms {

namespace {

// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's
// civil_from_days, https://howardhinnant.github.io/date_algorithms.html); year 0 is 1 BC.
struct CivilDate
{
    qint64 year;
    unsigned month;
    unsigned day;
};

constexpr CivilDate civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const auto dayOfEra = unsigned(days - era * 146097);
    const unsigned yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned shiftedMonth = (5 * dayOfYear + 2) / 153; // March is 0
    const unsigned day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    const unsigned month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    return { qint64(yearOfEra) + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

static_assert(civilFromDays(0).year == 1970 && civilFromDays(0).month == 1);
static_assert(civilFromDays(-1).year == 1969 && civilFromDays(-1).day == 31);
static_assert(civilFromDays(11016).month == 2 && civilFromDays(11016).day == 29); // 2000-02-29

void putDigits(char16_t *out, unsigned value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
}

} // namespace

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

QString formatTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // Every request formats its audit time: this writes what toString(Qt::ISODateWithMs)
    // writes for a UTC time, without its general formatter (a tenth of the cost).
    constexpr qint64 msPerDay = 86'400'000;
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / msPerDay : (ms - msPerDay + 1) / msPerDay;
    const auto msOfDay = unsigned(ms - days * msPerDay);
    const CivilDate date = civilFromDays(days);
    if (date.year < 1 || date.year > 9999) // Qt has no year 0 and writes other years its way
        return time.toUTC().toString(Qt::ISODateWithMs);
    // yyyy-MM-ddTHH:mm:ss.zzzZ
    QString text(24, Qt::Uninitialized);
    auto *out = reinterpret_cast<char16_t *>(text.data());
    putDigits(out, unsigned(date.year), 4);
    out[4] = u'-';
    putDigits(out + 5, date.month, 2);
    out[7] = u'-';
    putDigits(out + 8, date.day, 2);
    out[10] = u'T';
    putDigits(out + 11, msOfDay / 3'600'000, 2);
    out[13] = u':';
    putDigits(out + 14, msOfDay / 60'000 % 60, 2);
    out[16] = u':';
    putDigits(out + 17, msOfDay / 1000 % 60, 2);
    out[19] = u'.';
    putDigits(out + 20, msOfDay % 1000, 3);
    out[23] = u'Z';
    return text;
}

QDateTime parseTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

} // namespace kms
