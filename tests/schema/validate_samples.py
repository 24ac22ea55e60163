#!/usr/bin/python3
"""Checks schemas/change.schema.json against the samples, against deliberately bad
specs, and against docs/spec-format.md (so that doc and schema cannot drift).

Usage: /usr/bin/python3 tests/schema/validate_samples.py [REPO_ROOT]

Uses Debian's python3-jsonschema and python3-yaml, hence /usr/bin/python3. Prints
`ok <name>` per passing check and `FAIL <name>: <why>` per failing one; the last line
is `N passed, M failed`; the exit status is non-zero when anything failed.
"""
import glob
import json
import os
import re
import sys

import jsonschema
import yaml

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA_PATH = os.path.join(ROOT, "schemas", "change.schema.json")
DOC_PATH = os.path.join(ROOT, "docs", "spec-format.md")

passed = 0
failed = 0


def ok(name):
    global passed
    passed += 1
    print(f"ok {name}")


def fail(name, why):
    global failed
    failed += 1
    print(f"FAIL {name}: {why}")


# YAML as schemashift reads it: schema_support.py (shared with validate_project.py).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_support import load_yaml, undescribed_properties  # noqa: E402

# --- schema ------------------------------------------------------------------------
try:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        SCHEMA = json.load(f)
    Validator = jsonschema.validators.validator_for(SCHEMA)
    Validator.check_schema(SCHEMA)
    VALIDATOR = Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    ok(f"schema {os.path.relpath(SCHEMA_PATH, ROOT)} is a valid {Validator.__name__}")
except Exception as e:  # noqa: BLE001 - report and stop, nothing else can run
    fail("schema", f"{SCHEMA_PATH}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1)


def all_messages(errors):
    """Every message of every error, including the alternatives tried inside oneOf/anyOf."""
    out = []
    for e in errors:
        out.append(f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}")
        out.extend(all_messages(e.context))
    return out


def errors_of(doc):
    return sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))


def short(errors):
    best = jsonschema.exceptions.best_match(errors)
    path = "/".join(str(p) for p in best.absolute_path) or "<root>"
    return f"{path}: {best.message}"[:300]


# --- 1. every sample validates ---------------------------------------------------------
samples = sorted(glob.glob(os.path.join(ROOT, "samples", "*.yaml")))
if not samples:
    fail("samples", "no samples/*.yaml found")
issues_seen = {}
for path in samples:
    rel = os.path.relpath(path, ROOT)
    try:
        with open(path, encoding="utf-8") as f:
            doc = load_yaml(f.read())
    except yaml.YAMLError as e:
        fail(rel, f"YAML: {e}")
        continue
    errs = errors_of(doc)
    if errs:
        fail(rel, "; ".join(all_messages(errs)[:5]))
        continue
    problems = []
    schema_file = os.path.join(os.path.dirname(path), doc["schema"])
    if not os.path.isfile(schema_file):
        problems.append(f"schema file {doc['schema']} does not exist")
    if doc["issue"] in issues_seen:
        problems.append(f"issue {doc['issue']} also used by {issues_seen[doc['issue']]}")
    issues_seen[doc["issue"]] = rel
    if not os.path.basename(path).startswith(f"{doc['issue']}-"):
        problems.append(f"file name does not start with the issue number {doc['issue']}-")
    if problems:
        fail(rel, "; ".join(problems))
    else:
        ok(rel)

# --- 2. specs that must pass / must fail --------------------------------------------
HEADER = """\
issue: 42
title: Test spec
purpose: Exercise the schema.
author: Test <test@example.com>
created: 2024-03-01T12:00:00Z
schema: schema.sql
"""
ONE_OP = """\
operations:
  - drop_index: {name: users_email_idx}
"""

