"""Every screen the window can show, built once per station."""

from __future__ import annotations

from typing import Any

from kiosk.screens.base import Screen
from kiosk.screens.consent import ConsentScreen
from kiosk.screens.goodbye import GoodbyeScreen
from kiosk.screens.history import HistoryScreen
from kiosk.screens.identify import CardScreen, IdentifyScreen, PhoneScreen
from kiosk.screens.idle import IdleScreen
from kiosk.screens.maintenance import MaintenanceScreen
from kiosk.screens.measure import MeasureScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.profile import ProfileScreen
from kiosk.screens.result import ResultScreen


def build_screens(ctx: Any, *, problem: str | None = None) -> list[Screen]:
    return [
        IdleScreen(ctx),
        IdentifyScreen(ctx),
        CardScreen(ctx),
        PhoneScreen(ctx),
        ProfileScreen(ctx),
        ConsentScreen(ctx),
        MenuScreen(ctx),
        MeasureScreen(ctx),
        ResultScreen(ctx),
        HistoryScreen(ctx),
        GoodbyeScreen(ctx),
        MaintenanceScreen(ctx, problem or ""),
    ]
