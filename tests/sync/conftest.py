"""Fixtures for the sync tests: a station database with visits, and quick stamina retries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina
from sqlite_utils import Database

from measurements.database import open_database


@pytest.fixture(autouse=True)
def _stamina_testing() -> Iterator[None]:
    # in-process retries must not sleep in unit tests (style-anchors principle 15)
    stamina.set_testing(True, attempts=2)
    yield
    stamina.set_testing(False)


# the session-wide ``sekmet`` fixture (sekmet-fhir on loopback) is in tests/conftest.py,
# shared with the kiosk's sync tests


@pytest.fixture
def db() -> Database:
    return open_database(None)
