#pragma once

#include "crypto/MasterKey.h"
#include "hsm/Hsm.h"
#include "hsm/Pkcs11Module.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace kms::hsm {

// Where a PKCS#11 HSM is: the module, the token (by label: slot ids change) and the user PIN.
struct Pkcs11Config
{
    QString modulePath; // e.g. /usr/lib/softhsm/libsofthsm2.so
    QString tokenLabel;
    SecureBytes pin;
    // For p11-kit's client module (/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so): the
    // server's address, "unix:path=/run/.../p11.sock" or "|ssh host p11-kit remote ...". It is
    // set as P11_KIT_SERVER_ADDRESS before the module initialises; one process holds one
    // address per module path (Pkcs11Module). Empty for a local module.
    QString serverAddress;
};

// The PKCS#11 HSM (protection level HSM): keys are objects on a token and never leave it.
// docs/hsm.md describes the templates, the handle format, the mechanism checks and the
// error mapping; the top of Pkcs11Hsm.cpp repeats them.
//
// Connection: made at the first call (or by connect()): the module is loaded through the
// process-wide registry, the slot found by the token's label, a read-write session opened and
// logged in, and the token's mechanism list read. An unexpected CK_RV closes the session (the
// next call opens a new one: SoftHSM2 may leave an operation active otherwise). A CK_RV that
// says the token or the connection is gone (device removed or in error, token not present,
// session handle invalid or closed, Cryptoki not initialised) also marks the HSM
// Disconnected; the next call reconnects, finalising and initialising the module again when
// reopening alone fails (p11-kit's client does not reconnect to a restarted server by itself).
//
// The PIN is kept (in SecureBytes, wiped with the HSM) because a reconnection must log in
// again: PKCS#11 keeps no login state across C_Finalize.
//
// Not thread-safe, like SoftwareHsm: one HSM per connection thread. The module registry
// beneath is thread-safe.
class Pkcs11Hsm final : public Hsm
{
public:
    enum class ConnectionState { Connected, Disconnected };

    // Keeps a reference to the master key, used only for import fingerprints (the same as the
    // software HSM's: hsm/ImportFingerprint.h). Does not connect yet.
    Pkcs11Hsm(Pkcs11Config config, const MasterKey &masterKey);
    ~Pkcs11Hsm() override;
    Pkcs11Hsm(const Pkcs11Hsm &) = delete;
    Pkcs11Hsm &operator=(const Pkcs11Hsm &) = delete;

    // "pkcs11:<token label>"
    QString name() const override;
    // Decided by the token's measured mechanism list (and probes): false when disconnected.
    bool supports(KeySpec spec) const override;
    // missingMechanismFor(spec).
    QString unsupportedReason(KeySpec spec) const override { return missingMechanismFor(spec); }

    // Connects now if not connected ("test the connection"); KMS.0505 with the CK_RV.
    Result<void> connect();
    ConnectionState connectionState() const;
    // After the token refused the PIN (CKR_PIN_INCORRECT, _LOCKED, _EXPIRED, ...), the HSM does
    // not log in again with it (a real HSM locks the PIN after a few tries): every call answers
    // KMS.0505 until a new PIN is set here. The old PIN is wiped.
    void setPin(SecureBytes pin);
    // The error that made the HSM Disconnected (empty while connected).
    QString lastError() const;
    // The token as it describes itself, and its mechanism list (connects if needed).
    Result<Pkcs11TokenInfo> tokenInfo();
    Result<QList<Pkcs11MechanismInfo>> mechanisms();

    // Why the token cannot do something: the missing mechanism, or the mechanism with the
    // parameters the token refused ("CKM_RSA_PKCS_OAEP with CKM_SHA256 / CKG_MGF1_SHA256:
    // CKR_ARGUMENTS_BAD"); empty when it can. Connects if needed; when that fails, the
    // connection error.
    QString missingMechanismFor(KeySpec spec) const;
    QString missingMechanismFor(SignAlgorithm algorithm) const;
    QString missingMechanismFor(AsymmetricAlgorithm algorithm) const;

    // "pkcs11-v1:<versionId>": what the store keeps for a key version on a token.
    static QByteArray handleFor(const KeyRef &key);
    // "kms:<cmkUuid>:<versionId>" (CKA_LABEL); CKA_ID is the version id's UTF-8 bytes.
    static QByteArray objectLabel(const KeyRef &key);

    Result<QByteArray> generateKey(const KeyRef &key) override;
    Result<void> destroyKey(const KeyRef &key, const QByteArray &handle) override;
    Result<QByteArray> publicKeyPem(const KeyRef &key, const QByteArray &handle) override;
    Result<SealedData> encrypt(const KeyRef &key, const QByteArray &handle,
        const QByteArray &plaintext, const QByteArray &aad) override;
    Result<SecureBytes> decrypt(const KeyRef &key, const QByteArray &handle,
        const SealedData &sealed, const QByteArray &aad) override;
    Result<SecureBytes> randomBytes(int count) override;
    Result<QByteArray> sign(const KeyRef &key, const QByteArray &handle, SignAlgorithm algorithm,
        const QByteArray &digest) override;
    Result<SecureBytes> asymmetricDecrypt(const KeyRef &key, const QByteArray &handle,
        AsymmetricAlgorithm algorithm, const QByteArray &ciphertext) override;
    // AES_256 material only: a token object with the same template as a generated key.
    Result<ImportedKey> importKey(const KeyRef &key, const SecureBytes &material) override;
    Result<QByteArray> importFingerprint(const SecureBytes &material) override;
    // The key never leaves the token: `use` gets an EVP_PKEY of the public key whose
    // signatures the token makes (crypto/DelegatedKey.h), enough to sign CSRs, certificates
    // and CRLs with RSA_2048 (PKCS#1 v1.5) and EC_P256 keys; KMS.0212 for anything else.
    Result<void> usePrivateKey(
        const KeyRef &key, const QByteArray &handle, const PrivateKeyUse &use) override;

    static constexpr int kMaxRandomBytes = 1024;

    // The open session (connecting if needed), for tests that check objects on the token the
    // way an independent client would (Pkcs11Module::Session::verifyWithPublicKey).
    Result<Pkcs11Module::Session *> session();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace kms::hsm
