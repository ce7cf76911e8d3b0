#include "RotationTimeline.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace kms::ui {

namespace {

constexpr int kMargin = 6;
constexpr int kMinColumnWidth = 52;
constexpr int kMaxToolTipLines = 15;
constexpr double kMarkRadius = 4.5;

QColor markColor(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

QColor dueColor()
{
    return QColor(0xc6, 0x28, 0x28); // the red of "now"
}

} // namespace

RotationTimeline::RotationTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("rotationTimeline"));
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_now = QDateTime::currentDateTimeUtc();
    recompute();
}

QDateTime RotationTimeline::horizon(const QDateTime &now)
{
    const QDate today = now.toLocalTime().date();
    const QDate first(today.year(), today.month(), 1);
    return QDateTime(first.addMonths(kMonths), QTime(0, 0), Qt::LocalTime).toUTC().addMSecs(-1);
}

void RotationTimeline::setPlan(const QDateTime &now, const QList<RotationPlanModel::KeyPlan> &plan)
{
    m_now = now;
    m_plan = plan;
    recompute();
    updateGeometry();
    update();
}

void RotationTimeline::recompute()
{
    const QDate today = m_now.toLocalTime().date();
    m_firstMonth = QDate(today.year(), today.month(), 1);
    m_counts = QList<int>(kMonths, 0);
    for (const RotationPlanModel::KeyPlan &key : std::as_const(m_plan)) {
        if (key.paused)
            continue;
        for (const QDateTime &rotation : key.rotations) {
            const int month = monthOf(rotation);
            if (month >= 0)
                ++m_counts[month];
        }
    }
    setMinimumHeight(minimumSizeHint().height());
}

QDate RotationTimeline::monthStart(int month) const
{
    return m_firstMonth.addMonths(month);
}

int RotationTimeline::monthOf(const QDateTime &rotation) const
{
    if (rotation <= m_now)
        return 0; // due: the next run carries it out
    const QDate day = rotation.toLocalTime().date();
    const int month = (day.year() - m_firstMonth.year()) * 12 + day.month() - m_firstMonth.month();
    return month >= 0 && month < kMonths ? month : -1;
}

int RotationTimeline::rotationCount(int month) const
{
    return month >= 0 && month < m_counts.size() ? m_counts.at(month) : 0;
}

QStringList RotationTimeline::rotationsIn(int month) const
{
    struct Entry
    {
        QDateTime when;
        QString text;
    };
    QList<Entry> entries;
    for (const RotationPlanModel::KeyPlan &key : m_plan) {
        for (const QDateTime &rotation : key.rotations) {
            if (monthOf(rotation) != month)
                continue;
            const QString date = rotation <= m_now
                //: A rotation in the timeline's tooltip whose time has come.
                ? tr("due now")
                : rotation.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"));
            QString line = QStringLiteral("%1 — %2").arg(key.name, date);
            if (key.paused)
                //: A rotation of a paused key in the timeline's tooltip.
                line = tr("%1 (paused)").arg(line);
            entries.append({ rotation, line });
        }
    }
    std::stable_sort(entries.begin(), entries.end(),
        [](const Entry &a, const Entry &b) { return a.when < b.when; });
    QStringList lines;
    for (const Entry &entry : entries)
        lines.append(entry.text);
    return lines;
}

QString RotationTimeline::monthTitle(int month) const
{
    //: QDate format of a month column of the rotation timeline (MMM: the English month
    //: abbreviation; a translation may use numbers instead, e.g. yyyy年M月).
    return monthStart(month).toString(tr("MMM yyyy"));
}

QString RotationTimeline::monthToolTip(int month) const
{
    const int count = rotationCount(month);
    //: Tooltip of a month in the rotation timeline: %1 the month, %2 how many rotations.
    QString tip = count == 1 ? tr("%1: 1 rotation").arg(monthTitle(month))
                             : tr("%1: %2 rotations").arg(monthTitle(month)).arg(count);
    const QStringList lines = rotationsIn(month);
    for (int i = 0; i < lines.size() && i < kMaxToolTipLines; ++i)
        tip += QLatin1Char('\n') + lines.at(i);
    if (lines.size() > kMaxToolTipLines)
        //: The end of a long list in a tooltip.
        tip += QLatin1Char('\n') + tr("… and %1 more").arg(lines.size() - kMaxToolTipLines);
    return tip;
}

