"""Issue 3 at kiosk level: every device tier end to end through the real window and drivers.

The station is built by ``kiosk.app.build`` with drivers from ``drivers.registry.open_driver``,
exactly as a configured station gets them, and a visitor walks the real screens (identify ->
consent -> menu -> measure -> result).  Nothing between the screen and the emulated device is
replaced:

* the A&D UA-651BLE cuff and the Tindeq Progressor are served by bumble virtual controllers
  (tests/support/bumble_peripheral.py) and reached through bleak's public API with the
  test-only bumble backend (tests/support/bleak_bumble.py) -- ``BleakGattLink``, the real
  drivers, the device loop and the bridge all run unchanged;
* the Tanita analyser runs on a pty (drivers/emulators/serial_pty.py) and the kiosk opens its
  device path with pyserial ``serial_for_url`` through ``SerialLink`` (PC mode: the visitor's
  sex, height and age go to the analyser as D1/D3/D4 commands).

Faults are injected the way hardware fails: the cuff drops the BLE link mid-measurement
(``Fault.DROP_MID_MEASUREMENT``), and the analyser's cable is pulled half-way through its
record (the pty is closed, so the kiosk's next read fails as with a pulled USB adapter).
Both must end in one plain-Korean message on the measure screen (and in speech), store
nothing for the failed attempt, keep the visit's earlier measurements, and measure again
after the device is back.  That every measurement row gets its outbox row inside its own
transaction is read from an SQL trace of the station's connection.

Every timeout is shortened through ``open_driver``'s ``link_kwargs`` / ``driver_kwargs``; the
rest timers run on the FakeClock.  Reference devices-and-protocols.md §5.3, §6 (level 3).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import QLabel, QPushButton

from drivers import registry
from drivers.codecs import tanita, tindeq
from drivers.emulators.and_ua651ble import AndUA651BLE, BloodPressurePerson, CuffTiming
from drivers.emulators.scripted import Fault
from drivers.emulators.serial_pty import PtyHost, start_emulator
from drivers.emulators.tanita_analyser import AnalyserPerson, TanitaEmulator
from drivers.emulators.tindeq_progressor import GripPerson, TindeqProgressor
from drivers.readings import DeviceKind
from kiosk import config, lockout
from kiosk.app import KioskApp, build
from kiosk.bridge import DeviceLoop
from kiosk.demo import PREFERRED_CHOICES, DemoDriver
from kiosk.screens.measure import MeasureScreen
from kiosk.voice.engine import RecordingVoice
from measurements import calibration, store
from measurements.clock import FakeClock
from tests.support.bleak_bumble import BleakClientBumble, BumbleHub
from tests.support.bumble_peripheral import BumblePeripheralHost

CUFF_PERSON = BloodPressurePerson(systolic_mmhg=134, diastolic_mmhg=84, pulse_bpm=68)
ANALYSER_PERSON = AnalyserPerson(mass_kg=58.3, body_fat_pct=31.2, impedance_ohm=548.0)
GRIP_PERSON = GripPerson(peak_kgf=21.5)
HEIGHT_TYPED = "156"  # what the visitor keys in on the height step (cm)
LOST_KO = "기기 연결이 끊겼어요"  # prompts.DEVICE_ERRORS[DEVICE_LOST], as the visitor reads it
TIMEOUT_S = 15.0  # a stuck walk fails the test long before pytest would


class CableTanita(TanitaEmulator):
    """A Tanita analyser whose cable can be pulled half-way through its record (one shot).

    ``SerialFaults.drop_mid_measurement`` unplugs before any byte of the record; pulling it
    mid-frame also proves that the half line already in the kiosk's buffer never becomes a
    reading and does not corrupt the next one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cut_next_record = False
        self.partial_sent = b""

    def _finish(self, entered: dict[str, str]) -> None:
        if not self.cut_next_record:
            super()._finish(entered)
            return
        self.cut_next_record = False
        self._measuring = False
        record = tanita.encode(self.record(entered))
        self.partial_sent = record[: len(record) // 2]
        self.send(self.partial_sent)
        # let the bytes reach the kiosk's read buffer, then pull the cable; it is plugged back
        # (the same /dev path, re-pointed like a udev by-id link) 0.3 s later
        self.later(0.05, lambda: self.host.unplug(0.3) if self.host is not None else None)


class SqlTrace:
    """Every statement the station's connection runs, to check transaction boundaries."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, sql: str) -> None:
        statement = " ".join(sql.split())
        # SQLite reports a statement again for each trigger program it runs (the outbox keeps
        # its state counts by trigger: sync/schema.py); one statement is one entry here.
        # Two genuine writes are never identical text: each carries its own row id.
        if not self.statements or self.statements[-1] != statement:
            self.statements.append(statement)

    def measurement_transactions(self) -> list[tuple[int, int]]:
        """(measurement inserts, outbox inserts) of each top-level transaction writing one."""
        found: list[tuple[int, int]] = []
        depth_open = False
        measurements = outbox = 0
        for sql in self.statements:
            upper = sql.upper()
            if upper.startswith("BEGIN"):
                depth_open, measurements, outbox = True, 0, 0
            elif upper.startswith(("COMMIT", "END")):
                if measurements:
                    found.append((measurements, outbox))
                depth_open = False
            elif upper.startswith("ROLLBACK") and not upper.startswith("ROLLBACK TO"):
                depth_open = False
            elif upper.startswith("INSERT INTO MEASUREMENTS"):
                assert depth_open, f"measurement written outside a transaction: {sql[:80]}"
                measurements += 1
            elif re.match(r"INSERT (OR \w+ )?INTO SYNC_OUTBOX\b", upper):
                outbox += 1
        return found


@dataclass
class Rig:
    kiosk: KioskApp
    visitor: Visitor
    cuff: AndUA651BLE
    gauge: TindeqProgressor
    analyser: CableTanita
    pty: PtyHost
    sql: SqlTrace

    @property
    def db(self) -> Any:
        return self.kiosk.ctx.db

    @property
    def visit_id(self) -> str:
        visit_id = self.kiosk.ctx.visit.visit_id
        assert visit_id is not None, (  # what ended the visit, if it ended early
            self.kiosk.window.current.screen_id if self.kiosk.window.current else None,
            self.db.execute("SELECT id, status, ended_at FROM visits").fetchall(),
            self.db.execute("SELECT action, subject FROM audit_log ORDER BY rowid DESC LIMIT 5"
                            ).fetchall())
        return visit_id


class Visitor(DemoDriver):
    """Presses the real buttons like the demo, without screenshots, typing a height."""

    def shot(self, name: str) -> Path:
        self.pump(5)
        return self.out / name

    def open_measurement(self, kind: str) -> None:
        self.click({"blood_pressure": "menu-bp", "body_composition": "menu-body",
                    "grip": "menu-grip"}[kind])

    def advance(self, *, stop_at: str | None = None, timeout_s: float = TIMEOUT_S) -> None:
        """Answer the measure screen until it leaves for the result (or shows ``stop_at``)."""
        screen = self.window.screens["measure"]
        clock = self.kiosk.ctx.clock
        end = time.monotonic() + timeout_s
        while self.window.current is screen:
            if time.monotonic() > end:
                step = screen.workflow.view().step if screen.workflow else "-"
                raise TimeoutError(f"measure screen stuck at step {step!r}")
            workflow = screen.workflow
            if workflow is None:
                self.pump(10)
                continue
            view = workflow.view()
            if stop_at is not None and view.step == stop_at:
                return
            if workflow.busy:
                self.pump(10)
            elif view.seconds_left:  # the seated rest and the interval, on the FakeClock
                clock.advance(view.seconds_left + 0.5)
                workflow.tick()
                self.pump(5)
            elif view.numeric_input is not None and view.numeric_input.key == "height_cm":
                self.type_digits(HEIGHT_TYPED)
                self.click("number-ok")
            else:
                usable = [c.key for c in view.choices if not c.staff_only]
                assert usable, f"step {view.step!r} offers nothing to press"
                self.click("choice-" + next((k for k in PREFERRED_CHOICES if k in usable),
                                            usable[0]))
        self.wait_for(lambda: self.window.current.screen_id == "result", timeout_s)

    def measure(self, kind: str, label: str = "", timeout_s: float = TIMEOUT_S) -> None:
        self.open_measurement(kind)
        self.advance(timeout_s=timeout_s)

    def back_to_menu(self) -> None:
        self.click("next")
        assert self.window.current.screen_id == "menu"


def _on_loop(loop: DeviceLoop, coro: Any, timeout_s: float = 10.0) -> Any:
    return loop.submit(coro).result(timeout_s)


@pytest.fixture
def rig(qtbot: Any, tmp_path: Path) -> Iterator[Rig]:
    cuff = AndUA651BLE(CUFF_PERSON, timing=CuffTiming(step_s=0.002))
    gauge = TindeqProgressor(GRIP_PERSON)
    analyser = CableTanita(ANALYSER_PERSON, model="BC-418", serial="04180123", measure_s=0.2)
    pty = start_emulator(analyser, "tanita-bc-418", directory=tmp_path, tick_s=0.002)
    loop = DeviceLoop().start()
    hub: BumbleHub | None = None
    hosts: list[BumblePeripheralHost] = []
    kiosk: KioskApp | None = None

    async def bring_up() -> BumbleHub:
        # bumble controllers bind to the running loop: they live on the kiosk's device loop
        hub = BumbleHub()
        await hub.start()
        for peripheral in (cuff, gauge):
            hosts.append(BumblePeripheralHost(hub, peripheral))
            await hosts[-1].start()
        return hub

    async def tear_down(hub: BumbleHub) -> None:
        for host in hosts:
            await host.close()  # re-raises an emulator hook's failure
        await hub.close()

    try:
        hub = _on_loop(loop, bring_up())
        clock = FakeClock()
        cfg = replace(config.simulated(), devices=(
            config.DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", cuff.address),
            config.DeviceConfig("체성분계", "scale", "tanita-bc-418", pty.path),
            config.DeviceConfig("악력계", "grip", "tindeq-progressor", gauge.address),
        ))
        # the production factory; only the bleak backend and the timeouts are the test's
        ble_links = {"bumble_hub": hub, "connect_timeout_s": 3.0}
        drivers = {
            DeviceKind.BLOOD_PRESSURE: registry.open_driver(
                "and-ua-651ble", cuff.address, pair=True, clock=clock.now,
                ble_client_backend=BleakClientBumble, link_kwargs=ble_links,
                driver_kwargs={"measurement_timeout_s": 5.0, "settle_s": 0.2}),
            DeviceKind.SCALE: registry.open_driver(
                "tanita-bc-418", pty.path, clock=clock.now,
                link_kwargs={"reopen_timeout_s": 3.0, "poll_s": 0.01},
                driver_kwargs={"ack_timeout_s": 1.0, "measure_timeout_s": 3.0}),
            DeviceKind.GRIP: registry.open_driver(
                "tindeq-progressor", gauge.address, clock=clock.now,
                ble_client_backend=BleakClientBumble, link_kwargs=ble_links,
                driver_kwargs={"trial_timeout_s": 5.0, "response_timeout_s": 2.0}),
        }
        kiosk = build(cfg, clock=clock, db_path=tmp_path / "station.db",
                      voice=RecordingVoice(), drivers=drivers, device_loop=loop)
        _calibrate(kiosk)
        sql = SqlTrace()
        kiosk.ctx.db.conn.set_trace_callback(sql)
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        yield Rig(kiosk, Visitor(kiosk, tmp_path), cuff, gauge, analyser, pty, sql)
    finally:
        if kiosk is not None:
            kiosk.ctx.db.conn.set_trace_callback(None)
            kiosk.ctx.devices.close_all()
        if hub is not None:
            _on_loop(loop, tear_down(hub))
        if kiosk is not None:
            kiosk.shutdown()  # stops the device loop too
        loop.stop()  # a no-op once stopped
        pty.stop()


def _calibrate(kiosk: KioskApp) -> None:
    """A technician's passing check for each configured device (real addresses get none)."""
    db, now = kiosk.ctx.db, kiosk.ctx.clock.now()
    for device in kiosk.ctx.config.devices:
        with db.atomic():
            store.record_device(db, lockout.configured_identity(device), device.kind, now=now)
        tolerance = calibration.DEFAULT_TOLERANCES[device.kind]
        calibration.record(
            db, device_id=lockout.device_id(device), technician_id="tech-01",
            result=calibration.evaluate([calibration.CheckPoint(50.0, 50.0)], tolerance),
            reference_serials=["REF-1"], now=now, interval_days=lockout.interval_days(device.kind))


# --- what the database must hold ------------------------------------------------------------
def _rows(rig: Rig, kind: str) -> list[dict[str, Any]]:
    columns = ("id", "role", "status", "sequence", "device_id", "device_model", "device_serial",
               "device_firmware", "raw_frames")
    rows = rig.db.execute(f"SELECT {', '.join(columns)} FROM measurements"
                          " WHERE visit_id = ? AND kind = ? ORDER BY station_time, sequence",
                          [rig.visit_id, kind]).fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _values(rig: Rig, measurement_id: str) -> dict[str, float]:
    return dict(rig.db.execute("SELECT name, value FROM measurement_values"
                               " WHERE measurement_id = ?", [measurement_id]).fetchall())


def _snapshot(rig: Rig) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every measurement, value and outbox row of the station, to compare before/after."""
    return (rig.db.execute("SELECT * FROM measurements ORDER BY id").fetchall(),
            rig.db.execute("SELECT * FROM measurement_values ORDER BY measurement_id, name"
                           ).fetchall(),
            rig.db.execute("SELECT id, kind, ref_id, state FROM sync_outbox ORDER BY id"
                           ).fetchall())


def _assert_stored_with_outbox(rig: Rig, rows: list[dict[str, Any]]) -> None:
    """Each row has exactly one queued outbox row, written in the row's own transaction."""
    for row in rows:
        outbox = rig.db.execute("SELECT kind, state, visit_id FROM sync_outbox WHERE ref_id = ?",
                                [row["id"]]).fetchall()
        assert outbox == [("measurement", "queued", rig.visit_id)]
    transactions = rig.sql.measurement_transactions()
    assert len(transactions) == len(rig.db.execute("SELECT id FROM measurements").fetchall())
    assert all(t == (1, 1) for t in transactions), transactions


def _frames(row: dict[str, Any]) -> tuple[Any, ...]:
    assert row["raw_frames"] is not None, "a device reading keeps its raw frames"
    return store.unpack_frames(row["raw_frames"])


def _device(rig: Rig, device_id: str) -> Any:
    return rig.db.execute("SELECT model, manufacturer, serial_number, firmware, address, link"
                          " FROM devices WHERE id = ?", [device_id]).fetchone()


def _measure_screen_text(rig: Rig) -> str:
    """Every line of text the visitor can see on the measure screen."""
    screen = rig.kiosk.window.screens["measure"]
    assert isinstance(screen, MeasureScreen) and rig.kiosk.window.current is screen
    return "\n".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())


