// Benchmark (not a test): each cryptographic operation through the full service path — JSON
// text in, validation, key lookup, HSM, audit row committed, JSON text out — against the bare
// OpenSSL EVP call doing the same cryptographic work, in one run on the same machine.
// Prints operations per second for both and their ratio, by the wall clock and by CPU time.
// Usage: bench_crypto_operations [seconds] [name filter]
#include "TestHelpers.h"
#include "crypto/SymmetricCipher.h"
#include "errors/ErrorCatalog.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>

using namespace kms;

namespace {

double g_seconds = 1.0;
QString g_only; // run only the operations whose name contains this text (profiling)

QString g_current; // the operation being measured, for g_only

// Operations per second by the wall clock and by the CPU time of the process. On a shared
// machine the wall-clock figure drops with whatever else runs; the CPU figure does not (it
// leaves out waits, such as the fsync of a WAL checkpoint, which are rare here).
struct Rate
{
    double wall = 0;
    double cpu = 0;
};

double cpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

// A workload measured in slices: counts and times add up over the slices.
struct Meter
{
    qint64 count = 0;
    qint64 wallNs = 0;
    double cpuSeconds = 0;
    bool failed = false;

    Rate rate() const
    {
        if (failed || count == 0)
            return {};
        return { double(count) * 1e9 / double(wallNs), double(count) / cpuSeconds };
    }
};

// Warm-up: caches, lazy initialisation, the first statement preparations.
bool warmUp(const std::function<bool()> &work)
{
    for (int i = 0; i < 20; ++i) {
        if (!work()) {
            std::fprintf(stderr, "operation failed during warm-up\n");
            return false;
        }
    }
    return true;
}

// Runs `work` repeatedly for about `nanoseconds`, adding to `meter`.
void runSlice(const std::function<bool()> &work, qint64 nanoseconds, Meter &meter)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    while (timer.nsecsElapsed() < nanoseconds) {
        for (int i = 0; i < 10; ++i) {
            if (!work()) {
                std::fprintf(stderr, "operation failed\n");
                meter.failed = true;
                return;
            }
        }
        meter.count += 10;
    }
    meter.wallNs += timer.nsecsElapsed();
    meter.cpuSeconds += cpuSeconds() - cpuStart;
}

// Runs `work` repeatedly for about g_seconds and returns operations per second.
Rate rate(const std::function<bool()> &work)
{
    if (!g_only.isEmpty() && !g_current.contains(g_only))
        return {};
    if (!warmUp(work))
        return {};
    Meter meter;
    runSlice(work, qint64(g_seconds * 1e9), meter);
    return meter.rate();
}

// The service call and the bare call in alternating slices, g_seconds of each in all, so
// that both meet the same load when other work shares the machine: their ratio then holds
// even when the absolute rates drop.
std::pair<Rate, Rate> ratePair(
    const std::function<bool()> &service, const std::function<bool()> &bare)
{
    if (!g_only.isEmpty() && !g_current.contains(g_only))
        return {};
    if (!warmUp(service) || !warmUp(bare))
        return {};
    constexpr int kSlices = 20;
    const auto slice = qint64(g_seconds * 1e9 / kSlices);
    Meter serviceMeter;
    Meter bareMeter;
    for (int i = 0; i < kSlices && !serviceMeter.failed && !bareMeter.failed; ++i) {
        runSlice(service, slice, serviceMeter);
        runSlice(bare, slice, bareMeter);
    }
    return { serviceMeter.rate(), bareMeter.rate() };
}

struct EvpKey
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key { nullptr, &EVP_PKEY_free };
};

EvpKey generate(const char *type, const char *param = nullptr)
{
    EvpKey key;
    if (param != nullptr)
        key.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, type, param));
    else if (qstrcmp(type, "RSA") == 0)
        key.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t(2048)));
    else
        key.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, type));
    return key;
}

bool bareSign(EVP_PKEY *key, int padding, const QByteArray &digest, QByteArray &signature)
{
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), &EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1)
        return false;
    if (padding != 0) {
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding);
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256());
        if (padding == RSA_PKCS1_PSS_PADDING)
            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), 32);
    } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256());
    }
    size_t length = 0;
    if (EVP_PKEY_sign(ctx.get(), nullptr, &length,
            reinterpret_cast<const unsigned char *>(digest.constData()), size_t(digest.size()))
        != 1)
        return false;
    signature.resize(qsizetype(length));
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
            reinterpret_cast<const unsigned char *>(digest.constData()), size_t(digest.size()))
        != 1)
        return false;
    signature.resize(qsizetype(length));
    return true;
}

