"""Writes the shared test vectors of the self-inspection report: files/ and expected.json.

Independent of portalkit.report on purpose: the exports are written the way the site's checklist
runtime writes them (JSON.stringify with 2 spaces; CSV with BOM, CRLF and a leading apostrophe
before = + - @ tab CR), and expected.json is computed here from SPEC, the truth the files were
written from, by plain counting. tests/test_report.py checks that this script still gives the
committed files and expected.json, and that `python -m portalkit report` agrees with expected.json.
The browser twin (the /// report page) reads the same files and compares with the same JSON.

The checklists are this site's checklists/*.yml (read with plain YAML here). When a checklist's
items change, run `python tests/report_vectors/make_vectors.py` and review the diff of expected.json.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LABELS = {"unchecked": "未查", "ok": "符合", "issue": "不符合", "na": "不适用"}
V1 = ["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注"]
V2 = [*V1, "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号"]
BEIJING = timezone(timedelta(hours=8))
NO_ORG = "未注明"
# a 1×1 PNG, as a photo dropped into the folder by mistake would start
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def site_checklists() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        items = [{"id": it["id"], "section": sec["title"], "text": it["text"], "required": it.get("required", True)}
                 for sec in data["sections"] for it in sec["items"]]
        out[path.stem] = {"title": data["title"], "subject": data["subject"], "items": items}
    return out


@dataclass
class RunSpec:
    checklist: str
    id: str  # "" for a version-1 CSV
    subject: str
    org_typed: str  # as the reader typed it ("" in version 1)
    org: str  # what it must normalise to (written by hand, not computed)
    checker: str = ""
    created: str = ""
    updated: str = ""
    exported: str = ""
    default: str = "ok"  # status of every item not in `marks`
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)  # item id → (status, note)
    newer: tuple[str, ...] = ()  # items the site added after this export: not in the file at all
    # items the site no longer has: (id, section, text, status, note, in the export's items list)
    removed: tuple[tuple[str, str, str, str, str, bool], ...] = ()

    def status(self, item_id: str) -> tuple[str, str]:
        if item_id in self.newer:
            return ("unchecked", "")
        return self.marks.get(item_id, (self.default, ""))


@dataclass
class FileSpec:
    name: str  # path under files/
    kind: str  # json1 json2 csv1 csv2, or raw
    runs: list[RunSpec] = field(default_factory=list)
    encoding: str = "utf-8-sig"
    raw: bytes = b""
    refused: str = ""  # expected refusal code


def run_items(site: dict[str, Any], run: RunSpec) -> list[dict[str, Any]]:
    """The checklist's items at export time, with their state: the site's items minus the newer ones,
    plus the removed ones the export still listed."""
    out = [{**it, "status": run.status(it["id"])[0], "note": run.status(it["id"])[1]}
           for it in site[run.checklist]["items"] if it["id"] not in run.newer]
    out += [{"id": rid, "section": sec, "text": text, "required": True, "status": s, "note": note}
            for rid, sec, text, s, note, listed in run.removed if listed]
    return out


# ---------------------------------------------------------------- the site's writers, independently
def export_json(site: dict[str, Any], run: RunSpec, version: int) -> dict[str, Any]:
    listed = run_items(site, run)
    touched = {it["id"]: {"s": it["status"], "note": it["note"], "text": it["text"], "section": it["section"]}
               for it in listed if it["status"] != "unchecked" or it["note"]}
    for rid, sec, text, s, note, is_listed in run.removed:
        if not is_listed:  # the runtime keeps a removed item's state in run.items only
            touched[rid] = {"s": s, "note": note, "text": text, "section": sec}
    body: dict[str, Any] = {"id": run.id, "subject": run.subject}
    if version == 2:
        body["org"] = run.org_typed
    body.update({"checker": run.checker, "created": run.created, "updated": run.updated, "items": touched})
    return {"format": "portal-checklist-run", "version": version, "checklist": run.checklist,
            "title": site[run.checklist]["title"], "exported": run.exported, "run": body,
            "items": [{"id": it["id"], "section": it["section"], "text": it["text"], "required": it["required"],
                       "status": it["status"], "note": it["note"]} for it in listed]}


def csv_cell(value: str) -> str:
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


def export_csv(site: dict[str, Any], runs: list[RunSpec], version: int) -> str:
    rows = [V1 if version == 1 else V2]
    for run in runs:
        title = site[run.checklist]["title"]
        for it in run_items(site, run):
            row = [title, run.subject, it["section"], it["text"], "是" if it["required"] else "否",
                   LABELS[it["status"]], it["note"]]
            if version == 2:
                row += [run.org_typed, run.checker, run.updated, run.checklist, run.id, it["id"]]
            rows.append(row)
    return "".join(",".join(csv_cell(c) for c in row) + "\r\n" for row in rows)


# ---------------------------------------------------------------- the truth
LONG_CHECKER = "组织委员" * 30  # 120 characters: over LIMITS["checker"] (100)


def spec() -> list[FileSpec]:
    a, b, c, r = "机关第一党支部", "机关第二党支部", "机关第三党支部", "离退休党支部"
    zhang = RunSpec("dossier", "r-zhangsan-01", "张三", a, a, checker="李书记", created="2026-10-08",
                    updated="2026-10-20T02:10:00.000Z", exported="2026-10-20T02:15:00.000Z",
                    marks={"materials-complete": ("issue", "缺2025年第三季度思想汇报"),
                           "thought-reports-quarterly": ("issue", "第四季度汇报晚交两周"),
                           "volunteer-form-handwritten": ("na", "预审前尚未发放"),
                           "volunteer-form-signatures": ("na", "")})
    # an earlier export of the same run, kept in another file: must not be counted
    zhang_old = RunSpec("dossier", "r-zhangsan-01", "张三", a, a, checker="李书记", created="2026-10-08",
                        updated="2026-10-12T08:00:00.000Z", exported="2026-10-12T08:05:00.000Z",
                        default="unchecked",
                        marks={"materials-complete": ("issue", "缺思想汇报"), "application-talk": ("issue", "无谈话记录")})
    lisi = RunSpec("dossier", "r-lisi-01", "李四", a + " ", a, checker="李书记", created="2026-10-09",
                   # 2026-11-01 01:20 in Beijing: the last day of the period is 11-01, not 10-31 (UTC)
                   updated="2026-10-31T17:20:00.000Z", exported="2026-10-31T17:21:00.000Z",
                   marks={"application-talk": ("issue", "谈话记录没有谈话人签名\n谈话日期晚于申请 40 天"),
                          "writing-format": ("issue", "思想汇报*格式*不规范 | 见<附件1>\u0007 [说明](http://example.org)"),
                          "volunteer-form-handwritten": ("na", ""), "volunteer-form-signatures": ("na", ""),
                          "committee-review": ("unchecked", ""), "not-leaving": ("unchecked", ""),
                          "dates-consistent": ("unchecked", "")},
                   removed=(("health-check", "报上级党委预审前", "已进行入党前体检（旧项）", "ok", "", False),))
    a_year = RunSpec("yearly-work", "r-a-2026", "2026年度", a, a, checker="王委员", created="2026-10-25",
                     updated="2026-10-26T01:00:00.000Z", exported="2026-10-26T01:00:30.000Z",
                     marks={"half-yearly-check": ("issue", "上半年检查无书面记录"),
                            "problem-3-fixed": ("na", "上年无第三项问题")})
    a_meeting = RunSpec("meeting-record", "r-a-meeting-1015", "2026年10月15日支部党员大会", a, a,
                        checker="李书记", updated="2026-10-16T03:00:00.000Z",
                        marks={"speeches-recorded": ("issue", "两名发展对象的发言记在一起，未分别记录"),
                               "one-by-one": ("issue", "合并表决"), "written-opinions": ("na", "无人缺席")})
    zhao = RunSpec("conversion", "r-zhaoliu-01", "赵六", "机关 第二党支部", b, checker="陈组织员",
                   updated="2026-10-18T06:00:00.000Z",
                   marks={"extension-once": ("na", "未延长预备期"), "transfer-postpone": ("na", ""),
                          "transfer-in-review": ("na", ""), "probation-records": ("issue", "7月至9月无考察记录"),
                          "archive-handover": ("unchecked", "")})
    chen = RunSpec("conversion", "r-chenqi-01", "陈七", "机关 第二党支部", b, checker="陈组织员",
                   updated="2026-10-18T06:30:00.000Z",
                   marks={"extension-once": ("na", ""), "transfer-postpone": ("na", ""),
                          "probation-records": ("issue", "'缺第二季度记录"),
                          "talk-announce": ("issue", "=HYPERLINK(\"http://example.org\",\"未宣布审批结果\")")})
    # typed with a full-width Arabic numeral: the same branch as 机关第二党支部, shown as the others write it
    wang = RunSpec("dossier", "r-wangwu-01", "王五", "机关第２党支部", b, checker="陈组织员", updated="2026-10-19T09:00:00.000Z",
                   marks={"materials-complete": ("issue", "+缺《支部综合政审材料》"),
                          "volunteer-form-handwritten": ("na", ""), "volunteer-form-signatures": ("na", ""),
                          "training-certificate": ("issue", "-结业证明学时与培训通知不一致")})
    b_meeting = RunSpec("meeting-record", "r-b-meeting-0930", "2026年9月30日支部党员大会", b, b,
                        checker="陈组织员", created="2026-10-02", updated="2026-10-03T02:00:00.000Z",
                        exported="2026-10-03T02:01:00.000Z",
                        marks={"speeches-recorded": ("issue", "发言未逐条记录"), "written-opinions": ("na", "")})
    sun = RunSpec("dossier", "r-sunba-01", "孙八", "机关第三　党支部", c, checker=LONG_CHECKER, created="2026-10-10",
                  updated="2026-10-22T00:30:00.000Z", exported="2026-10-22T00:31:00.000Z",
                  marks={"volunteer-form-handwritten": ("na", ""), "volunteer-form-signatures": ("na", ""),
                         "materials-complete": ("issue", "缺《入党积极分子考察表》第二次考察意见")})
    # version 1: no organisation, dates only; the item list of an older checklist
    zhou = RunSpec("dossier", "r-zhoujiu-01", "周九", "", NO_ORG, checker="赵书记", created="2026-09-18",
                   updated="2026-09-20", exported="2026-09-20T07:00:00.000Z",
                   marks={"volunteer-form-handwritten": ("na", ""), "volunteer-form-signatures": ("na", ""),
                          "application-talk": ("issue", "")},
                   newer=("transfer-continuity",),
                   removed=(("thought-reports-monthly", "材料齐全、本人填写、签章完备", "个人思想汇报每月一次（旧要求）",
                             "issue", "9月缺汇报", True),))
    c_meeting_v1 = RunSpec("meeting-record", "", "2026年9月25日支部党员大会", "", NO_ORG,
                           marks={"one-by-one": ("issue", "两人一并表决"), "written-opinions": ("na", "")},
                           newer=("candidate-attends",),
                           removed=(("chair-signature", "会议记录要素", "会议记录有主持人签字（旧项）", "issue",
                                     "无签字", True),))
    r_old_year = RunSpec("yearly-work", "r-r-2025", "2025年度", "", NO_ORG, checker="离退休党支部书记",
                         created="2026-09-22", updated="2026-09-23", exported="2026-09-23T01:00:00.000Z",
                         marks={"yearly-meeting": ("issue", "2025年未召开发展党员工作会议"),
                                "problem-1-fixed": ("na", ""), "problem-2-fixed": ("na", ""),
                                "problem-3-fixed": ("na", "")})
    r_year_json = RunSpec("yearly-work", "r-r-2026", "2026年度", r, r, checker="离退休党支部书记",
                          created="2026-10-27", updated="2026-10-28T02:00:00.000Z", exported="2026-10-28T02:00:10.000Z",
                          marks={"staff-training": ("unchecked", "")})
    # the same run exported again later as CSV, after the last item was checked: the CSV counts
    r_year_csv = RunSpec("yearly-work", "r-r-2026", "2026年度", r, r, checker="离退休党支部书记",
                         updated="2026-10-29T03:00:00.000Z", marks={"staff-training": ("issue", "未参加业务培训")})
    unknown = RunSpec("activist-training", "r-x-01", "某某", a, a, updated="2026-10-20T00:00:00.000Z",
                      exported="2026-10-20T00:00:00.000Z")

    site = site_checklists()
    site_with_unknown = {**site, "activist-training": {"title": "入党积极分子培训记录清单", "subject": "入党积极分子",
                                                       "items": [{"id": "attended", "section": "培训",
                                                                  "text": "参加了培训", "required": True}]}}
    # a download that stopped early (cut between characters, so it is still UTF-8)
    truncated = json.dumps(export_json(site, zhang, 2), ensure_ascii=False, indent=2)[:500].encode()
    bad_state = export_csv(site, [RunSpec("dossier", "", "吴十", "", NO_ORG)], 1).replace(",符合,", ",已查,", 1)
    return [
        FileSpec(f"{a}/发展对象入党材料预审清单-张三-2026-10-20.json", "json2", [zhang]),
        FileSpec(f"{a}/旧版/发展对象入党材料预审清单-张三-2026-10-12.json", "json2", [zhang_old]),
        FileSpec(f"{a}/发展对象入党材料预审清单-李四-2026-11-01.json", "json2", [lisi]),
        FileSpec(f"{a}/年度发展党员工作检查清单-2026年度-2026-10-26.json", "json2", [a_year]),
        FileSpec(f"{a}/支部党员大会会议记录核查清单-2026年10月15日支部党员大会-2026-10-16.csv", "csv2", [a_meeting]),
        FileSpec(f"{b}/预备党员转正材料核查清单-赵六陈七-2026-10-18.csv", "csv2", [zhao, chen]),
        # re-saved by Excel: GBK, no BOM; the neutralising apostrophes are kept as text
        FileSpec(f"{b}/发展对象入党材料预审清单-王五-2026-10-19.csv", "csv2", [wang], encoding="gbk"),
        FileSpec(f"{b}/支部党员大会会议记录核查清单-2026年9月30日支部党员大会-2026-10-03.json", "json2", [b_meeting],
                 encoding="utf-8-sig"),
        FileSpec(f"{c}/发展对象入党材料预审清单-孙八-2026-10-22.json", "json2", [sun]),
        FileSpec(f"{c}/发展对象入党材料预审清单-周九-2026-09-20.json", "json1", [zhou]),
        FileSpec(f"{c}/支部党员大会会议记录核查清单-2026年9月25日支部党员大会-2026-09-26.csv", "csv1", [c_meeting_v1],
                 encoding="utf-8"),
        FileSpec(f"{r}/年度发展党员工作检查清单-2025年度-2026-09-23.json", "json1", [r_old_year]),
        FileSpec(f"{r}/年度发展党员工作检查清单-2026年度-2026-10-28.json", "json2", [r_year_json]),
        FileSpec(f"{r}/年度发展党员工作检查清单-2026年度-2026-10-29.csv", "csv2", [r_year_csv]),
        # files that must be refused, each with its reason
        FileSpec("其他/党员花名册.csv", "raw", raw="\ufeff姓名,性别,出生日期,入党时间\r\n张三,男,1990-01-01,2020-07-01\r\n"
                 .encode(), refused="csv-header"),
        FileSpec("其他/浏览器设置备份.json", "raw", raw=b'{"theme": "dark", "fontSize": 16}\n', refused="not-export"),
        FileSpec("其他/发展对象入党材料预审清单-张三-下载中断.json", "raw", raw=truncated, refused="truncated-json"),
        FileSpec("其他/支部合影.png", "raw", raw=PNG, refused="binary"),
        FileSpec("其他/入党积极分子培训记录清单-某某-2026-10-20.json", "raw",
                 raw=json.dumps(export_json(site_with_unknown, unknown, 2), ensure_ascii=False, indent=2).encode(),
                 refused="unknown-checklist"),
        FileSpec("其他/新版门户导出.json", "raw",
                 raw=json.dumps({**export_json(site, zhang, 2), "version": 3}, ensure_ascii=False).encode(),
                 refused="bad-version"),
        FileSpec("其他/状态写错.csv", "raw", raw=("\ufeff" + bad_state).encode(), refused="bad-field"),
        FileSpec("其他/空白.csv", "raw", raw=b"", refused="empty"),
    ]


def render(site: dict[str, Any], f: FileSpec) -> bytes:
    if f.kind == "raw":
        return f.raw
    if f.kind.startswith("json"):
        (run,) = f.runs
        text = json.dumps(export_json(site, run, int(f.kind[-1])), ensure_ascii=False, indent=2)
    else:
        text = export_csv(site, f.runs, int(f.kind[-1]))
    return text.encode(f.encoding)


# ---------------------------------------------------------------- expected, by plain counting
def moment(text: str) -> datetime:
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(tzinfo=BEIJING)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


_ONES = "一二三四五六七八九"
# every Chinese numeral from 一 to 九十九, spelled out: enough for these files' names
_CN_VALUES = {(("" if n < 20 else _ONES[n // 10 - 1]) + "十" if n >= 10 else "") + (_ONES[n % 10 - 1] if n % 10 else ""): n
              for n in range(1, 100)}


def natural(text: str) -> tuple[str, str]:
    """Names sort with their numbers by value: 第二党支部 before 第十党支部, 9月 before 10月."""
    def value(m: re.Match[str]) -> str:
        return f"{int(m[0]) if m[0].isdigit() else _CN_VALUES[m[0]]:010d}"
    return (re.sub("[0-9]+|[一二三四五六七八九十]+", value, text), text)


def rate(ok: int, issue: int) -> int | None:
    return None if ok + issue == 0 else int(100 * ok / (ok + issue) + 0.5)


ORG_KEY = [  # input → the key under which spellings of one organisation meet, written by hand
    ["第三党支部", "第3党支部"],
    ["第3党支部", "第3党支部"],
    ["第03党支部", "第3党支部"],
    ["第 三 党支部", "第3党支部"],
    ["机关 第3 党支部", "机关第3党支部"],
    ["第十二党支部", "第12党支部"],
    ["第二十党支部", "第20党支部"],
    ["第二十一党支部", "第21党支部"],
    ["第一百零五党支部", "第105党支部"],
    ["二〇二六年度", "2026年度"],
    ["两新组织党支部", "2新组织党支部"],
    ["第３党支部", "第3党支部"],
    ["Branch 7", "Branch7"],
    ["", "未注明"],
]

NORMALIZE_ORG = [  # input → output, written by hand
    ["第三党支部", "第三党支部"],
    ["  第三党支部  ", "第三党支部"],
    ["第三 党支部", "第三党支部"],
    ["第三\u3000党支部", "第三党支部"],
    ["机关\t第一\n党支部", "机关第一党支部"],
    ["第三\u00a0\u00a0党支部", "第三党支部"],
    ["第三党支部\u200b", "第三党支部"],
    ["第三\u202e党支部\u202c", "第三党支部"],  # a right-to-left override made one organisation two
    ["\u2066机关第一\u200d党支部\u2069", "机关第一党支部"],
    ["IT\u200bBranch", "ITBranch"],
    ["第三\u0007党支部", "第三党支部"],
    ["第３党支部", "第3党支部"],
    ["ＸＸ公司\u3000第一党支部", "XX公司第一党支部"],
    ["第三党支部（临时）", "第三党支部(临时)"],
    ["信息中心 IT  党支部", "信息中心 IT 党支部"],
    ["Party  Branch\tNo. 3 ", "Party Branch No. 3"],
    ["", "未注明"],
    ["   ", "未注明"],
    ["\u3000", "未注明"],
    [None, "未注明"],
]


def expected(site: dict[str, Any], files: list[FileSpec]) -> dict[str, Any]:
    order = sorted(site)
    base = {f.name: Path(f.name).name for f in files}
    found = [(f, run) for f in files if not f.refused for run in f.runs]
    groups: dict[tuple[str, str], list[tuple[FileSpec, RunSpec]]] = {}
    counted: list[tuple[FileSpec, RunSpec]] = []
    for f, run in found:
        if run.id:
            groups.setdefault((run.checklist, run.id), []).append((f, run))
        else:
            counted.append((f, run))
    duplicates = []
    for key in sorted(groups, key=lambda k: (order.index(k[0]), k[1])):
        copies = groups[key]
        latest = max(copies, key=lambda fr: moment(fr[1].updated))
        counted.append(latest)
        if len(copies) > 1:
            duplicates.append({"checklist": key[0], "run": key[1], "used": base[latest[0].name],
                               "files": sorted(base[f.name] for f, _ in copies)})
    counted.sort(key=lambda fr: (fr[1].org == NO_ORG, natural(fr[1].org), order.index(fr[1].checklist),
                                 natural(fr[1].subject), fr[1].id, base[fr[0].name]))

    checklists: dict[str, Any] = {}
    rect = []
    incomplete = []
    days = []
    for _f, run in counted:
        entry = checklists.setdefault(run.checklist, {"runs": 0, "subjects": set(), "incomplete": 0, "items": {}})
        entry["runs"] += 1
        entry["subjects"].add((run.org, run.subject))
        items = entry["items"]
        for it in site[run.checklist]["items"]:
            items.setdefault(it["id"], {"ok": 0, "issue": 0, "na": 0, "unchecked": 0})
        missing = 0
        issues = []
        for it in site[run.checklist]["items"]:
            status, note = run.status(it["id"])
            items[it["id"]][status] += 1
            missing += status == "unchecked"
            if status == "issue":
                issues.append((it["id"], note))
        for _rid, _sec, text, status, note, _listed in sorted(run.removed, key=lambda x: x[2]):
            key = "removed:" + text
            items.setdefault(key, {"ok": 0, "issue": 0, "na": 0, "unchecked": 0})[status] += 1
            if status == "issue":
                issues.append((key, note))
        if missing:
            entry["incomplete"] += 1
            incomplete.append({"checklist": run.checklist, "org": run.org, "subject": run.subject,
                               "unchecked": missing})
        # notes as the report reads them: control characters removed, apostrophe prefix removed
        rect += [{"org": run.org, "subject": run.subject, "checklist": run.checklist, "item": key,
                  "note": note.replace("\u0007", "")} for key, note in issues]
        if run.created:
            days.append(run.created)
        if run.updated:
            days.append(moment(run.updated).astimezone(BEIJING).strftime("%Y-%m-%d"))

    out_checklists = {}
    for cid in [c for c in order if c in checklists]:
        entry = checklists[cid]
        ids = [it["id"] for it in site[cid]["items"]]
        keys = ids + sorted(k for k in entry["items"] if k not in ids)
        totals = {s: sum(entry["items"][k][s] for k in keys) for s in ("ok", "issue", "na", "unchecked")}
        out_checklists[cid] = {
            "runs": entry["runs"], "subjects": len(entry["subjects"]), "incomplete": entry["incomplete"],
            "totals": {**totals, "rate": rate(totals["ok"], totals["issue"])},
            "items": {k: {**entry["items"][k], "rate": rate(entry["items"][k]["ok"], entry["items"][k]["issue"])}
                      for k in keys}}

    def place(cid: str, key: str) -> int:
        return list(out_checklists[cid]["items"]).index(key)

    problem_keys = sorted({(r["checklist"], r["item"]) for r in rect},
                          key=lambda k: (-sum(1 for r in rect if (r["checklist"], r["item"]) == k),
                                         order.index(k[0]), place(*k)))
    problems = []
    for cid, key in problem_keys:
        rows = [r for r in rect if (r["checklist"], r["item"]) == (cid, key)]
        problems.append({"checklist": cid, "item": key, "count": len(rows),
                         "orgs": sorted({r["org"] for r in rows}, key=lambda o: (o == NO_ORG, natural(o))),
                         "subjects": sorted({r["subject"] for r in rows}, key=natural),
                         "notes": [r["note"] for r in rows if r["note"]]})
    orgs = sorted({run.org for _, run in counted if run.org != NO_ORG}, key=natural)
    return {
        "files": len(files),
        "runs": len(counted),
        "orgs": orgs,
        "unnamedRuns": sum(run.org == NO_ORG for _, run in counted),
        "period": {"from": min(days), "to": max(days)},
        "checklists": out_checklists,
        "incomplete": incomplete,
        "problems": problems,
        "rectification": rect,
        "duplicates": duplicates,
        "refused": sorted(({"file": base[f.name], "code": f.refused} for f in files if f.refused),
                          key=lambda r: (r["file"], r["code"])),
        # the one field over its bound in these files: 孙八's checker (LIMITS["checker"] is 100)
        "truncated": [{"file": base[f.name], "field": "checker"} for f in files
                      if not f.refused and any(len(run.checker) > 100 for run in f.runs)],
    }


def build(target: Path) -> None:
    """Writes files/ and expected.json under `target`."""
    site = site_checklists()
    files = spec()
    folder = target / "files"
    if folder.exists():
        shutil.rmtree(folder)
    for f in files:
        path = folder / f.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(site, f))
    document = {
        "about": "Shared test vectors of the self-inspection report (python -m portalkit report and the "
                 "/// report page). `report` is portalkit.report.aggregate.to_json() of every file under "
                 "files/ read with this site's checklists; `normalizeOrg` lists [input, output] pairs of "
                 "the organisation-name rule, `orgKey` [input, key] pairs of the rule under which spellings "
                 "meet (numerals alike). Written by tests/report_vectors/make_vectors.py.",
        "normalizeOrg": NORMALIZE_ORG,
        "orgKey": ORG_KEY,
        "report": expected(site, files),
    }
    (target / "expected.json").write_text(dump(document), "utf-8")


_INVISIBLE = {c: f"\\u{ord(c):04x}" for c in "\u00a0\u200b\u2028\u2029\u3000\ufeff"}


def dump(document: dict[str, Any]) -> str:
    """JSON with Chinese as is, invisible spaces as \\u escapes (so a reviewer sees them), and one
    normalizeOrg case per line."""
    cases = document["normalizeOrg"]
    body = json.dumps({**document, "normalizeOrg": "@CASES@"}, ensure_ascii=False, indent=2)
    lines = ",\n".join("    " + json.dumps(case, ensure_ascii=False) for case in cases)
    text = body.replace('"@CASES@"', "[\n" + lines + "\n  ]") + "\n"
    return "".join(_INVISIBLE.get(c, c) for c in text)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