def _spoken(rig: Rig) -> list[str]:
    voice = rig.kiosk.ctx.voice
    assert isinstance(voice, RecordingVoice)
    return list(voice.spoken)


def _result_values(rig: Rig) -> list[str]:
    screen = rig.kiosk.window.screens["result"]
    assert rig.kiosk.window.current is screen
    labels = screen.findChildren(QLabel, QRegularExpression(r"^value-\d+$"))
    return [label.text() for label in sorted(labels, key=lambda w: w.objectName())]


def _wait_for_replug(rig: Rig) -> None:
    rig.visitor.wait_for(lambda: rig.pty.plugged and Path(rig.pty.path).exists(), 5.0)


# --- the three tiers, end to end -----------------------------------------------------------------
def test_blood_pressure_over_bumble_ble_is_stored_with_frames_identity_and_outbox(rig: Rig) -> None:
    rig.visitor.sign_in_as_visitor()
    rig.visitor.measure("blood_pressure")

    rows = _rows(rig, "blood_pressure")
    readings = [r for r in rows if r["role"] == "reading"]
    results = [r for r in rows if r["role"] == "result"]
    assert len(readings) == 2 and len(results) == 1  # KSH: two readings, then the mean
    for reading in readings:
        assert reading["status"] == "valid"
        assert _values(rig, reading["id"]) == {"systolic": 134, "diastolic": 84, "pulse": 68,
                                             "mean_arterial": 101}  # MAP = round(84 + 50 / 3)
        # identity read over GATT from the cuff's Device Information Service
        assert (reading["device_model"], reading["device_serial"], reading["device_firmware"]
                ) == ("UA-651BLE", "5140300123", "BLP008_d017")
        sources = {frame.source for frame in _frames(reading)}
        assert {"2a35", "2a36"} <= sources  # the indication and the cuff-pressure notifications
    assert _device(rig, readings[0]["device_id"]) == (
        "UA-651BLE", "A&D Medical", "5140300123", "BLP008_d017", rig.cuff.address, "ble")
    assert {"systolic": 134, "diastolic": 84}.items() <= _values(rig, results[0]["id"]).items()
    _assert_stored_with_outbox(rig, rows)
    # the clock went over the air before the indication subscription, once per connection
    assert rig.cuff.measurements_sent == 2
    assert rig.cuff.events.index("write 2a08") < rig.cuff.events.index("subscribe 2a35")
    assert _result_values(rig) == ["134", "84", "68"]  # what the visitor reads


