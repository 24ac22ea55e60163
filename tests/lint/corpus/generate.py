#!/usr/bin/env python3
"""Writes the synthetic lint corpus: five fictional projects' migration folders.

    tests/lint/corpus/generate.py           rewrite every project folder from generator/
    tests/lint/corpus/generate.py --check   exit 1 if a folder differs from what would be written

The SQL is hand-written in generator/<project>.py (no randomness): running this twice gives
the same bytes. Files in a project folder that the generator does not produce are removed,
so the folder always equals the generator's output. The committed files are what the tests
read; edit the generator, run it, commit both.
"""
import argparse
import importlib
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ next to the generator modules
ROOT = Path(__file__).resolve().parent
MODULES = ["shop_flyway", "saas_sqlx", "blog_migrate", "ops_psql", "diesel_app"]


def load_projects():
    sys.path.insert(0, str(ROOT / "generator"))
    projects = []
    for name in MODULES:
        module = importlib.import_module(name)
        projects.append((module.DIRECTORY, module.files()))
    return projects


def existing_files(folder: Path):
    """Paths relative to the project folder ("V1__x.sql", "2023-..._users/up.sql")."""
    return {f.relative_to(folder).as_posix() for f in folder.rglob("*") if f.is_file()} if folder.is_dir() else set()


def check(projects) -> int:
    problems = []
    for directory, entries in projects:
        folder = ROOT / directory
        wanted = dict(entries)
        for name in sorted(existing_files(folder) - wanted.keys()):
            problems.append(f"{directory}/{name}: not produced by the generator")
        for name, text in entries:
            path = folder / name
            if not path.is_file():
                problems.append(f"{directory}/{name}: missing")
            elif path.read_bytes() != text.encode("utf-8"):
                problems.append(f"{directory}/{name}: differs from the generator's output")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print("run tests/lint/corpus/generate.py to rewrite the corpus", file=sys.stderr)
        return 1
    return 0


def write(projects) -> int:
    total_files = total_bytes = 0
    for directory, entries in projects:
        folder = ROOT / directory
        folder.mkdir(parents=True, exist_ok=True)
        wanted = dict(entries)
        for name in existing_files(folder) - wanted.keys():
            (folder / name).unlink()
        for sub in sorted((d for d in folder.rglob("*") if d.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
        size = 0
        for name, text in entries:
            data = text.encode("utf-8")
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
            size += len(data)
        print(f"{directory}: {len(entries)} files, {size} bytes")
        total_files += len(entries)
        total_bytes += size
    print(f"total: {total_files} files, {total_bytes} bytes")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    projects = load_projects()
    return check(projects) if args.check else write(projects)


if __name__ == "__main__":
    sys.exit(main())
