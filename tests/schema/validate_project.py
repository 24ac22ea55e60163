#!/usr/bin/python3
"""Checks schemas/project.schema.json: it is a valid schema, accepts good project files
and rejects bad ones, and docs/project-file.md's example uses exactly its keys.

Usage: /usr/bin/python3 tests/schema/validate_project.py REPO_ROOT [FILE...]

Each FILE (e.g. what `schemashift init` wrote) must validate too. Prints `ok <name>` /
`FAIL <name>: <why>` and `N passed, M failed`; exits non-zero when anything failed.
"""
import json
import os
import re
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_support import load_yaml, undescribed_properties  # noqa: E402

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
FILES = sys.argv[2:]
passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print(f"ok {name}")


def fail(name, why):
    global failed
    failed += 1
    print(f"FAIL {name}: {why}")


with open(os.path.join(ROOT, "schemas", "project.schema.json"), encoding="utf-8") as f:
    SCHEMA = json.load(f)
Validator = jsonschema.validators.validator_for(SCHEMA)
Validator.check_schema(SCHEMA)
VALIDATOR = Validator(SCHEMA)
ok("schemas/project.schema.json is a valid schema")


def messages(doc):
    out = []

    def walk(errors):
        for e in errors:
            out.append(f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}")
            walk(e.context)
    walk(VALIDATOR.iter_errors(doc))
    return out


GOOD = [
    ("empty file", ""),
    ("lint only", "lint:\n  pg_version: 15\n  rules: {ban-truncate: off}\n"),
    ("defaults and a list of services", """\
defaults: {lock_timeout: 2s, statement_timeout: 0, batch_size: 500, batch_delay: 50ms, retries: 3, history_schema: ops}
services:
  - name: user-service
    changes: changes/user-service
    migrations: migrations/user-service
    format: sqlx
    database_env: DATABASE_URL_USER_SERVICE
    schema: backend/user-service/migrations
  - {name: feed, schema: {database: FEED_DB}}
"""),
    ("services as a map, one with every setting defaulted", "services:\n  media-service:\n  feed: {format: rails}\n"),
    ("commented-out defaults (null)", "defaults:\n  # lock_timeout: 1s\nservices: []\n"),
]
BAD = [
    ("unknown top-level key", "servces: []\n", "'servces' was unexpected"),
    ("unknown key in defaults", "defaults: {lock_timout: 1s}\n", "'lock_timout' was unexpected"),
    ("duration without a unit", "defaults: {lock_timeout: 500}\n", "500"),
    ("batch_size as text", "defaults: {batch_size: many}\n", "'many' is not of type 'integer'"),
    ("retries out of range", "defaults: {retries: 101}\n", "greater than the maximum of 100"),
    ("history_schema not an identifier", "defaults: {history_schema: My Schema}\n", "does not match"),
    ("services as a string", "services: user-service\n", "is not valid under any of the given schemas"),
    ("unknown service key", "services: [{name: a, migratons: x}]\n", "'migratons' was unexpected"),
    ("unknown format", "services: [{name: a, format: flyaway}]\n", "'flyaway' is not one of"),
    ("service without a name", "services: [{changes: x}]\n", "'name' is a required property"),
    ("service name with a space", "services: [{name: user service}]\n", "does not match"),
    ("database_env as a URL", "services: [{name: a, database_env: 'postgresql://h/db'}]\n", "does not match"),
    ("schema map without database", "services: [{name: a, schema: {url: x}}]\n", "is not valid under any of the given schemas"),
    ("unknown lint key", "lint: {rulez: {}}\n", "'rulez' was unexpected"),
]

for name, text in GOOD:
    errs = messages(load_yaml(text) or {})
    if errs:
        fail(f"valid: {name}", "; ".join(errs[:3]))
    else:
        ok(f"valid: {name}")
for name, text, expect in BAD:
    errs = messages(load_yaml(text))
    if not errs:
        fail(f"rejects: {name}", "accepted")
    elif not any(expect in m for m in errs):
        fail(f"rejects: {name}", f"not for {expect!r}: {errs[:3]}")
    else:
        ok(f"rejects: {name}")

for path in FILES:
    with open(path, encoding="utf-8") as f:
        errs = messages(load_yaml(f.read()) or {})
    if errs:
        fail(f"file: {path}", "; ".join(errs[:3]))
    else:
        ok(f"file: {path}")

# docs/project-file.md: its example uses every key of the schema, and validates.
with open(os.path.join(ROOT, "docs", "project-file.md"), encoding="utf-8") as f:
    DOC = f.read()
m = re.search(r"```yaml\n(.*?)```", DOC, re.S)
problems = []
if not m:
    problems.append("no ```yaml example")
else:
    example = load_yaml(m.group(1))
    problems += [f"the example: {e}" for e in messages(example)[:3]]
    defs = SCHEMA["definitions"]
    pairs = [
        ("top level", set(example), set(SCHEMA["properties"])),
        ("defaults", set(example.get("defaults") or {}), set(SCHEMA["properties"]["defaults"]["properties"])),
        ("service", set().union(*[set(s) for s in example.get("services") or [{}]]),
         set(defs["listedService"]["properties"])),
    ]
    for what, doc_keys, schema_keys in pairs:
        problems += [f"{what}: {k!r} in the doc, not in the schema" for k in sorted(doc_keys - schema_keys)]
        problems += [f"{what}: {k!r} in the schema, not in the doc example" for k in sorted(schema_keys - doc_keys)]
    formats = defs["listedService"]["properties"]["format"]["enum"]
    for fmt in formats:
        if f"`{fmt}`" not in DOC:
            problems.append(f"format {fmt!r} not mentioned in the doc")
if problems:
    fail("doc: docs/project-file.md's example matches the schema", "; ".join(problems))
else:
    ok("doc: docs/project-file.md's example matches the schema")

# Every property carries a description (editors show them).
missing = undescribed_properties(SCHEMA)
if missing:
    fail("schema: a description on every property", ", ".join(missing[:10]))
else:
    ok("schema: a description on every property")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