def test_body_composition_over_pty_and_pyserial_is_stored_with_frames_identity_and_outbox(
        rig: Rig) -> None:
    rig.visitor.sign_in_as_visitor()
    rig.visitor.measure("body_composition")

    rows = _rows(rig, "body_composition")
    [reading] = [r for r in rows if r["role"] == "reading"]
    [result] = [r for r in rows if r["role"] == "result"]
    values = _values(rig, reading["id"])
    assert values["mass"] == pytest.approx(58.3)
    assert values["body_fat"] == pytest.approx(31.2)
    assert values["impedance"] == pytest.approx(548.0)
    assert (reading["device_model"], reading["device_serial"]) == ("BC-418", "04180123")
    assert _device(rig, reading["device_id"])[4:] == (rig.pty.path, "serial")
    frames = _frames(reading)
    assert all(frame.source == "serial" for frame in frames)
    assert frames[-1].data.startswith(b"{0,16,") and frames[-1].data.endswith(b"\r\n")
    result_values = _values(rig, result["id"])
    assert result_values["height"] == pytest.approx(156.0)
    assert result_values["bmi"] == pytest.approx(58.3 / 1.56**2, abs=0.05)
    _assert_stored_with_outbox(rig, rows)
    # PC mode: the visitor's profile reached the analyser as commands, then G1 started it
    sent = dict(rig.analyser.commands)
    assert (sent["D1"], float(sent["D3"]), int(sent["D4"])) == ("2", 156.0, 2026 - 1952)
    assert rig.analyser.commands[-1] == ("G1", "")


