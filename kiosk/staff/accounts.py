"""Personal staff sign-in: a PIN or a staff card per person, never a shared login.

Vendors forbid shared logins and give per-function permissions (InBody LookinBody staff
accounts, health-kiosk-anchors.md §1, §6 item 13).  PINs are stored as scrypt hashes; after
``MAX_FAILED`` wrong PINs in a row the account locks for ``LOCK_MINUTES`` (PIPC safety
standard: limit repeated authentication failures).  Every attempt is audited with the staff
id, never with the PIN.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from measurements import store

MAX_FAILED = 5
LOCK_MINUTES = 15
PIN_DIGITS = (4, 8)  # accepted PIN lengths, inclusive
# scrypt cost: ~50 ms per check on the station CPU -- slow enough for offline guessing,
# fast enough for a tap-and-go sign-in (RFC 7914 §2 parameter guidance)
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class Role(enum.StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"
    ADMIN = "admin"


# which screens each role may open; admin can do everything staff and technicians can
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.STAFF: frozenset({"assessment", "sync_status", "skip_rest_timer", "override_score"}),
    Role.TECHNICIAN: frozenset({"technician", "calibration", "sync_status"}),
    Role.ADMIN: frozenset({"assessment", "sync_status", "skip_rest_timer", "override_score",
                           "technician", "calibration", "accounts", "export"}),
}


class SignInProblem(enum.Enum):
    UNKNOWN = "unknown"  # said as "wrong staff number or PIN": do not reveal which
    WRONG_PIN = "wrong_pin"
    LOCKED = "locked"
    INACTIVE = "inactive"


class SignInError(Exception):
    def __init__(self, problem: SignInProblem, locked_until: datetime | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.locked_until = locked_until


@dataclass(frozen=True)
class StaffSession:
    staff_id: str
    role: Role
    signed_in_at: datetime

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _pin_matches(pin: str, stored: str) -> bool:
    _, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), dklen=32, **SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def card_hash(card_token: str, key: bytes) -> str:
    return hmac.new(key, card_token.strip().encode(), hashlib.sha256).hexdigest()


def create_account(db: Database, staff_id: str, role: Role, pin: str, *, now: datetime,
                   card_token: str | None = None, card_key: bytes = b"",
                   created_by: str | None = None) -> None:
    if not (pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]):
        raise ValueError(f"a PIN is {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits")
    with db.atomic():
        db.execute(
            "INSERT INTO staff_accounts (id, role, pin_hash, card_hash, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [staff_id, role.value, hash_pin(pin),
             card_hash(card_token, card_key) if card_token else None, now.isoformat()],
        )
        store.audit(db, actor_role="admin" if created_by else "system", actor_id=created_by,
                    action="account_created", subject=staff_id, now=now,
                    detail={"role": role.value})


def sign_in(db: Database, staff_id: str, pin: str, *, now: datetime) -> StaffSession:
    """Check a staff number + PIN.  Raises SignInError; audits success and failure."""
    row = db.execute(
        "SELECT role, pin_hash, failed_attempts, locked_until, active FROM staff_accounts"
        " WHERE id = ?", [staff_id]).fetchone()
    if row is None:
        store.audit(db, actor_role="unknown", action="sign_in_failed", now=now,
                    detail={"problem": "unknown"})
        raise SignInError(SignInProblem.UNKNOWN)
    role, pin_hash, failed, locked_until, active = row
    if not active:
        raise SignInError(SignInProblem.INACTIVE)
    if locked_until and datetime.fromisoformat(locked_until) > now:
        store.audit(db, actor_role=role, actor_id=staff_id, action="sign_in_refused_locked",
                    now=now)
        raise SignInError(SignInProblem.LOCKED, datetime.fromisoformat(locked_until))
    if not _pin_matches(pin, pin_hash):
        failed += 1
        lock = (now + timedelta(minutes=LOCK_MINUTES)) if failed >= MAX_FAILED else None
        with db.atomic():
            db.execute("UPDATE staff_accounts SET failed_attempts = ?, locked_until = ?"
                       " WHERE id = ?",
                       [0 if lock else failed, lock.isoformat() if lock else None, staff_id])
            store.audit(db, actor_role=role, actor_id=staff_id,
                        action="account_locked" if lock else "sign_in_failed", now=now,
                        detail={"failed_attempts": failed})
        if lock:
            raise SignInError(SignInProblem.LOCKED, lock)
        raise SignInError(SignInProblem.WRONG_PIN)
    return _signed_in(db, staff_id, Role(role), now)


def sign_in_with_card(db: Database, card_token: str, key: bytes, *, now: datetime
                      ) -> StaffSession:
    row = db.execute("SELECT id, role, locked_until, active FROM staff_accounts"
                     " WHERE card_hash = ?", [card_hash(card_token, key)]).fetchone()
    if row is None or not row[3]:
        store.audit(db, actor_role="unknown", action="sign_in_failed", now=now,
                    detail={"problem": "unknown card"})
        raise SignInError(SignInProblem.UNKNOWN)
    if row[2] and datetime.fromisoformat(row[2]) > now:
        raise SignInError(SignInProblem.LOCKED, datetime.fromisoformat(row[2]))
    return _signed_in(db, row[0], Role(row[1]), now)


def _signed_in(db: Database, staff_id: str, role: Role, now: datetime) -> StaffSession:
    with db.atomic():
        db.execute("UPDATE staff_accounts SET failed_attempts = 0, locked_until = NULL"
                   " WHERE id = ?", [staff_id])
        store.audit(db, actor_role=role.value, actor_id=staff_id, action="sign_in", now=now)
    return StaffSession(staff_id, role, now)


def sign_out(db: Database, session: StaffSession, *, now: datetime) -> None:
    store.audit(db, actor_role=session.role.value, actor_id=session.staff_id,
                action="sign_out", now=now)
