"""The YAML reader's values are PyYAML's safe loader's: its composer finds most tags without
Resolver's search (portalkit.yamlsource._Composer), and the plain values of mappings and lists
are their Located children. A corpus of scalars YAML 1.1 reads as something other than text
holds the two equal, value by value and type by type."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from portalkit.i18n import Messages
from portalkit.problems import ProblemLog
from portalkit.yamlsource import Located, load_yaml

SCALARS = [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "", "0", "007", "-3", "+4",
    "0x1F", "0o17", "0b101", "1_000", "1e3", "-.5", ".inf", "-.Inf", "1:30", "190:20:30", "3.14", "+", ".",
    "2024-01-01", "2024-01-01 10:00:00", "一年", "入党积极分子", "index.md#rules", "single-1a",
    "'quoted yes'", '"007"', "'~'", "t", "f", "o", "Y", "N", "O", "T", "F", "<<x", "x#y",
]


def plain(node: Located) -> Any:
    if node.is_mapping:
        return {key: plain(value) for key, value in node.items.items()}
    if node.is_sequence:
        return [plain(item) for item in node.items]
    return node.value


def as_read(value: Any, text: str) -> Any:
    """What the portal's reader gives for what safe_load gives: dates and times stay text (their
    readers parse them)."""
    return text if isinstance(value, date) else value


def test_every_scalar_reads_as_the_safe_loader_reads_it(tmp_path: Path) -> None:
    source = "\n".join([f"k{i}: {text}" for i, text in enumerate(SCALARS)] + ["list:"]
                       + [f"  - {text}" for text in SCALARS]
                       + ["flow: [yes, 1, 一年, ~]", "nested: {a: on, b: [2024-01-01]}"]) + "\n"
    path = tmp_path / "values.yml"
    path.write_text(source, "utf-8")
    log = ProblemLog(display_root=tmp_path, messages=Messages("zh"))
    root = load_yaml(path, log)
    assert root is not None and not list(log), [p.text(log.messages) for p in log]
    expected = yaml.safe_load(source)
    got = plain(root)
    for i, text in enumerate(SCALARS):
        want = as_read(expected[f"k{i}"], text)
        assert (got[f"k{i}"], type(got[f"k{i}"])) == (want, type(want)), text
        want = as_read(expected["list"][i], text)
        assert (got["list"][i], type(got["list"][i])) == (want, type(want)), text
    assert got["flow"] == [True, 1, "一年", None] and got["nested"] == {"a": True, "b": ["2024-01-01"]}
    assert root.items["list"].value is root.items["list"].items, "a list's value is its items"
    assert [root.items[f"k{i}"].line for i in range(3)] == [1, 2, 3] and root.items["list"].items[1].line == len(SCALARS) + 3
