"""Speech engines: real espeak-ng Korean audio, interruption, rate/volume, sinks, fakes."""

from __future__ import annotations

import array
import logging
import os
import stat
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.voice import espeak
from kiosk.voice.audio import PLAYERS, CommandSink, SilentSink, find_audio_sink
from kiosk.voice.engine import (
    EspeakEngine,
    NullVoice,
    RecordingVoice,
    VoiceGuide,
    create_voice,
    synthesize_wav,
)
from kiosk.voice.prompts import prompt
from kiosk.voice.pronunciation import apply_sound_changes


def _peak(samples: bytes) -> int:
    return max(abs(s) for s in array.array("h", samples))


def _rms(samples: bytes) -> float:
    values = array.array("h", samples)
    return float((sum(s * s for s in values) / len(values)) ** 0.5)


class CollectingSink:
    """Stands in for the speaker only (the engine under test is real): keeps what it gets."""

    available = True

    def __init__(self, block_until_cancel: bool = False) -> None:
        self.played: list[bytes] = []
        self.interrupted = 0
        self.block_until_cancel = block_until_cancel
        self.started = threading.Event()
        self.done = threading.Event()

    def play(self, samples: bytes, sample_rate_hz: int, cancel: threading.Event) -> None:
        assert sample_rate_hz == 22050
        self.played.append(samples)
        self.started.set()
        if self.block_until_cancel and cancel.wait(5):
            self.interrupted += 1
        self.done.set()


# --- real synthesis -------------------------------------------------------------------------


def test_synthesize_wav_produces_real_korean_speech(tmp_path: Path) -> None:
    path = tmp_path / "bp.wav"
    synthesize_wav("bp.result", path, systolic=120, diastolic=80)
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        frames = wav.readframes(wav.getnframes())
        duration_s = wav.getnframes() / wav.getframerate()
    # Eleven Korean syllables or more at ~150 wpm: a few seconds, not a click, not a minute.
    assert 1.0 < duration_s < 15.0
    assert _rms(frames) > 1000  # clearly not silence
    assert _peak(frames) < 32767  # volume 1.0 does not clip


def test_free_korean_text_is_spoken_and_longer_text_takes_longer(tmp_path: Path) -> None:
    short = synthesize_wav("안녕하세요.", tmp_path / "a.wav")
    long = synthesize_wav("계속하시려면 화면을 눌러 주세요. 이십 초 뒤에 처음 화면으로 돌아가요.",
                          tmp_path / "b.wav")
    assert 0.5 < short.duration_s < long.duration_s


def test_rate_factor_changes_speech_speed() -> None:
    text = "신발과 양말을 벗어 주세요."
    slow = espeak.synthesize(text, rate=0.7)
    fast = espeak.synthesize(text, rate=1.5)
    assert fast.duration_s < slow.duration_s * 0.75


def test_volume_changes_amplitude() -> None:
    text = "저울 위에 올라가 주세요."
    quiet = espeak.synthesize(text, volume=0.25)
    loud = espeak.synthesize(text, volume=1.0)
    assert _rms(quiet.samples) < _rms(loud.samples) / 2
    assert not any(array.array("h", espeak.synthesize(text, volume=0.0).samples))


@pytest.mark.parametrize(("factor", "wpm"), [(1.0, 150), (0.5, 80), (0.1, 80), (2.0, 300),
                                             (10.0, 450)])
def test_rate_maps_into_espeak_range(factor: float, wpm: int) -> None:
    assert espeak.rate_wpm(factor) == wpm


@pytest.mark.parametrize(("volume", "amp"), [(0.0, 0), (0.5, 60), (1.0, 120), (3.0, 120),
                                             (-1.0, 0)])
def test_volume_maps_into_espeak_amplitude(volume: float, amp: int) -> None:
    assert espeak.amplitude(volume) == amp


def test_cancel_stops_synthesis_early() -> None:
    cancel = threading.Event()
    cancel.set()
    pcm = espeak.synthesize("측정이 끝났어요. 안녕히 가세요. 건강하세요.", cancel=cancel)
    assert pcm.duration_s < 0.5


def test_unknown_voice_is_a_typed_error() -> None:
    with pytest.raises(espeak.SpeechError, match="no voice"):
        espeak.synthesize("hello", voice="xx-nonexistent")


# --- the engine ------------------------------------------------------------------------------


def _wait(event: threading.Event) -> None:
    assert event.wait(5), "the voice worker did not get there in 5 s"


def test_engine_speaks_in_the_background_through_the_sink() -> None:
    sink = CollectingSink()
    engine = EspeakEngine(sink, rate=1.0, volume=1.0)
    try:
        started = time.monotonic()
        engine.say("bp.result", systolic=120, diastolic=80)
        assert time.monotonic() - started < 0.05  # never blocks the caller (the GUI)
        _wait(sink.done)
        assert len(sink.played) == 1
        assert len(sink.played[0]) / 2 / 22050 > 1.0
        assert _rms(sink.played[0]) > 1000
    finally:
        engine.close()


