"""Hostile markup in YAML text fields (issue 8, item 5): an error with file, line and field at
load time (so `check` and the build report it), and nothing executable in any rendered HTML.

The payloads live in tests/hostile/yaml_payloads.yml; each goes into every Markdown text field
of a quiz bank, a checklist and a rule file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from portalkit.checklist.model import Checklist, Item, Section
from portalkit.checklist.parse import load_checklist
from portalkit.checklist.render import render_checklist
from portalkit.datecheck.parse import load_ruleset
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.markup import answer_text, question_html
from portalkit.quiz.model import TYPE_LABELS, Bank, Option, Question, QuizBlockOptions
from portalkit.quiz.parse import load_bank
from portalkit.quiz.render import question_data, render_quiz
from portalkit.richtext import ROOT_TOKEN, RichText
from portalkit.sanitize import ALLOWED_TAGS, census, clean, removals
from portalkit.session import PortalSession
from portalkit.templating import Templates

import sites
from conftest import ROOT, run_mkdocs_build
from sites import runtime_data, write_site

HOSTILE = Path(__file__).parent / "hostile" / "yaml_payloads.yml"
CLASSES: dict[str, dict] = yaml.safe_load(HOSTILE.read_text("utf-8"))
PAYLOADS = [pytest.param(payload, spec["what"], id=f"{name}-{i}")
            for name, spec in CLASSES.items() for i, payload in enumerate(spec["payloads"])]
# the words each kind of error message starts with
WHAT_WORDS = {"element": "HTML 元素", "attribute": "HTML 属性", "scheme": "地址 “"}

# One file of each kind, with a {slot} for every Markdown text field. A test fills one slot with a
# payload and the others with harmless text (distinct, since options, items and pairs must be).
BANK = """\
title: 测试题库
description: {description}
questions:
  - id: a
    type: single
    prompt: {prompt}
    options:
      - 甲
      - {option}
      - text: 丙
        feedback: {feedback}
      - text: {option_text}
    answer: 甲
    explain: {explain}
    hint: {hint}
    see: rules.md#vote
  - id: b
    type: order
    prompt: 排序
    items:
      - 第一
      - {item}
    explain: 解
    see: rules.md#vote
  - id: c
    type: match
    prompt: 配对
    pairs:
      - [左一, 右一]
      - [{left}, 右二]
      - [左三, {right}]
    explain: 解
    see: rules.md#vote
"""
BANK_FIELDS = {
    "description": "description", "prompt": "questions[0].prompt", "option": "questions[0].options[1]",
    "feedback": "questions[0].options[2].feedback", "option_text": "questions[0].options[3].text",
    "explain": "questions[0].explain", "hint": "questions[0].hint", "item": "questions[1].items[1]",
    "left": "questions[2].pairs[1][0]", "right": "questions[2].pairs[2][1]",
}
CHECKLIST = """\
title: 测试清单
subject: 发展对象
intro: {intro}
sections:
  - title: 一节
    items:
      - id: a
        text: {text}
        help: {help}
        see: rules.md#vote
"""
CHECKLIST_FIELDS = {"intro": "intro", "text": "sections[0].items[0].text", "help": "sections[0].items[0].help"}
RULES = """\
title: 测试规则
notes: {notes}
dates:
  - id: start
    label: 开始
  - id: end
    label: 结束
rules:
  - id: r
    title: 先后
    kind: order
    from: start
    to: end
    message: {message}
    see: rules.md#vote
