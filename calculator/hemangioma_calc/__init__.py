"""Hemangioma Guide decision engine: a case in, a cited management plan out.

Standard library only, so the same code runs on CPython, on the command line and on Pyodide.
"""

ENGINE_VERSION = "0.9.0"
