"""Every declared dependency is imported by the package: pins describe what runs."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions

from conftest import PROJECT

PACKAGE = PROJECT / "roadmap_tui"


def _declared() -> set[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = (re.match(r"[A-Za-z0-9_.-]+", spec) for spec in project["dependencies"])
    return {m.group(0).lower().replace("_", "-") for m in names if m}


def _imported_distributions() -> set[str]:
    top: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                top.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                top.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {dist.lower().replace("_", "-") for name in top for dist in owners.get(name, [])}


def test_every_declared_dependency_is_imported() -> None:
    unused = _declared() - _imported_distributions()
    assert not unused, f"declared in pyproject.toml but never imported: {sorted(unused)}"
