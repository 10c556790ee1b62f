"""Score a camera test from a video file: the function behind ``lifelog-kiosk score``.

Frames -> MediaPipe -> ``LiveRecorder`` -> ``scoring.score``: the same recorder and
scorers the kiosk's live test uses; only the frame source differs (every frame of the
file, none dropped, so the result does not depend on the machine's speed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.camera.capture import OpenCvSource
from drivers.camera.pose_backend import MediaPipePose, PoseBackend
from drivers.camera.worker import run_inline
from measurements.pose.live import LiveRecorder
from measurements.pose.scoring import parse_test, score


def score_video(test: str, video: Path, *,
                backend_factory: Callable[[], PoseBackend] = MediaPipePose,
                **options: Any) -> dict[str, Any]:
    """Score ``test`` (e.g. "sit_to_stand_5x") on ``video``; the result as JSON-ready dict.

    ``options`` go to the scorer (``start_s``, ``course_m``, ``duration_s``, ``side``).
    Event times are seconds from ``start_s`` (default: the first frame).

    Raises:
        ValueError: unknown test name or option.
        DeviceNotFound: the video cannot be opened, or the pose model cannot be loaded.
    """
    kind = parse_test(test)
    source = OpenCvSource(video, realtime=False)
    recorder = LiveRecorder(source.image_size)
    started = time.monotonic()
    backend = backend_factory()
    try:
        frames = run_inline(source, backend, recorder.add)
    finally:
        backend.close()
    seq = recorder.sequence()
    try:
        result = score(kind, seq, **options)
    except TypeError as err:  # an option the scorer does not take
        raise ValueError(f"bad option for {kind.value}: {err}") from err
    out = result.as_json()
    out["video"] = {"path": str(video), "frames": frames,
                    "width": source.image_size[0], "height": source.image_size[1],
                    "frame_rate_hz": round(seq.frame_rate_hz(), 2),
                    "detection_rate": round(seq.detection_rate(), 3),
                    "processing_s": round(time.monotonic() - started, 2)}
    return out
