"""Where synthesized speech goes: a command-line player, or nowhere.

QtMultimedia is not in PySide6-Essentials (``import PySide6.QtMultimedia`` fails here), so
playback pipes raw PCM into the first player found on PATH: ``paplay`` (PulseAudio or
PipeWire's pulse server), ``pw-play`` (PipeWire), ``aplay`` (ALSA).  The earphone jack
KS X 9211 asks for is chosen by the system's default sink, or by giving a full command
(e.g. ``aplay -D plughw:1``).  With no player the station works silently: it logs once and
drops audio rather than failing.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Sequence
from typing import Protocol

log = logging.getLogger(__name__)

# How each known player reads raw signed 16-bit little-endian mono PCM from stdin.
# "{rate}" is replaced by the sample rate.
PLAYERS: dict[str, tuple[str, ...]] = {
    "paplay": ("paplay", "--raw", "--format=s16le", "--rate={rate}", "--channels=1"),
    "pw-play": ("pw-play", "--format", "s16", "--rate", "{rate}", "--channels", "1", "-"),
    "aplay": ("aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", "{rate}", "-c", "1", "-"),
}
_POLL_S = 0.05  # how often a playing command checks for an interruption


class AudioSink(Protocol):
    """Plays PCM.  Called from the voice worker thread, never the GUI thread."""

    @property
    def available(self) -> bool:
        """False when audio goes nowhere."""
        ...

    def play(self, samples: bytes, sample_rate_hz: int, cancel: threading.Event) -> None:
        """Play 16-bit mono PCM; return when done or soon after ``cancel`` is set."""
        ...


class SilentSink:
    """No audio output: says so in the log once, then drops audio."""

    available = False
    _warned = False

    def __init__(self, reason: str = "no audio player (paplay, pw-play, aplay) found") -> None:
        self.reason = reason

    def play(self, samples: bytes, sample_rate_hz: int, cancel: threading.Event) -> None:
        if not SilentSink._warned:
            SilentSink._warned = True
            log.warning("voice guidance is silent: %s", self.reason)


class CommandSink:
    """Pipes PCM into a player process; an interruption terminates the process."""

    available = True

    def __init__(self, command: Sequence[str]) -> None:
        """Args:
            command: argv with "{rate}" where the sample rate goes; the player must read
                raw s16le mono PCM from stdin.
        """
        self.command = tuple(command)
        self._failed = False

    def play(self, samples: bytes, sample_rate_hz: int, cancel: threading.Event) -> None:
        argv = [part.replace("{rate}", str(sample_rate_hz)) for part in self.command]
        try:
            process = subprocess.Popen(  # noqa: S603 - argv from PLAYERS or station config
                argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        except OSError as err:
            if not self._failed:
                self._failed = True
                log.warning("audio player %s could not start: %s", argv[0], err)
            return
        feeder = threading.Thread(target=self._feed, args=(process, samples), daemon=True,
                                  name="voice-audio-feed")
        feeder.start()
        while process.poll() is None:
            if cancel.wait(_POLL_S):
                process.terminate()
                break
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        feeder.join(timeout=2)

    @staticmethod
    def _feed(process: subprocess.Popen[bytes], samples: bytes) -> None:
        # Written from its own thread so an interruption is noticed while the pipe is full.
        assert process.stdin is not None
        try:
            process.stdin.write(samples)
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the player was stopped or died; nothing to play any more


def find_audio_sink(path: str | None = None) -> AudioSink:
    """The first player from PLAYERS found on ``path`` (default: $PATH), else SilentSink."""
    for name, command in PLAYERS.items():
        found = shutil.which(name, path=path)
        if found:
            log.info("voice guidance plays through %s", found)
            return CommandSink((found, *command[1:]))
    return SilentSink()
