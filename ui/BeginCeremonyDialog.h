#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace kms::ui {

// What a key ceremony is about and who is in the room: its title, the officer conducting it
// and the custodians present, one per line. They are printed on the transcript with a line
// for each to sign.
class BeginCeremonyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BeginCeremonyDialog(const QString &officer, QWidget *parent = nullptr);

    QString title() const;
    QString officer() const;
    QStringList custodians() const;

    QLineEdit *titleEdit() const { return m_titleEdit; }
    QLineEdit *officerEdit() const { return m_officerEdit; }
    QPlainTextEdit *custodiansEdit() const { return m_custodiansEdit; }

private:
    void updateOk();

    QLineEdit *m_titleEdit = nullptr;
    QLineEdit *m_officerEdit = nullptr;
    QPlainTextEdit *m_custodiansEdit = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace kms::ui
