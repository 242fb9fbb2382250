"""Build tests of the real portal: both configurations, inspected as HTML."""

from __future__ import annotations

import filecmp
import itertools
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, build_or_fail

PINYIN = re.compile(r"\((?:[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-z]*)\)")
# A request the browser makes on its own: src=, srcset=, <link href=> (stylesheets, icons,
# preloads), CSS url() and @import. Plain <a href> links that a reader follows are fine.
FOREIGN_SRC = re.compile(r"""\b(?:src|srcset|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
FOREIGN_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>""", re.I)
FOREIGN_CSS = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)(?:https?:)?//""", re.I)
SITEMAP_LINK = re.compile(r"""rel=["']?(?:canonical|alternate)""", re.I)


def _foreign_requests(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            hits = FOREIGN_SRC.findall(text) + [
                m for m in FOREIGN_LINK.findall(text) if not SITEMAP_LINK.search(m)
            ]
            hits += FOREIGN_CSS.findall(text)
        elif path.suffix == ".css":
            hits = FOREIGN_CSS.findall(text)
        else:
            hits = []
        found += [f"{path.relative_to(site)}: {h}" for h in hits]
    return found


@pytest.fixture(scope="module")
def site(served_site: Path) -> Path:
    return served_site


def test_every_step_has_its_own_anchored_heading(site: Path) -> None:
    found: dict[int, str] = {}
    for stage in range(1, 6):
        html = (site / "procedures" / f"stage-{stage}" / "index.html").read_text("utf-8")
        for n, text in re.findall(r'<h2 id="step-(\d+)">(.*?)</h2>', html, re.S):
            assert int(n) not in found, f"step-{n} appears twice"
            found[int(n)] = f"stage-{stage}"
            assert f"步骤 {n}" in re.sub(r"<[^>]+>", "", text).replace("\u3000", " ")
    assert sorted(found) == list(range(1, 26))
    # the stages hold the steps the 2014 flowchart gives them
    assert [found[n] for n in (1, 3, 7, 12, 19, 25)] == [
        "stage-1", "stage-2", "stage-3", "stage-4", "stage-5", "stage-5"]


def test_no_pinyin_and_no_traditional_typo_reaches_a_page(site: Path) -> None:
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not PINYIN.search(text), f"pinyin in {path}: {PINYIN.search(text).group()}"
        assert "申情" not in text, f"typo 申情 in {path}"


def test_rule_pages_name_the_edition_they_follow(site: Path) -> None:
    for rel in ["procedures/stage-1", "procedures/stage-4", "procedures/voting",
                "procedures/documents", "procedures/meeting-records"]:
        html = (site / rel / "index.html").read_text("utf-8")
        assert "依据 2014 年版《中国共产党发展党员工作细则》" in html, rel
        assert "以现行有效版本为准" in html, rel


def test_seed_numbers_are_kept_exactly(site: Path) -> None:
    text = re.sub(r"<[^>]+>", " ", (site / "inspection" / "index.html").read_text("utf-8"))
    for number in ["57", "481", "478", "104", "47", "280", "198", "23", "20"]:
        assert re.search(rf"(?<!\d){number}(?!\d)", text), number


def test_served_site_requests_nothing_from_other_hosts(site: Path) -> None:
    assert _foreign_requests(site) == []
    html = (site / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_offline_site_requests_nothing_from_other_hosts(offline_site: Path) -> None:
    assert _foreign_requests(offline_site) == []
    html = (offline_site / "index.html").read_text("utf-8")
    assert "unpkg.com" not in html
    assert "assets/vendor/iframe-worker/shim.js" in html
    assert (offline_site / "search" / "search_index.js").is_file()
    # file:// needs explicit file names, and instant navigation cannot work there
    assert 'href="procedures/index.html"' in html
    assert "navigation.instant" not in html


def test_the_foreign_request_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<script src="https://cdn.example/x.js"></script>'
                                     '<a href="https://www.12371.cn/">ok</a>', "utf-8")
    (tmp_path / "b.css").write_text("@font-face{src:url(//fonts.example/f.woff2)}", "utf-8")
    assert len(_foreign_requests(tmp_path)) == 2


def test_search_index_holds_segmented_chinese(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["text"] + doc["title"] for doc in index["docs"])
    assert "\u200b" in texts, "jieba segmentation joins words with a zero-width space"
    tokens = set(re.split(r"[\u200b\s，。、；：（）《》“”]+", texts))
    for term in ["发展对象", "政治审查", "政审", "入党积极分子", "培养联系人", "预备党员"]:
        assert term in tokens, f"{term} is not a search term of its own"
    step7 = [d for d in index["docs"] if d["location"].endswith("#step-7")]
    assert step7 and "发展对象" in step7[0]["title"]


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    from conftest import SERVER_URL

    again = build_or_fail(ROOT / "mkdocs.yml", tmp_path / "again", site_url=SERVER_URL)
    cmp = filecmp.dircmp(site, again)
    differing: list[str] = []

    def walk(c: filecmp.dircmp, prefix: str = "") -> None:
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        differing.extend(prefix + f for f in mismatch + errors + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(cmp)
    assert differing == []


def test_build_from_another_folder_finds_the_search_dictionary(tmp_path: Path) -> None:
    # jieba_dict_user is resolved against mkdocs.yml, not the current folder
    build_or_fail(ROOT / "mkdocs.yml", tmp_path / "site", cwd=tmp_path)
    assert (tmp_path / "site" / "index.html").is_file()


def _runtime_of(page: Path, site: Path) -> list[Path]:
    """The portal runtime files one page loads (scripts and stylesheets under assets/portalkit/)."""
    html = page.read_text("utf-8")
    names = re.findall(r'(?:src|href)="(?:\.\./)*assets/portalkit/([\w.-]+)"', html)
    return [site / "assets" / "portalkit" / name for name in names]


def test_each_page_loads_only_the_runtime_its_blocks_use_within_budget(site: Path) -> None:
    import gzip

    loads: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        files = _runtime_of(page, site)
        assert len(files) == len(set(files)), f"{page}: a runtime file is loaded twice"
        total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
        assert total <= 16 * 1024, f"{page}: runtime JS+CSS is {total} bytes gzipped, budget 16 KB"
        loads[str(page.relative_to(site))] = sorted(p.name for p in files)
    assert loads["404.html"] == [] and loads["index.html"] == [] and loads["procedures/stage-3/index.html"] == []
    assert loads["study/stage-1/index.html"] == ["quiz.css", "quiz.js", "store.js", "ui.css", "ui.js"]
    assert loads["checks/dossier/index.html"] == ["checklist.css", "checklist.js", "store.js", "ui.css", "ui.js"]
    assert "mistakes.js" in loads["study/mistakes/index.html"] and "quiz.js" in loads["study/mistakes/index.html"]
    assert "datecheck.js" in loads["tools/datecheck/index.html"]
    assert "portalKit" not in (site / "study" / "stage-1" / "index.html").read_text("utf-8"), "never inlined"


def test_the_search_dialog_is_named_on_pages_without_blocks(site: Path) -> None:
    for page in ("404.html", "index.html", "procedures/stage-3/index.html"):
        html = (site / page).read_text("utf-8")
        assert '.md-search[role=dialog]:not([aria-label])' in html and '"搜索"' in html, page


def test_the_drawn_final_test_costs_no_more_than_a_study_page(site: Path) -> None:
    """The final test draws 20 of 128 questions: it ships their data for the runtime, no question
    markup for readers without JavaScript (they get links to the study pages instead)."""
    final = (site / "study" / "final" / "index.html").read_text("utf-8")
    assert "data-question=" not in final and "portal-quiz__nojs" in final
    assert len(final.encode()) < 130_000  # 241 KB when all 128 questions were rendered as HTML
    assert final.count('href="../../study/stage-') >= 5


def test_text_files_have_compressed_copies_for_servers_that_send_them(site: Path, offline_site: Path) -> None:
    import gzip

    import brotli

    files = [site / name for name in ("index.html", "procedures/stage-3/index.html", "search/search_index.json")]
    for folder, pattern in (("assets/javascripts", "bundle.*.min.js"), ("assets/stylesheets", "main.*.min.css"),
                            ("assets/javascripts/workers", "search.*.min.js")):
        files += sorted((site / folder).glob(pattern))
    assert len(files) == 6, files
    for path, (suffix, decompress) in itertools.product(files, ((".gz", gzip.decompress), (".br", brotli.decompress))):
        assert decompress(path.with_name(path.name + suffix).read_bytes()) == path.read_bytes(), (path, suffix)
    # images, source maps and tiny files are not copied; the offline build (a folder of files) has none
    for suffix in (".gz", ".br"):
        assert not list(site.rglob("*.png" + suffix)) and not list(site.rglob("*.map" + suffix))
        assert not list(offline_site.rglob("*.html" + suffix))
