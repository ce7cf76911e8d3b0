#include "SignVerifyTab.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "core/Algorithms.h"
#include "crypto/MessageDigest.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace kms::ui {

namespace {

// Reads another device and reports every read to a progress callback, which can stop the
// reading: the digest of a file then fails, and the task knows it was cancelled.
class ProgressReader : public QIODevice
{
public:
    ProgressReader(QIODevice &source, WorkbenchTask::Progress progress)
        : m_source(source)
        , m_progress(std::move(progress))
    {
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_source.size(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 read = m_source.read(data, maxSize);
        if (read > 0) {
            m_done += read;
            if (!m_progress(m_done)) {
                setErrorString(QStringLiteral("cancelled"));
                return -1;
            }
        }
        return read;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QIODevice &m_source;
    WorkbenchTask::Progress m_progress;
    qint64 m_done = 0;
};

QStringList signAlgorithmsOf(const QString &keySpec)
{
    QStringList names;
    const auto spec = keySpecFromName(keySpec);
    for (const auto algorithm : { SignAlgorithm::RsaPssSha256, SignAlgorithm::RsaPkcs1Sha256,
             SignAlgorithm::EcdsaSha256, SignAlgorithm::Sm2Dsa }) {
        if (spec && specOf(algorithm) == *spec)
            names.append(signAlgorithmName(algorithm));
    }
    return names;
}

} // namespace

SignVerifyTab::SignVerifyTab(KmsClient &client, WorkbenchTask &task, QWidget *parent)
    : WorkbenchTab(client, parent)
    , m_task(task)
{
    setObjectName(QStringLiteral("signTab"));
    m_algorithmLabel = new QLabel(this);
    m_algorithmComboBox = new QComboBox(this);
    m_algorithmComboBox->setObjectName(QStringLiteral("signAlgorithmComboBox"));
    m_algorithmLabel->setBuddy(m_algorithmComboBox);
    m_inputLabel = new QLabel(this);
    m_inputComboBox = new QComboBox(this);
    m_inputComboBox->setObjectName(QStringLiteral("messageTypeComboBox"));
    for (int i = 0; i < 4; ++i)
        m_inputComboBox->addItem(QString());
    m_inputLabel->setBuddy(m_inputComboBox);

    m_messageEdit = new QPlainTextEdit(this);
    m_messageEdit->setObjectName(QStringLiteral("messageEdit"));
    auto *filePage = new QWidget(this);
    m_fileEdit = new QLineEdit(filePage);
    m_fileEdit->setObjectName(QStringLiteral("messageFileLineEdit"));
    m_fileBrowseButton = new QPushButton(filePage);
    m_fileBrowseButton->setObjectName(QStringLiteral("messageFileBrowseButton"));
    auto *fileRow = new QHBoxLayout(filePage);
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->addWidget(m_fileEdit, 1);
    fileRow->addWidget(m_fileBrowseButton);
    auto *digestPage = new QWidget(this);
    m_digestEdit = new QLineEdit(digestPage);
    m_digestEdit->setObjectName(QStringLiteral("digestLineEdit"));
    auto *digestRow = new QVBoxLayout(digestPage);
    digestRow->setContentsMargins(0, 0, 0, 0);
    digestRow->addWidget(m_digestEdit);
    digestRow->addStretch();
    m_inputStack = new QStackedWidget(this);
    m_inputStack->setObjectName(QStringLiteral("messageStackedWidget"));
    m_inputStack->addWidget(m_messageEdit);
    m_inputStack->addWidget(filePage);
    m_inputStack->addWidget(digestPage);

    m_signatureLabel = new QLabel(this);
    m_signatureEdit = new QPlainTextEdit(this);
    m_signatureEdit->setObjectName(QStringLiteral("signatureEdit"));
    m_signatureEdit->setMaximumHeight(m_signatureEdit->fontMetrics().lineSpacing() * 6);
    m_signatureLabel->setBuddy(m_signatureEdit);
    m_signButton = new QPushButton(this);
    m_signButton->setObjectName(QStringLiteral("signButton"));
    m_verifyButton = new QPushButton(this);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verdictLabel = new QLabel(this);
    m_verdictLabel->setObjectName(QStringLiteral("verdictLabel"));
    m_verdictLabel->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(m_algorithmLabel, m_algorithmComboBox);
    form->addRow(m_inputLabel, m_inputComboBox);
    form->addRow(QString(), m_inputStack);
    form->addRow(m_signatureLabel, m_signatureEdit);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_signButton);
    buttons->addWidget(m_verifyButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_verdictLabel);

