#!/usr/bin/env python3
"""Literal defaults x column types, schemashift's validation against PostgreSQL's own.

    tests/e2e/literals/literal_test.py BIN TABLE WORKDIR

TABLE (literals.txt) lists `EXPECT TYPE :: LITERAL` rows. The test
  1. writes one spec: a create_table whose column c<N> has row N's type and `default:`, and
     runs `BIN plan` on it: the rows refused (literal-not-valid-for-type at their line) must
     be exactly the `refused` rows, with no other error;
  2. asks schemashift how it writes each literal in SQL (the same defaults on text columns,
     `plan --format json`), and has PostgreSQL take each row's default on its own
     (CREATE TABLE with the DEFAULT, INSERT DEFAULT VALUES): `ok` rows must be taken,
     `refused` and `undetected` rows refused;
  3. scaffolds the spec with the `ok` rows only and applies its up file, then inserts a row
     of defaults: the generated migration itself works.
Connection: PGHOST/PGPORT/PGUSER as every e2e test. Last line: PASS or FAIL.
"""
import json
import os
import re
import subprocess
import sys

SCHEMA = """-- literal_test.py: the enum the table's `mood` rows use, with a label added later.
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE public.mood ADD VALUE 'ecstatic';
"""


def fail(msg):
    print(f"FAIL literals: {msg}")
    sys.exit(1)


