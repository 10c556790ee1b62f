"""Consent, item by item, as PIPA requires for health data.

Art. 23 makes health information "sensitive": it needs its own consent, separate from the
consent to use the service (sync-fhir-security.md §5.1).  There is no "agree to all" button:
each item is read and chosen on its own.  Secondary use (research / third parties) is
optional and defaults to "no".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from kiosk.screens.base import Screen
from measurements import store


class ConsentScreen(Screen):
    screen_id = "consent"
    back_target = "profile"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.intro = self.label(name="consent-intro")
        self.service = self._toggle("consent-service")
        self.sensitive = self._toggle("consent-sensitive")
        self.secondary = self._toggle("consent-secondary")
        self.hint = self.label(name="consent-hint")
        self.layout_.addWidget(self.intro)
        for button in (self.service, self.sensitive, self.secondary):
            self.layout_.addWidget(button)
        self.layout_.addWidget(self.hint)
        self.layout_.addStretch(1)
        self.retranslate()

    def _toggle(self, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setCheckable(True)
        button.toggled.connect(lambda _: self.retranslate())
        return button

    @staticmethod
    def _mark(on: bool) -> str:
        return "☑ " if on else "☐ "

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "측정값은 이 측정소와 광주 건강 플랫폼에 이름 없이 회원번호로만 저장돼요.\n"
            "주민등록번호와 전화번호는 저장하지 않아요."))
        self.service.setText(self._mark(self.service.isChecked())
                             + self.tr("(필수) 측정 서비스 이용에 동의해요"))
        self.sensitive.setText(self._mark(self.sensitive.isChecked())
                               + self.tr("(필수) 혈압·체성분 같은 건강정보 처리에 동의해요"))
        self.secondary.setText(self._mark(self.secondary.isChecked())
                               + self.tr("(선택) 연구와 제품 검증에 쓰는 데 동의해요"))
        self.hint.setText("" if self.can_next() else
                          self.tr("필수 항목 두 가지에 동의해야 측정할 수 있어요."))
        super().retranslate()

    def title(self) -> str:
        return self.tr("개인정보 동의")

    def can_next(self) -> bool:
        return self.service.isChecked() and self.sensitive.isChecked()

    def enter(self, params: dict[str, Any]) -> None:
        for button in (self.service, self.sensitive, self.secondary):
            button.setChecked(False)
        self.retranslate()

    def on_next(self) -> None:
        if not self.can_next():
            return
        ctx, visit = self.ctx, self.ctx.visit
        now = ctx.clock.now()
        consent = store.Consent(service=True, sensitive_health_data=True,
                                secondary_use=self.secondary.isChecked())
        with ctx.db.atomic():
            if visit.visitor_id is None:
                visit.visitor_id = store.create_guest(
                    ctx.db, now=now, sex=visit.sex, birth_year=visit.birth_year)
            visit.visit_id = store.open_visit(
                ctx.db, visitor_id=visit.visitor_id, station_id=ctx.config.station_id,
                consent=consent, now=now)
            store.audit(ctx.db, actor_role="visitor", action="consent_given", now=now,
                        subject=visit.visit_id,
                        detail={"version": consent.version,
                                "secondary_use": consent.secondary_use})
        self.go("menu")