QString RotationTimeline::keyToolTip(int row) const
{
    const RotationPlanModel::KeyPlan &key = m_plan.at(row);
    QString tip = key.name;
    if (key.name != key.cmkUuid)
        tip += QLatin1Char('\n') + key.cmkUuid;
    tip += QLatin1Char('\n') + RotationPlanModel::intervalText(key.intervalDays);
    if (key.nextRotation.isValid())
        //: Tooltip of a key in the rotation timeline: its next rotation (local time).
        tip += QLatin1Char('\n')
            + tr("Next rotation: %1")
                  .arg(key.nextRotation.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (key.paused)
        tip += QLatin1Char('\n') + tr("Paused: the key is not enabled.");
    return tip;
}

void RotationTimeline::setCurrentKey(const QString &cmkUuid)
{
    if (cmkUuid == m_currentKey)
        return;
    m_currentKey = cmkUuid;
    update();
}

int RotationTimeline::lineHeight() const
{
    return fontMetrics().height();
}

int RotationTimeline::headerHeight() const
{
    // The year, the month, the count.
    return 3 * lineHeight() + 4 * kMargin;
}

int RotationTimeline::rowHeight() const
{
    return lineHeight() + 6;
}

int RotationTimeline::footerHeight() const
{
    return lineHeight() + 2 * kMargin;
}

int RotationTimeline::nameWidth() const
{
    int widest = fontMetrics().horizontalAdvance(tr("Rotations per month"));
    for (const RotationPlanModel::KeyPlan &key : m_plan)
        widest = std::max(widest, fontMetrics().horizontalAdvance(key.name));
    return std::clamp(widest + 2 * kMargin, 120, 240);
}

double RotationTimeline::columnWidth() const
{
    return std::max(double(kMinColumnWidth), double(width() - nameWidth() - kMargin) / kMonths);
}

QSize RotationTimeline::minimumSizeHint() const
{
    const int rows = std::max(1, int(m_plan.size()));
    return QSize(nameWidth() + kMonths * kMinColumnWidth + kMargin,
        headerHeight() + rows * rowHeight() + footerHeight());
}

QSize RotationTimeline::sizeHint() const
{
    const QSize minimum = minimumSizeHint();
    return QSize(std::max(minimum.width(), 900), minimum.height());
}

double RotationTimeline::xOf(const QDateTime &when) const
{
    const QDateTime moment = when < m_now ? m_now : when;
    const QDate day = moment.toLocalTime().date();
    const int month = (day.year() - m_firstMonth.year()) * 12 + day.month() - m_firstMonth.month();
    const double left = nameWidth();
    if (month < 0)
        return left;
    if (month >= kMonths)
        return left + kMonths * columnWidth();
    const QTime time = moment.toLocalTime().time();
    const double fraction
        = (day.day() - 1 + time.msecsSinceStartOfDay() / 86400000.0) / day.daysInMonth();
    return left + (month + fraction) * columnWidth();
}

int RotationTimeline::rowAt(const QPoint &position) const
{
    const int y = position.y() - headerHeight();
    if (y < 0)
        return -1;
    const int row = y / rowHeight();
    return row < m_plan.size() ? row : -1;
}

int RotationTimeline::monthAt(const QPoint &position) const
{
    const double x = position.x() - nameWidth();
    if (x < 0)
        return -1;
    const int month = int(x / columnWidth());
    return month < kMonths ? month : -1;
}

QPoint RotationTimeline::rowCenter(const QString &cmkUuid) const
{
    for (int row = 0; row < m_plan.size(); ++row) {
        if (m_plan.at(row).cmkUuid == cmkUuid)
            return QPoint(nameWidth() / 2, headerHeight() + row * rowHeight() + rowHeight() / 2);
    }
    return QPoint(-1, -1);
}

QPoint RotationTimeline::monthHeaderCenter(int month) const
{
    return QPoint(int(nameWidth() + (month + 0.5) * columnWidth()), headerHeight() / 2);
}

bool RotationTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint position = help->pos();
        const int month = monthAt(position);
        const int row = rowAt(position);
        QString tip;
        if (month < 0 && row >= 0)
            tip = keyToolTip(row);
        else if (month >= 0)
            tip = monthToolTip(month);
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

void RotationTimeline::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && row >= 0) {
        setCurrentKey(m_plan.at(row).cmkUuid);
        emit keyActivated(m_plan.at(row).cmkUuid);
        return;
    }
    QWidget::mousePressEvent(event);
}

