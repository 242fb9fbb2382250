"""The Markdown extension `portalkit` on its own: plain Python-Markdown, MkDocs without the plugin,
and both listed. (Zensical: tests/test_zensical.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from portalkit.extension import PortalContentError

from conftest import ROOT, build_or_fail, run_mkdocs_build
from sites import portal_blocks, write_english_site


def options(root: Path, **more: object) -> dict[str, object]:
    """Absolute folders: plain Python-Markdown has no project folder but the working folder."""
    return {"quizzes_dir": str(root / "content" / "banks"), "checklists_dir": str(root / "content" / "lists"),
            "rules_dir": str(root / "rules"), "docs_dir": str(root / "docs"), "language": "en", **more}


def convert(root: Path, page: str, **more: object) -> str:
    md = markdown.Markdown(extensions=["attr_list", "pymdownx.superfences", "portalkit"],
                           extension_configs={"portalkit": options(root, page=page, **more)})
    return md.convert((root / "docs" / page).read_text("utf-8"))


def test_the_english_site_converts_with_plain_python_markdown(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    html = convert(tmp_path, "training/quiz.md")
    [block] = portal_blocks(html)
    assert 'class="portal-quiz"' in block and 'data-quiz="fire-safety"' in block
    # without a generator, links stay what an author writes: .md files relative to the page
    assert 'href="../rules/safety.md#exits"' in block
    assert '"see":"../rules/safety.md#first-aid"' in block
    assert '<script src="../assets/portalkit/quiz.js" defer></script>' in block
    code = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    assert code and "/// quiz | x" in code.group(1)
    assert re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", html) == []  # language: en
    checklist = convert(tmp_path, "training/inspection.md")
    assert 'class="portal-checklist"' in checklist and 'href="../rules/safety.md#exits"' in checklist


def test_a_page_without_blocks_reads_no_yaml(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    (tmp_path / "content" / "banks" / "broken.yml").write_text("title: [\n", "utf-8")
    plain = markdown.Markdown(extensions=["attr_list"]).convert((tmp_path / "docs" / "index.md").read_text("utf-8"))
    assert convert(tmp_path, "index.md") == plain


def test_a_page_with_problems_raises_with_all_of_them(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    page = tmp_path / "docs" / "training" / "quiz.md"
    page.write_text("# Quiz\n\n/// quiz | fire-safty\n///\n\n/// quiz | fire-safety\n    mode: test\n///\n", "utf-8")
    with pytest.raises(PortalContentError) as raised:
        convert(tmp_path, "training/quiz.md")
    message = str(raised.value)
    assert "training/quiz.md: content errors: 2. The build stopped:" in message
    assert "training/quiz.md:3: error: " in message and "Did you mean fire-safety?" in message
    assert "training/quiz.md:6: error: mode: mode must be practice or exam" in message
    assert len(raised.value.problems) == 2


def test_a_broken_bank_fails_the_page_that_reads_it_with_file_and_line(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    bank = tmp_path / "content" / "banks" / "fire-safety.yml"
    bank.write_text(bank.read_text("utf-8").replace("answer: Nothing", "answer: Something"), "utf-8")
    with pytest.raises(PortalContentError) as raised:
        convert(tmp_path, "training/quiz.md")
    assert re.search(r"fire-safety\.yml:12:\d+: error: ", str(raised.value)), str(raised.value)


def test_each_markdown_instance_has_its_own_session(tmp_path: Path) -> None:
    """Zensical creates one Markdown per page: nothing may depend on an earlier page."""
    write_english_site(tmp_path)
    md = markdown.Markdown(extensions=["portalkit"], extension_configs={"portalkit": options(tmp_path)})
    first = md.convert("/// quiz | fire-safety\n///\n")
    second = md.reset().convert("/// quiz | fire-safety\n///\n")
    # each page loads its own runtime files; a second page is a new page, not a continuation
    assert first.count("quiz.js") == second.count("quiz.js") == 1
    other = markdown.Markdown(extensions=["portalkit"], extension_configs={"portalkit": options(tmp_path)})
    assert other.convert("/// quiz | fire-safety\n///\n") == first


def test_language_messages_and_quiz_note_are_options(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    (tmp_path / "docs" / "x.md").write_text("/// mistakes | all\n///\n", "utf-8")
    with pytest.raises(PortalContentError) as raised:
        convert(tmp_path, "x.md", language="zh", messages={"blocks.mistakes_no_id": "No id here, please."})
    assert "x.md:1: 错误: No id here, please." in str(raised.value)
    html = convert(tmp_path, "training/quiz.md", quiz_note="Rules of 2024; the current rules prevail.")
    assert "Rules of 2024; the current rules prevail." in html
    assert "Rules of 2024" not in convert(tmp_path, "training/quiz.md")


def test_importing_the_package_stays_cheap() -> None:
    code = ("import sys, portalkit; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('markdown', 'mkdocs', 'pymdownx', 'jinja2', 'yaml')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_mkdocs_without_the_plugin_links_from_the_page_url(tmp_path: Path) -> None:
    """The extension alone under MkDocs: pages are known from MkDocs' own link processor, and
    the runtime is copied into docs/ by the documented command."""
    extension = ("  - portalkit:\n      quizzes_dir: content/banks\n      checklists_dir: content/lists\n"
                 "      language: en\n")
    config = write_english_site(tmp_path, plugin=False, extension=extension)
    copied = subprocess.run([sys.executable, "-m", "portalkit", "assets"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    site = build_or_fail(config, tmp_path / "site")
    html = (site / "training" / "quiz" / "index.html").read_text("utf-8")
    assert 'href="../../rules/safety/#exits"' in html and '"see":"../../rules/safety/#first-aid"' in html
    for url in re.findall(r'(?:src|href)="(\.\./\.\./assets/portalkit/[^"]+)"', html):
        assert (site / "training" / "quiz" / url).resolve().is_file(), url


def test_mkdocs_without_the_plugin_fails_strict_when_the_runtime_was_not_copied(tmp_path: Path) -> None:
    extension = ("  - portalkit:\n      quizzes_dir: content/banks\n      checklists_dir: content/lists\n"
                 "      language: en\n")
    config = write_english_site(tmp_path, plugin=False, extension=extension)
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("docs/training/quiz.md: its blocks load assets/portalkit/quiz.css, assets/portalkit/quiz.js, "
            "assets/portalkit/store.js, assets/portalkit/ui.css, assets/portalkit/ui.js from the docs folder, "
            "which does not have them") in result.stderr
    assert "python -m portalkit assets" in result.stderr
    assert result.stderr.count("WARNING") == 2, result.stderr  # the quiz page and the checklist page


def test_plugin_and_extension_both_listed_register_the_blocks_once_with_the_plugins_options(
        tmp_path: Path) -> None:
    extension = "  - portalkit:\n      quizzes_dir: nowhere\n      language: zh\n"
    config = write_english_site(tmp_path, extension=extension)
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "training" / "quiz" / "index.html").read_text("utf-8")
    assert len(portal_blocks(html)) == 1 and html.count('class="portal-quiz"') == 1
    assert html.count("assets/portalkit/quiz.js") == 1


def test_a_message_override_that_would_not_work_fails_the_first_page_with_a_block(tmp_path: Path) -> None:
    write_english_site(tmp_path)
    with pytest.raises(PortalContentError) as raised:
        convert(tmp_path, "training/quiz.md", messages={"tpl.quiz.count": "{x} questions"})
    assert "messages.tpl.quiz.count: The placeholder {x} would not be filled in" in str(raised.value)


def test_the_readme_extension_recipe_builds_a_site_without_rules(tmp_path: Path) -> None:
    """The README's YAML for the extension, as written, in a site with quizzes/ and checklists/
    and no rules/ folder, built by MkDocs after the README's `python -m portalkit assets`."""
    readme = (ROOT / "README.md").read_text("utf-8")
    recipe = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "watch:" in block)
    write_english_site(tmp_path, plugin=False)
    (tmp_path / "content" / "banks").rename(tmp_path / "quizzes")
    (tmp_path / "content" / "lists").rename(tmp_path / "checklists")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Safety Training\ntheme:\n  name: material\n  language: en\n" + recipe, "utf-8")
    assert not (tmp_path / "rules").exists()
    copied = subprocess.run([sys.executable, "-m", "portalkit", "assets"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    site = build_or_fail(config, tmp_path / "site")
    assert 'data-quiz="fire-safety"' in (site / "training" / "quiz" / "index.html").read_text("utf-8")
