"""axe-core (vendored in tests/vendor, MPL-2.0) finds no violations, in light and dark mode, on
rule pages and on our components after a reader has used them."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checklist_browser import new_run
from test_hand_in_browser import start

from conftest import StaticServer

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def violations(page) -> list[str]:
    # axe measures colours as they are painted: let transitions end first (Material's "back to top"
    # button fades in after a scroll, and half-faded it is a contrast failure no reader ever sees)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
                          "v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_and_components_have_no_axe_violations(browser, static_server: StaticServer, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept("张三"))
    found = {}
    page.goto(static_server.url)
    found["home"] = violations(page)
    page.goto(static_server.url + "procedures/voting/")
    found["voting"] = violations(page)
    page.goto(static_server.url + "study/stage-1/")
    for button in page.get_by_role("button", name="检查答案").all()[:3]:
        button.click()
    found["practice"] = violations(page)
    page.goto(static_server.url + "study/final/")
    found["exam-who"] = violations(page)
    start(page, "张三", "第三党支部")
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="交卷").click()
    found["exam"] = violations(page)
    page.goto(static_server.url + "checks/dossier/")
    new_run(page, "张三", "第三党支部")
    page.locator(".portal-checklist__body [data-item]").first.get_by_label("不符合").check()
    found["checklist"] = violations(page)
    context.close()
    assert found == {k: [] for k in found}
