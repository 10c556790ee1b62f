from datetime import timedelta

import pytest

from kiosk.schema import migrations as kiosk_migrations
from kiosk.staff import accounts
from kiosk.staff.accounts import Role, SignInError, SignInProblem
from measurements.clock import FakeClock
from measurements.database import open_database


@pytest.fixture
def db():
    db = open_database(None)
    kiosk_migrations.apply(db)
    return db


def _actions(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]


def test_sign_in_with_the_right_pin_and_permissions_by_role(db) -> None:
    clock = FakeClock()
    accounts.create_account(db, "T-07", Role.TECHNICIAN, "4821", now=clock.now())
    session = accounts.sign_in(db, "T-07", "4821", now=clock.now())
    assert session.role is Role.TECHNICIAN
    assert session.may("calibration") and not session.may("assessment")
    assert _actions(db)[-1] == "sign_in"
    stored = db.execute("SELECT pin_hash FROM staff_accounts").fetchone()[0]
    assert "4821" not in stored and stored.startswith("scrypt$")


def test_repeated_wrong_pins_lock_the_account_then_it_unlocks(db) -> None:
    clock = FakeClock()
    accounts.create_account(db, "S-01", Role.STAFF, "1357", now=clock.now())
    for _ in range(accounts.MAX_FAILED - 1):
        with pytest.raises(SignInError) as err:
            accounts.sign_in(db, "S-01", "0000", now=clock.now())
        assert err.value.problem is SignInProblem.WRONG_PIN
    with pytest.raises(SignInError) as err:
        accounts.sign_in(db, "S-01", "0000", now=clock.now())
    assert err.value.problem is SignInProblem.LOCKED
    # even the right PIN is refused while locked
    with pytest.raises(SignInError) as err:
        accounts.sign_in(db, "S-01", "1357", now=clock.now())
    assert err.value.problem is SignInProblem.LOCKED
    clock.advance(timedelta(minutes=accounts.LOCK_MINUTES).total_seconds() + 1)
    assert accounts.sign_in(db, "S-01", "1357", now=clock.now()).staff_id == "S-01"
    actions = _actions(db)
    assert actions.count("sign_in_failed") == accounts.MAX_FAILED - 1
    assert "account_locked" in actions and "sign_in_refused_locked" in actions
    assert not any("1357" in str(r) or "0000" in str(r)
                   for r in db.execute("SELECT detail FROM audit_log"))


def test_unknown_staff_and_card(db) -> None:
    clock = FakeClock()
    key = b"k" * 32
    accounts.create_account(db, "A-1", Role.ADMIN, "24680", now=clock.now(),
                            card_token="CARD-XYZ", card_key=key)
    with pytest.raises(SignInError) as err:
        accounts.sign_in(db, "nobody", "1234", now=clock.now())
    assert err.value.problem is SignInProblem.UNKNOWN
    assert accounts.sign_in_with_card(db, "CARD-XYZ", key, now=clock.now()).role is Role.ADMIN
    with pytest.raises(SignInError):
        accounts.sign_in_with_card(db, "CARD-OTHER", key, now=clock.now())


@pytest.mark.parametrize("pin", ["12", "abcd", "123456789", ""])
def test_weak_or_malformed_pins_are_refused(db, pin: str) -> None:
    with pytest.raises(ValueError, match="PIN"):
        accounts.create_account(db, "X", Role.STAFF, pin, now=FakeClock().now())


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_locked_by_wrong_pins_and_every_attempt_is_audited(db, role) -> None:
    clock = FakeClock()
    accounts.create_account(db, "R-1", role, "86420", now=clock.now())
    for _ in range(accounts.MAX_FAILED):
        with pytest.raises(SignInError):
            accounts.sign_in(db, "R-1", "11111", now=clock.now())
    with pytest.raises(SignInError) as err:
        accounts.sign_in(db, "R-1", "86420", now=clock.now())
    assert err.value.problem is SignInProblem.LOCKED
    clock.advance(accounts.LOCK_MINUTES * 60 + 1)
    assert accounts.sign_in(db, "R-1", "86420", now=clock.now()).role is role
    rows = db.execute("SELECT actor_role, actor_id, action FROM audit_log"
                      " WHERE actor_id = 'R-1' ORDER BY id").fetchall()
    assert [a for _, _, a in rows] == (["sign_in_failed"] * (accounts.MAX_FAILED - 1)
                                       + ["account_locked", "sign_in_refused_locked",
                                          "sign_in"])
    assert {r for r, _, _ in rows} == {role.value}