def _same_length(a: bytes, b: bytes) -> bool:
    # espeak-ng output varies by a few samples between runs; prompts differ by far more.
    return abs(len(a) - len(b)) < 0.02 * max(len(a), len(b))


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "the voice worker did not get there in 5 s"
        time.sleep(0.01)


def test_a_new_prompt_interrupts_the_one_playing() -> None:
    sink = CollectingSink(block_until_cancel=True)
    engine = EspeakEngine(sink)
    try:
        engine.say("idle.attract")
        _until(lambda: len(sink.played) == 1)
        engine.say("goodbye")
        _until(lambda: len(sink.played) == 2)
        assert sink.interrupted == 1
        assert len(sink.played[1]) != len(sink.played[0])  # a different prompt
        engine.stop()
        _until(lambda: sink.interrupted == 2)
        time.sleep(0.1)
        assert len(sink.played) == 2  # stop() does not replay anything
    finally:
        engine.close()


def test_say_more_queues_after_the_current_prompt_and_say_clears_the_queue() -> None:
    sink = CollectingSink(block_until_cancel=True)
    engine = EspeakEngine(sink)
    try:
        engine.say("bp.result", systolic=120, diastolic=80)
        _until(lambda: len(sink.played) == 1)
        engine.say_more("bp.category", category="normal")
        engine.say_more("result.reference")
        time.sleep(0.2)
        assert (len(sink.played), sink.interrupted) == (1, 0)  # not interrupted by say_more
        engine.say("goodbye")  # interrupts and drops what was queued
        _until(lambda: len(sink.played) == 2)
        goodbye = espeak.synthesize(apply_sound_changes(prompt("goodbye")), volume=0.8)
        assert _same_length(sink.played[1], goodbye.samples)
        engine.stop()
        _until(lambda: sink.interrupted == 2)
        time.sleep(0.1)
        assert len(sink.played) == 2
    finally:
        engine.close()


def test_queued_prompts_play_in_order() -> None:
    sink = CollectingSink()
    engine = EspeakEngine(sink)
    try:
        engine.say("bp.result", systolic=120, diastolic=80)
        engine.say_more("bp.category", category="normal")
        _until(lambda: len(sink.played) == 2)
        result, category = (
            espeak.synthesize(apply_sound_changes(text), volume=0.8).samples
            for text in (prompt("bp.result", systolic=120, diastolic=80),
                         prompt("bp.category", category="normal")))
        assert not _same_length(result, category)  # so the order check below means something
        assert _same_length(sink.played[0], result)
        assert _same_length(sink.played[1], category)
    finally:
        engine.close()


def test_switching_voice_off_silences_the_current_prompt() -> None:
    sink = CollectingSink(block_until_cancel=True)
    engine = EspeakEngine(sink)
    try:
        engine.say("consent.explain")
        _until(lambda: len(sink.played) == 1)
        engine.enabled = False
        _until(lambda: sink.interrupted == 1)
        engine.say("goodbye")
        time.sleep(0.1)
        assert len(sink.played) == 1
        engine.enabled = True
        engine.say("goodbye")
        _until(lambda: len(sink.played) == 2)
    finally:
        engine.close()


def test_disabled_engine_is_silent_and_rate_volume_are_clamped() -> None:
    sink = CollectingSink()
    engine = EspeakEngine(sink, enabled=False, rate=9.0, volume=-2.0)
    try:
        engine.say("idle.attract")
        assert not sink.started.wait(0.3)
        assert (engine.rate, engine.volume) == (2.0, 0.0)
        engine.set_rate(0.1)
        engine.set_volume(0.6)
        assert (engine.rate, engine.volume) == (0.5, 0.6)
    finally:
        engine.close()


def test_bad_prompt_values_are_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    sink = CollectingSink()
    engine = EspeakEngine(sink)
    try:
        with caplog.at_level(logging.WARNING):
            engine.say("bp.result", systolic=120)  # diastolic missing
        assert "bp.result" in caplog.text
        assert not sink.started.wait(0.3)
    finally:
        engine.close()


