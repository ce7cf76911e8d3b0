#include "KeyDetailPane.h"

#include "DisplayText.h"

#include "Dialogs.h"
#include "KeyTableModel.h"
#include "KeyVersionTableModel.h"
#include "KmsClient.h"
#include "RotationPolicyDialog.h"
#include "core/Clock.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace kms::ui {

namespace {

using display::field;
using display::localTime;

} // namespace

KeyDetailPane::KeyDetailPane(KmsClient &client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_versionModel(new KeyVersionTableModel(client, this))
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
    static const char *const names[FieldCount] = { "keyIdValueLabel", "aliasesListWidget",
        "regionValueLabel", "specValueLabel", "usageValueLabel", "stateValueLabel",
        "protectionValueLabel", "originValueLabel", "createdValueLabel", "descriptionValueLabel",
        "primaryVersionValueLabel", "deleteDateValueLabel", "rotationValueLabel",
        "lastRotationValueLabel", "nextRotationValueLabel", "rotationActionsWidget",
        "versionsTableView", "defaultProductValueLabel", "publicKeyPlainTextEdit" };
    int gridRow = 0;
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
        } else if (field == RotationActionsField) {
            value = new QWidget(content);
            m_rotateNowButton = new QPushButton(value);
            m_rotateNowButton->setObjectName(QStringLiteral("rotateNowButton"));
            m_editPolicyButton = new QPushButton(value);
            m_editPolicyButton->setObjectName(QStringLiteral("editRotationPolicyButton"));
            auto *buttons = new QHBoxLayout(value);
            buttons->setContentsMargins(0, 0, 0, 0);
            buttons->addWidget(m_rotateNowButton);
            buttons->addWidget(m_editPolicyButton);
            buttons->addStretch();
        } else if (field == VersionsField) {
            m_versionsTableView = new QTableView(content);
            m_versionsTableView->setModel(m_versionModel);
            m_versionsTableView->setSelectionBehavior(QAbstractItemView::SelectRows);
            m_versionsTableView->setSelectionMode(QAbstractItemView::SingleSelection);
            m_versionsTableView->setWordWrap(false);
            m_versionsTableView->setTextElideMode(Qt::ElideMiddle);
            m_versionsTableView->verticalHeader()->hide();
            const int line = m_versionsTableView->fontMetrics().height();
            m_versionsTableView->verticalHeader()->setDefaultSectionSize(line + 6);
            QHeaderView *header = m_versionsTableView->horizontalHeader();
            // Marker, date and type first; the long version id last, elided in the middle.
            header->moveSection(header->visualIndex(KeyVersionTableModel::PrimaryColumn), 0);
            header->moveSection(header->visualIndex(KeyVersionTableModel::VersionIdColumn), 3);
            header->setStretchLastSection(true);
            header->setSectionResizeMode(QHeaderView::Interactive);
            const QFontMetrics metrics = m_versionsTableView->fontMetrics();
            header->resizeSection(KeyVersionTableModel::PrimaryColumn,
                metrics.horizontalAdvance(QStringLiteral("Primary")) + 16);
            header->resizeSection(KeyVersionTableModel::CreatedColumn,
                metrics.horizontalAdvance(QStringLiteral("2026-01-01 00:00")) + 16);
            header->resizeSection(KeyVersionTableModel::TypeColumn,
                metrics.horizontalAdvance(QStringLiteral("Automatic")) + 16);
            value = m_versionsTableView;
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
        if (field == VersionsField) {
            // The table spans the pane's width below its label: version ids are long.
            m_grid->addWidget(label, gridRow++, 0, 1, 2);
            m_grid->addWidget(value, gridRow++, 0, 1, 2);
        } else {
            m_grid->addWidget(label, gridRow, 0);
            m_grid->addWidget(value, gridRow++, 1);
        }
    }
    m_grid->setRowStretch(gridRow, 1);
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
    connect(
        m_versionModel, &QAbstractItemModel::modelReset, this, &KeyDetailPane::fitVersionsTable);
    connect(m_rotateNowButton, &QPushButton::clicked, this, &KeyDetailPane::rotateNow);
    connect(m_editPolicyButton, &QPushButton::clicked, this, &KeyDetailPane::editRotationPolicy);
    retranslate();
    fill();
}

QString KeyDetailPane::keyId() const
{
    return field(m_metadata, "cmkUuid");
}

QString KeyDetailPane::selectedAlias() const
{
    const QList<QListWidgetItem *> selected = m_aliasesListWidget->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(Qt::UserRole).toString();
}

