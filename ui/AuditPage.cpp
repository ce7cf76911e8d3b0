#include "AuditPage.h"

#include "AuditTableModel.h"
#include "AuditTasks.h"
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"
#include "ListPageWidgets.h"

#include "api/KmsService.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

// The detail pane's fields, in ListAuditEvents names.
const char *const kDetailFields[] = { "seq", "time", "operator", "action", "target", "regionId",
    "resultCode", "requestId", "mac" };

// "Any" time: the edit's minimum, shown as its special value text.
const QDateTime kAnyTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);

QDateTimeEdit *makeTimeEdit(QWidget *parent, const char *objectName)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setCalendarPopup(true);
    edit->setTimeSpec(Qt::LocalTime);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setMinimumDateTime(kAnyTime.toLocalTime());
    edit->setDateTime(edit->minimumDateTime());
    return edit;
}

QDateTime timeOf(const QDateTimeEdit *edit)
{
    return edit->dateTime() == edit->minimumDateTime() ? QDateTime() : edit->dateTime().toUTC();
}

} // namespace

AuditPage::AuditPage(KmsClient &client, QWidget *parent)
    : Page(parent)
    , m_client(client)
    , m_model(new AuditTableModel(client, this))
    , m_tasks(new AuditTasks(client.session(), this))
{
    setObjectName(QStringLiteral("auditPage"));

    // Filter bar.
    m_fromLabel = new QLabel(this);
    m_toLabel = new QLabel(this);
    m_fromEdit = makeTimeEdit(this, "fromDateTimeEdit");
    m_toEdit = makeTimeEdit(this, "toDateTimeEdit");
    m_operatorEdit = new QLineEdit(this);
    m_operatorEdit->setObjectName(QStringLiteral("operatorLineEdit"));
    m_actionCombo = new QComboBox(this);
    m_actionCombo->setObjectName(QStringLiteral("actionComboBox"));
    m_actionCombo->setEditable(true);
    m_actionCombo->addItem(QString());
    QStringList actions = KmsService::actions();
    actions << QStringLiteral("VerifyAuditChain") << QStringLiteral("ExportAuditEvents");
    actions.sort();
    m_actionCombo->addItems(actions);
    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setObjectName(QStringLiteral("keyLineEdit"));
    m_resultCombo = new QComboBox(this);
    m_resultCombo->setObjectName(QStringLiteral("resultComboBox"));
    m_resultCombo->setEditable(true); // a catalog code can be typed
    for (const char *value : { "", "SUCCESS", "FAILURE" })
        m_resultCombo->addItem(QString(), QString::fromLatin1(value));
    m_applyButton = new QPushButton(this);
    m_applyButton->setObjectName(QStringLiteral("applyFilterButton"));
    m_applyButton->setDefault(true);
    m_clearButton = new QPushButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearFilterButton"));
    // Two rows, so the page fits the main window's smallest width.
    auto *filterBar = new QGridLayout;
    auto *timeRow = new QHBoxLayout;
    timeRow->addWidget(m_fromLabel);
    timeRow->addWidget(m_fromEdit, 1);
    timeRow->addWidget(m_toLabel);
    timeRow->addWidget(m_toEdit, 1);
    timeRow->addWidget(m_resultCombo, 1);
    filterBar->addLayout(timeRow, 0, 0);
    auto *textRow = new QHBoxLayout;
    textRow->addWidget(m_operatorEdit, 1);
    textRow->addWidget(m_actionCombo, 1);
    textRow->addWidget(m_keyEdit, 2);
    textRow->addWidget(m_applyButton);
    textRow->addWidget(m_clearButton);
    filterBar->addLayout(textRow, 1, 0);
    for (QWidget *widget : std::initializer_list<QWidget *> {
             m_fromEdit, m_toEdit, m_resultCombo, m_operatorEdit, m_actionCombo, m_keyEdit })
        widget->setMinimumWidth(60);
    for (QComboBox *combo : { m_actionCombo, m_resultCombo }) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
    }
    for (QLineEdit *edit :
        { m_operatorEdit, m_keyEdit, m_actionCombo->lineEdit(), m_resultCombo->lineEdit() })
        connect(edit, &QLineEdit::returnPressed, this, &AuditPage::applyFilter);
    connect(m_applyButton, &QPushButton::clicked, this, &AuditPage::applyFilter);
    connect(m_clearButton, &QPushButton::clicked, this, &AuditPage::clearFilter);

    // Verify and export.
    m_verifyButton = new QPushButton(this);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    connect(m_verifyButton, &QPushButton::clicked, this, &AuditPage::verifyChain);
    m_exportCsvAction = new QAction(this);
    m_exportCsvAction->setObjectName(QStringLiteral("exportCsvAction"));
    connect(m_exportCsvAction, &QAction::triggered, this, &AuditPage::exportCsv);
    m_exportJsonAction = new QAction(this);
    m_exportJsonAction->setObjectName(QStringLiteral("exportJsonLinesAction"));
    connect(m_exportJsonAction, &QAction::triggered, this, &AuditPage::exportJsonLines);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_exportButton);
    exportMenu->addAction(m_exportCsvAction);
    exportMenu->addAction(m_exportJsonAction);
    m_exportButton->setMenu(exportMenu);
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("auditProgressBar"));
    m_progressBar->setVisible(false);
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelTaskButton"));
    m_cancelButton->setVisible(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &AuditPage::cancelTask);
    m_verdictLabel = new QLabel(this);
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_verdictLabel->setWordWrap(true);
    m_verdictLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("auditCountLabel"));
    // The chain head: what a ceremony transcript prints at its end, to match paper and store.
    m_headLabel = new QLabel(this);
    m_headLabel->setObjectName(QStringLiteral("chainHeadLabel"));
    m_headLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *topBar = new QHBoxLayout;
    topBar->addWidget(m_verifyButton);
    topBar->addWidget(m_exportButton);
    topBar->addWidget(m_progressBar, 1);
    topBar->addWidget(m_cancelButton);
    topBar->addStretch();
    topBar->addWidget(m_countLabel);
    topBar->addWidget(m_headLabel);

    // The table: rows of one fixed height, so a view of a million rows lays out nothing.
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTableView"));
    m_table->setModel(m_model);
    setUpListView(m_table);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    setColumnWidths(m_table,
        { { AuditTableModel::SeqColumn, "10000000_" },
            { AuditTableModel::TimeColumn, "2026-01-01 00:00:00.000__" },
            { AuditTableModel::OperatorColumn, "officer-name__" },
            { AuditTableModel::ActionColumn, "GenerateDataKeyWithoutPlaintext" },
            { AuditTableModel::TargetColumn, "00000000-0000-0000-0000-000000000000" },
            { AuditTableModel::RegionColumn, "local-1___" },
            { AuditTableModel::ResultColumn, "KMS.0000__" } });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &AuditPage::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        showDetail();
        updateCount();
    });
    connect(m_model, &AuditTableModel::loadFailed, this, [this](const Response &response) {
        Dialogs::showError(this, response, tr("Loading the audit log"));
    });

    // Detail pane.
    auto *detail = new QGroupBox(this);
    detail->setObjectName(QStringLiteral("auditDetailPane"));
    auto *form = new QFormLayout(detail);
    for (const char *field : kDetailFields) {
        auto *name = new QLabel(detail);
        auto *value = new QLabel(detail);
        value->setObjectName(QStringLiteral("detail_%1").arg(QLatin1String(field)));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(name, value);
        m_detailNames.append(name);
        m_detailValues.append(value);
    }
    m_detailTitle = new QLabel(detail);
    QSplitter *splitter
        = makeDetailSplitter(this, "auditSplitter", m_table, detail, { 3, 1 }, { 900, 300 });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterBar);
    layout->addLayout(topBar);
    layout->addWidget(m_verdictLabel);
    layout->addWidget(splitter, 1);

    connect(m_tasks, &AuditTasks::progress, this, [this](qint64 done, qint64 total) {
        // QProgressBar counts in int: scale a big log down.
        const int scale = total > 1'000'000'000 ? 1000 : 1;
        m_progressBar->setMaximum(int(total / scale));
        m_progressBar->setValue(int(done / scale));
    });
    connect(m_tasks, &AuditTasks::verified, this, &AuditPage::showVerdict);
    connect(m_tasks, &AuditTasks::exported, this, &AuditPage::showExported);

    retranslate();
    updateCount();
}