# Every operation and most optional keys, once; must be valid.
KITCHEN_SINK = HEADER + """\
service: billing-service
name: kitchen_sink-1
rows: {users: 2000000, billing.invoices: 10}
settings:
  lock_timeout: 2s
  statement_timeout: 0
  lock_retries: 0
  batch_size: 500
  batch_pause: 1min
  pg_version: 11
strategy: online
operations:
  - create_table:
      table: billing.invoices
      comment: Invoices
      columns:
        - {name: id, type: bigint, identity: always}
        - {name: user_id, type: bigint, nullable: false,
           references: {table: users, column: id, on_delete: set_null, on_update: cascade, name: invoices_user_fk}}
        - {name: owner_id, type: bigint, references: {table: users, column: id, on_delete: no_action}}
        - {name: number, type: varchar(20), unique: true, comment: Human number}
        - {name: amount, type: "numeric(12,2)", default: 0, check: amount >= 0}
        - {name: paid, type: boolean, default: false}
        - {name: note, type: text, default: null}
        - {name: tags, type: "text[]", default_expr: "'{}'::text[]"}
      primary_key: [id]
      constraints:
        - {type: unique, name: invoices_user_number_key, columns: [user_id, number]}
        - {type: check, expr: amount < 1000000}
        - {type: foreign_key, columns: [owner_id], references: {table: users, columns: [id]},
           on_delete: restrict, on_update: no_action, name: invoices_owner_fk}
  - drop_table: {table: old_invoices}
  - rename_table: {table: billing.bills, to: statements, strategy: offline}
  - add_column:
      table: users
      column: {name: plan, type: varchar(20), nullable: false, default: free}
      backfill: "'free'"
  - drop_column: {table: users, column: fax}
  - rename_column: {table: users, column: name, to: full_name}
  - change_column_type: {table: users, column: age, type: bigint, using: "age::bigint", reverse_using: "age::integer"}
  - set_not_null: {table: users, column: phone, fill_expr: "''"}
  - set_not_null: {table: users, column: age, fill: 0}
  - drop_not_null: {table: users, column: email}
  - set_default: {table: orders, column: status, default: pending}
  - set_default: {table: orders, column: note, default: null}
  - set_default: {table: orders, column: created_at, default_expr: now()}
  - drop_default: {table: orders, column: total}
  - add_index:
      table: users
      name: users_lower_email_idx
      unique: true
      method: btree
      columns:
        - {expr: lower(email)}
        - {column: created_at, order: desc, nulls: last}
        - {column: name, opclass: text_pattern_ops}
        - id
      include: [phone]
      where: deleted_at IS NULL
  - add_index: {table: events, columns: [payload], method: gin}
  - drop_index: {name: billing.invoices_old_idx}
  - add_foreign_key:
      table: orders
      columns: [customer_id]
      references: {table: customers, columns: [id]}
      on_delete: set_default
      on_update: restrict
      name: orders_customer_fk
  - add_check: {table: orders, expr: total >= 0}
  - add_unique: {table: users, columns: [email], name: users_email_key}
  - drop_constraint: {table: users, name: users_email_key}
  - backfill:
      table: users
      set: {full_name: name, age: "coalesce(age, 0)"}
      where: full_name IS NULL
      batch_size: 250
  - sql:
      up: CREATE INDEX CONCURRENTLY x_idx ON users (created_at);
      down: DROP INDEX CONCURRENTLY x_idx;
      transactional: false
      phase: migrate
      description: raw index
  - sql: {up: "SELECT 1;", phase: contract}
"""

GOOD = [
    ("minimal spec", HEADER + ONE_OP),
    ("every operation (kitchen sink)", KITCHEN_SINK),
    ("durations 0, 0ms, 500ms, 30s, 2min", HEADER + """\
settings: {lock_timeout: 0, statement_timeout: "0", batch_pause: 0ms}
""" + ONE_OP),
    ("strategy offline", HEADER + "strategy: offline\n" + ONE_OP),
    ("schema: a folder of migrations", HEADER.replace("schema: schema.sql", "schema: ../backend/users/migrations/") + ONE_OP),
    ("schema: {database: ENV_VAR}", HEADER.replace("schema: schema.sql", "schema: {database: DATABASE_URL_USERS}") + ONE_OP),
]