"""
RULES_FIELDS = {"notes": "notes", "message": "rules[0].message"}

Loader = Callable[[Path, ProblemLog], object]
FILES: list[tuple[str, str, dict[str, str], Loader]] = [
    ("bank.yml", BANK, BANK_FIELDS, load_bank),
    ("list.yml", CHECKLIST, CHECKLIST_FIELDS, load_checklist),
    ("2014.yml", RULES, RULES_FIELDS, load_ruleset),
]


def fill(template: str, fields: dict[str, str], slot: str | None, payload: str) -> str:
    values = {name: json.dumps(payload if name == slot else f"普通文字 {name}", ensure_ascii=False)
              for name in fields}
    return template.format(**values)


def line_of(template: str, slot: str) -> int:
    return next(n for n, line in enumerate(template.splitlines(), 1) if "{" + slot + "}" in line)


def load_problems(tmp_path: Path, name: str, text: str, loader: Loader) -> list[str]:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    log = ProblemLog(display_root=tmp_path)
    loader(path, log)
    return [str(p) for p in log]


# -- every payload in every field: an error with file, line, field and what to write ------------

@pytest.mark.parametrize(("payload", "what"), PAYLOADS)
def test_a_hostile_payload_in_any_text_field_is_an_error_naming_file_line_and_field(
        tmp_path: Path, payload: str, what: str) -> None:
    for name, template, fields, loader in FILES:
        for slot, field_path in fields.items():
            problems = load_problems(tmp_path, name, fill(template, fields, slot, payload), loader)
            where = f"{name}:{line_of(template, slot)}:"
            assert problems, f"{field_path} of {name}: {payload!r} passed without an error"
            for problem in problems:  # the payload is the only problem, reported where it is
                assert problem.startswith(where) and f": 错误: {field_path}：" in problem, (field_path, problems)
            assert any(WHAT_WORDS[what] in p for p in problems), (field_path, what, problems)
            # each message says what to write instead
            assert all("请" in p or "只能" in p for p in problems), problems


def test_the_message_names_the_element_and_the_markdown_to_write_instead(tmp_path: Path) -> None:
    problems = load_problems(tmp_path, "bank.yml", fill(BANK, BANK_FIELDS, "prompt", "<script>x()</script>"),
                             load_bank)
    assert len(problems) == 1
    assert problems[0].startswith("bank.yml:6:13: 错误: questions[0].prompt：不允许的 HTML 元素 <script>：")
    assert "只能用 Markdown 格式" in problems[0] and "`<script>`" in problems[0]
    problems = load_problems(tmp_path, "bank.yml", fill(BANK, BANK_FIELDS, "hint", "[点我](JavaScript:x())"),
                             load_bank)
    assert problems == ["bank.yml:15:11: 错误: questions[0].hint：不允许的链接地址 “javascript:”：链接只能指向本站页面"
                        "（例如 [文字](procedures/stage-3.md#step-7)）或 http://、https://、mailto: 地址。"
                        "请改写或删除这个链接。"]
    problems = load_problems(tmp_path, "bank.yml", fill(BANK, BANK_FIELDS, "explain", "<img src=x onerror=y()>"),
                             load_bank)
    assert len(problems) == 1 and "不允许的 HTML 属性 onerror（在 <img> 上）：事件属性会执行脚本" in problems[0]


@pytest.mark.parametrize("image", ["https://example.org/a.png", "HTTP://example.org/a.png", "//example.org/a.png"])
def test_an_image_from_another_host_is_an_error(tmp_path: Path, image: str) -> None:
    """An image is a request the page makes by itself; the portal loads nothing from other hosts."""
    problems = load_problems(tmp_path, "bank.yml", fill(BANK, BANK_FIELDS, "explain", f"见图：![流程]({image})"),
                             load_bank)
    assert len(problems) == 1 and "bank.yml:" in problems[0] and "questions[0].explain" in problems[0], problems


def test_a_hostile_block_scalar_is_reported_at_its_field(tmp_path: Path) -> None:
    text = fill(BANK, BANK_FIELDS, None, "").replace(
        'explain: "普通文字 explain"', "explain: |\n      第一段。\n\n      <iframe src=\"javascript:x()\"></iframe>")
    problems = load_problems(tmp_path, "bank.yml", text, load_bank)
    assert len(problems) == 1 and problems[0].startswith("bank.yml:14:") and "<iframe>" in problems[0], problems


# -- harmless Markdown: no error, and nothing of its meaning lost -----------------------------

HARMLESS = [
    "**粗体**和*斜体*，`代码`，~~不是删除线~~",
    "见[步骤 7](rules.md#step-7)和[表决](rules.md#vote)。",
    "见[本页](#vote)。",
    "[《细则》全文](https://www.example.org/xize.html?a=1&b=2 \"全文\")，[旧址](http://example.org/)。",
    "有问题请写信：[组织部](mailto:zzb@example.org)，或 <https://example.org/>、<zzb@example.org>。",
    "| 阶段 | 时限 |\n|:--|--:|\n| 积极分子 | 一年以上 |\n| 预备期 | 一年 |\n",
    "- 入党申请书\n- 思想汇报\n    - 每季度一次\n",
    "3. 第三步\n4. 第四步\n",
    "标签写成 `<script>` 会原样显示，`javascript:` 也是。",
    "第一段：\n\n    缩进的代码块 <b>\n",
    "> 引用《细则》第七条。\n\n---\n\n第二段  \n换行。",
    "#### 小标题 {#sub-title}\n\n正文{: .portal-note }",
    "![流程图](../images/flow.png \"流程\")和![另一张](images/b.png)",
    "小于号 a < b 和 & 符号，&lt;script&gt; 是文字。",
    "上标<sup>1</sup>、下标<sub>2</sub>、<del>删除</del>、<span class=\"note\">注</span>。",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_markdown_is_no_error_and_keeps_its_meaning(tmp_path: Path, text: str) -> None:
    for name, template, fields, loader in FILES:
        for slot in fields:
            problems = load_problems(tmp_path, name, fill(template, fields, slot, text), loader)
            assert problems == [], (slot, problems)
    rich = RichText()
    raw = rich._markdown(text)
    before, after = census(raw), census(str(rich.block(text)))
    assert removals(raw, clean(raw)) == []
    # the same elements, attributes, link targets and text, whatever the serialisation
    assert before.elements == after.elements and before.attributes == after.attributes
    assert before.schemes == after.schemes
    assert "".join(before.text) == "".join(after.text)


TARGETS = ["javascript:", "JAVASCRIPT:", " javascript:", "java\tscript:", "jav&#x09;ascript:", "java\\script:",
           "data:", "vbscript:", "mailto:", "http://e.org/", "https://e.org/", "HTTPS://e.org/", "ftp://e.org/",
           "//e.org/", "rules.md#vote", "a:b", "#vote", "<javascript:", "javascript&#58;"]
FORMS = ["[x]({t}y)", "![x]({t}y)", "[x]({t}y \"提示\")", "[x][r]\n\n[r]: {t}y", "[a [b](c) d]({t}y)",
         "[x](<{t}y>)", "[x]({t}y){{.c}}", "[x] ({t}y)", "[x](a({t}y))", "[x]({t}y\n)", "**粗体**[x]({t}y)"]


@pytest.mark.parametrize("form", FORMS)
def test_the_check_shortcut_never_hides_a_removal(form: str) -> None:
    """`check` skips the Markdown conversion for texts whose links are plainly safe; whenever it
    does, the full census must agree that nothing would be removed."""
    from portalkit.richtext import _may_need_removal

    rich = RichText()
    for target in TARGETS:
        text = form.format(t=target)
        raw = rich._markdown(text)
        found = removals(raw, clean(raw))
        assert _may_need_removal(text) or not found, (text, found)
        assert rich.removals(text) == found, text


def test_site_links_keep_their_anchor_and_root_token() -> None:
    rich = RichText(lambda src: src[:-3] + "/")
    assert rich.inline("见[步骤 7](procedures/stage-3.md#step-7)") == \
        f'见<a href="{ROOT_TOKEN}procedures/stage-3/#step-7">步骤 7</a>'
    assert rich.inline("[信](mailto:a@example.org)") == '<a href="mailto:a@example.org">信</a>'


def test_plain_text_keeps_the_fast_path() -> None:
    rich = RichText()
    assert rich.block("收到申请书后一个月内谈话。") == "<p>收到申请书后一个月内谈话。</p>"
    assert rich.inline("a & b") == "a &amp; b" and rich.removals("a & b") == []
    assert rich._converter is None, "plain text never makes a Markdown converter"
    assert rich.inline("**粗体**") == "<strong>粗体</strong>" and rich._converter is not None


# -- rendered output: nothing executable, whatever got into the model -------------------------

_EVENT = re.compile(r"^on", re.I)
# (a block's own controls may include a form; an author's form is caught by `assert_allowlisted`)
_EXECUTABLE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
               "link", "meta", "base", "noscript", "portal"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster", "background"}


def assert_no_executable(html: str) -> None:
    """Neither script-bearing elements, nor event attributes, nor styles, nor a URL outside
    relative, http(s) and mailto anywhere in `html` (a whole block, with its own controls)."""
    found = census(html)
    assert not set(found.elements) & _EXECUTABLE, (found.elements, html)
    for tag, attribute in found.attributes:
        assert not _EVENT.match(attribute), (attribute, html)
        assert attribute not in _URL_ATTRIBUTES - {"href", "src"}, (attribute, html)
        assert attribute != "style" or tag in ("th", "td"), (tag, html)
    for tag, _, scheme in found.schemes:
        assert scheme in ({"http", "https", "mailto"} if tag == "a" else {"http", "https"}), (scheme, html)


def assert_allowlisted(html: str) -> None:
    """RichText output: only the allowlist's elements and attributes, and nothing executable."""
    assert_no_executable(html)
    found = census(html)
    assert set(found.elements) <= ALLOWED_TAGS, (found.elements, html)
    assert {a for _, a in found.attributes} <= {"class", "id", "href", "title", "src", "alt", "start", "style"}, html


