"""Staff view of the upload queue: counts, last success, rejected visits with the platform's
reason, a retry per rejected visit (audited) and "upload now" (issue 6).

Only signed-in staff, technicians and admins reach it (permission ``sync_status``).  Visits
are named by a short code from their id, never by anything about the visitor.  The numbers
come from ``sync.status.sync_status`` on the GUI thread's connection (a few indexed counts);
the upload itself runs on the device loop through the bridge.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.screens.staff.base import HOME, StaffScreen
from kiosk.staff.sync_queue import audit_upload_now, retry_rejected
from kiosk.widgets.layout import clear_layout
from sync.status import RejectedItem, sync_status

log = logging.getLogger(__name__)

REFRESH_MS = 2000  # the uploader settles visits in the background; keep the numbers current
# sync_status is a handful of index lookups (sync.schema m003: trigger-kept counts), well under
# a millisecond however many sent rows the outbox keeps; should it ever grow slow on a worn
# SD card, the interval stretches to keep it under ~2 % of the GUI thread
MAX_GUI_SHARE = 0.02


def local_time(stored: str | None) -> str:
    """A stored UTC ISO time as the station's local 'YYYY-MM-DD HH:MM', or '' if none."""
    if not stored:
        return ""
    try:
        return datetime.fromisoformat(stored).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stored


def by_visit(items: tuple[RejectedItem, ...]) -> list[tuple[RejectedItem, int]]:
    """One line per rejected visit (a visit is uploaded, and refused, as one Bundle)."""
    first: dict[str, RejectedItem] = {}
    count: dict[str, int] = {}
    for item in items:
        first.setdefault(item.visit_id, item)
        count[item.visit_id] = count.get(item.visit_id, 0) + 1
    return [(item, count[visit]) for visit, item in first.items()]


