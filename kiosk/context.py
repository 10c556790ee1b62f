"""Everything a screen may use, built once by the composition root (kiosk/app.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from kiosk.config import StationConfig
from kiosk.theme import Metrics
from measurements.clock import Clock

if TYPE_CHECKING:
    from kiosk.devices import DeviceHub
    from kiosk.voice.engine import VoiceGuide


@dataclass
class VisitState:
    """The visit in progress.  Holds no name and no phone number, ever."""

    visitor_id: int | None = None
    visit_id: str | None = None
    member: bool = False
    sex: str | None = None  # 'male' | 'female'
    birth_year: int | None = None
    measured: list[str] = field(default_factory=list)  # measurement ids saved this visit
    measured_kinds: set[str] = field(default_factory=set)  # for the menu's check marks


@dataclass
class KioskContext:
    config: StationConfig
    db: Database
    clock: Clock
    voice: VoiceGuide
    devices: DeviceHub
    metrics: Metrics
    font_family: str = "Noto Sans KR"
    language: str = "ko"  # "ko" | "en": picks *_ko / *_en texts from workflows
    visit: VisitState = field(default_factory=VisitState)
    extras: dict[str, Any] = field(default_factory=dict)

    def new_visit_state(self) -> None:
        self.visit = VisitState()
