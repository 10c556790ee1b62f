"""``lifelog-kiosk score``: a video file -> score, event times and validity as JSON, through
the same recorder and scorer the kiosk's camera screen uses (measurements/pose/video.py),
with real MediaPipe.  The clip is the first 4 s of the bundled 30-s chair-stand sample, so
the run is short: one stand (scripted 0.91 s after the go at 1 s), and the 30-s test is
flagged too short -- exit code 3, the JSON still printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ASSETS
from tests.support.video import first_frames

SAMPLE = ASSETS / "samples" / "chair_stand_30s_640x480.mp4"
TRUTH = json.loads(SAMPLE.with_suffix(".truth.json").read_text())


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """The sample's first 4 s (60 frames at 15 fps), re-encoded as MJPG."""
    return first_frames(SAMPLE, tmp_path_factory.mktemp("cli") / "first_4s.avi",
                        int(4 * TRUTH["fps"]))


def test_score_prints_score_event_times_and_validity(clip, capsys) -> None:
    code = main(["score", "chair-stand-30s", str(clip), "--start-s", str(TRUTH["go_s"])])
    out = json.loads(capsys.readouterr().out)
    assert code == 3  # printed, but not valid
    assert out["test"] == "chair_stand_30s"
    assert out["score"] == 1.0
    assert out["valid"] is False
    assert "too_short" in out["invalid_reasons"]
    stands = [e["t_s"] for e in out["events"] if e["name"] == "stand"]
    assert len(stands) == 1
    assert abs(stands[0] - TRUTH["stands_s"][0]) <= 2 / TRUTH["fps"]  # from the go signal
    assert out["video"]["frames"] == 60
    assert out["video"]["detection_rate"] > 0.95
    assert (out["video"]["width"], out["video"]["height"]) == (640, 480)


def test_an_unknown_test_is_one_line_and_exit_2(clip, capsys) -> None:
    assert main(["score", "push-ups", str(clip)]) == 2
    err = capsys.readouterr().err
    assert "unknown test 'push-ups'" in err and "chair_stand_30s" in err
    assert "Traceback" not in err


def test_a_missing_video_is_one_line_and_exit_2(tmp_path, capsys) -> None:
    assert main(["score", "chair-stand-30s", str(tmp_path / "none.mp4")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_file_that_is_not_a_video_is_one_line_not_a_traceback(tmp_path, capsys) -> None:
    bogus = tmp_path / "notes.mp4"
    bogus.write_text("not a video")
    assert main(["score", "chair-stand-30s", str(bogus)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
