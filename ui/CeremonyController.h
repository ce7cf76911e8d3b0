#pragma once

#include "api/Ceremony.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QMenu;
class QWidget;

namespace kms {
class KmsClient;
}

namespace kms::ui {

class BeginCeremonyDialog;

// Ceremony mode of the main window: the Ceremony menu (Begin, Add Note, End and save the
// transcript), a status-bar label while a ceremony runs, and the recording of what the
// console writes meanwhile — every file saved through CertificateFiles (public keys, CSRs,
// certificates, CRLs, wrapping keys) and each key-store backup, with its SHA-256. The keys,
// certificates and audit rows come from the store when the ceremony ends
// (api/Ceremony.h); the transcript is a PDF (CeremonyTranscriptDocument).
class CeremonyController : public QObject
{
    Q_OBJECT

public:
    // `window` parents the dialogs and the status-bar label.
    CeremonyController(KmsClient &client, QWidget *window);
    ~CeremonyController() override;

    QMenu *menu() const { return m_menu; }
    QLabel *statusLabel() const { return m_statusLabel; }
    bool isActive() const { return m_recorder != nullptr; }
    const CeremonyRecorder *recorder() const { return m_recorder.get(); }
    // The transcript of the last ceremony that ended (kept until the next one ends).
    const std::optional<CeremonyTranscript> &lastTranscript() const { return m_lastTranscript; }

    // Opens the Begin Ceremony dialog (window-modal); the ceremony begins when it is accepted.
    void beginCeremony();
    // Begins a ceremony without the dialog (the dialog's accept does this). False, and the
    // error shown, if the store would not record it.
    bool begin(const QString &title, const QString &officer, const QStringList &custodians);
    // Records the officer's note as a step.
    void addNote(const QString &note);
    // Asks where to save the transcript, ends the ceremony and writes the PDF. False when
    // cancelled (the ceremony goes on) or failed (said; Save Transcript tries again).
    bool endCeremony();
    // Writes the last transcript again, to a file the officer picks.
    bool saveTranscript();
    // A key-store backup written to `path` (the main window's Back Up action).
    void backupWritten(const QString &path);

    void retranslate();

private:
    void fileWritten(const QString &kind, const QString &path);
    bool writeTranscript(const QString &path);
    void updateState();

    KmsClient &m_client;
    QWidget *m_window;
    QMenu *m_menu = nullptr;
    QAction *m_beginAction = nullptr;
    QAction *m_noteAction = nullptr;
    QAction *m_endAction = nullptr;
    QAction *m_saveAction = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPointer<BeginCeremonyDialog> m_dialog;
    std::unique_ptr<CeremonyRecorder> m_recorder;
    std::optional<CeremonyTranscript> m_lastTranscript;
};

} // namespace kms::ui
