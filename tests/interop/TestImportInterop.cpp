// Bring your own key with a client no one here wrote: the `openssl` command-line tool wraps
// random material under the console's wrapping key with each wrapping algorithm (recipes in
// the shared TESTING.md), the console imports it, and a ciphertext the console then makes
// with the key opens outside the console with the same material, following the blob format
// of docs/formats.md with OpenSSL's EVP interface directly (not the console's code).
#include "TestHelpers.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/rand.h>

using namespace kms;
using kms::test::readFile;
using kms::test::runProcess;
using kms::test::TestStore;
using kms::test::writeFile;

namespace {

QJsonObject meta(const Response &response)
{
    return response.data.value(QStringLiteral("keyMetadata")).toObject();
}

// AES-256-GCM opening of a version-1 blob (docs/formats.md section 7) without encryption
// context: header (35 bytes), IV length, IV, tag length, tag, ciphertext.
QByteArray openBlob(const QByteArray &blob, const QByteArray &key)
{
    if (blob.size() < 37 || quint8(blob.at(0)) != 1 || quint8(blob.at(2)) != 1)
        return {};
    const QByteArray header = blob.left(35);
    const int ivLength = quint8(blob.at(35));
    const QByteArray iv = blob.mid(36, ivLength);
    const int tagLength = quint8(blob.at(36 + ivLength));
    const QByteArray tag = blob.mid(37 + ivLength, tagLength);
    const QByteArray ciphertext = blob.mid(37 + ivLength + tagLength);
    const QByteArray aad = header + QByteArray(4, '\0'); // uint32_be(0): no context
    QByteArray plain(ciphertext.size(), Qt::Uninitialized);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int length = 0;
    int final = 0;
    const auto *k = reinterpret_cast<const unsigned char *>(key.constData());
    const bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ivLength, nullptr) == 1
        && EVP_DecryptInit_ex(
               ctx, nullptr, nullptr, k, reinterpret_cast<const unsigned char *>(iv.constData()))
            == 1
        && EVP_DecryptUpdate(ctx, nullptr, &length,
               reinterpret_cast<const unsigned char *>(aad.constData()), int(aad.size()))
            == 1
        && EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char *>(plain.data()), &length,
               reinterpret_cast<const unsigned char *>(ciphertext.constData()),
               int(ciphertext.size()))
            == 1
        && EVP_CIPHER_CTX_ctrl(
               ctx, EVP_CTRL_GCM_SET_TAG, tagLength, const_cast<char *>(tag.constData()))
            == 1
        && EVP_DecryptFinal_ex(
               ctx, reinterpret_cast<unsigned char *>(plain.data()) + length, &final)
            == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? plain : QByteArray();
}

} // namespace

class TestImportInterop : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensslWrappedMaterialImports_data();
    void opensslWrappedMaterialImports();

private:
    QString m_openssl;
    QTemporaryDir m_dir;
};

void TestImportInterop::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(
        !m_openssl.isEmpty(), "the openssl command-line tool is installed by scripts/setup.sh");
}

void TestImportInterop::opensslWrappedMaterialImports_data()
{
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("RSAES_OAEP_SHA_256") << "RSAES_OAEP_SHA_256";
    QTest::newRow("RSAES_OAEP_SHA_1") << "RSAES_OAEP_SHA_1";
    QTest::newRow("RSA_AES_KEY_WRAP_SHA_256") << "RSA_AES_KEY_WRAP_SHA_256";
}

void TestImportInterop::opensslWrappedMaterialImports()
{
    QFETCH(QString, algorithm);
    TestStore store;
    const Response created = store.call(QStringLiteral("CreateKey"),
        { { QStringLiteral("regionId"), QStringLiteral("local-1") },
            { QStringLiteral("keySpec"), QStringLiteral("AES_256") },
            { QStringLiteral("keyUsage"), QStringLiteral("ENCRYPT/DECRYPT") },
            { QStringLiteral("protectionLevel"), QStringLiteral("SOFTWARE") },
            { QStringLiteral("origin"), QStringLiteral("EXTERNAL") } });
    QCOMPARE_CODE(created, "0");
    const QString id = meta(created).value(QStringLiteral("cmkUuid")).toString();
    const Response params = store.call(QStringLiteral("GetParametersForImport"),
        { { QStringLiteral("cmkUuid"), id }, { QStringLiteral("wrappingAlgorithm"), algorithm },
            { QStringLiteral("wrappingKeySpec"), QStringLiteral("RSA_2048") } });
    QCOMPARE_CODE(params, "0");

    // The material's owner, on another machine: random material, wrapped with openssl.
    const QString dir = m_dir.filePath(algorithm);
    QVERIFY(QDir().mkpath(dir));
    const QString wrappingKey = dir + QStringLiteral("/wrapping.pem");
    QVERIFY(writeFile(
        wrappingKey, params.data.value(QStringLiteral("publicKey")).toString().toLatin1()));
    QByteArray materialBytes(32, '\0');
    QVERIFY(RAND_bytes(reinterpret_cast<unsigned char *>(materialBytes.data()), 32) == 1);
    const QByteArray wrapped
        = kms::test::opensslWrapForImport(m_openssl, algorithm, wrappingKey, materialBytes, dir);
    QVERIFY(!wrapped.isEmpty());

    const Response imported = store.call(QStringLiteral("ImportKeyMaterial"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("importToken"), params.data.value(QStringLiteral("importToken")) },
            { QStringLiteral("encryptedKeyMaterial"), QString::fromLatin1(wrapped.toBase64()) } });
    QCOMPARE_CODE(imported, "0");
    QCOMPARE(
        meta(imported).value(QStringLiteral("keyState")).toString(), QStringLiteral("Enabled"));

    // What the console encrypts with the key opens outside it with the owner's material.
    const Response sealed = store.call(QStringLiteral("Encrypt"),
        { { QStringLiteral("cmkUuid"), id },
            { QStringLiteral("plaintext"),
                QString::fromLatin1(QByteArray("ceremony record").toBase64()) } });
    QCOMPARE_CODE(sealed, "0");
    const QByteArray blob = QByteArray::fromBase64(
        sealed.data.value(QStringLiteral("ciphertextBlob")).toString().toLatin1());
    QCOMPARE(openBlob(blob, materialBytes), QByteArray("ceremony record"));
    // And not with other material.
    QVERIFY(openBlob(blob, QByteArray(32, 'x')).isEmpty());
}

QTEST_GUILESS_MAIN(TestImportInterop)
#include "TestImportInterop.moc"
