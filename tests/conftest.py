"""Suite-wide set-up: headless Qt, and no test ever sees a real station's configuration."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _no_station_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # style-anchors principle 13: tests never read a developer's or kiosk's real config
    monkeypatch.delenv("LIFELOG_CONFIG", raising=False)
    from kiosk import config

    monkeypatch.setattr(config, "DEFAULT_PATHS", ())
