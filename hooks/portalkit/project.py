"""Where a portal's content lives, derived from its mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectLayout:
    """The folders of one portal project; all paths absolute."""

    root: Path
    docs_dir: Path

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def checklists_dir(self) -> Path:
        return self.root / "checklists"

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules"

    @property
    def content_dirs(self) -> list[Path]:
        """YAML folders whose changes must trigger a rebuild under `mkdocs serve`."""
        return [d for d in (self.quizzes_dir, self.checklists_dir, self.rules_dir) if d.is_dir()]

    @classmethod
    def from_config_file(cls, config_file: str | Path, docs_dir: str | Path) -> ProjectLayout:
        root = Path(config_file).resolve().parent
        return cls(root=root, docs_dir=(root / docs_dir).resolve())