void RotationTimeline::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange) {
        updateGeometry();
        update();
    }
    QWidget::changeEvent(event);
}

void RotationTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int left = nameWidth();
    const double column = columnWidth();
    const int right = int(left + kMonths * column);
    const int top = headerHeight();
    const int rows = int(m_plan.size());
    const int bottom = top + std::max(1, rows) * rowHeight();
    const int line = lineHeight();

    painter.fillRect(rect(), pal.color(QPalette::Base));

    // Rows: alternating background, the current key highlighted, the key names on the left.
    for (int row = 0; row < rows; ++row) {
        const RotationPlanModel::KeyPlan &key = m_plan.at(row);
        const QRect rowRect(0, top + row * rowHeight(), right, rowHeight());
        if (key.cmkUuid == m_currentKey) {
            QColor highlight = pal.color(QPalette::Highlight);
            highlight.setAlpha(60);
            painter.fillRect(rowRect, highlight);
        } else if (row % 2 == 1) {
            painter.fillRect(rowRect, pal.color(QPalette::AlternateBase));
        }
        painter.setPen(pal.color(key.paused ? QPalette::PlaceholderText : QPalette::Text));
        const QRect nameRect = rowRect.adjusted(kMargin, 0, -(right - left) - kMargin, 0);
        painter.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
            fontMetrics().elidedText(key.name, Qt::ElideMiddle, nameRect.width()));
    }

    // Month columns: separators (stronger at a new year), titles and counts in the header.
    QFont bold = font();
    bold.setBold(true);
    const int yearY = kMargin;
    const int monthY = yearY + line + kMargin;
    const int countY = monthY + line + kMargin;
    for (int month = 0; month < kMonths; ++month) {
        const int x = int(left + month * column);
        const QDate start = monthStart(month);
        const bool newYear = start.month() == 1;
        QColor separator = pal.color(QPalette::Mid);
        if (!newYear)
            separator.setAlpha(110);
        painter.setPen(QPen(separator, newYear ? 1.5 : 1.0));
        painter.drawLine(x, newYear || month == 0 ? yearY : monthY, x, bottom);

        painter.setPen(pal.color(QPalette::Text));
        if (newYear || month == 0) {
            painter.setFont(bold);
            painter.drawText(QRect(x + 4, yearY, int(3 * column), line),
                Qt::AlignLeft | Qt::AlignVCenter, QString::number(start.year()));
        }
        painter.setFont(month == 0 ? bold : font());
        //: QDate format of a month in the rotation timeline's header (MMM: the English month
        //: abbreviation; a translation may use numbers instead, e.g. M月). The year is above.
        painter.drawText(QRect(x, monthY, int(column), line), Qt::AlignCenter,
            fontMetrics().elidedText(start.toString(tr("MMM")), Qt::ElideRight, int(column) - 2));
        painter.setFont(font());

        const int count = rotationCount(month);
        const QString countText = QString::number(count);
        const int badgeWidth = std::max(line + 4, fontMetrics().horizontalAdvance(countText) + 12);
        const QRectF badge(x + (column - badgeWidth) / 2.0, countY, badgeWidth, line);
        if (count > 0) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(markColor(pal));
            painter.drawRoundedRect(badge, line / 2.0, line / 2.0);
            painter.setPen(pal.color(QPalette::HighlightedText));
            painter.setFont(bold);
        } else {
            painter.setPen(pal.color(QPalette::PlaceholderText));
        }
        painter.drawText(badge, Qt::AlignCenter, countText);
        painter.setFont(font());
        painter.setBrush(Qt::NoBrush);
    }
    if (rows == 0) {
        const QRect message(left + 1, top, right - left - 1, rowHeight());
        painter.fillRect(message, pal.color(QPalette::Base));
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(message, Qt::AlignCenter, tr("No key rotates automatically."));
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(right, kMargin, right, bottom);
    painter.drawLine(0, top - 1, right, top - 1);
    painter.drawLine(0, bottom, right, bottom);
    // The header's left cell: what the counts are.
    painter.setPen(pal.color(QPalette::Text));
    painter.setFont(bold);
    painter.drawText(QRect(kMargin, monthY, left - 2 * kMargin, line),
        Qt::AlignLeft | Qt::AlignVCenter, tr("Key"));
    painter.setFont(font());
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QRect(kMargin, countY, left - 2 * kMargin, line),
        Qt::AlignLeft | Qt::AlignVCenter,
        fontMetrics().elidedText(
            //: Header of the rotation timeline, next to the number of rotations per month.
            tr("Rotations per month"), Qt::ElideRight, left - 2 * kMargin));

    // Today.
    const double todayX = xOf(m_now);
    painter.setPen(QPen(dueColor(), 1.5, Qt::DashLine));
    painter.drawLine(QPointF(todayX, top), QPointF(todayX, bottom));

    // The marks.
    for (int row = 0; row < rows; ++row) {
        const RotationPlanModel::KeyPlan &key = m_plan.at(row);
        const double y = top + row * rowHeight() + rowHeight() / 2.0;
        for (const QDateTime &rotation : key.rotations) {
            if (monthOf(rotation) < 0)
                continue;
            const QPointF center(xOf(rotation), y);
            const bool due = rotation <= m_now;
            if (key.paused) {
                painter.setPen(QPen(pal.color(QPalette::PlaceholderText), 1.5));
                painter.setBrush(Qt::NoBrush);
            } else {
                painter.setPen(Qt::NoPen);
                painter.setBrush(due ? dueColor() : markColor(pal));
            }
            painter.drawEllipse(center, kMarkRadius, kMarkRadius);
        }
    }
    painter.setBrush(Qt::NoBrush);

    // Legend.
    const int legendY = bottom + kMargin;
    int x = left;
    const auto legend = [&](int kind, const QString &text) {
        const QPointF center(x + kMarkRadius, legendY + line / 2.0);
        if (kind == 0) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(markColor(pal));
            painter.drawEllipse(center, kMarkRadius, kMarkRadius);
        } else if (kind == 1) {
            painter.setPen(QPen(pal.color(QPalette::PlaceholderText), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(center, kMarkRadius, kMarkRadius);
        } else {
            painter.setPen(QPen(dueColor(), 1.5, Qt::DashLine));
            painter.drawLine(QPointF(center.x(), legendY), QPointF(center.x(), legendY + line));
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(pal.color(QPalette::Text));
        const int textX = x + int(2 * kMarkRadius) + 4;
        const int textWidth = fontMetrics().horizontalAdvance(text);
        painter.drawText(QRect(textX, legendY, textWidth + 2, line), Qt::AlignVCenter, text);
        x = textX + textWidth + 3 * kMargin;
    };
    //: Legend of the rotation timeline: a filled mark.
    legend(0, tr("Planned rotation"));
    //: Legend of the rotation timeline: a hollow mark.
    legend(1, tr("Paused (key not enabled)"));
    //: Legend of the rotation timeline: the dashed line of today.
    legend(2, tr("Today"));
}

} // namespace kms::ui
