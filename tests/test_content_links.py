"""Content checks from the fact-check of the question banks: each `see:` link below leads to the
section that answers the whole question, not to a part of it.

A link is `page.md#anchor` (the section under that heading, down to the next heading of the same
or a higher level) or `page.md` alone when only the whole page covers the question. Each pinned
question also names phrases its answer rests on; the linked section must contain them all.
"""

from __future__ import annotations

import re

import pytest

from portalkit.catalog import load_catalog
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import Question

from conftest import ROOT

# (bank, question id) -> (the `see:` target, phrases the linked section must contain)
PINNED: dict[tuple[str, str], tuple[str, list[str]]] = {
    ("dossier", "documents-to-steps"): (
        "procedures/documents.md#documents-by-step",
        ["入党申请书", "谈话记录", "政治审查", "集中培训结业证明", "转正申请书",
         "stage-1.md#step-1", "stage-1.md#step-2", "stage-3.md#step-10", "stage-3.md#step-11",
         "stage-5.md#step-22"]),
    ("stage-2", "stage-2-who-acts"): (
        "procedures/stage-2.md",
        ["步骤 3", "步骤 4", "步骤 5", "步骤 6", "由支部委员会", "党支部报上级党委", "一至两名正式党员",
         "党支部每半年"]),
    ("stage-3", "stage-3-match"): (
        "procedures/stage-3.md",
        ["步骤 7", "步骤 9", "步骤 10", "步骤 11", "支部委员会（支委会）讨论同意", "两名正式党员", "培养联系人",
         "政审结论性材料", "基层党委或县级党委组织部门"]),
    ("stage-4", "stage-4-who-acts"): (
        "procedures/stage-4.md",
        ["步骤 12", "步骤 13", "步骤 14", "步骤 15", "步骤 16", "集体讨论", "具有审批权限的基层党委",
         "在入党介绍人指导下", "无记名投票", "党委委员或组织员"]),
    ("voting", "probationary-no-vote"): (
        "procedures/voting.md#voters",
        ["预备党员没有表决权", "预备党员可以参加支部大会", "不计入应到会有表决权人数"]),
    ("voting", "voting-rules-match"): (
        "procedures/voting.md",
        ["有表决权的到会人数必须超过应到会有表决权人数的半数", "赞成人数超过应到会有表决权的正式党员的半数",
         "计入票数", "预备党员没有表决权", "逐个讨论和表决"]),
    ("bureau", "yearly-plan-blank"): (
        "inspection/index.md#half-yearly-check",
        ["每半年组织一次检查"]),
    ("bureau", "report-parts-order"): (
        "inspection/index.md",
        ["一、提高认识，领导重视", "二、结构合理，程序规范", "三、存在的问题", "四、改进措施"]),
}

_HEADING = re.compile(r"^(#{1,6})\s")


@pytest.fixture(scope="module")
def questions() -> dict[tuple[str, str], Question]:
    log = ProblemLog(display_root=ROOT)
    catalog = load_catalog(ProjectLayout(ROOT, ROOT / "docs"), log)
    assert not log.errors, [str(p) for p in log.errors]
    return {(bank_id, q.id): q for bank_id, bank in catalog.banks.items() for q in bank.questions}


def section_text(target: str) -> str:
    """The Markdown of the section a `see:` target names, without emphasis marks."""
    page, _, anchor = target.partition("#")
    lines = (ROOT / "docs" / page).read_text("utf-8").splitlines()
    if anchor:
        start = next(i for i, line in enumerate(lines) if _HEADING.match(line) and f"{{#{anchor}}}" in line)
        level = len(_HEADING.match(lines[start]).group(1))  # type: ignore[union-attr]
        end = next((i for i in range(start + 1, len(lines))
                    if (m := _HEADING.match(lines[i])) and len(m.group(1)) <= level), len(lines))
        lines = lines[start:end]
    return "\n".join(lines).replace("**", "")


@pytest.mark.parametrize("key", sorted(PINNED), ids=lambda k: k[1])
def test_the_link_covers_the_whole_question(key: tuple[str, str], questions: dict[tuple[str, str], Question]) -> None:
    target, phrases = PINNED[key]
    assert questions[key].see == target
    text = section_text(target)
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{target} does not contain {missing}"


def test_the_linked_sections_differ_from_the_partial_ones_they_replace() -> None:
    """The old targets really covered only part: the check above would have caught them."""
    assert "stage-1.md#step-1" not in section_text("procedures/documents.md#filing")
    assert "预备党员没有表决权" not in section_text("procedures/voting.md#quorum")
    assert "每半年组织一次检查" not in section_text("inspection/index.md#yearly-plan")
    assert "步骤 3" not in section_text("procedures/stage-2.md#step-5")


def test_step_4_is_named_as_the_rules_name_it(questions: dict[tuple[str, str], Question]) -> None:
    """Step 4 is 上级党委备案; 报上级党委备案 is step 8 (stage 3)."""
    stage_2 = questions[("stage-2", "stage-2-order")]
    assert stage_2.items[1] == "上级党委备案"
    assert "报上级党委备案" not in stage_2.items
    assert questions[("stage-3", "stage-3-order")].items[1] == "报上级党委备案"
    headings = {line for path in sorted((ROOT / "docs" / "procedures").glob("stage-*.md"))
                for line in path.read_text("utf-8").splitlines() if line.startswith("## 步骤")}
    assert "## 步骤 4　上级党委备案 {#step-4}" in headings
    assert "## 步骤 8　报上级党委备案 {#step-8}" in headings


def test_documents_page_has_the_document_to_step_table_under_its_anchor() -> None:
    text = section_text("procedures/documents.md#documents-by-step")
    assert "| 材料 | 谁写 | 何时形成 | 去向 | 对应步骤 |" in text
