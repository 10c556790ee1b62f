"""The text of a PDF written by Qt's QPrinter, for tests that must read what was printed.

Qt embeds each font as a Type0/Identity-H font and draws glyph ids (``<0012> Tj``), so the
file's bytes never contain the characters themselves; the font's ``/ToUnicode`` CMap
(PDF 32000-1:2008 §9.10.3, ``beginbfchar``/``beginbfrange``) maps them back.  This reads
exactly that subset: enough for QPrinter output, not a general PDF parser.  One line per
``BT``..``ET`` text object (Qt writes one per shaped run of a drawText call).

Qt's CMap leaves some glyphs unmapped (the space, and alternate glyphs a shaper picked for
a character whose default glyph is mapped); those come back as U+FFFD, and ``may_contain``
treats them as "could be anything" so a check for an identifier errs on the side of failing.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def _objects(raw: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(raw)}


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if match is None:
        raise ValueError("object has no stream")
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body[:match.start()] else data


def _hex_text(hex_digits: bytes) -> str:
    data = bytes.fromhex(hex_digits.decode())
    return data.decode("utf-16-be")


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.DOTALL):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = _hex_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.DOTALL):
        for low, high, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            first, last = int(low, 16), int(high, 16)
            if dst.startswith(b"["):
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", dst)
                for offset, target in enumerate(targets[:last - first + 1]):
                    mapping[first + offset] = _hex_text(target)
            else:
                base = int(dst[1:-1], 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(base + offset)
    return mapping


def pdf_text(path: Path) -> list[str]:
    """Every text object of every page, as Unicode lines (spaces are not drawn glyphs)."""
    objects = _objects(path.read_bytes())
    lines: list[str] = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        resources = body
        ref = re.search(rb"/Resources\s+(\d+) 0 R", body)
        if ref:
            resources = objects[int(ref.group(1))]
        fonts: dict[bytes, dict[int, str]] = {}
        for name, number in re.findall(rb"/(F\w+)\s+(\d+) 0 R", resources):
            to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objects[int(number)])
            if to_unicode:
                fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))]))
        contents = re.search(rb"/Contents\s+(\d+) 0 R", body)
        if contents is None:
            continue
        content = _stream(objects[int(contents.group(1))])
        for text_object in re.findall(rb"BT(.*?)ET", content, re.DOTALL):
            font: dict[int, str] = {}
            chars: list[str] = []
            for token in re.finditer(rb"/(F\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>\s*Tj", text_object):
                if token.group(1):
                    font = fonts.get(token.group(1), {})
                    continue
                digits = token.group(2)
                for i in range(0, len(digits), 4):
                    chars.append(font.get(int(digits[i:i + 4], 16), "\ufffd"))
            lines.append("".join(chars))
    return lines


UNMAPPED = "\ufffd"


def may_contain(lines: list[str], secret: str) -> bool:
    """True if ``secret`` could be in the text: every character equal or unmapped, at least
    one of them a real match (the lines are joined: a run may be split across them)."""
    text = "".join(lines)
    for start in range(len(text) - len(secret) + 1):
        window = text[start:start + len(secret)]
        if all(a in (b, UNMAPPED) for a, b in zip(window, secret, strict=True)) and any(
                a == b for a, b in zip(window, secret, strict=True)):
            return True
    return False
