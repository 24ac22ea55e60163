#!/usr/bin/env python3
"""Applies every corpus project to a scratch PostgreSQL database, the way its runner would.

A manual sanity check (not a ctest: it needs a server and takes a while):

    scripts/pg-test-cluster.sh start /tmp/pgcorpus
    eval "$(scripts/pg-test-cluster.sh env /tmp/pgcorpus | sed 's/^/export /')"
    tests/lint/corpus/apply_check.py            # all projects, or name some
    scripts/pg-test-cluster.sh stop /tmp/pgcorpus

Each project gets a fresh database. Execution follows each tool's transaction rules
(postgres-facts.md section 7):
  flyway          V files in version order, each in one transaction (psql -1) unless a
                  .sql.conf says executeInTransaction=false or the file holds a CONCURRENTLY
                  statement (Flyway detects those); U<v> is applied right after V<v>, then
                  V<v> again; R__ files last.
  sqlx            versions in order; a file starting with `-- no-transaction` is sent as one
                  query string, any other inside BEGIN/COMMIT; each pair runs up, down, up.
  golang-migrate  every file sent as one query string; each pair runs up, down, up.
  diesel          folders in version order, up.sql/down.sql in one transaction unless the
                  folder's metadata.toml says run_in_transaction = false (then one query
                  string); each folder runs up, down, up.
  psql            psql -f, autocommit, the script's own BEGIN/COMMIT.
Files that fail by design (README.md) must fail; anything else failing is an error.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Files whose failure is the point: CONCURRENTLY inside a transaction block.
EXPECTED_FAILURES = {
    "saas-sqlx/20230404160000_index_api_keys_tenant_id.up.sql",
    "saas-sqlx/20230404160000_index_api_keys_tenant_id.down.sql",
    "ops-psql/017_index_fuel_logs_vehicle.sql",
}


class Runner:
    def __init__(self, project: str):
        self.project = project
        self.db = "corpus_" + project.replace("-", "_")
        self.errors = []
        self.applied = 0
        self.failed_as_expected = []

    def admin(self, statement: str) -> None:
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", statement],
                       check=True)

    def fresh_database(self) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {self.db}")
        self.admin(f"CREATE DATABASE {self.db}")

    def run(self, path: Path, mode: str) -> None:
        """mode: 'file' (psql -f), 'tx' (psql -1 -f), 'string' (one query string)."""
        rel = path.relative_to(ROOT).as_posix()
        base = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.db]
        if mode == "string":
            cmd = base + ["-c", path.read_text()]
        elif mode == "tx":
            cmd = base + ["-1", "-f", str(path)]
        else:
            cmd = base + ["-f", str(path)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        failed = proc.returncode != 0
        if rel in EXPECTED_FAILURES:
            if failed:
                self.failed_as_expected.append(rel)
            else:
                self.errors.append(f"{rel}: expected to fail, but applied")
            return
        if failed:
            self.errors.append(f"{rel} ({mode}): {proc.stderr.strip()}")
        else:
            self.applied += 1


def flyway_version(name: str):
    m = re.match(r"^[VU]([0-9._]+)__", name)
    return tuple(int(x) for x in re.split(r"[._]", m.group(1)))


def check_flyway(r: Runner, folder: Path) -> None:
    versioned = sorted((f for f in folder.glob("V*__*.sql")), key=lambda f: flyway_version(f.name))
    undo = {flyway_version(f.name): f for f in folder.glob("U*__*.sql")}

    def mode(f: Path) -> str:
        conf = f.with_name(f.name + ".conf")
        if conf.exists() and "executeInTransaction=false" in conf.read_text():
            return "file"
        return "file" if "CONCURRENTLY" in f.read_text() else "tx"

    for f in versioned:
        r.run(f, mode(f))
        u = undo.get(flyway_version(f.name))
        if u:
            r.run(u, "tx")
            r.run(f, mode(f))
    for f in sorted(folder.glob("R__*.sql")):
        r.run(f, "tx")


def sqlx_mode(f: Path) -> str:
    return "string" if f.read_bytes().startswith(b"-- no-transaction") else "tx"


def check_versioned_pairs(r: Runner, folder: Path, mode_of) -> None:
    names = sorted(f.name for f in folder.glob("*.sql"))
    for name in names:
        if name.endswith(".down.sql"):
            continue
        f = folder / name
        r.run(f, mode_of(f))
        if name.endswith(".up.sql"):
            down = folder / name.replace(".up.sql", ".down.sql")
            r.run(down, mode_of(down))
            r.run(f, mode_of(f))


def check_diesel(r: Runner, folder: Path) -> None:
    for d in sorted(p for p in folder.iterdir() if p.is_dir()):
        meta = d / "metadata.toml"
        mode = "string" if meta.exists() and "run_in_transaction = false" in meta.read_text() else "tx"
        r.run(d / "up.sql", mode)
        r.run(d / "down.sql", mode)
        r.run(d / "up.sql", mode)


def check_psql(r: Runner, folder: Path) -> None:
    for f in sorted(folder.glob("*.sql")):
        r.run(f, "file")


CHECKS = {
    "shop-flyway": check_flyway,
    "saas-sqlx": lambda r, d: check_versioned_pairs(r, d, sqlx_mode),
    "blog-migrate": lambda r, d: check_versioned_pairs(r, d, lambda f: "string"),
    "ops-psql": check_psql,
    "diesel-app": check_diesel,
}


def main() -> int:
    if not os.environ.get("PGHOST"):
        print("set PGHOST/PGPORT/PGUSER (scripts/pg-test-cluster.sh env DIR)", file=sys.stderr)
        return 2
    projects = sys.argv[1:] or list(CHECKS)
    status = 0
    for project in projects:
        r = Runner(project)
        r.fresh_database()
        CHECKS[project](r, ROOT / project)
        print(f"{project}: {r.applied} file runs applied, {len(r.failed_as_expected)} failed as expected, "
              f"{len(r.errors)} errors")
        for e in r.errors:
            print(f"  ERROR {e}")
        if r.errors:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
