#include "CertificateFiles.h"

#include "Dialogs.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QSaveFile>

namespace kms::ui {

namespace {
bool g_autoFileNames = false; // test seam only; see CertificateFiles::setAutoFileNames
QStringList g_fileNames;

CertificateFiles::WriteObserver &writeObserver()
{
    static CertificateFiles::WriteObserver observer; // GUI thread only
    return observer;
}

QString nextAutoFileName()
{
    return g_fileNames.isEmpty() ? QString() : g_fileNames.takeFirst();
}

constexpr qint64 kMaxFileSize = 1024 * 1024; // certificates and chains are far smaller
} // namespace

QString CertificateFiles::pemFilter()
{
    //: File dialog filter.
    return tr("PEM files (*.pem *.crt *.cer *.csr);;All files (*)");
}

QString CertificateFiles::certificateFilter()
{
    //: File dialog filter.
    return tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)");
}

QString CertificateFiles::crlFilter()
{
    //: File dialog filter.
    return tr("Certificate revocation lists (*.crl *.pem);;All files (*)");
}

QString CertificateFiles::saveFileName(
    QWidget *parent, const QString &caption, const QString &suggestedName, const QString &filter)
{
    if (g_autoFileNames)
        return nextAutoFileName();
    return QFileDialog::getSaveFileName(
        parent, caption, QDir::home().filePath(suggestedName), filter);
}

QString CertificateFiles::openFileName(
    QWidget *parent, const QString &caption, const QString &filter)
{
    if (g_autoFileNames)
        return nextAutoFileName();
    return QFileDialog::getOpenFileName(parent, caption, QDir::homePath(), filter);
}

bool CertificateFiles::write(
    QWidget *parent, const QString &path, const QByteArray &content, bool secret)
{
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok && secret)
        ok = file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (ok)
        ok = file.write(content) == content.size();
    if (ok)
        ok = file.commit();
    if (ok) {
        if (const WriteObserver &observer = writeObserver(); observer)
            observer(path);
    } else {
        const QString reason = file.errorString();
        file.cancelWriting();
        Dialogs::inform(parent, tr("Save File"),
            //: %1 is a file name, %2 the system's reason.
            tr("The file %1 could not be written: %2").arg(QDir::toNativeSeparators(path), reason));
    }
    return ok;
}

std::optional<QString> CertificateFiles::readPemOrDer(
    QWidget *parent, const QString &path, bool allowDer)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Dialogs::inform(parent, tr("Open File"),
            tr("The file %1 could not be read: %2")
                .arg(QDir::toNativeSeparators(path), file.errorString()));
        return std::nullopt;
    }
    if (file.size() > kMaxFileSize) {
        Dialogs::inform(parent, tr("Open File"),
            tr("The file %1 is too large for a certificate.").arg(QDir::toNativeSeparators(path)));
        return std::nullopt;
    }
    const QByteArray content = file.readAll();
    if (content.contains("-----BEGIN "))
        return QString::fromLatin1(content).trimmed() + QLatin1Char('\n');
    if (allowDer && !content.isEmpty())
        return QString::fromLatin1(content.toBase64()); // the API takes DER as base64
    Dialogs::inform(parent, tr("Open File"),
        tr("The file %1 holds no PEM text.").arg(QDir::toNativeSeparators(path)));
    return std::nullopt;
}

void CertificateFiles::setWriteObserver(WriteObserver observer)
{
    writeObserver() = std::move(observer);
}

void CertificateFiles::setAutoFileNames(bool enabled)
{
    g_autoFileNames = enabled;
    g_fileNames.clear();
}

void CertificateFiles::queueFileName(const QString &path)
{
    g_fileNames.append(path);
}

} // namespace kms::ui
