"""Every screen the window can show, built once per station."""

from __future__ import annotations

from typing import Any

from kiosk.screens.base import Screen
from kiosk.screens.camera_setup import CameraSetupScreen
from kiosk.screens.camera_test import CameraTestScreen
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
from kiosk.screens.staff.battery import BatteryScreen
from kiosk.screens.staff.home import StaffHomeScreen
from kiosk.screens.staff.manual import ManualEntryScreen
from kiosk.screens.staff.measure import StaffMeasureScreen
from kiosk.screens.staff.participant import ParticipantScreen
from kiosk.screens.staff.sign_in import StaffSignInScreen
from kiosk.screens.staff.summary import SummaryScreen
from kiosk.screens.staff.sync_status import SyncStatusScreen
from kiosk.screens.technician.calibration import CalibrationScreen
from kiosk.screens.technician.devices import DevicesScreen
from kiosk.screens.technician.diagnostics import DiagnosticsScreen
from kiosk.screens.technician.log import CalibrationLogScreen
from kiosk.screens.technician.scan import ScanScreen


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
        *build_staff_screens(ctx),
    ]


def build_staff_screens(ctx: Any) -> list[Screen]:
    """Staff and technician screens (issue #7): every one checks the signed-in session."""
    return [
        StaffSignInScreen(ctx),
        StaffHomeScreen(ctx),
        ParticipantScreen(ctx),
        BatteryScreen(ctx),
        StaffMeasureScreen(ctx),
        ManualEntryScreen(ctx),
        SummaryScreen(ctx),
        SyncStatusScreen(ctx),
        CameraTestScreen(ctx),
        CameraSetupScreen(ctx),
        DevicesScreen(ctx),
        DiagnosticsScreen(ctx),
        CalibrationScreen(ctx),
        CalibrationLogScreen(ctx),
        ScanScreen(ctx),
    ]
