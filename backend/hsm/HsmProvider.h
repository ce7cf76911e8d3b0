#pragma once

#include "hsm/Hsm.h"

namespace kms::hsm {

// Gives the HSM a region is bound to (regions.hsm names the configuration). The app picks
// the implementation; tests hand in HSMs with injected faults.
class HsmProvider
{
public:
    virtual ~HsmProvider() = default;
    // nullptr when the configuration names no usable HSM.
    virtual Hsm *hsmFor(const QString &hsmConfiguration) = 0;
};

} // namespace kms::hsm
