#include "SecureBytes.h"

#include <openssl/crypto.h>

namespace kms {

void secureWipe(void *data, std::size_t size) noexcept
{
    OPENSSL_cleanse(data, size);
}

bool secureEqual(const void *a, const void *b, std::size_t size) noexcept
{
    return CRYPTO_memcmp(a, b, size) == 0;
}

} // namespace kms
