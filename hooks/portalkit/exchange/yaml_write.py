"""A bank as YAML that reads like one an author wrote: keys in the order of the editors' guide,
a blank line between questions, multi-line texts as `|` blocks, tags and match pairs on one line.

PyYAML's safe dumper writes the scalars: it quotes every string that a YAML reader would take
for something else (`no`, `2`, `2014-05-28`, a leading `*`), so the project's loader reads back
exactly the texts it was given."""

from __future__ import annotations

from typing import Any

import yaml

QUESTION_ORDER = ("id", "type", "prompt", "options", "answer", "items", "pairs", "explain", "see", "tags", "hint")
BANK_ORDER = ("title", "description", "pass_mark", "questions")


class Flow(list):  # type: ignore[type-arg]
    """A list written on one line: `[时限, 备案]`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `questions:\n  - id:`, as authors indent

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # "2", as authors quote


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in order if k in data} | {k: v for k, v in data.items() if k not in order}


def dump_bank(bank: dict[str, Any], header: str = "") -> str:
    """`bank`: title, description, pass_mark and questions, as the loader reads them."""
    data = _ordered(bank, BANK_ORDER)
    questions = []
    for q in data.get("questions", []):
        q = _ordered(q, QUESTION_ORDER)
        if "tags" in q:
            q["tags"] = Flow(q["tags"])
        if q.get("type") == "blank" and isinstance(q.get("answer"), list):
            q["answer"] = Flow(q["answer"])
        if "pairs" in q:
            q["pairs"] = [Flow(p) for p in q["pairs"]]
        questions.append(q)
    if "questions" in data:
        data["questions"] = questions
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=False)
    lines = text.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("  - id: ") and i and not lines[i - 1].startswith("questions:"):
            out.append("")
        out.append(line)
    prefix = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return prefix + "\n".join(out) + "\n"
