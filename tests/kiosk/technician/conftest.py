import pytest

from tests.kiosk.staff.helpers import quiet


@pytest.fixture
def driver(driver):
    """The station's DemoDriver without screenshots (the demo itself takes those)."""
    return quiet(driver)
