#include "KeyDetailPane.h"

#include "KeyTableModel.h"
#include "KmsClient.h"
#include "core/Clock.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

QString text(const QJsonObject &key, const char *name)
{
    return key.value(QLatin1String(name)).toString();
}

QString localTime(const QString &time)
{
    const QDateTime parsed = parseTime(time);
    return parsed.isValid() ? parsed.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                            : QString();
}

} // namespace

KeyDetailPane::KeyDetailPane(KmsClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("keyDetailPane"));
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    m_titleLabel->setWordWrap(true);
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_noKeyLabel = new QLabel(this);
    m_noKeyLabel->setObjectName(QStringLiteral("noKeyLabel"));
    m_noKeyLabel->setAlignment(Qt::AlignCenter);
    m_noKeyLabel->setWordWrap(true);

    auto *content = new QWidget;
    // A grid rather than a QFormLayout: Qt 6.4's QFormLayout::heightForWidth writes out of
    // bounds with word-wrapped labels (seen under valgrind).
    m_grid = new QGridLayout(content);
    m_grid->setColumnStretch(1, 1);
    m_grid->setRowStretch(FieldCount, 1);
    static const char *const names[FieldCount]
        = { "keyIdValueLabel", "aliasesListWidget", "regionValueLabel", "specValueLabel",
              "usageValueLabel", "stateValueLabel", "protectionValueLabel", "originValueLabel",
              "createdValueLabel", "descriptionValueLabel", "primaryVersionValueLabel",
              "deleteDateValueLabel", "rotationValueLabel", "lastRotationValueLabel",
              "nextRotationValueLabel", "defaultProductValueLabel", "publicKeyPlainTextEdit" };
    for (int field = 0; field < FieldCount; ++field) {
        auto *label = new QLabel(content);
        QWidget *value = nullptr;
        if (field == AliasesField) {
            m_aliasesListWidget = new QListWidget(content);
            m_aliasesListWidget->setMaximumHeight(m_aliasesListWidget->fontMetrics().height() * 5);
            value = m_aliasesListWidget;
        } else if (field == PublicKeyField) {
            m_publicKeyPlainTextEdit = new QPlainTextEdit(content);
            m_publicKeyPlainTextEdit->setReadOnly(true);
            m_publicKeyPlainTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            m_publicKeyPlainTextEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
            m_publicKeyPlainTextEdit->setMinimumHeight(
                m_publicKeyPlainTextEdit->fontMetrics().height() * 8);
            value = m_publicKeyPlainTextEdit;
        } else {
            auto *valueLabel = new QLabel(content);
            valueLabel->setTextFormat(Qt::PlainText); // descriptions are data, not markup
            valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
            valueLabel->setWordWrap(true);
            value = valueLabel;
        }
        value->setObjectName(QLatin1String(names[field]));
        label->setBuddy(value);
        m_fieldLabels.append(label);
        m_values.append(value);
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_grid->addWidget(label, field, 0);
        m_grid->addWidget(value, field, 1);
    }
    m_scrollArea = new QScrollArea(this);
    m_scrollArea->setObjectName(QStringLiteral("detailScrollArea"));
    m_scrollArea->setWidget(content);
    m_scrollArea->setWidgetResizable(true);
    m_scrollArea->setFrameShape(QFrame::NoFrame);
    m_scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // values wrap instead

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_noKeyLabel);
    layout->addWidget(m_scrollArea, 1);

    connect(m_aliasesListWidget, &QListWidget::itemSelectionChanged, this,
        &KeyDetailPane::aliasSelectionChanged);
    retranslate();
    fill();
}

QString KeyDetailPane::keyId() const
{
    return text(m_metadata, "cmkUuid");
}

QString KeyDetailPane::selectedAlias() const
{
    const QList<QListWidgetItem *> selected = m_aliasesListWidget->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(Qt::UserRole).toString();
}