AuditPage::~AuditPage() = default;

QString AuditPage::title() const
{
    //: Navigation entry and title of the audit log page.
    return tr("Audit");
}

void AuditPage::refresh()
{
    m_model->refresh();
}

store::AuditQuery AuditPage::filterFromBar() const
{
    store::AuditQuery query;
    query.from = timeOf(m_fromEdit);
    query.to = timeOf(m_toEdit);
    query.operatorName = m_operatorEdit->text().trimmed();
    query.action = m_actionCombo->currentText().trimmed();
    query.target = m_keyEdit->text().trimmed();
    const QString resultText = m_resultCombo->currentText().trimmed();
    const int item = m_resultCombo->findText(resultText);
    query.result = item >= 0 ? m_resultCombo->itemData(item).toString() : resultText;
    return query;
}

void AuditPage::applyFilter()
{
    m_model->setFilter(filterFromBar());
}

void AuditPage::clearFilter()
{
    m_fromEdit->setDateTime(m_fromEdit->minimumDateTime());
    m_toEdit->setDateTime(m_toEdit->minimumDateTime());
    m_operatorEdit->clear();
    m_actionCombo->setCurrentIndex(0);
    m_keyEdit->clear();
    m_resultCombo->setCurrentIndex(0);
    applyFilter();
}