class SyncStatusScreen(StaffScreen):
    screen_id = "staff-sync"
    permission = "sync_status"
    back_target = "staff-home"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.counts = {state: self.label(name=f"sync-{state}")
                       for state in ("queued", "sent", "rejected")}
        self.last_success = self.label(name="sync-last-success")
        self.state = self.label(name="sync-state")
        self.rejected_heading = self.label("title", name="sync-rejected-heading")
        self.rejected_list = QWidget()
        self.rejected_list.setObjectName("sync-rejected-list")
        self.rows = QVBoxLayout(self.rejected_list)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rejected_empty = self.label(name="sync-rejected-empty")
        self.upload = QPushButton()
        self.upload.setObjectName("upload-now")
        self.upload.setProperty("role", "primary")
        self.upload.clicked.connect(self.upload_now)
        self.message = self.label(name="sync-message")
        # counts on one line and the action near the top: the rejected list gets the panel
        counts = QHBoxLayout()
        for label in self.counts.values():
            counts.addWidget(label)
        actions = QHBoxLayout()
        actions.addWidget(self.upload)
        actions.addWidget(self.message, 1)
        self.layout_.addLayout(counts)
        self.layout_.addWidget(self.last_success)
        self.layout_.addWidget(self.state)
        self.layout_.addLayout(actions)
        for widget in (self.rejected_heading, self.rejected_list, self.rejected_empty):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.uploading = False
        self._shown: tuple[Any, ...] = ()
        self.retranslate()

    @property
    def service(self) -> Any:
        return self.ctx.extras.get("sync")

    def retranslate(self) -> None:
        self.rejected_heading.setText(self.tr("보내지 못한 방문 (플랫폼이 거절)"))
        self.rejected_empty.setText(self.tr("거절된 항목이 없어요."))
        self.upload.setText(self.tr("지금 보내기"))
        if self.allowed:
            self.refresh()
        super().retranslate()

    def title(self) -> str:
        return self.tr("전송 상태")

    def next_text(self) -> str | None:
        return None

    def enter_permitted(self, params: dict[str, Any]) -> None:
        session = self.session
        self.back_target = HOME[session.role] if session is not None else "staff-home"
        self.message.setText("")
        self.refresh()
        self.timer.start()

    def leave(self) -> None:
        self.timer.stop()

    # --- what the queue looks like --------------------------------------------------------------
    def refresh(self) -> None:
        if not self.permitted():
            self.timer.stop()
            return
        started = time.perf_counter()
        status = sync_status(self.ctx.db)
        took_ms = (time.perf_counter() - started) * 1000
        self.timer.setInterval(max(REFRESH_MS, int(took_ms / MAX_GUI_SHARE)))
        self.counts["queued"].setText(self.tr("보낼 차례를 기다리는 항목: %1건")
                                      .replace("%1", str(status.queued)))
        self.counts["sent"].setText(self.tr("보낸 항목: %1건").replace("%1", str(status.sent)))
        self.counts["rejected"].setText(self.tr("거절된 항목: %1건")
                                        .replace("%1", str(status.rejected)))
        self.last_success.setText(
            self.tr("마지막 전송 성공: %1").replace(
                "%1", local_time(status.last_success_at) or self.tr("아직 없음")))
        self.state.setText(self._state_text(status.last_error, status.next_attempt_at))
        # without a platform there is nothing to press; the state line says why
        self.upload.setVisible(self.service is not None)
        self.upload.setEnabled(not self.uploading)
        self._fill_rejected(status.rejected_items)

    def _state_text(self, last_error: str | None, next_attempt_at: str | None) -> str:
        service = self.service
        if service is None:
            return self.tr("플랫폼 주소가 설정되지 않았어요. 모든 결과는 이 기기에 안전하게 "
                           "보관되고, 설정하면 보내요.")
        text = self._upload_state_text(service, last_error, next_attempt_at)
        # down-sync (calibration schedule, station config) fails independently of uploads
        if service.downsync_problem:
            text += "\n" + self.tr("교정 일정·설정을 받지 못했어요: %1").replace(
                "%1", service.downsync_problem)
        return text

    def _upload_state_text(self, service: Any, last_error: str | None,
                           next_attempt_at: str | None) -> str:
        if service.problem:
            return self.tr("전송이 멈췄어요: %1").replace("%1", service.problem)
        if last_error:
            text = self.tr("최근 전송 오류: %1").replace("%1", last_error)
            if next_attempt_at:
                text += " — " + self.tr("다음 시도: %1").replace(
                    "%1", local_time(next_attempt_at))
            return text
        return self.tr("자동으로 보내는 중이에요.")

    def _fill_rejected(self, items: tuple[RejectedItem, ...]) -> None:
        lines = by_visit(items)
        # rebuilt only when the list changed: a periodic rebuild would delete a retry button
        # between a finger's press and its release
        shown = (self.ctx.language, tuple((item.id, item.reason, rows) for item, rows in lines))
        if shown == self._shown:
            return
        self._shown = shown
        clear_layout(self.rows)
        self.rejected_empty.setVisible(not lines)
        for item, rows in lines:
            # one block per visit: what and the retry button on a line, the reason below it
            # at full width (a server's reason can be long: it must wrap, not widen the panel)
            block = QWidget()
            block.setObjectName(f"rejected-{item.id}")
            column = QVBoxLayout(block)
            column.setContentsMargins(0, 0, 0, 0)
            line = QHBoxLayout()
            what = QLabel(f"{item.visit_id[:6].upper()}  " + self.tr("%1개 항목")
                          .replace("%1", str(rows)) + f"  {local_time(item.created_at)}")
            what.setObjectName(f"rejected-{item.id}-visit")
            button = QPushButton(self.tr("다시 보내기"))
            button.setObjectName(f"retry-{item.id}")
            button.clicked.connect(lambda _=False, i=item.id: self.retry(i))
            line.addWidget(what, 1)
            line.addWidget(button)
            reason = QLabel(item.reason or self.tr("이유가 전해지지 않았어요"))
            reason.setObjectName(f"rejected-{item.id}-reason")
            reason.setTextFormat(Qt.TextFormat.PlainText)  # server text is never markup
            reason.setWordWrap(True)
            # a long token (a code system URI) must not widen the panel either
            reason.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            column.addLayout(line)
            column.addWidget(reason)
            self.rows.addWidget(block)

    # --- actions ---------------------------------------------------------------------------
    def retry(self, row_id: int) -> None:
        session = self.session
        if session is None or not self.permitted():
            self.go("staff-sign-in", refused=self.screen_id)
            return
        rows = retry_rejected(self.ctx.db, session, row_id, now=self.ctx.clock.now())
        self.message.setText(self.tr("다시 보낼 목록에 넣었어요 (%1건).").replace("%1", str(rows)))
        self.refresh()

    def upload_now(self) -> None:
        session = self.session
        if session is None or not self.permitted():
            self.go("staff-sign-in", refused=self.screen_id)
            return
        service = self.service
        if service is None or self.uploading:
            return
        audit_upload_now(self.ctx.db, session, now=self.ctx.clock.now())
        self.uploading = True
        self.upload.setEnabled(False)
        self.message.setText(self.tr("보내는 중이에요…"))
        self.ctx.extras["bridge"].run(service.upload_now(), self._uploaded, self._failed)

    def _uploaded(self, summary: Any) -> None:
        self.uploading = False
        if summary.sent + summary.retry_later + summary.rejected == 0:
            text = self.tr("지금 보낼 방문이 없어요.")
        else:
            text = (self.tr("보냄 %1, 나중에 다시 %2, 거절 %3 (방문 수)")
                    .replace("%1", str(summary.sent)).replace("%2", str(summary.retry_later))
                    .replace("%3", str(summary.rejected)))
        self.message.setText(text)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.uploading = False
        log.warning("upload now failed: %s", error)
        self.message.setText(self.tr("보내지 못했어요: %1").replace("%1", str(error)))
        self.refresh()
