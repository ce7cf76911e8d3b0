#include "Certificates.h"

#include "core/Algorithms.h"
#include "crypto/OpenSslError.h"

#include <openssl/err.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QRegularExpression>

#include <memory>

namespace kms::crypto {

namespace {

const QString kBadEncoding = QStringLiteral("KMS.0140");
const QString kUnsupported = QStringLiteral("KMS.0141");
const QString kMismatch = QStringLiteral("KMS.0139");
const QString kBadRequest = QStringLiteral("KMS.0128");
const QString kFailed = QStringLiteral("KMS.0514");

template<auto Free> struct Deleter
{
    template<typename T> void operator()(T *p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using P12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;

struct X509StackFree
{
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackFree>;
struct ExtStackFree
{
    void operator()(STACK_OF(X509_EXTENSION) * stack) const
    {
        sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
    }
};
using ExtStack = std::unique_ptr<STACK_OF(X509_EXTENSION), ExtStackFree>;

Bio memoryBio(const QByteArray &bytes)
{
    return Bio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QByteArray bioBytes(BIO *bio)
{
    BUF_MEM *memory = nullptr;
    BIO_get_mem_ptr(bio, &memory);
    return memory ? QByteArray(memory->data, qsizetype(memory->length)) : QByteArray();
}

template<typename T, typename Encode> QByteArray encoded(T *object, Encode encode)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || encode(bio.get(), object) != 1)
        return {};
    return bioBytes(bio.get());
}

QString nameText(const X509_NAME *name)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(bioBytes(bio.get()));
}

QDateTime timeOf(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
        QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

// The key spec of a public key, or KMS.0141.
Result<KeySpec> specOfKey(EVP_PKEY *key)
{
    if (key == nullptr)
        return KmsError(kUnsupported, QStringLiteral("no public key"));
    if (EVP_PKEY_is_a(key, "RSA")) {
        if (EVP_PKEY_get_bits(key) == 2048)
            return KeySpec::Rsa2048;
        return KmsError(kUnsupported,
            QStringLiteral("RSA keys of %1 bits are not supported").arg(EVP_PKEY_get_bits(key)));
    }
    char group[64] = {};
    if ((EVP_PKEY_is_a(key, "EC") || EVP_PKEY_is_a(key, "SM2"))
        && EVP_PKEY_get_utf8_string_param(
            key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr)) {
        const QLatin1String name(group);
        if (name == QLatin1String("prime256v1") || name == QLatin1String("P-256"))
            return KeySpec::EcP256;
        if (name == QLatin1String("SM2"))
            return KeySpec::EcSm2;
        return KmsError(kUnsupported, QStringLiteral("the curve %1 is not supported").arg(name));
    }
    return KmsError(kUnsupported,
        QStringLiteral("keys of type %1 are not supported")
            .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key))));
}

QByteArray publicKeyDer(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(key, &der);
    if (length <= 0)
        return {};
    QByteArray bytes(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return bytes;
}

// A signing context for X.509 structures: SHA-256 (RSA PKCS#1 v1.5, ECDSA) or SM3 with SM2
// and its default ID.
Result<MdCtx> signingContext(EVP_PKEY *key, KeySpec spec)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx)
        return openSslError(kFailed, QStringLiteral("EVP_MD_CTX_new"));
    const bool sm2 = spec == KeySpec::EcSm2;
    OSSL_PARAM params[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
    if (sm2)
        params[0] = OSSL_PARAM_construct_octet_string(
            OSSL_PKEY_PARAM_DIST_ID, const_cast<char *>(kSm2DefaultId), sizeof kSm2DefaultId - 1);
    if (EVP_DigestSignInit_ex(
            ctx.get(), nullptr, sm2 ? "SM3" : "SHA256", nullptr, nullptr, key, params)
        != 1)
        return openSslError(kFailed, QStringLiteral("signing context"));
    return ctx;
}

// SM2 signatures of X.509 objects use the default ID (GM/T 0010); OpenSSL verifies with the ID
// the object carries, so set it on SM2 requests and certificates before verifying them.
ASN1_OCTET_STRING *defaultSm2Id()
{
    ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
    if (id != nullptr
        && ASN1_OCTET_STRING_set(id, reinterpret_cast<const unsigned char *>(kSm2DefaultId),
               int(sizeof kSm2DefaultId - 1))
            != 1) {
        ASN1_OCTET_STRING_free(id);
        return nullptr;
    }
    return id;
}

void setSm2Id(X509_REQ *request)
{
    if (auto spec = specOfKey(X509_REQ_get0_pubkey(request)); spec && *spec == KeySpec::EcSm2)
        X509_REQ_set0_distinguishing_id(request, defaultSm2Id());
}

void setSm2Id(X509 *certificate)
{
    if (auto spec = specOfKey(X509_get0_pubkey(certificate)); spec && *spec == KeySpec::EcSm2)
        X509_set0_distinguishing_id(certificate, defaultSm2Id());
}

Result<CertificateInfo> describe(X509 *certificate)
{
    CertificateInfo info;
    unsigned char *der = nullptr;
    const int length = i2d_X509(certificate, &der);
    if (length <= 0)
        return KmsError(kBadEncoding, QStringLiteral("the certificate does not encode"));
    info.der = QByteArray(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);

    EVP_PKEY *key = X509_get0_pubkey(certificate);
    auto spec = specOfKey(key);
    if (!spec)
        return spec.error();
    info.keySpec = *spec;
    info.publicKeyDer = publicKeyDer(key);
    info.subject = nameText(X509_get_subject_name(certificate));
    info.issuer = nameText(X509_get_issuer_name(certificate));
    const ASN1_INTEGER *serial = X509_get0_serialNumber(certificate);
    BnPtr number(ASN1_INTEGER_to_BN(serial, nullptr));
    if (number) {
        char *hex = BN_bn2hex(number.get());
        info.serialNumber = QString::fromLatin1(hex);
        OPENSSL_free(hex);
    }
    info.notBefore = timeOf(X509_get0_notBefore(certificate));
    info.notAfter = timeOf(X509_get0_notAfter(certificate));
    info.isCa = X509_check_ca(certificate) > 0;
    const bool hasKeyUsage = (X509_get_extension_flags(certificate) & EXFLAG_KUSAGE) != 0;
    info.canSignCertificates
        = info.isCa && (!hasKeyUsage || (X509_get_key_usage(certificate) & KU_KEY_CERT_SIGN) != 0);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &digestLength) == 1)
        info.sha256Fingerprint = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(digest), int(digestLength))
                .toHex(':')
                .toUpper());
    info.text = QString::fromUtf8(encoded(certificate, [](BIO *bio, X509 *x) {
        return X509_print_ex(bio, x, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB, 0);
    }));
    return info;
}

