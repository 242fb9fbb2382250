"""The MkDocs plugin on a foreign site: English, Material's defaults, its own folders.

`plugins: [search, portalkit]` is all the site writes about portalkit (plus its folder options);
nothing of the portal's own Chinese setup may reach it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_or_fail, run_mkdocs_build
from sites import portal_blocks, write_english_site

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english")
    return build_or_fail(write_english_site(root), root / "site")


@pytest.fixture(scope="module")
def without_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english-plain")
    return build_or_fail(write_english_site(root, plugin=False), root / "site")


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def test_the_blocks_render_from_the_sites_own_folders(english: Path) -> None:
    quiz = page(english, "training/quiz")
    assert 'class="portal-quiz"' in quiz and 'data-quiz="fire-safety"' in quiz
    assert "What may stand in front of a fire exit?" in quiz
    checklist = page(english, "training/inspection")
    assert 'class="portal-checklist"' in checklist and "Every fire exit is clear" in checklist
    for html in (quiz, checklist):
        assert not re.search(r"<p>\s*///", html), "a block was left as text"
        assert len(portal_blocks(html)) == 1


def test_see_links_and_runtime_files_resolve_from_the_page(english: Path) -> None:
    quiz = page(english, "training/quiz")
    assert 'href="../../rules/safety/#exits"' in quiz
    assert '"see":"../../rules/safety/#first-aid"' in quiz  # the runtime's data
    for url in re.findall(r'(?:src|href)="(\.\./\.\./assets/portalkit/[^"]+)"', quiz):
        assert (english / "training" / "quiz" / url).resolve().is_file(), url


def test_fenced_code_that_shows_a_block_stays_code(english: Path) -> None:
    quiz = page(english, "training/quiz")
    code = re.search(r"<pre[^>]*>(.*?)</pre>", quiz, re.S)
    assert code and "/// quiz | x" in code.group(1)
    assert 'data-quiz="x"' not in quiz


def test_pages_without_blocks_are_byte_identical_to_a_build_without_the_plugin(
        english: Path, without_plugin: Path) -> None:
    for url in ("", "rules/safety"):
        assert page(english, url) == page(without_plugin, url), url
    assert not (without_plugin / "assets" / "portalkit").exists()


def test_the_search_worker_is_left_as_material_ships_it(english: Path) -> None:
    import material

    # material/templates/assets/ since 9.4, material/assets/ before
    shipped = sorted(Path(material.__file__).parent.glob("**/javascripts/workers/search.*.min.js"))
    built = sorted((english / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert shipped and [p.name for p in built] == [p.name for p in shipped]
    for ours, theirs in zip(built, shipped, strict=True):
        assert ours.read_bytes() == theirs.read_bytes()


def test_the_page_and_the_blocks_speak_english(english: Path) -> None:
    """The bank's and checklist's own texts are English: any CJK character on the page would be
    interface text (templates, the runtime's strings in the block's data, a quiz note)."""
    for url in ("training/quiz", "training/inspection"):
        html = page(english, url)
        assert '<html lang="en"' in html
        assert len(portal_blocks(html)) == 1
        assert sorted(set(CJK.findall(html))) == []


def test_errors_are_english_and_name_the_sites_own_folder(tmp_path: Path) -> None:
    config = write_english_site(tmp_path)
    (tmp_path / "docs" / "training" / "quiz.md").write_text("/// quiz | fire-safty\n///\n", "utf-8")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/training/quiz.md:1: error: content/banks/fire-safty.yml not found. Did you mean fire-safety?" \
        in result.stderr, result.stderr
    assert "Content errors: 1 (see the ERROR lines above)" in result.stderr


def test_check_reads_the_plugins_folders_and_language(tmp_path: Path) -> None:
    config = write_english_site(tmp_path)
    result = subprocess.run([sys.executable, "-m", "portalkit", "check", "-f", str(config)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pages 4, quiz banks 1 (questions 2), checklists 1 (items 1), rule sets 0 (rules 0). No problems found." \
        in result.stdout


def test_the_english_references_examples_are_valid(tmp_path: Path) -> None:
    """docs/reference/en.md: each YAML example, written where its label says (into this site's own
    folders), and its block examples on a page: `check` finds no error."""
    reference = (ROOT / "docs" / "reference" / "en.md").read_text("utf-8")
    config = write_english_site(tmp_path)
    folders = {"quizzes": "content/banks", "checklists": "content/lists", "rules": "rules"}
    examples = re.findall(r"^```yaml\n# File: (\w+)/(\S+\.yml)\n(.*?)^```$", reference, re.M | re.S)
    assert len(examples) == 3
    for folder, name, text in examples:
        target = tmp_path / folders[folder] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    blocks = "\n".join(re.findall(r"^```markdown\n(.*?)^```$", reference, re.M | re.S))
    (tmp_path / "docs" / "examples.md").write_text(f"# Examples\n\n{blocks}\n/// quiz | final\n///\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "portalkit", "check", "-f", str(config)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and " error: " not in result.stdout, result.stdout + result.stderr
    assert "quiz banks 3 (questions 8)" in result.stdout, result.stdout


BAD_OVERRIDES = """\
      messages:
        tpl.quiz.count: "{x} questions"
        quiz.sumbit: Hand in
        quiz.submit: "{0}"
        quiz.restart: "Again {"
        quiz.check: Check it
"""


def _line(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(key + ":"))


def test_a_message_override_that_would_not_work_stops_the_build_at_its_line(tmp_path: Path) -> None:
    """A placeholder the message does not fill in used to stop the build with a traceback
    naming neither the key nor the setting (or show `{nope}` on a button)."""
    config = write_english_site(tmp_path)
    text = config.read_text("utf-8").replace("      checklists_dir: content/lists\n",
                                            "      checklists_dir: content/lists\n" + BAD_OVERRIDES)
    config.write_text(text, "utf-8")
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    expected = [
        f"mkdocs.yml:{_line(text, 'tpl.quiz.count')}: error: messages.tpl.quiz.count: The placeholder {{x}} would "
        "not be filled in: this message has {n}.",
        f"mkdocs.yml:{_line(text, 'quiz.sumbit')}: error: messages.quiz.sumbit: There is no message with this key, "
        "so this override has no effect. Did you mean quiz.submit?",
        f"mkdocs.yml:{_line(text, 'quiz.submit')}: error: messages.quiz.submit: The placeholder {{0}} would not be "
        "filled in: this message has none.",
        f"mkdocs.yml:{_line(text, 'quiz.restart')}: error: messages.quiz.restart: Unbalanced braces",
    ]
    for line in expected:
        assert line in result.stderr, result.stderr
    assert "quiz.check" not in result.stderr  # a good override is not an error
    assert not (tmp_path / "site" / "training" / "quiz" / "index.html").exists()

    check = subprocess.run([sys.executable, "-m", "portalkit", "check", "-f", str(config)],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stdout + check.stderr
    for line in expected:
        assert line in check.stdout, check.stdout
