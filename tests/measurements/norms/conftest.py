from __future__ import annotations

import pytest

from measurements.norms import NormsCatalog, load_directory


@pytest.fixture(scope="session")
def norms() -> NormsCatalog:
    return load_directory()
