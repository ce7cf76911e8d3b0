#include "QrCode.h"

#include <qrencode.h>

#include <QPainter>

#include <memory>

namespace kms::ui {

QImage qrCode(const QString &text, int moduleSize)
{
    const QByteArray utf8 = text.toUtf8();
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return {};
    constexpr int kQuietZone = 4;
    const int modules = code->width + 2 * kQuietZone;
    QImage image(modules * moduleSize, modules * moduleSize, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            // Bit 0 of each module's byte is black (1) or white (0); the others are metadata.
            if (code->data[y * code->width + x] & 1)
                painter.drawRect((x + kQuietZone) * moduleSize, (y + kQuietZone) * moduleSize,
                    moduleSize, moduleSize);
        }
    }
    return image;
}

} // namespace kms::ui
