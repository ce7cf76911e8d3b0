#pragma once

#include "api/OperationContext.h"
#include "api/Params.h"
#include "core/Result.h"

#include <QJsonObject>

namespace kms::ops {

// The certificate service (DESIGN.md, docs/errors.md): a key pair in the region's HSM with
// its CSR, the certificate and chain once uploaded, status, export, signatures with the
// certificate's key, and the offline CA: certificates whose key is a CA issue certificates
// for CSRs and revocation lists.
//
// Statuses: PENDING_IMPORT (CSR made, no certificate yet) → ACTIVE on upload; ACTIVE ↔
// INACTIVE; any → REVOKED, which is final. A deleted certificate's key is destroyed and its id
// answers KMS0310 afterwards.
Result<QJsonObject> createCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> uploadCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> describeCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> listCertificates(OperationContext &ctx, const Params &params);
Result<QJsonObject> updateCertificateStatus(OperationContext &ctx, const Params &params);
Result<QJsonObject> deleteCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> exportCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> certificatePrivateKeySign(OperationContext &ctx, const Params &params);
Result<QJsonObject> certificatePublicKeyVerify(OperationContext &ctx, const Params &params);
Result<QJsonObject> issueCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> revokeIssuedCertificate(OperationContext &ctx, const Params &params);
Result<QJsonObject> generateCrl(OperationContext &ctx, const Params &params);

} // namespace kms::ops
