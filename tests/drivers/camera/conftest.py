from pathlib import Path

import cv2
import numpy as np
import pytest


def write_video(path: Path, frames: int, fps: float, size=(320, 240)) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(frames):
        img = np.full((size[1], size[0], 3), 40 + (i * 3) % 200, dtype=np.uint8)
        cv2.putText(img, str(i), (10, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255, 255, 255), 2)
        writer.write(img)
    writer.release()
    return path


@pytest.fixture
def video_30fps(tmp_path: Path) -> Path:
    """60 frames at 30 fps: a 2-second camera."""
    return write_video(tmp_path / "clip.avi", 60, 30.0)
