#include "CeremonyController.h"

#include "BeginCeremonyDialog.h"
#include "CeremonyTranscriptDocument.h"
#include "CertificateFiles.h"
#include "Dialogs.h"
#include "KmsClient.h"

#include "api/StoreSession.h"

#include <QAction>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QWidget>

namespace kms::ui {

CeremonyController::CeremonyController(KmsClient &client, QWidget *window)
    : QObject(window)
    , m_client(client)
    , m_window(window)
{
    m_beginAction = new QAction(this);
    m_beginAction->setObjectName(QStringLiteral("beginCeremonyAction"));
    connect(m_beginAction, &QAction::triggered, this, &CeremonyController::beginCeremony);
    m_noteAction = new QAction(this);
    m_noteAction->setObjectName(QStringLiteral("ceremonyNoteAction"));
    connect(m_noteAction, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString note = QInputDialog::getMultiLineText(m_window, tr("Add Note to Transcript"),
            tr("What happened (printed on the transcript):"), QString(), &ok);
        if (ok)
            addNote(note);
    });
    m_endAction = new QAction(this);
    m_endAction->setObjectName(QStringLiteral("endCeremonyAction"));
    connect(m_endAction, &QAction::triggered, this, &CeremonyController::endCeremony);
    m_saveAction = new QAction(this);
    m_saveAction->setObjectName(QStringLiteral("saveTranscriptAction"));
    connect(m_saveAction, &QAction::triggered, this, &CeremonyController::saveTranscript);

    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("ceremonyMenu"));
    m_menu->addAction(m_beginAction);
    m_menu->addAction(m_noteAction);
    m_menu->addAction(m_endAction);
    m_menu->addSeparator();
    m_menu->addAction(m_saveAction);

    m_statusLabel = new QLabel(window);
    m_statusLabel->setObjectName(QStringLiteral("ceremonyLabel"));
    m_statusLabel->setContentsMargins(6, 0, 6, 0);
    m_statusLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a4b00; font-weight: bold; }"));
    retranslate();
}

CeremonyController::~CeremonyController()
{
    // The observer captures this controller.
    CertificateFiles::setWriteObserver({});
}

void CeremonyController::beginCeremony()
{
    if (isActive() || m_dialog)
        return;
    m_dialog = new BeginCeremonyDialog(m_client.session().operatorName(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setWindowModality(Qt::WindowModal);
    connect(m_dialog, &QDialog::accepted, this, [this, dialog = m_dialog] {
        begin(dialog->title(), dialog->officer(), dialog->custodians());
    });
    m_dialog->open();
}

bool CeremonyController::begin(
    const QString &title, const QString &officer, const QStringList &custodians)
{
    if (isActive())
        return false;
    auto recorder = CeremonyRecorder::begin(m_client.session(), title, officer, custodians);
    if (!recorder) {
        Dialogs::showError(m_window, Response::failure(recorder.error(), QString()),
            tr("Beginning the key ceremony"));
        return false;
    }
    m_recorder = std::make_unique<CeremonyRecorder>(std::move(*recorder));
    CertificateFiles::setWriteObserver(
        [this](const QString &path) { fileWritten(QStringLiteral("export"), path); });
    updateState();
    return true;
}

void CeremonyController::addNote(const QString &note)
{
    if (!isActive() || note.trimmed().isEmpty())
        return;
    m_recorder->recordStep(QStringLiteral("note"), note.trimmed());
    updateState();
}

void CeremonyController::backupWritten(const QString &path)
{
    fileWritten(QStringLiteral("backup"), path);
}

void CeremonyController::fileWritten(const QString &kind, const QString &path)
{
    if (!isActive())
        return;
    if (auto recorded = m_recorder->recordFile(kind, path); !recorded)
        Dialogs::showError(m_window, Response::failure(recorded.error(), QString()),
            //: %1 is a file name.
            tr("Recording %1 in the ceremony").arg(QDir::toNativeSeparators(path)));
    updateState();
}

bool CeremonyController::endCeremony()
{
    if (!isActive())
        return false;
    const QString path = CertificateFiles::saveFileName(m_window, tr("Save Ceremony Transcript"),
        QStringLiteral("ceremony-%1.pdf").arg(m_recorder->ceremonyId().left(8)),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return false;
    auto transcript = m_recorder->finish();
    if (!transcript) {
        // The ceremony goes on: nothing was ended.
        Dialogs::showError(m_window, Response::failure(transcript.error(), QString()),
            tr("Ending the key ceremony"));
        return false;
    }
    m_lastTranscript = std::move(*transcript);
    m_recorder.reset();
    CertificateFiles::setWriteObserver({});
    updateState();
    return writeTranscript(path);
}

bool CeremonyController::saveTranscript()
{
    if (!m_lastTranscript)
        return false;
    const CeremonyTranscriptDocument document(*m_lastTranscript);
    const QString path = CertificateFiles::saveFileName(m_window, tr("Save Ceremony Transcript"),
        document.suggestedFileName(), tr("PDF files (*.pdf)"));
    return !path.isEmpty() && writeTranscript(path);
}

bool CeremonyController::writeTranscript(const QString &path)
{
    const CeremonyTranscriptDocument document(*m_lastTranscript);
    QString error;
    if (!document.writePdf(path, &error)) {
        Dialogs::inform(m_window, tr("Save Ceremony Transcript"),
            //: %1 is a file name, %2 the system's reason.
            tr("The transcript could not be written to %1: %2. Use Ceremony > Save Last Transcript "
               "to try again.")
                .arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    Dialogs::inform(m_window, tr("Key Ceremony Ended"),
        //: %1 is a file name, %2 the audit row number, %3 the first characters of its MAC.
        tr("The transcript was written to %1. Print it and have it signed. It ends with audit "
           "row %2 (chain MAC %3…).")
            .arg(QDir::toNativeSeparators(path))
            .arg(m_lastTranscript->auditHeadSeq)
            .arg(m_lastTranscript->auditHeadMac.left(16)));
    return true;
}

void CeremonyController::updateState()
{
    m_beginAction->setEnabled(!isActive());
    m_noteAction->setEnabled(isActive());
    m_endAction->setEnabled(isActive());
    m_saveAction->setEnabled(m_lastTranscript.has_value());
    m_statusLabel->setVisible(isActive());
    if (isActive())
        //: Status bar while a key ceremony runs: %1 its title, %2 the steps recorded so far.
        m_statusLabel->setText(
            tr("Ceremony: %1 (%2 steps)").arg(m_recorder->title()).arg(m_recorder->steps().size()));
}

void CeremonyController::retranslate()
{
    m_menu->setTitle(tr("&Ceremony"));
    m_beginAction->setText(tr("&Begin Ceremony…"));
    m_beginAction->setToolTip(tr("Record the following steps as a key ceremony"));
    m_noteAction->setText(tr("Add &Note…"));
    m_endAction->setText(tr("&End Ceremony and Save Transcript…"));
    m_saveAction->setText(tr("&Save Last Transcript…"));
    m_statusLabel->setToolTip(tr("A key ceremony is being recorded. Files written and backups "
                                 "are fingerprinted; end it from the Ceremony menu."));
    updateState();
}

} // namespace kms::ui
