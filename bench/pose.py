"""Speed of the camera pipeline on a 640x480 video, as JSON.

1. live: the sample figure video re-rendered at 30 fps is played as a 30 fps camera
   (OpenCvSource realtime) through the PoseWorker (latest frame wins) + MediaPipe +
   LiveRecorder + gates, the way the kiosk runs it.  Reports camera and processed frame
   rates, the drop rate, per-frame latency (capture -> landmarks + gate verdict) and
   whether the latency grows (it must not: dropping frames, not falling behind).
2. score: frame-to-score latency -- time from the last frame of a test to its score.
3. offline: decode + pose + score of every frame (``lifelog-kiosk score``), frames/s.

    .venv/bin/python bench/pose.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drivers.camera.capture import OpenCvSource
from drivers.camera.pose_backend import MediaPipePose
from drivers.camera.worker import PoseFrame, PoseWorker, run_inline
from measurements.pose import scoring
from measurements.pose.figure import FigureRenderer
from measurements.pose.live import LiveRecorder
from measurements.pose.skeleton import CameraView, world_landmarks
from measurements.pose.synthetic_motion import chair_stand

VIEW = CameraView(centre_x_m=0.1, height_m=2.2)


def render_clip(path: Path, seconds: float, fps: float = 30.0) -> Path:
    script = chair_stand(seed=11, duration_s=seconds - 2.0)
    t = np.arange(0.0, seconds, 1.0 / fps)
    xy = VIEW.project(world_landmarks(script.track(t)))
    renderer = FigureRenderer(VIEW)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, VIEW.image_size)
    for row in xy:
        writer.write(renderer.render(row))
    writer.release()
    return path


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    a = np.asarray(values) * 1000
    return {"mean": round(float(a.mean()), 1), "p50": round(float(np.median(a)), 1),
            "p95": round(float(np.percentile(a, 95)), 1), "max": round(float(a.max()), 1)}


def live(clip: Path) -> tuple[dict[str, object], LiveRecorder]:
    source = OpenCvSource(clip, realtime=True)
    recorder = LiveRecorder(source.image_size)
    latencies: list[float] = []
    inference: list[float] = []
    lock = threading.Lock()
    done = threading.Event()
    captured_t: list[float] = []

    def on_pose(p: PoseFrame) -> None:
        entered = time.monotonic()
        with lock:  # the kiosk does this on the GUI thread; here on the worker's
            recorder.add(p)
            recorder.gate()
        inference.append(p.inference_s)
        latencies.append(p.latency_s + (time.monotonic() - entered))

    proc = psutil.Process(os.getpid())
    proc.cpu_percent()
    worker = PoseWorker(source, MediaPipePose, on_pose=on_pose,
                        on_frame=lambda f: captured_t.append(time.monotonic()),
                        on_end=lambda e: done.set())
    started = time.monotonic()
    worker.start()
    done.wait()
    worker.join()
    wall = time.monotonic() - started
    cpu = proc.cpu_percent()
    stats = worker.stats
    quarter = max(1, len(latencies) // 4)
    cam_fps = (len(captured_t) - 1) / (captured_t[-1] - captured_t[0]) if len(captured_t) > 1 else 0
    return {
        "camera_fps": round(cam_fps, 1),
        "processed_fps": round(stats["processed"] / wall, 1),
        "captured": stats["captured"], "processed": stats["processed"],
        "dropped": stats["dropped"],
        "drop_rate": round(stats["dropped"] / max(1, stats["captured"]), 3),
        "inference_ms": _ms(inference),
        "frame_latency_ms": _ms(latencies),  # capture -> landmarks ready (+ recorder + gate)
        "latency_first_quarter_ms": round(float(np.mean(latencies[:quarter])) * 1000, 1),
        "latency_last_quarter_ms": round(float(np.mean(latencies[-quarter:])) * 1000, 1),
        "wall_s": round(wall, 2),
        "cpu_percent_of_one_core": round(cpu, 0),
    }, recorder


def score_latency(recorder: LiveRecorder, test_s: float) -> dict[str, object]:
    times = []
    result = None
    for _ in range(5):
        started = time.monotonic()
        seq = recorder.sequence()
        result = scoring.score("chair_stand_30s", seq, start_s=float(seq.t_s[0]) + 1.0,
                               duration_s=test_s)
        times.append(time.monotonic() - started)
    assert result is not None
    return {"frame_to_score_ms": _ms(times), "frames_in_test": len(recorder),
            "score": result.score, "valid": result.valid,
            "invalid_reasons": [r.value for r in result.invalid_reasons]}


def offline(clip: Path) -> dict[str, object]:
    source = OpenCvSource(clip)
    recorder = LiveRecorder(source.image_size)
    backend = MediaPipePose()
    started = time.monotonic()
    n = run_inline(source, backend, recorder.add)
    scoring.score("chair_stand_30s", recorder.sequence())
    wall = time.monotonic() - started
    backend.close()
    return {"frames": n, "fps": round(n / wall, 1), "wall_s": round(wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clip = render_clip(Path(tmp) / "clip.mp4", args.seconds)
        started = time.monotonic()
        import mediapipe  # noqa: F401, PLC0415

        import_s = time.monotonic() - started
        live_report, recorder = live(clip)
        report = {
            "machine": {"cpus": os.cpu_count(), "mediapipe_import_s": round(import_s, 2)},
            "video": {"size": "640x480", "fps": 30.0, "seconds": args.seconds,
                      "content": "rendered figure doing 30-s chair stands"},
            "live": live_report,
            "score": score_latency(recorder, args.seconds - 2.0),
            "offline": offline(clip),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
