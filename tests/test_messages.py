"""The message catalogs (hooks/portalkit/locales/<language>/<area>.yml) and the Python messages
that come from them: loaders, validators, the sanitizer and the report command.

- Chinese and English have the same keys, area file by area file, and every message the same
  named fields (all area files, whoever owns them).
- The modules converted to the catalog keep no Chinese text of their own.
- A build in English reports a broken bank, checklist or rule file in English, with the same
  file, line, column and field as in Chinese; the report command refuses files in English.
The Chinese wording itself is what the existing tests (test_quiz_validation.py, test_checklist.py,
test_datecheck_rules.py, test_sanitize.py, test_yaml_errors.py, test_report.py) assert."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portalkit.checklist.parse import load_checklist
from portalkit.datecheck.evaluate import read_date
from portalkit.datecheck.parse import load_ruleset
from portalkit.i18n import LANGUAGES, LOCALES, Messages, fields_of
from portalkit.pages import PageIndex
from portalkit.problems import Problem, ProblemLog
from portalkit.quiz.parse import load_bank
from portalkit.report.read import read_all

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks" / "portalkit"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# The modules whose messages come from the catalog (areas fields, yaml, quizerr, checklisterr,
# ruleserr, markup, pages, report). Not listed: quiz/model.py (TYPE_LABELS) and datecheck/model.py
# (UNIT_LABELS) hold the labels readers see, which the block templates render.
CONVERTED = ("fields.py", "yamlsource.py", "quiz/parse.py", "checklist/parse.py", "checklist/model.py",
             "datecheck/parse.py", "datecheck/evaluate.py", "sanitize.py", "pages.py", "catalog.py",
             "report/read.py", "report/cli.py")
# Chinese that stays in those modules because it is file format, not interface text:
FILE_FORMAT = {
    # the export's CSV column names and state names (report/read.py): the site writes them, every
    # language reads them
    "清单", "核查对象", "分节", "检查项", "必查", "状态", "备注", "党组织", "核查人", "更新时间", "清单编号",
    "记录编号", "检查项编号", "未查", "符合", "不符合", "不适用",
    # the date checker reads dates written 2026年5月18日 (datecheck/evaluate.py): input format
    r"^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$",
}


def _area_files(language: str) -> dict[str, dict[str, str]]:
    out = {}
    for path in sorted((LOCALES / language).glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        assert isinstance(data, dict), path
        out[path.name] = {str(k): v for k, v in data.items()}
    return out


# ---------------------------------------------------------------- (a) the catalogs
def test_chinese_and_english_have_the_same_area_files_keys_and_fields() -> None:
    zh, en = _area_files("zh"), _area_files("en")
    assert zh, "no catalog files"
    assert sorted(zh) == sorted(en), "an area file is missing in one language"
    for name in zh:
        assert sorted(zh[name]) == sorted(en[name]), (
            f"{name}: only in zh: {sorted(set(zh[name]) - set(en[name]))}, "
            f"only in en: {sorted(set(en[name]) - set(zh[name]))}")
        for key, message in zh[name].items():
            assert isinstance(message, str) and isinstance(en[name][key], str), f"{name}: {key} is not text"
            assert fields_of(message) == fields_of(en[name][key]), (
                f"{name}: {key} has fields {sorted(fields_of(message))} in zh, {sorted(fields_of(en[name][key]))} in en")


def test_a_key_is_defined_in_one_area_file_only() -> None:
    for language in LANGUAGES:
        owner: dict[str, str] = {}
        for name, messages in _area_files(language).items():
            for key in messages:
                assert key not in owner, f"{language}: {key} is in both {owner[key]} and {name}"
                owner[key] = name


def test_every_message_is_a_well_formed_format_string() -> None:
    for language in LANGUAGES:
        for name, messages in _area_files(language).items():
            for key, message in messages.items():
                try:
                    fields = fields_of(message)
                except ValueError as error:
                    pytest.fail(f"{language}/{name}: {key}: {error}")
                if fields:  # formats with every field given
                    message.format_map(dict.fromkeys(fields, "x"))


MY_AREAS = ("fields", "yaml", "quiz-errors", "checklist-errors", "rules-errors", "markup", "pages", "report")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_without_fields_has_no_escaped_braces(language: str) -> None:
    """Messages() formats only when fields are given: a literal brace in a message without fields
    is written once, in one with fields twice."""
    for area in MY_AREAS:
        data = yaml.safe_load((LOCALES / language / f"{area}.yml").read_text("utf-8"))
        for key, message in data.items():
            assert key.split(".")[0] == {"quiz-errors": "quizerr", "checklist-errors": "checklisterr",
                                         "rules-errors": "ruleserr"}.get(area, area), f"{key} in {area}.yml"
            if not fields_of(message):
                assert "{{" not in message and "}}" not in message, f"{language}: {key}"


def test_english_messages_are_english() -> None:
    for area in MY_AREAS:
        data = yaml.safe_load((LOCALES / "en" / f"{area}.yml").read_text("utf-8"))
        for key, message in data.items():
            # the English messages name the export's columns and the accepted date format as written
            left = CJK.sub("", message) if key in ("ruleserr.date.unreadable",) else message
            assert not CJK.search(left), f"{key}: {message}"


# ---------------------------------------------------------------- (b) no Chinese left in the code
def _strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


@pytest.mark.parametrize("module", CONVERTED)
def test_converted_modules_keep_no_chinese_text(module: str) -> None:
    source = (PACKAGE / module).read_text("utf-8")
    found = [f"{module}:{node.lineno}: {node.value!r}" for node in _strings(ast.parse(source))
             if CJK.search(node.value) and node.value not in FILE_FORMAT]
    assert not found, "text for people belongs in the catalog:\n" + "\n".join(found)


# ---------------------------------------------------------------- (c) in English
EN = Messages("en")
BROKEN_BANK = """\
title: Test bank
questions:
  - id: talk
    type: single
    prompt: "When is the talk? <script>alert(1)</script>"
    options: [Within a month, Within three months]
    answer: Within a month
    explian: The rules, article 7.
    see: rules.md#step-7
  - id: vote
    type: truefalse
    prompt: Votes count those present.
    answer: false
    explain: Those entitled to attend.
