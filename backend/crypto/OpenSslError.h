#pragma once

#include "core/Result.h"

#include <QString>

namespace kms {

// The one mapper from OpenSSL's (thread-local) error queue to a KmsError. It drains the
// queue and writes the library and reason of each entry into the English detail:
//   "<operation> failed: <reason> (<library>); <reason> (<library>)"
// Only OpenSSL's reason strings go into the detail, never the extra data an entry may
// carry, and never key material, so the detail is safe to show and to log.
KmsError openSslError(const QString &code, const char *operation);
KmsError openSslError(const QString &code, const QString &operation);

// Empties the thread's error queue, where a failure is expected and reported otherwise
// (an authentication tag that does not match), so stale entries do not leak into the
// next error's detail.
void clearOpenSslErrors();

} // namespace kms
