"""Guard against Qt bindings that corrupt Python's reference counts.

PySide6 6.12.0 on CPython 3.11 returns ``None``/``True``/``False`` from wrapped calls without
taking a reference (harmless on 3.12+, where those objects are immortal): every
``QLabel.setText`` dropped one reference to ``None``, and a station would abort with
"none_dealloc" after enough screen updates.  It also corrupted counts when signals were
emitted from a non-Qt thread.  pyproject.toml pins a release without the defect; these
tests fail on any binding that has it.
"""

import sys
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QPushButton

CALLS = 20_000
SLACK = 500  # ordinary churn; the defect loses one reference per call (20 000)


def test_void_and_bool_returning_calls_keep_singleton_refcounts(qtbot) -> None:
    label, button = QLabel(), QPushButton()
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    none_before, true_before, false_before = (sys.getrefcount(x) for x in (None, True, False))
    for _ in range(CALLS):
        label.setText("혈압")
        button.isEnabled()
        button.isChecked()
    assert sys.getrefcount(None) > none_before - SLACK
    assert sys.getrefcount(True) > true_before - SLACK
    assert sys.getrefcount(False) > false_before - SLACK


def test_signals_emitted_from_a_foreign_thread_keep_refcounts(qtbot) -> None:
    class Emitter(QObject):
        fired = Signal(object)

    emitter = Emitter()
    received = []
    emitter.fired.connect(received.append)
    true_before = sys.getrefcount(True)

    def worker() -> None:
        for i in range(CALLS // 4):
            emitter.fired.emit(i % 2 == 0)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(received) == CALLS // 4, timeout=10_000)
    received.clear()
    assert sys.getrefcount(True) > true_before - SLACK
