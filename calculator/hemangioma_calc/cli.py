"""Command line: `hemangioma-calc evaluate CASE.json|-` and `hemangioma-calc schema`.

Bad input exits with status 2 and one line per problem on standard error (at most
MAX_PROBLEMS_SHOWN, then how many more); never a traceback. The text is read within the bounds of
case_input: a larger file, deeper nesting or a longer number is refused in one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .case import case_json_schema
from .case_input import CaseTextError, more_problems_line, parse_case_text, read_bounded, shown_problems
from .packaged import PackagedSource, packaged_source, parse_packaged
from .plan import evaluate, plan_json
from .text_report import render_text
from .typed_data import InvalidData

USAGE_ERROR = 2


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return read_bounded(stdin)
    with open(path, encoding="utf-8") as handle:
        return read_bounded(handle)


def _source(path: str | None) -> PackagedSource:
    """The packaged source, or an exported one (to try an edited source before packaging it)."""
    if path is None:
        return packaged_source()
    with open(path, encoding="utf-8") as handle:
        return parse_packaged(handle.read())


def main(argv: list[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    parser = argparse.ArgumentParser(prog="hemangioma-calc", description="Vertebral hemangioma management plan from a case.")
    parser.add_argument("--source", help="a source exported by `python -m build_scripts.export_source --out` (default: the packaged source)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="print the management plan for a case (JSON file, or - for standard input)")
    run.add_argument("case", help="path to the case JSON, or - to read standard input")
    run.add_argument("--format", choices=("json", "text"), default="json")
    commands.add_parser("schema", help="print the JSON Schema of the case")
    args = parser.parse_args(argv)  # argparse itself exits 2 with a usage message

    try:
        source = _source(args.source)
    except (OSError, ValueError, KeyError) as error:
        stderr.write(f"error: --source {args.source}: {error}\n")
        return USAGE_ERROR
    if args.command == "schema":
        stdout.write(json.dumps(case_json_schema(source.guideline), indent=2) + "\n")
        return 0
    try:
        data = parse_case_text(_read(args.case, stdin))
    except OSError as error:
        stderr.write(f"error: cannot read {args.case}: {error.strerror}\n")
        return USAGE_ERROR
    except UnicodeDecodeError as error:
        stderr.write(f"error: the case is not valid JSON: {error}\n")
        return USAGE_ERROR
    except CaseTextError as error:
        stderr.write(f"error: {error}\n")
        return USAGE_ERROR
    try:
        plan = evaluate(data, source)
    except InvalidData as error:
        shown, hidden = shown_problems(error.problems)
        stderr.writelines(f"error: {problem}\n" for problem in shown)
        if hidden:
            stderr.write(f"error: {more_problems_line(hidden)}\n")
        return USAGE_ERROR
    stdout.write(plan_json(plan) if args.format == "json" else render_text(plan))
    return 0
