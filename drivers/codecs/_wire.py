"""Little-endian byte cursor shared by the codecs; every failure is a ``CodecError``.

All multi-octet GATT fields are little-endian (Core Spec Vol 3 Part G §3.3.3.1 / GSS §2.2),
and so are the vendor formats handled here (Xiaomi adverts, Tindeq frames).
"""

from __future__ import annotations

import struct

from drivers.codecs.errors import CodecError, TrailingBytes, TruncatedFrame

BytesLike = bytes | bytearray | memoryview

_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_F32 = struct.Struct("<f")


def as_bytes(data: object, what: str) -> bytes:
    """Return ``data`` as ``bytes``; anything that is not bytes-like is a ``CodecError``."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise CodecError(f"{what}: expected bytes, got {type(data).__name__}")


class Reader:
    """Reads fields in order from one frame and names the field that was missing."""

    __slots__ = ("_data", "_pos", "what")

    def __init__(self, data: object, what: str) -> None:
        self._data = as_bytes(data, what)
        self._pos = 0
        self.what = what

    @property
    def remaining(self) -> int:
        return len(self._data) - self._pos

    @property
    def offset(self) -> int:
        return self._pos

    def _need(self, size: int, field: str) -> int:
        start = self._pos
        if start + size > len(self._data):
            raise TruncatedFrame(
                f"{self.what}: frame ends before {field} "
                f"(needs {size} byte(s) at offset {start}, frame is {len(self._data)} byte(s))"
            )
        self._pos = start + size
        return start

    def u8(self, field: str) -> int:
        return self._data[self._need(1, field)]

    def u16(self, field: str) -> int:
        value: int = _U16.unpack_from(self._data, self._need(2, field))[0]
        return value

    def u32(self, field: str) -> int:
        value: int = _U32.unpack_from(self._data, self._need(4, field))[0]
        return value

    def f32(self, field: str) -> float:
        value: float = _F32.unpack_from(self._data, self._need(4, field))[0]
        return value

    def take(self, size: int, field: str) -> bytes:
        start = self._need(size, field)
        return self._data[start : start + size]

    def rest(self) -> bytes:
        start, self._pos = self._pos, len(self._data)
        return self._data[start:]

    def end(self) -> None:
        """Assert the frame is fully consumed (GATT values carry no padding)."""
        if self._pos != len(self._data):
            raise TrailingBytes(
                f"{self.what}: {len(self._data) - self._pos} unexpected byte(s) after offset {self._pos}"
            )


def check_uint(value: int, bits: int, field: str) -> int:
    """Validate a value before encoding it into an unsigned field of ``bits`` bits."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < (1 << bits):
        raise CodecError(f"{field}={value!r} does not fit an unsigned {bits}-bit field")
    return value


def pack_u16(value: int, field: str) -> bytes:
    return _U16.pack(check_uint(value, 16, field))


def pack_u32(value: int, field: str) -> bytes:
    return _U32.pack(check_uint(value, 32, field))


def pack_f32(value: float, field: str) -> bytes:
    try:
        return _F32.pack(value)
    except (OverflowError, struct.error) as err:
        raise CodecError(f"{field}={value!r} does not fit a float32") from err


def quantize(value: float, resolution: float, bits: int, field: str) -> int:
    """Return the raw count for ``value`` at ``resolution``, validated to fit ``bits`` bits."""
    try:
        raw = round(value / resolution)
    except (ValueError, OverflowError, TypeError) as err:  # NaN, ±inf, not a number
        raise CodecError(f"{field}={value!r} is not a finite number") from err
    return check_uint(raw, bits, field)
