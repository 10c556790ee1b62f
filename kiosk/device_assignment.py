"""Putting a paired device into service: the record, the audit row, the station config entry.

Qt-free (the scan screen, kiosk/screens/technician/scan.py, calls it on the GUI thread; each
write is one short transaction).  The station config is read once at start
(kiosk/config.py), so an assignment is stored and shown as the ``[[devices]]`` entry the
technician puts in the station config; when that file is writable it can be rewritten here
-- after a timestamped backup, and only when the new text still parses as a valid
configuration -- and a restart applies it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from drivers.readings import DeviceIdentity
from kiosk import config
from measurements import store

# what a device is called on screen when the station config names none for its kind
DEFAULT_NAMES = {"blood_pressure": "혈압계", "scale": "체성분계", "grip": "악력계"}


def record_assignment(db: Database, identity: DeviceIdentity, kind: str, *, spec_id: str,
                      technician_id: str, technician_role: str, now: datetime) -> str:
    """Store the device (devices table) and audit who paired it; returns the device id."""
    with db.atomic():
        device_id = store.record_device(db, identity, kind, now=now)
        store.audit(db, actor_role=technician_role, actor_id=technician_id,
                    action="device_paired", subject=device_id, now=now,
                    detail={"kind": kind, "model": spec_id, "address": identity.address,
                            "link": identity.link.value})
    return device_id


def entry_for(cfg: config.StationConfig, kind: str, model: str, address: str) -> config.DeviceConfig:
    """The config entry for ``kind``: the configured one's name and calibration policy kept."""
    current = cfg.device(kind)
    if current is None:
        return config.DeviceConfig(DEFAULT_NAMES.get(kind, kind), kind, model, address)
    return replace(current, model=model, address=address)


def _toml_string(text: str) -> str:
    # a JSON string is a valid TOML basic string (same escapes: \" \\ \n \uXXXX)
    return json.dumps(text, ensure_ascii=False)


def entry_toml(entry: config.DeviceConfig) -> str:
    """The ``[[devices]]`` table for one device, as the technician puts it in the config."""
    lines = ["[[devices]]",
             f"name = {_toml_string(entry.name)}",
             f"kind = {_toml_string(entry.kind)}",
             f"model = {_toml_string(entry.model)}",
             f"address = {_toml_string(entry.address)}"]
    for key in ("tolerance_absolute", "tolerance_relative", "calibration_interval_days"):
        value = getattr(entry, key)
        if value is not None:
            lines.append(f"{key} = {value!r}")
    return "\n".join(lines) + "\n"


def with_entry(text: str, entry: config.DeviceConfig, path: Path | None = None) -> str:
    """``text`` with the ``[[devices]]`` table of ``entry.kind`` replaced (or appended).

    Raises:
        config.ConfigError: ``text`` is not valid TOML, or the result is not a valid station
            configuration holding ``entry`` (nothing is written then).
    """
    try:
        devices = tomllib.loads(text).get("devices", [])
    except tomllib.TOMLDecodeError as err:
        raise config.ConfigError(path, None, "-", f"not valid TOML: {err}") from err
    index = next((i for i, d in enumerate(devices) if isinstance(d, dict) and d.get("kind") == entry.kind),
                 None)
    block = entry_toml(entry).splitlines()
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines) if line.strip() == "[[devices]]"]
    if index is None or index >= len(headers):
        lines += ["", *block] if lines and lines[-1].strip() else block
    else:
        start = headers[index]
        end = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")),
                   len(lines))
        # blank lines and comments just above the next table belong to that table
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        lines[start:end] = block
    result = "\n".join(lines) + "\n"
    parsed = config.parse(result, path).device(entry.kind)
    if parsed is None or (parsed.model, parsed.address) != (entry.model, entry.address):
        raise config.ConfigError(path, None, "devices", "the new entry did not land where expected")
    return result


def writable(path: Path | None) -> bool:
    """Whether the station config can be rewritten in place (the file and, for the backup,
    its folder)."""
    return (path is not None and path.is_file() and os.access(path, os.W_OK)
            and os.access(path.parent, os.W_OK))


def save_entry(path: Path, entry: config.DeviceConfig, *, now: datetime) -> Path:
    """Back the config up, then replace it atomically with ``entry`` in place; the backup path.

    Raises:
        config.ConfigError: the file is unreadable or the result would not be valid.
        OSError: the backup or the write failed (the original is then untouched).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise config.ConfigError(path, None, "-", f"cannot read: {err}") from err
    new_text = with_entry(text, entry, path)
    stem = f"{path.name}.bak-{now.strftime('%Y%m%dT%H%M%S')}"
    backup = path.with_name(stem)
    counter = 1
    while backup.exists():  # two saves in one second: never overwrite an earlier backup
        backup, counter = path.with_name(f"{stem}-{counter}"), counter + 1
    shutil.copy2(path, backup)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(new_text)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return backup
