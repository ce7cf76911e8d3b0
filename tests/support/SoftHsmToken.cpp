#include "SoftHsmToken.h"

#include "TestHelpers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <functional>

namespace kms::test {

namespace {

const QString kSoPin = QStringLiteral("12345678");

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(20);
    }
    return true;
}

} // namespace

SoftHsmToken::SoftHsmToken(const QString &label)
    : m_label(label)
{
    if (!m_dir.isValid()) {
        m_problem = QStringLiteral("no temporary folder");
        return;
    }
    const QString util = QStandardPaths::findExecutable(QStringLiteral("softhsm2-util"));
    if (util.isEmpty() || !QFileInfo::exists(QLatin1String(kSoftHsmModule))) {
        m_problem = QStringLiteral("SoftHSM2 is not installed (package softhsm2)");
        m_missingBinary = true;
        return;
    }
    const QString tokens = m_dir.filePath(QStringLiteral("tokens"));
    QDir().mkpath(tokens);
    const QString conf = m_dir.filePath(QStringLiteral("softhsm2.conf"));
    if (!writeFile(conf,
            QStringLiteral("directories.tokendir = %1\nobjectstore.backend = file\nlog.level = "
                           "ERROR\n")
                .arg(tokens)
                .toUtf8())) {
        m_problem = QStringLiteral("cannot write softhsm2.conf");
        return;
    }
    // For this process (the in-process module) and every child (softhsm2-util, the server,
    // pkcs11-tool), which inherit the environment.
    qputenv("SOFTHSM2_CONF", QFile::encodeName(conf));
    m_problem = addToken(m_label);
}

QString SoftHsmToken::addToken(const QString &label)
{
    const QString util = QStandardPaths::findExecutable(QStringLiteral("softhsm2-util"));
    const ProcessRun init = runProcess(util,
        { QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"),
            label, QStringLiteral("--so-pin"), kSoPin, QStringLiteral("--pin"), userPinText() });
    if (init.exitCode != 0)
        return QStringLiteral("softhsm2-util --init-token failed: %1")
            .arg(QString::fromLocal8Bit(init.err.trimmed()));
    return {};
}

SoftHsmToken::~SoftHsmToken()
{
    stopServer();
}

SecureBytes SoftHsmToken::userPin() const
{
    return SecureBytes(reinterpret_cast<const unsigned char *>("1234"), 4);
}

QString SoftHsmToken::socketPath() const
{
    return m_dir.filePath(QStringLiteral("p11.sock"));
}

QString SoftHsmToken::serverAddress() const
{
    return QStringLiteral("unix:path=") + socketPath();
}

bool SoftHsmToken::serverRunning() const
{
    return m_server && m_server->state() == QProcess::Running;
}

QString SoftHsmToken::startServer()
{
    if (!m_problem.isEmpty())
        return m_problem;
    if (serverRunning())
        return {};
    const QString p11kit = QStandardPaths::findExecutable(QStringLiteral("p11-kit"));
    if (p11kit.isEmpty() || !QFileInfo::exists(QLatin1String(kClientModule))) {
        m_missingBinary = true;
        return QStringLiteral("p11-kit or its client module is not installed (packages "
                              "p11-kit, p11-kit-modules)");
    }
    QFile::remove(socketPath());
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->start(p11kit,
        { QStringLiteral("server"), QStringLiteral("-f"), QStringLiteral("--provider"),
            QLatin1String(kSoftHsmModule), QStringLiteral("-n"), socketPath(),
            QStringLiteral("pkcs11:token=") + m_label });
    if (!m_server->waitForStarted(10000))
        return QStringLiteral("p11-kit server did not start");
    if (!waitFor([this] { return QFileInfo::exists(socketPath()) || !serverRunning(); }, 10000)
        || !serverRunning()) {
        const QString output = QString::fromLocal8Bit(m_server->readAll());
        stopServer();
        return QStringLiteral("p11-kit server made no socket: %1").arg(output);
    }
    return {};
}

namespace {
// The processes whose parent is `parent` (/proc/<pid>/stat, field 4).
QList<qint64> childrenOf(qint64 parent)
{
    QList<qint64> children;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            children.append(pid);
    }
    return children;
}
} // namespace

void SoftHsmToken::stopServer()
{
    if (!m_server)
        return;
    if (m_server->state() != QProcess::NotRunning) {
        // `p11-kit server` serves each connection in a child of its own, which outlives the
        // server: those children (started by us through the server) go too, or a client
        // would not notice that the server is gone.
        const QList<qint64> children = childrenOf(m_server->processId());
        for (const qint64 child : children)
            ::kill(pid_t(child), SIGTERM);
        m_server->terminate();
        if (!m_server->waitForFinished(5000)) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
    }
    m_server.reset();
    QFile::remove(socketPath());
}

} // namespace kms::test
