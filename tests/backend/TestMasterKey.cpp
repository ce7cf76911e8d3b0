// Tests of the master key (wrapping, subkeys), the symmetric primitives under it
// (crypto/SymmetricCipher), Argon2id (crypto/PassphraseKdf) and the OpenSSL error mapper.
//
// Known-answer vectors and their sources:
// - AES-256-GCM: Project Wycheproof aes_gcm_test.json (Apache-2.0), tests/data/wycheproof/.
// - HMAC-SM3: Project Wycheproof hmac_sm3_test.json (Apache-2.0), tests/data/wycheproof/.
// - HKDF-SHA256: RFC 5869, Appendix A.1-A.3, https://www.rfc-editor.org/rfc/rfc5869
// - HMAC-SHA256: RFC 4231, test case 2, https://www.rfc-editor.org/rfc/rfc4231
// - SM4: GB/T 32907-2016, Appendix A, examples 1 and 2 (as in shared/vectors/gm-vectors.md).
// - Argon2id: the reference `argon2` CLI (Debian package argon2, 0~20171227), commands below.
// - The SM4-CTR + HMAC-SM3 construction and deriveSubkey: the OpenSSL 3.0.22 CLI, commands
//   below, independent of the code under test.
//
// Key bytes are compared with QVERIFY on booleans, never QCOMPARE, so a failure prints no
// secret.

#include "CryptoTestHelpers.h"
#include "crypto/MasterKey.h"
#include "crypto/OpenSslError.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SymmetricCipher.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace kms;
using namespace kms::test;

namespace {

MasterKey fixedMasterKey()
{
    auto key = MasterKey::fromBytes(
        secureFromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    Q_ASSERT(key.ok());
    return std::move(key).value();
}

} // namespace

class TestMasterKey : public QObject
{
    Q_OBJECT

private slots:
    // Master key and wrapping
    void generateMakesDistinctKeys();
    void fromBytesChecksSize_data();
    void fromBytesChecksSize();
    void wrapRoundTrip_data();
    void wrapRoundTrip();
    void wrappedFormat();
    void everyBitFlipFails();
    void everyTruncationFails();
    void otherAadFails();
    void otherKeyFails();
    void wrapWithKek();
    void deriveSubkey();
    void deriveSubkeyKnownAnswer();
    void hmacSha256KnownAnswer();

    // Primitives
    void hkdfSha256Rfc5869_data();
    void hkdfSha256Rfc5869();
    void aesGcmWycheproof_data();
    void aesGcmWycheproof();
    void aesGcmRefusesOtherSizes();
    void hmacSm3Wycheproof_data();
    void hmacSm3Wycheproof();
    void sm4BlockExample1();
    void sm4BlockExample2();
    void sm4CtrHmacSm3KnownAnswer();
    void sm4CtrHmacSm3Tampering();

    // Argon2id
    void argon2idKnownAnswer_data();
    void argon2idKnownAnswer();
    void argon2idWrongPassphrase();
    void argon2idRejectsBadParams();
    void argon2ParamsJsonRoundTrip();
    void argon2ParamsFromJsonRejects_data();
    void argon2ParamsFromJsonRejects();
    void newArgon2ParamsHasFreshSalt();

    // Error mapping
    void openSslErrorDrainsQueue();
};

void TestMasterKey::generateMakesDistinctKeys()
{
    auto first = MasterKey::generate();
    auto second = MasterKey::generate();
    VERIFY_OK(first);
    VERIFY_OK(second);
    QCOMPARE(first->bytes().size(), std::size_t(32));
    QVERIFY(!first->bytes().equals(second->bytes()));
}

void TestMasterKey::fromBytesChecksSize_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("0") << 0 << false;
    QTest::newRow("16") << 16 << false;
    QTest::newRow("31") << 31 << false;
    QTest::newRow("32") << 32 << true;
    QTest::newRow("33") << 33 << false;
    QTest::newRow("64") << 64 << false;
}

void TestMasterKey::fromBytesChecksSize()
{
    QFETCH(int, size);
    QFETCH(bool, accepted);
    auto key = MasterKey::fromBytes(SecureBytes(static_cast<std::size_t>(size)));
    if (accepted) {
        VERIFY_OK(key);
        QCOMPARE(key->bytes().size(), std::size_t(32));
    } else {
        VERIFY_ERROR(key, "KMS.0503");
    }
}

void TestMasterKey::wrapRoundTrip_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("aad");
    QTest::newRow("empty, no aad") << QByteArray() << QByteArray();
    QTest::newRow("1 byte") << QByteArray("k") << QByteArrayLiteral("key-1\0v-1");
    QTest::newRow("32 bytes") << QByteArray(32, '\x5a') << QByteArray("aad");
    QTest::newRow("1000 bytes") << QByteArray(1000, '\x01') << QByteArray(300, 'a');
}

