#include "FileCryptoTab.h"

#include "Dialogs.h"
#include "KmsClient.h"
#include "crypto/EnvelopeStream.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include <memory>

namespace kms::ui {

using crypto::EnvelopeStream;

namespace {

constexpr QLatin1String kEnvelopeSuffix(".kms");

KmsError fileError(const QFileDevice &file, const QString &doing)
{
    // Not a KMS refusal but the local file system: reported like kmsctl reports it.
    return KmsError(QStringLiteral("KMS.0503"),
        QStringLiteral("%1 %2: %3").arg(doing, file.fileName(), file.errorString()));
}

// The plaintext size of an envelope file, for the progress of its decryption: the payload
// after the header is chunks of (chunk size + tag), the last one shorter (docs/formats.md).
qint64 plaintextSize(qint64 payload, const EnvelopeStream::Header &header)
{
    const qint64 tag = header.algorithm == EnvelopeStream::Algorithm::Aes256Gcm ? 16 : 32;
    const qint64 sealedChunk = qint64(header.chunkSize) + tag;
    const qint64 chunks = qMax<qint64>(1, (payload + sealedChunk - 1) / sealedChunk);
    return qMax<qint64>(0, payload - chunks * tag);
}

} // namespace

FileCryptoTab::FileCryptoTab(KmsClient &client, WorkbenchTask &task, QWidget *parent)
    : WorkbenchTab(client, parent)
    , m_task(task)
{
    setObjectName(QStringLiteral("fileTab"));
    m_explanationLabel = new QLabel(this);
    m_explanationLabel->setWordWrap(true);
    m_inputLabel = new QLabel(this);
    m_inputEdit = new QLineEdit(this);
    m_inputEdit->setObjectName(QStringLiteral("inputFileLineEdit"));
    m_inputBrowseButton = new QPushButton(this);
    m_inputBrowseButton->setObjectName(QStringLiteral("inputFileBrowseButton"));
    m_outputLabel = new QLabel(this);
    m_outputEdit = new QLineEdit(this);
    m_outputEdit->setObjectName(QStringLiteral("outputFileLineEdit"));
    m_outputBrowseButton = new QPushButton(this);
    m_outputBrowseButton->setObjectName(QStringLiteral("outputFileBrowseButton"));
    m_inputLabel->setBuddy(m_inputEdit);
    m_outputLabel->setBuddy(m_outputEdit);
    m_encryptButton = new QPushButton(this);
    m_encryptButton->setObjectName(QStringLiteral("encryptFileButton"));
    m_decryptButton = new QPushButton(this);
    m_decryptButton->setObjectName(QStringLiteral("decryptFileButton"));
    m_resultLabel = new QLabel(this);
    m_resultLabel->setObjectName(QStringLiteral("fileResultLabel"));
    m_resultLabel->setWordWrap(true);
    m_resultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *grid = new QGridLayout;
    grid->addWidget(m_inputLabel, 0, 0);
    grid->addWidget(m_inputEdit, 0, 1);
    grid->addWidget(m_inputBrowseButton, 0, 2);
    grid->addWidget(m_outputLabel, 1, 0);
    grid->addWidget(m_outputEdit, 1, 1);
    grid->addWidget(m_outputBrowseButton, 1, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_encryptButton);
    buttons->addWidget(m_decryptButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_explanationLabel);
    layout->addLayout(grid);
    layout->addLayout(buttons);
    layout->addWidget(m_resultLabel);
    layout->addStretch();

    connect(m_inputBrowseButton, &QPushButton::clicked, this, &FileCryptoTab::chooseInput);
    connect(m_outputBrowseButton, &QPushButton::clicked, this, &FileCryptoTab::chooseOutput);
    connect(m_encryptButton, &QPushButton::clicked, this, &FileCryptoTab::encryptFile);
    connect(m_decryptButton, &QPushButton::clicked, this, &FileCryptoTab::decryptFile);
    retranslate();
}

QString FileCryptoTab::title() const
{
    //: Tab of the crypto workbench: envelope encryption of files.
    return tr("File");
}

bool FileCryptoTab::isAvailableFor(const WorkbenchKey &) const
{
    return true; // an envelope file names its key in the data key's blob
}

void FileCryptoTab::retranslate()
{
    m_explanationLabel->setText(
        tr("Envelope encryption: the KMS makes a data key, the file is encrypted with it on "
           "this computer, and the encrypted data key is stored in the file's header. Files of "
           "any size; kmsctl decrypt reads them too."));
    m_inputLabel->setText(tr("&Input file:"));
    m_outputLabel->setText(tr("&Output file:"));
    m_inputBrowseButton->setText(tr("Browse…"));
    m_outputBrowseButton->setText(tr("Browse…"));
    m_encryptButton->setText(tr("&Encrypt file"));
    m_decryptButton->setText(tr("&Decrypt file"));
    m_decryptButton->setToolTip(tr("Decrypts an envelope file; it names its own key"));
    keyChanged();
}

void FileCryptoTab::keyChanged()
{
    m_encryptButton->setEnabled(key().encryptsSymmetrically());
    m_encryptButton->setToolTip(key().encryptsSymmetrically()
            ? tr("Encrypts the input file with a data key of %1").arg(key().label)
            : tr("Pick an enabled symmetric key for encryption"));
}

void FileCryptoTab::chooseInput()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Choose the input file"), m_inputEdit->text());
    if (path.isEmpty())
        return;
    m_inputEdit->setText(QDir::toNativeSeparators(path));
    if (m_outputEdit->text().isEmpty()) {
        m_outputEdit->setText(QDir::toNativeSeparators(path.endsWith(kEnvelopeSuffix)
                ? path.chopped(kEnvelopeSuffix.size())
                : path + kEnvelopeSuffix));
    }
}

