"""Station configuration: one TOML file, read once at start-up into frozen dataclasses.

Lookup order: ``--config PATH``, then ``$LIFELOG_CONFIG``, then ``/etc/lifelog-kiosk/station.toml``.
When none exists the station runs the built-in simulated setup (every device ``sim://``), so
a newcomer can start it with no hardware.  A file that exists but is wrong raises
:class:`ConfigError` naming the file, the line and the key -- the app shows that on a staff
maintenance screen instead of a traceback.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATHS = (Path("/etc/lifelog-kiosk/station.toml"),)
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PACKAGE_ROOT / "assets"
DEVICE_KINDS = ("blood_pressure", "scale", "grip")


class ConfigError(Exception):
    def __init__(self, path: Path | None, line: int | None, key: str, problem: str) -> None:
        where = f"{path}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: [{key}] {problem}")
        self.path, self.line, self.key, self.problem = path, line, key, problem


@dataclass(frozen=True)
class DisplayConfig:
    # Default target: a 21.5-inch 1920x1080 panel (~102.5 dpi); see kiosk/theme.py.
    diagonal_in: float = 21.5
    width_px: int = 1920
    height_px: int = 1080
    fullscreen: bool = True


@dataclass(frozen=True)
class DeviceConfig:
    name: str
    kind: str  # blood_pressure | scale | grip
    model: str  # registry id, e.g. "and-ua-651ble"
    address: str  # BLE address, serial port / pyserial URL, or sim://NAME
    # calibration policy for this device (None: measurements/calibration.py defaults).  The
    # allowed error is max(absolute, relative x reference), in the device kind's unit.
    tolerance_absolute: float | None = None
    tolerance_relative: float | None = None
    calibration_interval_days: int | None = None

    @property
    def simulated(self) -> bool:
        return self.address.startswith("sim://")


_DEVICE_KEYS = {"name", "kind", "model", "address", "tolerance_absolute", "tolerance_relative",
                "calibration_interval_days"}


@dataclass(frozen=True)
class PlatformConfig:
    url: str = ""  # empty: sync disabled (everything stays queued in the outbox)
    idempotency: str = "conditional-create"  # or "put"
    client_id: str = ""
    key_file: str = ""  # private key for SMART backend services; never logged
    # mutual TLS at the platform's edge (sync-fhir-security.md §5.2): the station's
    # certificate chain and its private key (PEM), and the platform CA bundle (the system
    # trust store when empty).  Checked to exist when the file is read.
    client_cert_file: str = ""
    client_key_file: str = ""  # never logged
    ca_file: str = ""


@dataclass(frozen=True)
class StationConfig:
    station_id: str = "SIM-STATION-01"
    language: str = "ko"
    db_path: Path = Path("var/station.db")
    idle_timeout_s: float = 120.0
    idle_warning_s: float = 30.0  # WCAG 2.2.1: warn and give >= 20 s to extend
    bp_rest_s: float = 300.0  # KSH: 5 minutes seated rest before measuring
    # Key for the phone/birth-date pseudonym (HMAC).  A real station gets it provisioned.
    lookup_key_hex: str = "00" * 32
    display: DisplayConfig = field(default_factory=DisplayConfig)
    platform: PlatformConfig = field(default_factory=PlatformConfig)
    devices: tuple[DeviceConfig, ...] = ()
    # the simulated camera: a bundled sample video (bench/make_pose_sample.py renders it)
    camera_source: str = str(ASSETS / "samples" / "chair_stand_640x480.mp4")
    voice_enabled: bool = True
    voice_rate: float = 1.0
    voice_volume: float = 0.8
    source: Path | None = None  # the file it came from; None = built-in simulated setup

    def device(self, kind: str) -> DeviceConfig | None:
        return next((d for d in self.devices if d.kind == kind), None)


SIMULATED_DEVICES = (
    DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", "sim://and-ua-651ble"),
    DeviceConfig("체성분계", "scale", "tanita-bc-418", "sim://tanita-bc-418"),
    DeviceConfig("악력계", "grip", "tindeq-progressor", "sim://tindeq-progressor"),
)


def simulated() -> StationConfig:
    return StationConfig(devices=SIMULATED_DEVICES)


def find_config_path(explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        return explicit
    env = os.environ.get("LIFELOG_CONFIG")
    if env:
        return Path(env)
    return next((p for p in DEFAULT_PATHS if p.exists()), None)


def load(explicit: Path | None = None) -> StationConfig:
    """Load the station configuration (or the simulated setup when there is none)."""
    path = find_config_path(explicit)
    if path is None:
        return simulated()
    if not path.exists():
        raise ConfigError(path, None, "-", "file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(path, None, "-", f"cannot read: {err}") from err
    return parse(text, path)


def parse(text: str, path: Path | None = None) -> StationConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        raise ConfigError(path, int(match.group(1)) if match else None, "-",
                          f"not valid TOML: {err}") from err
    reader = _Reader(text, path)
    station = reader.table(data, "station")
    display = reader.table(data, "display")
    platform = reader.table(data, "platform")
    voice = reader.table(data, "voice")
    camera = reader.table(data, "camera")
    reader.only(data, {"station", "display", "platform", "voice", "camera", "devices"}, "")
    reader.only(station, {"id", "language", "db_path", "idle_timeout_s", "idle_warning_s",
                          "bp_rest_s", "lookup_key_hex"}, "station")
    defaults = StationConfig()
    language = reader.get(station, "station", "language", str, defaults.language)
    if language not in ("ko", "en"):
        reader.fail("station", "language", "must be \"ko\" or \"en\"")
    timeout = reader.get(station, "station", "idle_timeout_s", float, defaults.idle_timeout_s)
    warning = reader.get(station, "station", "idle_warning_s", float, defaults.idle_warning_s)
    if warning < 20 or timeout <= warning:
        reader.fail("station", "idle_warning_s",
                    "must be at least 20 s (WCAG 2.2.1) and shorter than idle_timeout_s")
    key_hex = reader.get(station, "station", "lookup_key_hex", str, defaults.lookup_key_hex)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", key_hex):
        reader.fail("station", "lookup_key_hex", "must be 64 hex digits (a 256-bit key)")
    idem = reader.get(platform, "platform", "idempotency", str, "conditional-create")
    if idem not in ("conditional-create", "put"):
        reader.fail("platform", "idempotency", "must be \"conditional-create\" or \"put\"")
    tls = _mutual_tls(reader, platform)
    return StationConfig(
        station_id=reader.get(station, "station", "id", str, defaults.station_id),
        language=language,
        db_path=Path(reader.get(station, "station", "db_path", str, str(defaults.db_path))),
        idle_timeout_s=timeout,
        idle_warning_s=warning,
        bp_rest_s=reader.get(station, "station", "bp_rest_s", float, defaults.bp_rest_s),
        lookup_key_hex=key_hex,
        display=DisplayConfig(
            diagonal_in=reader.get(display, "display", "diagonal_in", float, 21.5),
            width_px=reader.get(display, "display", "width_px", int, 1920),
            height_px=reader.get(display, "display", "height_px", int, 1080),
            fullscreen=reader.get(display, "display", "fullscreen", bool, True),
        ),
        platform=PlatformConfig(
            url=reader.get(platform, "platform", "url", str, ""),
            idempotency=idem,
            client_id=reader.get(platform, "platform", "client_id", str, ""),
            key_file=reader.get(platform, "platform", "key_file", str, ""),
            client_cert_file=tls[0], client_key_file=tls[1], ca_file=tls[2],
        ),
        devices=reader.devices(data.get("devices", [])),
        camera_source=reader.get(camera, "camera", "source", str, defaults.camera_source),
        voice_enabled=reader.get(voice, "voice", "enabled", bool, True),
        voice_rate=reader.get(voice, "voice", "rate", float, 1.0),
        voice_volume=reader.get(voice, "voice", "volume", float, 0.8),
        source=path,
    )


def _mutual_tls(reader: _Reader, platform: dict[str, Any]) -> tuple[str, str, str]:
    """``[platform] client_cert_file / client_key_file / ca_file``: all present on disk.

    A missing certificate would otherwise surface only at the first upload, as a TLS error
    in the uploader's log; here it names the file, the line and the key at start-up.
    """
    files = {key: reader.get(platform, "platform", key, str, "")
             for key in ("client_cert_file", "client_key_file", "ca_file")}
    if bool(files["client_cert_file"]) != bool(files["client_key_file"]):
        given, missing = (("client_cert_file", "client_key_file") if files["client_cert_file"]
                          else ("client_key_file", "client_cert_file"))
        reader.fail("platform", missing, f"is required with {given} (mutual TLS needs both)",
                    line=reader.line_of("platform", given))
    if files["ca_file"] and not files["client_cert_file"]:
        reader.fail("platform", "ca_file",
                    "is used for mutual TLS only: give client_cert_file and client_key_file too")
    for key, value in files.items():
        if value and not Path(value).is_file():
            reader.fail("platform", key, f"file not found: {value}")
    return files["client_cert_file"], files["client_key_file"], files["ca_file"]


class _Reader:
    """Typed access to the parsed TOML that can point at the offending line."""

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = text.splitlines()
        self.path = path

    def line_of(self, section: str, key: str) -> int | None:
        in_section = section == ""
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                name = stripped.strip("[]").strip()
                in_section = name == section
                if in_section and not key:
                    return number
            elif in_section and re.match(rf"{re.escape(key)}\s*=", stripped):
                return number
        return None

    def fail(self, section: str, key: str, problem: str, line: int | None = None) -> None:
        dotted = f"{section}.{key}" if section and key else section or key
        raise ConfigError(self.path, line or self.line_of(section, key), dotted, problem)

    def table(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.fail("", name, f"must be a table ([{name}])")
        return dict(value)

    def only(self, table: dict[str, Any], allowed: set[str], section: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(section, key, f"unknown key (expected one of {sorted(allowed)})")

    def get(self, table: dict[str, Any], section: str, key: str, kind: type, default: Any) -> Any:
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.fail(section, key, f"must be {kind.__name__}, got {type(value).__name__}")
        return value

    def devices(self, entries: Any) -> tuple[DeviceConfig, ...]:
        if not isinstance(entries, list):
            self.fail("", "devices", "must be an array of tables ([[devices]])")
        result = []
        for index, entry in enumerate(entries):
            line = self._nth_devices_line(index)
            for key in ("name", "kind", "model", "address"):
                if not isinstance(entry.get(key), str) or not entry.get(key):
                    raise ConfigError(self.path, line, f"devices[{index}].{key}",
                                      "is required and must be a non-empty string")
            if entry["kind"] not in DEVICE_KINDS:
                raise ConfigError(self.path, line, f"devices[{index}].kind",
                                  f"must be one of {list(DEVICE_KINDS)}")
            for key in entry:
                if key not in _DEVICE_KEYS:
                    raise ConfigError(self.path, line, f"devices[{index}].{key}",
                                      f"unknown key (expected one of {sorted(_DEVICE_KEYS)})")
            result.append(DeviceConfig(
                entry["name"], entry["kind"], entry["model"], entry["address"],
                tolerance_absolute=self._positive(entry, index, "tolerance_absolute", float, line),
                tolerance_relative=self._positive(entry, index, "tolerance_relative", float, line),
                calibration_interval_days=self._positive(entry, index,
                                                         "calibration_interval_days", int, line)))
        return tuple(result)

    def _positive(self, entry: dict[str, Any], index: int, key: str, kind: type,
                  line: int | None) -> Any:
        if key not in entry:
            return None
        value: Any = entry[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        valid = isinstance(value, kind) and not isinstance(value, bool)
        number = float(value) if valid else -1.0
        if number < 0 or (kind is int and number == 0):
            raise ConfigError(self.path, line, f"devices[{index}].{key}",
                              f"must be a {'positive whole number' if kind is int else 'number >= 0'}")
        return value

    def _nth_devices_line(self, index: int) -> int | None:
        found = [n for n, line in enumerate(self.lines, 1) if line.strip() == "[[devices]]"]
        return found[index] if index < len(found) else None