void KeyDetailPane::showKey(const QJsonObject &keyMetadata)
{
    const QString previousAlias = field(m_metadata, "cmkUuid") == field(keyMetadata, "cmkUuid")
        ? selectedAlias()
        : QString();
    m_metadata = keyMetadata;
    loadPublicKey();
    const QString id = field(m_metadata, "cmkUuid");
    if (id != m_versionModel->keyId())
        m_versionModel->setKeyId(id);
    else if (field(m_metadata, "primaryKeyVersion") != m_versionModel->primaryVersionId())
        m_versionModel->refresh(); // rotated elsewhere
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
    const QString spec = field(m_metadata, "keySpec");
    const QString version = field(m_metadata, "primaryKeyVersion");
    const bool asymmetric
        = spec.startsWith(QLatin1String("RSA_")) || spec.startsWith(QLatin1String("EC_"));
    if (m_metadata.isEmpty() || !asymmetric || version.isEmpty()) {
        m_publicKeyPem.clear();
        m_publicKeyError.clear();
        m_publicKeyOf.clear();
        return;
    }
    const QString of = field(m_metadata, "cmkUuid") + QLatin1Char('/') + version;
    if (of == m_publicKeyOf)
        return; // public keys do not change; a refresh need not read it again
    m_publicKeyOf = of;
    const Response response = m_client.call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), field(m_metadata, "cmkUuid") },
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
        updateRotationButtons();
        return;
    }

    const QJsonArray aliases = m_metadata.value(QStringLiteral("aliases")).toArray();
    m_titleLabel->setText(
        aliases.isEmpty() ? field(m_metadata, "cmkUuid") : aliases.first().toString());
    valueLabel(KeyIdField)->setText(field(m_metadata, "cmkUuid"));
    valueLabel(RegionField)->setText(field(m_metadata, "regionId"));
    valueLabel(SpecField)->setText(field(m_metadata, "keySpec"));
    valueLabel(UsageField)->setText(field(m_metadata, "keyUsage"));
    valueLabel(StateField)->setText(KeyTableModel::stateText(field(m_metadata, "keyState")));
    valueLabel(ProtectionField)->setText(field(m_metadata, "protectionLevel"));
    valueLabel(OriginField)->setText(field(m_metadata, "origin"));
    valueLabel(CreatedField)->setText(localTime(field(m_metadata, "creationDate")));
    valueLabel(CreatedField)->setToolTip(field(m_metadata, "creationDate"));
    valueLabel(DescriptionField)->setText(field(m_metadata, "description"));
    const QString version = field(m_metadata, "primaryKeyVersion");
    valueLabel(PrimaryVersionField)
        ->setText(version.isEmpty() ? tr("None yet (waiting for imported key material)") : version);
    valueLabel(DeleteDateField)->setText(localTime(field(m_metadata, "deleteDate")));
    valueLabel(DeleteDateField)->setToolTip(field(m_metadata, "deleteDate"));
    const QString interval = field(m_metadata, "rotationInterval");
    if (m_metadata.value(QStringLiteral("automaticRotation")).toBool()) {
        const int days = interval.chopped(interval.endsWith(QLatin1Char('d')) ? 1 : 0).toInt();
        //: Automatic rotation of a key: its interval in days.
        QString rotation = days == 1 ? tr("Every day") : tr("Every %1 days").arg(days);
        if (m_metadata.value(QStringLiteral("rotationPaused")).toBool())
            //: Automatic rotation of a key that is not enabled: %1 is its interval.
            rotation = tr("%1 (paused while the key is not enabled)").arg(rotation);
        valueLabel(RotationField)->setText(rotation);
    } else {
        //: Automatic rotation of a key: not enabled.
        valueLabel(RotationField)->setText(tr("Off"));
    }
    valueLabel(LastRotationField)->setText(localTime(field(m_metadata, "lastRotationDate")));
    valueLabel(NextRotationField)->setText(localTime(field(m_metadata, "nextRotationDate")));
    valueLabel(DefaultProductField)->setText(field(m_metadata, "defaultProduct"));

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

    const QString spec = field(m_metadata, "keySpec");
    const bool asymmetric
        = spec.startsWith(QLatin1String("RSA_")) || spec.startsWith(QLatin1String("EC_"));
    if (!m_publicKeyError.isEmpty())
        m_publicKeyPlainTextEdit->setPlainText(
            tr("The public key cannot be read (%1).").arg(m_publicKeyError));
    else
        m_publicKeyPlainTextEdit->setPlainText(m_publicKeyPem);

    setFieldVisible(DeleteDateField, !field(m_metadata, "deleteDate").isEmpty());
    setFieldVisible(LastRotationField, !field(m_metadata, "lastRotationDate").isEmpty());
    setFieldVisible(NextRotationField, !field(m_metadata, "nextRotationDate").isEmpty());
    setFieldVisible(DefaultProductField, !field(m_metadata, "defaultProduct").isEmpty());
    setFieldVisible(PublicKeyField, asymmetric && !version.isEmpty());
    updateRotationButtons();
}

