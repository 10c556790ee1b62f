"""Opt-in: one measurement on a REAL serial device (skipped unless the environment names one).

    LIFELOG_SERIAL_PORT=/dev/ttyUSB0 LIFELOG_SERIAL_MODEL=and-fx-i \\
        .venv/bin/python -m pytest tests/drivers/devices/test_serial_hardware.py -m hardware -s

The model key picks the settings row (drivers/transport/serial.py) and the driver; somebody
has to step on the scale / squeeze the gauge within the driver's timeout.
"""

from __future__ import annotations

import os

import pytest

from drivers.base import MeasuringDriver
from drivers.devices.and_scale_serial import AndScaleDriver
from drivers.devices.mark10_grip import Mark10GripDriver
from drivers.devices.tanita_serial import TanitaDriver
from drivers.readings import BodyCompositionReading, GripReading
from drivers.transport.serial import SerialLink, settings_for

PORT = os.environ.get("LIFELOG_SERIAL_PORT")
MODEL = os.environ.get("LIFELOG_SERIAL_MODEL", "")

pytestmark = [
    pytest.mark.hardware,
    pytest.mark.skipif(not PORT or not MODEL,
                       reason="set LIFELOG_SERIAL_PORT and LIFELOG_SERIAL_MODEL to run on a real device"),
]


def build(link: SerialLink) -> MeasuringDriver:
    if MODEL.startswith("and-"):
        return AndScaleDriver(link)
    if MODEL.startswith("tanita-"):
        return TanitaDriver(link)
    return Mark10GripDriver(link)


async def test_one_real_measurement() -> None:
    assert PORT is not None
    driver = build(SerialLink(PORT, settings_for(MODEL)))
    try:
        reading = await driver.measure(print)
    finally:
        await driver.close()
    assert isinstance(reading, BodyCompositionReading | GripReading)
    assert reading.frames
    print(reading)  # the operator reads the result