def test_engine_without_espeak_goes_silent_once(monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    # Fault injection: the library cannot load (e.g. a broken wheel on a station).
    calls: list[str] = []

    def unavailable(text: str, **_: object) -> espeak.Pcm:
        calls.append(text)
        raise espeak.SpeechUnavailable("libespeak-ng.so: cannot open shared object file")

    monkeypatch.setattr(espeak, "synthesize", unavailable)
    sink = CollectingSink()
    engine = EspeakEngine(sink)
    try:
        with caplog.at_level(logging.ERROR):
            engine.say("idle.attract")
            _until(lambda: "voice guidance off" in caplog.text)
        engine.say("goodbye")  # ignored from now on, no retry storm
        time.sleep(0.1)
        assert calls == ["건강 측정을 하시려면 화면을 눌러 주세요."]
        assert not sink.played
    finally:
        engine.close()


def test_an_unknown_voice_does_not_stop_later_prompts() -> None:
    sink = CollectingSink()
    engine = EspeakEngine(sink)
    try:
        engine.say("Touch the screen.")  # English voice exists: played
        _until(lambda: len(sink.played) == 1)
        engine.language = "xx"  # a misconfigured language: that prompt fails...
        engine.say("goodbye")
        time.sleep(0.2)
        engine.language = "ko"
        engine.say("goodbye")  # ...and the next one is spoken again
        _until(lambda: len(sink.played) == 2)
    finally:
        engine.close()


def test_create_voice_satisfies_the_protocol() -> None:
    voice = create_voice(enabled=True, rate=1.2, volume=0.5, sink=SilentSink("test"))
    try:
        assert isinstance(voice, VoiceGuide)
        assert isinstance(voice, EspeakEngine)
        assert (voice.rate, voice.volume) == (1.2, 0.5)
    finally:
        assert isinstance(voice, EspeakEngine)
        voice.close()


# --- fakes -----------------------------------------------------------------------------------


def test_recording_voice_records_exactly_what_would_be_spoken() -> None:
    voice = RecordingVoice()
    voice.say("bp.result", systolic=135, diastolic=85)
    voice.say("직원을 불렀어요.")
    voice.say("12초 뒤에 돌아가요.")
    voice.say("Touch the screen.")
    voice.say("   ")
    voice.say("grip.hand", hand="middle")  # unknown code: skipped, not raised
    voice.language = "en"
    voice.say("bp.result", systolic=135, diastolic=85)
    assert voice.spoken == [
        "최고 혈압 백삼십오, 최저 혈압 팔십오입니다.",
        "직원을 불렀어요.",
        "십이초 뒤에 돌아가요.",
        "Touch the screen.",
        "Your blood pressure is 135 over 85.",
    ]
    assert [u.language for u in voice.utterances] == ["ko", "ko", "ko", "en", "en"]
    voice.enabled = False
    voice.say("goodbye")
    assert len(voice.spoken) == 5
    assert isinstance(voice, VoiceGuide)


def test_null_voice_says_nothing() -> None:
    voice = NullVoice()
    voice.say("goodbye")
    voice.stop()
    voice.set_rate(5)
    assert (voice.enabled, voice.rate) == (False, 2.0)
    assert isinstance(voice, VoiceGuide)


# --- sinks ------------------------------------------------------------------------------------


def test_command_sink_pipes_raw_pcm_to_the_player(tmp_path: Path) -> None:
    out = tmp_path / "played.raw"
    script = ("import sys; data = sys.stdin.buffer.read(); "
              f"open({str(out)!r}, 'wb').write(data); print(sys.argv[1])")
    sink = CommandSink([sys.executable, "-c", script, "{rate}"])
    pcm = espeak.synthesize("안녕하세요.")
    sink.play(pcm.samples, pcm.sample_rate_hz, threading.Event())
    assert out.read_bytes() == pcm.samples


def test_command_sink_is_interrupted_by_cancel() -> None:
    sink = CommandSink([sys.executable, "-c", "import time; time.sleep(30)"])
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    sink.play(b"\0\0" * 22050 * 10, 22050, cancel)  # more than a pipe buffer
    assert time.monotonic() - started < 3


def test_command_sink_with_a_missing_player_logs(caplog: pytest.LogCaptureFixture) -> None:
    sink = CommandSink(["/nonexistent/player"])
    with caplog.at_level(logging.WARNING):
        sink.play(b"\0\0", 22050, threading.Event())
    assert "could not start" in caplog.text


def test_find_audio_sink_prefers_a_player_on_path(tmp_path: Path) -> None:
    player = tmp_path / "aplay"
    player.write_text("#!/bin/sh\ncat > /dev/null\n")
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    sink = find_audio_sink(str(tmp_path))
    assert isinstance(sink, CommandSink)
    assert sink.command == (str(player), *PLAYERS["aplay"][1:])
    # and it really plays through it
    sink.play(b"\0\0" * 100, 22050, threading.Event())


def test_find_audio_sink_without_players_is_silent(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    sink = find_audio_sink(str(tmp_path))
    assert isinstance(sink, SilentSink)
    assert not sink.available
    SilentSink._warned = False
    with caplog.at_level(logging.WARNING):
        sink.play(b"\0\0", 22050, threading.Event())
        sink.play(b"\0\0", 22050, threading.Event())
    assert caplog.text.count("silent") == 1


@pytest.mark.hardware
@pytest.mark.skipif(not os.environ.get("KIOSK_AUDIO_TEST"), reason="plays sound; opt in "
                    "with KIOSK_AUDIO_TEST=1 on a station with a speaker or earphones")
def test_hardware_plays_through_the_station_speaker() -> None:
    sink = find_audio_sink()
    assert sink.available, "no paplay / pw-play / aplay on PATH"
    pcm = espeak.synthesize("음성 안내 시험입니다.")
    started = time.monotonic()
    sink.play(pcm.samples, pcm.sample_rate_hz, threading.Event())
    # A player that really plays takes about as long as the audio lasts.
    assert time.monotonic() - started > pcm.duration_s * 0.8
