"""The printed receipt: the visit's results as the visitor takes them home.

Content comes from measurements.handoff (plain text lines, no name, phone or resident
number).  With a system printer (CUPS) configured it prints there; without one -- and in
tests and the demo -- it writes a PDF, which is what a receipt printer would receive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from measurements import handoff

RECEIPT_WIDTH_MM = 80.0  # standard thermal receipt roll


def print_receipt(ctx: Any, *, visit_id: str, pdf_path: Path | None = None) -> Path | str:
    """Print (or write as PDF) the receipt; returns the PDF path or the printer name."""
    lines = handoff.receipt_lines(ctx.db, visit_id=visit_id, station_id=ctx.config.station_id)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    target: Path | str
    default = QPrinterInfo.defaultPrinter()
    if pdf_path is None and not default.isNull() and not ctx.extras.get("receipt_to_pdf"):
        printer.setPrinterName(default.printerName())
        target = default.printerName()
    else:
        out_dir = Path(ctx.extras.get("receipt_dir", ctx.config.db_path.parent / "receipts"))
        pdf_path = pdf_path or out_dir / f"receipt-{visit_id[:8]}.pdf"
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
        target = pdf_path
    height_mm = 30 + 9 * len(lines)
    printer.setPageLayout(QPageLayout(
        QPageSize(QSizeF(RECEIPT_WIDTH_MM, height_mm), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Portrait, QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot open printer/PDF {target}")
    try:
        font = QFont(ctx.font_family)
        font.setPointSizeF(10)
        painter.setFont(font)
        line_height = painter.fontMetrics().height() * 1.3
        y = line_height
        for line in lines:
            painter.drawText(0, int(y), line)
            y += line_height
    finally:
        painter.end()
    return target
