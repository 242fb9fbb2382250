"""Writes a realistic corpus for the self-inspection report: one bureau as the seed's (2 党委,
8 党总支, 47 党支部), its roster, and the files its branches hand in.

What a bureau's folder really holds: each branch's exports in a folder of its own (named as the
secretary types it: 机关第3党支部 as often as 机关第三党支部), organisations written with Arabic
numerals, spaces and short names (aliases), version-1 CSV files without any organisation, a run
whose organisation was left empty, a name the roster does not know, and three branches that hand
in nothing. Runs are drawn from a fixed seed, so the corpus is the same on every machine.

    python tests/report_corpus/make_corpus.py OUTDIR   # writes OUTDIR/材料/… and OUTDIR/组织名册.csv

The exports are written by the vectors' own writers (tests/report_vectors/make_vectors.py), the way
the site's runtime writes them, not by portalkit."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "report_vectors"))
from make_vectors import FileSpec, RunSpec, render, site_checklists  # noqa: E402

SEED = 9704
CN = "零一二三四五六七八九"
UNIT = "中共××局机关委员会"


def cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else CN[tens] + "十")) + (CN[ones] if ones else "")


@dataclass
class Org:
    name: str
    kind: str
    parent: str = ""
    aliases: list[str] = field(default_factory=list)
    number: int = 0  # of a branch: its number, for the Arabic spelling
    prefix: str = ""


@dataclass
class Corpus:
    roster: list[Org]
    missing: list[str]  # branches that hand in nothing
    unknown: str  # a name the roster does not know
    from_folder: int  # runs without an organisation, under their branch's folder
    files: dict[str, bytes]  # path under 材料/ → content
    runs: int


NOTES = {
    "materials-complete": ["缺2026年第二季度思想汇报", "缺《支部综合政审材料》", "缺《入党积极分子考察表》"],
    "application-talk": ["谈话晚于收到申请书40天", "无谈话记录", "谈话记录无谈话人签名"],
    "thought-reports-quarterly": ["思想汇报为打印件，无本人签名", "第三季度未交"],
    "half-yearly-assessment": ["2025年下半年无考察记录", "考察记录只有表头"],
    "speeches-recorded": ["两名发展对象的发言记在一起", "未写明发言人"],
    "one-by-one": ["两人一并表决"],
    "probation-records": ["7月至9月无考察记录"],
    "yearly-plan": ["计划未成文"],
}


def roster() -> list[Org]:
    committees = [Org(UNIT, "党委", aliases=["机关党委"]), Org("中共××局直属单位委员会", "党委", aliases=["直属党委"])]
    orgs = list(committees)
    for prefix, committee, count in (("机关", committees[0], 24), ("直属", committees[1], 23)):
        generals = [Org(f"{prefix}第{cn(i)}党总支", "党总支", committee.name, [f"{prefix}{cn(i)}总支"]) for i in range(1, 5)]
        orgs += generals
        for i in range(1, count + 1):
            orgs.append(Org(f"{prefix}第{cn(i)}党支部", "党支部", generals[(i - 1) % 4].name,
                            [f"{prefix}{cn(i)}支部"], number=i, prefix=prefix))
    return orgs


def spelling(org: Org, rng: random.Random) -> str:
    """How a secretary types the branch's name."""
    roll = rng.random()
    if roll < 0.3:
        return f"{org.prefix}第{org.number}党支部"
    if roll < 0.4:
        return f"{org.prefix} 第{cn(org.number)}党支部 "
    if roll < 0.5:
        return org.aliases[0]
    return org.name


def build() -> Corpus:
    rng = random.Random(SEED)
    site = site_checklists()
    orgs = roster()
    branches = [o for o in orgs if o.kind == "党支部"]
    missing = ["机关第二十四党支部", "直属第二十二党支部", "直属第二十三党支部"]
    files: dict[str, bytes] = {}
    runs = from_folder = 0
    person = 0

    def marks(checklist: str) -> dict[str, tuple[str, str]]:
        out = {}
        for item in site[checklist]["items"]:
            roll = rng.random()
            if roll < 0.06 or (item["id"] in NOTES and roll < 0.25):
                out[item["id"]] = ("issue", rng.choice(NOTES.get(item["id"], [""])))
            elif roll > 0.96:
                out[item["id"]] = ("na", "")
        return out

    for branch in branches:
        if branch.name in missing:
            continue
        folder = spelling(branch, rng).strip() if rng.random() < 0.5 else branch.name
        plan = [("dossier", "发展对象")] * rng.randint(1, 3) + [("meeting-record", "会议"), ("yearly-work", "年度")]
        if rng.random() < 0.5:
            plan.append(("conversion", "预备党员"))
        for checklist, kind in plan:
            person += 1
            subject = {"发展对象": f"发展对象{person}", "预备党员": f"预备党员{person}",
                       "会议": f"2026年{rng.randint(3, 11)}月{rng.randint(1, 28)}日支部党员大会",
                       "年度": "2026年度"}[kind]
            day = f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}"
            roll = rng.random()
            if roll < 0.12:  # a version-1 CSV: no organisation in it at all
                run = RunSpec(checklist, "", subject, "", "", marks=marks(checklist))
                files[f"{folder}/{site[checklist]['title']}-{subject}.csv"] = render(site, FileSpec("", "csv1", [run]))
                from_folder += 1
            else:
                typed = "" if roll < 0.15 else spelling(branch, rng)
                from_folder += typed == ""
                run = RunSpec(checklist, f"r-{person:04d}", subject, typed, "", checker=f"核查人{person}",
                              created=day, updated=f"{day}T02:00:00.000Z", exported=f"{day}T03:00:00.000Z",
                              marks=marks(checklist))
                files[f"{folder}/{site[checklist]['title']}-{subject}-{day}.json"] = render(
                    site, FileSpec("", "json2", [run]))
            runs += 1
    # a temporary branch nobody put in the roster
    person += 1
    run = RunSpec("dossier", f"r-{person:04d}", f"发展对象{person}", "临时党支部", "", checker="核查人",
                  created="2026-10-10", updated="2026-10-10T02:00:00.000Z", exported="2026-10-10T03:00:00.000Z",
                  marks={"application-talk": ("issue", "无谈话记录")})
    files[f"其他/发展对象入党材料预审清单-发展对象{person}.json"] = render(site, FileSpec("", "json2", [run]))
    return Corpus(orgs, missing, "临时党支部", from_folder, files, runs + 1)


def roster_csv(orgs: list[Org]) -> bytes:
    lines = ["党组织,类别,上级,别名"] + [f"{o.name},{o.kind},{o.parent},{'、'.join(o.aliases)}" for o in orgs]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def write(target: Path) -> Corpus:
    corpus = build()
    for name, data in corpus.files.items():
        path = target / "材料" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (target / "组织名册.csv").write_bytes(roster_csv(corpus.roster))
    return corpus


if __name__ == "__main__":
    written = write(Path(sys.argv[1]))
    print(f"{written.runs} runs in {len(written.files)} files; roster of {len(written.roster)} organisations")
