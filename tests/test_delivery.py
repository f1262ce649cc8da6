"""Delivery: GitHub Pages under a project subpath, accessibility (axe-core), mobile layout, the
deployment workflow, and a build with Zensical (Material's successor) from the same mkdocs.yml."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import material
import pytest
import yaml
from calculator_ui import DONE, READY, show_rich_example
from site_html import html_pages
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
OBSERVATION_LINK = "#case=" + quote(json.dumps({"age": 55, "sex": "male", "level": "L2", "pain": "none", "neurological_deficit": False}))


def _page_urls(site_dir: Path) -> list[str]:
    urls = []
    for page in html_pages(site_dir):
        relative = page.relative_to(site_dir).as_posix()
        if relative != "404.html":
            urls.append(relative.removesuffix("index.html"))
    return urls


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
    )
    return list(found)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violation_on_any_page(chromium, site, site_dir, scheme):
    # axe is injected as an inline script, which the pages' CSP rightly forbids: bypass it here only.
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for url in _page_urls(site_dir):
        page.goto(site.url + url)
        if url == "calculator/":
            show_rich_example(page)
        problems += [f"{url or 'index'}: {v}" for v in _axe(page)]
    context.close()
    assert not problems, problems


@pytest.mark.browser
def test_calculator_is_usable_by_keyboard_and_announces_results(chromium, site):
    page = chromium.new_page()
    case = {"age": 60, "sex": "male", "level": "L2", "pain": "none", "neurological_deficit": False}
    page.goto(site.url + "calculator/#case=" + quote(json.dumps(case)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE)
    page.focus("#f-neurological_deficit")
    page.keyboard.press("Space")  # answer yes from the keyboard
    page.wait_for_selector("#result[data-pathway='surgery']")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "pain", "the tab order follows the form (what decides the pathway first)"
    assert page.get_attribute("#result-announcement", "aria-live") == "polite"
    assert "Plan updated: Surgery" in page.inner_text("#result-announcement")
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('#case-form input, #case-form select')]"
        ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.name || c.id)"
    )
    assert unlabelled == []
    page.close()


@pytest.mark.browser
def test_calculator_fits_a_375_px_phone_without_horizontal_scroll(chromium, site):
    context = chromium.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url + "calculator/" + OBSERVATION_LINK)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "calculator-375px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_selector("#plan-peek", state="visible")  # the card is below the screen: the bar stands in for it
    assert "Plan: Observation" in page.inner_text("#plan-peek")
    page.goto(site.url + "special-populations/")  # the widest table
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.browser
def test_site_works_under_a_project_subpath(chromium, site_dir):
    with SiteServer(site_dir, base_path="/hemangioma-guide/") as server:
        context = chromium.new_context()
        page = context.new_page()
        failed = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        # A request cut short by the next navigation (net::ERR_ABORTED) is not a failure to load.
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and failed.append(f"failed {r.url}: {r.failure}"))
        for url in ("", "algorithm/", "references/"):
            page.goto(server.url + url)
            assert page.locator("h1").count() == 1
        page.goto(server.url + "calculator/" + OBSERVATION_LINK)
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector(DONE)
        assert page.get_attribute("#result", "data-pathway") == "observation"
        paths = {urlsplit(p).path for p in server.requests}
        assert any(p.endswith("/assets/pyodide/pyodide.asm.wasm.br") for p in paths)
        assert any(p.endswith("/assets/calculator/worker.mjs") for p in paths)
        assert all(p.startswith("/hemangioma-guide/") for p in paths), sorted(p for p in paths if not p.startswith("/hemangioma-guide/"))
        assert not failed, failed
        context.close()


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_workflow_tests_then_deploys_the_checked_site_with_official_pages_actions():
    workflow = _workflow()
    triggers = workflow.get(True) or workflow.get("on")  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["test-and-build"], workflow["jobs"]["deploy"]
    runs = [s.get("run", "") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]] + [s.get("uses", "") for s in deploy["steps"]]
    assert "make test" in runs, "the workflow runs the README's test command"
    makefile = (ROOT / "Makefile").read_text()
    assert "\ntest:" in makefile and "\nsite:" in makefile
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site", "the artefact is the site/ that make test built and checked"
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert deploy["needs"] == "test-and-build"
    assert "github.repository_owner" in build["env"]["SITE_URL"] and "repository.name" in build["env"]["SITE_URL"]
    # Pull requests (Dependabot's too) are tested, never deployed.
    assert "pull_request" in triggers
    assert "pull_request" in deploy["if"] and "pull_request" in upload["if"]


def test_only_the_deploy_job_may_write_to_pages_or_mint_a_token():
    workflow = _workflow()
    assert workflow["permissions"] == {}, "nothing is granted to the whole workflow"
    build, deploy = workflow["jobs"]["test-and-build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}, "the job running npm ci, pip and the tests can only read"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert not any("run" in step for step in deploy["steps"]), "the privileged job runs no project code"
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False, "the token is not left in .git/config for the tests"


def test_every_action_is_pinned_by_full_commit_sha_with_its_tag_in_a_comment():
    lines = [line.strip() for line in WORKFLOW.read_text().splitlines()]
    pins = [line for line in lines if re.match(r"^(- )?uses:", line)]
    assert len(pins) == 6
    for line in pins:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_node_is_a_current_lts_release_and_the_browser_version_is_recorded():
    build = _workflow()["jobs"]["test-and-build"]
    setup_node = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-node@"))
    major = int(str(setup_node["with"]["node-version"]))
    assert major % 2 == 0 and major >= 24, "an LTS line past Node 20's end of life (2026-04-30)"
    assert setup_node["with"]["package-manager-cache"] is False
    assert any("--version" in s.get("run", "") and "chromium" in s.get("run", "") for s in build["steps"])


def test_dependabot_keeps_actions_python_and_npm_pins_current():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip", "npm"}
    assert set(ecosystems["pip"]["directories"]) == {"/", "/tests/pyodide"}


def test_dependabot_proposes_a_release_only_after_a_cooldown_of_a_week():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    # default-days is the one cooldown key every ecosystem supports (github-actions has no semver keys).
    assert {u["package-ecosystem"]: u.get("cooldown") for u in config["updates"]} == {
        ecosystem: {"default-days": 7} for ecosystem in ("github-actions", "pip", "npm")
    }


@pytest.mark.parametrize("lock", ["requirements.txt", "tests/pyodide/requirements.txt"])
def test_python_dependencies_are_installed_from_a_lock_with_hashes(lock):
    text = (ROOT / lock).read_text()
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)==[^\s]+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
    pinned_lines = [line for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    assert requirements and len(requirements) == len(pinned_lines), "every package is pinned with ==, with its hashes"
    assert (ROOT / lock.replace(".txt", ".in")).exists(), "the lock is compiled from a requirements.in"
    makefile = (ROOT / "Makefile").read_text()
    install = re.search(rf"pip install[^\n]*(?:\\\n[^\n]*)*-r {re.escape(lock)}", makefile)
    assert install and "--require-hashes" in install.group(0), f"make installs {lock} with --require-hashes"
    assert re.search(r"^lock:", makefile, re.M) and "--generate-hashes" in makefile, "`make lock` refreshes the locks"


@pytest.mark.processes
def test_zensical_builds_the_same_pages_from_the_same_mkdocs_yml(tmp_path, site_dir):
    zensical = shutil.which("zensical", path=str(Path(__import__("sys").executable).parent))
    assert zensical, "zensical is pinned in requirements.txt"
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    result = subprocess.run([zensical, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    ours = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html")}
    theirs = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("index.html")}
    assert ours <= theirs, sorted(ours - theirs)


def test_material_end_of_life_is_shown_in_one_line_of_the_project_s_own():
    from build_scripts.build_time import MATERIAL_END_OF_LIFE, MATERIAL_NOTICE, build_environment

    material_box = (Path(material.__file__).parent / "templates" / "__init__.py").read_text()
    assert "reaches end of life on May 5, 2027" in material_box, "Material's date changed: update MATERIAL_END_OF_LIFE"
    assert MATERIAL_END_OF_LIFE == "2027-05-05" and MATERIAL_END_OF_LIFE in MATERIAL_NOTICE
    assert "Zensical" in MATERIAL_NOTICE and test_zensical_builds_the_same_pages_from_the_same_mkdocs_yml.__name__ in MATERIAL_NOTICE
    assert build_environment()["NO_MKDOCS_2_WARNING"] == "1" and "\n" not in MATERIAL_NOTICE
