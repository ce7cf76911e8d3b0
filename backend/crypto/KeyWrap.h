#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>

namespace kms::crypto {

// AES key wrap with padding (RFC 5649, OpenSSL's id-aes256-wrap-pad) under a 256-bit key:
// the second half of RSA_AES_KEY_WRAP_SHA_256 imports. KMS.0239 when the input cannot be
// unwrapped (not a multiple of 8 bytes, shorter than 16, or the integrity check fails).
Result<SecureBytes> aesKeyUnwrapPad(const SecureBytes &kek, const QByteArray &wrapped);
// The reverse, for tests and for clients that wrap with the console's code.
Result<QByteArray> aesKeyWrapPad(const SecureBytes &kek, const SecureBytes &plain);

} // namespace kms::crypto
