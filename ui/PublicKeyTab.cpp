#include "PublicKeyTab.h"

#include "CertificateFiles.h"

#include "KmsClient.h"

#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kms::ui {

PublicKeyTab::PublicKeyTab(KmsClient &client, QWidget *parent)
    : WorkbenchTab(client, parent)
{
    setObjectName(QStringLiteral("publicKeyTab"));
    m_explanationLabel = new QLabel(this);
    m_explanationLabel->setWordWrap(true);
    m_publicKeyEdit = new QPlainTextEdit(this);
    m_publicKeyEdit->setObjectName(QStringLiteral("publicKeyEdit"));
    m_publicKeyEdit->setReadOnly(true);
    m_publicKeyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_exportButton = new QPushButton(this);
    m_exportButton->setObjectName(QStringLiteral("exportPublicKeyButton"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("publicKeyStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_exportButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_explanationLabel);
    layout->addWidget(m_publicKeyEdit);
    layout->addLayout(buttons);
    layout->addWidget(m_statusLabel);

    connect(m_exportButton, &QPushButton::clicked, this, &PublicKeyTab::exportPublicKey);
    retranslate();
    keyChanged();
}

QString PublicKeyTab::title() const
{
    //: Tab of the crypto workbench: GetPublicKey and export to PEM.
    return tr("Public key");
}

bool PublicKeyTab::isAvailableFor(const WorkbenchKey &key) const
{
    return key.isAsymmetric();
}

void PublicKeyTab::retranslate()
{
    m_explanationLabel->setText(
        tr("The public key of the chosen key version, as PEM (SubjectPublicKeyInfo). Anyone may "
           "have it: it verifies signatures and encrypts for this key."));
    m_exportButton->setText(tr("&Export to PEM file…"));
}

void PublicKeyTab::keyChanged()
{
    m_publicKeyEdit->clear();
    m_statusLabel->clear();
    m_exportButton->setEnabled(key().isAsymmetric());
    if (!key().isAsymmetric() || key().keyVersionId.isEmpty())
        return;
    // Shown without a message box: the user only picked a key.
    const Response response = client().call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key().cmkUuid },
            { QStringLiteral("keyVersionId"), key().keyVersionId } });
    if (response.ok())
        m_publicKeyEdit->setPlainText(response.data.value(QStringLiteral("publicKey")).toString());
    else
        //: %1 is an error code such as KMS.0301.
        m_statusLabel->setText(tr("The public key cannot be read (%1).").arg(response.code));
}

void PublicKeyTab::exportPublicKey()
{
    if (!key().isAsymmetric())
        return;
    const QString path = CertificateFiles::saveFileName(this, tr("Export the public key"),
        key().cmkUuid + QLatin1String(".pem"), CertificateFiles::pemFilter());
    if (!path.isEmpty())
        exportPublicKeyTo(path);
}

bool PublicKeyTab::exportPublicKeyTo(const QString &path)
{
    const QString what = tr("Exporting the public key");
    const auto answer = call(QStringLiteral("GetPublicKey"),
        { { QStringLiteral("cmkUuid"), key().cmkUuid },
            { QStringLiteral("keyVersionId"), key().keyVersionId } },
        what);
    if (!answer)
        return false;
    QByteArray pem = answer->value(QStringLiteral("publicKey")).toString().toLatin1();
    if (!pem.endsWith('\n'))
        pem.append('\n');
    if (!CertificateFiles::write(this, path, pem))
        return false;
    m_publicKeyEdit->setPlainText(QString::fromLatin1(pem));
    m_statusLabel->setText(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace kms::ui
