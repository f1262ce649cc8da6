"""Build the static site into site/: pages from the source, the calculator's browser assets,
`mkdocs build --strict`, then the post-build steps (tighter CSP, service worker).

Usage: python build_scripts/build_site.py [--source YAML] [--site DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from calculator_assets import build_runtime
from csp import tighten_csp
from generate_pages import generate, make_environment
from offline import write_service_worker
from source_files import DEFAULT_SOURCE, PACKAGED_SOURCE, ROOT, SourceError, export_json, read_source

MKDOCS = Path(sys.executable).parent / "mkdocs"
# Material prints a twelve-line end-of-life box on every build; this project's one line replaces it
# (so that maintainers still see it) and points to the successor build that a test already runs.
MATERIAL_END_OF_LIFE = "2027-05-05"
MATERIAL_NOTICE = (
    f"note: Material for MkDocs reaches end of life on {MATERIAL_END_OF_LIFE}; Zensical, its successor, builds this"
    " site from the same mkdocs.yml (tests/test_delivery.py::test_zensical_builds_the_same_pages_from_the_same_mkdocs_yml)"
)
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's box, replaced by MATERIAL_NOTICE


def build(source: Path = DEFAULT_SOURCE, site: Path = ROOT / "site") -> None:
    raw, guideline = read_source(source)
    export_json(raw, source, PACKAGED_SOURCE)  # the engine's copy of the source, then its wheel
    generate(source)
    build_runtime()
    print(MATERIAL_NOTICE, file=sys.stderr)
    subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, check=True, env=MKDOCS_ENV)
    tighten_csp(site)
    write_service_worker(make_environment(guideline), site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    try:
        build(args.source, args.site.resolve())
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"error: {' '.join(map(str, error.cmd[:2]))} failed (exit {error.returncode})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
