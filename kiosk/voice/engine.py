"""Voice guidance: the ``VoiceGuide`` the screens talk to, and its implementations.

* ``EspeakEngine``: espeak-ng (kiosk.voice.espeak) in one worker thread, played through an
  injectable ``AudioSink``.  ``say`` returns at once; a new prompt interrupts the one
  playing (an older person who has already pressed "next" should not hear the previous
  instruction out).  Rate and volume follow the KS X 9211 requirement of user-adjustable
  speech rate and volume (health-kiosk-anchors §4.1).
* ``RecordingVoice``: records what would be said (tests, demo).
* ``NullVoice``: says nothing.

``say`` interrupts; ``say_more`` queues after the current speech.  Both take a catalogue
key with its values (``say("bp.result", systolic=120, diastolic=80)``), spoken in the
voice's language, or free text (``say(self.tr(...))``), spoken in Korean if it contains
Hangul and in English otherwise.  Digits and unit symbols
left in free Korean text are spelled out (korean_numbers.spell_out_numbers).  A prompt that
cannot be rendered is logged and skipped: voice trouble never stops a visit.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kiosk.voice import espeak
from kiosk.voice.audio import AudioSink, find_audio_sink
from kiosk.voice.korean_numbers import spell_out_numbers
from kiosk.voice.prompts import PROMPTS, prompt
from kiosk.voice.pronunciation import apply_sound_changes

log = logging.getLogger(__name__)

MIN_RATE = 0.5
MAX_RATE = 2.0
# Speech-rate steps for a "speech speed" button (KS X 9211: user-adjustable rate):
# slow, normal, fast, as factors of espeak.NORMAL_RATE_WPM.
RATE_CHOICES = (0.75, 1.0, 1.3)
_MAX_QUEUED = 8  # say_more() beyond this drops the oldest: speech must not lag the screen
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@runtime_checkable
class VoiceGuide(Protocol):
    """What screens use to speak.  All methods return immediately."""

    enabled: bool
    language: str  # "ko" | "en": the language catalogue keys are spoken in

    def say(self, text: str, **values: Any) -> None:
        """Speak a catalogue key (with its values) or free text; interrupts current speech."""
        ...

    def say_more(self, text: str, **values: Any) -> None:
        """Like ``say`` but queued after what is being said (a result, then its category)."""
        ...

    def stop(self) -> None:
        """Stop speaking now."""
        ...

    def set_rate(self, factor: float) -> None:
        """Speech rate, 1.0 = normal, clamped to 0.5..2.0."""
        ...

    def set_volume(self, volume: float) -> None:
        """Volume, clamped to 0..1."""
        ...


@dataclass(frozen=True, slots=True)
class Utterance:
    """Resolved speech: the exact text and the espeak voice it is spoken in."""

    text: str
    language: str


def resolve(text: str, values: dict[str, Any], language: str) -> Utterance | None:
    """Turn a ``say`` call into the words to speak, or None (logged) if it cannot be."""
    if text in PROMPTS:
        try:
            return Utterance(prompt(text, language, **values), language)
        except (KeyError, ValueError, TypeError) as err:
            log.warning("prompt %s not spoken: %s", text, err)
            return None
    if values:
        log.warning("values given with free text (no prompt named %r); ignored", text[:20])
    if not text.strip():
        return None
    if _HANGUL.search(text):
        return Utterance(spell_out_numbers(text), "ko")
    return Utterance(text, "en")


def _clamp_rate(factor: float) -> float:
    return max(MIN_RATE, min(MAX_RATE, factor))


def _clamp_volume(volume: float) -> float:
    return max(0.0, min(1.0, volume))


class NullVoice:
    """Says nothing (voice guidance switched off or unavailable)."""

    def __init__(self, language: str = "ko") -> None:
        self.enabled = False
        self.language = language
        self.rate = 1.0
        self.volume = 1.0

    def say(self, text: str, **values: Any) -> None:
        """Does nothing."""

    def say_more(self, text: str, **values: Any) -> None:
        """Does nothing."""

    def stop(self) -> None:
        """Does nothing."""

    def set_rate(self, factor: float) -> None:
        self.rate = _clamp_rate(factor)

    def set_volume(self, volume: float) -> None:
        self.volume = _clamp_volume(volume)


class RecordingVoice(NullVoice):
    """Records what the station would say, resolved exactly as the real engine resolves it.

    Attributes:
        spoken: the texts, in order.
        utterances: the same with the language of each.
        stops: how many times ``stop`` was called.
    """

    def __init__(self, language: str = "ko") -> None:
        super().__init__(language)
        self.enabled = True
        self.utterances: list[Utterance] = []
        self.stops = 0

    @property
    def spoken(self) -> list[str]:
        return [u.text for u in self.utterances]

    def say(self, text: str, **values: Any) -> None:
        if not self.enabled:
            return
        utterance = resolve(text, values, self.language)
        if utterance is not None:
            self.utterances.append(utterance)

    def say_more(self, text: str, **values: Any) -> None:
        self.say(text, **values)

    def stop(self) -> None:
        self.stops += 1


class EspeakEngine:
    """espeak-ng speech in a worker thread, played through ``sink``.

    Args:
        sink: where audio goes; default: the first command-line player found, else silence.
        rate: speech-rate factor, 1.0 = espeak.NORMAL_RATE_WPM words per minute.
        volume: 0..1.
        enabled: False keeps the engine quiet until it is switched on.
        language: "ko" or "en", the language catalogue keys are spoken in.
    """

    def __init__(self, sink: AudioSink | None = None, *, rate: float = 1.0,
                 volume: float = 0.8, enabled: bool = True, language: str = "ko") -> None:
        self.sink = sink if sink is not None else find_audio_sink()
        self._enabled = enabled
        self.language = language
        self.rate = _clamp_rate(rate)
        self.volume = _clamp_volume(volume)
        self._wake = threading.Condition()
        self._pending: deque[Utterance] = deque(maxlen=_MAX_QUEUED)
        self._cancel = threading.Event()
        self._closed = False
        self._broken = False
        self._worker = threading.Thread(target=self._run, daemon=True, name="voice")
        self._worker.start()

    # --- VoiceGuide --------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        """Switching voice off also silences what is being said now."""
        self._enabled = on
        if not on:
            self.stop()

    def say(self, text: str, **values: Any) -> None:
        if not self._enabled or self._broken:
            return
        utterance = resolve(text, values, self.language)
        if utterance is None:
            return
        with self._wake:
            self._pending.clear()
            self._pending.append(utterance)
            self._cancel.set()  # interrupt whatever is being synthesized or played
            self._wake.notify()

    def say_more(self, text: str, **values: Any) -> None:
        if not self._enabled or self._broken:
            return
        utterance = resolve(text, values, self.language)
        if utterance is None:
            return
        with self._wake:
            self._pending.append(utterance)
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._pending.clear()
            self._cancel.set()

    def set_rate(self, factor: float) -> None:
        self.rate = _clamp_rate(factor)

    def set_volume(self, volume: float) -> None:
        self.volume = _clamp_volume(volume)

    def close(self) -> None:
        """Stop speaking and end the worker thread."""
        with self._wake:
            self._closed = True
            self._pending.clear()
            self._cancel.set()
            self._wake.notify()
        self._worker.join(timeout=5)

    # --- worker ------------------------------------------------------------------------------
    def _next(self) -> tuple[Utterance, threading.Event] | None:
        with self._wake:
            while not self._pending and not self._closed:
                self._wake.wait()
            if self._closed:
                return None
            utterance = self._pending.popleft()
            self._cancel = threading.Event()  # a fresh event for this utterance
            return utterance, self._cancel

    def _run(self) -> None:
        while (job := self._next()) is not None:
            utterance, cancel = job
            text = utterance.text
            if utterance.language == "ko":
                text = apply_sound_changes(text)
            try:
                pcm = espeak.synthesize(text, voice=utterance.language, rate=self.rate,
                                        volume=self.volume, cancel=cancel)
            except espeak.SpeechUnavailable as err:
                # The station keeps working without voice; say so once.
                log.error("voice guidance off: %s", err)
                self._broken = True
                return
            except Exception:  # the worker must outlive any one bad utterance
                log.exception("could not synthesize %r", text[:40])
                continue
            if not cancel.is_set() and pcm.samples:
                try:
                    self.sink.play(pcm.samples, pcm.sample_rate_hz, cancel)
                except Exception:  # a sink must never take the worker down
                    log.exception("audio sink failed")


def synthesize_wav(text: str, path: Path, *, language: str = "ko", rate: float = 1.0,
                   volume: float = 1.0, **values: Any) -> espeak.Pcm:
    """Speak a catalogue key (with its values) or free text into a WAV file, exactly as
    EspeakEngine would speak it.

    Raises:
        ValueError: the text resolves to nothing to say.
        espeak.SpeechError: espeak-ng failed.
    """
    utterance = resolve(text, values, language)
    if utterance is None:
        raise ValueError(f"nothing to say for {text!r}")
    spoken = apply_sound_changes(utterance.text) if utterance.language == "ko" else utterance.text
    return espeak.synthesize_wav(spoken, path, voice=utterance.language, rate=rate,
                                 volume=volume)


def create_voice(*, enabled: bool = True, rate: float = 1.0, volume: float = 0.8,
                 language: str = "ko", sink: AudioSink | None = None) -> VoiceGuide:
    """The station's voice: an EspeakEngine (silent when no audio player exists)."""
    return EspeakEngine(sink, rate=rate, volume=volume, enabled=enabled, language=language)
