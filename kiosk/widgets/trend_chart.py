"""A simple, high-contrast line chart of a visitor's past results (QPainter only).

Each series is drawn with its own line style *and* point marker *and* a text label at its
last point, so the chart is readable without relying on colour (WCAG 1.4.1).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk import theme


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[str, float]]  # (date label, value), oldest first


STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine)


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.unit = ""
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, series: Sequence[Series], unit: str = "") -> None:
        self.series = [s for s in series if s.points]
        self.unit = unit
        self.update()

    def axis_labels(self) -> list[str]:
        """The x-axis, left to right.  Points come oldest first; that order is kept (labels
        like "8/30" and "11/22" do not sort as text), series merged by first appearance."""
        return list(dict.fromkeys(d for s in self.series for d, _ in s.points))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.PAPER))
        font = QFont(self.font())
        font.setPixelSize(max(14, self.height() // 12))
        painter.setFont(font)
        ink = QColor(theme.INK)
        if not self.series:
            painter.setPen(ink)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("지난 기록이 없어요"))
            return
        values = [v for s in self.series for _, v in s.points]
        low, high = min(values), max(values)
        pad = max(1.0, (high - low) * 0.15)
        low, high = low - pad, high + pad
        dates = self.axis_labels()
        margin = font.pixelSize() * 3
        area = QRectF(margin, font.pixelSize(), self.width() - margin * 2.2,
                      self.height() - font.pixelSize() * 3)

        def point(date: str, value: float) -> QPointF:
            x_index = dates.index(date)
            x = area.left() + (area.width() * x_index / max(1, len(dates) - 1))
            y = area.bottom() - (value - low) / (high - low) * area.height()
            return QPointF(x, y)

        painter.setPen(QPen(ink, 2))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawText(QRectF(0, area.top() - font.pixelSize(), margin * 2, font.pixelSize() * 2),
                         Qt.AlignmentFlag.AlignLeft, self.unit)
        for date in dates:
            x = point(date, low).x()
            painter.drawText(QRectF(x - margin, area.bottom() + 4, margin * 2,
                                    font.pixelSize() * 1.6),
                             Qt.AlignmentFlag.AlignCenter, date)
        for index, series in enumerate(self.series):
            painter.setPen(QPen(ink, 4, STYLES[index % len(STYLES)]))
            pts = [point(d, v) for d, v in series.points]
            for a, b in itertools.pairwise(pts):
                painter.drawLine(a, b)
            painter.setBrush(ink if index % 2 == 0 else QColor(theme.PAPER))
            painter.setPen(QPen(ink, 3))
            for p in pts:
                painter.drawEllipse(p, 7, 7)
            last = pts[-1]
            painter.drawText(QPointF(last.x() + 12, last.y() + font.pixelSize() / 3),
                             f"{series.label} {series.points[-1][1]:g}")
        painter.end()
