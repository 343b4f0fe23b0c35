#!/usr/bin/env python3
"""Fails when a module includes a module it must not (ARCHITECTURE.md, "Module dependencies").

The allowed dependencies are the table under the heading "## Module dependencies" in
ARCHITECTURE.md: one row per module (a folder under src/medsearch/, a sub-folder of one such as
engine/search, or an app under apps/), its second column the modules it may include, each in
backquotes (prose beside them is ignored; "—" for none). A module may always include itself;
a sub-module may include its parent's own files only if the table says so. Every
`#include "medsearch/..."` of every source file is checked against its module's row; a folder
with sources but no row is an error too.

  scripts/check_module_deps.py [REPO_ROOT]      exit 0: clean; 1: violations (listed); 2: bad table
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"medsearch/([^"]+)"', re.M)
BACKTICKED = re.compile(r"`([^`]+)`")
SOURCE_ENDINGS = (".cpp", ".hpp", ".h", ".cu", ".cc")


def read_table(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^## Module dependencies\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        sys.exit(f"{path}: no '## Module dependencies' section")
    allowed = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        module = cells[0].strip("`")
        # The modules are the cell's `quoted` names; prose beside them (a parenthesis saying
        # why) is ignored. A cell without a quoted name must say "none" ("—", "-", "nothing").
        deps = set(BACKTICKED.findall(cells[1]))
        if not deps and cells[1] not in ("—", "-", "nothing"):
            sys.exit(f"{path}: the row of `{module}` names no `module` in its second column: {cells[1]!r}")
        allowed[module] = deps
    if not allowed:
        sys.exit(f"{path}: the Module dependencies table has no rows")
    return allowed


def module_of_header(included, modules):
    """The most specific module a medsearch/... include path belongs to."""
    parts = included.split("/")[:-1]
    for n in range(len(parts), 0, -1):
        name = "/".join(parts[:n])
        if name in modules:
            return name
    return parts[0] if parts else ""


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    allowed = read_table(os.path.join(root, "ARCHITECTURE.md"))
    modules = set(allowed)
    violations, unlisted = [], set()
    places = [("src/medsearch", "")] + [(f"apps/{a}", f"apps/{a}") for a in sorted(os.listdir(os.path.join(root, "apps")))]
    for base, fixed in places:
        base_dir = os.path.join(root, base)
        if not os.path.isdir(base_dir):
            continue
        for dirpath, _, files in os.walk(base_dir):
            sources = [f for f in files if f.endswith(SOURCE_ENDINGS)]
            if not sources:
                continue
            rel = os.path.relpath(dirpath, base_dir).replace(os.sep, "/")
            if fixed:
                module = fixed
            else:
                module = module_of_header(rel + "/x", modules)
                if module not in modules:
                    unlisted.add(rel.split("/")[0])
                    continue
            for f in sorted(sources):
                path = os.path.join(dirpath, f)
                for inc in INCLUDE.findall(open(path, encoding="utf-8", errors="replace").read()):
                    target = module_of_header(inc, modules)
                    if target == module or target in allowed.get(module, set()):
                        continue
                    violations.append(f"{os.path.relpath(path, root)}: module '{module}' includes "
                                      f"medsearch/{inc} (module '{target}'), which ARCHITECTURE.md does not allow")
    for u in sorted(unlisted):
        violations.append(f"src/medsearch/{u}: a module with sources but no row in ARCHITECTURE.md's Module dependencies")
    for v in violations:
        print(v)
    print(f"check_module_deps: {len(violations)} violation(s) over {len(modules)} modules")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