def without_data(page: str) -> str:
    """The markup of a block without its runtime JSON and the date checker's form template."""
    return re.sub(r'<template class="portal-(data|dc__ui)">.*?</template>', "", page, flags=re.S)


def hostile_questions(payload: str) -> list[Question]:
    """Questions built directly (the loader refuses these texts), as a generator or a future
    reader might produce them: rendering must be safe without relying on validation."""
    common = {"explain": payload, "see": "rules.md#vote", "hint": payload, "bank": "b"}
    return [
        Question(id="s", type="single", prompt=payload, options=[Option("甲", payload), Option(payload, "")],
                 answer=[payload], **common),
        Question(id="o", type="order", prompt=payload, items=["甲", payload], **common),
        Question(id="m", type="match", prompt=payload, pairs=[("左", payload), (payload, "右")], **common),
    ]


@pytest.mark.parametrize(("payload", "what"), PAYLOADS)
def test_rendered_html_holds_nothing_executable(payload: str, what: str) -> None:
    text = RichText()
    assert_allowlisted(text.block(payload))
    assert_allowlisted(text.inline(payload))
    assert text.removals(payload), "rendered without a word, but the loader must refuse it"
    templates = Templates()
    for i, q in enumerate(hostile_questions(payload), 1):
        assert_no_executable(question_html(q, i, "u", text))
        assert_no_executable(templates.render("question.html", q=q, index=i, uid="u", labels={q.type: "题"},
                                              text=text, answer_text=answer_text))
        data = question_data(q, text)
        for value in (data["prompt"], data["explain"], data["hint"], *(data.get("itemsHtml") or []),
                      *(html for pair in data.get("pairsHtml") or [] for html in pair),
                      *(html for option in data.get("options") or [] for html in option[1:])):
            assert_allowlisted(value)
    checklist = Checklist(id="c", title="清单", subject="对象", intro=payload,
                          sections=[Section("一节", [Item("a", payload, payload, "rules.md#vote")])])
    page = render_checklist(checklist, text, templates, "s")
    assert_no_executable(without_data(page))
    for item in runtime_data(page)["sections"][0]["items"]:
        assert_allowlisted(item["html"])
        assert_allowlisted(item["help"])