void AuditPage::showDetail()
{
    const QModelIndex current = m_table->currentIndex();
    const QJsonObject event = current.isValid()
        ? m_model->data(current, AuditTableModel::EventRole).toJsonObject()
        : QJsonObject();
    for (qsizetype i = 0; i < m_detailValues.size(); ++i) {
        const QJsonValue value = event.value(QLatin1String(kDetailFields[i]));
        m_detailValues[i]->setText(
            value.isDouble() ? QString::number(value.toInteger()) : value.toString());
    }
}

void AuditPage::updateCount()
{
    const qint64 count = m_model->totalCount();
    //: Above the audit table: how many rows match the filter.
    m_countLabel->setText(tr("%n row(s)", nullptr, int(std::min<qint64>(count, INT_MAX))));
    updateChainHead();
}

void AuditPage::updateChainHead()
{
    // The newest row of the whole log, whatever the filter (ListAuditEvents is not audited).
    if (!m_client.mayCall(QStringLiteral("ListAuditEvents"))) {
        m_headLabel->clear();
        return;
    }
    const Response newest = m_client.call(QStringLiteral("ListAuditEvents"),
        { { QStringLiteral("pageSize"), 1 }, { QStringLiteral("pageNumber"), 1 } });
    const QJsonObject row
        = newest.data.value(QStringLiteral("auditEvents")).toArray().first().toObject();
    if (!newest.ok() || row.isEmpty()) {
        m_headLabel->clear();
        return;
    }
    const QString mac = row.value(QStringLiteral("mac")).toString();
    //: Above the audit table: the last row of the chain and the first characters of its MAC.
    m_headLabel->setText(tr("Chain head: row %1, MAC %2…")
                             .arg(row.value(QStringLiteral("seq")).toInteger())
                             .arg(mac.left(16)));
    m_headLabel->setToolTip(mac);
}

void AuditPage::setBusy(bool busy)
{
    if (busy)
        m_cancelRequested = false;
    m_verifyButton->setEnabled(!busy);
    m_exportButton->setEnabled(!busy);
    m_progressBar->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy) {
        m_progressBar->setRange(0, 0); // until the first progress report
        m_progressBar->setValue(0);
    }
}

void AuditPage::verifyChain()
{
    if (!m_tasks->verify())
        return;
    m_verdictLabel->setText(tr("Verifying the audit chain…"));
    setBusy(true);
}

void AuditPage::cancelTask()
{
    m_cancelRequested = true;
    m_tasks->cancel();
}

QString AuditPage::verdictText(const AuditLog::Verdict &verdict) const
{
    if (verdict.cancelled)
        return tr("Verification cancelled after %n row(s).", nullptr, int(verdict.rowsChecked));
    if (verdict.intact)
        return tr("Audit chain intact: %n row(s) verified.", nullptr, int(verdict.rowsChecked));
    const QString seq = QString::number(verdict.firstBadSeq);
    QString what;
    if (verdict.problem == QLatin1String("changed"))
        //: Verdict of the audit chain check; %1 is the row's sequence number.
        what = tr("row %1 changed").arg(seq);
    else if (verdict.problem == QLatin1String("deleted"))
        what = tr("row %1 deleted").arg(seq);
    else if (verdict.problem == QLatin1String("inserted"))
        what = tr("row %1 inserted").arg(seq);
    else if (verdict.problem == QLatin1String("reordered"))
        what = tr("row %1 reordered").arg(seq);
    else
        what = tr("chain head changed or missing (at row %1)").arg(seq);
    //: %1 says what is wrong, e.g. "row 12 changed".
    return tr("Audit chain BROKEN: %1.").arg(what);
}

void AuditPage::showVerdict(const Result<AuditLog::Verdict> &verdict)
{
    setBusy(false);
    if (!verdict) {
        m_verdictLabel->setText(tr("The audit chain could not be verified."));
        Dialogs::showError(
            this, Response::failure(verdict.error(), QString()), tr("Verifying the audit chain"));
        emit verifyFinished(false);
        return;
    }
    m_verdictLabel->setText(verdictText(*verdict));
    m_verdictLabel->setToolTip(verdict->message); // the backend's English detail
    m_verdictLabel->setStyleSheet(verdict->intact || verdict->cancelled
            ? QString()
            : QStringLiteral("color: #b00020; font-weight: bold;"));
    if (!verdict->intact && !verdict->cancelled) {
        // Jump to the bad row when the unfiltered table holds it.
        if (m_model->filter().operatorName.isEmpty() && m_model->filter().action.isEmpty()
            && m_model->filter().target.isEmpty() && m_model->filter().result.isEmpty()
            && !m_model->filter().from.isValid() && !m_model->filter().to.isValid()) {
            const QJsonObject top = m_model->eventAt(0);
            const qint64 row = top.value(QStringLiteral("seq")).toInteger() - verdict->firstBadSeq;
            if (row >= 0 && row < m_model->rowCount()
                && m_model->eventAt(int(row)).value(QStringLiteral("seq")).toInteger()
                    == verdict->firstBadSeq)
                m_table->setCurrentIndex(m_model->index(int(row), 0));
        }
    }
    emit verifyFinished(verdict->intact);
}

