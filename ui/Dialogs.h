#pragma once

#include "api/Response.h"

#include <QCoreApplication>
#include <QList>
#include <QMessageBox>
#include <QString>

class QWidget;

namespace kms::ui {

// Every message box of the console goes through here, so that
// - a backend error always looks the same: its code, the English and the Chinese message as
//   the table publishes them, and a sentence in the UI language of what the user can do;
// - tests can answer message boxes without a modal loop (setAutoAnswer) and read what was
//   shown (history), the way KeePassXC's MessageBox::setNextAnswer does.
class Dialogs
{
    Q_DECLARE_TR_FUNCTIONS(Dialogs)

public:
    struct Shown
    {
        QString title;
        QString text; // the main text (for errors: code and both messages)
        QString informativeText; // for errors: the advice
        QString code; // for errors: the catalog code
    };

    // Shows a failed response. `what` names what was being done ("Creating the key").
    static void showError(QWidget *parent, const Response &response, const QString &what);
    // Asks a yes/no question; true for yes.
    static bool confirm(QWidget *parent, const QString &title, const QString &text);
    static void inform(QWidget *parent, const QString &title, const QString &text);

    // The sentence of advice for a catalog code, in the current UI language.
    static QString adviceFor(const QString &code);

    // Test seam: when set, no box is shown; confirm() returns `answer`, and everything is
    // recorded in history().
    static void setAutoAnswer(bool enabled, bool answer = true);
    static const QList<Shown> &history();
    static void clearHistory();
};

} // namespace kms::ui
