"""Video files for tests: an excerpt of a bundled sample, re-encoded as MJPG."""

from __future__ import annotations

from pathlib import Path

import cv2


def first_frames(source: Path, dest: Path, frames: int) -> Path:
    """The first ``frames`` frames of ``source`` at its own rate and size, written to ``dest``."""
    cap = cv2.VideoCapture(str(source))
    size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(dest), cv2.VideoWriter_fourcc(*"MJPG"),
                             cap.get(cv2.CAP_PROP_FPS), size)
    try:
        for _ in range(frames):
            ok, image = cap.read()
            assert ok, f"{source} has fewer than {frames} frames"
            writer.write(image)
    finally:
        writer.release()
        cap.release()
    return dest
