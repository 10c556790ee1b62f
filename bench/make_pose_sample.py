"""Render the sample chair-stand video the simulated camera plays (and its ground truth).

Writes assets/samples/chair_stand_640x480.mp4 (mp4v: the pip OpenCV wheel has no H.264
encoder, stack-probe §5) and chair_stand_640x480.truth.json: the noise-free event times
of the script, in the same terms the scorers report.  Deterministic: re-running it
reproduces the file.

    .venv/bin/python bench/make_pose_sample.py [--fps 15] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measurements.pose.figure import FigureRenderer
from measurements.pose.skeleton import CameraView, world_landmarks
from measurements.pose.synthetic import truth_events
from measurements.pose.synthetic_motion import GO_S, sit_to_stand_5x

VIEW = CameraView(centre_x_m=0.1, height_m=2.2)
SEED = 11


def render(path: Path, fps: float, seed: int = SEED) -> dict[str, object]:
    """Write the video; return its ground truth."""
    script = sit_to_stand_5x(seed=seed)
    t = np.arange(0.0, script.duration_s, 1.0 / fps)
    xy = VIEW.project(world_landmarks(script.track(t)))
    renderer = FigureRenderer(VIEW)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, VIEW.image_size)
    for row in xy:
        writer.write(renderer.render(row))
    writer.release()
    events = truth_events(script, VIEW)
    return {
        "test": script.test.value, "go_s": GO_S, "fps": fps, "frames": int(t.size),
        "stands_s": [round(x, 3) for x in events["stand"]],
        "score_s": round(events["stand"][4], 3), "seed": seed,
        "note": "times from the go signal; synthetic figure rendered by measurements/pose/figure.py",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=Path("assets/samples"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    video = args.out / "chair_stand_640x480.mp4"
    truth = render(video, args.fps)
    (args.out / "chair_stand_640x480.truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    print(json.dumps({"video": str(video), "bytes": video.stat().st_size, **truth}))


if __name__ == "__main__":
    main()