void KeyDetailPane::showKey(const QJsonObject &keyMetadata)
{
    const QString previousAlias
        = text(m_metadata, "cmkUuid") == text(keyMetadata, "cmkUuid") ? selectedAlias() : QString();
    m_metadata = keyMetadata;
    loadPublicKey();
    fill();
    // The same key again (a refresh): keep the picked alias.
    if (!previousAlias.isEmpty()) {
        for (int row = 0; row < m_aliasesListWidget->count(); ++row) {
            if (m_aliasesListWidget->item(row)->data(Qt::UserRole).toString() == previousAlias)
                m_aliasesListWidget->item(row)->setSelected(true);
        }
    }
}

void KeyDetailPane::loadPublicKey()
{
    const QString spec = text(m_metadata, "keySpec");
    const QString version = text(m_metadata, "primaryKeyVersion");
    const bool asymmetric
        = spec.startsWith(QLatin1String("RSA_")) || spec.startsWith(QLatin1String("EC_"));
    if (m_metadata.isEmpty() || !asymmetric || version.isEmpty()) {
        m_publicKeyPem.clear();
        m_publicKeyError.clear();
        m_publicKeyOf.clear();
        return;
    }
    const QString of = text(m_metadata, "cmkUuid") + QLatin1Char('/') + version;
    if (of == m_publicKeyOf)
        return; // public keys do not change; a refresh need not read it again
    m_publicKeyOf = of;
    const Response response = m_client.call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), text(m_metadata, "cmkUuid") },
            { QStringLiteral("keyVersionId"), version } });
    if (response.ok()) {
        m_publicKeyPem = response.data.value(QStringLiteral("publicKey")).toString();
        m_publicKeyError.clear();
    } else {
        m_publicKeyPem.clear();
        m_publicKeyError = response.code;
        m_publicKeyOf.clear(); // try again next time
    }
}

QLabel *KeyDetailPane::valueLabel(Field field) const
{
    return qobject_cast<QLabel *>(m_values.at(field));
}

void KeyDetailPane::fill()
{
    const bool hasKey = !m_metadata.isEmpty();
    m_noKeyLabel->setVisible(!hasKey);
    m_scrollArea->setVisible(hasKey);
    if (!hasKey) {
        for (int field = 0; field < FieldCount; ++field) {
            if (QLabel *label = valueLabel(Field(field)))
                label->clear();
        }
        m_aliasesListWidget->clear();
        m_publicKeyPlainTextEdit->clear();
        m_titleLabel->setText(tr("Key details"));
        return;
    }

    const QJsonArray aliases = m_metadata.value(QStringLiteral("aliases")).toArray();
    m_titleLabel->setText(
        aliases.isEmpty() ? text(m_metadata, "cmkUuid") : aliases.first().toString());
    valueLabel(KeyIdField)->setText(text(m_metadata, "cmkUuid"));
    valueLabel(RegionField)->setText(text(m_metadata, "regionId"));
    valueLabel(SpecField)->setText(text(m_metadata, "keySpec"));
    valueLabel(UsageField)->setText(text(m_metadata, "keyUsage"));
    valueLabel(StateField)->setText(KeyTableModel::stateText(text(m_metadata, "keyState")));
    valueLabel(ProtectionField)->setText(text(m_metadata, "protectionLevel"));
    valueLabel(OriginField)->setText(text(m_metadata, "origin"));
    valueLabel(CreatedField)->setText(localTime(text(m_metadata, "creationDate")));
    valueLabel(CreatedField)->setToolTip(text(m_metadata, "creationDate"));
    valueLabel(DescriptionField)->setText(text(m_metadata, "description"));
    const QString version = text(m_metadata, "primaryKeyVersion");
    valueLabel(PrimaryVersionField)
        ->setText(version.isEmpty() ? tr("None yet (waiting for imported key material)") : version);
    valueLabel(DeleteDateField)->setText(localTime(text(m_metadata, "deleteDate")));
    valueLabel(DeleteDateField)->setToolTip(text(m_metadata, "deleteDate"));
    const QString interval = text(m_metadata, "rotationInterval");
    if (m_metadata.value(QStringLiteral("automaticRotation")).toBool()) {
        const int days = interval.chopped(interval.endsWith(QLatin1Char('d')) ? 1 : 0).toInt();
        //: Automatic rotation of a key: its interval in days.
        valueLabel(RotationField)
            ->setText(days == 1 ? tr("Every day") : tr("Every %1 days").arg(days));
    } else {
        //: Automatic rotation of a key: not enabled.
        valueLabel(RotationField)->setText(tr("Off"));
    }
    valueLabel(LastRotationField)->setText(localTime(text(m_metadata, "lastRotationDate")));
    valueLabel(NextRotationField)->setText(localTime(text(m_metadata, "nextRotationDate")));
    valueLabel(DefaultProductField)->setText(text(m_metadata, "defaultProduct"));

    m_aliasesListWidget->clear();
    for (const QJsonValue &value : aliases) {
        const QString alias = value.toString();
        auto *item = new QListWidgetItem(m_aliasesListWidget);
        item->setData(Qt::UserRole, alias);
        if (alias.startsWith(QLatin1String("alias/acs/"))) {
            //: An alias of a default key in the key's alias list; it cannot be changed.
            item->setText(tr("%1 (default key, protected)").arg(alias));
            item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
        } else {
            item->setText(alias);
        }
    }
    if (aliases.isEmpty()) {
        auto *item = new QListWidgetItem(tr("No aliases"), m_aliasesListWidget);
        item->setFlags(Qt::NoItemFlags);
    }

    const QString spec = text(m_metadata, "keySpec");
    const bool asymmetric
        = spec.startsWith(QLatin1String("RSA_")) || spec.startsWith(QLatin1String("EC_"));
    if (!m_publicKeyError.isEmpty())
        m_publicKeyPlainTextEdit->setPlainText(
            tr("The public key cannot be read (%1).").arg(m_publicKeyError));
    else
        m_publicKeyPlainTextEdit->setPlainText(m_publicKeyPem);

    setFieldVisible(DeleteDateField, !text(m_metadata, "deleteDate").isEmpty());
    setFieldVisible(LastRotationField, !text(m_metadata, "lastRotationDate").isEmpty());
    setFieldVisible(NextRotationField, !text(m_metadata, "nextRotationDate").isEmpty());
    setFieldVisible(DefaultProductField, !text(m_metadata, "defaultProduct").isEmpty());
    setFieldVisible(PublicKeyField, asymmetric && !version.isEmpty());
}