bool bareVerify(EVP_PKEY *key, int padding, const QByteArray &digest, const QByteArray &signature)
{
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), &EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1)
        return false;
    if (padding != 0) {
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding);
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256());
        if (padding == RSA_PKCS1_PSS_PADDING)
            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), 32);
    }
    return EVP_PKEY_verify(ctx.get(),
               reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()),
               reinterpret_cast<const unsigned char *>(digest.constData()), size_t(digest.size()))
        == 1;
}

class Bench
{
public:
    Bench()
        : m_out(stdout)
    {
    }

    bool setUp()
    {
        m_store = std::make_unique<test::TestStore>();
        if (!m_store->isValid())
            return false;
        const QList<std::tuple<QString, QString, QString>> keys = {
            { "aes", "AES_256", "ENCRYPT/DECRYPT" },
            { "sm4", "SM4_128", "ENCRYPT/DECRYPT" },
            { "rsa", "RSA_2048", "SIGN/VERIFY" },
            { "p256", "EC_P256", "SIGN/VERIFY" },
            { "sm2", "EC_SM2", "SIGN/VERIFY" },
        };
        for (const auto &[role, spec, usage] : keys) {
            const Response created = m_store->call(QStringLiteral("CreateKey"),
                { { QStringLiteral("regionId"), QStringLiteral("local-1") },
                    { QStringLiteral("keySpec"), spec }, { QStringLiteral("keyUsage"), usage },
                    { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") } });
            if (!created.ok())
                return false;
            const QJsonObject meta = created.data.value(QStringLiteral("keyMetadata")).toObject();
            m_keys[role] = meta.value(QStringLiteral("cmkUuid")).toString();
            m_versions[role] = meta.value(QStringLiteral("primaryKeyVersion")).toString();
        }
        return true;
    }

    // One request as a client sends it: JSON text in, the envelope as JSON text out.
    bool request(const QString &action, const QJsonObject &params, QJsonObject *data = nullptr)
    {
        const QByteArray body = QJsonDocument(params).toJson(QJsonDocument::Compact);
        const Response response = m_store->service().call(action, body);
        const QByteArray answer = QJsonDocument(response.toJson(ErrorCatalog::builtin()))
                                      .toJson(QJsonDocument::Compact);
        if (data != nullptr)
            *data = response.data;
        return response.ok() && !answer.isEmpty();
    }

    void row(const QString &name, Rate service, Rate bare)
    {
        if (!g_only.isEmpty() && !name.contains(g_only))
            return;
        m_out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                     .arg(name, -36)
                     .arg(service.wall, 12, 'f', 0)
                     .arg(bare.wall, 12, 'f', 0)
                     .arg(bare.wall > 0 ? service.wall / bare.wall : 0.0, 7, 'f', 3)
                     .arg(service.cpu, 12, 'f', 0)
                     .arg(bare.cpu, 12, 'f', 0)
                     .arg(bare.cpu > 0 ? service.cpu / bare.cpu : 0.0, 7, 'f', 3);
        m_out.flush();
        m_results[name] = { service, bare };
    }

    void run()
    {
        m_out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7\n")
                     .arg(QStringLiteral("operation"), -36)
                     .arg(QStringLiteral("service/s"), 12)
                     .arg(QStringLiteral("bare EVP/s"), 12)
                     .arg(QStringLiteral("ratio"), 7)
                     .arg(QStringLiteral("service/cpu-s"), 12)
                     .arg(QStringLiteral("bare/cpu-s"), 12)
                     .arg(QStringLiteral("ratio"), 7);
        // The floor of a request: JSON in and out, key lookup, audit row committed; no crypto.
        g_current = QStringLiteral("DescribeKey (no cryptography)");
        const Rate describe = rate([&] {
            return request(
                QStringLiteral("DescribeKey"), { { QStringLiteral("cmkUuid"), m_keys["aes"] } });
        });
        row(QStringLiteral("DescribeKey (no cryptography)"), describe, Rate {});
        const QByteArray kib(1024, 'k');
        const QString kibB64 = QString::fromLatin1(kib.toBase64());
        SecureBytes aesKey(32), sm4Key(16);
        RAND_bytes(aesKey.data(), 32);
        RAND_bytes(sm4Key.data(), 16);
        const QByteArray aad(35, 'h');

        for (const char *role : { "aes", "sm4" }) {
            const bool aes = qstrcmp(role, "aes") == 0;
            const QString name = aes ? QStringLiteral("AES-256") : QStringLiteral("SM4");
            QJsonObject encrypted;
            request(QStringLiteral("Encrypt"),
                { { QStringLiteral("cmkUuid"), m_keys[role] },
                    { QStringLiteral("plaintext"), kibB64 } },
                &encrypted);
            g_current = QStringLiteral("Encrypt 1 KiB %1").arg(name);
            auto serviceSeal = [&] {
                return request(QStringLiteral("Encrypt"),
                    { { QStringLiteral("cmkUuid"), m_keys[role] },
                        { QStringLiteral("plaintext"), kibB64 } });
            };
            crypto::SealedBytes sealedOnce;
            QByteArray iv(aes ? 12 : 16, '\0');
            auto bareSeal = [&]() -> bool {
                RAND_bytes(reinterpret_cast<unsigned char *>(iv.data()), int(iv.size()));
                auto sealed = aes
                    ? crypto::aes256GcmSeal(crypto::byteView(aesKey), crypto::byteView(iv),
                        crypto::byteView(kib), crypto::byteView(aad))
                    : crypto::sm4CtrHmacSm3Seal(crypto::byteView(sm4Key), crypto::byteView(iv),
                        crypto::byteView(kib), crypto::byteView(aad));
                if (!sealed)
                    return false;
                sealedOnce = *sealed;
                return true;
            };
            const auto [serviceEncrypt, bareEncrypt] = ratePair(serviceSeal, bareSeal);
            row(QStringLiteral("Encrypt 1 KiB %1").arg(name), serviceEncrypt, bareEncrypt);
            const QString blob = encrypted.value(QStringLiteral("ciphertextBlob")).toString();
            g_current = QStringLiteral("Decrypt 1 KiB %1").arg(name);
            auto serviceOpen = [&] {
                return request(
                    QStringLiteral("Decrypt"), { { QStringLiteral("ciphertextBlob"), blob } });
            };
            const auto [serviceDecrypt, bareDecrypt] = ratePair(serviceOpen, [&] {
                auto opened = aes ? crypto::aes256GcmOpen(crypto::byteView(aesKey),
                                  crypto::byteView(iv), crypto::byteView(sealedOnce.ciphertext),
                                  crypto::byteView(sealedOnce.tag), crypto::byteView(aad))
                                  : crypto::sm4CtrHmacSm3Open(crypto::byteView(sm4Key),
                                      crypto::byteView(iv), crypto::byteView(sealedOnce.ciphertext),
                                      crypto::byteView(sealedOnce.tag), crypto::byteView(aad));
                return opened.ok();
            });
            row(QStringLiteral("Decrypt 1 KiB %1").arg(name), serviceDecrypt, bareDecrypt);
        }

        g_current = QStringLiteral("GenerateDataKey AES_256");
        auto serviceDataKeyCall = [&] {
            return request(QStringLiteral("GenerateDataKey"),
                { { QStringLiteral("cmkUuid"), m_keys["aes"] },
                    { QStringLiteral("keySpec"), QStringLiteral("AES_256") } });
        };
        const auto [serviceDataKey, bareDataKey] = ratePair(serviceDataKeyCall, [&] {
            SecureBytes dataKey(32);
            QByteArray iv(12, '\0');
            if (RAND_priv_bytes(dataKey.data(), 32) != 1
                || RAND_bytes(reinterpret_cast<unsigned char *>(iv.data()), 12) != 1)
                return false;
            return crypto::aes256GcmSeal(crypto::byteView(aesKey), crypto::byteView(iv),
                crypto::byteView(dataKey), crypto::byteView(aad))
                .ok();
        });
        row(QStringLiteral("GenerateDataKey AES_256"), serviceDataKey, bareDataKey);

        const QByteArray digest = QCryptographicHash::hash("message", QCryptographicHash::Sha256);
        const QString digestB64 = QString::fromLatin1(digest.toBase64());
        struct Signer
        {
            const char *role;
            const char *algorithm;
            EvpKey key;
            int padding;
        };
        Signer signers[] = {
            { "rsa", "RSA_PSS_SHA_256", generate("RSA"), RSA_PKCS1_PSS_PADDING },
            { "p256", "ECDSA_SHA_256", generate("EC", "P-256"), 0 },
            { "sm2", "SM2DSA", generate("SM2"), 0 },
        };
        for (Signer &signer : signers) {
            const QJsonObject params { { QStringLiteral("cmkUuid"), m_keys[signer.role] },
                { QStringLiteral("keyVersionId"), m_versions[signer.role] },
                { QStringLiteral("algorithm"), QLatin1String(signer.algorithm) },
                { QStringLiteral("digest"), digestB64 } };
            QJsonObject signedData;
            request(QStringLiteral("AsymmetricSign"), params, &signedData);
            g_current = QStringLiteral("AsymmetricSign %1").arg(QLatin1String(signer.algorithm));
            QByteArray signature;
            const auto [serviceSign, bare] = ratePair(
                [&] { return request(QStringLiteral("AsymmetricSign"), params); },
                [&] { return bareSign(signer.key.key.get(), signer.padding, digest, signature); });
            row(QStringLiteral("AsymmetricSign %1").arg(QLatin1String(signer.algorithm)),
                serviceSign, bare);
            QJsonObject verify = params;
            verify.insert(QStringLiteral("value"), signedData.value(QStringLiteral("value")));
            g_current = QStringLiteral("AsymmetricVerify %1").arg(QLatin1String(signer.algorithm));
            const auto [serviceVerify, bareV]
                = ratePair([&] { return request(QStringLiteral("AsymmetricVerify"), verify); },
                    [&] {
                        return bareVerify(signer.key.key.get(), signer.padding, digest, signature);
                    });
            row(QStringLiteral("AsymmetricVerify %1").arg(QLatin1String(signer.algorithm)),
                serviceVerify, bareV);
        }

        const auto rsa = m_results.value(QStringLiteral("AsymmetricSign RSA_PSS_SHA_256"));
        const auto p256 = m_results.value(QStringLiteral("AsymmetricSign ECDSA_SHA_256"));
        const auto encrypt = m_results.value(QStringLiteral("Encrypt 1 KiB AES-256"));
        auto ratio = [](const std::pair<Rate, Rate> &r, double Rate::*clock) {
            return r.second.*clock > 0 ? r.first.*clock / (r.second.*clock) : 0.0;
        };
        m_out << "\nTargets (same run; wall clock, then CPU time):\n"
              << QStringLiteral("  RSA-2048 signing through the service / bare: %1 / %2 (target >= "
                                "0.9)\n")
                     .arg(ratio(rsa, &Rate::wall), 0, 'f', 3)
                     .arg(ratio(rsa, &Rate::cpu), 0, 'f', 3)
              << QStringLiteral("  P-256 signing through the service / bare:    %1 / %2 (target >= "
                                "0.5)\n")
                     .arg(ratio(p256, &Rate::wall), 0, 'f', 3)
                     .arg(ratio(p256, &Rate::cpu), 0, 'f', 3)
              << QStringLiteral("  Encrypt 1 KiB AES-256 requests/s:            %1 / %2 (target >= "
                                "40000; audit row committed per request)\n")
                     .arg(encrypt.first.wall, 0, 'f', 0)
                     .arg(encrypt.first.cpu, 0, 'f', 0)
              << QStringLiteral("  one Encrypt request = %1 of one bare RSA-2048 signature\n")
                     .arg(encrypt.first.wall > 0 ? rsa.second.wall / encrypt.first.wall : 0.0, 0,
                         'f', 3);
        m_out.flush();
    }

private:
    QTextStream m_out;
    std::unique_ptr<test::TestStore> m_store;
    QHash<QString, QString> m_keys;
    QHash<QString, QString> m_versions;
    QHash<QString, std::pair<Rate, Rate>> m_results;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc > 1)
        g_seconds = QByteArray(argv[1]).toDouble();
    if (argc > 2)
        g_only = QString::fromLocal8Bit(argv[2]);
    if (g_seconds <= 0)
        g_seconds = 1.0;
    Bench bench;
    if (!bench.setUp()) {
        std::fprintf(stderr, "set-up failed\n");
        return 1;
    }
    bench.run();
    return 0;
}