def test_plain_text_fields_are_escaped_not_rendered(tmp_path: Path) -> None:
    """Titles, subjects, labels and the like are never Markdown: escaped, they are inert text."""
    script = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">'
    bank = f"title: {json.dumps(script)}\nquestions:\n" + """\
  - id: a
    type: blank
    prompt: 经过____以上培养考察。
    answer: [SCRIPT]
    explain: 解
    see: rules.md#vote
""".replace("SCRIPT", json.dumps(script))
    checklist = CHECKLIST.replace("title: 一节", f"title: {json.dumps(script)}").format(
        intro="引言", text="文字", help="帮助")
    rules = RULES.replace("label: 开始", f"label: {json.dumps(script)}").replace(
        "title: 先后", f"title: {json.dumps(script)}\n    basis: {json.dumps(script)}").format(
        notes="说明", message="规则")
    write_site(tmp_path, {"quizzes/bank.yml": bank, "checklists/list.yml": checklist, "rules/2014.yml": rules,
                          "docs/index.md": "# 首页\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    assert session.log.errors == [], [str(p) for p in session.log]
    page = sites.convert(session, "/// quiz | bank\n///\n\n/// checklist | list\n///\n\n"
                                  "/// datecheck | 2014\n///\n\n/// timelimits | 2014\n///\n", "index.md")
    assert session.log.errors == []
    # shown as text in the markup, and in the runtime data as text (JSON, `<` escaped in a <template>)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert not [a for _, a in census(page).attributes if a.startswith("on")]


# -- the JavaScript views get the same formatted text as the no-JavaScript markup -------------

MARKDOWN_BANK = """\
title: 格式
questions:
  - id: order
    type: order
    prompt: 排序
    items: ["**申请**入党", "确定*积极分子*", "[发展对象](rules.md#step-7)"]
    explain: 解
    see: rules.md#vote
  - id: match
    type: match
    prompt: 配对
    pairs: [["**一年**以上", "`积极分子`期"], ["三个月", "**审批**时限"]]
    explain: 解
    see: rules.md#vote
"""


def test_order_items_and_match_pairs_are_sent_formatted_next_to_their_texts(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/fmt.yml": MARKDOWN_BANK, "docs/index.md": "# 首页\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    page = sites.convert(session, "/// quiz | fmt\n///\n", "study/fmt.md")
    assert session.log.errors == []
    order, match = runtime_data(page)["questions"]
    assert order["items"] == ["**申请**入党", "确定*积极分子*", "[发展对象](rules.md#step-7)"]
    assert order["itemsHtml"] == ["<strong>申请</strong>入党", "确定<em>积极分子</em>",
                                  '<a href="../../rules/#step-7">发展对象</a>']
    assert match["pairs"] == [["**一年**以上", "`积极分子`期"], ["三个月", "**审批**时限"]]
    assert match["pairsHtml"] == [["<strong>一年</strong>以上", "<code>积极分子</code>期"],
                                  ["三个月", "<strong>审批</strong>时限"]]
    # the no-JavaScript markup shows the same formatting: items and left sides as HTML, the right
    # sides (inside <option>, which holds text only) as the text a reader sees, and the answer line
    assert "<li><strong>申请</strong>入党</li>" in page
    assert "<label><strong>一年</strong>以上 <select" in page
    assert "<option>积极分子期</option>" in page and "<option>审批时限</option>" in page
    assert "**" not in re.sub(r'<template class="portal-data">.*?</template>', "", page, flags=re.S)
    assert "<strong>答案：</strong><strong>申请</strong>入党 → 确定<em>积极分子</em>" in page


def test_the_question_template_renders_like_the_fast_markup_for_formatted_items(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/fmt.yml": MARKDOWN_BANK, "docs/index.md": "# 首页\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    for i, q in enumerate(session.catalog.banks["fmt"].questions, 1):
        fast = question_html(q, i, "u", session.text)
        slow = session.templates.render("question.html", q=q, index=i, uid="u", labels=TYPE_LABELS,
                                        text=session.text, answer_text=answer_text)
        assert re.sub(r">\s+<", "><", fast.strip()) == re.sub(r">\s+<", "><", slow.strip())


def test_the_quiz_block_itself_is_inert_for_every_payload() -> None:
    bank = Bank(id="b", title="<script>x()</script>", description="[x](javascript:y())")
    questions = [q for payload in ("<img src=x onerror=y()>", "[点我](&#106;avascript:y())")
                 for q in hostile_questions(payload)]
    for n, q in enumerate(questions):
        q.id = f"q{n}"
    page = render_quiz(bank, questions, QuizBlockOptions(), RichText(), Templates(), "s")
    assert_no_executable(without_data(page))
    for q in runtime_data(page)["questions"]:
        for value in (q["prompt"], q["explain"], *(q.get("itemsHtml") or []),
                      *(h for pair in q.get("pairsHtml") or [] for h in pair)):
            assert_allowlisted(value)


# -- check and the build ----------------------------------------------------------------------

def test_check_reports_a_hostile_bank_with_file_line_and_field(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/bank.yml": fill(BANK, BANK_FIELDS, "item", "<svg onload=alert(1)>"),
                          "checklists/list.yml": fill(CHECKLIST, CHECKLIST_FIELDS, "help", "[x](vbscript:y)"),
                          "docs/index.md": "/// quiz | bank\n///\n\n/// checklist | list\n///\n"})
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stdout
    assert "quizzes/bank.yml:22:9: 错误: questions[1].items[1]：不允许的 HTML 元素 <svg>" in result.stdout
    assert "checklists/list.yml:9:15: 错误: sections[0].items[0].help：不允许的链接地址 “vbscript:”" in result.stdout
    assert "2 个错误" in result.stdout, result.stdout


def test_a_hostile_bank_stops_the_build(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"quizzes/bank.yml": fill(BANK, BANK_FIELDS, "left", "<iframe src=x></iframe>"),
                                   "docs/index.md": "/// quiz | bank\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "quizzes/bank.yml:30:" in result.stderr and "questions[2].pairs[1][0]" in result.stderr
    assert "不允许的 HTML 元素 <iframe>" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_real_project_has_no_markup_errors() -> None:
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "没有发现问题" in result.stdout, result.stdout


# -- in Chromium: the rendered payloads, put in the page as the runtime does, never run ---------

@pytest.mark.browser
def test_no_payload_runs_in_a_browser(page) -> None:
    text = RichText()
    static: list[str] = []
    live: list[str] = []
    for spec in CLASSES.values():
        for payload in spec["payloads"]:
            for q in hostile_questions(payload):
                static.append(question_html(q, 1, "u", text))
                data = question_data(q, text)
                live += [data["prompt"], data["explain"], *(data.get("itemsHtml") or []),
                         *(h for pair in data.get("pairsHtml") or [] for h in pair)]
    page.set_content("<!doctype html><meta charset=utf-8><title>t</title><body><ol>" + "".join(static)
                     + "</ol><div id=live></div></body>", wait_until="domcontentloaded")
    # the runtime puts formatted text in with innerHTML: do the same
    page.evaluate("(parts) => { for (const p of parts) { const d = document.createElement('div');"
                  " d.innerHTML = p; document.getElementById('live').append(d); } }", live)
    page.wait_for_timeout(300)  # onload/onerror handlers and refreshes would have run by now
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.body.querySelectorAll('script, iframe, object, embed, svg, style, meta').length") == 0
    # a relative link cannot be resolved against about:blank: its protocol reads ":"
    for protocol in page.eval_on_selector_all("a[href], img[src]", "els => els.map(e => new URL(e.getAttribute('href') ?? e.getAttribute('src'),"
                                              " 'https://portal.invalid/').protocol)"):
        assert protocol in ("http:", "https:", "mailto:"), protocol
