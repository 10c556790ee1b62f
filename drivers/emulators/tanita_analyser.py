"""A Tanita body-composition analyser (SC-240 / BC-418 / MC-780 style) and a scripted person.

Speaks the real byte protocol (drivers.codecs.tanita):

* PC mode (MC-980MA PC-mode instructions §4.2): ``D0``..``D4`` are acknowledged by echoing the
  prefix (``D3!`` for a bad parameter), ``G1`` starts a measurement -- ``E4`` if gender,
  height or age are missing -- and the output record follows ``measure_s`` later.
* Stand-alone (panel) mode: with ``unsolicited_every_s`` set, the person steps on every so
  often and the record is sent unsolicited, as the SC-240/BC-418 do after each measurement.

Records carry the ``CS`` checksum computed by the codec.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.codecs import tanita
from drivers.codecs.errors import CodecError
from drivers.emulators.serial_pty import SerialDeviceEmulator, SerialFaults


@dataclass
class AnalyserPerson:
    """What the analyser measures; panel entries are used in stand-alone mode."""

    mass_kg: float = 72.4
    body_fat_pct: float = 22.1
    impedance_ohm: float = 512.3
    height_cm: float = 170.0
    gender: str = "male"
    age_years: int = 30


class TanitaEmulator(SerialDeviceEmulator):
    """Args: person, faults, model (``MO``), serial (``SN``), measure_s, unsolicited_every_s."""

    def __init__(self, person: AnalyserPerson | None = None, faults: SerialFaults | None = None, *,
                 model: str = "BC-418", serial: str = "00000001", measure_s: float = 0.2,
                 unsolicited_every_s: float | None = None) -> None:
        super().__init__(faults)
        self.person = person if person is not None else AnalyserPerson()
        self.model = model
        self.serial = serial
        self.measure_s = measure_s
        self.unsolicited_every_s = unsolicited_every_s
        self.commands: list[tuple[str, str]] = []
        self._entered: dict[str, str] = {}
        self._measuring = False
        self._last_unsolicited: float | None = None

    # --- the record ------------------------------------------------------------------------

    def record(self, entered: dict[str, str] | None = None) -> tanita.TanitaRecord:
        """The output record for the person, with PC-mode entries overriding the panel."""
        p = self.person
        entered = entered or {}
        height = float(entered.get("D3", p.height_cm))
        gender = entered.get("D1", "1" if p.gender == "male" else "2")
        age = entered.get("D4", str(p.age_years))
        fat_mass = p.mass_kg * p.body_fat_pct / 100.0
        ffm = p.mass_kg - fat_mass
        bmi = p.mass_kg / (height / 100.0) ** 2
        results = {
            "FW": f"{p.body_fat_pct:.1f}", "fW": f"{fat_mass:.1f}", "MW": f"{ffm:.1f}",
            "mW": f"{ffm * 0.95:.1f}", "wW": f"{ffm * 0.73:.1f}", "MI": f"{bmi:.1f}",
            "rb": f"{round(ffm * 92 + 1500)}", "ZF": f"{p.impedance_ohm:.1f}",
        }
        if self.faults.nan:
            results = {key: "" for key in results}  # no impedance result, fields left empty
        pairs = [("{0", "16"), ("~0", "1"), ("~1", "1"), ("~2", "1"),
                 ("MO", f'"{self.model}"'), ("SN", f'"{self.serial}"'), ("Bt", entered.get("D2", "0")),
                 ("GE", gender), ("AG", str(int(age))), ("Hm", f"{height:.1f}"),
                 ("Pt", f"{float(entered.get('D0', '0.0')):.1f}"), ("Wk", f"{p.mass_kg:.1f}")]
        pairs += list(results.items())
        return tanita.TanitaRecord(tuple(pairs))

    # --- protocol ----------------------------------------------------------------------------

    def on_command(self, command: bytes) -> None:
        try:
            prefix, parameter = tanita.decode_command(command)
        except CodecError:
            self.reply(tanita.encode(tanita.Rejected()))
            return
        self.commands.append((prefix, parameter))
        if prefix == "G1":
            self._start_measurement()
            return
        if prefix.startswith("D") and not self._valid(prefix, parameter):
            self.reply(tanita.encode(tanita.CommandAck(prefix, accepted=False)))
            return
        if prefix.startswith("D"):
            self._entered[prefix] = parameter
        self.reply(tanita.encode(tanita.CommandAck(prefix)))

    @staticmethod
    def _valid(prefix: str, parameter: str) -> bool:
        try:
            value = float(parameter)
        except ValueError:
            return False
        limits = {"D0": (0.0, 10.0), "D1": (1, 2), "D2": (0, 2), "D3": (90.0, 249.0), "D4": (5, 99)}
        low, high = limits.get(prefix, (0.0, 1e16))
        return low <= value <= high

    def _start_measurement(self) -> None:
        if self.faults.silent:
            return
        if not {"D1", "D3", "D4"} <= self._entered.keys():
            self.reply(tanita.encode(tanita.DeviceError("E4")))
            return
        self._measuring = True
        entered = dict(self._entered)
        if self.faults.drop_mid_measurement:
            self.later(self.measure_s / 2, self.drop_link)
            return
        if self.faults.garbage is not None:
            self.later(self.measure_s / 2, self.send_garbage)
        self.later(self.measure_s, lambda: self._finish(entered))

    def _finish(self, entered: dict[str, str]) -> None:
        self._measuring = False
        if self.faults.error_code is not None:
            self.reply(tanita.encode(tanita.DeviceError(self.faults.error_code)))
        elif self.faults.overload:
            self.reply(tanita.encode(tanita.DeviceError("E1")))  # overload of scale
        else:
            self.reply(tanita.encode(self.record(entered)))

    def step(self, now: float) -> None:
        if self.unsolicited_every_s is None:
            return
        if self._last_unsolicited is None:
            self._last_unsolicited = now
        elif now - self._last_unsolicited >= self.unsolicited_every_s and not self._measuring:
            self._last_unsolicited = now + self.measure_s
            self._measuring = True
            self.later(self.measure_s, lambda: self._finish({}))
