#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <mutex>

#include <p11-kit/pkcs11.h>

namespace kms::hsm {

// "CKR_DEVICE_REMOVED (0x32)"; unknown values as "CKR 0x........".
QString ckrName(CK_RV rv);
// "CKM_AES_GCM" for the mechanisms the console uses or checks, "0x%08lx" otherwise.
QString ckmName(CK_MECHANISM_TYPE mechanism);

// What a slot's token says about itself (C_GetTokenInfo), the padded PKCS#11 strings trimmed.
struct Pkcs11TokenInfo
{
    CK_SLOT_ID slotId = 0;
    QString label;
    QString manufacturer;
    QString model;
    QString serialNumber;
    CK_FLAGS flags = 0;
    // CK_UNAVAILABLE_INFORMATION / CK_EFFECTIVELY_INFINITE are passed through unchanged.
    unsigned long freePublicMemory = 0;
    unsigned long totalPublicMemory = 0;
    unsigned long freePrivateMemory = 0;
    unsigned long totalPrivateMemory = 0;
};

struct Pkcs11MechanismInfo
{
    CK_MECHANISM_TYPE type = 0;
    QString name; // ckmName(type)
    unsigned long minKeySize = 0;
    unsigned long maxKeySize = 0;
    CK_FLAGS flags = 0; // CKF_ENCRYPT, CKF_SIGN, CKF_GENERATE_KEY_PAIR, ...
};

// A PKCS#11 module loaded by path (dlopen + C_GetFunctionList) and initialised once per
// process. Modules live in a process-wide registry keyed by path: load() hands out shared
// references, the first one calls C_Initialize (CKF_OS_LOCKING_OK, so the module may be used
// from several threads; CKR_CRYPTOKI_ALREADY_INITIALIZED, when another library of the process
// initialised it first, counts as success) and the last one to go calls C_Finalize. The
// library itself stays mapped (RTLD_NODELETE): SoftHSM2 and OpenSSL keep global state that
// does not survive an unload in a process that goes on using OpenSSL.
//
// The registry is thread-safe; so is a module (the PKCS#11 library locks itself). The
// sessions made from it belong to one thread each.
//
// Remote tokens through p11-kit's client module: the client reads P11_KIT_SERVER_ADDRESS
// when it initialises, so load() sets that variable (under the registry's lock) just before
// C_Initialize. One process can therefore hold ONE server address per module path: loading
// the same path with another address while it is loaded answers KMS.0505.
class Pkcs11Module
{
public:
    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module &) = delete;
    Pkcs11Module &operator=(const Pkcs11Module &) = delete;

    // KMS.0505 when the library does not load, has no C_GetFunctionList, or does not
    // initialise; the detail names the path and the CKR.
    static Result<std::shared_ptr<Pkcs11Module>> load(
        const QString &path, const QString &serverAddress = {});

    const QString &path() const { return m_path; }
    const QString &serverAddress() const { return m_serverAddress; }
    CK_FUNCTION_LIST *functions() const { return m_functions; }
    // Increases each time the module is finalised and initialised again (reinitialize()).
    quint64 generation() const;

    // The tokens in the slots that have one (C_GetSlotList(TRUE) + C_GetTokenInfo).
    Result<QList<Pkcs11TokenInfo>> tokens(CK_RV *rv = nullptr) const;
    // The slot whose token has this label (slot ids are not stable: SoftHSM2 makes them up
    // from the token's serial, p11-kit's client numbers them). KMS.0505 if no token has it.
    // `rv` (optional) receives the failing CK_RV, CKR_TOKEN_NOT_PRESENT when no token has it.
    Result<CK_SLOT_ID> findSlot(const QString &tokenLabel, CK_RV *rv = nullptr) const;
    // C_GetMechanismList + C_GetMechanismInfo of a slot's token.
    Result<QList<Pkcs11MechanismInfo>> mechanisms(CK_SLOT_ID slot) const;

    // C_Finalize + C_Initialize, for a module whose connection is gone: p11-kit's client does
    // not reconnect to a restarted server by itself. Only when generation() is still
    // `seenGeneration`, so that several users that met the same failure finalise once. Every
    // session of the module is invalid afterwards.
    Result<void> reinitialize(quint64 seenGeneration);

    // A read-write session on a slot, closed (C_CloseSession) when destroyed. Move-only.
    // login() answers success for CKR_USER_ALREADY_LOGGED_IN (the login state belongs to the
    // application, not to the session) and does not keep the PIN.
    class Session
    {
    public:
        Session() = default;
        ~Session();
        Session(Session &&other) noexcept;
        Session &operator=(Session &&other) noexcept;
        Session(const Session &) = delete;
        Session &operator=(const Session &) = delete;

        // KMS.0505 with the CKR in the detail.
        // `rv` (optional) receives the failing CK_RV.
        static Result<Session> open(
            std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, CK_RV *rv = nullptr);
        Result<void> login(const SecureBytes &pin, CK_RV *rv = nullptr);

        bool isOpen() const { return m_module != nullptr; }
        CK_SESSION_HANDLE handle() const { return m_handle; }
        CK_FUNCTION_LIST *functions() const { return m_module->functions(); }
        Pkcs11Module &module() const { return *m_module; }
        CK_SLOT_ID slot() const { return m_slot; }
        void close();

        // Test helper: verifies a signature on the token with a public key given as its
        // SubjectPublicKeyInfo (PEM or DER, RSA or EC P-256), made a session object (CKA_TOKEN
        // FALSE) for the call and destroyed afterwards. `mechanism` is CKM_RSA_PKCS (the data
        // is a DigestInfo), CKM_RSA_PKCS_PSS (SHA-256, MGF1-SHA-256, salt 32; the data is the
        // digest) or CKM_ECDSA (the data is the digest, the signature r||s). Answers whether
        // the token accepted the signature; an error (KMS.0212) when it cannot check it.
        Result<bool> verifyWithPublicKey(const QByteArray &subjectPublicKeyInfo,
            CK_MECHANISM_TYPE mechanism, const QByteArray &data, const QByteArray &signature);

    private:
        Session(std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, CK_SESSION_HANDLE handle);
        std::shared_ptr<Pkcs11Module> m_module;
        CK_SLOT_ID m_slot = 0;
        CK_SESSION_HANDLE m_handle = 0;
    };

private:
    Pkcs11Module(QString path, QString serverAddress, void *library, CK_FUNCTION_LIST *functions);
    static CK_RV initialize(CK_FUNCTION_LIST *functions);

    QString m_path;
    QString m_serverAddress;
    void *m_library = nullptr;
    CK_FUNCTION_LIST *m_functions = nullptr;
    // Whether this module's C_Initialize is the one that counts (not another library's, which
    // answered CKR_CRYPTOKI_ALREADY_INITIALIZED): only then does the destructor finalise.
    bool m_ownsInitialization = false;
    mutable std::mutex m_mutex; // guards m_generation and reinitialisation
    quint64 m_generation = 0;
};

} // namespace kms::hsm
