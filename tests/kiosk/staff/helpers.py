"""Shared steps of the staff/technician kiosk tests (through the real window)."""

from __future__ import annotations

from kiosk.staff import accounts
from kiosk.staff.accounts import Role

PINS = {"1001": "2468", "2001": "1357", "3001": "8642"}
ROLES = {"1001": Role.STAFF, "2001": Role.TECHNICIAN, "3001": Role.ADMIN}


def create_accounts(station) -> None:
    ctx = station.ctx
    for staff_id, pin in PINS.items():
        accounts.create_account(ctx.db, staff_id, ROLES[staff_id], pin, now=ctx.clock.now())


def sign_in(station, driver, staff_id: str, pin: str | None = None) -> None:
    """From anywhere: the idle screen's staff entry, number and PIN on the keypad."""
    station.window.go("idle")
    driver.click("staff-entry")
    assert station.window.current.screen_id == "staff-sign-in"
    driver.click("field-number")
    driver.type_digits(staff_id)
    driver.click("field-pin")
    driver.type_digits(pin if pin is not None else PINS[staff_id])
    driver.click("next")


def add_guest_participant(station, driver, *, birth_year: str = "1950",
                          sex: str = "female") -> None:
    driver.click("add-participant")
    assert station.window.current.screen_id == "staff-participant"
    driver.click("participant-guest")
    driver.click("field-birth-year")
    driver.type_digits(birth_year)
    driver.click(f"sex-{sex}")
    driver.click("participant-consent")
    driver.click("next")
    assert station.window.current.screen_id == "staff-battery"


def quiet(driver):
    """No screenshots (each costs a grab and a glyph scan): keeps these tests fast."""
    driver.shot = lambda name: None
    return driver