X509Ptr toX509(const CertificateInfo &info)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(info.der.constData());
    X509Ptr certificate(d2i_X509(nullptr, &bytes, long(info.der.size())));
    if (certificate)
        setSm2Id(certificate.get());
    return certificate;
}

Result<NamePtr> makeName(const DistinguishedName &dn)
{
    NamePtr name(X509_NAME_new());
    const std::pair<const char *, const QString *> fields[] = {
        { "C", &dn.country },
        { "ST", &dn.state },
        { "L", &dn.locality },
        { "O", &dn.organization },
        { "OU", &dn.organizationalUnit },
        { "CN", &dn.commonName },
    };
    for (const auto &[field, value] : fields) {
        if (value->isEmpty())
            continue;
        const QByteArray utf8 = value->toUtf8();
        if (X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                reinterpret_cast<const unsigned char *>(utf8.constData()), int(utf8.size()), -1, 0)
            != 1)
            return KmsError(kBadRequest,
                QStringLiteral("the subject field %1 is not valid").arg(QLatin1String(field)));
    }
    return name;
}

// "DNS:a.example,IP:10.0.0.1,email:x@example" for the SAN extension; KMS.0128 for a name
// that is none of these.
Result<QString> sanConfig(const QStringList &sans)
{
    static const QRegularExpression dns(
        QStringLiteral("^(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*$"));
    static const QRegularExpression email(QStringLiteral("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$"));
    QStringList parts;
    for (const QString &san : sans) {
        const QByteArray latin = san.toLatin1();
        ASN1_OCTET_STRING *address = a2i_IPADDRESS(latin.constData());
        ERR_clear_error();
        const bool isAddress = address != nullptr;
        ASN1_OCTET_STRING_free(address);
        if (isAddress && san == QString::fromLatin1(latin))
            parts.append(QStringLiteral("IP:") + san);
        else if (email.match(san).hasMatch())
            parts.append(QStringLiteral("email:") + san);
        else if (san.size() <= 253 && dns.match(san).hasMatch())
            parts.append(QStringLiteral("DNS:") + san);
        else
            return KmsError(kBadRequest,
                QStringLiteral("%1 is not a DNS name, IP address or e-mail address").arg(san));
    }
    return parts.join(QLatin1Char(','));
}

