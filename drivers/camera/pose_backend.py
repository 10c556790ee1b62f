"""Pose inference backends.  The ONLY module that imports mediapipe, and only lazily.

MediaPipe 0.10.21 ``solutions.pose`` facts on this machine (stack-probe §4): only
``model_complexity=1`` works offline (the lite and heavy models are downloaded on first
use and fail without network, raised from the ``Pose(...)`` constructor); ~30 ms a frame
at 640x480 on one core in tracking mode; ``import mediapipe`` takes ~1.3 s, so it happens
when a backend is built (on the pose worker's thread), not at kiosk start.
"""

from __future__ import annotations

from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from drivers.errors import DeviceNotFound

Image = npt.NDArray[np.uint8]
Landmarks = npt.NDArray[np.float64]  # (33, 3): x, y normalised to the image, visibility

N_LANDMARKS = 33
MODEL_COMPLEXITY = 1  # the only model shipped in the 0.10.21 wheel (stack-probe §4)


class PoseBackend(Protocol):
    def process(self, image_bgr: Image) -> Landmarks | None:
        """Landmarks of the one tracked person, or None when nobody is detected."""
        ...

    def close(self) -> None: ...


class MediaPipePose:
    """``mediapipe.solutions.pose.Pose`` in tracking mode (detector only when lost).

    Raises:
        DeviceNotFound: mediapipe is missing or its model cannot be loaded.
    """

    def __init__(self, *, min_detection_confidence: float = 0.5,
                 min_tracking_confidence: float = 0.5, smooth_landmarks: bool = True) -> None:
        try:
            from mediapipe.python.solutions import pose as mp_pose  # noqa: PLC0415 -- 1.3 s import
        except ImportError as err:
            raise DeviceNotFound(f"mediapipe is not installed: {err}") from err
        try:
            self._pose: Any = mp_pose.Pose(
                static_image_mode=False, model_complexity=MODEL_COMPLEXITY,
                smooth_landmarks=smooth_landmarks,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
        except Exception as err:  # mediapipe raises bare RuntimeError/URLError on model load
            raise DeviceNotFound(f"pose model could not be loaded: {err}") from err

    def process(self, image_bgr: Image) -> Landmarks | None:
        rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False  # lets mediapipe skip a copy
        result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return None
        return np.array([[lm.x, lm.y, lm.visibility] for lm in result.pose_landmarks.landmark],
                        dtype=np.float64)

    def close(self) -> None:
        self._pose.close()

