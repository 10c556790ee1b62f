"""A QR code as a Qt pixmap (segno), for handing a result to the visitor's phone."""

from __future__ import annotations

import io

import segno
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel


def qr_pixmap(payload: str, *, size_px: int) -> QPixmap:
    # error level M: survives a scratched or glare-covered screen better than L
    code = segno.make(payload, error="m", micro=False)
    buffer = io.BytesIO()
    scale = max(1, size_px // (code.symbol_size(border=4)[0]))
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#FFFFFF")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class QrLabel(QLabel):
    def set_payload(self, payload: str, size_px: int) -> None:
        self.payload = payload
        self.setPixmap(qr_pixmap(payload, size_px=size_px))