Result<void> addExtension(X509 *certificate, X509V3_CTX *ctx, int nid, const char *value)
{
    ExtPtr extension(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
        return openSslError(kFailed, QStringLiteral("extension %1").arg(QLatin1String(value)));
    return success();
}

struct ProfileExtensions
{
    const char *basicConstraints;
    const char *keyUsage;
    const char *extendedKeyUsage; // may be null
};

ProfileExtensions extensionsOf(CertificateProfile profile, KeySpec spec)
{
    const bool rsa = spec == KeySpec::Rsa2048;
    switch (profile) {
    case CertificateProfile::RootCa:
        return { "critical,CA:TRUE", "critical,keyCertSign,cRLSign", nullptr };
    case CertificateProfile::IntermediateCa:
        return { "critical,CA:TRUE,pathlen:0", "critical,keyCertSign,cRLSign", nullptr };
    case CertificateProfile::TlsServer:
        return { "critical,CA:FALSE",
            rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature",
            "serverAuth" };
    case CertificateProfile::TlsClient:
        return { "critical,CA:FALSE", "critical,digitalSignature", "clientAuth" };
    case CertificateProfile::CodeSigning:
        return { "critical,CA:FALSE", "critical,digitalSignature", "codeSigning" };
    }
    return { "critical,CA:FALSE", "critical,digitalSignature", nullptr };
}

} // namespace

QString DistinguishedName::toString() const
{
    QStringList parts;
    const std::pair<const char *, const QString *> fields[] = {
        { "CN", &commonName },
        { "OU", &organizationalUnit },
        { "O", &organization },
        { "L", &locality },
        { "ST", &state },
        { "C", &country },
    };
    for (const auto &[field, value] : fields) {
        if (!value->isEmpty())
            parts.append(QLatin1String(field) + QLatin1Char('=') + *value);
    }
    return parts.join(QLatin1Char(','));
}

std::optional<CertificateProfile> certificateProfileFromName(const QString &name)
{
    static const std::pair<QLatin1String, CertificateProfile> names[] = {
        { QLatin1String("ROOT_CA"), CertificateProfile::RootCa },
        { QLatin1String("INTERMEDIATE_CA"), CertificateProfile::IntermediateCa },
        { QLatin1String("TLS_SERVER"), CertificateProfile::TlsServer },
        { QLatin1String("TLS_CLIENT"), CertificateProfile::TlsClient },
        { QLatin1String("CODE_SIGNING"), CertificateProfile::CodeSigning },
    };
    for (const auto &[text, profile] : names) {
        if (name == text)
            return profile;
    }
    return std::nullopt;
}

