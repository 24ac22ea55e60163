#!/usr/bin/env python3
"""Sanity checks on `schemashift lint --format json` over one corpus project.

    check_lint_json.py PROJECT_DIR LINT_JSON

Checks: every *.sql file of the project is reported exactly once; no file has a parse
error or a syntax-error finding; every file has at least one statement; and the number of
statements the linter found equals the number counted here by an independent splitter
(comments, quoted strings and identifiers, dollar quotes and psql meta-command lines are
skipped; every top-level ';' ends a statement).
"""
import json
import re
import sys
from pathlib import Path

DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def count_statements(text: str) -> int:
    """Statements in a script: top-level ';'-separated pieces with some SQL in them."""
    count = 0
    has_sql = False
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c in " \t":
            i += 1
            continue
        if at_line_start and c == "\\":
            i = skip_to_eol(text, i)  # psql meta-command: the parser blanks the line
            continue
        at_line_start = False
        if c == "\n":
            at_line_start = True
            i += 1
        elif text.startswith("--", i):
            i = skip_to_eol(text, i)
        elif text.startswith("/*", i):
            i = skip_block_comment(text, i)
        elif c == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not is_ident_char(text[i - 2]))
            i = skip_quoted(text, i, "'", escapes)
            has_sql = True
        elif c == '"':
            i = skip_quoted(text, i, '"', False)
            has_sql = True
        elif c == "$" and (i == 0 or not is_ident_char(text[i - 1])) and DOLLAR_TAG.match(text, i):
            tag = DOLLAR_TAG.match(text, i).group(0)
            end = text.find(tag, i + len(tag))
            i = n if end < 0 else end + len(tag)
            has_sql = True
        elif c == ";":
            if has_sql:
                count += 1
            has_sql = False
            i += 1
        else:
            if not c.isspace():
                has_sql = True
            i += 1
    return count + (1 if has_sql else 0)


def is_ident_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def skip_to_eol(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end  # the newline itself is handled by the caller


def skip_block_comment(text: str, i: int) -> int:
    depth = 0
    while i < len(text):
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return i


def skip_quoted(text: str, i: int, quote: str, backslash_escapes: bool) -> int:
    i += 1
    while i < len(text):
        c = text[i]
        if backslash_escapes and c == "\\":
            i += 2
        elif c == quote:
            if text.startswith(quote * 2, i):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return i


def main() -> int:
    project_dir, json_path = Path(sys.argv[1]), sys.argv[2]
    doc = json.load(open(json_path, encoding="utf-8"))
    problems = []
    reported = {}
    for f in doc["files"]:
        # Paths relative to the project ("V1__x.sql", "2023-..._users/up.sql" in a folder history).
        name = Path(f["path"]).relative_to(project_dir.name).as_posix()
        if name in reported:
            problems.append(f"{f['path']}: reported twice")
        reported[name] = f
    sql_files = sorted(p.relative_to(project_dir).as_posix() for p in project_dir.rglob("*.sql"))
    for name in sorted(set(sql_files) - reported.keys()):
        problems.append(f"{name}: not in the lint output")
    for name in sorted(reported.keys() - set(sql_files)):
        problems.append(f"{name}: reported, but not a *.sql file of {project_dir.name}")

    for name in sql_files:
        f = reported.get(name)
        if f is None:
            continue
        if "parse_error" in f:
            problems.append(f"{name}: parse error: {f['parse_error']}")
        for finding in f["findings"]:
            if finding["rule"] == "syntax-error":
                problems.append(f"{name}:{finding['line']}: syntax-error finding: {finding['message']}")
        got = len(f["statements"])
        want = count_statements((project_dir / name).read_text(encoding="utf-8"))
        if got < 1:
            problems.append(f"{name}: no statements")
        if got != want:
            problems.append(f"{name}: linter found {got} statements, the file holds {want}")

    for p in problems:
        print(f"{project_dir.name}/{p}", file=sys.stderr)
    if not problems:
        total = sum(len(f["statements"]) for f in doc["files"])
        print(f"{project_dir.name}: {len(sql_files)} files, {total} statements, json checks passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
