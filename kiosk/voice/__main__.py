"""Listen to the prompt catalogue: ``python -m kiosk.voice OUT_DIR [--lang ko|en] [KEY ...]``.

Writes one WAV per prompt (typical values filled in) and ``prompts.tsv`` with key, text
and the respelling sent to espeak-ng, so a native speaker can review every prompt on any
computer before it reaches a station.  espeak-ng's Korean is robotic and could not be
listened to when this was built (stack-probe §3); this is how it gets listened to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.voice.engine import synthesize_wav
from kiosk.voice.prompts import PROMPTS, prompt
from kiosk.voice.pronunciation import apply_sound_changes


def audition(out: Path, language: str = "ko", keys: list[str] | None = None) -> list[Path]:
    """Write a WAV per prompt and an index; returns the WAV paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    rows = ["key\ttext\tsent_to_espeak\tseconds"]
    for key in keys or sorted(PROMPTS):
        values = {name: kind.example for name, kind in PROMPTS[key].fields.items()}
        text = prompt(key, language, **values)
        path = out / f"{language}-{key}.wav"
        pcm = synthesize_wav(key, path, language=language, **values)
        sent = apply_sound_changes(text) if language == "ko" else text
        rows.append(f"{key}\t{text}\t{sent}\t{pcm.duration_s:.2f}")
        written.append(path)
    (out / f"prompts-{language}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.voice", description=__doc__)
    parser.add_argument("out", type=Path, help="directory for the WAV files")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("keys", nargs="*", help="prompt keys (default: all)")
    args = parser.parse_args(argv)
    unknown = [key for key in args.keys if key not in PROMPTS]
    if unknown:
        print(f"unknown prompt keys: {', '.join(unknown)}", file=sys.stderr)
        return 2
    paths = audition(args.out, args.lang, args.keys)
    print(f"{len(paths)} prompts written to {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
