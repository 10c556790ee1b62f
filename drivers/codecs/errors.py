"""The one error family every codec in ``drivers.codecs`` raises.

Tree::

    CodecError (ValueError)          -- any frame that does not decode, or a record that cannot encode
    ├── TruncatedFrame               -- fewer bytes than the flags / length fields promise
    ├── TrailingBytes                -- more bytes than the flags / length fields account for
    ├── ReservedValue                -- a field holds a value the spec marks reserved / out of range
    └── UnknownKind                  -- ``decode.decode`` was asked for a kind nobody registered

Decoders never let ``IndexError``, ``struct.error``, ``UnicodeDecodeError`` or ``KeyError`` escape;
the fuzz tests in ``tests/drivers/codecs/test_fuzz.py`` hold them to that.  Drivers wrap a
``CodecError`` exactly once into ``drivers.errors.ProtocolViolation``.
"""

from __future__ import annotations


class CodecError(ValueError):
    """A frame that does not decode (or a record that cannot be encoded)."""


class TruncatedFrame(CodecError):
    """The frame ends before a field its own flags or length say is present."""


class TrailingBytes(CodecError):
    """The frame has bytes after the last field its flags or length account for."""


class ReservedValue(CodecError):
    """A field holds a value the specification reserves or forbids."""


class UnknownKind(CodecError):
    """``decode()`` was given a kind that is not in the ``KINDS`` table."""

    def __init__(self, kind: str, known: list[str]) -> None:
        super().__init__(f"unknown kind {kind!r}; known kinds: {', '.join(known)}")
        self.kind = kind
        self.known = tuple(known)
