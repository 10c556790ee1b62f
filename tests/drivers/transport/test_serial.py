"""The serial settings table and SerialLink over real pyserial URL handlers.

Line settings cannot be exercised on a pty (Linux ptys force CS8, no parity: reference §5.1),
so the table is checked as data and by pyserial's own validation on ``loop://``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from drivers.emulators.serial_pty import PtyHost, SerialDeviceEmulator, start_emulator
from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason
from drivers.transport.serial import MAX_LINE_BYTES, SERIAL_SETTINGS, LineSettings, SerialLink, settings_for

REQUIRED_MODELS = ["and-standard-format", "tanita-sc-240", "tanita-bc-418", "tanita-mc-780",
                   "mark10-series4", "mark10-series5"]


@pytest.mark.parametrize("model", REQUIRED_MODELS)
def test_supported_models_have_rows(model: str) -> None:
    assert model in SERIAL_SETTINGS


@pytest.mark.parametrize(("model", "row"), sorted(SERIAL_SETTINGS.items()))
def test_every_row_is_complete_and_valid(model: str, row: LineSettings) -> None:
    assert row.baudrate in serial.Serial.BAUDRATES
    assert row.bytesize in serial.Serial.BYTESIZES
    assert row.parity in serial.Serial.PARITIES
    assert row.stopbits in serial.Serial.STOPBITS
    assert row.terminator in (b"\r\n", b"\r", b"\n")
    assert len(row.source) > 20, f"{model}: say where the settings come from"
    assert not (row.xonxoff and row.rtscts)
    if row.bytesize == serial.SEVENBITS:
        assert row.parity != serial.PARITY_NONE, "7-bit ASCII lines carry parity (7E1/7O1)"
    if not row.verified:
        assert "verify" in row.source.lower() or "assum" in row.source.lower()


@pytest.mark.parametrize(("model", "row"), sorted(SERIAL_SETTINGS.items()))
async def test_pyserial_accepts_every_row(model: str, row: LineSettings) -> None:
    link = SerialLink("loop://", row)
    await link.open()
    try:
        await link.write(b"ping" + row.terminator)
        assert await link.read_line(1.0) == b"ping" + row.terminator
    finally:
        await link.close()


def test_expected_defaults_from_the_sources() -> None:
    assert (SERIAL_SETTINGS["tanita-mc-980"].baudrate, SERIAL_SETTINGS["tanita-mc-980"].parity) == (9600, "N")
    assert SERIAL_SETTINGS["tanita-mc-980"].verified
    assert SERIAL_SETTINGS["and-standard-format"].bytesize == 7
    assert SERIAL_SETTINGS["mark10-series5"].baudrate == 115200


def test_unknown_model() -> None:
    with pytest.raises(DeviceNotFound):
        settings_for("acme-9000")
    assert settings_for("mark10-series4").with_baudrate(19200).baudrate == 19200


ROW = SERIAL_SETTINGS["mark10-series4"]


async def test_read_line_timeout_and_partial_lines() -> None:
    link = SerialLink("loop://", ROW, poll_s=0.01)
    await link.open()
    try:
        await link.write(b"4.2")
        with pytest.raises(DriverError) as caught:
            await link.read_line(0.1)
        assert caught.value.reason is Reason.TIMEOUT
        await link.write(b"85 N\r\nnext")  # the partial line is kept and completed
        assert await link.read_line(0.5) == b"4.285 N\r\n"
        await link.discard_input()
        await link.write(b"1 N\r\n")
        assert await link.read_line(0.5) == b"1 N\r\n"
    finally:
        await link.close()


async def test_endless_line_is_a_protocol_violation() -> None:
    # loop:// models transmission time; at 9600 baud 2 kB would exceed the write timeout
    link = SerialLink("loop://", ROW.with_baudrate(115200), poll_s=0.01)
    await link.open()
    try:
        # loop:// holds at most 4096 bytes, so feed the endless line in two halves
        await link.write(b"x" * 3000)
        with pytest.raises(DriverError):
            await link.read_line(0.05)
        await link.write(b"x" * (MAX_LINE_BYTES - 2000))
        with pytest.raises(ProtocolViolation):
            await link.read_line(1.0)
    finally:
        await link.close()


async def test_waiting_does_not_block_the_event_loop() -> None:
    link = SerialLink("loop://", ROW, poll_s=0.05)
    await link.open()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        with pytest.raises(DriverError):
            await link.read_line(0.3)
    finally:
        task.cancel()
        await link.close()
    assert ticks >= 15  # ~30 possible; a blocking read would allow almost none


async def test_absent_port_is_not_found_after_backoff(tmp_path: Path) -> None:
    link = SerialLink(str(tmp_path / "ttyUSB9"), ROW, reopen_timeout_s=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(DeviceNotFound):
        await link.open()
    assert 0.1 <= loop.time() - started < 2.0
    with pytest.raises(DeviceLost):
        await link.read_line(0.1)


async def test_malformed_url_is_not_found_without_retrying() -> None:
    with pytest.raises(DeviceNotFound):
        await SerialLink("nosuchscheme://x", ROW, reopen_timeout_s=5.0).open()


class Echo(SerialDeviceEmulator):
    def on_command(self, command: bytes) -> None:
        self.send(command + b"\r\n")


@pytest.fixture
def echo_host() -> Iterator[PtyHost]:
    host = start_emulator(Echo(), "echo", tick_s=0.002)
    yield host
    host.stop()


async def test_pty_unplug_is_device_lost_and_replug_reopens(echo_host: PtyHost) -> None:
    link = SerialLink(echo_host.path, ROW, reopen_timeout_s=2.0, poll_s=0.01)
    await link.open()
    try:
        await link.write(b"hello\r")
        assert await link.read_line(1.0) == b"hello\r\n"
        echo_host.call_soon(lambda: echo_host.unplug(replug_after_s=0.2))
        with pytest.raises(DeviceLost):
            await link.read_line(1.0)
        assert not link.is_open
        await link.open()  # backs off until the new pty is behind the same path
        await link.write(b"again\r")
        assert await link.read_line(1.0) == b"again\r\n"
    finally:
        await link.close()
        await link.close()  # twice is fine


async def test_spy_url_logs_traffic(echo_host: PtyHost, tmp_path: Path) -> None:
    log_file = tmp_path / "spy.txt"
    link = SerialLink(f"spy://{echo_host.path}?file={log_file}", ROW, poll_s=0.01)
    await link.open()
    try:
        await link.write(b"S\r\n")
        assert await link.read_line(1.0) == b"S\r\n"
    finally:
        await link.close()
    assert "53 0D 0A" in log_file.read_text()  # reference §5.1: "TX 0000 53 0D 0A  S.."


async def test_socket_url_and_remote_close() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        # pyserial's socket:// handler flushes input on open, so the box answers a command
        conn, _ = server.accept()
        with conn:
            conn.recv(16)
            conn.sendall(b"ST,+00070.20  kg\r\n")
            conn.recv(16)  # the next command: hang up instead (the box lost power)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    link = SerialLink(f"socket://127.0.0.1:{port}", ROW, poll_s=0.01, reopen_timeout_s=0.2)
    try:
        await link.open()
        await link.write(b"Q\r\n")
        assert await link.read_line(1.0) == b"ST,+00070.20  kg\r\n"
        await link.write(b"Q\r\n")
        with pytest.raises(DeviceLost):
            await link.read_line(1.0)
    finally:
        await link.close()
        server.close()
        thread.join(1.0)