# (name, spec text, substring expected among the error messages)
BAD = [
    ("schema: a map without database", HEADER.replace("schema: schema.sql", "schema: {url: postgresql://h/db}") + ONE_OP,
     "is not valid under any of the given schemas"),
    ("unknown top-level key", HEADER + "isue: 7\n" + ONE_OP, "'isue' was unexpected"),
    ("unknown key in an operation", HEADER + """\
operations:
  - add_column: {table: users, colum: {name: x, type: int}}
""", "'colum' was unexpected"),
    ("unknown key in a column", HEADER + """\
operations:
  - add_column: {table: users, column: {name: x, type: int, nulable: false}}
""", "'nulable' was unexpected"),
    ("unknown key in settings", HEADER + "settings: {lock_timeout: 1s, batch: 10}\n" + ONE_OP,
     "'batch' was unexpected"),
    ("add_foreign_key without on_delete", HEADER + """\
operations:
  - add_foreign_key: {table: orders, columns: [customer_id], references: {table: customers, columns: [id]}}
""", "'on_delete' is a required property"),
    ("column references without on_delete", HEADER + """\
operations:
  - add_column:
      table: orders
      column: {name: customer_id, type: bigint, references: {table: customers, column: id}}
""", "'on_delete' is a required property"),
    ("create_table foreign_key constraint without on_delete", HEADER + """\
operations:
  - create_table:
      table: t
      columns: [{name: a, type: bigint}]
      constraints: [{type: foreign_key, columns: [a], references: {table: users, columns: [id]}}]
""", "'on_delete' is a required property"),
    ("bad on_delete value", HEADER + """\
operations:
  - add_foreign_key: {table: orders, columns: [customer_id], references: {table: customers, columns: [id]}, on_delete: "set null"}
""", "'set null' is not one of"),
    ("column references without column", HEADER + """\
operations:
  - add_column:
      table: orders
      column: {name: customer_id, type: bigint, references: {table: customers, on_delete: restrict}}
""", "'column' is a required property"),
    ("add_foreign_key references without columns", HEADER + """\
operations:
  - add_foreign_key: {table: orders, columns: [customer_id], references: {table: customers}, on_delete: restrict}
""", "'columns' is a required property"),
    ("default and default_expr together", HEADER + """\
operations:
  - add_column: {table: users, column: {name: x, type: int, default: 1, default_expr: "2"}}
""", "should not be valid under {'required': ['default', 'default_expr']}"),
    ("set_default with both default and default_expr", HEADER + """\
operations:
  - set_default: {table: users, column: x, default: 1, default_expr: "2"}
""", "is valid under each of"),
    ("set_default with neither", HEADER + """\
operations:
  - set_default: {table: users, column: x}
""", "is not valid under any of the given schemas"),
    ("fill and fill_expr together", HEADER + """\
operations:
  - set_not_null: {table: users, column: phone, fill: "", fill_expr: "''"}
""", "should not be valid under {'required': ['fill', 'fill_expr']}"),
    ("bad duration '500 ms'", HEADER + "settings: {lock_timeout: 500 ms}\n" + ONE_OP, "'500 ms'"),
    ("bad duration unit '5h'", HEADER + "settings: {statement_timeout: 5h}\n" + ONE_OP, "'5h'"),
    ("bad duration without unit '500'", HEADER + "settings: {batch_pause: 500}\n" + ONE_OP, "500"),
    # In a YAML flow mapping a comma ends the value: type numeric(3,2) must be quoted.
    ("unquoted comma in a flow-mapping type", HEADER + """\
operations:
  - add_column: {table: contacts, column: {name: score, type: numeric(3,2)}}
""", "'2)' was unexpected"),
    ("two keys in one operation item", HEADER + """\
operations:
  - add_column: {table: users, column: {name: x, type: int}}
    add_index: {table: users, columns: [x]}
""", "has too many properties"),
    ("unknown operation", HEADER + """\
operations:
  - add_colum: {table: users, column: {name: x, type: int}}
""", "'add_colum' was unexpected"),
    ("operation item that is not a map", HEADER + "operations:\n  - add_column\n", "is not of type 'object'"),
    ("empty operations", HEADER + "operations: []\n", "is too short"),
    ("missing required key (author)", HEADER.replace("author: Test <test@example.com>\n", "") + ONE_OP,
     "'author' is a required property"),
    ("created not UTC", HEADER.replace("12:00:00Z", "12:00:00+02:00") + ONE_OP, "does not match"),
    ("created as a date only", HEADER.replace("2024-03-01T12:00:00Z", "2024-03-01") + ONE_OP, "does not match"),
    ("issue 0", HEADER.replace("issue: 42", "issue: 0") + ONE_OP, "less than the minimum of 1"),
    ("issue as a string", HEADER.replace("issue: 42", "issue: '#42'") + ONE_OP, "is not of type 'integer'"),
    ("pg_version out of range", HEADER + "settings: {pg_version: 9}\n" + ONE_OP, "less than the minimum of 11"),
    ("name without letters or digits", HEADER + "name: '--'\n" + ONE_OP, "does not match"),
    ("YAML 1.1 'yes' is not a boolean", HEADER + """\
operations:
  - add_column: {table: users, column: {name: x, type: int, nullable: yes}}
""", "'yes' is not of type 'boolean'"),
    ("unknown strategy", HEADER + "strategy: fast\n" + ONE_OP, "'fast' is not one of"),
    ("primary_key in add_column", HEADER + """\
operations:
  - add_column: {table: users, column: {name: x, type: bigint, primary_key: true}}
""", "should not be valid under {'required': ['primary_key']}"),
    ("name longer than 63 bytes", HEADER + """\
operations:
  - add_index: {table: users, columns: [email], name: %s}
""" % ("i" * 64), "is too long"),
    ("sql phase unknown", HEADER + """\
operations:
  - sql: {up: "SELECT 1", phase: cleanup}
""", "'cleanup' is not one of"),
    ("sql without up", HEADER + """\
operations:
  - sql: {down: "SELECT 1"}
""", "'up' is a required property"),
    ("backfill without set", HEADER + """\
operations:
  - backfill: {table: users, where: x IS NULL}
""", "'set' is a required property"),
    ("negative row hint", HEADER + "rows: {users: -1}\n" + ONE_OP, "less than the minimum of 0"),
]