void AuditPage::exportCsv()
{
    startExport(AuditExportFormat::Csv);
}

void AuditPage::exportJsonLines()
{
    startExport(AuditExportFormat::JsonLines);
}

void AuditPage::startExport(AuditExportFormat format)
{
    if (m_tasks->isRunning())
        return;
    const bool csv = format == AuditExportFormat::Csv;
    const QString path = CertificateFiles::saveFileName(this,
        csv ? tr("Export Audit Rows as CSV") : tr("Export Audit Rows as Signed JSON Lines"),
        csv ? QStringLiteral("audit.csv") : QStringLiteral("audit.jsonl"),
        csv ? tr("CSV files (*.csv)") : tr("JSON lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    m_exportPath = path;
    // The rows the table shows, as it was loaded (its pin keeps later rows out).
    store::AuditQuery query = m_model->filter();
    const QJsonObject top = m_model->eventAt(0);
    query.beforeSeq = top.isEmpty() ? 0 : top.value(QStringLiteral("seq")).toInteger() + 1;
    if (!m_tasks->exportToFiles(query, format, path, path + QStringLiteral(".pub.pem")))
        return;
    m_verdictLabel->setStyleSheet(QString());
    m_verdictLabel->setText(tr("Exporting the audit rows to %1…").arg(path));
    setBusy(true);
}

void AuditPage::showExported(const Result<AuditService::ExportedFiles> &files)
{
    setBusy(false);
    if (!files && m_cancelRequested) {
        // Nothing was written: the file is only replaced once complete.
        m_verdictLabel->setText(tr("Export cancelled; %1 was not written.").arg(m_exportPath));
        emit exportFinished(false);
        return;
    }
    if (!files) {
        m_verdictLabel->setText(tr("The export to %1 failed.").arg(m_exportPath));
        Dialogs::showError(this, Response::failure(files.error(), QString()),
            tr("Exporting the audit rows to %1").arg(m_exportPath));
        emit exportFinished(false);
        return;
    }
    m_verdictLabel->setText(
        tr("Exported %n row(s) to %1 with the signature %2 and the public key %3.", nullptr,
            int(files->rows))
            .arg(files->dataPath, files->signaturePath, files->publicKeyPath));
    emit exportFinished(true);
}

void AuditPage::retranslate()
{
    m_fromLabel->setText(tr("From"));
    m_toLabel->setText(tr("to"));
    for (QDateTimeEdit *edit : { m_fromEdit, m_toEdit })
        //: A time filter that is not set.
        edit->setSpecialValueText(tr("any time"));
    m_operatorEdit->setPlaceholderText(tr("Operator"));
    m_actionCombo->lineEdit()->setPlaceholderText(tr("Action"));
    m_keyEdit->setPlaceholderText(tr("Key, alias or certificate ID"));
    m_resultCombo->setItemText(0, QString());
    m_resultCombo->lineEdit()->setPlaceholderText(tr("Result"));
    //: Result filter of the audit page: successful calls only.
    m_resultCombo->setItemText(1, tr("Success"));
    //: Result filter of the audit page: failed calls (any error code).
    m_resultCombo->setItemText(2, tr("Failure"));
    m_applyButton->setText(tr("&Apply"));
    m_clearButton->setText(tr("C&lear"));
    m_verifyButton->setText(tr("&Verify Chain"));
    m_verifyButton->setToolTip(tr("Check every row of the audit log against its chained MAC"));
    m_exportButton->setText(tr("&Export"));
    m_exportCsvAction->setText(tr("Export as &CSV…"));
    m_exportJsonAction->setText(tr("Export as Signed &JSON Lines…"));
    m_cancelButton->setText(tr("Cancel"));
    const QStringList names = { tr("Seq"), tr("Time (UTC)"), tr("Operator"), tr("Action"),
        tr("Target"), tr("Region"), tr("Result code"), tr("Request ID"), tr("Chain MAC") };
    for (qsizetype i = 0; i < m_detailNames.size(); ++i)
        m_detailNames[i]->setText(names.value(i));
    m_model->retranslate();
    updateCount();
}

} // namespace kms::ui