QString certificateProfileName(CertificateProfile profile)
{
    switch (profile) {
    case CertificateProfile::RootCa:
        return QStringLiteral("ROOT_CA");
    case CertificateProfile::IntermediateCa:
        return QStringLiteral("INTERMEDIATE_CA");
    case CertificateProfile::TlsServer:
        return QStringLiteral("TLS_SERVER");
    case CertificateProfile::TlsClient:
        return QStringLiteral("TLS_CLIENT");
    case CertificateProfile::CodeSigning:
        return QStringLiteral("CODE_SIGNING");
    }
    return {};
}

Result<CertificateInfo> parseCertificate(const QByteArray &pemOrDer)
{
    X509Ptr certificate;
    if (pemOrDer.contains("-----BEGIN")) {
        Bio bio = memoryBio(pemOrDer);
        certificate.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto *bytes = reinterpret_cast<const unsigned char *>(pemOrDer.constData());
        certificate.reset(d2i_X509(nullptr, &bytes, long(pemOrDer.size())));
        if (certificate
            && bytes
                != reinterpret_cast<const unsigned char *>(pemOrDer.constData()) + pemOrDer.size())
            certificate.reset(); // trailing bytes: not one DER certificate
    }
    ERR_clear_error();
    if (!certificate)
        return KmsError(kBadEncoding, QStringLiteral("not a PEM or DER X.509 certificate"));
    return describe(certificate.get());
}

Result<QList<CertificateInfo>> parseCertificateChain(const QByteArray &pem)
{
    QList<CertificateInfo> chain;
    if (pem.trimmed().isEmpty())
        return chain;
    static const QRegularExpression block(
        QStringLiteral("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----"));
    const QString text = QString::fromLatin1(pem);
    auto blocks = block.globalMatch(text);
    while (blocks.hasNext()) {
        auto parsed = parseCertificate(blocks.next().captured(0).toLatin1());
        if (!parsed)
            return parsed.error();
        chain.append(*parsed);
    }
    if (chain.isEmpty())
        return KmsError(kBadEncoding, QStringLiteral("the chain holds no PEM certificate"));
    return chain;
}

Result<void> requireSameKey(const CertificateInfo &certificate, const QByteArray &publicKey)
{
    QByteArray der = publicKey;
    if (publicKey.contains("-----BEGIN")) {
        Bio bio = memoryBio(publicKey);
        std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>> key(
            PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
        ERR_clear_error();
        der = key ? publicKeyDer(key.get()) : QByteArray();
    }
    if (der.isEmpty() || der != certificate.publicKeyDer)
        return KmsError(kMismatch, QStringLiteral("the certificate is not for this key"));
    return success();
}

Result<void> verifyChain(const CertificateInfo &certificate, const QList<CertificateInfo> &chain)
{
    if (chain.isEmpty())
        return success();
    X509Ptr leaf = toX509(certificate);
    StorePtr store(X509_STORE_new());
    X509Stack untrusted(sk_X509_new_null());
    if (!leaf || !store || !untrusted)
        return openSslError(kFailed, QStringLiteral("chain verification set-up"));
    for (qsizetype i = 0; i < chain.size(); ++i) {
        X509Ptr link = toX509(chain.at(i));
        if (!link)
            return KmsError(kBadEncoding, QStringLiteral("a chain certificate does not parse"));
        if (i == chain.size() - 1) {
            if (X509_STORE_add_cert(store.get(), link.get()) != 1)
                return openSslError(kFailed, QStringLiteral("chain anchor"));
        } else if (sk_X509_push(untrusted.get(), link.get()) > 0) {
            link.release(); // the stack owns it now
        }
    }
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
    StoreCtx ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1)
        return openSslError(kFailed, QStringLiteral("chain verification set-up"));
    const int verified = X509_verify_cert(ctx.get());
    const int error = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    if (verified != 1)
        return KmsError(kMismatch,
            QStringLiteral("the certificate does not chain up through the given chain: %1")
                .arg(QString::fromLatin1(X509_verify_cert_error_string(error))));
    return success();
}

