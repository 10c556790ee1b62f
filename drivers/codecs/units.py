"""Unit conversions and the "measurement unsuccessful" sentinel shared by the codecs.

Conversion factors are exact by definition (NIST SP 811 App. B): 1 lb = 0.45359237 kg,
1 in = 0.0254 m, 1 mmHg = 133.322387415 Pa.
"""

from __future__ import annotations

import enum

KG_PER_LB = 0.45359237
M_PER_IN = 0.0254
PA_PER_MMHG = 133.322387415
MMHG_PER_KPA = 1000.0 / PA_PER_MMHG  # ≈ 7.50062


class UnitSystem(enum.Enum):
    """The Measurement Units flag (bit 0) of WSS 0x2A9D and BCS 0x2A9C."""

    SI = "SI"  # kg and m
    IMPERIAL = "imperial"  # lb and in


class Unsuccessful(enum.Enum):
    """A uint16 field holding 0xFFFF: the device says this measurement did not succeed.

    GSS 0x2A9D Weight ("0xFFFF ... Measurement Unsuccessful") and 0x2A9C Body Fat Percentage.
    """

    UNSUCCESSFUL = "unsuccessful"


UNSUCCESSFUL = Unsuccessful.UNSUCCESSFUL
UNSUCCESSFUL_RAW = 0xFFFF
