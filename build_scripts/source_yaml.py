"""A strict reader for the YAML source: bytes in, plain data out, or every problem as a
`key.path: reason` (never a traceback).

Beyond YAML syntax it rejects what PyYAML lets through silently or crashes on: a key given twice in
one mapping (PyYAML keeps the last), bytes that are not UTF-8, and nesting deep enough to exhaust the
recursive composer. What the text itself may hold (no HTML, no block Markdown...) is checked with
the model, by `hemangioma_calc.source_text`, so that the engine applies it to any source it loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from hemangioma_calc.typed_data import Problem, item_name, join

MAX_DEPTH = 24  # the real source nests 6 levels deep
STRING_TAG = "tag:yaml.org,2002:str"


class UnreadableYaml(ValueError):
    """The source cannot be read as data; `problems` say where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


def read_yaml(data: bytes) -> Any:
    text, bad_lines = _decode(data)
    problems = _nesting_problems(text)
    if problems:  # composing such a document would overflow the stack
        raise UnreadableYaml(problems + [Problem(f"line {n}", "not valid UTF-8") for n in bad_lines])
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise UnreadableYaml([Problem("", "the source is empty")])
        problems = _node_problems(root, bad_lines)
        if problems:
            raise UnreadableYaml(problems)
        return loader.construct_document(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise UnreadableYaml([Problem(where, f"not valid YAML: {getattr(error, 'problem', None) or error}")]) from None
    finally:
        loader.dispose()


def _decode(data: bytes) -> tuple[str, list[int]]:
    """The text (bad bytes replaced) and the 1-based numbers of lines holding bytes that are not UTF-8."""
    bad_lines = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(number)
    return data.decode("utf-8", errors="replace"), bad_lines


def _nesting_problems(text: str) -> list[Problem]:
    """Walk the parser's flat event stream (no recursion) and report nesting beyond MAX_DEPTH."""
    frames: list[list[Any]] = []  # per open collection: [is_mapping, current key or index, expecting a key]
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                continue
            if frames:
                frame = frames[-1]
                if frame[0] and frame[2]:
                    frame[1], frame[2] = getattr(event, "value", "?"), False
                    if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                        continue
                elif frame[0]:
                    frame[2] = True
                else:
                    frame[1] += 1
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                frames.append([isinstance(event, yaml.MappingStartEvent), -1, True])
                if len(frames) > MAX_DEPTH:
                    path = ""
                    for _is_mapping, key, _ in frames[:-1]:
                        path = join(path, key)
                    line = f" (line {event.start_mark.line + 1})" if event.start_mark else ""  # typed optional; a parsed event has it
                    return [Problem(path, f"nested more than {MAX_DEPTH} levels deep{line}")]
    except yaml.YAMLError:
        return []  # reported with its line when the document is composed
    return []


def _node_problems(root: yaml.Node, bad_lines: list[int]) -> list[Problem]:
    problems = []
    scalars = []
    for path, node in _walk(root, ""):
        if isinstance(node, yaml.MappingNode):
            problems += _duplicate_keys(node, path)
        elif isinstance(node, yaml.ScalarNode) and node.tag == STRING_TAG:
            scalars.append((path, node))
    for line in bad_lines:
        path = next((p for p, n in scalars if n.start_mark.line + 1 <= line <= n.end_mark.line + 1), f"line {line}")
        problems.append(Problem(path, f"not valid UTF-8 (line {line})"))
    return problems


def _walk(node: yaml.Node, path: str, seen: set[int] | None = None) -> Iterator[tuple[str, yaml.Node]]:
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias: already checked where its anchor is
        return
    seen.add(id(node))
    yield path, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, join(path, str(key.value)) if isinstance(key, yaml.ScalarNode) else path, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{_item_name(item) or index}]", seen)


def _item_name(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return item_name({key.value: value.value for key, value in node.value if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)})


def _duplicate_keys(node: yaml.MappingNode, path: str) -> list[Problem]:
    first_line: dict[str, int] = {}
    problems = []
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in first_line:
            problems.append(Problem(join(path, key.value), f"duplicate key (line {line}; first given on line {first_line[key.value]})"))
        else:
            first_line[key.value] = line
    return problems
