"""The printed assessment report: PDF through QPrinter (like kiosk/receipt.py).

It carries a short participant code, sex, age, the date and each item with its grade and
how it was obtained -- never a name, phone number, resident registration number or the
member pseudonym.  Printing/exporting is audited as ``report_exported``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from kiosk.staff import battery
from kiosk.staff.accounts import StaffSession
from measurements import store

SOURCE_KO = {"auto": "자동", "confirmed": "자동·직원 확인", "edited": "직원 수정",
             "manual": "직접 입력", "device": "기기",
             "derived": "기기 측정값으로 계산"}


def report_lines(ctx: Any, visit_id: str, staff_id: str) -> list[str]:
    now = ctx.clock.now()
    sex = {"male": "남", "female": "여"}.get(ctx.visit.sex or "", "-")
    age = now.year - ctx.visit.birth_year if ctx.visit.birth_year else None
    lines = ["노인 체력 검사 결과 (참고용)",
             f"측정소 {ctx.config.station_id}   날짜 {now.date().isoformat()}",
             f"참가자 코드 {visit_id[:6].upper()}   성별 {sex}   나이 {age or '-'}세",
             f"검사 직원 {staff_id}", ""]
    for line in battery.summary(ctx.db, visit_id):
        if not line.values:
            lines.append(f"{line.label_ko}: 측정 안 함")
            continue
        values = battery.format_values(line)
        grade = line.grade_ko or "기준표 없음"
        lines.append(f"{line.label_ko}: {values}  [{grade}]  ({SOURCE_KO.get(line.source, line.source)})")
    lines += ["", "이 결과는 건강 상태를 진단하지 않아요. 궁금한 점은 직원에게 물어보세요."]
    return lines


def export_report(ctx: Any, session: StaffSession, *, out_dir: Path | None = None) -> Path:
    """Write the participant's report as a PDF and audit it; returns the path."""
    visit_id = ctx.visit.visit_id
    if visit_id is None:
        raise ValueError("no participant selected")
    lines = report_lines(ctx, visit_id, session.staff_id)
    folder = out_dir or Path(ctx.extras.get("receipt_dir", ctx.config.db_path.parent / "reports"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"assessment-{visit_id[:8]}.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                      QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot write {path}")
    try:
        font = QFont(ctx.font_family)
        font.setPointSizeF(11)
        painter.setFont(font)
        step = painter.fontMetrics().height() * 1.5
        y = step
        for text in lines:
            painter.drawText(0, int(y), text)
            y += step
    finally:
        painter.end()
    now = ctx.clock.now()
    with ctx.db.atomic():
        store.audit(ctx.db, actor_role=session.role.value, actor_id=session.staff_id,
                    action="report_exported", subject=visit_id, now=now,
                    detail={"format": "pdf", "file": path.name})
    return path
