"""Staff sign-in: staff number + PIN on the keypad, or a staff card on the wedge reader.

Per-person accounts, never a shared login (kiosk/staff/accounts.py).  Messages are plain
Korean and never say whether the number or the PIN was wrong; a locked account says until
when.  The PIN field is masked and both fields are cleared whenever the screen is left.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.screens.base import Screen
from kiosk.screens.staff.base import HOME, end_session
from kiosk.staff import accounts
from kiosk.staff.accounts import SignInError, SignInProblem
from kiosk.widgets.keypad import Keypad


class StaffSignInScreen(Screen):
    screen_id = "staff-sign-in"
    visitor_facing = False
    back_target = "idle"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.question = self.label("title", name="sign-in-question")
        self.number = QLineEdit()
        self.number.setObjectName("staff-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin = QLineEdit()
        self.pin.setObjectName("staff-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QLineEdit()
        self.card.setObjectName("staff-card")
        self.card.setEchoMode(QLineEdit.EchoMode.Password)
        # a keyboard-wedge card reader types the card token and presses Enter
        self.card.returnPressed.connect(self.sign_in_with_card)
        self.number_label = self.label(name="staff-number-label")
        self.pin_label = self.label(name="staff-pin-label")
        self.card_label = self.label(name="staff-card-label")
        self.error = self.label(name="sign-in-error")
        self.error.setProperty("category", "danger")
        self.pick_number = QPushButton()
        self.pick_number.setObjectName("field-number")
        self.pick_number.clicked.connect(lambda: self._activate(self.number))
        self.pick_pin = QPushButton()
        self.pick_pin.setObjectName("field-pin")
        self.pick_pin.clicked.connect(lambda: self._activate(self.pin))
        self.keypad = Keypad(ctx.metrics)
        self.keypad.digit.connect(self._key_digit)
        self.keypad.backspace.connect(self._key_back)
        self.keypad.clear.connect(self._key_clear)
        self._active = self.number
        for field in (self.number, self.pin):
            field.textChanged.connect(lambda _: self._edited())
        left = QVBoxLayout()
        left.addWidget(self.question)
        for label, field, pick in ((self.number_label, self.number, self.pick_number),
                                   (self.pin_label, self.pin, self.pick_pin)):
            left.addWidget(label)
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(pick)
            left.addLayout(row)
        left.addWidget(self.card_label)
        left.addWidget(self.card)
        left.addWidget(self.error)
        left.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(ctx.metrics.gap_px * 4)
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        self.layout_.addLayout(row, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("직원 로그인"))
        self.number_label.setText(self.tr("직원 번호"))
        self.pin_label.setText(self.tr("비밀번호 (숫자 4~8자리)"))
        self.card_label.setText(self.tr("또는 직원카드를 카드 리더기에 읽히세요."))
        self.pick_number.setText(self.tr("번호 입력"))
        self.pick_pin.setText(self.tr("비밀번호 입력"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("직원 전용")

    def next_text(self) -> str | None:
        return self.tr("로그인")

    def can_next(self) -> bool:
        return bool(self.number.text().strip() and self.pin.text())

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

    def _edited(self) -> None:
        self.error.setText("")
        self.changed.emit()

    def enter(self, params: dict[str, Any]) -> None:
        # arriving here signs out whoever was signed in: one person's session at a time
        end_session(self.ctx)
        self._clear()
        if params.get("refused"):
            self.error.setText(self.tr("직원 로그인이 필요한 화면이에요."))
        self._activate(self.number)

    def leave(self) -> None:
        self._clear()

    def _clear(self) -> None:
        for field in (self.number, self.pin, self.card):
            field.clear()
        self.error.setText("")

    # --- signing in ----------------------------------------------------------------------
    def on_next(self) -> None:
        staff_id, pin = self.number.text().strip(), self.pin.text()
        self.pin.clear()
        try:
            session = accounts.sign_in(self.ctx.db, staff_id, pin, now=self.ctx.clock.now())
        except SignInError as err:
            self._refused(err)
            self._activate(self.pin)
            return
        self._signed_in(session)

    def sign_in_with_card(self) -> None:
        token = self.card.text().strip()
        self.card.clear()
        if not token:
            return
        try:
            session = accounts.sign_in_with_card(self.ctx.db, token, card_key(self.ctx),
                                                 now=self.ctx.clock.now())
        except SignInError as err:
            self._refused(err)
            return
        self._signed_in(session)

    def _refused(self, err: SignInError) -> None:
        if err.problem is SignInProblem.LOCKED:
            until = err.locked_until.strftime("%H:%M") if err.locked_until else ""
            text = self.tr("비밀번호를 여러 번 틀려서 계정이 잠겼어요. %1 이후에 다시 해 주세요."
                           ).replace("%1", until)
        elif err.problem is SignInProblem.INACTIVE:
            text = self.tr("사용이 중지된 계정이에요. 관리자에게 문의해 주세요.")
        else:
            text = self.tr("직원 번호나 비밀번호가 맞지 않아요. 다시 입력해 주세요.")
        self.error.setText(text)

    def _signed_in(self, session: accounts.StaffSession) -> None:
        self._clear()
        self.ctx.extras["staff_session"] = session
        self.go(HOME[session.role])


def card_key(ctx: Any) -> bytes:
    """The key staff-card tokens are hashed with (a provisioned one, else the lookup key)."""
    key = ctx.extras.get("staff_card_key")
    return key if isinstance(key, bytes) else bytes.fromhex(ctx.config.lookup_key_hex)
