"""The test tools' extra standard library inside Pyodide: Pyodide's full archive, consulted only
after the shipped one, for modules the test tools (pytest, hypothesis) need and the calculator does
not. A module found here has a `__file__` inside FALLBACK, which is how the guard tells them apart.
"""

from __future__ import annotations

import sys
import zipimport

FALLBACK = "/lib/test-tools-stdlib.zip"


class _SubmodulesOfShippedPackages:
    """`encodings.unicode_escape` when only part of `encodings` is shipped: the package's own path
    points into the shipped archive, so the plain sys.path entry below never sees its submodules."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if "." not in name:
            return None
        package = name.rpartition(".")[0].replace(".", "/")
        try:
            return zipimport.zipimporter(f"{FALLBACK}/{package}/").find_spec(name, target)
        except zipimport.ZipImportError:
            return None


def install() -> None:
    sys.path.append(FALLBACK)  # last: the shipped archive always wins
    sys.meta_path.append(_SubmodulesOfShippedPackages())
