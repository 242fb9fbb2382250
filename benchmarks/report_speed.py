"""Speed and memory of `python -m portalkit report` on a province-sized collection of exports.

Generates exports of 10,000 checklist runs from 500 organisations across the site's four
checklists, as branches hand them in: JSON (versions 1 and 2, one run per file) and CSV
(version 2 with BOM, some re-saved by Excel as GBK, some holding several runs; version 1), in a
folder per organisation, with a few duplicates. Then runs the command as a user does, in a
subprocess, and reports its wall time and peak memory (ru_maxrss of the child).
Budgets (DESIGN.md §7, issue 9): ≤ 10 s and ≤ 300 MB.

Usage: python benchmarks/report_speed.py [--runs 10000] [--orgs 500] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 10.0
BUDGET_MB = 300.0
LABELS = {"unchecked": "未查", "ok": "符合", "issue": "不符合", "na": "不适用"}
V1 = ["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注"]
V2 = [*V1, "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号"]
# per organisation and year: many candidates, fewer conversions and meetings, one yearly check
MIX = {"dossier": 8, "conversion": 5, "meeting-record": 5, "yearly-work": 2}
NOTES = ["缺第三季度思想汇报", "谈话记录无签名", "=HYPERLINK(\"x\")", "会议记录未逐条记录", "培训学时不足",
         "政审材料缺直系亲属情况", "+日期前后矛盾", "备案材料未找到"]


def checklists() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((ROOT / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        out[path.stem] = {"title": data["title"], "items": [
            {"id": it["id"], "section": s["title"], "text": it["text"], "required": it.get("required", True)}
            for s in data["sections"] for it in s["items"]]}
    return out


def cell(value: str) -> str:
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


def generate(folder: Path, runs: int, orgs: int, seed: int = 9) -> int:
    """Writes the exports; returns the number of files."""
    rng = random.Random(seed)
    site = checklists()
    plan = [cid for cid, n in MIX.items() for _ in range(n)]
    files = 0
    for n in range(runs):
        org_no = n % orgs + 1
        org = f"第{org_no}党支部" if org_no % 7 else f"第{org_no} 党支部"  # some typed with a space
        cid = plan[(n // orgs) % len(plan)]
        checklist = site[cid]
        run_id = f"r{n:06d}"
        subject = f"{'张王李赵陈刘'[n % 6]}{n}"
        day = 1 + n % 28
        updated = f"2026-10-{day:02d}T{n % 24:02d}:{n % 60:02d}:00.000Z"
        states = []
        for item in checklist["items"]:
            roll = rng.random()
            status = "ok" if roll < 0.84 else "issue" if roll < 0.90 else "na" if roll < 0.96 else "unchecked"
            states.append((item, status, rng.choice(NOTES) if status == "issue" else ""))
        org_dir = folder / f"org{org_no:03d}"
        org_dir.mkdir(exist_ok=True)
        kind = (n + n // orgs) % 10  # every organisation hands in every kind of file
        if kind < 6:  # JSON, mostly version 2
            version = 1 if kind == 0 else 2
            run: dict[str, Any] = {"id": run_id, "subject": subject, "checker": "组织委员", "created": "2026-10-01",
                                   "updated": updated[:10] if version == 1 else updated,
                                   "items": {it["id"]: {"s": s, "note": note, "text": it["text"],
                                                        "section": it["section"]}
                                             for it, s, note in states if s != "unchecked"}}
            if version == 2:
                run["org"] = org
            export = {"format": "portal-checklist-run", "version": version, "checklist": cid,
                      "title": checklist["title"], "exported": updated, "run": run,
                      "items": [{"id": it["id"], "section": it["section"], "text": it["text"],
                                 "required": it["required"], "status": s, "note": note} for it, s, note in states]}
            text, encoding, suffix = json.dumps(export, ensure_ascii=False, indent=2), "utf-8", "json"
        else:  # CSV: version 2 (BOM, or GBK as Excel re-saves it), a few version 1
            version = 1 if kind == 9 else 2
            rows = [V1 if version == 1 else V2]
            for it, s, note in states:
                row = [checklist["title"], subject, it["section"], it["text"], "是" if it["required"] else "否",
                       LABELS[s], note]
                if version == 2:
                    row += [org, "组织委员", updated, cid, run_id, it["id"]]
                rows.append(row)
            text = "".join(",".join(cell(c) for c in row) + "\r\n" for row in rows)
            encoding, suffix = ("gbk" if kind == 8 else "utf-8-sig"), "csv"
        (org_dir / f"{checklist['title']}-{subject}.{suffix}").write_text(text, encoding, newline="")
        files += 1
        if n % 500 == 0:  # the same run handed in twice
            (org_dir / f"{checklist['title']}-{subject}-副本.{suffix}").write_text(text, encoding, newline="")
            files += 1
    return files


def measure(folder: Path, out: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak MB of one `report` run in a fresh process. CPU time
    is printed too: on a busy machine it says what the wall time would be on an idle one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "portalkit", "report", str(folder), "-o", str(out),
                             "-f", str(ROOT / "mkdocs.yml")], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"report failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    # ru_maxrss is the largest of all children so far: each run is measured in a fresh process,
    # and the report run is the largest child, so this is its peak (kilobytes on Linux)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, after.ru_maxrss / 1024, result.stdout.splitlines()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the exports here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        files = generate(folder, args.runs, args.orgs)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024
        print(f"{files} files ({size:.0f} MB) for {args.runs} runs of {args.orgs} organisations, "
              f"generated in {time.perf_counter() - started:.1f} s")
        times = []
        peak = 0.0
        for i in range(args.repeat):
            elapsed, cpu, peak, summary = measure(folder, Path(tmp) / f"out{i}")
            times.append(elapsed)
            print(f"  run {i + 1}: {elapsed:.2f} s wall, {cpu:.2f} s CPU — {summary}")
        out = Path(tmp) / "out0"
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KB" for p in sorted(out.iterdir()))
        median = statistics.median(times)
        print(f"report: median {median:.2f} s (budget {BUDGET_SECONDS:.0f} s), peak memory {peak:.0f} MB "
              f"(budget {BUDGET_MB:.0f} MB); {sizes}")
        within = median <= BUDGET_SECONDS and peak <= BUDGET_MB
        print("within budget" if within else "OVER BUDGET")
        return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
