#pragma once

#include <QString>

#include <optional>

namespace kms {

// The key specs the console supports (DESIGN.md, key model).
enum class KeySpec { Aes256, Sm4_128, Rsa2048, EcP256, EcSm2 };

QString keySpecName(KeySpec spec); // "AES_256", ...
std::optional<KeySpec> keySpecFromName(const QString &name);
bool isSymmetric(KeySpec spec);
// Length in bytes of the raw secret of a symmetric spec (32 for AES_256, 16 for SM4_128).
int symmetricKeyLength(KeySpec spec);

} // namespace kms