void TestMasterKey::wrapRoundTrip()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, aad);
    const MasterKey key = fixedMasterKey();
    const auto wrapped = key.wrap(reinterpret_cast<const unsigned char *>(plain.constData()),
        static_cast<std::size_t>(plain.size()), aad);
    VERIFY_OK(wrapped);
    const auto unwrapped = key.unwrap(*wrapped, aad);
    VERIFY_OK(unwrapped);
    QVERIFY(sameBytes(*unwrapped, plain));

    // The SecureBytes overload gives the same format.
    const SecureBytes secure = SecureBytes::fromByteArray(plain);
    const auto wrappedSecure = key.wrap(secure, aad);
    VERIFY_OK(wrappedSecure);
    const auto unwrappedSecure = key.unwrap(*wrappedSecure, aad);
    VERIFY_OK(unwrappedSecure);
    QVERIFY(unwrappedSecure->equals(secure));
}

void TestMasterKey::wrappedFormat()
{
    const MasterKey key = fixedMasterKey();
    const QByteArray plain(32, '\x11');
    const auto first
        = key.wrap(reinterpret_cast<const unsigned char *>(plain.constData()), 32, "aad");
    const auto second
        = key.wrap(reinterpret_cast<const unsigned char *>(plain.constData()), 32, "aad");
    VERIFY_OK(first);
    VERIFY_OK(second);
    // 0x01 | nonce (12) | ciphertext (32) | tag (16)
    QCOMPARE(first->size(), 1 + 12 + 32 + 16);
    QCOMPARE(first->at(0), '\x01');
    QVERIFY(!first->contains(plain));
    // A fresh random nonce every time.
    QVERIFY(first->mid(1, 12) != second->mid(1, 12));
    QVERIFY(*first != *second);

    // The format is AES-256-GCM under the master key, nonce as IV, the aad authenticated:
    // open it with the primitive directly.
    const QByteArray nonce = first->mid(1, 12);
    const QByteArray ciphertext = first->mid(13, 32);
    const QByteArray tag = first->right(16);
    const auto opened = crypto::aes256GcmOpen(crypto::byteView(key.bytes()),
        crypto::byteView(nonce), crypto::byteView(ciphertext), crypto::byteView(tag),
        crypto::byteView(QByteArray("aad")));
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, plain));
}

void TestMasterKey::everyBitFlipFails()
{
    const MasterKey key = fixedMasterKey();
    const QByteArray aad("kms-material-v1");
    const auto wrapped = key.wrap(SecureBytes(32), aad);
    VERIFY_OK(wrapped);
    for (qsizetype bit = 0; bit < wrapped->size() * 8; ++bit) {
        QByteArray changed = *wrapped;
        changed[bit / 8] = static_cast<char>(changed.at(bit / 8) ^ (1 << (bit % 8)));
        const auto result = key.unwrap(changed, aad);
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("bit %1 flipped still unwraps").arg(bit)));
        QCOMPARE(result.error().code(), QStringLiteral("KMS.0504"));
    }
}

void TestMasterKey::everyTruncationFails()
{
    const MasterKey key = fixedMasterKey();
    const QByteArray aad("aad");
    const auto wrapped = key.wrap(SecureBytes(32), aad);
    VERIFY_OK(wrapped);
    for (qsizetype length = 0; length < wrapped->size(); ++length) {
        const auto result = key.unwrap(wrapped->left(length), aad);
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("truncated to %1 unwraps").arg(length)));
        QCOMPARE(result.error().code(), QStringLiteral("KMS.0504"));
        // Cutting from the front fails as well.
        const auto front = key.unwrap(wrapped->right(length), aad);
        QVERIFY(!front.ok());
        QCOMPARE(front.error().code(), QStringLiteral("KMS.0504"));
    }
    const auto extended = key.unwrap(*wrapped + QByteArray(1, '\0'), aad);
    VERIFY_ERROR(extended, "KMS.0504");
}

void TestMasterKey::otherAadFails()
{
    const MasterKey key = fixedMasterKey();
    const QByteArray aad("cmk-1\0v-1", 9);
    const auto wrapped = key.wrap(SecureBytes(16), aad);
    VERIFY_OK(wrapped);
    VERIFY_OK(key.unwrap(*wrapped, aad));
    for (const QByteArray &other : { QByteArray(), QByteArray("cmk-1"), QByteArray("cmk-1\0v-2", 9),
             QByteArray("cmk-2\0v-1", 9), aad + '\0' }) {
        const auto result = key.unwrap(*wrapped, other);
        VERIFY_ERROR(result, "KMS.0504");
    }
}

void TestMasterKey::otherKeyFails()
{
    const MasterKey key = fixedMasterKey();
    auto other = MasterKey::generate();
    VERIFY_OK(other);
    const auto wrapped = key.wrap(SecureBytes(32), "aad");
    VERIFY_OK(wrapped);
    const auto result = other->unwrap(*wrapped, "aad");
    VERIFY_ERROR(result, "KMS.0504");
}

