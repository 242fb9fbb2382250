"""Printed papers: `python -m portalkit paper BANK -o OUT [--draw N] [--variants A,B] [--seed S]`.

The papers carry no answers (checked on the printed HTML), the key carries every answer, its
explanation and its rule; the same seed gives byte-identical files; the final test draws its own
20 questions from its pool; every file is a self-contained A4 page that asks nothing from any
network (a browser test prints it)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portalkit.catalog import Catalog, load_catalog
from portalkit.exchange.offsite import OffsiteText
from portalkit.i18n import ZH
from portalkit.paper.compose import compose, compose_set
from portalkit.paper.render import PaperWriter
from portalkit.paper.sources import SourceTitles
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import Bank, Option, Question

from conftest import ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    log = ProblemLog()
    found = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), log)
    assert not log.errors
    return found


def run_paper(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", "paper", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


class _Page(HTMLParser):
    """Text, tags and attributes of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.question_texts: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, k, v or "") for k, v in attrs)

    def handle_data(self, data: str) -> None:
        if self.lasttag not in ("style", "title"):
            self.text.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def final_papers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("papers")
    return out, run_paper("final", "-o", out, "--variants", "A,B", "--seed", "2024")


def drawn(catalog: Catalog, variant: str, seed: str = "2024", *, separate: bool = False) -> list[Question]:
    bank = catalog.banks["final"]
    variants = compose_set(catalog.questions_of(bank), bank=bank, names=["A", "B"], seed=seed, draw=bank.draw,
                           separate_draws=separate)
    return [pq.question for pq in variants["AB".index(variant)].questions]


# ---------------------------------------------------------------- the final test
def test_final_test_papers_and_key(final_papers: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = final_papers
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["final-A.html", "final-B.html", "final-key.html", "final-答题卡.xlsx"]
    assert "每份 20 题" in result.stdout


@pytest.mark.parametrize("variant", ["A", "B"])
def test_the_paper_carries_no_answers(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                      catalog: Catalog, variant: str) -> None:
    out, _ = final_papers
    source = (out / f"final-{variant}.html").read_text("utf-8")
    page = parse(source)
    text = plain("".join(page.text))
    questions = drawn(catalog, variant)
    assert len(questions) == 20 == catalog.banks["final"].draw
    shown = OffsiteText()
    # every question is there, with its prompt and options ...
    for q in questions:
        assert plain(shown.plain(q.prompt).replace("____", "")) in text
        for o in q.options:
            assert plain(shown.plain(o.text)) in text
    # ... and nothing of the answers: no explanation, no option feedback, no accepted blank answer
    printed = {plain(shown.plain(t)) for q in questions for t in [q.prompt, *(o.text for o in q.options),
                                                                   *q.items, *(s for p in q.pairs for s in p)]}
    blocks = [plain("".join(parse(b.split("</section>")[0]).text)) for b in source.split('<div class="q">')[1:]]
    for q in questions:
        assert plain(shown.plain(q.explain)) not in text, q.id
        for o in q.options:
            if o.feedback:
                assert plain(shown.plain(o.feedback)) not in text, q.id
        if q.hint:
            assert plain(shown.plain(q.hint)) not in text
        if q.type == "blank":  # in the question's own block: only its prompt, with a line for the answer
            before, after = (plain(part) for part in q.prompt.split("____"))
            (block,) = [b for b in blocks if before in b and after in b]
            assert block.endswith(before + after), (q.id, block)
    # nothing hidden either, and no mark that tells a right option from a wrong one
    assert "details" not in page.tags and "summary" not in page.tags and "script" not in page.tags
    assert {(t, k) for t, k, _ in page.attributes} <= {("html", "lang"), ("meta", "charset"), ("meta", "name"),
                                                       ("meta", "content"), ("body", "class"), ("div", "class"),
                                                       ("span", "class"), ("ol", "class"), ("p", "class")}
    classes = {c for t, k, v in page.attributes if k == "class" for c in v.split()}
    assert classes <= {"paper", "sub", "fill", "hint", "q", "no", "body", "prompt", "paren", "blank", "opts", "c2",
                       "c4", "letter", "items", "match", "rules", "pts"}
    for word in ("答案", "解析", "依据", "正确答案"):
        assert word not in text or any(word in t for t in printed), word


def test_the_paper_is_laid_out_as_a_paper(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                          catalog: Catalog) -> None:
    out, _ = final_papers
    source = (out / "final-A.html").read_text("utf-8")
    text = "".join(parse(source).text)
    assert "结业测试" in text and "A 卷" in text and "共 20 题" in text
    assert "满分 20 分" in text and "考试时间 30 分钟" in text and "须知：" in text
    assert text.index("姓名") < text.index("党组织") < text.index("得分") < text.index("一、")
    questions = drawn(catalog, "A")
    types = [q.type for q in questions]
    labels = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "blank": "填空题", "order": "排序题",
              "match": "连线题"}
    numerals = "一二三四五六"
    present = [t for t in labels if t in types]
    headings = re.findall(r"<h2>(.)、(\S+?)（共 (\d+) 题，每题 1 分）</h2>", source)
    assert headings == [(numerals[i], labels[t], str(types.count(t))) for i, t in enumerate(present)]
    # numbered 1…N across the sections, as the answer sheet and the key's grid are; options lettered
    numbers = [int(n) for n in re.findall(r'<span class="no">(\d+)\.</span>', source)]
    assert numbers == list(range(1, 21))
    assert '<span class="letter">A.</span>' in source
    if "blank" in types:
        assert '<span class="blank"></span>' in source


