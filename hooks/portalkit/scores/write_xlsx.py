"""成绩汇总.xlsx. FILE FORMAT: sheet and column names are fixed, whatever the site's language.

- 成绩: every attempt (姓名, 党组织, 题库, 得分, 是否及格, 用时, 交卷时间, 方式 网页/纸质, 第几次, 计入);
- 试题分析: one row per question over the counted attempts (题目, 出处, 作答人数, 答对率, 区分度,
  最常选的错误选项 and how many chose it);
- 党组织: per organisation 人数, 平均分, 及格率; with a roster, its organisations with nobody tested
  (人数 0)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from portalkit.scores.analysis import Cohort
from portalkit.scores.model import WEB
from portalkit.scores.times import duration_minutes, local_time

SCORES_COLUMNS = ("姓名", "党组织", "题库", "得分", "是否及格", "用时（分钟）", "交卷时间", "方式", "第几次", "计入",
                  "文件")
ITEM_COLUMNS = ("题号", "题目", "出处", "作答人数", "答对率", "区分度", "最常选的错误选项", "选择人数", "题目 id")
ORG_COLUMNS = ("党组织", "人数", "平均分", "及格率")
NONE = "—"


def _safe(value: object) -> object:
    """A text cell that would start a formula in Excel or WPS is prefixed (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_scores_xlsx(path: Path, cohort: Cohort, *, titles: dict[str, str], prompt: Callable[[str], str],
                      source: Callable[[str], str], unreached: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "成绩"
    sheet.append(SCORES_COLUMNS)
    for x in cohort.attempts:
        a = x.attempt
        sheet.append([_safe(v) for v in (
            a.name, a.org, titles.get(a.bank, a.bank), x.score, "是" if x.passed else "否",
            duration_minutes(a.started, a.handed_in) if a.mode == WEB else NONE,
            local_time(a.handed_in) or NONE, "网页" if a.mode == WEB else "纸质", x.number,
            "是" if x.counted else "否", a.source)])
    items = book.create_sheet("试题分析")
    items.append(ITEM_COLUMNS)
    for i, item in enumerate(cohort.items, 1):
        items.append([_safe(v) for v in (
            i, prompt(item.key), source(item.key), item.answers, round(item.facility, 1),
            NONE if item.discrimination is None else round(item.discrimination, 1),
            item.top_wrong or NONE, item.top_wrong_count or NONE, item.key)])
    orgs = book.create_sheet("党组织")
    orgs.append(ORG_COLUMNS)
    for org in cohort.orgs:
        orgs.append([_safe(org.name), org.learners, round(org.mean, 1), round(org.pass_rate, 1)])
    for name in unreached:
        orgs.append([_safe(name), 0, NONE, NONE])
    for ws in (sheet, items, orgs):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column in ws.columns:
            letter = column[0].column_letter
            widest = max((len(str(c.value or "")) for c in column[:200]), default=4)
            ws.column_dimensions[letter].width = min(60, max(6, widest * 1.6 + 2))
        ws.print_title_rows = "1:1"
    book.save(path)
