"""The built site: strict build, reproducible (two builds, the same bytes) and atomic (a failed build
leaves the previous site as it was), a Content-Security-Policy on every page, nothing loaded from
any other origin, every internal link and anchor resolving, external links well-formed."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli
import pytest
from repository_copy import build_copy
from site_html import html_pages, parse_page

from build_scripts import build_site
from build_scripts.runtime_manifest import read_manifest
from build_scripts.source_files import PACKAGED_SOURCE

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.full  # needs the built site or another interpreter
PUBMED = re.compile(r"^https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/$")
DOI = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
PMC = re.compile(r"^https://pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/$")
SITE_PATH = urlsplit(os.environ.get("SITE_URL", "")).path or "/"  # set when built for a subpath
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')


@pytest.mark.processes
def test_strict_build_passes(tmp_path):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr


def _tree_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.processes
def test_two_builds_of_the_same_tree_give_byte_identical_sites(tmp_path):
    """Wheel, lockfile, memory snapshot, service worker, sitemap and pages: every file the same, so a
    deployment of an unchanged commit makes no returning visitor download anything."""
    first = _tree_digest(build_copy(tmp_path / "first"))
    second = _tree_digest(build_copy(tmp_path / "second"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith(".whl") for name in first) and any(name.endswith("snapshot.bin.br") for name in first)


def test_the_engine_wheel_and_snapshot_hold_no_clinical_content(site_dir, source):
    """The source ships as its own file, checked against the runtime manifest: a content change
    leaves the wheel and the memory snapshot (6 MB a returning visitor already holds) as they were."""
    runtime = site_dir / "assets" / "pyodide"
    manifest = read_manifest(runtime)
    (shipped,) = [name for name in manifest if name.startswith("guideline.")]
    assert (runtime / shipped).read_bytes() == PACKAGED_SOURCE.read_bytes()
    (wheel,) = runtime.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert not [name for name in archive.namelist() if name.endswith(".json")]
        engine = b"".join(archive.read(name) for name in archive.namelist())
    heap = brotli.decompress((runtime / "engine-snapshot.bin.br").read_bytes())
    for statement in source.guideline.statements:
        assert statement.text.encode() not in engine and statement.text.encode() not in heap, statement.id
    # What a plan says is the source's too: no conclusion template or phrase, nor any of its wording between
    # slots, is in the wheel or the snapshot (correcting one re-sends the content file, not 6 MB).
    for template in (*source.guideline.conclusions, *source.guideline.phrases):
        for words in (w.strip() for w in re.split(r"\{[a-z_]+\}", template.text)):
            if len(words) >= 24:
                assert words.encode() not in engine and words.encode() not in heap, (template.id, words)


def test_the_engine_wheel_carries_each_module_s_bytecode_and_a_record_that_lists_it(site_dir):
    """A fresh start in the browser imports the engine from bytecode compiled by Pyodide's Python
    (its magic number is checked inside Pyodide by tests/pyodide/run_engine_tests.mjs), beside the
    sources; RECORD lists every file with its hash, as an installer checks it."""
    (wheel,) = (site_dir / "assets" / "pyodide").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sources = [name for name in members if name.endswith(".py")]
    for source in sources:
        folder, module = source.rsplit("/", 1)
        (compiled,) = [name for name in members if name.startswith(f"{folder}/__pycache__/{module[:-3]}.cpython-")]
        assert members[compiled][4:8] == (0b01).to_bytes(4, "little"), f"{compiled} is unchecked-hash bytecode"
    (record,) = [name for name in members if name.endswith(".dist-info/RECORD")]
    listed = {line.split(",")[0]: line.split(",")[1:] for line in members[record].decode().splitlines()}
    assert set(listed) == set(members)
    for name, data in members.items():
        if name != record:
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert listed[name] == [f"sha256={digest}", str(len(data))], name


@pytest.mark.processes
@pytest.mark.parametrize("failing_step", ["mkdocs", "service worker"])
def test_a_build_that_fails_at_any_step_leaves_the_previous_site_untouched(tmp_path, monkeypatch, failing_step):
    site = tmp_path / "site"
    (site / "calculator").mkdir(parents=True)
    (site / "index.html").write_text("the previous build")
    (site / "calculator" / "index.html").write_text("the previous calculator")
    before = _tree_digest(site)
    monkeypatch.setattr(build_site, "prepare_docs", lambda source: None)  # docs/ as `make site` left it
    if failing_step == "mkdocs":
        monkeypatch.setattr(build_site, "MKDOCS", Path("/bin/false"))
    else:

        def broken(*args: object) -> str:
            raise OSError("disk full")

        monkeypatch.setattr(build_site, "write_service_worker", broken)
    with pytest.raises((subprocess.CalledProcessError, OSError)):
        build_site.build(site=site)
    assert _tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging directory is left behind"


def test_every_page_carries_a_strict_content_security_policy(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) >= 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = CSP.search(html)
        assert match, f"{page.relative_to(site_dir)} has no CSP meta tag"
        policy = dict((d.split()[0], d.split()[1:]) for d in match.group(1).split("; "))
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"], page
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["connect-src"] == ["'self'"] and policy["worker-src"] == ["'self'"]
        assert html.index("Content-Security-Policy") < html.index("<script"), "the policy must come before any script"


def test_no_page_loads_anything_from_another_origin(site_dir):
    offenders = []
    for page in html_pages(site_dir):
        parsed = parse_page(page, site_dir)
        for where, url in parsed.resources:
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{parsed.page}: {where}={url}")
    for css in site_dir.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if url.startswith(("http:", "https:", "//")):
                offenders.append(f"{css.relative_to(site_dir)}: url({url})")
    assert not offenders, offenders[:10]


def test_every_internal_link_and_anchor_resolves(site_dir):
    parsed = {page: parse_page(page, site_dir) for page in html_pages(site_dir)}
    ids = {page: p.ids for page, p in parsed.items()}
    broken = []
    for page, p in parsed.items():
        for href in p.links + [u for w, u in p.resources if w.endswith(".href") or w.endswith(".src")]:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("//", "mailto:", "data:")):
                continue
            # 404.html links from the site root (made absolute from site_url by MkDocs).
            path = unquote(parts.path)
            if path.startswith(SITE_PATH):
                path, base = path[len(SITE_PATH) :], site_dir
            else:
                base = page.parent
            target = page if not parts.path else (base / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{p.page}: {href} (no file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and not fragment.startswith("case=") and target.suffix == ".html" and fragment not in ids.get(target, set()):
                broken.append(f"{p.page}: {href} (no anchor)")
    assert not broken, broken[:20]


def test_external_links_are_well_formed_pubmed_or_doi(site_dir):
    external = {href for page in html_pages(site_dir) for href in parse_page(page, site_dir).links if urlsplit(href).scheme in ("http", "https")}
    assert external, "the references page links PubMed and DOI"
    bad = sorted(h for h in external if not (PUBMED.match(h) or DOI.match(h) or PMC.match(h)))
    assert not bad, bad


def test_citation_markers_link_to_existing_reference_entries(site_dir):
    references = parse_page(site_dir / "references" / "index.html", site_dir).ids
    for page in html_pages(site_dir):
        for href in parse_page(page, site_dir).links:
            if "references/#ref-" in href:
                assert href.split("#", 1)[1] in references, (page, href)