Result<QByteArray> makeCsr(
    EVP_PKEY *key, KeySpec spec, const DistinguishedName &subject, const QStringList &sans)
{
    ReqPtr request(X509_REQ_new());
    if (!request || X509_REQ_set_version(request.get(), 0) != 1)
        return openSslError(kFailed, QStringLiteral("X509_REQ_new"));
    auto name = makeName(subject);
    if (!name)
        return name.error();
    if (X509_REQ_set_subject_name(request.get(), name->get()) != 1
        || X509_REQ_set_pubkey(request.get(), key) != 1)
        return openSslError(kFailed, QStringLiteral("request subject and key"));
    if (!sans.isEmpty()) {
        auto config = sanConfig(sans);
        if (!config)
            return config.error();
        const QByteArray value = config->toLatin1();
        ExtStack extensions(sk_X509_EXTENSION_new_null());
        X509_EXTENSION *san
            = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, value.constData());
        if (!extensions || san == nullptr || sk_X509_EXTENSION_push(extensions.get(), san) <= 0
            || X509_REQ_add_extensions(request.get(), extensions.get()) != 1) {
            X509_EXTENSION_free(san);
            return openSslError(kBadRequest, QStringLiteral("subject alternative names"));
        }
    }
    auto ctx = signingContext(key, spec);
    if (!ctx)
        return ctx.error();
    if (X509_REQ_sign_ctx(request.get(), ctx->get()) <= 0)
        return openSslError(kFailed, QStringLiteral("signing the request"));
    return encoded(request.get(), PEM_write_bio_X509_REQ);
}

Result<CsrInfo> parseCsr(const QByteArray &pem)
{
    Bio bio = memoryBio(pem);
    ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!request) {
        const auto *bytes = reinterpret_cast<const unsigned char *>(pem.constData());
        request.reset(d2i_X509_REQ(nullptr, &bytes, long(pem.size())));
    }
    ERR_clear_error();
    if (!request)
        return KmsError(kBadEncoding, QStringLiteral("not a PEM or DER PKCS#10 request"));
    EVP_PKEY *key = X509_REQ_get0_pubkey(request.get());
    auto spec = specOfKey(key);
    if (!spec)
        return spec.error();
    setSm2Id(request.get());
    const int verified = X509_REQ_verify(request.get(), key);
    ERR_clear_error();
    if (verified != 1)
        return KmsError(kBadEncoding, QStringLiteral("the request's signature does not verify"));
    return CsrInfo { nameText(X509_REQ_get_subject_name(request.get())), *spec, publicKeyDer(key) };
}