for name, text, _ in [(n, t, None) for n, t in GOOD]:
    try:
        errs = errors_of(load_yaml(text))
    except yaml.YAMLError as e:
        fail(f"valid: {name}", f"YAML: {e}")
        continue
    if errs:
        fail(f"valid: {name}", "; ".join(all_messages(errs)[:5]))
    else:
        ok(f"valid: {name}")

for name, text, expect in BAD:
    try:
        doc = load_yaml(text)
    except yaml.YAMLError as e:
        fail(f"rejects: {name}", f"the test spec itself is not YAML: {e}")
        continue
    errs = errors_of(doc)
    if not errs:
        fail(f"rejects: {name}", "accepted, but must be rejected")
        continue
    messages = all_messages(errs)
    if not any(expect in m for m in messages):
        fail(f"rejects: {name}", f"rejected, but not for the expected reason ({expect!r}); got: {short(errs)}")
    else:
        ok(f"rejects: {name}")

# A duplicate key is rejected by the loader (JSON Schema cannot see it).
try:
    load_yaml(HEADER + "issue: 43\n" + ONE_OP)
    fail("rejects: duplicate key", "accepted, but must be rejected")
except yaml.constructor.ConstructorError:
    ok("rejects: duplicate key")

# --- 3. doc and schema cannot drift --------------------------------------------------
DEFS = SCHEMA.get("definitions") or SCHEMA.get("$defs") or {}


def resolve(node):
    """Follow $ref (also through a single-element allOf wrapper) to the definition."""
    while isinstance(node, dict):
        if "$ref" in node:
            node = DEFS[node["$ref"].split("/")[-1]]
        elif "allOf" in node and "properties" not in node and len(node["allOf"]) >= 1 and "$ref" in node["allOf"][0]:
            node = DEFS[node["allOf"][0]["$ref"].split("/")[-1]]
        else:
            return node
    return node


def schema_operations():
    ops = {}
    for branch in resolve(SCHEMA["properties"]["operations"]["items"])["oneOf"]:
        (name,) = branch["required"]
        ops[name] = resolve(branch["properties"][name])
    return ops


with open(DOC_PATH, encoding="utf-8") as f:
    DOC = f.read()


def section(title):
    m = re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    return m.group(1) if m else ""


