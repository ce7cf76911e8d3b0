#pragma once

#include "crypto/SecureBytes.h"

#include <QString>

#include <optional>

namespace kms {

// Reads a passphrase from the controlling terminal with echo off. std::nullopt when there
// is no terminal (scripts must use --passphrase-file).
std::optional<SecureBytes> promptPassphrase(const QString &prompt);

// Reads a passphrase file: its bytes up to the first line break. The buffer it was read
// into is wiped.
std::optional<SecureBytes> readPassphraseFile(const QString &path);

} // namespace kms
