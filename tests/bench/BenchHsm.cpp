// Benchmark (not a test): the same HSM operations on the software HSM, SoftHSM2 loaded
// in-process and SoftHSM2 behind `p11-kit server` through p11-kit's client module, side by
// side: AES-256-GCM encrypt of 1 KiB, RSA-2048 PSS sign, ECDSA P-256 sign (each over a 32-byte
// digest), through the Hsm interface. Prints operations per second by the wall clock; an
// operation the HSM cannot do prints the reason it measured.
// Usage: bench_hsm [seconds per operation]
#include "SoftHsmToken.h"
#include "crypto/MasterKey.h"
#include "hsm/Pkcs11Hsm.h"
#include "hsm/SoftwareHsm.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QUuid>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>

using namespace kms;
using namespace kms::hsm;

namespace {

double g_seconds = 1.0;

// Operations per second of `operation` over about g_seconds; -1 if it failed.
double rate(const std::function<bool()> &operation)
{
    if (!operation())
        return -1;
    QElapsedTimer timer;
    timer.start();
    qint64 count = 0;
    while (timer.nsecsElapsed() < qint64(g_seconds * 1e9)) {
        if (!operation())
            return -1;
        ++count;
    }
    return double(count) / (double(timer.nsecsElapsed()) * 1e-9);
}

QString cell(
    Hsm &hsm, KeySpec spec, const std::function<bool(const KeyRef &, const QByteArray &)> &op)
{
    if (auto *pkcs11 = dynamic_cast<Pkcs11Hsm *>(&hsm)) {
        const QString missing = pkcs11->missingMechanismFor(spec);
        if (!missing.isEmpty())
            return QStringLiteral("n/a (%1)").arg(missing);
    }
    const KeyRef key { QUuid::createUuid().toString(QUuid::WithoutBraces),
        QUuid::createUuid().toString(QUuid::WithoutBraces), spec };
    const auto handle = hsm.generateKey(key);
    if (!handle)
        return QStringLiteral("failed: %1 %2").arg(handle.error().code(), handle.error().detail());
    const double perSecond = rate([&] { return op(key, *handle); });
    (void)hsm.destroyKey(key, *handle);
    if (perSecond < 0)
        return QStringLiteral("failed");
    return QString::number(qRound64(perSecond));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1)
        g_seconds = QString::fromLocal8Bit(argv[1]).toDouble();
    std::signal(SIGPIPE, SIG_IGN);

    auto masterKey = MasterKey::generate();
    if (!masterKey) {
        std::fprintf(stderr, "no master key\n");
        return 1;
    }
    test::SoftHsmToken token(QStringLiteral("kms-bench"));
    if (!token.problem().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(token.problem()));
        return 1;
    }
    const QString started = token.startServer();
    if (!started.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(started));
        return 1;
    }

    SoftwareHsm software(*masterKey);
    Pkcs11Config local;
    local.modulePath = QLatin1String(test::SoftHsmToken::kSoftHsmModule);
    local.tokenLabel = token.label();
    local.pin = token.userPin();
    Pkcs11Hsm softhsm(std::move(local), *masterKey);
    Pkcs11Config remote;
    remote.modulePath = QLatin1String(test::SoftHsmToken::kClientModule);
    remote.tokenLabel = token.label();
    remote.pin = token.userPin();
    remote.serverAddress = token.serverAddress();
    Pkcs11Hsm p11kit(std::move(remote), *masterKey);

    const QByteArray plaintext(1024, 'p');
    const QByteArray digest = QCryptographicHash::hash("bench", QCryptographicHash::Sha256);
    struct Row
    {
        const char *name;
        KeySpec spec;
        std::function<bool(Hsm &, const KeyRef &, const QByteArray &)> op;
    };
    const Row rows[] = {
        { "AES-256-GCM encrypt 1 KiB", KeySpec::Aes256,
            [&](Hsm &hsm, const KeyRef &key, const QByteArray &handle) {
                return hsm.encrypt(key, handle, plaintext, QByteArrayLiteral("aad")).ok();
            } },
        { "RSA-2048 PSS sign", KeySpec::Rsa2048,
            [&](Hsm &hsm, const KeyRef &key, const QByteArray &handle) {
                return hsm.sign(key, handle, SignAlgorithm::RsaPssSha256, digest).ok();
            } },
        { "ECDSA P-256 sign", KeySpec::EcP256,
            [&](Hsm &hsm, const KeyRef &key, const QByteArray &handle) {
                return hsm.sign(key, handle, SignAlgorithm::EcdsaSha256, digest).ok();
            } },
    };
    std::printf(
        "| operation (ops/s) | software HSM | SoftHSM2 in-process | SoftHSM2 via p11-kit |\n");
    std::printf("|---|---:|---:|---:|\n");
    for (const Row &row : rows) {
        QStringList cells;
        for (Hsm *hsm : { static_cast<Hsm *>(&software), static_cast<Hsm *>(&softhsm),
                 static_cast<Hsm *>(&p11kit) }) {
            cells.append(cell(*hsm, row.spec, [&](const KeyRef &key, const QByteArray &handle) {
                return row.op(*hsm, key, handle);
            }));
        }
        std::printf("| %s | %s |\n", row.name, qPrintable(cells.join(QStringLiteral(" | "))));
        std::fflush(stdout);
    }
    token.stopServer();
    return 0;
}