Result<QByteArray> issueCertificate(
    EVP_PKEY *issuerKey, KeySpec issuerSpec, const IssueRequest &request)
{
    Bio bio = memoryBio(request.csrPem);
    ReqPtr csr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!csr)
        return KmsError(kBadEncoding, QStringLiteral("not a PEM PKCS#10 request"));
    EVP_PKEY *subjectKey = X509_REQ_get0_pubkey(csr.get());
    auto subjectSpec = specOfKey(subjectKey);
    if (!subjectSpec)
        return subjectSpec.error();
    setSm2Id(csr.get());
    if (X509_REQ_verify(csr.get(), subjectKey) != 1) {
        ERR_clear_error();
        return KmsError(kBadEncoding, QStringLiteral("the request's signature does not verify"));
    }
    if (request.serial.isEmpty() || request.serial.size() > 20)
        return KmsError(kBadRequest, QStringLiteral("serial numbers are 1 to 20 bytes"));

    X509Ptr certificate(X509_new());
    X509Ptr issuer = request.issuer ? toX509(*request.issuer) : X509Ptr();
    if (!certificate || (request.issuer && !issuer))
        return openSslError(kFailed, QStringLiteral("X509_new"));
    BnPtr serial(BN_bin2bn(reinterpret_cast<const unsigned char *>(request.serial.constData()),
        int(request.serial.size()), nullptr));
    IntPtr serialNumber(serial ? BN_to_ASN1_INTEGER(serial.get(), nullptr) : nullptr);
    if (!serialNumber || X509_set_version(certificate.get(), X509_VERSION_3) != 1
        || X509_set_serialNumber(certificate.get(), serialNumber.get()) != 1
        || X509_set_subject_name(certificate.get(), X509_REQ_get_subject_name(csr.get())) != 1
        || X509_set_issuer_name(certificate.get(),
               issuer ? X509_get_subject_name(issuer.get()) : X509_REQ_get_subject_name(csr.get()))
            != 1
        || X509_set_pubkey(certificate.get(), subjectKey) != 1
        || ASN1_TIME_set(
               X509_getm_notBefore(certificate.get()), request.notBefore.toSecsSinceEpoch())
            == nullptr
        || ASN1_TIME_set(X509_getm_notAfter(certificate.get()), request.notAfter.toSecsSinceEpoch())
            == nullptr)
        return openSslError(kFailed, QStringLiteral("certificate fields"));

    X509V3_CTX ctx;
    X509V3_set_ctx(
        &ctx, issuer ? issuer.get() : certificate.get(), certificate.get(), csr.get(), nullptr, 0);
    const ProfileExtensions extensions = extensionsOf(request.profile, *subjectSpec);
    KMS_TRY(
        addExtension(certificate.get(), &ctx, NID_basic_constraints, extensions.basicConstraints));
    KMS_TRY(addExtension(certificate.get(), &ctx, NID_key_usage, extensions.keyUsage));
    if (extensions.extendedKeyUsage)
        KMS_TRY(
            addExtension(certificate.get(), &ctx, NID_ext_key_usage, extensions.extendedKeyUsage));
    KMS_TRY(addExtension(certificate.get(), &ctx, NID_subject_key_identifier, "hash"));
    KMS_TRY(addExtension(
        certificate.get(), &ctx, NID_authority_key_identifier, issuer ? "keyid:always" : "keyid"));
    // The names the request asked for.
    ExtStack requested(X509_REQ_get_extensions(csr.get()));
    for (int i = 0; requested && i < sk_X509_EXTENSION_num(requested.get()); ++i) {
        X509_EXTENSION *extension = sk_X509_EXTENSION_value(requested.get(), i);
        if (OBJ_obj2nid(X509_EXTENSION_get_object(extension)) == NID_subject_alt_name
            && X509_add_ext(certificate.get(), extension, -1) != 1)
            return openSslError(kFailed, QStringLiteral("subject alternative names"));
    }

    auto signing = signingContext(issuerKey, issuerSpec);
    if (!signing)
        return signing.error();
    if (X509_sign_ctx(certificate.get(), signing->get()) <= 0)
        return openSslError(kFailed, QStringLiteral("signing the certificate"));
    unsigned char *der = nullptr;
    const int length = i2d_X509(certificate.get(), &der);
    if (length <= 0)
        return openSslError(kFailed, QStringLiteral("encoding the certificate"));
    QByteArray bytes(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return bytes;
}