    connect(m_inputComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_inputStack->setCurrentIndex(qMin(int(input()), 2));
        retranslate(); // the digest field's placeholder follows hex / base64
        setVerdict(QString(), QString());
    });
    // A verdict speaks of what it was computed over: any change makes it stale.
    const auto stale = [this] { setVerdict(QString(), QString()); };
    connect(m_messageEdit, &QPlainTextEdit::textChanged, this, stale);
    connect(m_fileEdit, &QLineEdit::textChanged, this, stale);
    connect(m_digestEdit, &QLineEdit::textChanged, this, stale);
    connect(m_signatureEdit, &QPlainTextEdit::textChanged, this, stale);
    connect(m_algorithmComboBox, &QComboBox::currentIndexChanged, this, stale);
    connect(m_fileBrowseButton, &QPushButton::clicked, this, &SignVerifyTab::chooseFile);
    connect(m_signButton, &QPushButton::clicked, this, &SignVerifyTab::sign);
    connect(m_verifyButton, &QPushButton::clicked, this, &SignVerifyTab::verify);
    retranslate();
    keyChanged();
}

QString SignVerifyTab::title() const
{
    //: Tab of the crypto workbench: AsymmetricSign / AsymmetricVerify.
    return tr("Sign / verify");
}

bool SignVerifyTab::isAvailableFor(const WorkbenchKey &key) const
{
    return key.signs();
}

void SignVerifyTab::retranslate()
{
    m_algorithmLabel->setText(tr("&Algorithm:"));
    m_inputLabel->setText(tr("&Message:"));
    //: What is signed: a text typed here.
    m_inputComboBox->setItemText(int(Input::Text), tr("Text"));
    //: What is signed: the content of a file.
    m_inputComboBox->setItemText(int(Input::File), tr("File"));
    //: What is signed: a digest computed elsewhere, typed in hexadecimal.
    m_inputComboBox->setItemText(int(Input::HexDigest), tr("Digest (hex)"));
    //: What is signed: a digest computed elsewhere, typed in base64.
    m_inputComboBox->setItemText(int(Input::Base64Digest), tr("Digest (base64)"));
    m_messageEdit->setPlaceholderText(tr("Text to sign or verify (signed as UTF-8)"));
    m_fileEdit->setPlaceholderText(tr("File to sign or verify"));
    m_fileBrowseButton->setText(tr("Browse…"));
    m_digestEdit->setPlaceholderText(input() == Input::Base64Digest
            ? tr("The 32-byte digest in base64 (SHA-256, or SM3 with Z_A for SM2)")
            : tr("The 32-byte digest in hex (SHA-256, or SM3 with Z_A for SM2)"));
    m_signatureLabel->setText(tr("Si&gnature (base64):"));
    m_signButton->setText(tr("&Sign"));
    m_verifyButton->setText(tr("&Verify"));
}

void SignVerifyTab::keyChanged()
{
    const QString previous = m_algorithmComboBox->currentText();
    const QStringList algorithms = signAlgorithmsOf(key().keySpec);
    if (algorithms != [this] {
            QStringList shown;
            for (int i = 0; i < m_algorithmComboBox->count(); ++i)
                shown.append(m_algorithmComboBox->itemText(i));
            return shown;
        }()) {
        m_algorithmComboBox->clear();
        m_algorithmComboBox->addItems(algorithms);
        if (algorithms.contains(previous))
            m_algorithmComboBox->setCurrentText(previous);
    }
    const bool usable = key().signs();
    m_signButton->setEnabled(usable);
    m_verifyButton->setEnabled(usable);
    setVerdict(QString(), QString());
}

SignVerifyTab::Input SignVerifyTab::input() const
{
    return Input(qBound(0, m_inputComboBox->currentIndex(), 3));
}

QJsonObject SignVerifyTab::keyParams() const
{
    return {
        { QStringLiteral("cmkUuid"), key().cmkUuid },
        { QStringLiteral("keyVersionId"), key().keyVersionId },
    };
}

void SignVerifyTab::setVerdict(const QString &verdict, const QString &text)
{
    m_verdictLabel->setProperty("verdict", verdict);
    m_verdictLabel->setText(text);
    if (verdict == QLatin1String("valid") || verdict == QLatin1String("signed"))
        m_verdictLabel->setStyleSheet(QStringLiteral("QLabel { color: #176f2c; }"));
    else if (verdict == QLatin1String("invalid"))
        m_verdictLabel->setStyleSheet(QStringLiteral("QLabel { color: #a33; font-weight: bold; }"));
    else
        m_verdictLabel->setStyleSheet(QString());
}

void SignVerifyTab::chooseFile()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Choose the file"), m_fileEdit->text());
    if (!path.isEmpty())
        m_fileEdit->setText(QDir::toNativeSeparators(path));
}

