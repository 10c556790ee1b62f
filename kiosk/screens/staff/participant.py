"""Adding a participant: member card / QR (wedge reader or keypad) or guest, sex, birth
year, and the staff member's confirmation that consent was given.

Identified like a visitor (kiosk/identity.py: the card token is the pseudonym; no name,
no phone number); the visit is opened with mode='staff'.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.context import VisitState
from kiosk.identity import IdentityError, normalise_card
from kiosk.screens.staff.base import StaffScreen
from kiosk.widgets.keypad import Keypad
from measurements import store


class ParticipantScreen(StaffScreen):
    screen_id = "staff-participant"
    permission = "assessment"
    back_target = "staff-home"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.card = QLineEdit()
        self.card.setObjectName("participant-card")
        self.card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card.textChanged.connect(lambda _: self._edited())
        self.birth_year = QLineEdit()
        self.birth_year.setObjectName("participant-birth-year")
        self.birth_year.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.birth_year.textChanged.connect(lambda _: self._edited())
        self.card_label = self.label()
        self.year_label = self.label()
        self.error = self.label(name="participant-error")
        self.guest = self._toggle("participant-guest")
        self.male = self._toggle("sex-male")
        self.female = self._toggle("sex-female")
        self.male.clicked.connect(lambda: self._sex("male"))
        self.female.clicked.connect(lambda: self._sex("female"))
        self.guest.clicked.connect(self._edited)
        self.consent = self._toggle("participant-consent")
        self.consent.clicked.connect(self._edited)
        self.pick_card = QPushButton()
        self.pick_card.setObjectName("field-card")
        self.pick_card.clicked.connect(lambda: self._activate(self.card))
        self.pick_year = QPushButton()
        self.pick_year.setObjectName("field-birth-year")
        self.pick_year.clicked.connect(lambda: self._activate(self.birth_year))
        self._active = self.birth_year
        self.keypad = Keypad(ctx.metrics)
        self.keypad.digit.connect(self._key_digit)
        self.keypad.backspace.connect(self._key_back)
        self.keypad.clear.connect(self._key_clear)
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.card_label)
        card_row = QHBoxLayout()
        card_row.addWidget(self.card, 1)
        card_row.addWidget(self.pick_card)
        card_row.addWidget(self.guest)
        left.addLayout(card_row)
        left.addWidget(self.year_label)
        year_row = QHBoxLayout()
        year_row.addWidget(self.birth_year, 1)
        year_row.addWidget(self.pick_year)
        left.addLayout(year_row)
        sex_row = QHBoxLayout()
        sex_row.addWidget(self.male)
        sex_row.addWidget(self.female)
        left.addLayout(sex_row)
        left.addWidget(self.consent)
        left.addWidget(self.error)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        self.layout_.addLayout(row, 1)

    def _toggle(self, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setCheckable(True)
        return button

    def retranslate(self) -> None:
        self.card_label.setText(self.tr("회원카드를 읽히거나 카드 번호를 입력하세요."))
        self.year_label.setText(self.tr("태어난 해 (예: 1950)"))
        self.guest.setText(self.tr("비회원"))
        self.male.setText(self.tr("남성"))
        self.female.setText(self.tr("여성"))
        self.consent.setText(self.tr("☐ 참가자가 검사와 건강정보 수집에 동의했어요")
                             if not self.consent.isChecked()
                             else self.tr("☑ 참가자가 검사와 건강정보 수집에 동의했어요"))
        self.pick_card.setText(self.tr("카드 번호 입력"))
        self.pick_year.setText(self.tr("태어난 해 입력"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("참가자 추가")

    def next_text(self) -> str | None:
        return self.tr("검사 시작")

    def can_next(self) -> bool:
        identified = self.guest.isChecked() or bool(self.card.text().strip())
        sex = self.male.isChecked() or self.female.isChecked()
        return (super().can_next() and identified and sex and self.consent.isChecked()
                and len(self.birth_year.text()) == 4)

    # the keypad types into whichever field was picked last
    def _key_digit(self, digit: str) -> None:
        self._active.insert(digit)

    def _key_back(self) -> None:
        self._active.backspace()

    def _key_clear(self) -> None:
        self._active.clear()

    def _activate(self, field: QLineEdit) -> None:
        self._active = field
        field.setFocus()

    def _sex(self, sex: str) -> None:
        self.male.setChecked(sex == "male")
        self.female.setChecked(sex == "female")
        self._edited()

    def _edited(self) -> None:
        self.error.setText("")
        self.retranslate()

    def enter_permitted(self, params: dict[str, Any]) -> None:
        self.ctx.new_visit_state()
        for field in (self.card, self.birth_year):
            field.clear()
        for toggle in (self.guest, self.male, self.female, self.consent):
            toggle.setChecked(False)
        self._activate(self.birth_year)
        self._edited()

    def leave(self) -> None:
        self.card.clear()  # never leave a card number on screen

    def on_next(self) -> None:
        now = self.ctx.clock.now()
        year = int(self.birth_year.text())
        if not now.year - 120 <= year <= now.year - 18:
            self.error.setText(self.tr("태어난 해를 다시 확인해 주세요."))
            return
        sex = "male" if self.male.isChecked() else "female"
        try:
            pseudonym = None if self.guest.isChecked() else normalise_card(self.card.text())
        except IdentityError as err:
            self.error.setText(err.message_ko)
            return
        if pseudonym is None:
            visitor = store.create_guest(self.ctx.db, now=now, sex=sex, birth_year=year)
        else:
            visitor = store.get_or_create_member(self.ctx.db, pseudonym, now=now, sex=sex,
                                                 birth_year=year)
        visit = store.open_visit(self.ctx.db, visitor_id=visitor,
                                 station_id=self.ctx.config.station_id,
                                 consent=store.Consent(True, True, False), now=now,
                                 mode="staff")
        session = self.session
        store.audit(self.ctx.db, actor_role=session.role.value if session else "staff",
                    actor_id=session.staff_id if session else None,
                    action="assessment_participant_added", subject=visit, now=now,
                    detail={"identified_by": "guest" if pseudonym is None else "card"})
        self.ctx.visit = VisitState(visitor_id=visitor, visit_id=visit,
                                    member=pseudonym is not None, sex=sex, birth_year=year)
        self.card.clear()
        self.go("staff-battery")