void TestMasterKey::wrapWithKek()
{
    const SecureBytes kek
        = secureFromHex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");
    const SecureBytes secret = secureFromHex("00112233445566778899aabbccddeeff");
    const auto wrapped = MasterKey::wrapWith(kek, secret.data(), secret.size(), "master-key");
    VERIFY_OK(wrapped);
    QCOMPARE(wrapped->size(), 1 + 12 + 16 + 16);
    QCOMPARE(wrapped->at(0), '\x01');
    const auto unwrapped = MasterKey::unwrapWith(kek, *wrapped, "master-key");
    VERIFY_OK(unwrapped);
    QVERIFY(unwrapped->equals(secret));

    // Same format as a MasterKey with those bytes.
    auto asMaster = MasterKey::fromBytes(kek.clone());
    VERIFY_OK(asMaster);
    const auto viaMaster = asMaster->unwrap(*wrapped, "master-key");
    VERIFY_OK(viaMaster);
    QVERIFY(viaMaster->equals(secret));

    // Wrong KEK, wrong aad, wrong KEK sizes.
    SecureBytes otherKek = kek.clone();
    otherKek.data()[0] ^= 1;
    VERIFY_ERROR(MasterKey::unwrapWith(otherKek, *wrapped, "master-key"), "KMS.0504");
    VERIFY_ERROR(MasterKey::unwrapWith(kek, *wrapped, "other"), "KMS.0504");
    const SecureBytes shortKek(16);
    VERIFY_ERROR(MasterKey::wrapWith(shortKek, secret.data(), secret.size(), {}), "KMS.0503");
    VERIFY_ERROR(MasterKey::unwrapWith(shortKek, *wrapped, "master-key"), "KMS.0504");
}

void TestMasterKey::deriveSubkey()
{
    const MasterKey key = fixedMasterKey();
    const SecureBytes audit = key.deriveSubkey("kms-audit-mac");
    const SecureBytes auditAgain = key.deriveSubkey("kms-audit-mac");
    const SecureBytes check = key.deriveSubkey("kms-key-check");
    QCOMPARE(audit.size(), std::size_t(32));
    QVERIFY(audit.equals(auditAgain));
    QVERIFY(!audit.equals(check));
    QVERIFY(!audit.equals(key.bytes()));

    auto other = MasterKey::generate();
    VERIFY_OK(other);
    QVERIFY(!other->deriveSubkey("kms-audit-mac").equals(audit));
}

void TestMasterKey::deriveSubkeyKnownAnswer()
{
    // HKDF-SHA256(ikm = master key, no salt, info = label), 32 bytes, from the OpenSSL CLI:
    //   openssl kdf -keylen 32 -kdfopt digest:SHA256
    //     -kdfopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
    //     -kdfopt info:kms-audit-mac HKDF
    const MasterKey key = fixedMasterKey();
    const SecureBytes subkey = key.deriveSubkey("kms-audit-mac");
    QVERIFY(sameBytes(subkey,
        QByteArray::fromHex("d330cdb6a9901a5502b5425328d91e61"
                            "49c442c589cf6d0d46f82c115f0c68bf")));
}

