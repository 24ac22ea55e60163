#!/usr/bin/env python3
"""The JSON and log reading of bench/stall_bench.sh, which stays plain bash around it.

  stall_stats.py plan DRY_RUN.json BLOCKER_MODE TABLE...
      From `schemashift run --dry-run --format json`: prints "WINDOW TABLE LOCK" —
      WINDOW 1 when a planned file is REQUIRES_MAINTENANCE_WINDOW (0 otherwise, "blocked"
      when one is BLOCKED); TABLE the table a blocker should hold: the first one, in plan
      order, on which a migration asks for a lock that conflicts with the blocker's
      (BLOCKER_MODE "update": ROW EXCLUSIVE, "select": ACCESS SHARE), else the first
      TABLE given (the sample's tables); LOCK that lock's mode, spaces as "_" ("-" when
      none conflicts).
  stall_stats.py outcome RUN.json RUN.stderr
      From `schemashift run --format json` and its progress lines (stderr): prints
      "DONE PLANNED RETRIES WAITED_S EXIT" — files applied and planned, lock retries, seconds
      spent waiting (without queueing) for conflicting locks, exit code.
  stall_stats.py latency FROM TO LOG...
      From pgbench's per-transaction logs (-l): prints "MAX_MS P99_MS N P99_BEFORE_MS
      MAX_SENT_MS" for the transactions that overlap [FROM, TO] (Unix seconds) and, for
      P99_BEFORE_MS, those that ended before FROM. Latencies count from the scheduled
      start (--rate); MAX_SENT_MS from the moment the query was sent (without the
      schedule lag).
"""
import json
import math
import re
import sys

# Lock modes that conflict with the blocker's (PostgreSQL's table-level lock matrix).
CONFLICTS = {
    "update": {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"},  # ROW EXCLUSIVE
    "select": {"ACCESS EXCLUSIVE"},  # ACCESS SHARE
}
LOCK = re.compile(r"^(?P<mode>[A-Z ]+?) on (?P<table>\S+)")


def plan(path, mode, tables):
    doc = json.load(open(path))
    verdicts = {p.get("verdict") for p in doc.get("planned", [])}
    window = "blocked" if "BLOCKED" in verdicts else "1" if "REQUIRES_MAINTENANCE_WINDOW" in verdicts else "0"
    for migration in doc.get("planned", []):
        for lock in migration.get("locks", []):
            m = LOCK.match(lock)
            if not m:
                continue
            table = m["table"].split(".")[-1]
            if m["mode"] in CONFLICTS[mode] and table in tables:
                print(window, table, m["mode"].replace(" ", "_"))
                return
    print(window, tables[0], "-")


def outcome(path, stderr_path):
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        doc = {}
    # Progress lines on stderr: "attempt 1 of 6: <error> — rolled back, retrying in N ms"
    # per lock retry (also of a file that finally failed, which done[] leaves out), and
    # "waited 2.8 s without queueing for pid ..." per wait for a conflicting lock.
    retries, waited = 0, 0.0
    scale = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0}
    try:
        for line in open(stderr_path, errors="replace"):
            if re.search(r"attempt [0-9]+ of [0-9]+: ", line):
                retries += 1
            m = re.search(r"waited ([0-9.]+) (ms|s|min|h) without queueing", line)
            if m:
                waited += float(m[1]) * scale[m[2]]
    except OSError:
        pass
    print(len(doc.get("done", [])), len(doc.get("planned", [])), retries, f"{waited:.1f}", doc.get("exit_code", "-"))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)] if ordered else float("nan")


def latency(start, end, logs):
    during, sent, before = [], [], []
    for path in logs:
        for line in open(path):
            f = line.split()
            # client tx_no latency_us script epoch_s epoch_us [schedule_lag_us]; a failed
            # transaction has a word instead of the latency.
            if len(f) < 6 or not f[2].isdigit():
                continue
            ms = int(f[2]) / 1000.0
            lag = int(f[6]) / 1000.0 if len(f) > 6 and f[6].isdigit() else 0.0
            done = int(f[4]) + int(f[5]) / 1e6
            # Under --rate the latency counts from the scheduled start: the time the
            # application wanted the answer, including any wait to be sent (its client
            # still busy with a slow query, or pgbench itself short of CPU).
            began = done - ms / 1000.0
            if began < end and done > start:
                during.append(ms)
                sent.append(ms - lag)
            elif done <= start:
                before.append(ms)
    if not during:
        print("nan nan 0", f"{percentile(before, 0.99):.1f}", "nan")
        return
    print(f"{max(during):.1f} {percentile(during, 0.99):.1f} {len(during)} {percentile(before, 0.99):.1f} {max(sent):.1f}")


def main(argv):
    if len(argv) >= 4 and argv[1] == "plan":
        plan(argv[2], argv[3], argv[4:] or ["-"])
    elif len(argv) == 4 and argv[1] == "outcome":
        outcome(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "latency":
        latency(float(argv[2]), float(argv[3]), argv[4:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
