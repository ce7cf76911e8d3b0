#pragma once

#include "RotationPlanModel.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

namespace kms::ui {

// The rotation plan at a glance: the coming months as columns (the current month first), one
// row per key with automatic rotation, a mark on each day the key rotates (its next rotation,
// then one interval after another), and the number of rotations per month in the header. A
// paused key (not Enabled) shows hollow marks: it does not rotate until enabled. Rotations
// already due sit at today's line. Tooltips list the keys of a month; a click on a row picks
// the key.
class RotationTimeline : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMonths = 12;

    explicit RotationTimeline(QWidget *parent = nullptr);

    // Shows `plan` (as RotationPlanModel::plan gives it) for the months from the one `now`
    // (local time) falls in.
    void setPlan(const QDateTime &now, const QList<RotationPlanModel::KeyPlan> &plan);
    const QList<RotationPlanModel::KeyPlan> &plan() const { return m_plan; }
    // The end of the last month shown (UTC): how far ahead plan() must look.
    static QDateTime horizon(const QDateTime &now);

    // The first day of month column `month` (0 = the current month).
    QDate monthStart(int month) const;
    // The month column a rotation falls in (a due one in the current month); -1 if beyond.
    int monthOf(const QDateTime &rotation) const;
    // Rotations in a month column, not counting paused keys.
    int rotationCount(int month) const;
    // "alias/name — 2026-03-05" for every rotation of the month (paused ones marked).
    QStringList rotationsIn(int month) const;
    QString monthToolTip(int month) const;
    // The month's name in the current language ("Mar 2026", "2026年3月").
    QString monthTitle(int month) const;

    // The key whose row is highlighted ("" for none).
    void setCurrentKey(const QString &cmkUuid);
    const QString &currentKey() const { return m_currentKey; }
    // The middle of a key's row and of a month column, in widget coordinates (tests).
    QPoint rowCenter(const QString &cmkUuid) const;
    QPoint monthHeaderCenter(int month) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void keyActivated(const QString &cmkUuid);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int lineHeight() const;
    int headerHeight() const;
    int rowHeight() const;
    int footerHeight() const;
    int nameWidth() const;
    double columnWidth() const;
    int rowAt(const QPoint &position) const;
    int monthAt(const QPoint &position) const;
    // The x of a moment on the time axis (clamped to the shown span).
    double xOf(const QDateTime &when) const;
    QString keyToolTip(int row) const;
    void recompute();

    QDateTime m_now;
    QDate m_firstMonth;
    QList<RotationPlanModel::KeyPlan> m_plan;
    QList<int> m_counts; // by month
    QString m_currentKey;
};

} // namespace kms::ui
