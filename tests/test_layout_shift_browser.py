"""The checklist page does not move while the runtime starts (Cumulative Layout Shift ≤ 0.1, the
"good" threshold), on a phone-sized and a desktop viewport, before and after a run exists."""

from __future__ import annotations

import pytest
from test_checklist_browser import new_run

from conftest import StaticServer

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "mobile": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1350, "height": 940}},
}
# Every layout shift since navigation, reader input excluded (as CLS counts them).
OBSERVE = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
"""


def settled_cls(page) -> float:
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('[data-checklist].portal-js')")
    page.wait_for_timeout(500)
    return page.evaluate("window.__cls")


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["checks/dossier/", "checks/meeting-record/"])
def test_checklist_pages_do_not_shift_when_the_runtime_starts(browser, static_server: StaticServer, size: str,
                                                              path: str) -> None:
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[size])
    context.add_init_script(OBSERVE)
    page = context.new_page()
    page.goto(static_server.url + path)
    empty = settled_cls(page)
    new_run(page, "张三", "第三党支部")
    page.locator(".portal-checklist__body [data-item]").first.get_by_label("不符合").check()
    page.reload()
    with_run = settled_cls(page)
    context.close()
    assert empty <= 0.1 and with_run <= 0.1, (empty, with_run)