void KeyDetailPane::fitVersionsTable()
{
    // As tall as its versions, up to six rows (then it scrolls). Chinese text makes the header
    // taller, so this follows language changes too.
    const QHeaderView *rowHeader = m_versionsTableView->verticalHeader();
    const int rows = std::clamp(m_versionModel->rowCount(), 1, 6);
    m_versionsTableView->setFixedHeight(m_versionsTableView->horizontalHeader()->sizeHint().height()
        + rows * rowHeader->defaultSectionSize() + 2 * m_versionsTableView->frameWidth() + 4);
}

void KeyDetailPane::updateRotationButtons()
{
    const QString state = field(m_metadata, "keyState");
    const QString spec = field(m_metadata, "keySpec");
    const bool symmetric
        = spec.startsWith(QLatin1String("AES_")) || spec.startsWith(QLatin1String("SM4_"));
    const bool rotatable = field(m_metadata, "origin") == QLatin1String("KMS")
        && !field(m_metadata, "primaryKeyVersion").isEmpty();
    const bool enabled = state == QLatin1String("Enabled");
    setFieldVisible(RotationActionsField, rotatable);
    m_rotateNowButton->setEnabled(rotatable && enabled);
    m_editPolicyButton->setEnabled(rotatable && enabled && symmetric);
    if (!enabled)
        m_editPolicyButton->setToolTip(tr("Rotation can be changed only while the key is enabled"));
    else if (!symmetric)
        m_editPolicyButton->setToolTip(tr("Only symmetric keys rotate automatically"));
    else
        m_editPolicyButton->setToolTip(
            tr("Turn automatic rotation on or off, or change its interval"));
}

QString KeyDetailPane::keyName() const
{
    const QJsonArray aliases = m_metadata.value(QStringLiteral("aliases")).toArray();
    const QString id = field(m_metadata, "cmkUuid");
    //: How a key is named in questions: its alias, then its id in brackets.
    return aliases.isEmpty() ? id : tr("%1 (%2)").arg(aliases.first().toString(), id);
}

void KeyDetailPane::rotateNow()
{
    if (m_metadata.isEmpty())
        return;
    const QString name = keyName();
    if (!Dialogs::confirm(this, tr("Rotate Key"),
            tr("Rotate the key %1 now?\n\nA new primary version encrypts from now on; the older "
               "versions still decrypt. A key can be rotated by hand at most once in 7 days.")
                .arg(name)))
        return;
    const Response response
        = m_client.call(QStringLiteral("RotateKey"), { { QStringLiteral("cmkUuid"), keyId() } });
    if (!response.ok()) {
        // KMS.0229 (rotated within 7 days) carries the date from when it is possible.
        Dialogs::showError(this, response, tr("Rotating the key %1").arg(name));
        return;
    }
    const QJsonObject metadata = response.data.value(QStringLiteral("keyMetadata")).toObject();
    if (field(metadata, "cmkUuid") == keyId())
        showKey(metadata);
}

void KeyDetailPane::editRotationPolicy()
{
    if (m_metadata.isEmpty())
        return;
    auto *dialog = new RotationPolicyDialog(m_client, m_metadata, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(
        dialog, &RotationPolicyDialog::policyChanged, this, [this](const QJsonObject &metadata) {
            if (field(metadata, "cmkUuid") == keyId())
                showKey(metadata);
        });
    dialog->open();
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
    m_fieldLabels[VersionsField]->setText(tr("Key versions:"));
    m_rotateNowButton->setText(tr("Rotate &Now"));
    m_rotateNowButton->setToolTip(
        tr("Make a new primary version now (at most once in 7 days per key)"));
    m_editPolicyButton->setText(tr("Rotation &Policy…"));
    m_versionModel->retranslate();
    fitVersionsTable();
}

} // namespace kms::ui
