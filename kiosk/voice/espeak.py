"""espeak-ng through ctypes, from the library and data bundled in the espeakng-loader wheel.

No apt package is needed: espeakng-loader 0.2.4 ships libespeak-ng 1.52 and the Korean
dictionary (stack-probe §3).  The C API used is espeak-ng's ``speak_lib.h``:
``espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, ...)`` makes ``espeak_Synth`` return only when
the whole text is synthesized, handing 16-bit mono samples to the synth callback on the
calling thread; the callback returning 1 aborts synthesis (how a new prompt interrupts).

espeak-ng keeps global state (one voice, one set of parameters, one callback), so every
call goes through one process-wide lock.
"""

from __future__ import annotations

import array
import ctypes
import logging
import threading
import wave
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# speak_lib.h enums and flags.
AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_INITIALIZE_DONT_EXIT = 0x8000  # return an error instead of exit() on missing data
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
ESPEAK_VOLUME = 2
EE_OK = 0

# espeakRATE is words per minute, accepted range 80..450 (speak_lib.h); 175 is espeak's
# default.  Older listeners follow slower speech better, so "normal" here is a little slower.
MIN_RATE_WPM = 80
MAX_RATE_WPM = 450
NORMAL_RATE_WPM = 150
# espeakVOLUME is 0..200 with 100 the default.  At 100 our Korean prompts peak at about 0.80
# of full scale (measured: 26327/32767) and at 200 they clip, so volume 1.0 maps to 120.
MAX_AMPLITUDE = 120

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class SpeechError(RuntimeError):
    """espeak-ng refused a call (unknown voice, synthesis error)."""


class SpeechUnavailable(SpeechError):
    """The espeak-ng library or its data could not be loaded at all."""


@dataclass(frozen=True, slots=True)
class Pcm:
    """Synthesized speech: 16-bit signed little-endian mono samples."""

    samples: bytes
    sample_rate_hz: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / 2 / self.sample_rate_hz


class _Espeak:
    """The loaded library.  Use through ``synthesize`` (which holds the lock)."""

    def __init__(self) -> None:
        try:
            import espeakng_loader  # noqa: PLC0415 - only the real engine needs the wheel

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as err:
            raise SpeechUnavailable(f"espeak-ng library not usable: {err}") from err
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                          ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint,
                                     ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                     ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(),
                                     ESPEAK_INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise SpeechUnavailable(f"espeak_Initialize failed ({rate}) with data at {data_path}")
        self.lib = lib
        self.sample_rate_hz = rate
        self._voice = ""
        self._chunks = array.array("h")
        self._cancel: threading.Event | None = None
        # Kept on the instance: ctypes would otherwise free the trampoline espeak calls.
        self._callback = _SynthCallback(self._on_samples)
        lib.espeak_SetSynthCallback(self._callback)

    def _on_samples(self, wav: ctypes._Pointer[ctypes.c_short], count: int,
                    _events: int | None) -> int:
        if self._cancel is not None and self._cancel.is_set():
            return 1  # abort synthesis
        if wav and count > 0:
            self._chunks.extend(wav[:count])
        return 0

    def synthesize(self, text: str, voice: str, rate_wpm: int, amplitude: int,
                   cancel: threading.Event | None) -> Pcm:
        if voice != self._voice:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
                raise SpeechError(f"espeak-ng has no voice {voice!r}")
            self._voice = voice
        self.lib.espeak_SetParameter(ESPEAK_RATE, rate_wpm, 0)
        self.lib.espeak_SetParameter(ESPEAK_VOLUME, amplitude, 0)
        self._chunks = array.array("h")
        self._cancel = cancel
        encoded = text.encode("utf-8")
        try:
            status = self.lib.espeak_Synth(encoded, len(encoded) + 1, 0, POS_CHARACTER, 0,
                                           ESPEAK_CHARS_UTF8, None, None)
        finally:
            self._cancel = None
        if status != EE_OK and not (cancel is not None and cancel.is_set()):
            raise SpeechError(f"espeak_Synth failed ({status})")
        return Pcm(self._chunks.tobytes(), self.sample_rate_hz)


_lock = threading.Lock()
_engine: _Espeak | None = None


def rate_wpm(factor: float) -> int:
    """A speech-rate factor (1.0 = normal) as espeak words per minute, within its range."""
    return max(MIN_RATE_WPM, min(MAX_RATE_WPM, round(NORMAL_RATE_WPM * factor)))


def amplitude(volume: float) -> int:
    """A volume 0..1 as espeak's amplitude parameter."""
    return round(max(0.0, min(1.0, volume)) * MAX_AMPLITUDE)


def synthesize(text: str, *, voice: str = "ko", rate: float = 1.0, volume: float = 1.0,
               cancel: threading.Event | None = None) -> Pcm:
    """Speak ``text`` into PCM (blocking; call it off the GUI thread).

    Args:
        text: what to say, already written as pronounced.
        voice: an espeak-ng voice name ("ko", "en").
        rate: speech-rate factor, 1.0 = NORMAL_RATE_WPM.
        volume: 0..1.
        cancel: when set (from another thread) synthesis stops early.

    Raises:
        SpeechUnavailable: the library could not be loaded.
        SpeechError: espeak-ng refused the text or voice.
    """
    global _engine  # noqa: PLW0603 - one espeak-ng instance per process (global C state)
    with _lock:
        if _engine is None:
            _engine = _Espeak()
        return _engine.synthesize(text, voice, rate_wpm(rate), amplitude(volume), cancel)


def write_wav(pcm: Pcm, path: Path) -> None:
    """Save PCM as a mono 16-bit WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(pcm.sample_rate_hz)
        out.writeframes(pcm.samples)


def synthesize_wav(text: str, path: Path, *, voice: str = "ko", rate: float = 1.0,
                   volume: float = 1.0) -> Pcm:
    """Synthesize ``text`` and write it to ``path`` as WAV; returns the PCM written."""
    pcm = synthesize(text, voice=voice, rate=rate, volume=volume)
    write_wav(pcm, path)
    return pcm
