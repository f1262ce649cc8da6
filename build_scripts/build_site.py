"""Build the static site into site/: pages from the source, the calculator's browser assets,
`mkdocs build --strict`, then the post-build steps (search worker confined, the calculator's worker
bundled, script integrity, tighter CSP, service worker).

The source is read and validated once and handed to every step. The site is built in a staging
directory next to site/, which replaces site/ only once every step has succeeded: a failed build
leaves the previous site/ as it was.

Usage: python -m build_scripts.build_site [--source YAML] [--site DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .build_time import MATERIAL_NOTICE, build_environment
from .calculator_assets import build_runtime, drop_build_only
from .csp import tighten_csp
from .generate_pages import make_environment, write_pages
from .offline import write_service_worker
from .script_integrity import add_script_integrity
from .search_worker import confine_search_worker
from .source_files import DEFAULT_SOURCE, ROOT, Source, SourceError, export_json, load_source
from .worker_bundle import BundleError, bundle_worker

MKDOCS = Path(sys.executable).parent / "mkdocs"


def prepare_docs(source: Source) -> None:
    """Everything MkDocs reads, from the loaded source: the engine's copy of it (then its wheel and
    runtime) and the pages. `make serve` runs the same steps, then MkDocs' live server."""
    export_json(source)
    write_pages(source)
    build_runtime()


def build(source_path: Path = DEFAULT_SOURCE, site: Path = ROOT / "site") -> None:
    source = load_source(source_path)
    prepare_docs(source)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-staging-", dir=site.parent))
    try:
        print(MATERIAL_NOTICE, file=sys.stderr)
        subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(staging)], cwd=ROOT, check=True,
                       env=build_environment())  # fmt: skip
        confine_search_worker(staging)
        bundle_worker(staging)
        drop_build_only(staging)
        add_script_integrity(staging)
        tighten_csp(staging)
        write_service_worker(make_environment(source.guideline), staging)
        replace_directory(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace_directory(new: Path, old: Path) -> None:
    """Swap `new` in for `old` with two renames on one file system (no half-written tree is ever visible)."""
    retired = old.with_name(f".{old.name}-retired")
    shutil.rmtree(retired, ignore_errors=True)
    if old.exists():
        old.rename(retired)
    new.rename(old)
    shutil.rmtree(retired, ignore_errors=True)


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
        print(f"error: {' '.join(map(str, error.cmd[:2]))} failed (exit {error.returncode}); site/ is unchanged", file=sys.stderr)
        return 1
    except BundleError as error:
        print(f"error: {error}; site/ is unchanged", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
