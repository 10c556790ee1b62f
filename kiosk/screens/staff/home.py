"""Staff home: today's assessment participants, and adding the next one.

Participants are listed by a short code from their visit id, with sex, birth year and how
many items are done -- never a name, phone number or member card number.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.context import VisitState
from kiosk.screens.staff.base import StaffScreen
from kiosk.widgets.layout import clear_layout


def todays_participants(ctx: Any) -> list[tuple[Any, ...]]:
    """(visit id, status, kind, sex, birth year, items done) of today's staff-mode visits."""
    now = ctx.clock.now()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows: list[tuple[Any, ...]] = ctx.db.execute(
        "SELECT v.id, v.status, p.kind, p.sex, p.birth_year,"
        " (SELECT count(DISTINCT kind) FROM measurements m WHERE m.visit_id = v.id"
        "  AND m.role = 'result')"
        " FROM visits v JOIN visitors p ON p.id = v.visitor_id"
        " WHERE v.mode = 'staff' AND v.started_at >= ? AND v.started_at < ?"
        " ORDER BY v.started_at", [start.isoformat(), (start + timedelta(days=1)).isoformat()]
    ).fetchall()
    return rows


def resume(ctx: Any, visit_id: str) -> None:
    """Make ``visit_id`` the participant on screen (ctx.visit) again."""
    row = ctx.db.execute(
        "SELECT p.id, p.kind, p.sex, p.birth_year FROM visits v JOIN visitors p"
        " ON p.id = v.visitor_id WHERE v.id = ?", [visit_id]).fetchone()
    kinds = {r[0] for r in ctx.db.execute(
        "SELECT DISTINCT kind FROM measurements WHERE visit_id = ? AND role = 'result'",
        [visit_id])}
    ctx.visit = VisitState(visitor_id=row[0], visit_id=visit_id, member=row[1] == "member",
                           sex=row[2], birth_year=row[3], measured_kinds=kinds)


class StaffHomeScreen(StaffScreen):
    screen_id = "staff-home"
    permission = "assessment"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = self.label("title", name="staff-home-heading")
        self.list = QWidget()
        self.list.setObjectName("participant-list")
        self.grid = QGridLayout(self.list)
        self.empty = self.label(name="participant-empty")
        self.add = QPushButton()
        self.add.setObjectName("add-participant")
        self.add.setProperty("role", "primary")
        self.add.clicked.connect(lambda: self.go("staff-participant"))
        self.technician = QPushButton()
        self.technician.setObjectName("to-technician")
        self.technician.clicked.connect(lambda: self.go("tech-devices"))
        self.sync_status = QPushButton()
        self.sync_status.setObjectName("to-sync-status")
        self.sync_status.clicked.connect(lambda: self.go("staff-sync"))
        self.sign_out_ = self.sign_out_button()
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.list)
        self.layout_.addWidget(self.empty)
        self.layout_.addWidget(self.add)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.sync_status)
        self.layout_.addWidget(self.technician)
        self.layout_.addWidget(self.sign_out_)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("오늘의 체력 검사 참가자"))
        self.empty.setText(self.tr("아직 참가자가 없어요. '참가자 추가'를 누르세요."))
        self.add.setText(self.tr("참가자 추가"))
        self.technician.setText(self.tr("기기 관리 (기술자 모드)"))
        self.sync_status.setText(self.tr("전송 상태"))
        self.sign_out_.setText(self.tr("로그아웃"))
        super().retranslate()

    def title(self) -> str:
        session = self.session
        who = f" — {session.staff_id}" if session else ""
        return self.tr("직원 모드") + who

    def next_text(self) -> str | None:
        return None

    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.ctx.new_visit_state()
        session = self.session
        self.technician.setVisible(session is not None and session.may("technician"))
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.grid)
        rows = todays_participants(self.ctx)
        self.empty.setVisible(not rows)
        sexes = {"male": self.tr("남"), "female": self.tr("여")}
        for index, (visit_id, status, kind, sex, born, done) in enumerate(rows):
            who = self.tr("회원") if kind == "member" else self.tr("비회원")
            text = (f"{index + 1}. {visit_id[:6].upper()}  {who}  {sexes.get(sex, '-')}  "
                    f"{born or '-'}  " + self.tr("완료 %1개").replace("%1", str(done)))
            label = QLabel(text)
            self.grid.addWidget(label, index, 0)
            if status == "open":
                button = QPushButton(self.tr("이어서 검사"))
                button.setObjectName(f"participant-{index + 1}")
                button.clicked.connect(lambda _=False, v=visit_id: self._resume(v))
                self.grid.addWidget(button, index, 1)
            else:
                self.grid.addWidget(QLabel(self.tr("검사 끝")), index, 1)

    def _resume(self, visit_id: str) -> None:
        resume(self.ctx, visit_id)
        self.go("staff-battery")
