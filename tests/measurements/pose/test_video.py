"""Real MediaPipe 0.10.21 on the sample video: the kiosk's file path end to end.

The sample (assets/samples/chair_stand_640x480.mp4) is a rendered figure, not a person:
bench/make_pose_sample.py draws the synthetic skeleton of a scripted 5x sit-to-stand and
writes the script's exact event times to chair_stand_640x480.truth.json.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from drivers.camera.pose_backend import MediaPipePose
from measurements.pose.video import score_video

SAMPLES = Path(__file__).resolve().parents[3] / "assets" / "samples"


def test_mediapipe_answers_none_when_nobody_is_there():
    backend = MediaPipePose()
    try:
        assert backend.process(np.full((480, 640, 3), 128, np.uint8)) is None
    finally:
        backend.close()


@pytest.mark.slow
def test_score_video_on_the_sample_finds_five_stands_at_the_right_times():
    truth = json.loads((SAMPLES / "chair_stand_640x480.truth.json").read_text())
    out = score_video("sit_to_stand_5x", SAMPLES / "chair_stand_640x480.mp4",
                      start_s=truth["go_s"])
    assert out["valid"], out["invalid_reasons"]
    assert out["video"]["detection_rate"] > 0.95
    stands = [e["t_s"] for e in out["events"] if e["name"] == "stand"]
    assert len(stands) == 5
    frame = 1 / truth["fps"]
    # MediaPipe's landmarks on a drawn figure are ~1% of the image off: allow 2 frames
    for got, want in zip(stands, truth["stands_s"], strict=True):
        assert abs(got - want) <= 2 * frame
    assert abs(out["score"] - truth["score_s"]) <= 2 * frame
    json.dumps(out)  # the CLI prints it


def test_score_video_rejects_an_unknown_test():
    with pytest.raises(ValueError, match="one of: chair_stand_30s"):
        score_video("push_ups", SAMPLES / "chair_stand_640x480.mp4")
