#include "hsm/Pkcs11Module.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QFile>
#include <QFileInfo>

#include <dlfcn.h>
#include <signal.h>

#include <array>
#include <csignal>
#include <cstring>
#include <map>
#include <vector>

namespace kms::hsm {

namespace {

const QString kModuleFailed = QStringLiteral("KMS.0505");
const QString kWrongAlgorithm = QStringLiteral("KMS.0212");

struct NamedValue
{
    unsigned long value;
    const char *name;
};

// The return values a console operator may meet, in the order of pkcs11.h.
constexpr NamedValue kCkrNames[] = {
    { CKR_OK, "CKR_OK" },
    { CKR_CANCEL, "CKR_CANCEL" },
    { CKR_HOST_MEMORY, "CKR_HOST_MEMORY" },
    { CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID" },
    { CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR" },
    { CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED" },
    { CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD" },
    { CKR_NO_EVENT, "CKR_NO_EVENT" },
    { CKR_NEED_TO_CREATE_THREADS, "CKR_NEED_TO_CREATE_THREADS" },
    { CKR_CANT_LOCK, "CKR_CANT_LOCK" },
    { CKR_ATTRIBUTE_READ_ONLY, "CKR_ATTRIBUTE_READ_ONLY" },
    { CKR_ATTRIBUTE_SENSITIVE, "CKR_ATTRIBUTE_SENSITIVE" },
    { CKR_ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID" },
    { CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID" },
    { CKR_DATA_INVALID, "CKR_DATA_INVALID" },
    { CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE" },
    { CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR" },
    { CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY" },
    { CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED" },
    { CKR_ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID" },
    { CKR_ENCRYPTED_DATA_LEN_RANGE, "CKR_ENCRYPTED_DATA_LEN_RANGE" },
    { CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED" },
    { CKR_FUNCTION_NOT_PARALLEL, "CKR_FUNCTION_NOT_PARALLEL" },
    { CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED" },
    { CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID" },
    { CKR_KEY_SIZE_RANGE, "CKR_KEY_SIZE_RANGE" },
    { CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT" },
    { CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED" },
    { CKR_KEY_NOT_WRAPPABLE, "CKR_KEY_NOT_WRAPPABLE" },
    { CKR_KEY_UNEXTRACTABLE, "CKR_KEY_UNEXTRACTABLE" },
    { CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID" },
    { CKR_MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID" },
    { CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID" },
    { CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE" },
    { CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED" },
    { CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT" },
    { CKR_PIN_INVALID, "CKR_PIN_INVALID" },
    { CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE" },
    { CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED" },
    { CKR_PIN_LOCKED, "CKR_PIN_LOCKED" },
    { CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED" },
    { CKR_SESSION_COUNT, "CKR_SESSION_COUNT" },
    { CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID" },
    { CKR_SESSION_PARALLEL_NOT_SUPPORTED, "CKR_SESSION_PARALLEL_NOT_SUPPORTED" },
    { CKR_SESSION_READ_ONLY, "CKR_SESSION_READ_ONLY" },
    { CKR_SESSION_EXISTS, "CKR_SESSION_EXISTS" },
    { CKR_SESSION_READ_ONLY_EXISTS, "CKR_SESSION_READ_ONLY_EXISTS" },
    { CKR_SESSION_READ_WRITE_SO_EXISTS, "CKR_SESSION_READ_WRITE_SO_EXISTS" },
    { CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID" },
    { CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE" },
    { CKR_TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE" },
    { CKR_TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT" },
    { CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT" },
    { CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED" },
    { CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED" },
    { CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN" },
    { CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN" },
    { CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED" },
    { CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID" },
    { CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN" },
    { CKR_USER_TOO_MANY_TYPES, "CKR_USER_TOO_MANY_TYPES" },
    { CKR_DOMAIN_PARAMS_INVALID, "CKR_DOMAIN_PARAMS_INVALID" },
    { CKR_CURVE_NOT_SUPPORTED, "CKR_CURVE_NOT_SUPPORTED" },
    { CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL" },
    { CKR_RANDOM_SEED_NOT_SUPPORTED, "CKR_RANDOM_SEED_NOT_SUPPORTED" },
    { CKR_RANDOM_NO_RNG, "CKR_RANDOM_NO_RNG" },
    { CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED" },
    { CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED" },
};

// The mechanisms the console uses, checks or shows first in a token's list.
constexpr NamedValue kCkmNames[] = {
    { CKM_RSA_PKCS_KEY_PAIR_GEN, "CKM_RSA_PKCS_KEY_PAIR_GEN" },
    { CKM_RSA_PKCS, "CKM_RSA_PKCS" },
    { CKM_RSA_X_509, "CKM_RSA_X_509" },
    { CKM_RSA_PKCS_OAEP, "CKM_RSA_PKCS_OAEP" },
    { CKM_RSA_PKCS_PSS, "CKM_RSA_PKCS_PSS" },
    { CKM_SHA1_RSA_PKCS, "CKM_SHA1_RSA_PKCS" },
    { CKM_SHA256_RSA_PKCS, "CKM_SHA256_RSA_PKCS" },
    { CKM_SHA256_RSA_PKCS_PSS, "CKM_SHA256_RSA_PKCS_PSS" },
    { CKM_SHA_1, "CKM_SHA_1" },
    { CKM_SHA256, "CKM_SHA256" },
    { CKM_SHA256_HMAC, "CKM_SHA256_HMAC" },
    { CKM_GENERIC_SECRET_KEY_GEN, "CKM_GENERIC_SECRET_KEY_GEN" },
    { CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN" },
    { CKM_ECDSA, "CKM_ECDSA" },
    { CKM_ECDSA_SHA256, "CKM_ECDSA_SHA256" },
    { CKM_ECDH1_DERIVE, "CKM_ECDH1_DERIVE" },
    { CKM_AES_KEY_GEN, "CKM_AES_KEY_GEN" },
    { CKM_AES_ECB, "CKM_AES_ECB" },
    { CKM_AES_CBC, "CKM_AES_CBC" },
    { CKM_AES_CBC_PAD, "CKM_AES_CBC_PAD" },
    { CKM_AES_CTR, "CKM_AES_CTR" },
    { CKM_AES_GCM, "CKM_AES_GCM" },
    { CKM_AES_CMAC, "CKM_AES_CMAC" },
    { CKM_AES_KEY_WRAP, "CKM_AES_KEY_WRAP" },
    { 0x210AUL, "CKM_AES_KEY_WRAP_PAD" },
    // Others SoftHSM2 lists, so the settings page shows names rather than numbers.
    { CKM_MD5, "CKM_MD5" },
    { CKM_MD5_HMAC, "CKM_MD5_HMAC" },
    { CKM_MD5_RSA_PKCS, "CKM_MD5_RSA_PKCS" },
    { CKM_SHA1_RSA_PKCS_PSS, "CKM_SHA1_RSA_PKCS_PSS" },
    { CKM_SHA_1_HMAC, "CKM_SHA_1_HMAC" },
    { CKM_SHA224, "CKM_SHA224" },
    { CKM_SHA224_HMAC, "CKM_SHA224_HMAC" },
    { CKM_SHA224_RSA_PKCS, "CKM_SHA224_RSA_PKCS" },
    { CKM_SHA224_RSA_PKCS_PSS, "CKM_SHA224_RSA_PKCS_PSS" },
    { CKM_SHA384, "CKM_SHA384" },
    { CKM_SHA384_HMAC, "CKM_SHA384_HMAC" },
    { CKM_SHA384_RSA_PKCS, "CKM_SHA384_RSA_PKCS" },
    { CKM_SHA384_RSA_PKCS_PSS, "CKM_SHA384_RSA_PKCS_PSS" },
    { CKM_SHA512, "CKM_SHA512" },
    { CKM_SHA512_HMAC, "CKM_SHA512_HMAC" },
    { CKM_SHA512_RSA_PKCS, "CKM_SHA512_RSA_PKCS" },
    { CKM_SHA512_RSA_PKCS_PSS, "CKM_SHA512_RSA_PKCS_PSS" },
    { CKM_DES_KEY_GEN, "CKM_DES_KEY_GEN" },
    { CKM_DES_ECB, "CKM_DES_ECB" },
    { CKM_DES_CBC, "CKM_DES_CBC" },
    { CKM_DES_CBC_PAD, "CKM_DES_CBC_PAD" },
    { CKM_DES2_KEY_GEN, "CKM_DES2_KEY_GEN" },
    { CKM_DES3_KEY_GEN, "CKM_DES3_KEY_GEN" },
    { CKM_DES3_ECB, "CKM_DES3_ECB" },
    { CKM_DES3_CBC, "CKM_DES3_CBC" },
    { CKM_DES3_CBC_PAD, "CKM_DES3_CBC_PAD" },
    { CKM_DES3_CMAC, "CKM_DES3_CMAC" },
    { CKM_DSA, "CKM_DSA" },
    { CKM_DSA_KEY_PAIR_GEN, "CKM_DSA_KEY_PAIR_GEN" },
    { CKM_DSA_PARAMETER_GEN, "CKM_DSA_PARAMETER_GEN" },
    { CKM_DSA_SHA1, "CKM_DSA_SHA1" },
    { CKM_DH_PKCS_KEY_PAIR_GEN, "CKM_DH_PKCS_KEY_PAIR_GEN" },
    { CKM_DH_PKCS_PARAMETER_GEN, "CKM_DH_PKCS_PARAMETER_GEN" },
    { CKM_DH_PKCS_DERIVE, "CKM_DH_PKCS_DERIVE" },
    { CKM_EC_EDWARDS_KEY_PAIR_GEN, "CKM_EC_EDWARDS_KEY_PAIR_GEN" },
    { CKM_EDDSA, "CKM_EDDSA" },
    { CKM_AES_ECB_ENCRYPT_DATA, "CKM_AES_ECB_ENCRYPT_DATA" },
    { CKM_AES_CBC_ENCRYPT_DATA, "CKM_AES_CBC_ENCRYPT_DATA" },
    { CKM_DES_ECB_ENCRYPT_DATA, "CKM_DES_ECB_ENCRYPT_DATA" },
    { CKM_DES_CBC_ENCRYPT_DATA, "CKM_DES_CBC_ENCRYPT_DATA" },
    { CKM_DES3_ECB_ENCRYPT_DATA, "CKM_DES3_ECB_ENCRYPT_DATA" },
    { CKM_DES3_CBC_ENCRYPT_DATA, "CKM_DES3_CBC_ENCRYPT_DATA" },
    { CKM_DSA_SHA224, "CKM_DSA_SHA224" },
    { CKM_DSA_SHA256, "CKM_DSA_SHA256" },
    { CKM_DSA_SHA384, "CKM_DSA_SHA384" },
    { CKM_DSA_SHA512, "CKM_DSA_SHA512" },
};

QString trimmedPadded(const unsigned char *text, std::size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(text), static_cast<qsizetype>(size))
        .trimmed();
}

KmsError ckError(const QString &code, const char *call, CK_RV rv)
{
    return KmsError(code, QStringLiteral("%1: %2").arg(QLatin1String(call), ckrName(rv)));
}

// The process-wide registry: path -> the live module. An entry whose module is being
// destroyed is still present (its weak pointer expired) until its destructor runs, which
// takes the same lock, so C_Finalize and a new C_Initialize never interleave.
struct Registry
{
    std::mutex mutex;
    struct Entry
    {
        std::weak_ptr<Pkcs11Module> module;
        const Pkcs11Module *raw = nullptr;
    };
    std::map<QString, Entry> entries;
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

constexpr const char kServerAddressVariable[] = "P11_KIT_SERVER_ADDRESS";

struct PKeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct BnFree
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};

QByteArray bignumBytes(const BIGNUM *bn)
{
    QByteArray out(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

} // namespace

QString ckrName(CK_RV rv)
{
    for (const NamedValue &entry : kCkrNames) {
        if (entry.value == rv)
            return QStringLiteral("%1 (0x%2)")
                .arg(QLatin1String(entry.name))
                .arg(static_cast<qulonglong>(rv), 0, 16);
    }
    return QStringLiteral("CKR 0x%1").arg(static_cast<qulonglong>(rv), 8, 16, QLatin1Char('0'));
}

QString ckmName(CK_MECHANISM_TYPE mechanism)
{
    for (const NamedValue &entry : kCkmNames) {
        if (entry.value == mechanism)
            return QLatin1String(entry.name);
    }
    return QString::asprintf("0x%08lx", static_cast<unsigned long>(mechanism));
}

Pkcs11Module::Pkcs11Module(
    QString path, QString serverAddress, void *library, CK_FUNCTION_LIST *functions)
    : m_path(std::move(path))
    , m_serverAddress(std::move(serverAddress))
    , m_library(library)
    , m_functions(functions)
{
}

Pkcs11Module::~Pkcs11Module()
{
    Registry &reg = registry();
    const std::lock_guard lock(reg.mutex);
    const auto found = reg.entries.find(m_path);
    // Replaced by a newer load of the same path (which found this one dying): that one
    // owns the initialisation now.
    if (found != reg.entries.end() && found->second.raw == this) {
        reg.entries.erase(found);
        if (m_ownsInitialization)
            m_functions->C_Finalize(nullptr);
    }
    // m_library is not closed: RTLD_NODELETE (see the header).
}

CK_RV Pkcs11Module::initialize(CK_FUNCTION_LIST *functions)
{
    CK_C_INITIALIZE_ARGS args {};
    args.flags = CKF_OS_LOCKING_OK;
    return functions->C_Initialize(&args);
}

Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::load(
    const QString &path, const QString &serverAddress)
{
    // A bare file name is left to dlopen's search path; anything with a folder is made
    // absolute, so that "./x.so" and "/abs/x.so" are one registry entry.
    const QString canonical
        = path.contains(QLatin1Char('/')) ? QFileInfo(path).absoluteFilePath() : path;
    Registry &reg = registry();
    const std::lock_guard lock(reg.mutex);
    auto found = reg.entries.find(canonical);
    bool replacing = false;
    if (found != reg.entries.end()) {
        if (auto live = found->second.module.lock()) {
            if (live->serverAddress() != serverAddress)
                return KmsError(kModuleFailed,
                    QStringLiteral("the module %1 is already loaded with another server address; "
                                   "one process holds one address per module path")
                        .arg(canonical));
            return live;
        }
        replacing = true;
    }

    // p11-kit's client reads the address in C_GetFunctionList already (measured), so it is set
    // before the library is even opened.
    if (!serverAddress.isEmpty())
        qputenv(kServerAddressVariable, serverAddress.toUtf8());
    // A remote module writes to a socket: when the server goes away, the write raises SIGPIPE,
    // whose default action kills the whole console (measured with p11-kit 0.24's client). The
    // write's EPIPE is what we want instead, so SIGPIPE is ignored unless someone installed a
    // handler already.
    struct sigaction current
    {
    };
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
        std::signal(SIGPIPE, SIG_IGN);
    void *library
        = dlopen(QFile::encodeName(canonical).constData(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (library == nullptr)
        return KmsError(kModuleFailed,
            QStringLiteral("cannot load the PKCS#11 module %1: %2")
                .arg(canonical, QString::fromLocal8Bit(dlerror())));
    auto getFunctionList
        = reinterpret_cast<CK_C_GetFunctionList>(dlsym(library, "C_GetFunctionList"));
    if (getFunctionList == nullptr)
        return KmsError(kModuleFailed,
            QStringLiteral("%1 is not a PKCS#11 module (no C_GetFunctionList)").arg(canonical));
    CK_FUNCTION_LIST *functions = nullptr;
    CK_RV rv = getFunctionList(&functions);
    if (rv != CKR_OK || functions == nullptr)
        return ckError(kModuleFailed, "C_GetFunctionList", rv);

    rv = initialize(functions);
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        return KmsError(
            kModuleFailed, QStringLiteral("C_Initialize of %1: %2").arg(canonical, ckrName(rv)));

    std::shared_ptr<Pkcs11Module> module(
        new Pkcs11Module(canonical, serverAddress, library, functions));
    module->m_ownsInitialization = rv == CKR_OK || replacing;
    reg.entries[canonical] = Registry::Entry { module, module.get() };
    return module;
}

quint64 Pkcs11Module::generation() const
{
    const std::lock_guard lock(m_mutex);
    return m_generation;
}

Result<void> Pkcs11Module::reinitialize(quint64 seenGeneration)
{
    const std::lock_guard lock(m_mutex);
    if (m_generation != seenGeneration)
        return success();
    m_functions->C_Finalize(nullptr);
    if (!m_serverAddress.isEmpty())
        qputenv(kServerAddressVariable, m_serverAddress.toUtf8());
    const CK_RV rv = initialize(m_functions);
    ++m_generation;
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        return ckError(kModuleFailed, "C_Initialize", rv);
    m_ownsInitialization = true;
    return success();
}

Result<QList<Pkcs11TokenInfo>> Pkcs11Module::tokens(CK_RV *rvOut) const
{
    CK_ULONG count = 0;
    CK_RV rv = m_functions->C_GetSlotList(CK_TRUE, nullptr, &count);
    if (rvOut != nullptr)
        *rvOut = rv;
    if (rv != CKR_OK)
        return ckError(kModuleFailed, "C_GetSlotList", rv);
    std::vector<CK_SLOT_ID> slotIds(count);
    if (count > 0) {
        rv = m_functions->C_GetSlotList(CK_TRUE, slotIds.data(), &count);
        if (rvOut != nullptr)
            *rvOut = rv;
        if (rv != CKR_OK)
            return ckError(kModuleFailed, "C_GetSlotList", rv);
        slotIds.resize(count);
    }
    QList<Pkcs11TokenInfo> tokens;
    for (const CK_SLOT_ID slot : slotIds) {
        CK_TOKEN_INFO info {};
        rv = m_functions->C_GetTokenInfo(slot, &info);
        if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_TOKEN_NOT_RECOGNIZED)
            continue; // removed between the two calls
        if (rv != CKR_OK) {
            if (rvOut != nullptr)
                *rvOut = rv;
            return ckError(kModuleFailed, "C_GetTokenInfo", rv);
        }
        Pkcs11TokenInfo token;
        token.slotId = slot;
        token.label = trimmedPadded(info.label, sizeof info.label);
        token.manufacturer = trimmedPadded(info.manufacturerID, sizeof info.manufacturerID);
        token.model = trimmedPadded(info.model, sizeof info.model);
        token.serialNumber = trimmedPadded(info.serialNumber, sizeof info.serialNumber);
        token.flags = info.flags;
        token.freePublicMemory = info.ulFreePublicMemory;
        token.totalPublicMemory = info.ulTotalPublicMemory;
        token.freePrivateMemory = info.ulFreePrivateMemory;
        token.totalPrivateMemory = info.ulTotalPrivateMemory;
        tokens.append(token);
    }
    return tokens;
}

Result<CK_SLOT_ID> Pkcs11Module::findSlot(const QString &tokenLabel, CK_RV *rv) const
{
    auto tokenList = tokens(rv);
    if (!tokenList)
        return tokenList.error();
    for (const Pkcs11TokenInfo &token : *tokenList) {
        if (token.label == tokenLabel)
            return token.slotId;
    }
    if (rv != nullptr)
        *rv = CKR_TOKEN_NOT_PRESENT;
    return KmsError(kModuleFailed,
        QStringLiteral("no token labelled \"%1\" in %2 (CKR_TOKEN_NOT_PRESENT)")
            .arg(tokenLabel, m_path));
}

Result<QList<Pkcs11MechanismInfo>> Pkcs11Module::mechanisms(CK_SLOT_ID slot) const
{
    CK_ULONG count = 0;
    CK_RV rv = m_functions->C_GetMechanismList(slot, nullptr, &count);
    if (rv != CKR_OK)
        return ckError(kModuleFailed, "C_GetMechanismList", rv);
    std::vector<CK_MECHANISM_TYPE> types(count);
    if (count > 0) {
        rv = m_functions->C_GetMechanismList(slot, types.data(), &count);
        if (rv != CKR_OK)
            return ckError(kModuleFailed, "C_GetMechanismList", rv);
        types.resize(count);
    }
    QList<Pkcs11MechanismInfo> list;
    for (const CK_MECHANISM_TYPE type : types) {
        CK_MECHANISM_INFO info {};
        rv = m_functions->C_GetMechanismInfo(slot, type, &info);
        if (rv != CKR_OK)
            return ckError(kModuleFailed, "C_GetMechanismInfo", rv);
        list.append(Pkcs11MechanismInfo {
            type, ckmName(type), info.ulMinKeySize, info.ulMaxKeySize, info.flags });
    }
    return list;
}

// ---------------------------------------------------------------------------------------------
// Session

Pkcs11Module::Session::Session(
    std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, CK_SESSION_HANDLE handle)
    : m_module(std::move(module))
    , m_slot(slot)
    , m_handle(handle)
{
}

Pkcs11Module::Session::~Session()
{
    close();
}

Pkcs11Module::Session::Session(Session &&other) noexcept
    : m_module(std::move(other.m_module))
    , m_slot(other.m_slot)
    , m_handle(other.m_handle)
{
    other.m_module.reset();
}

Pkcs11Module::Session &Pkcs11Module::Session::operator=(Session &&other) noexcept
{
    if (this != &other) {
        close();
        m_module = std::move(other.m_module);
        other.m_module.reset();
        m_slot = other.m_slot;
        m_handle = other.m_handle;
    }
    return *this;
}

void Pkcs11Module::Session::close()
{
    if (m_module) {
        // The result does not matter: a session of a token that went away is gone anyway.
        m_module->functions()->C_CloseSession(m_handle);
        m_module.reset();
    }
}

Result<Pkcs11Module::Session> Pkcs11Module::Session::open(
    std::shared_ptr<Pkcs11Module> module, CK_SLOT_ID slot, CK_RV *rvOut)
{
    CK_SESSION_HANDLE handle = 0;
    const CK_RV rv = module->functions()->C_OpenSession(
        slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &handle);
    if (rvOut != nullptr)
        *rvOut = rv;
    if (rv != CKR_OK)
        return ckError(kModuleFailed, "C_OpenSession", rv);
    return Session(std::move(module), slot, handle);
}

Result<void> Pkcs11Module::Session::login(const SecureBytes &pin, CK_RV *rvOut)
{
    // C_Login takes a non-const pointer; the module does not write through it.
    const CK_RV rv = functions()->C_Login(m_handle, CKU_USER,
        const_cast<unsigned char *>(pin.data()), static_cast<CK_ULONG>(pin.size()));
    if (rvOut != nullptr)
        *rvOut = rv;
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return ckError(kModuleFailed, "C_Login", rv);
    return success();
}

Result<bool> Pkcs11Module::Session::verifyWithPublicKey(const QByteArray &subjectPublicKeyInfo,
    CK_MECHANISM_TYPE mechanism, const QByteArray &data, const QByteArray &signature)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(subjectPublicKeyInfo.constData(), int(subjectPublicKeyInfo.size())),
        &BIO_free);
    std::unique_ptr<EVP_PKEY, PKeyFree> pkey(
        PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!pkey) {
        const auto *der = reinterpret_cast<const unsigned char *>(subjectPublicKeyInfo.constData());
        pkey.reset(d2i_PUBKEY(nullptr, &der, long(subjectPublicKeyInfo.size())));
    }
    if (!pkey)
        return KmsError(kWrongAlgorithm, QStringLiteral("public key does not decode"));

    CK_OBJECT_CLASS keyClass = CKO_PUBLIC_KEY;
    CK_BBOOL no = CK_FALSE;
    CK_BBOOL yes = CK_TRUE;
    CK_KEY_TYPE keyType = 0;
    QByteArray first;
    QByteArray second;
    std::vector<CK_ATTRIBUTE> attributes = {
        { CKA_CLASS, &keyClass, sizeof keyClass },
        { CKA_TOKEN, &no, sizeof no },
        { CKA_VERIFY, &yes, sizeof yes },
        { CKA_KEY_TYPE, &keyType, sizeof keyType },
    };
    if (EVP_PKEY_is_a(pkey.get(), "RSA")) {
        keyType = CKK_RSA;
        BIGNUM *n = nullptr;
        BIGNUM *e = nullptr;
        EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_N, &n);
        EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_E, &e);
        std::unique_ptr<BIGNUM, BnFree> nOwner(n);
        std::unique_ptr<BIGNUM, BnFree> eOwner(e);
        if (n == nullptr || e == nullptr)
            return KmsError(kWrongAlgorithm, QStringLiteral("RSA key without n or e"));
        first = bignumBytes(n);
        second = bignumBytes(e);
        attributes.push_back({ CKA_MODULUS, first.data(), CK_ULONG(first.size()) });
        attributes.push_back({ CKA_PUBLIC_EXPONENT, second.data(), CK_ULONG(second.size()) });
    } else if (EVP_PKEY_is_a(pkey.get(), "EC")) {
        keyType = CKK_EC;
        std::array<unsigned char, 133> point {};
        std::size_t pointLength = 0;
        if (EVP_PKEY_get_octet_string_param(
                pkey.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(), &pointLength)
                != 1
            || pointLength != 65)
            return KmsError(
                kWrongAlgorithm, QStringLiteral("EC key is not an uncompressed P-256 point"));
        first = QByteArray::fromHex("06082a8648ce3d030107"); // prime256v1
        // CKA_EC_POINT is the DER OCTET STRING of the point (PKCS#11 2.40, 2.3.3).
        second = QByteArray::fromHex("0441")
            + QByteArray(reinterpret_cast<const char *>(point.data()), 65);
        attributes.push_back({ CKA_EC_PARAMS, first.data(), CK_ULONG(first.size()) });
        attributes.push_back({ CKA_EC_POINT, second.data(), CK_ULONG(second.size()) });
    } else {
        return KmsError(kWrongAlgorithm, QStringLiteral("neither an RSA nor an EC key"));
    }

    CK_OBJECT_HANDLE object = 0;
    CK_RV rv = functions()->C_CreateObject(
        m_handle, attributes.data(), CK_ULONG(attributes.size()), &object);
    if (rv != CKR_OK)
        return ckError(kWrongAlgorithm, "C_CreateObject", rv);

    CK_RSA_PKCS_PSS_PARAMS pss { CKM_SHA256, CKG_MGF1_SHA256, 32 };
    CK_MECHANISM mech { mechanism, nullptr, 0 };
    if (mechanism == CKM_RSA_PKCS_PSS) {
        mech.pParameter = &pss;
        mech.ulParameterLen = sizeof pss;
    }
    rv = functions()->C_VerifyInit(m_handle, &mech, object);
    if (rv == CKR_OK) {
        rv = functions()->C_Verify(m_handle,
            reinterpret_cast<unsigned char *>(const_cast<char *>(data.constData())),
            CK_ULONG(data.size()),
            reinterpret_cast<unsigned char *>(const_cast<char *>(signature.constData())),
            CK_ULONG(signature.size()));
        functions()->C_DestroyObject(m_handle, object);
        if (rv == CKR_OK)
            return true;
        // Every answer that is not a device failure means "not a valid signature".
        if (rv == CKR_SIGNATURE_INVALID || rv == CKR_SIGNATURE_LEN_RANGE || rv == CKR_DATA_LEN_RANGE
            || rv == CKR_DATA_INVALID || rv == CKR_GENERAL_ERROR)
            return false;
        return ckError(kWrongAlgorithm, "C_Verify", rv);
    }
    functions()->C_DestroyObject(m_handle, object);
    return ckError(kWrongAlgorithm, "C_VerifyInit", rv);
}

} // namespace kms::hsm
