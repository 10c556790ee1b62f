"""The result screen's hand-off: the printed receipt and the QR code carry results only.

Issue 4 / PIPA (sync-fhir-security.md §5): no name, phone number, birth date or resident
number leaves the station on paper or through the visitor's phone camera.  Both are read
back the way a person would: the PDF's text layer (pypdf) and the QR image (OpenCV's
decoder on the pixels the screen shows).
"""

import re
from pathlib import Path

import cv2
import numpy as np
from pypdf import PdfReader
from PySide6.QtGui import QImage

from kiosk.demo import DEMO_BIRTH_DATE, DEMO_PHONE

# what must never appear: the phone number in any common spelling, the birth date, and
# anything shaped like a resident registration number (YYMMDD-NNNNNNN)
FORBIDDEN = [DEMO_PHONE, DEMO_PHONE[3:], "010-1234-5678", "1234-5678", DEMO_BIRTH_DATE,
             "1952-03-15", "520315"]
RRN = re.compile(r"\d{6}-?[1-4]\d{6}")


def _finish_bp(station, driver) -> tuple[int, int]:
    driver.sign_in_as_visitor()
    driver.measure("blood_pressure", "bp")
    assert station.window.current.screen_id == "result"
    systolic, diastolic = station.ctx.db.execute(
        "SELECT max(CASE WHEN v.name = 'systolic' THEN v.value END),"
        "       max(CASE WHEN v.name = 'diastolic' THEN v.value END)"
        " FROM measurements m JOIN measurement_values v ON v.measurement_id = m.id"
        " WHERE m.visit_id = ? AND m.role = 'result'", [station.ctx.visit.visit_id]).fetchone()
    return round(systolic), round(diastolic)


def _assert_no_personal_data(text: str) -> None:
    digits_only = re.sub(r"\D", "", text)
    for forbidden in FORBIDDEN:
        assert forbidden not in text, forbidden
    assert DEMO_PHONE[3:] not in digits_only
    assert not RRN.search(text)


def test_printed_receipt_has_the_results_and_no_personal_data(station, driver) -> None:
    systolic, diastolic = _finish_bp(station, driver)
    driver.click("print")
    where = station.ctx.extras["last_receipt"]
    assert isinstance(where, Path) and where.exists()
    text = "\n".join(page.extract_text() for page in PdfReader(where).pages)
    # the receipt really is the visit's result (so the negative checks below mean something)
    assert str(systolic) in text and str(diastolic) in text, text
    assert "mmHg" in text
    _assert_no_personal_data(text)
    member = station.ctx.db.execute("SELECT member_pseudonym FROM visitors").fetchone()[0]
    assert member not in text  # not even the keyed pseudonym
    assert "인쇄했어요" in station.window.current.handoff_status.text()


def test_qr_code_decodes_to_results_without_personal_data(station, driver) -> None:
    systolic, diastolic = _finish_bp(station, driver)
    driver.click("show-qr")
    screen = station.window.current
    assert screen.qr.isVisible()
    image = screen.qr.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    rgb = np.ascontiguousarray(pixels[:, : width * 3].reshape(height, width, 3))
    decoded, _points, _ = cv2.QRCodeDetector().detectAndDecode(rgb)
    assert decoded == screen.qr.payload  # what the phone reads is what we checked
    assert str(systolic) in decoded and str(diastolic) in decoded, decoded
    _assert_no_personal_data(decoded)
    member = station.ctx.db.execute("SELECT member_pseudonym FROM visitors").fetchone()[0]
    assert member not in decoded
