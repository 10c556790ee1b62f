"""Render the sample videos the simulated camera plays (and their ground truth).

Two samples, one per chair-stand protocol, each a rendered figure of a scripted movement:

* ``chair_stand_640x480.mp4``      -- SPPB 5x sit-to-stand (seed 11), 15 fps, ~17 s
* ``chair_stand_30s_640x480.mp4``  -- SFT 30-s chair stand (seed 11), 15 fps, 33 s

Each is written with mp4v (the pip OpenCV wheel has no H.264 encoder, stack-probe §5) next
to a ``.truth.json``: the noise-free event times of the script, in the same terms the
scorers report (seconds from the "go" signal at ``go_s``).  Deterministic: re-running it
reproduces the files.

    .venv/bin/python bench/make_pose_sample.py [--test sit_to_stand_5x|chair_stand_30s]
                                               [--fps 15] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measurements.pose.figure import write_video
from measurements.pose.result import TestKind
from measurements.pose.skeleton import CameraView, world_landmarks
from measurements.pose.synthetic import truth_events
from measurements.pose.synthetic_motion import GO_S, Script, chair_stand, sit_to_stand_5x

VIEW = CameraView(centre_x_m=0.1, height_m=2.2)
SEED = 11
FILES = {TestKind.SIT_TO_STAND_5X: "chair_stand_640x480",
         TestKind.CHAIR_STAND_30S: "chair_stand_30s_640x480"}


def script_for(test: TestKind, seed: int = SEED) -> Script:
    if test is TestKind.SIT_TO_STAND_5X:
        return sit_to_stand_5x(seed=seed)
    if test is TestKind.CHAIR_STAND_30S:
        return chair_stand(seed=seed)
    raise ValueError(f"no sample script for {test.value}")


def render(path: Path, fps: float, seed: int = SEED,
           test: TestKind = TestKind.SIT_TO_STAND_5X) -> dict[str, object]:
    """Write the video; return its ground truth."""
    script = script_for(test, seed)
    t = np.arange(0.0, script.duration_s, 1.0 / fps)
    xy = VIEW.project(world_landmarks(script.track(t)))
    write_video(path, xy, VIEW, fps)
    events = truth_events(script, VIEW)
    truth: dict[str, object] = {
        "test": script.test.value, "go_s": GO_S, "fps": fps, "frames": int(t.size),
        "stands_s": [round(x, 3) for x in events["stand"]],
    }
    if test is TestKind.SIT_TO_STAND_5X:
        truth["score_s"] = round(events["stand"][4], 3)
    else:
        duration = float(script.options["duration_s"])  # type: ignore[arg-type]
        truth["duration_s"] = duration
        truth["score"] = script.count  # full stands by go + 30 s (+ the SFT halfway rule)
        truth["stands_in_window_s"] = [round(x, 3) for x in events["stand"] if x <= duration]
    truth.update({"seed": seed, "note": "times from the go signal; synthetic figure rendered"
                                        " by measurements/pose/figure.py"})
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", choices=[t.value for t in FILES],
                        default=TestKind.SIT_TO_STAND_5X.value)
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=Path("assets/samples"))
    args = parser.parse_args()
    test = TestKind(args.test)
    args.out.mkdir(parents=True, exist_ok=True)
    video = args.out / f"{FILES[test]}.mp4"
    truth = render(video, args.fps, test=test)
    (args.out / f"{FILES[test]}.truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    print(json.dumps({"video": str(video), "bytes": video.stat().st_size, **truth}))


if __name__ == "__main__":
    main()
