"""Draw the tracked skeleton on a camera frame (the preview at camera rate).

The preview shows every camera frame with the most recent landmarks, so it moves at
camera rate even when inference skips frames.  Pure OpenCV on a BGR array; the kiosk
converts the result to a QImage.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from measurements.pose.landmarks import SKELETON_EDGES

Image = npt.NDArray[np.uint8]

MIN_VISIBILITY = 0.5  # MediaPipe's own default presence threshold for drawing


def draw_skeleton(image: Image, landmarks: npt.NDArray[np.float64] | None, *,
                  colour: tuple[int, int, int] = (80, 220, 80), thickness: int = 3) -> Image:
    """A copy of ``image`` with bones between visible landmarks ((33, 3): x, y, visibility)."""
    out = image.copy()
    if landmarks is None:
        return out
    h, w = out.shape[:2]
    pts = [(round(float(x) * w), round(float(y) * h)) if np.isfinite(x) and np.isfinite(y)
           else None for x, y in landmarks[:, :2]]
    vis = landmarks[:, 2]
    for a, b in SKELETON_EDGES:
        pa, pb = pts[a], pts[b]
        if pa is None or pb is None or vis[a] < MIN_VISIBILITY or vis[b] < MIN_VISIBILITY:
            continue
        cv2.line(out, pa, pb, colour, thickness, cv2.LINE_AA)
    for i, p in enumerate(pts):
        if p is not None and vis[i] >= MIN_VISIBILITY:
            cv2.circle(out, p, thickness + 1, (255, 255, 255), -1, cv2.LINE_AA)
    return out
