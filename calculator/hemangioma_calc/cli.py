"""Command line: `hemangioma-calc evaluate CASE.json|-` and `hemangioma-calc schema`.

Bad input exits with status 2 and one line per problem on standard error (at most
MAX_PROBLEMS_SHOWN, then how many more); never a traceback. The text is read within the bounds of
case_input: a larger file, deeper nesting or a longer number is refused in one line, and so is a
path that is not a regular file (a FIFO would block the read forever, a device may never end).
--source is read the same way, within the bounds of an exported source.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from typing import TextIO

from .case import case_json_schema
from .case_input import CASE, JsonBounds, JsonTextError, more_problems_line, parse_json_text, read_bounded, shown_problems
from .packaged import SOURCE, PackagedSource, packaged_source, parse_packaged
from .plan import evaluate, plan_json
from .text_report import render_text
from .typed_data import InvalidData

USAGE_ERROR = 2


_NOT_A_REGULAR_FILE = "not a regular file (give a JSON file, or - for standard input)"


class NotARegularFile(OSError):
    """A path names a FIFO, a device, a directory or a socket, which the command line never reads."""


def _read_file(path: str, bounds: JsonBounds) -> str:
    """At most the bounds' bytes of a regular file. Anything else is refused before it is opened
    (opening a FIFO waits for a writer; some devices act on open), and checked again on the opened
    file, which is opened without blocking, in case the path was swapped in between."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(_NOT_A_REGULAR_FILE)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(_NOT_A_REGULAR_FILE)
        return read_bounded(open(descriptor, encoding="utf-8", closefd=False), bounds)
    finally:
        os.close(descriptor)


def _read(path: str, stdin: TextIO) -> str:
    return read_bounded(stdin) if path == "-" else _read_file(path, CASE)


def _source(path: str | None) -> PackagedSource:
    """The packaged source, or an exported one (to try an edited source before packaging it)."""
    if path is None:
        return packaged_source()
    return parse_packaged(_read_file(path, SOURCE))


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
    except OSError as error:
        stderr.write(f"error: --source {args.source}: cannot read: {error.strerror or error}\n")
        return USAGE_ERROR
    except ValueError as error:  # not UTF-8, beyond the bounds, or not a valid source: one line
        stderr.write(f"error: --source {args.source}: {' '.join(str(error).split())}\n")
        return USAGE_ERROR
    if args.command == "schema":
        stdout.write(json.dumps(case_json_schema(source.guideline), indent=2) + "\n")
        return 0
    try:
        data = parse_json_text(_read(args.case, stdin))
    except OSError as error:
        stderr.write(f"error: cannot read {args.case}: {error.strerror or error}\n")
        return USAGE_ERROR
    except UnicodeDecodeError as error:
        stderr.write(f"error: the case is not valid JSON: {error}\n")
        return USAGE_ERROR
    except JsonTextError as error:
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