"""


def _load(tmp_path: Path, folder: str, text: str, loader, messages: Messages) -> list[Problem]:  # noqa: ANN001
    path = tmp_path / folder / "broken.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    log = ProblemLog(display_root=tmp_path, messages=messages)
    loader(path, log)
    return sorted(log.items)


def _where(problems: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [(p.file, p.line, p.column, p.field) for p in problems]


def test_a_broken_bank_is_reported_in_english_with_file_line_column_and_field(tmp_path: Path) -> None:
    problems = _load(tmp_path, "quizzes", BROKEN_BANK, load_bank, EN)
    by_field = {p.field: p for p in problems}
    assert _where(problems) == [
        ("quizzes/broken.yml", 3, 5, "questions[0].explain"),  # missing: placed on the question
        ("quizzes/broken.yml", 5, 13, "questions[0].prompt"),
        ("quizzes/broken.yml", 8, 5, "questions[0].explian"),
        ("quizzes/broken.yml", 10, 5, "questions[1].see"),
    ], problems
    assert by_field["questions[0].explain"].message.startswith("Missing required field explain. ")
    assert by_field["questions[0].explian"].message == "Unknown key explian. Did you mean explain?"
    assert by_field["questions[0].prompt"].message.startswith("The HTML element <script> is not allowed.")
    assert "Markdown" in by_field["questions[0].prompt"].message
    assert by_field["questions[1].see"].message == (
        "Missing required field see. A link to the page and anchor where the rule is, "
        "e.g. procedures/stage-3.md#step-7.")
    for p in problems:
        assert not CJK.search(p.message), p.message


def test_the_same_bank_in_chinese_has_the_same_places_and_the_chinese_words(tmp_path: Path) -> None:
    zh = _load(tmp_path, "quizzes", BROKEN_BANK, load_bank, Messages("zh"))
    en = _load(tmp_path, "quizzes", BROKEN_BANK, load_bank, EN)
    assert _where(zh) == _where(en)
    assert [p.message for p in zh][2] == "未知的键 explian。是不是想写 explain？"


@pytest.mark.parametrize("text,line,column,words", [
    ('title: "unclosed\nquestions: []\n', 3, 1, ["YAML syntax error", "The quote opened at line 1, column 8"]),
    ("title: t\nquestions:\n\t- id: a\n", 3, 1, ["YAML syntax error", "most likely a tab: indent with spaces"]),
    ("title: t\ntitle: u\nquestions: []\n", 2, 1, ["Duplicate key (title is already on line 1): delete one of them."]),
    ("a: &x [1]\nb: *x\n", 1, 4, ["YAML anchors (&name) and aliases (*name) are not supported"]),
    ("", 1, 1, ["The file is empty."]),
])
def test_yaml_errors_in_english(tmp_path: Path, text: str, line: int, column: int, words: list[str]) -> None:
    problems = _load(tmp_path, "quizzes", text, load_bank, EN)
    assert problems, text
    first = problems[0]
    assert (first.file, first.line, first.column) == ("quizzes/broken.yml", line, column), first
    for word in words:
        assert word in first.message, first.message
    assert not CJK.search(first.message), first.message


def test_a_gbk_file_is_named_in_english(tmp_path: Path) -> None:
    path = tmp_path / "quizzes" / "gbk.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes("title: 中文题库\n".encode("gbk"))
    log = ProblemLog(display_root=tmp_path, messages=EN)
    load_bank(path, log)
    [problem] = log.items
    assert problem.line == 1 and "not UTF-8" in problem.message and "GBK" in problem.message, problem


def test_wrong_types_and_values_in_english(tmp_path: Path) -> None:
    text = ("title: t\npass_mark: 300\ndraw: yes\nquestions:\n  - id: Bad_Id\n    type: truefalse\n"
            "    prompt: p\n    answer: 'true'\n    explain: e\n    see: a.md\n")
    problems = _load(tmp_path, "quizzes", text, load_bank, EN)
    messages = {p.field: p.message for p in problems}
    assert messages["pass_mark"] == "Should be between 1 and 100, but it is 300."
    assert [p.message for p in problems if p.field == "draw"] == [
        "Should be an integer, but it is the boolean true.",
        "draw is only for composed banks (used with include); to draw questions on one page, "
        "set it in the quiz block's options."]
    assert messages["questions[0].id"].startswith('"Bad_Id" cannot be an id: use only lowercase letters')
    assert messages["questions[0].answer"] == (
        "The answer of a true/false question should be true or false (without quotes), but it is text.")


def test_a_broken_checklist_and_rule_file_in_english(tmp_path: Path) -> None:
    checklist = ("title: Pre-check\nsubject: Candidate\nsections:\n  - title: Files\n    items:\n"
                 "      - id: letter\n        text: Handwritten\n        see: a.md\n        requird: false\n")
    [problem] = _load(tmp_path, "checklists", checklist, load_checklist, EN)
    assert (problem.line, problem.column, problem.field) == (9, 9, "sections[0].items[0].requird")
    assert problem.message == "Unknown key requird. Did you mean required?"
    rules = ("title: Limits\ndates:\n  - id: received\n    label: Received\n  - id: talk\n    label: Talk\n"
             "rules:\n  - id: talk-in-month\n    title: Talk within a month\n    kind: maxx\n    from: received\n"
             "    to: tlak\n    amount: 1\n    unit: months\n    message: Talk within a month.\n    see: a.md\n")
    problems = {p.field: p for p in _load(tmp_path, "rules", rules, load_ruleset, EN)}
    assert problems["rules[0].kind"].message == 'Unknown rule kind "maxx". Did you mean max?'
    assert problems["rules[0].to"].message == '"tlak" is not the id of a date in dates. Did you mean talk?'
    assert problems["rules[0].to"].line == 12


def test_page_links_and_dates_in_english(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "stage-3.md").write_text("## Step 7 {#step-7}\n", "utf-8")
    pages = PageIndex.scan(tmp_path)
    assert pages.check_target("procedures/stage-3.md#step-7", EN) is None
    assert pages.check_target("procedures/stage-3.md#step-8", EN) == (
        "The page docs/procedures/stage-3.md has no anchor #step-8. Add {#step-8} after the heading, "
        "or use an existing anchor.")
    assert pages.check_target("procedures/stage-3.md#step-8", Messages("zh")) == (
        "页面 docs/procedures/stage-3.md 没有锚点 #step-8。请在标题后加 {#step-8}，或改用已有的锚点。")
    assert read_date("2023-02-29", EN)[1] == '"2023-02-29" is not a valid date: month 2 of 2023 has only 28 days.'
    assert read_date("2023-02-29")[1] == "“2023-02-29”不是有效日期：2023年2月只有 28 天。"


def test_report_refusals_have_the_same_codes_in_every_language() -> None:
    files = [("a.png", b"\x89PNG...."), ("b.json", b'{"format": "x"}'), ("c.csv", b"a,b\n1,2\n"),
             ("d.json", b'{"format": "portal-checklist-run", "version": 2, "checklist": "none"}')]
    zh, en = read_all(files, {}), read_all(files, {}, messages=EN)
    assert [(r.file, r.code) for r in zh.refused] == [(r.file, r.code) for r in en.refused] == [
        ("a.png", "binary"), ("b.json", "not-export"), ("c.csv", "csv-header"), ("d.json", "unknown-checklist")]
    assert en.refused[0].reason.startswith("This is not a text file (a PNG image). Save an Excel sheet")
    assert zh.refused[0].reason.startswith("这不是文本文件（PNG 图片）。")
    assert en.refused[3].reason == "This site has no such checklist (none). The site's checklists: ."
    for refusal in en.refused:
        if refusal.code != "csv-header":  # quotes the expected header: file format
            assert not CJK.search(refusal.reason), refusal.reason


SITE_CHECKLIST = """\
title: Pre-check
subject: Candidate
sections:
  - title: Files
    items:
      - id: letter
        text: The letter is handwritten.
        see: index.md
