#pragma once

#include "core/KeySpec.h"
#include "core/Result.h"

#include <openssl/types.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace kms::crypto {

// X.509 for the certificate operations and the offline CA, over OpenSSL. Signing takes the
// private key as an EVP_PKEY that the HSM lends for the call (Hsm::usePrivateKey); nothing
// here keeps it. Signatures are SHA-256 with RSA PKCS#1 v1.5 or ECDSA, and SM3 with SM2 using
// the default ID 1234567812345678 (GM/T 0009, GM/T 0010 for SM2 CSRs and certificates).
//
// Errors: KMS.0140 for an encoding that does not parse (PEM, DER, CSR), KMS.0141 for a key
// or signature algorithm the console does not support, KMS.0139 for a certificate that does
// not fit its key or chain, KMS.0128 for bad request values.

// Subject of a certificate: CN, C, O and OU required, ST and L optional.
struct DistinguishedName
{
    QString commonName;
    QString country;
    QString organization;
    QString organizationalUnit;
    QString state;
    QString locality;

    // "CN=…, OU=…, O=…, L=…, ST=…, C=…" (RFC 4514 order of the most specific first).
    QString toString() const;
};

// What a certificate may be used for: basic constraints, key usage and extended key usage.
enum class CertificateProfile { RootCa, IntermediateCa, TlsServer, TlsClient, CodeSigning };
std::optional<CertificateProfile> certificateProfileFromName(const QString &name);
QString certificateProfileName(CertificateProfile profile);

// A certificate as the console reads it.
struct CertificateInfo
{
    QByteArray der;
    QString subject; // one-line RFC 2253 form
    QString issuer;
    QString serialNumber; // upper-case hex
    QDateTime notBefore;
    QDateTime notAfter;
    KeySpec keySpec = KeySpec::Rsa2048;
    bool isCa = false;
    bool canSignCertificates = false; // keyUsage keyCertSign (or no keyUsage on a CA)
    QByteArray publicKeyDer; // SubjectPublicKeyInfo
    QString sha256Fingerprint; // hex, colon-separated
    QString text; // decoded, for people (X509_print)
};

// One certificate, PEM or DER: KMS.0140 if neither parses, KMS.0141 if its key is not one of
// RSA_2048, EC_P256, EC_SM2.
Result<CertificateInfo> parseCertificate(const QByteArray &pemOrDer);
// A PEM bundle of certificates (empty input: no certificates). KMS.0140 when a block does not
// parse or nothing parses.
Result<QList<CertificateInfo>> parseCertificateChain(const QByteArray &pem);

// The certificate carries this public key (SubjectPublicKeyInfo DER or PEM): KMS.0139 if not.
Result<void> requireSameKey(const CertificateInfo &certificate, const QByteArray &publicKey);
// The certificate chains up through `chain` (issuer after issuer; the last one is the anchor,
// self-signed or not). Validity dates are not checked: an expired chain can still be stored.
// KMS.0139 if a signature or a link does not fit.
Result<void> verifyChain(const CertificateInfo &certificate, const QList<CertificateInfo> &chain);

// A PKCS#10 request for `subject` and `sans` (DNS names, IP addresses, e-mail addresses),
// signed with `key`. PEM.
Result<QByteArray> makeCsr(
    EVP_PKEY *key, KeySpec spec, const DistinguishedName &subject, const QStringList &sans);
// Whether a CSR's self-signature verifies (SM2 with the default ID): KMS.0140 otherwise.
struct CsrInfo
{
    QString subject;
    KeySpec keySpec = KeySpec::Rsa2048;
    QByteArray publicKeyDer;
};
Result<CsrInfo> parseCsr(const QByteArray &pem);

// Issues a certificate for the CSR with the issuer's key. A self-signed root passes the CSR
// of its own key and no issuer certificate. Serial numbers are given (random, positive).
struct IssueRequest
{
    QByteArray csrPem;
    CertificateProfile profile = CertificateProfile::TlsServer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray serial; // big-endian, at most 20 bytes
    const CertificateInfo *issuer = nullptr; // null: self-signed
};
Result<QByteArray> issueCertificate(
    EVP_PKEY *issuerKey, KeySpec issuerSpec, const IssueRequest &request);

struct RevokedEntry
{
    QString serialNumber; // hex
    QDateTime revocationDate;
};
// A CRL of the CA, PEM.
Result<QByteArray> makeCrl(EVP_PKEY *caKey, KeySpec caSpec, const CertificateInfo &ca,
    const QList<RevokedEntry> &revoked, qint64 crlNumber, const QDateTime &thisUpdate,
    const QDateTime &nextUpdate);

// PKCS#12 (DER) with the certificate, its chain and the private key, protected with
// `password` (AES-256-CBC with PBKDF2, SHA-256 MAC). For a certificate without private key
// (no `key`), the certificates only.
Result<QByteArray> makePkcs12(const CertificateInfo &certificate,
    const QList<CertificateInfo> &chain, EVP_PKEY *key, const QByteArray &password,
    const QString &friendlyName);

QByteArray toPem(const CertificateInfo &certificate);

} // namespace kms::crypto
