"""Issue #7: the printed assessment report (kiosk/screens/staff/report.py) names the participant
only by a short code -- no name, phone number, resident registration number, card number or
member pseudonym, neither in the text it draws nor anywhere in the PDF file -- and printing
it is audited as ``report_exported``."""

import json
import re
import zlib
from pathlib import Path

from kiosk.screens.staff.report import report_lines
from kiosk.staff import battery
from tests.kiosk.staff.helpers import create_accounts, sign_in
from tests.kiosk.staff.pdf_text import may_contain, pdf_text

CARD = "73591246"  # the member card number typed on the keypad
RRN = re.compile(r"\d{6}\s*-\s*[1-8]\d{6}")  # resident registration number: YYMMDD-SNNNNNN
PHONE = re.compile(r"01[016789][\s-]?\d{3,4}[\s-]?\d{4}")


def _add_card_member(station, driver) -> None:
    driver.click("add-participant")
    driver.click("field-card")
    driver.type_digits(CARD)
    driver.click("field-birth-year")
    driver.type_digits("1947")
    driver.click("sex-male")
    driver.click("participant-consent")
    driver.click("next")
    assert station.window.current.screen_id == "staff-battery"


def _pdf_bytes(path: Path) -> bytes:
    """The file with every compressed stream inflated (text, fonts, metadata)."""
    raw = path.read_bytes()
    parts = [raw]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _print(station, driver) -> Path:
    ctx = station.ctx
    item = battery.ITEMS["chair_sit_and_reach"]
    battery.save_manual(ctx, item, 4.5, staff_id="1001", role="staff")
    driver.click("next")  # battery -> summary
    assert station.window.current.screen_id == "staff-summary"
    driver.click("print-report")
    path = ctx.extras["last_report"]
    assert path.is_file()
    return path


def test_the_report_carries_no_personal_identifier(station, driver) -> None:
    ctx = station.ctx
    create_accounts(station)
    sign_in(station, driver, "1001")
    _add_card_member(station, driver)
    visit_id = ctx.visit.visit_id
    pseudonym = ctx.db.execute("SELECT v.member_pseudonym FROM visitors v JOIN visits s ON"
                               " s.visitor_id = v.id WHERE s.id = ?", [visit_id]).fetchone()[0]
    assert CARD in pseudonym  # the store does know the member, by a card pseudonym
    path = _print(station, driver)

    lines = report_lines(ctx, visit_id, "1001")
    text = "\n".join(lines)
    assert visit_id[:6].upper() in text  # the participant code
    assert "4.5 cm" in text  # the measured item is there
    assert CARD not in text and pseudonym not in text
    assert not RRN.search(text) and not PHONE.search(text)
    assert "1947" not in text  # the age is printed, never the birth date or year
    assert not any(word in text for word in ("이름", "성명", "주민", "전화"))

    # what the PDF actually shows: its text, read back through the font's ToUnicode map
    printed = pdf_text(path)
    joined = "".join(printed)
    assert "노인" in joined and "체력" in joined and "기준표" in joined  # it is the report
    assert "참가자" in joined and "세" in joined
    for secret in (CARD, pseudonym, visit_id, "1947"):
        assert not may_contain(printed, secret), secret
    # nor anywhere else in the file (metadata, names), in either string encoding
    pdf = _pdf_bytes(path)
    assert pdf.startswith(b"%PDF")
    for secret in (CARD, pseudonym, visit_id):
        for encoding in ("ascii", "utf-16-be"):
            assert secret.encode(encoding) not in pdf, (secret, encoding)


def test_printing_the_report_is_audited(station, driver) -> None:
    ctx = station.ctx
    create_accounts(station)
    sign_in(station, driver, "1001")
    _add_card_member(station, driver)
    path = _print(station, driver)
    rows = ctx.db.execute("SELECT actor_role, actor_id, subject, detail FROM audit_log WHERE"
                          " action = 'report_exported'").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("staff", "1001", ctx.visit.visit_id)]
    detail = json.loads(rows[0][3])
    assert detail == {"format": "pdf", "file": path.name}
    assert CARD not in rows[0][3]
