"""A scripted browse of every page and every kind of swap leaves the console silent."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_no_console_error_or_csp_violation_across_a_browse(page: Page):
    messages, violations = [], []
    page.on(
        "console",
        lambda m: (
            messages.append((m.type, m.text, m.location.get("url", "")))
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: messages.append(("pageerror", str(error), "")))
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => "
        "window.reportViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile))"
    )
    page.goto("/")
    page.get_by_label("Summits").check()
    expect(page.locator("#count")).to_contain_text("8 events")
    words = page.get_by_label("Words")
    for text in ("K", "Ka", "Kab", "Kabu", "Kabul", "Kab", "", "Riga", "zzzz", ""):
        words.fill(text)  # fast changes: requests replace each other
    page.get_by_label("Summits").uncheck()
    page.locator("#from").fill("2004")
    page.locator("#to").fill("2010")
    page.locator("#to").press("Enter")
    expect(page.locator("#count")).to_contain_text("2004–2010")
    page.locator("#from").fill("2020")  # after "to": a 400 swapped in place
    page.locator("#from").press("Enter")
    expect(page.locator("#results .problem")).to_be_visible()
    page.locator("#from").fill("")
    page.locator("#from").press("Enter")
    page.locator(".embed-control summary").click()
    expect(page.locator("#embed-iframe")).to_be_visible()
    page.locator("#density-2008").click()
    expect(page.locator("#count")).to_contain_text("2008")
    page.go_back()
    page.go_forward()
    for path in ("/events/war-2020", "/sources/today-az-nato-azerbaijan", "/sources",
                 "/embed?topic=summits", "/embed-code?topic=summits", "/no-such-page",
                 "/?year=abc"):  # fmt: skip
        page.goto(path)
    assert violations == []
    # Only the answers we asked for on purpose: a page that does not exist, two bad filters.
    deliberate = ("/no-such-page", "year=abc", "from=2020")
    assert [m for m in messages if not any(part in m[2] for part in deliberate)] == []
