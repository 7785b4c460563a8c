"""Arrows point one way: studio (the catalog) <- guides <- calendars <- bookings <- payments
<- dashboard.

Each package may import the ones before it in LAYERS and never one after, so the
catalog can be read, tested and changed without the rest. The project's URLs and
settings name the upper packages only as strings (include("bookings.urls")).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["studio", "guides", "calendars", "bookings", "payments", "dashboard"]


def layer(module: str) -> int | None:
    """The index in LAYERS of the innermost package holding `module`, None if outside."""
    found = None
    for index, package in enumerate(LAYERS):
        if module == package or module.startswith(package + "."):
            if found is None or len(package) > len(LAYERS[found]):
                found = index
    return found


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module `source` imports, anywhere in it, relative imports made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules():
    for top in {package.partition(".")[0] for package in LAYERS}:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            yield ".".join(parts[:-1] if is_package else parts), path, is_package


def test_relative_and_late_imports_are_seen():
    source = "from ..models import Tip\n\ndef f():\n    import dashboard.views\n"
    found = imported_modules(source, "guides.sub.thing")
    assert {"guides.models", "guides.models.Tip", "dashboard.views"} <= found
    assert layer("dashboard.views") == LAYERS.index("dashboard")
    assert layer("studio.models") == 0


@pytest.mark.parametrize("package", LAYERS)
def test_no_module_imports_a_package_above_its_own(package):
    wrong = []
    for module, path, is_package in modules():
        if layer(module) != LAYERS.index(package):
            continue
        source = path.read_text(encoding="utf-8")
        names = imported_modules(source, module, is_package=is_package)
        above = {name for name in names if (layer(name) or 0) > layer(module)}
        # `from guides.demo import seed_guides` is reported once, as guides.demo.
        wrong += [
            f"{path.relative_to(ROOT)} imports {name}"
            for name in sorted(above)
            if name.rpartition(".")[0] not in above
        ]
    assert not wrong, "\n".join(wrong)