def test_grip_over_bumble_ble_is_stored_with_frames_identity_and_outbox(rig: Rig) -> None:
    rig.visitor.sign_in_as_visitor()
    rig.visitor.measure("grip")

    rows = _rows(rig, "grip")
    readings = [r for r in rows if r["role"] == "reading"]
    [result] = [r for r in rows if r["role"] == "result"]
    assert len(readings) == 4  # right, left, right, left
    for reading in readings:
        [(name, force)] = _values(rig, reading["id"]).items()
        assert name in ("grip_right", "grip_left")
        assert force == pytest.approx(21.5, abs=0.01)
        assert (reading["device_model"], reading["device_firmware"]) == ("Progressor", "1.2.8")
        # every notification of the data characteristic 0x1702 is kept; the stored peak is
        # the highest sample in those raw frames (the gauge's float32 kg, §3.4)
        frames = _frames(reading)
        assert {frame.source for frame in frames} == {"7e4e1702"}
        samples = [sample.force_kgf for frame in frames
                   if isinstance(decoded := tindeq.decode_frame(frame.data), tindeq.WeightSamples)
                   for sample in decoded.samples]
        assert max(samples) == pytest.approx(force, abs=1e-6)
    assert _device(rig, readings[0]["device_id"])[4:] == (rig.gauge.address, "ble")
    assert _values(rig, result["id"])  # best / mean per hand, relative grip when known
    _assert_stored_with_outbox(rig, rows)


