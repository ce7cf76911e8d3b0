#include "AccessKeysDialog.h"

#include "Dialogs.h"

#include "DisplayText.h"
#include "api/StoreSession.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

enum Column { IdColumn, StateColumn, CreatedColumn, LastUsedColumn, ColumnCount };

} // namespace

AccessKeysDialog::AccessKeysDialog(
    StoreSession &session, const QString &operatorName, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_operator(operatorName)
{
    setObjectName(QStringLiteral("accessKeysDialog"));
    setWindowModality(Qt::WindowModal);
    m_introLabel = new QLabel(this);
    m_introLabel->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("accessKeysTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_createButton = new QPushButton(this);
    m_createButton->setObjectName(QStringLiteral("createAccessKeyButton"));
    m_enableButton = new QPushButton(this);
    m_enableButton->setObjectName(QStringLiteral("enableAccessKeyButton"));
    m_disableButton = new QPushButton(this);
    m_disableButton->setObjectName(QStringLiteral("disableAccessKeyButton"));
    m_deleteButton = new QPushButton(this);
    m_deleteButton->setObjectName(QStringLiteral("deleteAccessKeyButton"));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : { m_createButton, m_enableButton, m_disableButton, m_deleteButton })
        buttons->addWidget(button);
    buttons->addStretch();

    // The new key, shown once.
    m_newKeyBox = new QWidget(this);
    m_newKeyBox->setObjectName(QStringLiteral("newKeyBox"));
    m_newKeyLabel = new QLabel(m_newKeyBox);
    m_newKeyLabel->setWordWrap(true);
    m_newKeyLabel->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_idLabel = new QLabel(m_newKeyBox);
    m_idLineEdit = new QLineEdit(m_newKeyBox);
    m_idLineEdit->setObjectName(QStringLiteral("newAccessKeyIdLineEdit"));
    m_idLineEdit->setReadOnly(true);
    m_idLineEdit->setFont(mono);
    m_secretLabel = new QLabel(m_newKeyBox);
    m_secretLineEdit = new QLineEdit(m_newKeyBox);
    m_secretLineEdit->setObjectName(QStringLiteral("newSecretKeyLineEdit"));
    m_secretLineEdit->setReadOnly(true);
    m_secretLineEdit->setFont(mono);
    auto *newKeyForm = new QFormLayout;
    newKeyForm->addRow(m_idLabel, m_idLineEdit);
    newKeyForm->addRow(m_secretLabel, m_secretLineEdit);
    auto *newKeyLayout = new QVBoxLayout(m_newKeyBox);
    newKeyLayout->setContentsMargins(0, 0, 0, 0);
    newKeyLayout->addWidget(m_newKeyLabel);
    newKeyLayout->addLayout(newKeyForm);
    m_newKeyBox->hide();

    auto *box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_closeButton = box->button(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_newKeyBox);
    layout->addWidget(box);

    connect(m_createButton, &QPushButton::clicked, this, &AccessKeysDialog::createKey);
    connect(m_enableButton, &QPushButton::clicked, this, &AccessKeysDialog::enableKey);
    connect(m_disableButton, &QPushButton::clicked, this, &AccessKeysDialog::disableKey);
    connect(m_deleteButton, &QPushButton::clicked, this, &AccessKeysDialog::deleteKey);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &AccessKeysDialog::updateButtons);
    retranslate();
    reload();
    resize(640, 420);
}

AccessKeysDialog::~AccessKeysDialog()
{
    clearShownSecret();
}

QString AccessKeysDialog::currentKey() const
{
    const int row = m_table->currentRow();
    const QTableWidgetItem *item = row >= 0 ? m_table->item(row, IdColumn) : nullptr;
    return item != nullptr ? item->text() : QString();
}

bool AccessKeysDialog::selectKey(const QString &accessKeyId)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, IdColumn)->text() == accessKeyId) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

QString AccessKeysDialog::shownAccessKeyId() const
{
    return m_idLineEdit->text();
}

QString AccessKeysDialog::shownSecret() const
{
    return m_secretLineEdit->text();
}

void AccessKeysDialog::reload()
{
    const QString selected = currentKey();
    const Result<QList<store::AccessKeyRecord>> keys = m_session.listAccessKeys();
    m_table->setRowCount(0);
    if (!keys) {
        Dialogs::showError(
            this, Response::failure(keys.error(), QString()), tr("Loading the access keys"));
        updateButtons();
        return;
    }
    for (const store::AccessKeyRecord &key : *keys) {
        if (key.operatorName != m_operator)
            continue;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *state = new QTableWidgetItem;
        state->setData(Qt::UserRole, key.status);
        m_table->setItem(row, IdColumn, new QTableWidgetItem(key.accessKeyId));
        m_table->setItem(row, StateColumn, state);
        m_table->setItem(row, CreatedColumn, new QTableWidgetItem(display::localTime(key.created)));
        auto *lastUsed = new QTableWidgetItem(display::localTime(key.lastUsed));
        lastUsed->setData(Qt::UserRole, key.lastUsed.isValid());
        m_table->setItem(row, LastUsedColumn, lastUsed);
    }
    updateRowTexts();
    m_table->resizeColumnsToContents();
    if (!selected.isEmpty())
        selectKey(selected);
    updateButtons();
}

