#!/usr/bin/env python3
"""Checks every #include in src/ against the layer rules written once in docs/design.md.

docs/design.md holds a fenced block tagged `layers`:

    module: allowed modules ... | third-party headers it may include

A module may include its own headers, the modules listed after it, and the third-party
header prefixes listed after `|`. Third-party prefixes not claimed by any module (the
standard library, nlohmann, fmt) are allowed everywhere. A module missing from the block,
an include of an unknown module, or a third-party header used outside its one folder fails.

Usage: check_layers.py REPO_ROOT
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def read_rules(design: pathlib.Path):
    text = design.read_text(encoding="utf-8")
    m = re.search(r"```layers\n(.*?)```", text, re.S)
    if not m:
        sys.exit(f"{design}: no ```layers block")
    modules, third_party = {}, {}
    for n, line in enumerate(m.group(1).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, rest = line.partition(":")
        deps, _, libs = rest.partition("|")
        modules[name.strip()] = set(deps.split())
        for lib in libs.split():
            third_party.setdefault(lib, set()).add(name.strip())
    return modules, third_party


def module_of(path: pathlib.Path, src: pathlib.Path):
    rel = path.relative_to(src)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem  # src/main.cpp -> "main"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    src = root / "src"
    modules, third_party = read_rules(root / "docs" / "design.md")
    problems = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h", ".inc"):
            continue
        mod = module_of(path, src)
        if mod not in modules:
            problems.append(f"{path.relative_to(root)}: module '{mod}' is not in docs/design.md's layers block")
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in INCLUDE.finditer(text):
            kind, header = m.group(1), m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            where = f"{path.relative_to(root)}:{line}"
            if kind == '"' and "/" in header and (src / header).exists():
                target = header.split("/", 1)[0]
                if target != mod and target not in modules[mod]:
                    problems.append(f"{where}: {mod}/ may not include {header} "
                                    f"(allowed: {' '.join(sorted(modules[mod])) or 'nothing'})")
                continue
            for prefix, owners in third_party.items():
                if header == prefix or header.startswith(prefix):
                    if mod not in owners:
                        problems.append(f"{where}: {header} belongs behind {'/, '.join(sorted(owners))}/ only")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} layer violation(s); the rules are in docs/design.md (```layers block)")
        return 1
    print(f"layers ok: {len(modules)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
