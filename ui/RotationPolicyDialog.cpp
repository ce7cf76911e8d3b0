#include "RotationPolicyDialog.h"

#include "DisplayText.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "RotationPlanModel.h"

#include "api/StoreSession.h"
#include "core/Clock.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QEvent>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace kms::ui {

namespace {

using display::field;

} // namespace

RotationPolicyDialog::RotationPolicyDialog(
    KmsClient &client, const QJsonObject &keyMetadata, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_key(keyMetadata)
{
    setObjectName(QStringLiteral("rotationPolicyDialog"));
    m_keyLabel = new QLabel(this);
    m_keyLabel->setObjectName(QStringLiteral("keyLabel"));
    m_keyLabel->setTextFormat(Qt::PlainText);
    m_keyLabel->setWordWrap(true);
    m_enableCheckBox = new QCheckBox(this);
    m_enableCheckBox->setObjectName(QStringLiteral("enableRotationCheckBox"));
    m_intervalLabel = new QLabel(this);
    m_intervalSpinBox = new QSpinBox(this);
    m_intervalSpinBox->setObjectName(QStringLiteral("rotationIntervalSpinBox"));
    m_intervalSpinBox->setRange(kMinIntervalDays, kMaxIntervalDays);
    m_intervalLabel->setBuddy(m_intervalSpinBox);
    m_firstDateCheckBox = new QCheckBox(this);
    m_firstDateCheckBox->setObjectName(QStringLiteral("firstRotationCheckBox"));
    m_firstDateEdit = new QDateEdit(this);
    m_firstDateEdit->setObjectName(QStringLiteral("firstRotationDateEdit"));
    m_firstDateEdit->setCalendarPopup(true);
    m_firstDateEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_hintLabel = new QLabel(this);
    m_hintLabel->setObjectName(QStringLiteral("hintLabel"));
    m_hintLabel->setWordWrap(true);
    m_buttonBox = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));

    const bool enabled = m_key.value(QStringLiteral("automaticRotation")).toBool();
    const int days = RotationPlanModel::intervalDays(field(m_key, "rotationInterval"));
    m_enableCheckBox->setChecked(enabled);
    m_intervalSpinBox->setValue(days > 0 ? days : kDefaultIntervalDays);

    // A grid rather than a QFormLayout: Qt 6.4's QFormLayout crashes with word-wrapped labels.
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->addWidget(m_keyLabel, 0, 0, 1, 2);
    grid->addWidget(m_enableCheckBox, 1, 0, 1, 2);
    grid->addWidget(m_intervalLabel, 2, 0);
    grid->addWidget(m_intervalSpinBox, 2, 1);
    grid->addWidget(m_firstDateCheckBox, 3, 0);
    grid->addWidget(m_firstDateEdit, 3, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_hintLabel);
    layout->addStretch();
    layout->addWidget(m_buttonBox);

    connect(m_enableCheckBox, &QCheckBox::toggled, this, &RotationPolicyDialog::updateControls);
    connect(m_firstDateCheckBox, &QCheckBox::toggled, this, &RotationPolicyDialog::updateControls);
    connect(
        m_intervalSpinBox, &QSpinBox::valueChanged, this, &RotationPolicyDialog::updateControls);
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &RotationPolicyDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &RotationPolicyDialog::reject);

    retranslate();
    updateControls();
    // The first rotation defaults to the planned next one (kept within the allowed range).
    const QDateTime next = parseTime(field(m_key, "nextRotationDate"));
    m_firstDateEdit->setDate(
        next.isValid() ? next.toLocalTime().date() : m_firstDateEdit->minimumDate());
    resize(520, sizeHint().height());
}

QDateTime RotationPolicyDialog::now() const
{
    return m_client.session().clock().now();
}

QJsonObject RotationPolicyDialog::request() const
{
    const bool enable = m_enableCheckBox->isChecked();
    QJsonObject request {
        { QStringLiteral("cmkUuid"), field(m_key, "cmkUuid") },
        { QStringLiteral("enableAutomaticRotation"), enable },
    };
    if (enable) {
        request.insert(QStringLiteral("rotationInterval"),
            QStringLiteral("%1d").arg(m_intervalSpinBox->value()));
        if (m_firstDateCheckBox->isChecked()) {
            // Midnight (local time) at the start of the chosen day.
            const QDateTime first(m_firstDateEdit->date(), QTime(0, 0), Qt::LocalTime);
            request.insert(QStringLiteral("nextRotationDate"), formatTime(first.toUTC()));
        }
    }
    return request;
}

void RotationPolicyDialog::accept()
{
    m_response = m_client.call(QStringLiteral("UpdateRotationPolicy"), request());
    if (!m_response.ok()) {
        Dialogs::showError(this, m_response,
            //: %1 names the key (its alias or id).
            tr("Changing the rotation policy of %1").arg(m_keyName));
        return; // stays open with what the user chose
    }
    emit policyChanged(m_response.data.value(QStringLiteral("keyMetadata")).toObject());
    QDialog::accept();
}

void RotationPolicyDialog::updateControls()
{
    const bool enable = m_enableCheckBox->isChecked();
    m_intervalSpinBox->setEnabled(enable);
    m_intervalLabel->setEnabled(enable);
    m_firstDateCheckBox->setEnabled(enable);
    m_firstDateEdit->setEnabled(enable && m_firstDateCheckBox->isChecked());
    // The first rotation lies after now and within one interval: from tomorrow to the day
    // one interval ahead (midnight of that day is still within it).
    const QDateTime current = now();
    const QDate tomorrow = current.toLocalTime().date().addDays(1);
    const QDate last = current.addDays(m_intervalSpinBox->value()).toLocalTime().date();
    m_firstDateEdit->setDateRange(tomorrow, std::max(tomorrow, last));
}

void RotationPolicyDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void RotationPolicyDialog::retranslate()
{
    setWindowTitle(tr("Rotation Policy"));
    const QJsonArray aliases = m_key.value(QStringLiteral("aliases")).toArray();
    const QString id = field(m_key, "cmkUuid");
    //: How a key is named in the rotation policy dialog: its alias, then its id in brackets.
    m_keyName = aliases.isEmpty() ? id : tr("%1 (%2)").arg(aliases.first().toString(), id);
    m_keyLabel->setText(tr("Key: %1").arg(m_keyName));
    m_enableCheckBox->setText(tr("Rotate the key &automatically"));
    m_intervalLabel->setText(tr("Rotation &interval:"));
    //: Suffix of the rotation interval, in days (" days").
    m_intervalSpinBox->setSuffix(tr(" days"));
    m_firstDateCheckBox->setText(tr("&First rotation on:"));
    m_firstDateCheckBox->setToolTip(
        tr("Without a date, the first rotation comes one interval after the last rotation "
           "(or the key's creation), and never sooner than one interval from now."));
    m_hintLabel->setText(
        tr("Each rotation makes a new primary key version that encrypts from then on; the "
           "older versions still decrypt what they encrypted. The interval is 7 to 730 days. "
           "Rotation pauses while the key is disabled or pending deletion."));
}

} // namespace kms::ui