void AccessKeysDialog::updateRowTexts()
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *state = m_table->item(row, StateColumn);
        state->setText(state->data(Qt::UserRole).toString() == auth::kAccessKeyActive
                //: State of an access key of the local API.
                ? tr("active")
                : tr("disabled"));
        QTableWidgetItem *lastUsed = m_table->item(row, LastUsedColumn);
        if (!lastUsed->data(Qt::UserRole).toBool())
            //: An access key never used.
            lastUsed->setText(tr("never"));
    }
}

void AccessKeysDialog::updateButtons()
{
    const int row = m_table->currentRow();
    const bool selected = row >= 0 && !m_table->selectedItems().isEmpty();
    const bool active = selected
        && m_table->item(row, StateColumn)->data(Qt::UserRole).toString()
            == QLatin1String(auth::kAccessKeyActive);
    m_enableButton->setEnabled(selected && !active);
    m_disableButton->setEnabled(active);
    m_deleteButton->setEnabled(selected);
}

void AccessKeysDialog::createKey()
{
    auto created = m_session.createAccessKey(m_operator);
    if (!created) {
        Dialogs::showError(this, Response::failure(created.error(), QString()),
            tr("Creating an access key for %1").arg(m_operator));
        return;
    }
    clearShownSecret();
    m_idLineEdit->setText(created->accessKeyId);
    // The one place the secret leaves secure memory: the read-only field, emptied on close.
    m_secretLineEdit->setText(QString::fromLatin1(
        reinterpret_cast<const char *>(created->secret.data()), qsizetype(created->secret.size())));
    m_newKeyBox->show();
    reload();
    selectKey(created->accessKeyId);
}

void AccessKeysDialog::enableKey()
{
    if (const QString id = currentKey(); !id.isEmpty()) {
        if (const Result<void> done = m_session.enableAccessKey(id); !done)
            Dialogs::showError(this, Response::failure(done.error(), QString()),
                tr("Enabling the access key %1").arg(id));
        reload();
    }
}

void AccessKeysDialog::disableKey()
{
    if (const QString id = currentKey(); !id.isEmpty()) {
        if (const Result<void> done = m_session.disableAccessKey(id); !done)
            Dialogs::showError(this, Response::failure(done.error(), QString()),
                tr("Disabling the access key %1").arg(id));
        reload();
    }
}

void AccessKeysDialog::deleteKey()
{
    const QString id = currentKey();
    if (id.isEmpty()
        || !Dialogs::confirm(this, tr("Delete Access Key"),
            tr("Delete the access key %1? Requests signed with it are refused from now on "
               "(KMS.0402).")
                .arg(id)))
        return;
    if (const Result<void> done = m_session.deleteAccessKey(id); !done)
        Dialogs::showError(this, Response::failure(done.error(), QString()),
            tr("Deleting the access key %1").arg(id));
    reload();
}

void AccessKeysDialog::clearShownSecret()
{
    QString text = m_secretLineEdit->text();
    text.fill(QChar(u'\0'));
    m_secretLineEdit->clear();
    m_idLineEdit->clear();
    m_newKeyBox->hide();
}

void AccessKeysDialog::done(int result)
{
    clearShownSecret(); // the secret is shown once, here only
    QDialog::done(result);
}

void AccessKeysDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void AccessKeysDialog::retranslate()
{
    setWindowTitle(tr("Access Keys of %1").arg(m_operator));
    m_introLabel->setText(
        tr("Scripts call the local signed API (kmsctl serve, docs/api.md) with an access key: "
           "each request is signed with its secret key and acts as %1, in %1's role.")
            .arg(m_operator));
    m_table->setHorizontalHeaderLabels({ tr("Access key id"), tr("State"), tr("Created"),
        //: Column of the access key list: when a signed request last used the key.
        tr("Last used") });
    m_createButton->setText(tr("&Create"));
    m_enableButton->setText(tr("&Enable"));
    m_disableButton->setText(tr("&Disable"));
    m_deleteButton->setText(tr("De&lete…"));
    m_newKeyLabel->setText(tr("The secret key is shown this once: copy it into the script's "
                              "secret store now. The console keeps it only wrapped under the "
                              "master key and cannot show it again."));
    m_idLabel->setText(tr("Access key id:"));
    m_secretLabel->setText(tr("Secret key:"));
    updateRowTexts();
}

} // namespace kms::ui
