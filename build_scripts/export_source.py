"""Validate content/guideline.yaml and export it as JSON packaged with the engine.

Usage: python -m build_scripts.export_source [SOURCE] [--out JSON] [--check]
Exit 1 with one line per problem (file: key path: reason) when the source is broken.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .source_files import DEFAULT_SOURCE, PACKAGED_SOURCE, SourceError, export_json, load_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=PACKAGED_SOURCE)
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    try:
        source = load_source(args.source)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    if not args.check:
        export_json(source, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
