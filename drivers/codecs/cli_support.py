"""Argument helpers for ``lifelog-kiosk decode KIND HEX...``."""

from __future__ import annotations

import re

from drivers.codecs.errors import CodecError

_SEPARATORS = re.compile(r"[\s:,\-]+")
_HEX = re.compile(r"[0-9A-Fa-f]+")


def parse_hex(args: list[str]) -> bytes:
    """Join hex arguments into bytes.

    Accepts ``["1E 8A 00"]``, ``["1e8a00"]``, ``["1E:8A:00"]``, ``["1E", "8A", "00"]`` and
    ``0x`` prefixes; separators may be spaces, ``:``, ``-`` or ``,``.  Each group must have
    an even number of digits, so ``"1E 8 00"`` is refused rather than guessed.

    Raises:
        CodecError: no bytes were given, or a group is not hex or has an odd digit count.
    """
    out = bytearray()
    for arg in args:
        for group in _SEPARATORS.split(arg.strip()):
            if not group:
                continue
            digits = group[2:] if group[:2].lower() == "0x" else group
            if not _HEX.fullmatch(digits):
                raise CodecError(f"not hexadecimal: {group!r} (expected e.g. '1E 8A 00' or '1e8a00')")
            if len(digits) % 2:
                raise CodecError(f"odd number of hex digits in {group!r}; write each byte as two digits")
            out += bytes.fromhex(digits)
    if not out:
        raise CodecError("no bytes given (expected hex such as '1E 8A 00')")
    return bytes(out)