def table_rows(text):
    """Rows of a markdown table whose first cell is a `code` name: (name, [other cells])."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"^\|\s*`([^`]+)`(?:\s*/\s*`([^`]+)`)?\s*\|(.*)\|\s*$", line)
        if m:
            names = [m.group(1)] + ([m.group(2)] if m.group(2) else [])
            rows.append((names, [c.strip() for c in m.group(3).split("|")]))
    return rows


def check(name, problems):
    if problems:
        fail(name, "; ".join(problems))
    else:
        ok(name)


ops = schema_operations()
doc_ops = {}
for names, cells in table_rows(section("Operations")):
    keys_cell = cells[0]
    keys = {}
    # `table`, `columns`, `primary_key: [cols]`, `fill` / `fill_expr`, `on_delete` (required)
    for m in re.finditer(r"`([a-z_]+)[^`]*`(\s*\(required\))?", keys_cell):
        keys[m.group(1)] = bool(m.group(2))
    doc_ops[names[0]] = keys

problems = []
if not doc_ops:
    problems.append("no operations table found in the doc's Operations section")
problems += [f"operation {o!r} is in the doc but not in the schema" for o in sorted(set(doc_ops) - set(ops))]
problems += [f"operation {o!r} is in the schema but not in the doc" for o in sorted(set(ops) - set(doc_ops))]
check(f"doc: the {len(doc_ops)} operations of the doc's table are the schema's operations", problems)

problems = []
for op_name, doc_keys in sorted(doc_ops.items()):
    if op_name not in ops:
        continue
    props = set(ops[op_name]["properties"])
    if "strategy" not in props:
        problems.append(f"{op_name}: no per-operation strategy")
    props.discard("strategy")
    for k in sorted(set(doc_keys) - props):
        problems.append(f"{op_name}: doc key {k!r} missing in the schema")
    for k in sorted(props - set(doc_keys)):
        problems.append(f"{op_name}: schema key {k!r} not in the doc")
    for k, required in doc_keys.items():
        if required and k not in ops[op_name].get("required", []):
            problems.append(f"{op_name}: the doc says {k!r} is required, the schema does not")
check("doc: every operation's keys match the schema (and strategy everywhere)", problems)

column = resolve({"$ref": "#/definitions/column"})
doc_col_keys = set()
for names, cells in table_rows(section("Columns")):
    doc_col_keys.update(names)
problems = [f"column key {k!r} is in the doc but not in the schema" for k in sorted(doc_col_keys - set(column["properties"]))]
problems += [f"column key {k!r} is in the schema but not in the doc" for k in sorted(set(column["properties"]) - doc_col_keys)]
if "on_delete" not in resolve(column["properties"]["references"]).get("required", []):
    problems.append("column references: on_delete is not required")
check(f"doc: the {len(doc_col_keys)} column keys match the schema", problems)

# The doc's example spec: its keys are the schema's top-level keys and it validates.
m = re.search(r"```yaml\n(.*?)```", DOC, re.S)
problems = []
if not m:
    problems.append("no ```yaml example in the doc")
else:
    example_text = m.group(1)
    example = load_yaml(example_text)
    top = set(SCHEMA["properties"])
    problems += [f"top-level key {k!r} is in the doc example but not in the schema" for k in sorted(set(example) - top)]
    problems += [f"top-level key {k!r} is in the schema but not in the doc example" for k in sorted(top - set(example))]
    doc_required = {mm.group(1) for mm in re.finditer(r"^([a-z_]+):.*#\s*required", example_text, re.M)}
    if doc_required != set(SCHEMA["required"]):
        problems.append(f"required keys differ: doc {sorted(doc_required)} vs schema {sorted(SCHEMA['required'])}")
    settings = resolve(SCHEMA["properties"]["settings"])
    if set(example.get("settings", {})) != set(settings["properties"]):
        problems.append(f"settings differ: doc {sorted(example.get('settings', {}))} vs schema {sorted(settings['properties'])}")
    errs = errors_of(example)
    if errs:
        problems.append("the example does not validate: " + short(errs))
check("doc: the example spec's keys, required keys and settings match the schema, and it validates", problems)

# Every property carries a description (editors show them).
problems = undescribed_properties(SCHEMA)
for required in ("$id", "title", "description"):
    if not SCHEMA.get(required):
        problems.append(f"no {required}")
check("schema: $id, title, and a description on every property", [f"no description: {p}" for p in problems[:10]])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
