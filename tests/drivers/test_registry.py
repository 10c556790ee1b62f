"""The device registry: every row is complete, no match rule is shadowed, open_driver wires it."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers import registry
from drivers.base import MeasuringDriver
from drivers.codecs.decode import KINDS
from drivers.devices.bp_bls import BloodPressureCuffDriver
from drivers.devices.mi_scale import MiScaleDriver
from drivers.emulators.and_ua651ble import AndUA651BLE, CuffTiming
from drivers.emulators.ble_sims import SIMULATORS as BLE_SIMULATORS
from drivers.emulators.gatt import VirtualPeripheral
from drivers.emulators.serial_sims import SIMULATORS as SERIAL_SIMULATORS
from drivers.emulators.sim_adverts import report_of
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.errors import DeviceNotFound
from drivers.readings import LinkKind
from drivers.registry import SPECS, BleMatch, LinkType, SerialMatch
from drivers.transport.ble import BleakGattLink

ROOT = Path(__file__).resolve().parents[2]
BLE_SPECS = [s for s in SPECS if isinstance(s.match, BleMatch)]
SERIAL_SPECS = [s for s in SPECS if isinstance(s.match, SerialMatch)]


def test_ids_are_unique_and_lower_case() -> None:
    ids = [s.id for s in SPECS]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_every_entry_has_codec_vectors_and_an_emulator(spec: registry.DeviceSpec) -> None:
    assert spec.vectors, "a device without cited vectors is not supported"
    for path in spec.vectors:
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "def test_" in text
    assert spec.frame_kinds
    assert set(spec.frame_kinds) <= set(KINDS), "raw frames must be decodable by lifelog-kiosk decode"
    simulators = SERIAL_SIMULATORS if spec.link is LinkType.SERIAL else BLE_SIMULATORS
    assert spec.emulator in simulators
    assert spec.source


@pytest.mark.parametrize("spec", BLE_SPECS, ids=lambda s: s.id)
def test_no_ble_rule_is_shadowed_by_an_earlier_one(spec: registry.DeviceSpec) -> None:
    # The spec's own emulator advertises like the real device; the first matching row must be it.
    peripheral = BLE_SIMULATORS[spec.emulator]()
    assert isinstance(peripheral, VirtualPeripheral)
    report = report_of(peripheral.address, peripheral.advertisement)
    assert spec.match.matches(report) if isinstance(spec.match, BleMatch) else False
    assert registry.match_advertisement(report) is spec
    earlier = SPECS[: SPECS.index(spec)]
    assert not [s.id for s in earlier if isinstance(s.match, BleMatch) and s.match.matches(report)]


@pytest.mark.parametrize("spec", SERIAL_SPECS, ids=lambda s: s.id)
def test_no_serial_model_is_shadowed(spec: registry.DeviceSpec) -> None:
    assert isinstance(spec.match, SerialMatch)
    for model in spec.match.models:
        assert registry.match_serial_model(model) is spec
        assert registry.match_serial_model(model.lower()) is spec


def test_generic_rules_do_not_swallow_vendor_adverts() -> None:
    # A plain BLS cuff (no A&D name) goes to the generic row, not to the A&D row.
    cuff = BLE_SIMULATORS["bls-cuff"]()
    spec = registry.match_advertisement(report_of(cuff.address, cuff.advertisement))
    assert spec is not None
    assert spec.id == "bls-cuff"


def test_spec_lookup_by_id_model_and_serial_model() -> None:
    assert registry.spec_for("and-ua-651ble").model == "UA-651BLE"
    assert registry.spec_for("UA-651BLE").id == "and-ua-651ble"
    assert registry.spec_for("BC-418MA").id == "tanita-bc-418"
    with pytest.raises(DeviceNotFound):
        registry.spec_for("omron-hem-7361t")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
async def test_open_driver_builds_every_simulated_device(spec: registry.DeviceSpec) -> None:
    driver = registry.open_driver(spec.id, f"sim://{spec.id}")
    try:
        assert isinstance(driver, MeasuringDriver)
        assert driver.kind is spec.kind
        assert driver.identity.link is LinkKind.SIMULATED
    finally:
        await driver.close()


async def test_open_driver_sim_cuff_measures_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.BLE_SIMULATORS, "and-ua-651ble",
                        lambda: AndUA651BLE(timing=CuffTiming(step_s=0.001)))
    driver = registry.open_driver("and-ua-651ble", "sim://bp")
    assert isinstance(driver, BloodPressureCuffDriver)
    assert isinstance(driver.link, SimulatedGattLink)
    reading = await driver.measure()
    assert reading.systolic_mmhg == 128
    assert reading.device.address == "sim://bp"
    assert reading.device.serial_number == "5140300123"


async def test_open_driver_real_addresses_pick_the_production_links() -> None:
    cuff = registry.open_driver("and-ua-651ble", "5C:0E:8B:00:65:1B", pair=True)
    assert isinstance(cuff, BloodPressureCuffDriver)
    assert isinstance(cuff.link, BleakGattLink)
    assert cuff.pair
    assert cuff.identity.link is LinkKind.BLE
    mi = registry.open_driver("xiaomi-mi-scale-2", "5C:CA:D3:7F:00:02")
    assert isinstance(mi, MiScaleDriver)
    assert mi.identity.link is LinkKind.BLE
    scale = registry.open_driver("and-fx-i", "loop://")
    try:
        assert scale.identity.link is LinkKind.SERIAL
        assert scale.identity.address == "loop://"
    finally:
        await scale.close()
