from __future__ import annotations

import pytest

from measurements.norms import NormsCatalog, load_directory
from tests.measurements.workflows.helpers import Station, new_station


@pytest.fixture(scope="session")
def norms() -> NormsCatalog:
    return load_directory()


@pytest.fixture
def station() -> Station:
    return new_station()