# --- a disconnect mid-measurement ------------------------------------------------------------------
def test_cuff_link_dropped_mid_measurement_stores_nothing_and_retry_measures(rig: Rig) -> None:
    rig.visitor.sign_in_as_visitor()
    rig.visitor.measure("body_composition")  # an earlier, completed measurement of the visit
    rig.visitor.back_to_menu()
    before = _snapshot(rig)

    rig.cuff.fault = Fault.DROP_MID_MEASUREMENT
    rig.visitor.open_measurement("blood_pressure")
    rig.visitor.advance(stop_at="device_error")

    assert _measure_screen_text(rig).count(LOST_KO) == 1  # in large type, said once
    retry = rig.kiosk.window.screens["measure"].findChild(QPushButton, "choice-retry")
    assert retry is not None and retry.isVisible() and retry.text() == "다시 재기"
    assert any(LOST_KO in said for said in _spoken(rig))  # and hears it
    assert "disconnect" in rig.cuff.events and rig.cuff.measurements_sent == 0
    assert _snapshot(rig) == before  # no reading, no value, no outbox row of the lost attempt
    assert _rows(rig, "blood_pressure") == []

    rig.cuff.fault = Fault.NONE  # the visitor sits still; the cuff is fine again
    rig.visitor.advance()  # presses "다시 재기" and goes on to the result
    assert rig.cuff.events.count("connect") == 3  # the lost link, then one per reading
    bp_rows = _rows(rig, "blood_pressure")
    assert [r["role"] for r in bp_rows].count("reading") == 2
    assert [r["role"] for r in bp_rows].count("result") == 1
    # each stored reading holds exactly its own inflate/deflate (2 x 6 cuff-pressure frames):
    # none of the 7 frames of the dropped attempt leaked into the retry
    for reading in (r for r in bp_rows if r["role"] == "reading"):
        assert [f.source for f in _frames(reading)].count("2a36") == 2 * rig.cuff.timing.inflate_steps
    after = _snapshot(rig)
    assert set(before[0]) <= set(after[0]) and set(before[2]) <= set(after[2])  # body rows intact
    assert len(_rows(rig, "body_composition")) == 2
    _assert_stored_with_outbox(rig, _rows(rig, "blood_pressure") + _rows(rig, "body_composition"))