void FileCryptoTab::chooseOutput()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Choose the output file"), m_outputEdit->text());
    if (!path.isEmpty())
        m_outputEdit->setText(QDir::toNativeSeparators(path));
}

std::optional<FileCryptoTab::Paths> FileCryptoTab::checkPaths(const QString &what)
{
    Paths paths { QDir::fromNativeSeparators(m_inputEdit->text().trimmed()),
        QDir::fromNativeSeparators(m_outputEdit->text().trimmed()) };
    if (paths.input.isEmpty() || paths.output.isEmpty()) {
        reportInputProblem(what, tr("Choose an input file and an output file."));
        return std::nullopt;
    }
    const QFileInfo input(paths.input);
    if (!input.isFile() || !input.isReadable()) {
        //: %1 is a file path.
        reportInputProblem(what, tr("%1 is not a readable file.").arg(m_inputEdit->text()));
        return std::nullopt;
    }
    const QFileInfo output(paths.output);
    if (output.exists() && output.canonicalFilePath() == input.canonicalFilePath()) {
        reportInputProblem(what, tr("The output file must be another file than the input."));
        return std::nullopt;
    }
    if (output.isDir()) {
        reportInputProblem(what, tr("%1 is a folder; choose a file.").arg(m_outputEdit->text()));
        return std::nullopt;
    }
    if (output.exists()
        && !Dialogs::confirm(this, what,
            //: %1 is a file path.
            tr("%1 exists. Replace it when the work has succeeded?").arg(m_outputEdit->text())))
        return std::nullopt;
    return paths;
}

void FileCryptoTab::encryptFile()
{
    const QString what = tr("Encrypting the file");
    if (!key().encryptsSymmetrically() || m_task.isRunning())
        return;
    const auto paths = checkPaths(what);
    if (!paths)
        return;
    const bool sm4 = key().keySpec == QLatin1String("SM4_128");
    auto answer = call(QStringLiteral("GenerateDataKey"),
        { { QStringLiteral("cmkUuid"), key().cmkUuid },
            { QStringLiteral("keySpec"),
                sm4 ? QStringLiteral("SM4_128") : QStringLiteral("AES_256") } },
        what);
    if (!answer)
        return;
    auto dataKey = std::make_shared<SecureBytes>(takeSecret(*answer, QStringLiteral("plaintext")));
    const QByteArray blob = QByteArray::fromBase64(
        answer->value(QStringLiteral("ciphertextBlob")).toString().toLatin1());
    const auto algorithm
        = sm4 ? EnvelopeStream::Algorithm::Sm4CtrHmacSm3 : EnvelopeStream::Algorithm::Aes256Gcm;
    const QString input = paths->input;
    const QString output = paths->output;
    m_resultLabel->clear();
    m_resultLabel->setProperty("outcome", QVariant());

    auto job = [input, output, algorithm, dataKey, blob](
                   const WorkbenchTask::Progress &progress) -> Result<QByteArray> {
        QFile in(input);
        if (!in.open(QIODevice::ReadOnly))
            return fileError(in, QStringLiteral("cannot read"));
        QSaveFile out(output);
        if (!out.open(QIODevice::WriteOnly))
            return fileError(out, QStringLiteral("cannot write"));
        const auto done = EnvelopeStream::encrypt(in, out, algorithm, *dataKey, blob, progress);
        dataKey->clear();
        if (!done)
            return done.error(); // the QSaveFile is not committed: no output
        if (!out.commit())
            return fileError(out, QStringLiteral("cannot write"));
        return QByteArray();
    };
    const QString name = QFileInfo(input).fileName();
    //: %1 is a file name; shown beside the progress bar.
    m_task.start(tr("Encrypting %1…").arg(name), QFileInfo(input).size(), job,
        [this, what, done = tr("Encrypted %1 into %2.").arg(name, m_outputEdit->text())](
            WorkbenchTask::Outcome outcome, const Result<QByteArray> &result) {
            jobFinished(what, done, outcome, result);
        });
}