def read_table(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            head, sep, literal = line.partition(" :: ")
            expect, _, type_ = head.partition(" ")
            if not sep or expect not in ("ok", "refused", "undetected") or not type_:
                fail(f"{path}:{number}: not `EXPECT TYPE :: LITERAL`: {line}")
            rows.append({"line": number, "expect": expect, "type": type_, "literal": literal})
    return rows


def write_spec(path, rows, type_of):
    """A create_table with one column per row; returns each row's `default:` line."""
    out = [
        "issue: 9200",
        "title: Literal defaults of every type family",
        "purpose: |",
        "  tests/e2e/literals: each column's default is one row of literals.txt.",
        "author: schemashift tests <tests@example.com>",
        "created: 2024-06-01T10:00:00Z",
        "schema: schema.sql",
        "operations:",
        "  - create_table:",
        "      table: literals",
        "      columns:",
    ]
    lines = []
    for i, row in enumerate(rows):
        out.append(f"        - name: c{i}")
        out.append(f"          type: \"{type_of(row)}\"")
        out.append(f"          default: {row['literal']}")
        lines.append(len(out))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return lines


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def psql(db, sql):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql)


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    bin_, table, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    rows = read_table(table)
    with open(os.path.join(work, "schema.sql"), "w") as f:
        f.write(SCHEMA)
    problems = []

    # 1. schemashift's verdicts.
    spec = os.path.join(work, "literals.yaml")
    lines = write_spec(spec, rows, lambda r: r["type"])
    r = run([bin_, "plan", "--spec", spec], env={**os.environ, "NO_COLOR": "1"})
    refused_lines = set()
    for m in re.finditer(r"^[^\n]*literals\.yaml:(\d+):\d+: error: (.*)$", r.stderr, re.M):
        if not m.group(2).endswith("[literal-not-valid-for-type]"):
            problems.append(f"unexpected error: {m.group(0)}")
        refused_lines.add(int(m.group(1)))
    if r.returncode not in (0, 2):
        fail(f"plan exited {r.returncode}: {r.stderr}")
    for row, line in zip(rows, lines):
        row["schemashift"] = "refused" if line in refused_lines else "accepted"
        if (row["expect"] == "refused") != (line in refused_lines):
            problems.append(f"literals.txt:{row['line']}: {row['type']} :: {row['literal']}: schemashift "
                            f"{row['schemashift']} it, the table expects {row['expect']}")

    # 2. The SQL schemashift writes for each literal (on text, which takes them all), and
    # PostgreSQL's verdict on each row alone.
    text_spec = os.path.join(work, "as-text.yaml")
    write_spec(text_spec, rows, lambda r: "text")
    r = run([bin_, "plan", "--spec", text_spec, "--format", "json"])
    if r.returncode != 0:
        fail(f"plan of the text columns failed: {r.stderr}")
    plan = json.loads(r.stdout)
    defaults = None
    for m in plan["migrations"]:
        for step in m["steps"]:
            for st in step["up_statements"]:
                native = st.get("native") or {}
                if native.get("kind") == "create_table":
                    defaults = {c["name"]: c["default"] for c in native["columns"]}
    if defaults is None:
        fail("no create_table action in the plan of the text columns")
    db = "e2e_literals"
    r = psql("postgres", f"SET client_min_messages = warning; DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db};")
    if r.returncode != 0:
        fail(f"cannot create {db}: {r.stderr}")
    r = psql(db, SCHEMA)
    if r.returncode != 0:
        fail(f"schema: {r.stderr}")
    script = []
    for i, row in enumerate(rows):
        sql = defaults[f"c{i}"]
        if "$q$" in sql:
            fail(f"literals.txt:{row['line']}: the test cannot quote {sql}")
        script.append(f"DO $do$ BEGIN EXECUTE $q$CREATE TEMP TABLE t{i} (c {row['type']} DEFAULT {sql})$q$; "
                      f"EXECUTE $q$INSERT INTO t{i} DEFAULT VALUES$q$; RAISE NOTICE 'row {i} taken'; "
                      f"EXCEPTION WHEN others THEN RAISE NOTICE 'row {i} refused: %', SQLERRM; END $do$;")
    r = psql(db, "\n".join(script))
    verdicts = {int(m.group(1)): (m.group(2), m.group(3) or "")
                for m in re.finditer(r"NOTICE:  row (\d+) (taken|refused)(?:: (.*))?", r.stderr)}
    for i, row in enumerate(rows):
        server, why = verdicts.get(i, ("missing", r.stderr[-300:]))
        row["server"] = server
        want = "taken" if row["expect"] == "ok" else "refused"
        if server != want:
            problems.append(f"literals.txt:{row['line']}: {row['type']} :: {row['literal']} (SQL {defaults[f'c{i}']}): "
                            f"PostgreSQL {server} it{': ' + why if why else ''}, the table expects {row['expect']}")

    # 3. The generated migration of the accepted rows, applied.
    ok_rows = [row for row in rows if row["expect"] == "ok"]
    ok_spec = os.path.join(work, "ok", "literals.yaml")
    os.makedirs(os.path.dirname(ok_spec), exist_ok=True)
    with open(os.path.join(work, "ok", "schema.sql"), "w") as f:
        f.write(SCHEMA)
    write_spec(ok_spec, ok_rows, lambda r: r["type"])
    out = os.path.join(work, "ok", "out")
    r = run([bin_, "scaffold", "--spec", ok_spec, "--out", out, "--format", "sql"])
    if r.returncode != 0:
        problems.append(f"scaffold of the ok rows failed: {r.stderr}")
    else:
        ups = sorted(f for f in os.listdir(os.path.join(out, "sql")) if f.endswith(".up.sql"))
        for up in ups:
            r = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", os.path.join(out, "sql", up)])
            if r.returncode != 0:
                problems.append(f"{up} failed on PostgreSQL: {r.stderr.strip()}")
        r = psql(db, "INSERT INTO literals DEFAULT VALUES;")
        if r.returncode != 0:
            problems.append(f"a row of the ok rows' defaults failed: {r.stderr.strip()}")
    if not os.environ.get("KEEP_DB"):
        psql("postgres", f"DROP DATABASE IF EXISTS {db};")

    counts = {k: sum(1 for row in rows if row["expect"] == k) for k in ("ok", "refused", "undetected")}
    types = sorted({row["type"] for row in rows})
    print(f"{len(rows)} literals over {len(types)} types: {counts['ok']} ok, {counts['refused']} refused, "
          f"{counts['undetected']} left to the server")
    if problems:
        for p in problems:
            print(p)
        fail(f"{len(problems)} rows disagree")
    print("PASS literals")


if __name__ == "__main__":
    main()