void TestMasterKey::hmacSha256KnownAnswer()
{
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    const SecureBytes key = SecureBytes::fromByteArray("Jefe");
    const QByteArray mac = hmacSha256(key, "what do ya want for nothing?");
    QCOMPARE(mac.toHex(),
        QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    // An empty key (for example a failed subkey derivation) gives no MAC.
    QVERIFY(hmacSha256(SecureBytes(), "data").isEmpty());

    // The same through a key set once (the audit chain's), used again and over parts.
    const crypto::HmacKey keyed(crypto::Digest::Sha256, crypto::byteView(key));
    QVERIFY(keyed.isValid());
    const QByteArray first("what do ya want ");
    const QByteArray second("for nothing?");
    for (int i = 0; i < 2; ++i) {
        const auto again = keyed.mac({ crypto::byteView(first), crypto::byteView(second) });
        QVERIFY(again.ok());
        QCOMPARE(*again, mac);
    }
    crypto::HmacKey moved = crypto::HmacKey(crypto::Digest::Sha256, crypto::byteView(key));
    const auto other = moved.mac({ crypto::byteView(QByteArray("data")) });
    QVERIFY(other.ok());
    QCOMPARE(*other, hmacSha256(key, "data"));
    const crypto::HmacKey empty(crypto::Digest::Sha256, crypto::byteView(SecureBytes()));
    QVERIFY(!empty.isValid());
    QVERIFY(!empty.mac({ crypto::byteView(QByteArray("data")) }).ok());
}

void TestMasterKey::hkdfSha256Rfc5869_data()
{
    // RFC 5869, Appendix A.1, A.2 and A.3 (the SHA-256 cases).
    QTest::addColumn<QByteArray>("ikm");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<QByteArray>("info");
    QTest::addColumn<QByteArray>("okm");
    QByteArray ikm2, salt2, info2;
    for (int i = 0; i < 80; ++i) {
        ikm2.append(static_cast<char>(i));
        salt2.append(static_cast<char>(0x60 + i));
        info2.append(static_cast<char>(0xb0 + i));
    }
    QTest::newRow("A.1") << QByteArray(22, '\x0b')
                         << QByteArray::fromHex("000102030405060708090a0b0c")
                         << QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9")
                         << QByteArray::fromHex(
                                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
                                "2d56ecc4c5bf34007208d5b887185865");
    QTest::newRow("A.2") << ikm2 << salt2 << info2
                         << QByteArray::fromHex(
                                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050"
                                "cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275"
                                "600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5"
                                "c1f3434f1d87");
    QTest::newRow("A.3") << QByteArray(22, '\x0b') << QByteArray() << QByteArray()
                         << QByteArray::fromHex(
                                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
                                "4e5f3c738d2d9d201395faa4b61a96c8");
}

void TestMasterKey::hkdfSha256Rfc5869()
{
    QFETCH(QByteArray, ikm);
    QFETCH(QByteArray, salt);
    QFETCH(QByteArray, info);
    QFETCH(QByteArray, okm);
    const auto derived = crypto::hkdf(crypto::Digest::Sha256, crypto::byteView(ikm),
        crypto::byteView(salt), crypto::byteView(info), static_cast<std::size_t>(okm.size()));
    VERIFY_OK(derived);
    QVERIFY(sameBytes(*derived, okm));
}

void TestMasterKey::aesGcmWycheproof_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("ct");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<bool>("valid");

    // Wycheproof aes_gcm_test.json: only the groups this code uses (256-bit key, 96-bit IV,
    // 128-bit tag). The groups with other IV sizes, among them the three 257-byte IVs that
    // OpenSSL 3.0 refuses, are out of scope: the primitive takes 12-byte IVs only.
    const QJsonObject json = loadJson(QStringLiteral("wycheproof/aes_gcm_test.json"));
    QVERIFY2(!json.isEmpty(), "tests/data/wycheproof/aes_gcm_test.json is missing");
    int rows = 0;
    for (const QJsonValue &groupValue : json.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        if (group.value(QLatin1String("keySize")).toInt() != 256
            || group.value(QLatin1String("ivSize")).toInt() != 96
            || group.value(QLatin1String("tagSize")).toInt() != 128)
            continue;
        for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = testValue.toObject();
            const QString result = test.value(QLatin1String("result")).toString();
            QVERIFY(result == QLatin1String("valid") || result == QLatin1String("invalid"));
            QTest::addRow("tcId %d", test.value(QLatin1String("tcId")).toInt())
                << hexField(test, "key") << hexField(test, "iv") << hexField(test, "aad")
                << hexField(test, "msg") << hexField(test, "ct") << hexField(test, "tag")
                << (result == QLatin1String("valid"));
            ++rows;
        }
    }
    QCOMPARE(rows, 66);
}

void TestMasterKey::aesGcmWycheproof()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, ct);
    QFETCH(QByteArray, tag);
    QFETCH(bool, valid);

    const auto opened = crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(ct), crypto::byteView(tag), crypto::byteView(aad));
    if (!valid) {
        VERIFY_ERROR(opened, "KMS.0219");
        return;
    }
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, msg));
    const auto sealed = crypto::aes256GcmSeal(
        crypto::byteView(key), crypto::byteView(iv), crypto::byteView(msg), crypto::byteView(aad));
    VERIFY_OK(sealed);
    QVERIFY(sealed->ciphertext == ct);
    QVERIFY(sealed->tag == tag);
}

void TestMasterKey::aesGcmRefusesOtherSizes()
{
    const QByteArray key(32, '\x01');
    const QByteArray iv(12, '\x02');
    const QByteArray msg("message");
    VERIFY_ERROR(crypto::aes256GcmSeal(crypto::byteView(key.left(16)), crypto::byteView(iv),
                     crypto::byteView(msg), {}),
        "KMS.0503");
    VERIFY_ERROR(crypto::aes256GcmSeal(crypto::byteView(key), crypto::byteView(iv.left(8)),
                     crypto::byteView(msg), {}),
        "KMS.0503");
    const auto sealed = crypto::aes256GcmSeal(
        crypto::byteView(key), crypto::byteView(iv), crypto::byteView(msg), {});
    VERIFY_OK(sealed);
    // A truncated tag is refused, not checked as a shorter tag.
    VERIFY_ERROR(
        crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
            crypto::byteView(sealed->ciphertext), crypto::byteView(sealed->tag.left(12)), {}),
        "KMS.0219");
    VERIFY_ERROR(crypto::aes256GcmOpen(crypto::byteView(key), crypto::byteView(iv),
                     crypto::byteView(sealed->ciphertext), {}, {}),
        "KMS.0219");
}

