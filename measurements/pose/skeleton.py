"""A parametric 2-D human skeleton (side view) and its projection to the 33 landmarks.

Used by the synthetic-sequence generator (``synthetic.py``) and the sample-video renderer.
The body moves in the sagittal plane: every segment angle is measured from the vertical,
positive = in the facing direction.  World units are metres, y up, floor at y = 0.
Vectorised: every pose parameter is an array over time, so a 2-minute test at 500 Hz is
one call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from measurements.pose.landmarks import N_LANDMARKS, FloatArray, Landmark

L = Landmark


@dataclass(frozen=True, slots=True)
class BodyDims:
    """Segment lengths in metres (defaults: a 1.65 m adult, Drillis & Contini proportions)."""

    thigh_m: float = 0.42
    shank_m: float = 0.42
    foot_drop_m: float = 0.07  # ankle joint above the floor when the foot is flat
    torso_m: float = 0.50  # hip joint to shoulder joint
    head_m: float = 0.24  # shoulder line to the centre of the head
    upper_arm_m: float = 0.29
    forearm_m: float = 0.26
    hand_m: float = 0.08


@dataclass(frozen=True, slots=True)
class PoseTrack:
    """Joint angles (degrees) over time.  ``pelvis_x_m`` is used unless ``anchor_x_m`` is set.

    With ``anchor_x_m`` the right (support) ankle stays at that x, the way feet stay put
    on the floor while a person stands up from a chair; per frame, NaN = free pelvis.
    """

    t_s: FloatArray
    facing: FloatArray  # +1 faces +x, -1 faces -x
    lean_deg: FloatArray  # trunk forward lean
    thigh_deg: tuple[FloatArray, FloatArray]  # (left, right) thigh from vertical, forward +
    knee_flex_deg: tuple[FloatArray, FloatArray]  # 0 = straight leg
    arm_deg: tuple[FloatArray, FloatArray]  # upper arm from vertical (hanging = 0)
    elbow_flex_deg: tuple[FloatArray, FloatArray]  # 0 = straight arm
    pelvis_x_m: FloatArray | None = None
    anchor_x_m: FloatArray | float | None = None  # NaN entries: use pelvis_x_m there


def _vec(length: float, angle_deg: FloatArray, facing: FloatArray, down: bool) -> FloatArray:
    a = np.radians(angle_deg)
    sign = -1.0 if down else 1.0
    return np.stack([facing * length * np.sin(a), sign * length * np.cos(a)], axis=-1)


def world_landmarks(track: PoseTrack, dims: BodyDims = BodyDims()) -> FloatArray:
    """(N, 33, 2) landmark positions in metres (x, y up) for a pose track."""
    n = track.t_s.shape[0]
    f = track.facing
    out = np.zeros((n, N_LANDMARKS, 2))
    knees = []
    ankles = []
    for side in (0, 1):
        knee = _vec(dims.thigh_m, track.thigh_deg[side], f, down=True)
        shank_angle = track.thigh_deg[side] - track.knee_flex_deg[side]
        knees.append(knee)
        ankles.append(knee + _vec(dims.shank_m, shank_angle, f, down=True))
    # Pelvis height: the lower foot rests on the floor (ankles are relative to the pelvis).
    pelvis_y = np.maximum(-ankles[0][:, 1], -ankles[1][:, 1]) + dims.foot_drop_m
    free_x = track.pelvis_x_m if track.pelvis_x_m is not None else np.zeros(n)
    if track.anchor_x_m is not None:
        anchor = np.broadcast_to(np.asarray(track.anchor_x_m, dtype=np.float64), (n,))
        pelvis_x = np.where(np.isfinite(anchor), anchor - ankles[1][:, 0], free_x)
    else:
        pelvis_x = free_x
    pelvis = np.stack([pelvis_x, pelvis_y], axis=-1)
    shoulder = pelvis + _vec(dims.torso_m, track.lean_deg, f, down=False)
    head = shoulder + _vec(dims.head_m, track.lean_deg * 0.5, f, down=False)
    for side, (hip_i, knee_i, ankle_i, heel_i, toe_i) in enumerate((
        (L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE, L.LEFT_HEEL, L.LEFT_FOOT_INDEX),
        (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT_INDEX),
    )):
        out[:, hip_i] = pelvis
        out[:, knee_i] = pelvis + knees[side]
        ankle = pelvis + ankles[side]
        out[:, ankle_i] = ankle
        foot_dir = np.stack([f, np.zeros(n)], axis=-1)
        out[:, heel_i] = ankle - 0.05 * foot_dir - np.array([0.0, dims.foot_drop_m * 0.8])
        out[:, toe_i] = ankle + 0.16 * foot_dir - np.array([0.0, dims.foot_drop_m])
    for side, (sh_i, el_i, wr_i, fingers) in enumerate((
        (L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST,
         (L.LEFT_PINKY, L.LEFT_INDEX, L.LEFT_THUMB)),
        (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST,
         (L.RIGHT_PINKY, L.RIGHT_INDEX, L.RIGHT_THUMB)),
    )):
        out[:, sh_i] = shoulder
        elbow = shoulder + _vec(dims.upper_arm_m, track.arm_deg[side], f, down=True)
        fore = track.arm_deg[side] + track.elbow_flex_deg[side]
        wrist = elbow + _vec(dims.forearm_m, fore, f, down=True)
        out[:, el_i] = elbow
        out[:, wr_i] = wrist
        for k, finger in enumerate(fingers):
            out[:, finger] = wrist + _vec(dims.hand_m * (1.0 - 0.2 * k), fore, f, down=True)
    face_fwd = np.stack([f, np.zeros(n)], axis=-1)
    out[:, L.NOSE] = head + 0.09 * face_fwd
    for i, (fwd, up) in {
        L.LEFT_EYE_INNER: (0.08, 0.035), L.LEFT_EYE: (0.075, 0.04), L.LEFT_EYE_OUTER: (0.065, 0.04),
        L.RIGHT_EYE_INNER: (0.08, 0.035), L.RIGHT_EYE: (0.075, 0.04),
        L.RIGHT_EYE_OUTER: (0.065, 0.04), L.LEFT_EAR: (-0.01, 0.02), L.RIGHT_EAR: (-0.01, 0.02),
        L.MOUTH_LEFT: (0.075, -0.04), L.MOUTH_RIGHT: (0.075, -0.04),
    }.items():
        out[:, i] = head + fwd * face_fwd + np.array([0.0, up])
    return out


@dataclass(frozen=True, slots=True)
class CameraView:
    """A fixed, upright camera: which world rectangle fills the frame.

    ``centre_x_m`` is the world x at the image centre, ``height_m`` the world height the
    frame spans, ``floor_y`` where the floor line sits in the image (normalised).
    """

    centre_x_m: float = 0.0
    height_m: float = 2.3
    floor_y: float = 0.93
    image_size: tuple[int, int] = (640, 480)

    def project(self, world: FloatArray) -> FloatArray:
        """World metres -> normalised image coordinates (x right, y down)."""
        width_m = self.height_m * self.image_size[0] / self.image_size[1]
        x = 0.5 + (world[..., 0] - self.centre_x_m) / width_m
        y = self.floor_y - world[..., 1] / self.height_m
        return np.stack([x, y], axis=-1)


def near_side_visibility(facing: FloatArray) -> FloatArray:
    """(N, 33) visibility: the side turned away from the camera is partly hidden.

    The camera looks along -z at the person's side; facing +x shows the left side.
    """
    n = facing.shape[0]
    vis = np.full((n, N_LANDMARKS), 0.97)
    right = np.array([i for i in Landmark if i.name.startswith("RIGHT_")])
    left = np.array([i for i in Landmark if i.name.startswith("LEFT_")])
    vis[np.ix_(facing > 0, right)] = 0.8
    vis[np.ix_(facing < 0, left)] = 0.8
    return vis
