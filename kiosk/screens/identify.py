"""Identification: member card / QR, phone number + birth date, or guest.

Each path is its own screen (one task per screen).  What is typed is turned into a
pseudonym (kiosk/identity.py) and then cleared from the widgets; nothing identifying is
logged or stored.  With a platform URL the station then asks the platform about the member
(kiosk/member_lookup.py, at most a few seconds) before the profile screen, so what another
station learnt is pre-filled here too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.identity import (
    IdentityError,
    normalise_card,
    normalise_phone,
    parse_birth_date,
    phone_pseudonym,
)
from kiosk.member_lookup import MemberLookup, start_lookup
from kiosk.screens.base import Screen
from kiosk.widgets.keypad import Keypad
from measurements import store


class IdentifyScreen(Screen):
    screen_id = "identify"
    back_target = "idle"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.question = self.label("title")
        self.card = self._choice("choose-card", "card")
        self.phone = self._choice("choose-phone", "phone")
        self.guest = self._choice("choose-guest", "profile")
        self.layout_.addWidget(self.question)
        for button in (self.card, self.phone, self.guest):
            self.layout_.addWidget(button)
        self.layout_.addStretch(1)
        self.retranslate()

    def _choice(self, name: str, target: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda: self._choose(target))
        return button

    def _choose(self, target: str) -> None:
        if target == "profile":  # guest
            self.ctx.visit.member = False
        self.go(target)

    def retranslate(self) -> None:
        self.question.setText(self.tr("어떻게 확인할까요?"))
        self.card.setText(self.tr("회원카드 또는 QR 코드"))
        self.phone.setText(self.tr("휴대전화 번호와 생년월일"))
        self.guest.setText(self.tr("회원 가입 없이 측정하기"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("본인 확인")

    def next_text(self) -> str | None:
        return None


class _EntryScreen(Screen):
    """A single field filled from the keypad (or a keyboard-wedge scanner)."""

    max_digits = 11

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.question = self.label("title")
        self.field = QLineEdit()
        self.field.setObjectName("entry")
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.textChanged.connect(lambda _: self._clear_error())
        self.error = self.label(name="entry-error")
        self.keypad = Keypad(ctx.metrics)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(self.field.backspace)
        self.keypad.clear.connect(self.field.clear)
        self._lookup: MemberLookup | None = None  # a platform lookup the visitor waits for
        # landscape panel: the question and the field on the left, the keypad on the right,
        # so nothing needs scrolling at 100 % text
        row = QHBoxLayout()
        row.setSpacing(ctx.metrics.gap_px * 4)
        left = QVBoxLayout()
        left.addWidget(self.question)
        left.addWidget(self.field)
        left.addWidget(self.error)
        left.addStretch(1)
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        self.layout_.addLayout(row, 1)

    def _digit(self, digit: str) -> None:
        if len(self.field.text()) < self.max_digits:
            self.field.insert(digit)

    def _clear_error(self) -> None:
        self.error.setText("")
        self.changed.emit()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.say(message)

    def can_next(self) -> bool:
        return self._lookup is None and bool(self.field.text().strip())

    def _identified(self, visitor_id: int, pseudonym: str) -> None:
        """The member is known locally: ask the platform (if any), then the profile screen."""
        self._lookup = start_lookup(self.ctx, visitor_id, pseudonym, self._looked_up)
        if self._lookup is None:
            self.go("profile")
        else:
            self.changed.emit()  # "next" waits for the answer (or its timeout)

    def _looked_up(self) -> None:
        self._lookup = None
        self.go("profile")

    def _cancel_lookup(self) -> None:
        if self._lookup is not None:
            self._lookup.cancel()
            self._lookup = None

    def enter(self, params: dict[str, Any]) -> None:
        self._cancel_lookup()
        self.field.clear()
        self.error.setText("")
        self.field.setFocus()

    def leave(self) -> None:
        self._cancel_lookup()  # the visitor went back or timed out: drop the answer
        self.field.clear()  # never leave an identifier on screen for the next person


class CardScreen(_EntryScreen):
    screen_id = "card"
    back_target = "identify"
    max_digits = 64

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        # a keyboard-wedge QR/card reader types the token and presses Enter
        self.field.returnPressed.connect(self.on_next)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("회원카드를 읽히거나 QR 코드를 비추세요.\n"
                                      "카드 번호를 눌러 입력해도 돼요."))
        super().retranslate()

    def title(self) -> str:
        return self.tr("회원카드")

    def on_next(self) -> None:
        if self._lookup is not None:  # a scanner's Enter while the platform answers
            return
        try:
            pseudonym = normalise_card(self.field.text())
        except IdentityError as err:
            self.show_error(err.message_ko)
            return
        visitor_id = store.get_or_create_member(self.ctx.db, pseudonym, now=self.ctx.clock.now())
        self.ctx.visit.visitor_id = visitor_id
        self.ctx.visit.member = True
        self.field.clear()
        self._identified(visitor_id, pseudonym)


class PhoneScreen(_EntryScreen):
    """Phone number first, then birth date: two steps on one screen, one field at a time."""

    screen_id = "phone"
    back_target = "identify"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self._phone: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        if self._phone is None:
            self.question.setText(self.tr("휴대전화 번호를 눌러 주세요."))
        else:
            self.question.setText(self.tr("생년월일 여덟 자리를 눌러 주세요. 예: 19520315"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("휴대전화 번호")

    def enter(self, params: dict[str, Any]) -> None:
        self._phone = None
        self.max_digits = 11
        self.retranslate()
        super().enter(params)

    def leave(self) -> None:
        self._phone = None
        super().leave()

    def on_next(self) -> None:
        if self._lookup is not None:
            return
        try:
            if self._phone is None:
                self._phone = normalise_phone(self.field.text())
                self.max_digits = 8
                self.field.clear()
                self.retranslate()
                self.say(self.question.text())
                return
            born = parse_birth_date(self.field.text(), today=self.ctx.clock.now().date())
        except IdentityError as err:
            self.show_error(err.message_ko)
            return
        key = bytes.fromhex(self.ctx.config.lookup_key_hex)
        pseudonym = phone_pseudonym(key, self._phone, born)
        self._phone = None
        self.field.clear()
        visit = self.ctx.visit
        visit.visitor_id = store.get_or_create_member(
            self.ctx.db, pseudonym, now=self.ctx.clock.now(), birth_year=born.year
        )
        visit.member = True
        visit.birth_year = born.year
        self._identified(visit.visitor_id, pseudonym)


def age_from(birth_year: int | None, today: dt.date) -> int | None:
    return None if birth_year is None else today.year - birth_year
