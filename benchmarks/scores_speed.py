"""`scores` of a cohort: 2,000 learners × 20 questions (one result file each, drawn from the final
test's pool with right and wrong answers) re-marked, analysed and written in ≤ 3 s.

Prints the median of the rounds and a verdict; exits 1 if over budget.

Usage: python benchmarks/scores_speed.py [--learners 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 3.0


def write_results(folder: Path, learners: int) -> None:
    from portalkit.catalog import load_catalog
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout
    from portalkit.scoring import fingerprint

    catalog = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog())
    pool = catalog.questions_of(catalog.banks["final"])
    rng = random.Random(1)
    for n in range(learners):
        branch = folder / f"第{n % 47 + 1}党支部"
        branch.mkdir(exist_ok=True)
        questions = []
        for q in rng.sample(pool, 20):
            right = rng.random() < 0.7
            answer: object = None
            if q.type == "single":
                answer = q.answer[0] if right else next(o.text for o in q.options if o.text not in q.answer)
            elif q.type == "multiple":
                answer = list(q.answer) if right else [q.options[0].text]
            elif q.type == "truefalse":
                answer = q.truth if right else not q.truth
            elif q.type == "blank":
                answer = q.answer[0] if right else "不知道"
            elif q.type == "order":
                answer = list(q.items) if right else list(reversed(q.items))
            else:
                answer = [p[1] for p in q.pairs] if right else [""] * len(q.pairs)
            questions.append({"bank": q.bank, "id": q.id, "fp": fingerprint(q), "answer": answer})
        result = {"format": "portal-exam-result", "version": 1, "site": "portal:bench", "bank": "final",
                  "title": "结业测试", "learner": {"name": f"学员{n}", "org": branch.name}, "attempt": f"a{n}",
                  "questions": questions, "started": "2026-12-01T01:00:00Z", "handedIn": "2026-12-01T01:25:00Z",
                  "timeLimit": 30, "byClock": False, "score": 0, "earned": 0, "total": 20, "passMark": 80}
        (branch / f"{n}.json").write_text(json.dumps(result, ensure_ascii=False), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from portalkit.scores.cli import run

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "成绩"
        folder.mkdir()
        write_results(folder, args.learners)
        for i in range(args.repeat):
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()) as out:
                status = run([folder], Path(tmp) / f"out{i}", ROOT / "mkdocs.yml")
            times.append(time.perf_counter() - started)
            if status != 0:
                print(out.getvalue()[-2000:])
                return 1
    median = statistics.median(times)
    verdict = "ok" if median <= BUDGET_S else "OVER BUDGET"
    print(f"scores of {args.learners} learners × 20 questions: median {median:.2f} s of {args.repeat} "
          f"(budget {BUDGET_S:.0f} s): {verdict}")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
