"""The serial emulators answer the documented commands, byte for byte, over real pyserial.

Expected exchanges: reference §5.1 (the prototype A&D emulator: ``S`` -> ``ST,+00070.20 kg``,
``T`` -> ``<AK>``, ``XYZ`` -> ``EC,E1``), MC-980MA PC-mode §4.2 (``!``, ``E4``, echoed prefixes),
Mark-10 Series 4 User's Guide §9.1.3 (``*10``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from drivers.codecs import and_weighing as aw
from drivers.codecs import mark10, tanita
from drivers.emulators.and_scale import AndScaleEmulator, ScalePerson
from drivers.emulators.mark10_gauge import GripPerson, Mark10Emulator
from drivers.emulators.serial_pty import SerialDeviceEmulator, start_emulator
from drivers.emulators.tanita_analyser import TanitaEmulator
from drivers.transport.serial import SERIAL_SETTINGS, SerialLink


@asynccontextmanager
async def talk_to(emulator: SerialDeviceEmulator, model: str) -> AsyncIterator[SerialLink]:
    host = start_emulator(emulator, model, tick_s=0.002)
    link = SerialLink(host.path, SERIAL_SETTINGS[model], poll_s=0.01)
    await link.open()
    try:
        yield link
    finally:
        await link.close()
        host.stop()


async def ask(link: SerialLink, command: bytes, timeout_s: float = 1.0) -> bytes:
    await link.write(command)
    return await link.read_line(timeout_s)


async def test_and_scale_commands() -> None:
    emulator = AndScaleEmulator(ScalePerson(mass_kg=70.2, step_on_after_s=0.02, settle_s=0.05),
                                sample_s=0.01)
    async with talk_to(emulator, "and-standard-format") as link:
        assert await ask(link, b"Q\r\n") == b"ST,+00000.00 kg\r\n"  # empty platform
        assert await ask(link, b"T\r\n") == b"\x06\r\n"
        assert await ask(link, b"XYZ\r\n") == b"EC,E1\r\n"
        assert await ask(link, b"S\r\n") == b"ST,+00070.20 kg\r\n"  # reference §5.1
        assert await ask(link, b"Q\r\n") == b"ST,+00070.20 kg\r\n"  # still standing on it


async def test_tanita_pc_mode_replies() -> None:
    async with talk_to(TanitaEmulator(measure_s=0.05), "tanita-bc-418") as link:
        assert await ask(link, b"XX\r\n") == b"!\r\n"
        assert await ask(link, b"G1\r\n") == b"E4\r\n"  # no personal data yet
        assert await ask(link, tanita.cmd_height(175.4)) == b"D3\r\n"
        assert await ask(link, b"D4150\r\n") == b"D4!\r\n"
        assert await ask(link, tanita.cmd_gender("male")) == b"D1\r\n"
        assert await ask(link, tanita.cmd_age(30)) == b"D4\r\n"
        record = tanita.decode_record(await ask(link, tanita.START))
    assert record.height_cm == 175.4 and record.gender == "male" and record.model == "BC-418"


async def test_mark10_replies() -> None:
    emulator = Mark10Emulator(GripPerson(wait_s=1.0), unit=mark10.ForceUnit.POUND_FORCE, decimals=2)
    async with talk_to(emulator, "mark10-series4") as link:
        assert await ask(link, b"?\r") == b"0.00 lbF\r\n"  # relaxed hand; CR alone ends a command
        assert await ask(link, b"HELLO\r\n") == b"*10\r\n"
    assert emulator.polls == 1


async def test_nobody_reading_does_not_stall_the_emulator() -> None:
    # a streaming scale with no reader fills the pty; the emulator drops bytes like a UART
    emulator = AndScaleEmulator(sample_s=0.0)
    host = start_emulator(emulator, "and-standard-format", tick_s=0.0005)
    try:
        host.call_soon(lambda: emulator.on_command(aw.encode_command(aw.Command.STREAM)[:-2]))
        link = SerialLink(host.path, SERIAL_SETTINGS["and-standard-format"], poll_s=0.01)
        await link.open()
        try:
            await asyncio.sleep(0.5)
            await link.discard_input()
            await link.write(b"C\r\n")
            await asyncio.sleep(0.05)
            await link.discard_input()
            assert await ask(link, b"T\r\n") == b"\x06\r\n"  # still responsive
        finally:
            await link.close()
    finally:
        host.stop()
