#include "BeginCeremonyDialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

BeginCeremonyDialog::BeginCeremonyDialog(const QString &officer, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("beginCeremonyDialog"));
    setWindowTitle(tr("Begin Key Ceremony"));

    auto *intro = new QLabel(
        tr("While the ceremony runs, the console records each step: the files it writes with "
           "their SHA-256 fingerprints, and every action in the audit log. When it ends, the "
           "transcript lists the fingerprints of the public keys, certificates and backups, "
           "the audit-chain head, and a line for each person below to sign."));
    intro->setWordWrap(true);

    m_titleEdit = new QLineEdit;
    m_titleEdit->setObjectName(QStringLiteral("ceremonyTitleEdit"));
    m_titleEdit->setPlaceholderText(tr("e.g. Root CA key generation"));
    m_officerEdit = new QLineEdit(officer);
    m_officerEdit->setObjectName(QStringLiteral("ceremonyOfficerEdit"));
    m_custodiansEdit = new QPlainTextEdit;
    m_custodiansEdit->setObjectName(QStringLiteral("ceremonyCustodiansEdit"));
    m_custodiansEdit->setPlaceholderText(tr("One name per line"));
    m_custodiansEdit->setTabChangesFocus(true);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Title:")), 0, 0);
    grid->addWidget(m_titleEdit, 0, 1);
    grid->addWidget(new QLabel(tr("Officer:")), 1, 0);
    grid->addWidget(m_officerEdit, 1, 1);
    auto *custodiansLabel = new QLabel(tr("Custodians and witnesses present:"));
    custodiansLabel->setWordWrap(true);
    grid->addWidget(custodiansLabel, 2, 0, Qt::AlignTop);
    grid->addWidget(m_custodiansEdit, 2, 1);
    grid->setColumnStretch(1, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Begin"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_titleEdit, &QLineEdit::textChanged, this, &BeginCeremonyDialog::updateOk);
    connect(m_officerEdit, &QLineEdit::textChanged, this, &BeginCeremonyDialog::updateOk);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(grid);
    layout->addWidget(m_buttons);
    resize(520, 380);
    updateOk();
}

QString BeginCeremonyDialog::title() const
{
    return m_titleEdit->text().trimmed();
}

QString BeginCeremonyDialog::officer() const
{
    return m_officerEdit->text().trimmed();
}

QStringList BeginCeremonyDialog::custodians() const
{
    QStringList names;
    for (const QString &line : m_custodiansEdit->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            names.append(line.trimmed());
    }
    return names;
}

void BeginCeremonyDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!title().isEmpty() && !officer().isEmpty());
}

} // namespace kms::ui
