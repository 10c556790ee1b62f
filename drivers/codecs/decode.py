"""``decode(kind, data)``: any supported frame -> a JSON-serialisable dict (backs ``lifelog-kiosk decode``).

The ``KINDS`` table maps a kind name to where its decoder lives.  Modules are imported lazily,
so a codec that is missing or broken only affects its own kind.

Adding a kind (e.g. a serial codec) is one entry::

    KINDS["tanita"] = Kind(
        description="Tanita body-composition analyser output line",
        module="drivers.codecs.tanita",
        function="decode",                  # (bytes) -> record; raises CodecError only
        example_hex="7B 30 2C ...",          # a cited frame: used by tests, the bench and --help
        to_json=None,                        # or the name of a (record) -> dict function there
    )

or, from your own code, ``register("tanita", Kind(...))``.  With ``to_json=None`` the record is
turned into JSON generically: dataclass fields and public properties, enums by value, bytes
as hex.  Put units in field names (``mass_kg``), because that is what the JSON will show.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, cast

from drivers.codecs.errors import CodecError, UnknownKind


@dataclasses.dataclass(frozen=True)
class Kind:
    """Where the decoder for one kind of frame lives."""

    description: str
    module: str
    function: str
    example_hex: str
    to_json: str | None = None


_BP, _WS = "drivers.codecs.blood_pressure", "drivers.codecs.weight_scale"
_BC = "drivers.codecs.body_composition"
_DT, _DI = "drivers.codecs.date_time", "drivers.codecs.device_info"
_TANITA_SAMPLE = (
    b'{0,16,~0,1,~1,1,~2,1,MO,"SC-240",SN,"00000002",Bt,0,GE,1,AG,30,Hm,170,Pt,0.0,Wk,82.7,FW,18.6,'
    b"fW,15.4,MW,67.3,mW,64.0,sW,19,bW,3.3,wW,48.0,ww,58.0,MI,28.6,Sw,63.6,OV,30.0,IF,6,rb,8255,rB,1973,"
    b"rJ,12,rA,28,ZF,369.4,CS,FD\r\n"
)

# Examples marked in tests/drivers/codecs with their source are cited vectors (Nordic, xiaomi-ble,
# obniz/A&D, the SC-240 manual); the others (2A36, 2A49, 2A9B, 2A9C, 2A9E, 2A19, 2A23, DIS
# strings, tindeq) are built from the documented layouts.
KINDS: dict[str, Kind] = {
    # --- SIG GATT characteristics (hex UUID) ------------------------------------------------
    "2A35": Kind("Blood Pressure Measurement", _BP, "decode_blood_pressure_measurement",
                 "1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00", "measurement_to_json"),
    "2A36": Kind("Intermediate Cuff Pressure", _BP, "decode_intermediate_cuff_pressure",
                 "00 78 00 FF 07 FF 07", "cuff_pressure_to_json"),
    "2A49": Kind("Blood Pressure Feature", _BP, "decode_blood_pressure_feature", "3F 00"),
    "2A9D": Kind("Weight Measurement", _WS, "decode_weight_measurement", "00 4C 04", "weight_to_json"),
    "2A9E": Kind("Weight Scale Feature", _WS, "decode_weight_scale_feature", "BF 01 00 00"),
    "2A9C": Kind("Body Composition Measurement (one packet)", _BC, "decode_body_composition_measurement",
                 "00 06 C9 00 88 13 B0 36"),
    "2A9B": Kind("Body Composition Feature", _BC, "decode_body_composition_feature", "FF 07 00 00"),
    "2A08": Kind("Date Time", _DT, "decode_date_time", "DD 07 08 1A 09 0A 14"),
    "2A2B": Kind("Current Time", _DT, "decode_current_time", "EA 07 03 02 0E 05 09 01 00 01"),
    "2A52": Kind("Record Access Control Point", "drivers.codecs.racp", "decode_racp", "05 00 02 01"),
    "2A19": Kind("Battery Level", _DI, "decode_battery_level", "5A"),
    "2A23": Kind("System ID", _DI, "decode_system_id", "01 02 03 04 05 5C 2D 00"),
    "2A24": Kind("Model Number String", _DI, "decode_dis_string", "55 41 2D 36 35 31 42 4C 45",
                 "dis_string_to_json"),
    "2A25": Kind("Serial Number String", _DI, "decode_dis_string", "30 30 30 31", "dis_string_to_json"),
    "2A26": Kind("Firmware Revision String", _DI, "decode_dis_string",
                 "42 4C 50 30 30 38 5F 64 30 31 37", "dis_string_to_json"),
    "2A27": Kind("Hardware Revision String", _DI, "decode_dis_string", "31 2E 30", "dis_string_to_json"),
    "2A28": Kind("Software Revision String", _DI, "decode_dis_string", "31 2E 30", "dis_string_to_json"),
    "2A29": Kind("Manufacturer Name String", _DI, "decode_dis_string", "41 26 44", "dis_string_to_json"),
    # --- vendor BLE formats -------------------------------------------------------------------
    "mi-scale-2": Kind("Xiaomi Mi Body Composition Scale 2 advert (service data 0x181B)",
                       "drivers.codecs.mi_scale", "decode_mi_scale_2",
                       "02 26 B2 07 05 04 0F 02 01 AC 01 86 42"),
    "mi-scale-1": Kind("Xiaomi Mi Scale 1 advert (service data 0x181D)", "drivers.codecs.mi_scale",
                       "decode_mi_scale_1", "22 9E 43 E5 07 04 0B 10 13 01"),
    "tindeq": Kind("Tindeq Progressor data notification (0x…1702)", "drivers.codecs.tindeq", "decode_frame",
                   "01 08 00 00 48 41 E8 03 00 00", "frame_to_json"),
    "tindeq-command": Kind("Tindeq Progressor control write (0x…1703)", "drivers.codecs.tindeq",
                           "decode_command", "65 00"),
    # --- serial codecs (drivers/codecs/{and_weighing,tanita,mark10}.py) ------------------------
    "and-weighing": Kind("A&D standard-format weighing line", "drivers.codecs.and_weighing", "decode",
                         "53 54 2C 2B 30 30 30 37 30 2E 32 30 20 6B 67 0D 0A"),
    # the SC-240 manual's output sample (p.24), checksum FD
    "tanita": Kind("Tanita body-composition analyser output line", "drivers.codecs.tanita", "decode",
                   _TANITA_SAMPLE.hex(" ").upper()),
    "mark10": Kind("Mark-10 force gauge reading line", "drivers.codecs.mark10", "decode",
                   "2D 31 38 2E 37 38 20 6C 62 46 0D 0A"),
}


def register(name: str, kind: Kind) -> None:
    """Add a kind; refuses to silently replace an existing one."""
    if name in KINDS:
        raise ValueError(f"kind {name!r} is already registered")
    KINDS[name] = kind


def known_kinds() -> list[str]:
    return sorted(KINDS, key=lambda k: (not k[:1].isdigit(), k))


def resolve_kind(kind: str) -> str:
    """The table key for ``kind``: ``2a35``, ``0x2A35`` and ``2A35`` are the same kind."""
    text = kind.strip()
    if text.lower().startswith("0x"):
        text = text[2:]
    for candidate in (text, text.upper(), text.lower()):
        if candidate in KINDS:
            return candidate
    raise UnknownKind(kind, known_kinds())


@cache
def _load(name: str, function: str) -> Callable[..., Any]:
    kind = KINDS[name]
    try:
        module = importlib.import_module(kind.module)
    except ImportError as err:
        raise CodecError(f"kind {name!r}: codec module {kind.module} is not available ({err})") from None
    target = getattr(module, function, None)
    if not callable(target):
        raise CodecError(f"kind {name!r}: {kind.module} has no function {function}()")
    return cast("Callable[..., Any]", target)


def decoder_for(kind: str) -> Callable[[bytes], object]:
    """The raw ``(bytes) -> record`` decoder for ``kind`` (used by the benchmark)."""
    name = resolve_kind(kind)
    return _load(name, KINDS[name].function)


def jsonable(value: object) -> Any:  # noqa: PLR0911 - one return per JSON shape
    """A generic JSON form: dataclasses (fields + public properties), enums, bytes, datetimes."""
    if isinstance(value, enum.IntEnum):
        return value.name.lower()
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex(" ").upper()
    if isinstance(value, datetime):
        return value.isoformat()
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return jsonable(to_json())
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for attr, member in vars(type(value)).items():
            if isinstance(member, property) and not attr.startswith("_"):
                try:
                    out[attr] = jsonable(getattr(value, attr))
                except (CodecError, ValueError, ArithmeticError, LookupError, TypeError):
                    out[attr] = None  # a property that cannot be computed for this frame
        return out
    return str(value)


def decode(kind: str, data: bytes) -> dict[str, Any]:
    """Decode ``data`` as ``kind`` into a JSON-serialisable dict with units in the key names.

    Raises:
        UnknownKind: ``kind`` is not in ``KINDS`` (the message lists the known kinds).
        CodecError: the bytes do not decode as ``kind``.
    """
    name = resolve_kind(kind)
    spec = KINDS[name]
    record = _load(name, spec.function)(data)
    body = _load(name, spec.to_json)(record) if spec.to_json else jsonable(record)
    if not isinstance(body, dict):
        body = {"value": body}
    return {"kind": name, "description": spec.description, "length_octets": len(data),
            "raw_hex": bytes(data).hex(" ").upper(), **jsonable(body)}