def test_the_key_has_every_answer_explanation_and_rule(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                                       catalog: Catalog) -> None:
    out, _ = final_papers
    source = (out / "final-key.html").read_text("utf-8")
    text = plain("".join(parse(source).text))
    shown = OffsiteText()
    assert "2024" in text and "A卷" in text and "B卷" in text
    for variant in "AB":
        for q in drawn(catalog, variant):
            assert plain(html.unescape(re.sub(r"<[^>]+>", "", str(shown.block(q.explain))))) in text, q.id
            assert "出处：" + SourceTitles(ROOT / "docs").of(q.see) in "".join(parse(source).text)
            assert q.see not in source  # a path means nothing on paper
            if q.type == "blank":
                assert plain(" ／ ".join(q.answer)) in text
            if q.type == "truefalse":
                assert ("正确" if q.truth else "错误") in text
    assert source.count('class="entry"') == 40
    # the compact grid opens each variant: 1.A 2.BD 3.对 …
    grid = re.search(r'<div class="grid">(.*?)</div>', source)
    assert grid and re.findall(r"<span>(\d+)\.", grid[1]) == [str(n) for n in range(1, 21)]
    assert "出处：阶段" in source


def test_the_same_seed_gives_the_same_files(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                            tmp_path: Path) -> None:
    out, _ = final_papers
    result = run_paper("final", "-o", tmp_path, "--variants", "A,B", "--seed", "2024")
    assert result.returncode == 0
    for name in ("final-A.html", "final-B.html", "final-key.html"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    other = tmp_path / "other"
    run_paper("final", "-o", other, "--variants", "A,B", "--seed", "2025")
    assert (other / "final-A.html").read_bytes() != (out / "final-A.html").read_bytes()


def test_without_a_seed_one_is_chosen_and_shown(tmp_path: Path) -> None:
    result = run_paper("stage-3", "-o", tmp_path / "a")
    assert result.returncode == 0, result.stdout
    seed = re.search(r"--seed (\d+)", result.stdout)
    assert seed, result.stdout
    again = run_paper("stage-3", "-o", tmp_path / "b", "--seed", seed[1])
    assert again.returncode == 0
    assert (tmp_path / "a" / "stage-3-A.html").read_bytes() == (tmp_path / "b" / "stage-3-A.html").read_bytes()


def test_variants_are_parallel_the_same_questions_in_another_order(catalog: Catalog) -> None:
    a, b = ([(q.bank, q.id) for q in drawn(catalog, v)] for v in "AB")
    assert len(a) == len(b) == 20 and sorted(a) == sorted(b) and a != b


def test_separate_draws_keep_the_count_of_each_type_from_each_bank(catalog: Catalog) -> None:
    for seed in ("1", "2", "2024"):
        a, b = (drawn(catalog, v, seed, separate=True) for v in "AB")
        assert {(q.bank, q.id) for q in a} != {(q.bank, q.id) for q in b}
        strata = [sorted((q.bank, q.type) for q in v) for v in (a, b)]
        assert strata[0] == strata[1]


def test_without_draw_variants_are_orders_of_the_whole_bank(catalog: Catalog) -> None:
    bank = catalog.banks["stage-3"]
    a, b = (compose(bank.questions, bank_id=bank.id, name=v, seed="1", draw=None) for v in "AB")
    ids = [[pq.question.id for s in v.sections for pq in s.questions] for v in (a, b)]
    assert sorted(ids[0]) == sorted(ids[1]) == sorted(q.id for q in bank.questions)
    options = [[pq.options for s in v.sections for pq in s.questions] for v in (a, b)]
    assert ids[0] != ids[1] or options[0] != options[1]


def test_draw_option_and_the_composed_banks_own_draw(tmp_path: Path) -> None:
    result = run_paper("final", "-o", tmp_path / "ten", "--draw", "10", "--seed", "1")
    assert result.returncode == 0 and "每份 10 题" in result.stdout, result.stdout
    result = run_paper("stage-3", "-o", tmp_path / "all", "--seed", "1")
    assert result.returncode == 0 and "每份 18 题" in result.stdout, result.stdout


def test_order_items_and_match_columns_never_print_the_answer() -> None:
    order = Question(id="o", type="order", prompt="排序", explain="e", see="s", items=["甲", "乙"])
    match = Question(id="m", type="match", prompt="连线", explain="e", see="s", pairs=[("一", "1"), ("二", "2")])
    for seed in range(200):
        variant = compose([order, match], bank_id="b", name="A", seed=str(seed), draw=None)
        for section in variant.sections:
            for pq in section.questions:
                if pq.question.type == "order":
                    assert pq.items == ["乙", "甲"] and pq.item_positions() == [2, 1]
                else:
                    assert pq.rights == ["2", "1"] and pq.match_letters() == ["B", "A"]


def test_site_links_and_images_become_text() -> None:
    q = Question(id="x", type="single", prompt="见[步骤七](procedures/stage-3.md#step-7)和![流程图](img/flow.png)",
                 explain="详见[外部说明](https://example.com/rule)。", see="procedures/stage-3.md#step-7",
                 options=[Option("**甲**"), Option("乙", "见[这里](procedures/x.md)")], answer=["**甲**"], bank="b")
    bank = Bank(id="b", title="测试", questions=[q])
    writer = PaperWriter(bank, ZH)
    variant = compose([q], bank_id="b", name="A", seed="1", draw=None)
    paper, key = writer.paper(variant), writer.key([variant], "1")
    for page in (paper, key):
        assert "<a" not in page and "<img" not in page and "src=" not in page
    assert "步骤七" in paper and "［图：流程图］" in paper and "<strong>甲</strong>" in paper
    assert "外部说明（https://example.com/rule）" in key and "出处：procedures/stage-3.md#step-7" in key
    assert "见这里" in key


@pytest.mark.parametrize("problem", ["unknown bank", "bad variant", "key variant", "same variant twice",
                                     "draw too many", "draw zero", "output is a file", "no mkdocs.yml"])
def test_exit_2_for_usage_errors(tmp_path: Path, problem: str) -> None:
    (tmp_path / "file.html").write_text("x")
    args: list[str | Path] = {
        "unknown bank": ["nowhere", "-o", tmp_path / "out"],
        "bad variant": ["stage-3", "-o", tmp_path / "out", "--variants", "A,../B"],
        "key variant": ["stage-3", "-o", tmp_path / "out", "--variants", "A,key"],
        "same variant twice": ["stage-3", "-o", tmp_path / "out", "--variants", "A,A"],
        "draw too many": ["stage-3", "-o", tmp_path / "out", "--draw", "500"],
        "draw zero": ["stage-3", "-o", tmp_path / "out", "--draw", "0"],
        "output is a file": ["stage-3", "-o", tmp_path / "file.html"],
        "no mkdocs.yml": ["stage-3", "-o", tmp_path / "out", "-f", tmp_path / "mkdocs.yml"],
    }[problem]
    result = run_paper(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.strip() and "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()
    if problem == "unknown bank":
        assert "stage-3" in result.stdout


def test_self_contained(final_papers: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = final_papers
    for path in out.glob("*.html"):
        source = path.read_text("utf-8")
        assert "@page" in source and "size: A4" in source and "@media print" in source
        for needle in ("<script", "<link", "<img", "<a ", "src=", "url(", "@import", "http://", "https://",
                       "@@portal-root@@"):
            assert needle not in source, (path.name, needle)


@pytest.mark.browser
def test_papers_print_on_a4_and_request_nothing(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                                page: object, console: object, tmp_path: Path) -> None:
    out, _ = final_papers
    for name in ("final-A.html", "final-key.html"):
        url = (out / name).as_uri()
        console.requests.clear()  # type: ignore[attr-defined]
        page.goto(url)  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        pdf = page.pdf(prefer_css_page_size=True)  # type: ignore[attr-defined]
        boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
        assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes), boxes
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
        assert {r for r in console.requests if r != url} == set(), console.requests  # type: ignore[attr-defined]
        # printed, the paper keeps its questions apart (no question split over two pages)
        assert page.evaluate("getComputedStyle(document.querySelector('.q, .entry')).breakInside") == "avoid"  # type: ignore[attr-defined]


def test_a_paper_in_the_sites_language(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Fire safety\ntheme:\n  name: material\n  language: en\n"
                                         "plugins: [portalkit]\n", "utf-8")
    (tmp_path / "docs" / "rules.md").write_text("# Rules\n\n## Exits {#exits}\n", "utf-8")
    (tmp_path / "quizzes" / "fire.yml").write_text("""\
title: Fire safety
questions:
  - id: exits
    type: order
    prompt: Put the steps in order.
    items: [Raise the alarm, Leave by the nearest exit, Report at the assembly point]
    explain: Alarm first, then leave, then report.
    see: rules.md#exits
  - id: doors
    type: truefalse
    prompt: Fire doors may be wedged open.
    answer: false
    explain: Never.
    see: rules.md#exits
""", "utf-8")
    result = run_paper("fire", "-o", "out", "--seed", "1", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("Wrote the key and 1 paper(s)"), result.stdout
    paper = (tmp_path / "out" / "fire-A.html").read_text("utf-8")
    key = (tmp_path / "out" / "fire-key.html").read_text("utf-8")
    assert '<html lang="en">' in paper and "Paper A" in paper and "Organisation" in paper and "Party" not in paper
    assert "I. True or false (1; 1 point(s) each)" in paper and "II. Put in order" in paper
    assert "Answer: <strong>False</strong>" in key and "brackets from the top:" in key and "Source: Rules · Exits" in key
    assert "（" not in paper + key and "、" not in paper + key
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "out" / "fire-答题卡.xlsx")  # names fixed, guidance in the site's language
    assert [c.value for c in book["答题卡"][1]][:3] == ["姓名", "党组织", "试卷"]
    guide = [[c.value for c in row] for row in book["作答说明"].iter_rows()]
    assert guide[1][1] == "True or false" and guide[1][3].startswith("T or F")


@pytest.mark.browser
@pytest.mark.parametrize("variant", ["A", "B"])
def test_no_question_breaks_across_pages_in_chromiums_a4_pdf(final_papers: tuple[Path, subprocess.CompletedProcess[str]],
                                                             catalog: Catalog, page: object, tmp_path: Path,
                                                             variant: str) -> None:
    out, _ = final_papers
    page.goto((out / f"final-{variant}.html").as_uri())  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))  # type: ignore[attr-defined]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [plain(p) for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    bank = catalog.banks["final"]
    (printed,) = [v for v in compose_set(catalog.questions_of(bank), bank=bank, names=["A", "B"], seed="2024",
                                         draw=bank.draw) if v.name == variant]
    shown = OffsiteText()
    for pq in printed.questions:
        q = pq.question
        first = plain(shown.plain(q.prompt).split("____")[0])[:12]
        last = plain(shown.plain(pq.options[-1].text if pq.options else pq.items[-1] if pq.items
                                 else pq.rights[-1] if pq.rights else q.prompt.split("____")[-1]))[-8:]
        where = [i for i, p in enumerate(pages) if first in p]
        assert where, (pq.number, first)
        assert last in pages[where[0]], (pq.number, "split over two pages")
