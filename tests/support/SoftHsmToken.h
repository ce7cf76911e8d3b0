#pragma once

#include "crypto/SecureBytes.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace kms::test {

// A SoftHSM2 token of its own for a test (TESTING.md, "SoftHSM2 2.6.1 as a local HSM"): a
// temporary folder with softhsm2.conf and the token directory, SOFTHSM2_CONF set for this
// process (SoftHSM2 reads it when it initialises, so make the token before loading the
// module), and the token initialised with softhsm2-util. Optionally a `p11-kit server`
// child serving that token on a unix socket in the same folder ("A remote HSM"), which the
// fixture starts, stops and restarts itself; the folder (and the token) survive a restart.
//
// The PINs are fixed test values; they are never printed.
class SoftHsmToken
{
public:
    static constexpr char kSoftHsmModule[] = "/usr/lib/softhsm/libsofthsm2.so";
    static constexpr char kClientModule[] = "/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so";

    explicit SoftHsmToken(const QString &label = QStringLiteral("kms-test"));
    ~SoftHsmToken(); // stops the server

    // Why the token could not be made ("" when ready). `missingBinary` is true when a
    // program or module is not installed (the caller then QSKIPs).
    const QString &problem() const { return m_problem; }
    bool missingBinary() const { return m_missingBinary; }

    const QString &label() const { return m_label; }
    QString dir() const { return m_dir.path(); }
    SecureBytes userPin() const;
    QString userPinText() const { return QStringLiteral("1234"); }

    // Initialises another token in the same token folder (same PINs); "" or the problem. Call
    // it before the module is loaded in-process: SoftHSM2 reads its slots when it initialises.
    QString addToken(const QString &label);

    // p11-kit server: starts it (waits until its socket exists), stops it (SIGTERM, then
    // SIGKILL after 5 s; removes the socket). start() answers the problem or "".
    QString startServer();
    void stopServer();
    bool serverRunning() const;
    // "unix:path=<dir>/p11.sock"
    QString serverAddress() const;
    QString socketPath() const;

private:
    QString m_label;
    QTemporaryDir m_dir;
    QString m_problem;
    bool m_missingBinary = false;
    std::unique_ptr<QProcess> m_server;
};

} // namespace kms::test
