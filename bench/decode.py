"""Decode throughput per codec (frames per second), printed as one JSON object.

Every kind in ``drivers.codecs.decode.KINDS`` is timed on its example frame, twice: the raw
``bytes -> record`` decoder (what drivers call) and the full ``decode()`` dict path (what the
CLI calls).  Kinds whose codec module is not importable are reported as skipped.

    .venv/bin/python bench/decode.py [--seconds 0.2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.codecs.decode import KINDS, decode, decoder_for, known_kinds
from drivers.codecs.errors import CodecError


def frames_per_second(call: Callable[[], object], seconds: float) -> float:
    """Best of three timed batches, each running ``call`` for about ``seconds``."""
    batch = 1
    while True:  # grow the batch until one batch takes a measurable time
        start = time.perf_counter()
        for _ in range(batch):
            call()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 10:
            break
        batch *= 2
    per_batch = max(1, int(batch * seconds / max(elapsed, 1e-9)))
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(per_batch):
            call()
        best = max(best, per_batch / (time.perf_counter() - start))
    return round(best, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=0.2, help="target time per timed batch")
    args = parser.parse_args()
    result: dict[str, object] = {}
    dict_path: dict[str, float] = {}
    skipped: dict[str, str] = {}
    for kind in known_kinds():
        frame = bytes.fromhex(KINDS[kind].example_hex)
        try:
            raw_decoder = decoder_for(kind)
            raw_decoder(frame)
        except CodecError as err:
            skipped[kind] = str(err)
            continue
        result[kind] = frames_per_second(partial(raw_decoder, frame), args.seconds)
        dict_path[kind] = frames_per_second(partial(decode, kind, frame), args.seconds)
    result["decode_dict_path"] = dict_path
    result["skipped"] = skipped
    result["unit"] = "frames_per_second"
    result["machine"] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