"""


def test_the_report_command_speaks_the_sites_language(tmp_path: Path) -> None:
    """The language comes from mkdocs.yml as a build reads it (here: the theme's language)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "precheck.yml").write_text(SITE_CHECKLIST, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  language: en\n"
        "plugins:\n  - portalkit:\n      checklists_dir: lists\n", "utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(b"\x89PNG....")
    result = subprocess.run([sys.executable, "-m", "portalkit", "report", "in", "-o", "out"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Files read: 1. Runs counted: 0"), result.stdout
    assert "in/photo.png: This is not a text file (a PNG image)." in result.stdout
    assert lines[-1].startswith("Wrote out/report.docx, out/report.xlsx, out/report.md ("), result.stdout


def test_overrides_that_would_not_work_are_named_and_left_out() -> None:
    from portalkit.settings import Settings

    settings = Settings.from_options({"language": "zh", "messages": {
        "quiz.submit": ["交", "卷"], "tpl.quiz.count": "共 {n} 题", "quiz.true": "对 {{不是占位符}}",
        "tpl.quiz.pass_mark": "{mark} 分及格，满分 {total}"}})
    assert dict(settings.message_problems) == {
        "quiz.submit": "应为一段文字。",
        "tpl.quiz.pass_mark": "占位符 {total} 不会被替换：这段文字可用的占位符是 {mark}。要显示花括号本身，请写成 {{ 或 }}。"}
    assert dict(settings.messages) == {"tpl.quiz.count": "共 {n} 题", "quiz.true": "对 {{不是占位符}}"}
    assert settings.catalog()("tpl.quiz.count", n=3) == "共 3 题"


def test_catalogs_are_read_when_first_needed_and_libyaml_reads_them_as_pyyaml_does() -> None:
    import yaml

    from portalkit.i18n import LOCALES

    code = "import sys, portalkit.i18n; print('yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", "importing the catalogs parses no YAML"
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        pytest.skip("PyYAML without libyaml: the catalogs are read by PyYAML's own parser")
    for path in sorted(LOCALES.glob("*/*.yml")):
        text = path.read_text("utf-8")
        assert yaml.load(text, Loader=loader) == yaml.safe_load(text), path
