"""Options reach a driver only when its measure() declares them."""

from drivers.readings import DeviceKind
from kiosk.devices import accepted_options


class _Tanita:
    kind = DeviceKind.SCALE

    async def measure(self, on_progress=None, *, impedance=True, sex=None, height_cm=None,
                      age_years=None):
        raise NotImplementedError


class _PlainScale:
    kind = DeviceKind.SCALE

    async def measure(self, on_progress=None, *, impedance=True):
        raise NotImplementedError


def test_profile_goes_only_where_it_is_understood() -> None:
    options = {"impedance": False, "sex": "female", "height_cm": 156.0, "age_years": None}
    assert accepted_options(_Tanita(), options) == {"impedance": False, "sex": "female",
                                                    "height_cm": 156.0}
    assert accepted_options(_PlainScale(), options) == {"impedance": False}
