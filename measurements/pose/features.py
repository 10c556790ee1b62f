"""NaN-safe geometry over landmark sequences, and the threshold-crossing event finder.

Every feature is a per-frame signal (N,) that is NaN where it cannot be computed (no
person, or the landmark is missing); scorers fill short gaps and ignore the rest.  Lengths
are in image heights (see ``LandmarkSequence.point``) or normalised by the person's own
leg length, so the signals do not depend on how far from the camera the person stands.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from measurements.pose.landmarks import FloatArray, Landmark, LandmarkSequence

L = Landmark


def mid(a: FloatArray, b: FloatArray) -> FloatArray:
    """Midpoint of two (N, 2) tracks; where one side is missing, the other side."""
    both = np.stack([a, b])
    out = np.full(a.shape, np.nan)
    finite = np.isfinite(both).all(axis=2)  # (2, N)
    any_finite = finite.any(axis=0)
    masked = np.where(finite[:, :, None], both, 0.0).sum(axis=0)
    count = finite.sum(axis=0)[:, None]
    out[any_finite] = (masked[any_finite] / count[any_finite])
    return out


def distance(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.asarray(np.linalg.norm(a - b, axis=-1))


def angle_deg(a: FloatArray, vertex: FloatArray, c: FloatArray) -> FloatArray:
    """Angle a-vertex-c in degrees (180 = straight), NaN where any point is missing."""
    u = a - vertex
    v = c - vertex
    nu = np.linalg.norm(u, axis=-1)
    nv = np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / (nu * nv)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def leg_length(seq: LandmarkSequence) -> float:
    """Thigh + shank length (image heights) from the 90th percentile of each bone.

    The 90th percentile is the bone seen closest to full length: a thigh pointing at the
    camera (frontal view, seated) is foreshortened, the same thigh standing is not.
    NaN if the legs were never seen.
    """
    lengths = []
    for hip, knee, ankle in ((L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
                             (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE)):
        # smoothed first: the 90th percentile of raw lengths would pick up landmark noise
        thigh = smooth(seq.t_s, distance(seq.point(hip), seq.point(knee)), 0.5)
        shank = smooth(seq.t_s, distance(seq.point(knee), seq.point(ankle)), 0.5)
        if np.isfinite(thigh).any() and np.isfinite(shank).any():
            lengths.append(float(np.nanpercentile(thigh, 90) + np.nanpercentile(shank, 90)))
    return float(np.mean(lengths)) if lengths else float("nan")


def hip_height(seq: LandmarkSequence) -> FloatArray:
    """Height of the hips above the lower ankle, in leg lengths: ~0.5 seated, ~1 standing.

    Works from the side and from the front, since it uses only vertical image distances
    and a leg length measured on the person (the camera is upright and fixed).
    """
    hips = mid(seq.point(L.LEFT_HIP), seq.point(L.RIGHT_HIP))
    ankles_y = np.stack([seq.point(L.LEFT_ANKLE)[:, 1], seq.point(L.RIGHT_ANKLE)[:, 1]])
    with np.errstate(invalid="ignore"):
        floor_y = np.where(np.isnan(ankles_y).all(axis=0), np.nan,
                           np.nanmax(np.where(np.isnan(ankles_y), -np.inf, ankles_y), axis=0))
    return np.asarray((floor_y - hips[:, 1]) / leg_length(seq))


def fill_gaps(t_s: FloatArray, x: FloatArray, max_gap_s: float) -> FloatArray:
    """Linearly interpolate NaN runs no longer than ``max_gap_s`` between finite samples."""
    out = x.copy()
    finite = np.flatnonzero(np.isfinite(x))
    if finite.size < 2:
        return out
    for a, b in itertools.pairwise(finite):
        if b - a > 1 and t_s[b] - t_s[a] <= max_gap_s:
            frac = (t_s[a + 1 : b] - t_s[a]) / (t_s[b] - t_s[a])
            out[a + 1 : b] = x[a] + frac * (x[b] - x[a])
    return out


def smooth(t_s: FloatArray, x: FloatArray, window_s: float) -> FloatArray:
    """Centred moving mean over +-window_s/2, ignoring NaN (symmetric: no time shift)."""
    if window_s <= 0 or x.size == 0:
        return x.copy()
    out = np.full(x.shape, np.nan)
    half = window_s / 2 + 1e-6  # the epsilon keeps both ends in: float rounding must not
    lo = np.searchsorted(t_s, t_s - half, side="left")  # make a window lopsided (a shift)
    hi = np.searchsorted(t_s, t_s + half, side="right")
    finite = np.isfinite(x)
    csum = np.concatenate([[0.0], np.cumsum(np.where(finite, x, 0.0))])
    ccount = np.concatenate([[0], np.cumsum(finite)])
    counts = ccount[hi] - ccount[lo]
    ok = finite & (counts > 0)
    out[ok] = (csum[hi] - csum[lo])[ok] / counts[ok]
    return out


@dataclass(frozen=True, slots=True)
class Cycle:
    """One excursion of a signal from below ``low`` to above ``high`` (and back)."""

    up_s: float  # crossing of ``high`` going up (linearly interpolated)
    down_s: float | None  # crossing of ``low`` coming back; None if it never came back
    start_s: float  # last crossing of ``low`` going up before up_s: the start of the rise


@dataclass(frozen=True, slots=True)
class Partial:
    """An excursion that rose past ``partial`` but fell back below ``low`` before ``high``."""

    start_s: float
    peak_s: float
    peak: float


def _cross(t0: float, x0: float, t1: float, x1: float, level: float) -> float:
    if x1 == x0:
        return t1
    return t0 + (level - x0) / (x1 - x0) * (t1 - t0)


def hysteresis_cycles(
    t_s: FloatArray, x: FloatArray, *, low: float, high: float, partial: float | None = None,
) -> tuple[list[Cycle], list[Partial]]:
    """Rises above ``high`` that start from below ``low`` (a Schmitt trigger).

    NaN samples are skipped (fill short gaps first).  The signal must start below ``low``
    for the first cycle to count: a test starts seated / at rest.
    """
    cycles: list[Cycle] = []
    partials: list[Partial] = []
    state = "unknown"
    rise_start = float("nan")
    peak = -np.inf
    peak_t = float("nan")
    prev_t = prev_x = float("nan")
    for ti, xi in zip(t_s.tolist(), x.tolist(), strict=True):
        if not np.isfinite(xi):
            continue
        if state == "unknown":
            state = "low" if xi < low else "wait"
        elif state == "wait":  # started high: wait for the first return below low
            if xi < low:
                state = "low"
        elif state == "low":
            if np.isfinite(prev_x) and prev_x < low <= xi:
                rise_start = _cross(prev_t, prev_x, ti, xi, low)
                peak = -np.inf
            if xi >= low and xi > peak:
                peak, peak_t = xi, ti
            if xi >= high:
                cycles.append(Cycle(_cross(prev_t, prev_x, ti, xi, high), None,
                                    rise_start if np.isfinite(rise_start) else ti))
                state = "high"
            elif xi < low <= prev_x and partial is not None and peak >= partial:
                partials.append(Partial(rise_start, peak_t, peak))
                peak = -np.inf
            elif xi < low:
                peak = -np.inf
        elif state == "high" and xi < low:
            last = cycles[-1]
            cycles[-1] = Cycle(last.up_s, _cross(prev_t, prev_x, ti, xi, low), last.start_s)
            state = "low"
            rise_start = float("nan")
            peak = -np.inf
        prev_t, prev_x = ti, xi
    return cycles, partials


def value_at(t_s: FloatArray, x: FloatArray, at_s: float) -> float:
    """Linear interpolation of a signal at one time (NaN outside / at a gap)."""
    finite = np.isfinite(x)
    if finite.sum() < 2:
        return float("nan")
    return float(np.interp(at_s, t_s[finite], x[finite], left=np.nan, right=np.nan))