void TestMasterKey::hmacSm3Wycheproof_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("msg");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<bool>("valid");

    // Wycheproof hmac_sm3_test.json, every group; a group's tagSize truncates the MAC.
    const QJsonObject json = loadJson(QStringLiteral("wycheproof/hmac_sm3_test.json"));
    QVERIFY2(!json.isEmpty(), "tests/data/wycheproof/hmac_sm3_test.json is missing");
    int rows = 0;
    for (const QJsonValue &groupValue : json.value(QLatin1String("testGroups")).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const int tagBytes = group.value(QLatin1String("tagSize")).toInt() / 8;
        for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = testValue.toObject();
            const QByteArray tag = hexField(test, "tag");
            QTest::addRow("tcId %d", test.value(QLatin1String("tcId")).toInt())
                << hexField(test, "key") << hexField(test, "msg") << tag
                << (test.value(QLatin1String("result")).toString() == QLatin1String("valid")
                       && tag.size() == tagBytes);
            ++rows;
        }
    }
    QCOMPARE(rows, 174);
}

void TestMasterKey::hmacSm3Wycheproof()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, msg);
    QFETCH(QByteArray, tag);
    QFETCH(bool, valid);
    const auto mac
        = crypto::hmac(crypto::Digest::Sm3, crypto::byteView(key), crypto::byteView(msg));
    VERIFY_OK(mac);
    QCOMPARE(mac->size(), 32);
    QCOMPARE(mac->left(tag.size()) == tag, valid);
}

void TestMasterKey::sm4BlockExample1()
{
    // GB/T 32907-2016 Appendix A, example 1: key = plaintext = 0123456789abcdeffedcba9876543210,
    // ciphertext 681edf34d206965e86b3e94f536e4246. In CTR mode the first keystream block is
    // SM4(key, IV), so SM4-CTR of a zero block with IV = the example's plaintext is the
    // example's ciphertext.
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    const QByteArray zeros(16, '\0');
    const auto block
        = crypto::sm4Ctr(crypto::byteView(key), crypto::byteView(key), crypto::byteView(zeros));
    VERIFY_OK(block);
    QVERIFY(sameBytes(*block, QByteArray::fromHex("681edf34d206965e86b3e94f536e4246")));

    // CTR decrypts with the same call, for lengths that are not whole blocks too.
    const QByteArray message("SM4 in counter mode, 37 bytes long..");
    const auto encrypted
        = crypto::sm4Ctr(crypto::byteView(key), crypto::byteView(zeros), crypto::byteView(message));
    VERIFY_OK(encrypted);
    QVERIFY(!sameBytes(*encrypted, message));
    const auto decrypted = crypto::sm4Ctr(
        crypto::byteView(key), crypto::byteView(zeros), crypto::byteView(*encrypted));
    VERIFY_OK(decrypted);
    QVERIFY(sameBytes(*decrypted, message));
    VERIFY_ERROR(crypto::sm4Ctr(crypto::byteView(key.left(8)), crypto::byteView(zeros),
                     crypto::byteView(message)),
        "KMS.0503");
}

void TestMasterKey::sm4BlockExample2()
{
    // GB/T 32907-2016 Appendix A, example 2: the plaintext of example 1 encrypted 1,000,000
    // times with the same key gives 595298c7c6fd271f0402f804c33d3f66. This checks the SM4
    // of the OpenSSL the backend links (ECB, one block at a time), not the backend itself.
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    QByteArray block = key;
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
        EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    QVERIFY(ctx);
    QCOMPARE(EVP_EncryptInit_ex(ctx.get(), EVP_sm4_ecb(), nullptr,
                 reinterpret_cast<const unsigned char *>(key.constData()), nullptr),
        1);
    QCOMPARE(EVP_CIPHER_CTX_set_padding(ctx.get(), 0), 1);
    auto *data = reinterpret_cast<unsigned char *>(block.data());
    for (int i = 0; i < 1000000; ++i) {
        int written = 0;
        if (EVP_EncryptUpdate(ctx.get(), data, &written, data, 16) != 1 || written != 16)
            QFAIL("SM4-ECB failed");
    }
    QCOMPARE(block.toHex(), QByteArray("595298c7c6fd271f0402f804c33d3f66"));
}

