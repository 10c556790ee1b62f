"""Issue #7: a visitor can never reach a staff or technician screen; each role sees only
its own screens; sign-in and sign-out through the idle screen's staff entry, audited."""

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk import theme
from kiosk.screens.staff.base import StaffScreen
from kiosk.screens.staff.measure import StaffMeasureScreen
from tests.kiosk.staff.helpers import PINS, create_accounts, sign_in


def _screen(station) -> str:
    return station.window.current.screen_id


def _protected(station) -> list[str]:
    return [s.screen_id for s in station.window.screens.values()
            if isinstance(s, StaffScreen | StaffMeasureScreen)]


def _actions(station) -> list[str]:
    return [r[0] for r in station.ctx.db.execute("SELECT action FROM audit_log ORDER BY id")]


def test_without_a_session_every_staff_screen_redirects_to_sign_in(station, driver) -> None:
    protected = _protected(station)
    assert {"staff-home", "staff-battery", "camera-test", "tech-devices", "tech-calibration",
            "tech-calibration-log", "tech-diagnostics", "staff-measure"} <= set(protected)
    for screen_id in protected:
        station.window.go("idle")
        station.window.go(screen_id)  # e.g. a visitor-facing bug calling go() directly
        assert _screen(station) == "staff-sign-in", screen_id
        # and the screen itself refuses when entered directly
        station.window.screens[screen_id].enter({})
        assert _screen(station) == "staff-sign-in", screen_id
        assert not station.window.next.isEnabled() or _screen(station) == "staff-sign-in"


def test_staff_screens_are_not_visitor_facing(station) -> None:
    for screen_id in [*_protected(station), "staff-sign-in"]:
        assert not station.window.screens[screen_id].visitor_facing, screen_id


def test_a_visitor_walk_offers_no_way_into_staff_screens(station, driver) -> None:
    reachable: set[str] = set()
    station.window.screen_changed.connect(reachable.add)
    driver.sign_in_as_visitor()
    driver.click("next")  # menu -> goodbye
    driver.click("next")  # goodbye -> idle
    assert _screen(station) == "idle"
    assert not reachable & set(_protected(station))


@pytest.mark.parametrize(("staff_id", "home", "forbidden"), [
    ("1001", "staff-home", ["tech-devices", "tech-calibration", "tech-calibration-log"]),
    ("2001", "tech-devices", ["staff-home", "staff-battery", "camera-test", "staff-summary"]),
])
def test_each_role_sees_only_its_screens(station, driver, staff_id, home, forbidden) -> None:
    create_accounts(station)
    sign_in(station, driver, staff_id)
    assert _screen(station) == home
    assert station.ctx.extras["staff_session"].staff_id == staff_id
    for screen_id in forbidden:
        sign_in(station, driver, staff_id)
        station.window.go(screen_id)
        assert _screen(station) == "staff-sign-in", screen_id
        assert "staff_session" not in station.ctx.extras  # refused = signed out


def test_admin_reaches_both_modes(station, driver) -> None:
    create_accounts(station)
    sign_in(station, driver, "3001")
    assert _screen(station) == "staff-home"
    driver.click("to-technician")
    assert _screen(station) == "tech-devices"


def test_sign_out_returns_to_idle_and_forgets_the_session(station, driver) -> None:
    create_accounts(station)
    sign_in(station, driver, "1001")
    driver.click("sign-out")
    assert _screen(station) == "idle"
    assert "staff_session" not in station.ctx.extras
    assert _actions(station)[-2:] == ["sign_in", "sign_out"]
    station.window.go("staff-home")
    assert _screen(station) == "staff-sign-in"


def test_wrong_pins_lock_the_account_with_a_plain_message(station, driver) -> None:
    create_accounts(station)
    screen = station.window.screens["staff-sign-in"]
    for _ in range(4):
        sign_in(station, driver, "1001", "0000")
        assert _screen(station) == "staff-sign-in"
        assert "맞지 않아요" in screen.error.text()
    sign_in(station, driver, "1001", "0000")
    assert "잠겼어요" in screen.error.text()
    sign_in(station, driver, "1001")  # even the right PIN now
    assert _screen(station) == "staff-sign-in" and "잠겼어요" in screen.error.text()
    assert "account_locked" in _actions(station)
    assert PINS["1001"] not in " ".join(str(r) for r in station.ctx.db.execute(
        "SELECT * FROM audit_log"))


def test_staff_entry_on_idle_is_a_real_target(station, driver) -> None:
    station.window.go("idle")
    button = station.window.screens["idle"].findChild(QAbstractButton, "staff-entry")
    panel = station.ctx.metrics.panel
    assert button.isVisible()
    assert panel.mm(button.height()) >= theme.MIN_TARGET_MM
    assert panel.mm(button.width()) >= theme.MIN_TARGET_MM