void SignVerifyTab::withDigest(const QString &what, DigestHandler next)
{
    const auto algorithm = signAlgorithmFromName(m_algorithmComboBox->currentText());
    if (!algorithm || !key().signs())
        return;
    setVerdict(QString(), QString());

    if (input() == Input::HexDigest || input() == Input::Base64Digest) {
        const bool hex = input() == Input::HexDigest;
        const auto digest
            = hex ? decodeHex(m_digestEdit->text()) : decodeBase64(m_digestEdit->text());
        if (!digest) {
            reportInputProblem(
                what, hex ? tr("The digest is not hexadecimal.") : tr("The digest is not base64."));
            return;
        }
        if (digest->size() != crypto::kSignDigestLength) {
            //: %1 is the expected digest length in bytes, %2 the length typed.
            reportInputProblem(what,
                tr("The digest must be %1 bytes long; this one has %2 bytes.")
                    .arg(crypto::kSignDigestLength)
                    .arg(digest->size()));
            return;
        }
        next(*digest);
        return;
    }

    QString path;
    if (input() == Input::File) {
        path = QDir::fromNativeSeparators(m_fileEdit->text().trimmed());
        const QFileInfo info(path);
        if (path.isEmpty() || !info.isFile() || !info.isReadable()) {
            reportInputProblem(what, tr("Choose a readable file to sign or verify."));
            return;
        }
    }
    const auto publicKey = call(QStringLiteral("GetPublicKey"), keyParams(), what);
    if (!publicKey)
        return;
    const QByteArray pem = publicKey->value(QStringLiteral("publicKey")).toString().toLatin1();

    if (input() == Input::Text) {
        const auto digest
            = crypto::messageDigest(pem, *algorithm, m_messageEdit->toPlainText().toUtf8());
        if (!digest) {
            Dialogs::showError(this, Response::failure(digest.error(), QString()), what);
            return;
        }
        next(*digest);
        return;
    }

    auto job = [path, pem, algorithm = *algorithm](
                   const WorkbenchTask::Progress &progress) -> Result<QByteArray> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return KmsError(QStringLiteral("KMS.0503"),
                QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        ProgressReader reader(file, progress);
        reader.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        return crypto::messageDigest(pem, algorithm, reader);
    };
    //: %1 is a file name; shown beside the progress bar.
    m_task.start(tr("Computing the digest of %1…").arg(QFileInfo(path).fileName()),
        QFileInfo(path).size(), job,
        [this, what, next = std::move(next)](
            WorkbenchTask::Outcome outcome, const Result<QByteArray> &result) {
            if (outcome == WorkbenchTask::Outcome::Succeeded)
                next(*result);
            else if (outcome == WorkbenchTask::Outcome::Cancelled)
                setVerdict(QStringLiteral("cancelled"), tr("Cancelled."));
            else
                Dialogs::showError(this, Response::failure(result.error(), QString()), what);
        });
}

void SignVerifyTab::sign()
{
    const QString what = tr("Signing");
    withDigest(what, [this, what](const QByteArray &digest) { signDigest(what, digest); });
}

void SignVerifyTab::verify()
{
    const QString what = tr("Verifying the signature");
    withDigest(what, [this, what](const QByteArray &digest) { verifyDigest(what, digest); });
}

void SignVerifyTab::signDigest(const QString &what, const QByteArray &digest)
{
    QJsonObject params = keyParams();
    params.insert(QStringLiteral("algorithm"), m_algorithmComboBox->currentText());
    params.insert(QStringLiteral("digest"), QString::fromLatin1(digest.toBase64()));
    const auto answer = call(QStringLiteral("AsymmetricSign"), params, what);
    if (!answer)
        return;
    m_signatureEdit->setPlainText(answer->value(QStringLiteral("value")).toString());
    //: %1 is a signature algorithm, %2 a key version id.
    setVerdict(QStringLiteral("signed"),
        tr("Signed with %1 by key version %2.")
            .arg(answer->value(QStringLiteral("algorithm")).toString(),
                answer->value(QStringLiteral("keyVersionId")).toString()));
}

void SignVerifyTab::verifyDigest(const QString &what, const QByteArray &digest)
{
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QJsonObject params = keyParams();
    params.insert(QStringLiteral("algorithm"), m_algorithmComboBox->currentText());
    params.insert(QStringLiteral("digest"), QString::fromLatin1(digest.toBase64()));
    params.insert(QStringLiteral("value"), m_signatureEdit->toPlainText().remove(spaces));
    const auto answer = call(QStringLiteral("AsymmetricVerify"), params, what);
    if (!answer)
        return;
    if (answer->value(QStringLiteral("valid")).toBool())
        setVerdict(QStringLiteral("valid"), tr("✔ The signature is valid."));
    else
        setVerdict(QStringLiteral("invalid"),
            tr("✘ The signature is NOT valid for this message, key version and algorithm."));
}

} // namespace kms::ui