void TestMasterKey::sm4CtrHmacSm3KnownAnswer()
{
    // The construction of hsm/SoftwareHsm.cpp, recomputed with the OpenSSL 3.0.22 CLI:
    //   K=0123456789abcdeffedcba9876543210; IV=000102030405060708090a0b0c0d0e0f
    //   ENC=$(openssl kdf -keylen 16 -kdfopt digest:SM3 -kdfopt hexkey:$K
    //         -kdfopt info:kms-sm4-ctr-enc HKDF | tr -d :)      # 85af6fd4269678f8593c67d9689cabd7
    //   MAC=$(openssl kdf -keylen 32 -kdfopt digest:SM3 -kdfopt hexkey:$K
    //         -kdfopt info:kms-sm4-hmac-sm3 HKDF | tr -d :)
    //   C=$(printf 'The quick brown fox jumps over the lazy dog'
    //       | openssl enc -sm4-ctr -K $ENC -iv $IV | xxd -p -c 256)
    //   { printf 000000000000000c | xxd -r -p; printf kms-test-aad; echo $IV | xxd -r -p;
    //     echo $C | xxd -r -p; } | openssl mac -digest SM3 -macopt hexkey:$MAC HMAC
    //   and with an empty plaintext and no aad: { printf 0000000000000000 | xxd -r -p;
    //     echo $IV | xxd -r -p; } | openssl mac -digest SM3 -macopt hexkey:$MAC HMAC
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    const QByteArray iv = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
    const QByteArray plain("The quick brown fox jumps over the lazy dog");
    const QByteArray aad("kms-test-aad");
    const auto sealed = crypto::sm4CtrHmacSm3Seal(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(plain), crypto::byteView(aad));
    VERIFY_OK(sealed);
    QCOMPARE(sealed->ciphertext.toHex(),
        QByteArray("41a0b7f60c297d4f7cdc228843c832e9ecb3252222a105b88ede11721a011da0604fec"
                   "68275eb9728317f4"));
    QCOMPARE(sealed->tag.toHex(),
        QByteArray("c89864f88c978f7f90fbf9ce467deb4922a5aa48e8d4c5022f4dac4f183ad460"));
    const auto opened = crypto::sm4CtrHmacSm3Open(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(sealed->ciphertext), crypto::byteView(sealed->tag), crypto::byteView(aad));
    VERIFY_OK(opened);
    QVERIFY(sameBytes(*opened, plain));

    const auto empty
        = crypto::sm4CtrHmacSm3Seal(crypto::byteView(key), crypto::byteView(iv), {}, {});
    VERIFY_OK(empty);
    QVERIFY(empty->ciphertext.isEmpty());
    QCOMPARE(empty->tag.toHex(),
        QByteArray("4a3f0bc91315162e03ab755ed7bf963f7797b371c657e34fc942014026c87291"));
}

void TestMasterKey::sm4CtrHmacSm3Tampering()
{
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    const QByteArray iv(16, '\x07');
    const QByteArray plain(100, 'p');
    const QByteArray aad("aad");
    const auto sealed = crypto::sm4CtrHmacSm3Seal(crypto::byteView(key), crypto::byteView(iv),
        crypto::byteView(plain), crypto::byteView(aad));
    VERIFY_OK(sealed);
    const auto open = [&](const QByteArray &k, const QByteArray &i, const QByteArray &c,
                          const QByteArray &t, const QByteArray &a) {
        return crypto::sm4CtrHmacSm3Open(crypto::byteView(k), crypto::byteView(i),
            crypto::byteView(c), crypto::byteView(t), crypto::byteView(a));
    };
    const auto flip = [](QByteArray bytes, qsizetype index) {
        bytes[index] = static_cast<char>(bytes.at(index) ^ 0x80);
        return bytes;
    };
    VERIFY_OK(open(key, iv, sealed->ciphertext, sealed->tag, aad));
    VERIFY_ERROR(open(flip(key, 3), iv, sealed->ciphertext, sealed->tag, aad), "KMS.0219");
    VERIFY_ERROR(open(key, flip(iv, 15), sealed->ciphertext, sealed->tag, aad), "KMS.0219");
    VERIFY_ERROR(open(key, iv, flip(sealed->ciphertext, 50), sealed->tag, aad), "KMS.0219");
    VERIFY_ERROR(open(key, iv, sealed->ciphertext.left(99), sealed->tag, aad), "KMS.0219");
    VERIFY_ERROR(open(key, iv, sealed->ciphertext, flip(sealed->tag, 31), aad), "KMS.0219");
    VERIFY_ERROR(open(key, iv, sealed->ciphertext, sealed->tag.left(16), aad), "KMS.0219");
    VERIFY_ERROR(open(key, iv, sealed->ciphertext, sealed->tag, "aae"), "KMS.0219");
    VERIFY_ERROR(open(key, iv, sealed->ciphertext, sealed->tag, {}), "KMS.0219");
    // The aad length is bound: moving a byte between aad and nothing else still fails.
    VERIFY_ERROR(open(key, iv, sealed->ciphertext, sealed->tag, aad + '\0'), "KMS.0219");
}

