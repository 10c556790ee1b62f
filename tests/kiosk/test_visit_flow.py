"""A full visit through the real window: identify -> consent -> BP -> result -> idle."""

import json

from PySide6.QtWidgets import QAbstractButton

from kiosk import theme


def _screen(station) -> str:
    return station.window.current.screen_id


def test_full_visit_stores_readings_result_and_outbox_rows(station, driver) -> None:
    driver.sign_in_as_visitor()
    assert _screen(station) == "menu"
    driver.measure("blood_pressure", "bp")
    assert _screen(station) == "result"
    db = station.ctx.db
    visit_id = station.ctx.visit.visit_id

    # the visitor: a keyed pseudonym only -- no phone number, birth year and sex for norms
    visitor = db.execute("SELECT member_pseudonym, kind, sex, birth_year FROM visitors"
                         ).fetchall()
    assert len(visitor) == 1
    pseudonym, kind, sex, birth_year = visitor[0]
    assert pseudonym.startswith("ph:") and "5678" not in pseudonym
    assert (kind, sex, birth_year) == ("member", "female", 1952)
    consent = db.execute("SELECT consent_service, consent_sensitive, consent_secondary_use,"
                         " status FROM visits WHERE id = ?", [visit_id]).fetchone()
    assert consent == (1, 1, 0, "open")

    # at least two readings and one averaged result, each with its own outbox row
    rows = db.execute("SELECT id, role, status, device_model FROM measurements"
                      " WHERE visit_id = ? AND kind = 'blood_pressure'", [visit_id]).fetchall()
    readings = [r for r in rows if r[1] == "reading"]
    results = [r for r in rows if r[1] == "result"]
    assert len(readings) >= 2 and len(results) == 1
    assert all(r[3] for r in readings)  # device identity stored with every reading
    for measurement_id, *_ in rows:
        outbox = db.execute("SELECT kind, state FROM sync_outbox WHERE ref_id = ?",
                            [measurement_id]).fetchall()
        assert outbox == [("measurement", "queued")]
    values = dict(db.execute("SELECT name, value FROM measurement_values WHERE"
                             " measurement_id = ?", [results[0][0]]).fetchall())
    assert {"systolic", "diastolic"} <= set(values)
    interpretation = json.loads(db.execute("SELECT interpretation FROM measurements"
                                           " WHERE id = ?", [results[0][0]]).fetchone()[0])
    assert interpretation  # the category and the table version that scored it

    # back to the menu, finish, goodbye, idle: the visit is closed and queued as a whole
    driver.click("next")
    assert _screen(station) == "menu"
    driver.click("next")
    assert _screen(station) == "goodbye"
    driver.click("next")
    assert _screen(station) == "idle"
    assert db.execute("SELECT status FROM visits WHERE id = ?", [visit_id]).fetchone() == (
        "completed",)
    assert db.execute("SELECT count(*) FROM sync_outbox WHERE kind = 'visit'").fetchone() == (1,)
    assert station.ctx.visit.visit_id is None  # nothing about the visitor left in memory


def test_inactivity_warns_first_then_returns_to_idle(station, driver) -> None:
    driver.sign_in_as_visitor()
    clock, window = station.ctx.clock, station.window
    clock.advance(station.ctx.config.idle_timeout_s - station.ctx.config.idle_warning_s + 1)
    window.check_inactivity()
    assert window.continue_.isVisible() and _screen(station) == "menu"
    driver.click("continue")  # one tap extends
    assert not window.continue_.isVisible()
    clock.advance(station.ctx.config.idle_timeout_s + 1)
    window.check_inactivity()
    assert _screen(station) == "idle"
    status = station.ctx.db.execute("SELECT status FROM visits").fetchone()[0]
    assert status == "abandoned"


def test_no_timeout_while_a_measurement_is_running(station, driver) -> None:
    driver.sign_in_as_visitor()
    driver.click("menu-bp")
    screen = station.window.screens["measure"]
    workflow = screen.workflow
    # get the workflow to the point where the cuff is measuring
    driver.wait_for(lambda: workflow.busy or bool(workflow.view().choices) or
                    workflow.view().seconds_left is not None)
    while not workflow.busy:
        view = workflow.view()
        if view.seconds_left:
            station.ctx.clock.advance(view.seconds_left + 1)
            workflow.tick()
        elif view.choices:
            keys = [c.key for c in view.choices if not c.staff_only]
            driver.click(f"choice-{next(k for k in ('ready', 'confirm', 'start') if k in keys)}"
                         if any(k in keys for k in ('ready', 'confirm', 'start'))
                         else f"choice-{keys[0]}")
        driver.pump(20)
    station.ctx.clock.advance(10 * station.ctx.config.idle_timeout_s)
    station.window.check_inactivity()
    assert _screen(station) == "measure"
    assert not station.window.continue_.isVisible()


def test_every_visitor_screen_has_call_staff_and_big_targets(station, driver) -> None:
    panel = station.ctx.metrics.panel
    seen = set()

    def check() -> None:
        screen = station.window.current
        seen.add(screen.screen_id)
        assert station.window.staff.isVisible() == screen.visitor_facing
        buttons = [b for b in station.window.findChildren(QAbstractButton) if b.isVisible()]
        for button in buttons:
            assert panel.mm(button.height()) >= theme.MIN_TARGET_MM, button.objectName()
            assert panel.mm(button.width()) >= theme.MIN_TARGET_MM, button.objectName()
        # "next" is always in the same place: bottom-right of the window
        if station.window.next.isVisible():
            corner = station.window.next.mapTo(station.window, station.window.next.rect()
                                               .bottomRight())
            assert station.window.width() - corner.x() < panel.px(20)

    original = driver.shot
    driver.shot = lambda name: (check(), original(name))[1]
    driver.sign_in_as_visitor()
    assert {"identify", "phone", "profile", "consent", "menu"} <= seen


def test_call_staff_is_audited_and_spoken(station, driver) -> None:
    driver.sign_in_as_visitor()
    driver.click("call-staff")
    assert station.window.notice.isVisible()
    assert station.ctx.db.execute("SELECT count(*) FROM audit_log WHERE action = 'staff_called'"
                                  ).fetchone() == (1,)
    assert any("직원" in said for said in station.ctx.voice.spoken)


def test_text_size_toggle_reaches_200_percent(station, driver) -> None:
    driver.sign_in_as_visitor()
    body_100 = station.ctx.metrics.body_px
    driver.click("text-size")
    driver.click("text-size")
    assert station.ctx.metrics.text_scale == 2.0
    assert station.ctx.metrics.body_px >= 2 * body_100 - 1
    assert "200" in station.window.text_size.text()


def test_wrong_phone_number_gets_a_message_not_a_crash(station, driver) -> None:
    driver.click("start")
    driver.click("choose-phone")
    driver.type_digits("0212345")
    driver.click("next")
    assert _screen(station) == "phone"
    assert "휴대전화" in station.window.screens["phone"].error.text()
    assert station.ctx.db.execute("SELECT count(*) FROM visitors").fetchone() == (0,)
