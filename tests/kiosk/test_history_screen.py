"""The history screen shows a member's earlier results; the result screen's trend too."""

from datetime import timedelta

from measurements import store


def _past_bp_result(db, visitor_id: int, clock, systolic: float, diastolic: float) -> None:
    visit = store.open_visit(db, visitor_id=visitor_id, station_id="ST", now=clock.now(),
                             consent=store.Consent(True, True, False))
    store.save_measurement(db, station_id="ST", visit_id=visit, now=clock.now(),
                           record=store.MeasurementRecord(
        kind="blood_pressure", role="result", station_time=clock.now(),
        values=(store.Value("systolic", systolic, "mm[Hg]"),
                store.Value("diastolic", diastolic, "mm[Hg]")),
        interpretation={"label_ko": "주의 혈압", "label_en": "Elevated", "icon": "caution"}))
    store.close_visit(db, visit, now=clock.now())


def test_member_sees_previous_visits_with_category_word_and_icon(station, driver) -> None:
    driver.sign_in_as_visitor()
    ctx = station.ctx
    clock = ctx.clock
    # two earlier visits of the same member, a week apart
    clock.advance(-timedelta(days=14).total_seconds())
    _past_bp_result(ctx.db, ctx.visit.visitor_id, clock, 134, 86)
    clock.advance(timedelta(days=7).total_seconds())
    _past_bp_result(ctx.db, ctx.visit.visitor_id, clock, 128, 82)
    clock.advance(timedelta(days=7).total_seconds())
    driver.click("menu-history")
    screen = station.window.screens["history"]
    assert station.window.current is screen
    text = screen.listing.text()
    assert "128 / 82" in text and "134 / 86" in text
    assert "▲ 주의 혈압" in text  # word + icon, never colour alone
    assert text.index("128 / 82") < text.index("134 / 86")  # newest first
    assert [len(s.points) for s in screen.chart.series] == [2, 2]
    driver.click("history-grip")
    assert "아직 기록이 없어요" in screen.listing.text()
    driver.click("next")
    assert station.window.current.screen_id == "menu"


def test_guests_have_no_history_button(station, driver) -> None:
    driver.click("start")
    driver.click("choose-guest")
    driver.click("next")  # skip profile
    driver.click("consent-service")
    driver.click("consent-sensitive")
    driver.click("next")
    assert station.window.current.screen_id == "menu"
    assert not station.window.screens["menu"].history.isVisible()


def test_trend_keeps_chronological_order_across_months(qtbot) -> None:
    from kiosk.widgets.trend_chart import Series, TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_data([Series("최고 혈압", [("8/30", 138), ("9/27", 133), ("11/22", 124)])])
    chart.resize(600, 300)
    chart.grab()
    assert chart.axis_labels() == ["8/30", "9/27", "11/22"]