void TestMasterKey::argon2idKnownAnswer_data()
{
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<quint32>("timeCost");
    QTest::addColumn<quint32>("memoryKiB");
    QTest::addColumn<quint32>("parallelism");
    QTest::addColumn<QByteArray>("expected");
    // echo -n "correct horse battery staple" | argon2 kms-test-salt-01 -id -t 2 -m 6 -p 1 -l 32 -r
    QTest::newRow("t=2 m=64KiB p=1")
        << QByteArray("correct horse battery staple") << QByteArray("kms-test-salt-01")
        << quint32(2) << quint32(64) << quint32(1)
        << QByteArray::fromHex("ee526c99392eac5106d6c79aa22c893cdf1de6bac4e27ac2bac17f0ddb3cae1f");
    // echo -n "correct horse battery staple" | argon2 kms-test-salt-02 -id -t 1 -m 7 -p 2 -l 32 -r
    QTest::newRow("t=1 m=128KiB p=2")
        << QByteArray("correct horse battery staple") << QByteArray("kms-test-salt-02")
        << quint32(1) << quint32(128) << quint32(2)
        << QByteArray::fromHex("cc5b89d91937d039e0ddd8a1357515ce942cfa96d05ab0113c6fb2f3be3adc21");
}

void TestMasterKey::argon2idKnownAnswer()
{
    QFETCH(QByteArray, passphrase);
    QFETCH(QByteArray, salt);
    QFETCH(quint32, timeCost);
    QFETCH(quint32, memoryKiB);
    QFETCH(quint32, parallelism);
    QFETCH(QByteArray, expected);
    Argon2Params params;
    params.timeCost = timeCost;
    params.memoryKiB = memoryKiB;
    params.parallelism = parallelism;
    params.salt = salt;
    const auto key = deriveKeyFromPassphrase(SecureBytes::fromByteArray(passphrase), params);
    VERIFY_OK(key);
    QCOMPARE(key->size(), std::size_t(32));
    QVERIFY(sameBytes(*key, expected));
}

void TestMasterKey::argon2idWrongPassphrase()
{
    Argon2Params params;
    params.timeCost = 1;
    params.memoryKiB = 64;
    params.salt = "kms-test-salt-01";
    const auto right = deriveKeyFromPassphrase(SecureBytes::fromByteArray("passphrase"), params);
    const auto again = deriveKeyFromPassphrase(SecureBytes::fromByteArray("passphrase"), params);
    const auto wrong = deriveKeyFromPassphrase(SecureBytes::fromByteArray("passphrasf"), params);
    VERIFY_OK(right);
    VERIFY_OK(again);
    VERIFY_OK(wrong);
    QVERIFY(right->equals(*again));
    QVERIFY(!right->equals(*wrong));
    params.salt = "kms-test-salt-02";
    const auto otherSalt
        = deriveKeyFromPassphrase(SecureBytes::fromByteArray("passphrase"), params);
    VERIFY_OK(otherSalt);
    QVERIFY(!right->equals(*otherSalt));
}

void TestMasterKey::argon2idRejectsBadParams()
{
    const SecureBytes passphrase = SecureBytes::fromByteArray("passphrase");
    Argon2Params good;
    good.timeCost = 1;
    good.memoryKiB = 64;
    good.salt = "kms-test-salt-01";
    VERIFY_OK(deriveKeyFromPassphrase(passphrase, good));

    Argon2Params params = good;
    params.timeCost = 0;
    VERIFY_ERROR(deriveKeyFromPassphrase(passphrase, params), "KMS.0503");
    params = good;
    params.memoryKiB = 4;
    VERIFY_ERROR(deriveKeyFromPassphrase(passphrase, params), "KMS.0503");
    params = good;
    params.parallelism = 0;
    VERIFY_ERROR(deriveKeyFromPassphrase(passphrase, params), "KMS.0503");
    params = good;
    params.parallelism = 16; // needs at least 8 KiB per lane
    VERIFY_ERROR(deriveKeyFromPassphrase(passphrase, params), "KMS.0503");
    params = good;
    params.salt = "short";
    VERIFY_ERROR(deriveKeyFromPassphrase(passphrase, params), "KMS.0503");
}

void TestMasterKey::argon2ParamsJsonRoundTrip()
{
    Argon2Params params;
    params.timeCost = 4;
    params.memoryKiB = 19 * 1024;
    params.parallelism = 2;
    params.salt = QByteArray::fromHex("00ff10ef20df30cf40bf50af609f708f");

    const QJsonObject json = params.toJson();
    QCOMPARE(json.value(QLatin1String("algorithm")).toString(), QStringLiteral("argon2id"));
    QCOMPARE(json.value(QLatin1String("version")).toInt(), 19);
    QCOMPARE(
        json.value(QLatin1String("salt")).toString(), QString::fromLatin1(params.salt.toBase64()));

    // Through text, as the store keeps it.
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const auto parsed = Argon2Params::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->timeCost, params.timeCost);
    QCOMPARE(parsed->memoryKiB, params.memoryKiB);
    QCOMPARE(parsed->parallelism, params.parallelism);
    QCOMPARE(parsed->salt, params.salt);

    // The defaults survive as well.
    auto fresh = newArgon2Params();
    VERIFY_OK(fresh);
    const auto freshParsed = Argon2Params::fromJson(fresh->toJson());
    QVERIFY(freshParsed.has_value());
    QCOMPARE(freshParsed->memoryKiB, quint32(64 * 1024));
    QCOMPARE(freshParsed->salt, fresh->salt);
}

