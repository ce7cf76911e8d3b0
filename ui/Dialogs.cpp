#include "Dialogs.h"

#include "errors/ErrorCatalog.h"

#include <QMessageBox>

namespace kms::ui {

namespace {
bool g_autoAnswer = false; // test seam only; see Dialogs::setAutoAnswer
bool g_answer = true;
QList<Dialogs::Shown> g_history;
} // namespace

QString Dialogs::adviceFor(const QString &code)
{
    const QString number = code.right(4);
    if (code == QLatin1String("KMS.0201"))
        return tr("Choose another alias name, or repoint the existing alias instead.");
    if (code == QLatin1String("KMS.0206") || code == QLatin1String("KMS.0306")
        || code == QLatin1String("KMS.0246"))
        return tr("Enable the key first, then try again.");
    if (code == QLatin1String("KMS.0208") || code == QLatin1String("KMS.0203")
        || code == QLatin1String("KMS.0233") || code == QLatin1String("KMS.0207"))
        return tr("The key's state does not allow this. Check its state in the key list.");
    if (code == QLatin1String("KMS.0219") || code == QLatin1String("KMS.0247"))
        return tr("The ciphertext was changed, belongs to another key, or needs another "
                  "encryption context. Check what you pasted.");
    if (code == QLatin1String("KMS.0238"))
        return tr("The region has reached its limit of asymmetric keys. Schedule unused keys "
                  "for deletion or use another region.");
    if (code == QLatin1String("KMS.0401"))
        return tr("The passphrase is wrong. Type it again.");
    if (code == QLatin1String("KMS.0229"))
        return tr("A key can be rotated by hand once in 7 days; the details say from when.");
    if (code == QLatin1String("KMS.0228"))
        return tr("You have reached your limit of manual rotations for today. Try again "
                  "tomorrow, or ask another officer.");
    if (code == QLatin1String("KMS.0230"))
        return tr("Rotation is paused for this key: enable it, or cancel its deletion, first.");
    if (code == QLatin1String("KMS.0211"))
        return tr("This key cannot rotate that way: imported keys rotate by importing new "
                  "material, and asymmetric keys rotate by hand only.");
    if (code.startsWith(QLatin1String("KMS.05")) || number.startsWith(QLatin1Char('5')))
        return tr("The key store or the HSM failed. Nothing was changed; try again, and if it "
                  "keeps failing, check the store's disk and the HSM.");
    if (code.startsWith(QLatin1String("KMS.03")))
        return tr("It may have been deleted or renamed elsewhere. Refresh the list and pick "
                  "it again.");
    return tr("Check the values you entered and try again; nothing was changed.");
}

void Dialogs::showError(QWidget *parent, const Response &response, const QString &what)
{
    const ErrorEntry entry = ErrorCatalog::builtin().entryOrInternal(response.code);
    Shown shown;
    shown.code = entry.code;
    shown.title = what;
    //: An error of the KMS: its code, then the English and the Chinese message of the table.
    shown.text = tr("%1 failed.\n\n%2 (HTTP %3)\n%4\n%5")
                     .arg(what, entry.code)
                     .arg(entry.httpStatus)
                     .arg(entry.messageEn, entry.messageZh);
    shown.informativeText = adviceFor(entry.code);
    if (!response.detail.isEmpty())
        shown.informativeText += QLatin1Char('\n') + tr("Details: %1").arg(response.detail);
    g_history.append(shown);
    if (g_autoAnswer)
        return;
    QMessageBox box(QMessageBox::Warning, shown.title, shown.text, QMessageBox::Ok, parent);
    box.setInformativeText(shown.informativeText);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

bool Dialogs::confirm(QWidget *parent, const QString &title, const QString &text)
{
    g_history.append(Shown { title, text, QString(), QString() });
    if (g_autoAnswer)
        return g_answer;
    return QMessageBox::question(
               parent, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

void Dialogs::inform(QWidget *parent, const QString &title, const QString &text)
{
    g_history.append(Shown { title, text, QString(), QString() });
    if (!g_autoAnswer)
        QMessageBox::information(parent, title, text);
}

void Dialogs::setAutoAnswer(bool enabled, bool answer)
{
    g_autoAnswer = enabled;
    g_answer = answer;
}

const QList<Dialogs::Shown> &Dialogs::history()
{
    return g_history;
}

void Dialogs::clearHistory()
{
    g_history.clear();
}

} // namespace kms::ui
