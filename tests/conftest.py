"""Suite-wide set-up: headless Qt, no test ever sees a real station's configuration, and one
sekmet-fhir server on loopback for every test that uploads (tests/sync, tests/kiosk)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.support.sekmet_server import SekmetServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _no_station_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # style-anchors principle 13: tests never read a developer's or kiosk's real config
    monkeypatch.delenv("LIFELOG_CONFIG", raising=False)
    from kiosk import config

    monkeypatch.setattr(config, "DEFAULT_PATHS", ())


@pytest.fixture(scope="session")
def sekmet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SekmetServer]:
    """One sekmet-fhir on loopback for the tests that share it (each uses its own station)."""
    from tests.support.sekmet_server import run_sekmet  # starts a process: only when used

    with run_sekmet(tmp_path_factory.mktemp("sekmet")) as server:
        yield server