void TestMasterKey::argon2ParamsFromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray salt = "\"salt\":\"AP8Q7yDfMM9Av1CvYJ9wjw==\"";
    QTest::newRow("reference is valid (sanity)")
        << "VALID{\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1," + salt + "}";
    QTest::newRow("empty") << QByteArray("{}");
    QTest::newRow("no salt") << QByteArray(
        "{\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1}");
    QTest::newRow("no timeCost") << "{\"memoryKiB\":65536,\"parallelism\":1," + salt + "}";
    QTest::newRow("salt not base64")
        << QByteArray("{\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1,\"salt\":\"*?*\"}");
    QTest::newRow("salt too short")
        << QByteArray("{\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1,\"salt\":\"AAAA\"}");
    QTest::newRow("salt a number")
        << QByteArray("{\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1,\"salt\":5}");
    QTest::newRow("timeCost as string")
        << "{\"timeCost\":\"3\",\"memoryKiB\":65536,\"parallelism\":1," + salt + "}";
    QTest::newRow("negative") << "{\"timeCost\":-3,\"memoryKiB\":65536,\"parallelism\":1," + salt
            + "}";
    QTest::newRow("fraction") << "{\"timeCost\":2.5,\"memoryKiB\":65536,\"parallelism\":1," + salt
            + "}";
    QTest::newRow("zero time") << "{\"timeCost\":0,\"memoryKiB\":65536,\"parallelism\":1," + salt
            + "}";
    QTest::newRow("memory too small")
        << "{\"timeCost\":3,\"memoryKiB\":8,\"parallelism\":2," + salt + "}";
    QTest::newRow("memory absurd")
        << "{\"timeCost\":3,\"memoryKiB\":4294967295,\"parallelism\":1," + salt + "}";
    QTest::newRow("wrong algorithm")
        << "{\"algorithm\":\"argon2i\",\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1," + salt
            + "}";
    QTest::newRow("wrong version")
        << "{\"version\":16,\"timeCost\":3,\"memoryKiB\":65536,\"parallelism\":1," + salt + "}";
}

void TestMasterKey::argon2ParamsFromJsonRejects()
{
    QFETCH(QByteArray, json);
    const bool expectValid = json.startsWith("VALID");
    if (expectValid)
        json.remove(0, 5);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(Argon2Params::fromJson(document.object()).has_value(), expectValid);
}

void TestMasterKey::newArgon2ParamsHasFreshSalt()
{
    auto first = newArgon2Params();
    auto second = newArgon2Params();
    VERIFY_OK(first);
    VERIFY_OK(second);
    QCOMPARE(first->salt.size(), 16);
    QVERIFY(first->salt != second->salt);
    QCOMPARE(first->timeCost, quint32(3));
    QCOMPARE(first->memoryKiB, quint32(64 * 1024));
    QCOMPARE(first->parallelism, quint32(1));
}

void TestMasterKey::openSslErrorDrainsQueue()
{
    ERR_clear_error();
    ERR_raise(ERR_LIB_EVP, EVP_R_INVALID_KEY_LENGTH);
    const KmsError error = openSslError(QStringLiteral("KMS.0503"), "test operation");
    QCOMPARE(error.code(), QStringLiteral("KMS.0503"));
    QVERIFY2(error.detail().startsWith(QLatin1String("test operation failed: ")),
        qPrintable(error.detail()));
    QVERIFY2(
        error.detail().contains(QLatin1String("invalid key length")), qPrintable(error.detail()));
    QCOMPARE(ERR_peek_error(), 0ul);

    const KmsError empty = openSslError(QStringLiteral("KMS.0504"), "nothing");
    QCOMPARE(empty.detail(), QStringLiteral("nothing failed"));

    for (int i = 0; i < 10; ++i)
        ERR_raise(ERR_LIB_EVP, EVP_R_INVALID_KEY_LENGTH);
    const KmsError many = openSslError(QStringLiteral("KMS.0504"), "many");
    QVERIFY2(many.detail().endsWith(QLatin1String("6 more")), qPrintable(many.detail()));
    QCOMPARE(ERR_peek_error(), 0ul);
}

QTEST_GUILESS_MAIN(TestMasterKey)
#include "TestMasterKey.moc"