def test_scale_cable_pulled_mid_frame_stores_nothing_and_retry_measures(rig: Rig) -> None:
    rig.visitor.sign_in_as_visitor()
    rig.visitor.measure("grip")  # an earlier, completed measurement of the visit
    rig.visitor.back_to_menu()
    before = _snapshot(rig)

    # emulator state belongs to its thread (serial_pty.py): set the one-shot fault there
    rig.pty.call_soon(lambda: setattr(rig.analyser, "cut_next_record", True))
    rig.visitor.open_measurement("body_composition")
    rig.visitor.advance(stop_at="device_error")

    assert _measure_screen_text(rig).count(LOST_KO) == 1  # in large type, said once
    assert any(LOST_KO in said for said in _spoken(rig))
    assert rig.analyser.partial_sent.startswith(b"{0,16,") and not rig.analyser.partial_sent.endswith(
        b"\r\n")
    assert _snapshot(rig) == before
    assert _rows(rig, "body_composition") == []

    _wait_for_replug(rig)
    rig.visitor.advance()  # "다시 재기": the kiosk re-opens the same path and measures
    rows = _rows(rig, "body_composition")
    [reading] = [r for r in rows if r["role"] == "reading"]
    assert _values(rig, reading["id"])["mass"] == pytest.approx(58.3)
    # the half line from before the unplug is gone: the stored record is one whole line
    record = _frames(reading)[-1].data
    assert re.fullmatch(rb"\{0,16,[^\r\n{]*\r\n", record)
    assert tanita.decode(record) == rig.analyser.record(
        {"D0": "0.0", "D1": "2", "D2": "0", "D3": "156.0", "D4": str(2026 - 1952)})
    assert rig.pty.plug_count == 2
    after = _snapshot(rig)
    assert set(before[0]) <= set(after[0]) and set(before[2]) <= set(after[2])  # grip intact
    assert len(_rows(rig, "grip")) == 5
    _assert_stored_with_outbox(rig, rows + _rows(rig, "grip"))

