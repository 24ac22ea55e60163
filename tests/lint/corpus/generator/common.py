"""Helpers shared by the per-project corpus modules.

Each project module exposes DIRECTORY (its folder under tests/lint/corpus/) and files(),
an ordered list of (file name, contents). Contents are hand-written SQL; sql() only strips
the indentation that keeps them readable inside Python.
"""
import textwrap


def sql(text: str) -> str:
    """Dedents a triple-quoted SQL block and ends it with exactly one newline."""
    return textwrap.dedent(text).strip("\n") + "\n"


class Project:
    """An ordered list of files; names must be unique."""

    def __init__(self, directory: str):
        self.directory = directory
        self.entries = []
        self._names = set()

    def add(self, name: str, text: str) -> None:
        if name in self._names:
            raise ValueError(f"{self.directory}: duplicate file name {name}")
        if not text.strip():
            raise ValueError(f"{self.directory}/{name}: empty file")
        self._names.add(name)
        self.entries.append((name, text))
