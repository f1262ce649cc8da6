"""Which standard-library modules the engine needs, recorded inside Pyodide (standard library only).

Wraps `builtins.__import__`, which every import statement goes through (also one whose module is
already loaded, so an import is seen even when the test tools loaded that module first). Two kinds
of import are recorded:
  - made while engine code is running (an engine frame on the stack): the engine needs the module;
  - made by a module's top level: whoever needs that module needs these too.
Imports the test tools make for themselves are neither, so the shipped archive stays small.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterable

ENGINE = "hemangioma_calc"


def is_engine(module: str) -> bool:
    return module == ENGINE or module.startswith(ENGINE + ".")


class ImportTrace:
    def __init__(self) -> None:
        self.by_engine: set[str] = set()
        self.top_level: dict[str, set[str]] = {}  # module -> what its top level imports
        self._original = builtins.__import__

    def install(self) -> ImportTrace:
        builtins.__import__ = self._import
        return self

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):  # type: ignore[no-untyped-def]
        module = self._original(name, globals, locals, fromlist, level)
        importer = (globals or {}).get("__name__") or "?"
        targets = self._targets(name, globals or {}, fromlist or (), level)
        caller = sys._getframe(1)
        if caller.f_code.co_name == "<module>":
            self.top_level.setdefault(importer, set()).update(targets)
        frame = caller
        while frame is not None:
            if is_engine(frame.f_globals.get("__name__") or ""):
                self.by_engine.update(targets)
                break
            frame = frame.f_back
        return module

    @staticmethod
    def _targets(name: str, globals: dict, fromlist: Iterable[str], level: int) -> set[str]:
        target = name
        if level:
            package = globals.get("__package__") or (globals.get("__name__") or "").rpartition(".")[0]
            base = package.rsplit(".", level - 1)[0] if level > 1 else package
            target = f"{base}.{name}" if name else base
        parts = target.split(".")
        found = {".".join(parts[:depth]) for depth in range(1, len(parts) + 1)}  # a.b.c loads a and a.b
        found |= {f"{target}.{item}" for item in fromlist if f"{target}.{item}" in sys.modules}
        return found

    def needed(self, roots: Iterable[str]) -> set[str]:
        """The roots, what the engine imported, and everything their top levels import (the closure)."""
        result: set[str] = set()
        todo = [*roots, *self.by_engine]
        while todo:
            module = todo.pop()
            if module in result:
                continue
            result.add(module)
            todo.extend(self.top_level.get(module, ()))
            if "." in module:
                todo.append(module.rpartition(".")[0])  # a submodule needs its package
        return result
