#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QWidget;

namespace kms::ui {

// Files of the Certificates page: choosing where to save (certificates, chains, CSRs, CRLs,
// PKCS#12) and what to load (certificates, chains, CSRs), writing and reading them. Every
// file dialog of the page goes through here, so tests can answer them without a modal loop
// (setAutoFileNames), the way Dialogs::setAutoAnswer answers message boxes.
class CertificateFiles
{
    Q_DECLARE_TR_FUNCTIONS(CertificateFiles)

public:
    // Name filters for the file dialogs.
    static QString pemFilter();
    static QString certificateFilter(); // PEM or DER
    static QString crlFilter();

    // Asks where to save; "" when cancelled.
    static QString saveFileName(QWidget *parent, const QString &caption,
        const QString &suggestedName, const QString &filter);
    // Asks which file to open; "" when cancelled.
    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);

    // Writes `content` to `path` atomically; `secret` (PKCS#12) makes the file readable by the
    // owner only. A failure is shown and returns false.
    static bool write(
        QWidget *parent, const QString &path, const QByteArray &content, bool secret = false);
    // Reads a certificate, chain or CSR: PEM as text; any other content (DER) as base64 when
    // `allowDer`, else refused. A failure is shown and returns nothing.
    static std::optional<QString> readPemOrDer(QWidget *parent, const QString &path, bool allowDer);

    // Called with the path of every file write() wrote (a key ceremony records them), until
    // replaced; an empty observer stops it.
    using WriteObserver = std::function<void(const QString &path)>;
    static void setWriteObserver(WriteObserver observer);

    // Test seam: when enabled, no file dialog is shown; each asks for the next of the queued
    // names (and is cancelled when none is left).
    static void setAutoFileNames(bool enabled);
    static void queueFileName(const QString &path);
};

} // namespace kms::ui
