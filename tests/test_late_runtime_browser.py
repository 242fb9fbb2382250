"""Every block page as Lighthouse loads it: the blocks' scripts arrive after the page has been
painted (a slow line), scrollbars take room, at Lighthouse's desktop and phone screens. Nothing
may move when the runtime starts, for a new reader and for one with saved data; and without
JavaScript the no-JavaScript parts still show."""

from __future__ import annotations

import pytest
from test_block_pages_browser import make_saved_data

from conftest import CHROMIUM, CHROMIUM_ARGS, StaticServer

pytestmark = pytest.mark.browser


# Lighthouse's two screens: its desktop preset, and its phone (a Moto G Power) at DPR 1.75.
LIGHTHOUSE_SCREENS = {
    "desktop": {"viewport": {"width": 1350, "height": 940}, "device_scale_factor": 1},
    "mobile": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
               "has_touch": True},
}
BLOCK_PAGES = ["study/stage-3/", "study/final/", "study/mistakes/", "study/progress/", "checks/dossier/",
               "checks/report/", "tools/datecheck/", "tools/scores/", "tools/ledger/"]
EVERY_SHIFT = """
window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts.push(
  [e.value, e.sources.map(s => s.node ? s.node.nodeName + "." + String(s.node.className).split(" ")[0] : "")]); })
  .observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture(scope="module")
def browser_with_scrollbars(browser):
    """Chromium as Lighthouse runs it: scrollbars take room (Playwright hides them by default), as
    on Windows, so a scrollbar that appears moves the page."""
    launched = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                           ignore_default_args=["--hide-scrollbars"])
    yield launched
    launched.close()


def shifts_when_the_runtime_comes_late(page, url: str) -> list:
    """Loads `url` with the blocks' scripts held back until the page has been painted, as on a
    slow line (and in Lighthouse's runs): whatever the runtime then changes, the reader sees move."""
    held = []

    def hold(route) -> None:
        held.append(route)

    page.route("**/assets/portalkit/*.js", hold)
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
    page.wait_for_timeout(100)
    assert held, "the page's runtime was held back"
    for route in held:
        route.continue_()
    page.unroute("**/assets/portalkit/*.js", hold)
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('.portal-js, [data-ledger], [data-datecheck], [data-report],"
                           " [data-scores-page]')")
    page.wait_for_timeout(500)
    return page.evaluate("window.__shifts")


@pytest.mark.parametrize("screen", list(LIGHTHOUSE_SCREENS))
def test_no_block_page_moves_when_its_runtime_arrives_after_the_first_paint(
        browser_with_scrollbars, static_server: StaticServer, screen: str) -> None:
    """Lighthouse measured CLS 0.39 on the final test and 0.16 on the report page at 1350 px (the
    no-JavaScript part swapped for the tool, a scrollbar coming and going); the budget of a
    desktop score ≥ 98 leaves room for hardly any shift."""
    context = browser_with_scrollbars.new_context(locale="zh-CN", **LIGHTHOUSE_SCREENS[screen])
    context.add_init_script(EVERY_SHIFT)
    page = context.new_page()
    moved = {}
    for state in ("new reader", "saved data"):
        if state == "saved data":
            make_saved_data(page, static_server.url)  # a timed exam under way shows its questions
        for path in BLOCK_PAGES:
            shifts = shifts_when_the_runtime_comes_late(page, static_server.url + path)
            if sum(value for value, _ in shifts) > 0.01:
                moved[f"{state} {path}"] = shifts
    context.close()
    assert moved == {}


def test_without_javascript_the_no_javascript_parts_still_show(browser, static_server: StaticServer) -> None:
    """The room kept for the runtime is kept only where scripts run."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(static_server.url + "study/final/")
    assert page.locator(".portal-quiz__nojs").get_by_role("link").count() >= 5
    assert page.locator(".portal-quiz__nojs").is_visible()
    page.goto(static_server.url + "checks/report/")
    assert page.locator(".portal-rp__static").is_visible() and page.locator(".portal-rp__ui").is_hidden()
    context.close()
