#pragma once

#include <QImage>
#include <QString>

namespace kms::ui {

// A QR code of `text` (libqrencode, error correction level M, 8-bit mode) as a black-on-white
// image: `moduleSize` pixels a module and the standard quiet zone of four modules. A null
// image if the text does not fit a QR code.
QImage qrCode(const QString &text, int moduleSize = 8);

} // namespace kms::ui
