"""Sex and birth year: the norm tables (AWGS 2019, Rikli & Jones) depend on both.

Both are optional: "건너뛰기" (skip) leaves them unknown and results are shown without
sex- or age-specific grading.  A member's stored values are reused on later visits.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.screens.base import Screen
from kiosk.widgets.keypad import Keypad


class ProfileScreen(Screen):
    screen_id = "profile"
    back_target = "identify"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.question = self.label("title")
        row = QHBoxLayout()
        row.setSpacing(ctx.metrics.gap_px * 2)
        self.male = QPushButton()
        self.female = QPushButton()
        self.group = QButtonGroup(self)
        for name, button in (("sex-male", self.male), ("sex-female", self.female)):
            button.setObjectName(name)
            button.setCheckable(True)
            self.group.addButton(button)
            row.addWidget(button)
        self.group.buttonClicked.connect(lambda _: self.changed.emit())
        self.year_label = self.label()
        self.year = QLineEdit()
        self.year.setObjectName("birth-year")
        self.year.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.year.setMaxLength(4)
        self.keypad = Keypad(ctx.metrics)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(self.year.backspace)
        self.keypad.clear.connect(self.year.clear)
        self.error = self.label(name="profile-error")
        columns = QHBoxLayout()
        columns.setSpacing(ctx.metrics.gap_px * 4)
        left = QVBoxLayout()
        left.addWidget(self.question)
        left.addLayout(row)
        left.addWidget(self.year_label)
        left.addWidget(self.year)
        left.addWidget(self.error)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(self.keypad, 1)
        self.layout_.addLayout(columns, 1)
        self.retranslate()

    def _digit(self, digit: str) -> None:
        if len(self.year.text()) < 4:
            self.year.insert(digit)

    def retranslate(self) -> None:
        self.question.setText(self.tr("성별을 골라 주세요."))
        self.male.setText(self.tr("남자"))
        self.female.setText(self.tr("여자"))
        self.year_label.setText(self.tr("태어난 해 네 자리 (예: 1952)"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("기본 정보")

    def next_text(self) -> str | None:
        return self.tr("다음") if self._complete() else self.tr("건너뛰기")

    def _complete(self) -> bool:
        return self.group.checkedButton() is not None and len(self.year.text()) == 4

    def enter(self, params: dict[str, Any]) -> None:
        visit = self.ctx.visit
        known = None
        if visit.visitor_id is not None:
            known = self.ctx.db.execute(
                "SELECT sex, birth_year FROM visitors WHERE id = ?", [visit.visitor_id]
            ).fetchone()
        sex, year = (known or (None, None))
        visit.sex = visit.sex or sex
        visit.birth_year = visit.birth_year or year
        self.group.setExclusive(False)
        self.male.setChecked(visit.sex == "male")
        self.female.setChecked(visit.sex == "female")
        self.group.setExclusive(True)
        self.year.setText(str(visit.birth_year) if visit.birth_year else "")
        self.error.setText("")
        self.year.textChanged.connect(self.changed)
        self.changed.emit()

    def leave(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):  # not connected: nothing to undo
            self.year.textChanged.disconnect(self.changed)

    def on_next(self) -> None:
        visit = self.ctx.visit
        text = self.year.text()
        if text:
            year = int(text)
            this_year = self.ctx.clock.now().year
            if not this_year - 120 <= year <= this_year - 1:
                self.error.setText(self.tr("태어난 해를 다시 확인해 주세요."))
                self.say(self.error.text())
                return
            visit.birth_year = year
        checked = self.group.checkedButton()
        if checked is not None:
            visit.sex = "male" if checked is self.male else "female"
        if visit.visitor_id is not None:
            self.ctx.db.execute(
                "UPDATE visitors SET sex = COALESCE(?, sex), birth_year = COALESCE(?, birth_year)"
                " WHERE id = ?", [visit.sex, visit.birth_year, visit.visitor_id],
            )
        self.go("consent")
