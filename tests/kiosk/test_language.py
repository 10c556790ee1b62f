"""Korean first, English second: the toggle switches the UI and the voice, idle resets it."""


def test_language_toggle_switches_ui_and_resets_for_the_next_visitor(station, driver) -> None:
    driver.sign_in_as_visitor()
    window = station.window
    assert window.language.text() == "English"
    korean_title = window.title.text()
    driver.click("language")
    assert station.ctx.language == "en"
    assert window.language.text() == "한국어"
    assert window.title.text() != korean_title
    assert window.title.text().isascii()  # the menu title is translated
    assert station.ctx.voice.language == "en"
    # finishing the visit brings the idle screen back in Korean
    driver.click("next")
    driver.click("next")
    assert window.current.screen_id == "idle"
    assert station.ctx.language == "ko"
    assert window.language.text() == "English"