Result<QByteArray> makeCrl(EVP_PKEY *caKey, KeySpec caSpec, const CertificateInfo &ca,
    const QList<RevokedEntry> &revoked, qint64 crlNumber, const QDateTime &thisUpdate,
    const QDateTime &nextUpdate)
{
    X509Ptr issuer = toX509(ca);
    CrlPtr crl(X509_CRL_new());
    if (!issuer || !crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1
        || X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.get())) != 1)
        return openSslError(kFailed, QStringLiteral("CRL fields"));
    using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
    TimePtr last(ASN1_TIME_set(nullptr, thisUpdate.toSecsSinceEpoch()));
    TimePtr next(ASN1_TIME_set(nullptr, nextUpdate.toSecsSinceEpoch()));
    if (!last || !next || X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1
        || X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1)
        return openSslError(kFailed, QStringLiteral("CRL dates"));
    for (const RevokedEntry &entry : revoked) {
        BIGNUM *number = nullptr;
        if (BN_hex2bn(&number, entry.serialNumber.toLatin1().constData()) == 0)
            return KmsError(
                kBadRequest, QStringLiteral("serial %1 is not hex").arg(entry.serialNumber));
        BnPtr owned(number);
        IntPtr serial(BN_to_ASN1_INTEGER(number, nullptr));
        TimePtr when(ASN1_TIME_set(nullptr, entry.revocationDate.toSecsSinceEpoch()));
        X509_REVOKED *item = X509_REVOKED_new();
        if (!serial || !when || item == nullptr
            || X509_REVOKED_set_serialNumber(item, serial.get()) != 1
            || X509_REVOKED_set_revocationDate(item, when.get()) != 1
            || X509_CRL_add0_revoked(crl.get(), item) != 1) {
            X509_REVOKED_free(item);
            return openSslError(kFailed, QStringLiteral("CRL entry"));
        }
    }
    X509_CRL_sort(crl.get());
    BnPtr numberBn(BN_new());
    if (!numberBn || BN_set_word(numberBn.get(), static_cast<BN_ULONG>(crlNumber)) != 1)
        return openSslError(kFailed, QStringLiteral("CRL number"));
    IntPtr number(BN_to_ASN1_INTEGER(numberBn.get(), nullptr));
    if (!number || X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1)
        return openSslError(kFailed, QStringLiteral("CRL number"));
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer.get(), nullptr, nullptr, crl.get(), 0);
    ExtPtr authority(
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    if (!authority || X509_CRL_add_ext(crl.get(), authority.get(), -1) != 1)
        return openSslError(kFailed, QStringLiteral("CRL authority key identifier"));
    auto signing = signingContext(caKey, caSpec);
    if (!signing)
        return signing.error();
    if (X509_CRL_sign_ctx(crl.get(), signing->get()) <= 0)
        return openSslError(kFailed, QStringLiteral("signing the CRL"));
    return encoded(crl.get(), PEM_write_bio_X509_CRL);
}

Result<QByteArray> makePkcs12(const CertificateInfo &certificate,
    const QList<CertificateInfo> &chain, EVP_PKEY *key, const QByteArray &password,
    const QString &friendlyName)
{
    X509Ptr leaf = toX509(certificate);
    X509Stack others(sk_X509_new_null());
    if (!leaf || !others)
        return openSslError(kFailed, QStringLiteral("PKCS#12 set-up"));
    for (const CertificateInfo &link : chain) {
        X509Ptr parsed = toX509(link);
        if (parsed && sk_X509_push(others.get(), parsed.get()) > 0)
            parsed.release();
    }
    const QByteArray name = friendlyName.toUtf8();
    const QByteArray pass = password + '\0';
    P12Ptr p12(PKCS12_create_ex(pass.constData(), name.constData(), key, leaf.get(), others.get(),
        NID_aes_256_cbc, NID_aes_256_cbc, PKCS12_DEFAULT_ITER, -1, 0, nullptr, nullptr));
    if (!p12
        || PKCS12_set_mac(
               p12.get(), pass.constData(), -1, nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256())
            != 1)
        return openSslError(kFailed, QStringLiteral("PKCS#12"));
    unsigned char *der = nullptr;
    const int length = i2d_PKCS12(p12.get(), &der);
    if (length <= 0)
        return openSslError(kFailed, QStringLiteral("encoding PKCS#12"));
    QByteArray bytes(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return bytes;
}

QByteArray toPem(const CertificateInfo &certificate)
{
    X509Ptr parsed = toX509(certificate);
    return parsed ? encoded(parsed.get(), PEM_write_bio_X509) : QByteArray();
}

} // namespace kms::crypto
