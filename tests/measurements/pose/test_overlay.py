import numpy as np

from measurements.pose.landmarks import Landmark
from measurements.pose.overlay import draw_skeleton


def test_draws_visible_bones_only_and_leaves_the_frame_alone():
    frame = np.zeros((100, 100, 3), np.uint8)
    lm = np.full((33, 3), np.nan)
    lm[Landmark.LEFT_HIP] = (0.2, 0.5, 0.9)
    lm[Landmark.LEFT_KNEE] = (0.8, 0.5, 0.9)
    lm[Landmark.LEFT_ANKLE] = (0.8, 0.9, 0.1)  # hidden: no shin drawn
    out = draw_skeleton(frame, lm)
    assert frame.sum() == 0
    assert out[50, 50].any()  # on the thigh
    assert not out[75, 80].any()  # where the hidden shin would be
    assert draw_skeleton(frame, None).sum() == 0
