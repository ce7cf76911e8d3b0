#pragma once

#include "core/Result.h"
#include "crypto/PassphraseKdf.h"
#include "crypto/SecureBytes.h"

#include <QString>

namespace kms::auth {

// Operator passwords, hashed with Argon2id (crypto/PassphraseKdf.h, the same function that
// protects the master key) under a fresh 16-byte salt, kept as the PHC encoded string
//   $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt, base64 unpadded>$<32-byte hash>
// which `argon2` and libargon2's argon2id_verify() read too. The password is never stored.
// `params` gives the costs (its salt is ignored); KMS.0503 if hashing fails.
Result<QString> hashPassword(const SecureBytes &password, const Argon2Params &params);

// Whether the password matches an encoded hash (constant-time comparison). False for a
// malformed encoding.
bool verifyPassword(const SecureBytes &password, const QString &encoded);

} // namespace kms::auth
