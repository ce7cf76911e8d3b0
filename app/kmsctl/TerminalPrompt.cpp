#include "TerminalPrompt.h"

#include <QFile>

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace kms {

namespace {

SecureBytes firstLine(const unsigned char *data, std::size_t size)
{
    std::size_t length = 0;
    while (length < size && data[length] != '\n' && data[length] != '\r')
        ++length;
    return SecureBytes(data, length);
}

} // namespace

std::optional<SecureBytes> promptPassphrase(const QString &prompt)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    const QByteArray text = prompt.toLocal8Bit();
    (void)!::write(fd, text.constData(), static_cast<size_t>(text.size()));

    termios saved {};
    const bool isTerminal = ::tcgetattr(fd, &saved) == 0;
    if (isTerminal) {
        termios quiet = saved;
        quiet.c_lflag &= static_cast<tcflag_t>(~(ECHO | ECHONL));
        quiet.c_lflag |= ICANON;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    SecureBytes line(1024);
    std::size_t used = 0;
    while (used < line.size()) {
        unsigned char c = 0;
        const ssize_t got = ::read(fd, &c, 1);
        if (got <= 0 || c == '\n' || c == '\r')
            break;
        line.data()[used++] = c;
    }
    if (isTerminal)
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    SecureBytes result(line.data(), used);
    return result;
}

std::optional<SecureBytes> readPassphraseFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray content = file.read(64 * 1024);
    SecureBytes passphrase = firstLine(reinterpret_cast<const unsigned char *>(content.constData()),
        static_cast<std::size_t>(content.size()));
    wipeByteArray(content);
    return passphrase;
}

} // namespace kms
