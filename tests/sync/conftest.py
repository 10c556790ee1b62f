"""Fixtures for the sync tests: a station database with visits, and quick stamina retries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stamina
from sqlite_utils import Database

from measurements.database import open_database
from tests.support.sekmet_server import SekmetServer, run_sekmet


@pytest.fixture(autouse=True)
def _stamina_testing() -> Iterator[None]:
    # in-process retries must not sleep in unit tests (style-anchors principle 15)
    stamina.set_testing(True, attempts=2)
    yield
    stamina.set_testing(False)


@pytest.fixture(scope="session")
def sekmet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SekmetServer]:
    """One sekmet-fhir on loopback for the tests that share it (each uses its own station)."""
    with run_sekmet(tmp_path_factory.mktemp("sekmet")) as server:
        yield server


@pytest.fixture
def db() -> Database:
    return open_database(None)
