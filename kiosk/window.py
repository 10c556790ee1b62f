"""The kiosk window: fixed bars around one screen at a time.

Top bar: the screen's title, text size (100/150/200 %), language (한국어/English) and
"call staff" (on every visitor screen: KS X 9211 asks for a way to reach an operator).
Bottom bar: "back" on the left and "next" on the right, always in the same place
(the most-reported elderly kiosk problem is not finding "next", anchors §4.3).
All buttons act on release (QPushButton.clicked), WCAG 2.5.2.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import theme
from kiosk.context import KioskContext
from kiosk.screens.base import Screen
from kiosk.screens.goodbye import end_visit
from kiosk.session import Activity, InactivityPolicy
from measurements import store

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    screen_changed = Signal(str)
    language_toggled = Signal()

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("kiosk-window")
        self.screens: dict[str, Screen] = {}
        self._scrollers: dict[str, QScrollArea] = {}
        self.current: Screen | None = None
        self._scale_index = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._build_top_bar()
        self.notice = QLabel()  # staff-called / warnings, shown above the screen
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "title")
        self.notice.hide()
        self.stack = QStackedWidget()
        self._build_bottom_bar()
        outer.addWidget(self.top)
        outer.addWidget(self.notice)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.bottom)

        self.inactivity = InactivityPolicy(ctx.clock, timeout_s=ctx.config.idle_timeout_s,
                                           warning_s=ctx.config.idle_warning_s)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self.check_inactivity)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.apply_theme()
        self.retranslate()

    def _build_top_bar(self) -> None:
        self.top = QWidget()
        self.top.setProperty("role", "bar")
        top = QHBoxLayout(self.top)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setProperty("role", "title")
        self.text_size = QPushButton()
        self.text_size.setObjectName("text-size")
        self.text_size.clicked.connect(self.cycle_text_size)
        self.language = QPushButton()
        self.language.setObjectName("language")
        self.language.clicked.connect(self.language_toggled)
        self.staff = QPushButton()
        self.staff.setObjectName("call-staff")
        self.staff.setProperty("role", "staff")
        self.staff.clicked.connect(self.call_staff)
        top.addWidget(self.title, 1)
        for button in (self.text_size, self.language, self.staff):
            top.addWidget(button)

    def _build_bottom_bar(self) -> None:
        self.bottom = QWidget()
        self.bottom.setProperty("role", "bar")
        bottom = QHBoxLayout(self.bottom)
        self.back = QPushButton()
        self.back.setObjectName("back")
        self.back.clicked.connect(self._back)
        self.next = QPushButton()
        self.next.setObjectName("next")
        self.next.setProperty("role", "primary")
        self.next.clicked.connect(self._next)
        self.continue_ = QPushButton()  # the inactivity warning's one-tap "continue"
        self.continue_.setObjectName("continue")
        self.continue_.setProperty("role", "primary")
        self.continue_.clicked.connect(self._continue)
        self.continue_.hide()
        bottom.addWidget(self.back)
        bottom.addStretch(1)
        bottom.addWidget(self.continue_)
        bottom.addWidget(self.next)

    # --- screens -----------------------------------------------------------------------------
    def add_screen(self, screen: Screen) -> None:
        # each screen scrolls instead of growing the window: at 200 % text a long consent
        # text must not push "next" off the panel
        scroller = QScrollArea()
        scroller.setObjectName(f"scroll-{screen.screen_id}")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(screen)
        self.screens[screen.screen_id] = screen
        self._scrollers[screen.screen_id] = scroller
        self.stack.addWidget(scroller)
        screen.navigate.connect(self.go)
        screen.changed.connect(self._refresh_bars)

    def go(self, screen_id: str, params: dict[str, Any] | None = None) -> None:
        target = self.screens.get(screen_id)
        if target is None:
            log.error("no screen %r", screen_id)
            return
        if self.current is not None:
            self.current.leave()
        self.current = target
        self.notice.hide()
        self.continue_.hide()
        self.inactivity.touch()
        self.stack.setCurrentWidget(self._scrollers[screen_id])
        target.enter(params or {})
        self._refresh_bars()
        self.screen_changed.emit(screen_id)

    def _refresh_bars(self) -> None:
        screen = self.current
        if screen is None:
            return
        self.title.setText(screen.title())
        next_text = screen.next_text()
        self.next.setVisible(next_text is not None)
        self.next.setText(next_text or "")
        self.next.setEnabled(screen.can_next())
        self.back.setVisible(screen.back_target is not None and not screen.busy)
        self.staff.setVisible(screen.visitor_facing)

    def _next(self) -> None:
        if self.current is not None and self.current.can_next():
            self.current.on_next()

    def _back(self) -> None:
        if self.current is not None and self.current.back_target:
            self.go(self.current.back_target)

    # --- bars --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.text_size.setText(self.tr("글자 크기 %1%").replace(
            "%1", str(int(theme.TEXT_SCALES[self._scale_index] * 100))))
        # the button names the OTHER language, in that language, so anyone can find it
        self.language.setText("English" if self.ctx.language == "ko" else "한국어")
        self.staff.setText(self.tr("직원 호출"))
        self.back.setText(self.tr("◀ 이전"))
        self.continue_.setText(self.tr("계속하기"))
        self._refresh_bars()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def apply_theme(self) -> None:
        self.setStyleSheet(theme.stylesheet(self.ctx.metrics, self.ctx.font_family))
        for screen in self.screens.values():
            screen.apply_metrics()

    def cycle_text_size(self) -> None:
        self._scale_index = (self._scale_index + 1) % len(theme.TEXT_SCALES)
        self.set_text_scale(theme.TEXT_SCALES[self._scale_index])

    def set_text_scale(self, scale: float) -> None:
        self._scale_index = theme.TEXT_SCALES.index(scale)
        self.ctx.metrics = theme.Metrics(self.ctx.metrics.panel, text_scale=scale)
        self.apply_theme()
        self.retranslate()

    def call_staff(self) -> None:
        now = self.ctx.clock.now()
        store.audit(self.ctx.db, actor_role="visitor", action="staff_called", now=now,
                    subject=self.current.screen_id if self.current else None)
        self.notice.setText(self.tr("직원을 불렀어요. 잠시만 기다려 주세요."))
        self.notice.show()
        self.ctx.voice.say(self.notice.text())
        self.ctx.extras.setdefault("staff_calls", []).append(now)

    # --- inactivity ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                            QEvent.Type.KeyRelease):
            self.inactivity.touch()
        return False

    def check_inactivity(self) -> None:
        screen = self.current
        if screen is None or not screen.visitor_facing:
            return
        state = self.inactivity.evaluate(busy=screen.busy)
        if state.activity is Activity.EXPIRED:
            log.info("visit ended after inactivity on %s", screen.screen_id)
            screen.leave()
            end_visit(self.ctx, status="abandoned")
            self.current = None
            self.go("idle")
        elif state.activity is Activity.WARNING:
            seconds = int(state.seconds_left + 0.5)
            text = self.tr("계속하시려면 '계속하기'를 눌러 주세요. %1초 뒤에 처음 화면으로 돌아가요."
                           ).replace("%1", str(seconds))
            first = not self.continue_.isVisible()
            self.notice.setText(text)
            self.notice.show()
            self.continue_.show()
            if first:
                self.ctx.voice.say(self.tr("계속하시려면 화면의 계속하기를 눌러 주세요."))
        elif self.continue_.isVisible():
            self._continue()

    def _continue(self) -> None:
        self.inactivity.touch()
        self.continue_.hide()
        self.notice.hide()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignLeft)
