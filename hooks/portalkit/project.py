"""Where a site's content lives: its pages and its YAML folders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portalkit.settings import Settings, site_settings


@dataclass(frozen=True)
class ProjectLayout:
    """The folders of one site; all paths absolute. The YAML folders default to `quizzes`,
    `checklists` and `rules` beside `docs_dir` (the plugin's and extension's options move them)."""

    root: Path
    docs_dir: Path
    quizzes_dir: Path = field(default=None)  # type: ignore[assignment]
    checklists_dir: Path = field(default=None)  # type: ignore[assignment]
    rules_dir: Path = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        for name in ("quizzes_dir", "checklists_dir", "rules_dir"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, self.root / name.removesuffix("_dir"))

    @property
    def content_dirs(self) -> list[Path]:
        """YAML folders whose changes must trigger a rebuild under `mkdocs serve`."""
        return [d for d in (self.quizzes_dir, self.checklists_dir, self.rules_dir) if d.is_dir()]

    def folder_name(self, path: Path) -> str:
        """How messages name a YAML folder: relative to the project when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def from_config_file(cls, config_file: str | Path, docs_dir: str | Path,
                         settings: Settings | None = None) -> ProjectLayout:
        """Folders relative to the folder of mkdocs.yml (absolute ones stay as they are)."""
        return cls.at(Path(config_file).resolve().parent, docs_dir, settings)

    @classmethod
    def of_site(cls, config_file: Path, config: Mapping[str, Any]) -> tuple[ProjectLayout, Settings]:
        """The layout and settings of the site that mkdocs.yml (`config`, parsed) describes:
        portalkit's options in it, as a build reads them (for `check` and `report`)."""
        settings = site_settings(config)
        return cls.from_config_file(config_file, str(config.get("docs_dir") or "docs"), settings), settings

    @classmethod
    def at(cls, root: Path, docs_dir: str | Path, settings: Settings | None = None) -> ProjectLayout:
        settings = settings or Settings()
        root = root.resolve()
        return cls(root=root, docs_dir=(root / docs_dir).resolve(),
                   quizzes_dir=(root / settings.quizzes_dir).resolve(),
                   checklists_dir=(root / settings.checklists_dir).resolve(),
                   rules_dir=(root / settings.rules_dir).resolve())
