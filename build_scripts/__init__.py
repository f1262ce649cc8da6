"""The build: the guideline source into pages, the calculator's browser runtime and the site.

Run its commands as modules from the repository root, e.g. `python -m build_scripts.build_site`.
"""
