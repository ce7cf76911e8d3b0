#pragma once

#include "core/Result.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>

namespace kms::hsm {

// The keyed fingerprint of imported key material: HMAC-SHA256 under the master key's
// "kms-import-fingerprint-v1" subkey. Every HSM computes it with this one function, so the
// same material is recognised whichever HSM holds it (the software HSM or a token).
Result<QByteArray> importFingerprint(const MasterKey &masterKey, const SecureBytes &material);

} // namespace kms::hsm