void FileCryptoTab::decryptFile()
{
    const QString what = tr("Decrypting the file");
    if (m_task.isRunning())
        return;
    const auto paths = checkPaths(what);
    if (!paths)
        return;
    QFile file(paths->input);
    if (!file.open(QIODevice::ReadOnly)) {
        reportInputProblem(what, tr("%1 is not a readable file.").arg(m_inputEdit->text()));
        return;
    }
    const auto header = EnvelopeStream::readHeader(file);
    if (!header) {
        Dialogs::showError(this, Response::failure(header.error(), QString()), what);
        return;
    }
    const qint64 total = plaintextSize(file.size() - file.pos(), *header);
    file.close();
    auto answer = call(QStringLiteral("Decrypt"),
        { { QStringLiteral("ciphertextBlob"),
            QString::fromLatin1(header->dataKeyBlob.toBase64()) } },
        what);
    if (!answer)
        return;
    auto dataKey = std::make_shared<SecureBytes>(takeSecret(*answer, QStringLiteral("plaintext")));
    const QString input = paths->input;
    const QString output = paths->output;
    const QByteArray blob = header->dataKeyBlob;
    m_resultLabel->clear();
    m_resultLabel->setProperty("outcome", QVariant());

    auto job = [input, output, dataKey, blob](
                   const WorkbenchTask::Progress &progress) -> Result<QByteArray> {
        QFile in(input);
        if (!in.open(QIODevice::ReadOnly))
            return fileError(in, QStringLiteral("cannot read"));
        const auto fileHeader = EnvelopeStream::readHeader(in);
        if (!fileHeader)
            return fileHeader.error();
        if (fileHeader->dataKeyBlob != blob)
            return KmsError(QStringLiteral("KMS.0219"),
                QStringLiteral("the file was replaced while it was being decrypted"));
        QSaveFile out(output);
        if (!out.open(QIODevice::WriteOnly))
            return fileError(out, QStringLiteral("cannot write"));
        const auto done = EnvelopeStream::decrypt(in, out, *fileHeader, *dataKey, progress);
        dataKey->clear();
        if (!done)
            return done.error(); // no partial plaintext is left behind
        if (!out.commit())
            return fileError(out, QStringLiteral("cannot write"));
        return QByteArray();
    };
    const QString name = QFileInfo(input).fileName();
    //: %1 is a file name; shown beside the progress bar.
    m_task.start(tr("Decrypting %1…").arg(name), total, job,
        [this, what, done = tr("Decrypted %1 into %2.").arg(name, m_outputEdit->text())](
            WorkbenchTask::Outcome outcome, const Result<QByteArray> &result) {
            jobFinished(what, done, outcome, result);
        });
}

void FileCryptoTab::jobFinished(const QString &what, const QString &done,
    WorkbenchTask::Outcome outcome, const Result<QByteArray> &result)
{
    switch (outcome) {
    case WorkbenchTask::Outcome::Succeeded:
        m_resultLabel->setText(done);
        m_resultLabel->setProperty("outcome", QStringLiteral("succeeded"));
        break;
    case WorkbenchTask::Outcome::Cancelled:
        m_resultLabel->setText(tr("Cancelled. No output file was written."));
        m_resultLabel->setProperty("outcome", QStringLiteral("cancelled"));
        break;
    case WorkbenchTask::Outcome::Failed:
        m_resultLabel->setText(tr("Failed. No output file was written."));
        m_resultLabel->setProperty("outcome", QStringLiteral("failed"));
        Dialogs::showError(this, Response::failure(result.error(), QString()), what);
        break;
    }
}

} // namespace kms::ui