void KeyDetailPane::setFieldVisible(Field field, bool visible)
{
    m_fieldLabels.at(field)->setVisible(visible);
    m_values.at(field)->setVisible(visible);
}

void KeyDetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fill();
    }
    QWidget::changeEvent(event);
}

void KeyDetailPane::retranslate()
{
    m_noKeyLabel->setText(tr("Select a key to see its details."));
    m_fieldLabels[KeyIdField]->setText(tr("Key ID:"));
    m_fieldLabels[AliasesField]->setText(tr("Aliases:"));
    m_fieldLabels[RegionField]->setText(tr("Region:"));
    m_fieldLabels[SpecField]->setText(tr("Key spec:"));
    m_fieldLabels[UsageField]->setText(tr("Usage:"));
    m_fieldLabels[StateField]->setText(tr("State:"));
    m_fieldLabels[ProtectionField]->setText(tr("Protection level:"));
    m_fieldLabels[OriginField]->setText(tr("Origin:"));
    m_fieldLabels[CreatedField]->setText(tr("Created:"));
    m_fieldLabels[DescriptionField]->setText(tr("Description:"));
    //: The key version that encrypts and signs now.
    m_fieldLabels[PrimaryVersionField]->setText(tr("Primary version:"));
    //: The date a key pending deletion will be deleted.
    m_fieldLabels[DeleteDateField]->setText(tr("Deleted on:"));
    m_fieldLabels[RotationField]->setText(tr("Automatic rotation:"));
    m_fieldLabels[LastRotationField]->setText(tr("Last rotation:"));
    m_fieldLabels[NextRotationField]->setText(tr("Next rotation:"));
    //: The product (ecs, obs, ...) whose default key this is.
    m_fieldLabels[DefaultProductField]->setText(tr("Default key of:"));
    m_fieldLabels[PublicKeyField]->setText(tr("Public key (PEM):"));
}

} // namespace kms::ui
