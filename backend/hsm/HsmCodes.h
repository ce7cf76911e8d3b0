#pragma once

#include <QString>

// The catalog codes the HSMs answer with (the contract of hsm/Hsm.h), named once for the
// software HSM and the PKCS#11 HSM.
namespace kms::hsm::codes {

inline const QString kBadInput = QStringLiteral("KMS.0128");
inline const QString kWrongAlgorithm = QStringLiteral("KMS.0212");
inline const QString kNotSymmetric = QStringLiteral("KMS.0213");
inline const QString kNotAsymmetric = QStringLiteral("KMS.0214");
inline const QString kWrongCiphertext = QStringLiteral("KMS.0219");
inline const QString kUnsupportedSpec = QStringLiteral("KMS.0227");
inline const QString kAsymDecryptFailed = QStringLiteral("KMS.0239");
inline const QString kBadMaterial = QStringLiteral("KMS.0241");
inline const QString kWrapFailed = QStringLiteral("KMS.0503");
inline const QString kUnwrapFailed = QStringLiteral("KMS.0504");
inline const QString kGenerateFailed = QStringLiteral("KMS.0505");
inline const QString kRandomFailed = QStringLiteral("KMS.0511");
inline const QString kRandomCount = QStringLiteral("KMS.0512");
inline const QString kEncryptFailed = QStringLiteral("KMS.0514");

} // namespace kms::hsm::codes
