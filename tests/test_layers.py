"""Arrows point one way: studio (the catalog) <- guides <- calendars <- bookings <- payments
<- dashboard.

Each package may import the ones before it in LAYERS and never one after, so the
catalog can be read, tested and changed without the rest. The project's URLs and
settings name the upper packages only as strings (include("bookings.urls")).
"""

import ast
import re
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


# URL namespaces and template folders, by the layer that owns them.
NAMESPACES = {
    "sessions": "guides",
    "guides": "guides",
    "intake": "bookings",
    "bookings": "bookings",
    "payments": "payments",
    "dashboard": "dashboard",
}
# The public pages are the site's published addresses (DESIGN.md's public contracts): any
# public page may link to them, as the site's menu and "Book" buttons do. Payments and the
# dashboard are reached from below only through bookings.links, which they fill.
PUBLIC_PAGES = {"sessions", "guides", "intake", "bookings"}
TEMPLATE_FOLDERS = {
    "studio": "studio",
    "includes": "studio",
    "registration": "studio",
    "guides": "guides",
    "bookings": "bookings",
    "emails": "bookings",
    "payments": "payments",
    "dashboard": "dashboard",
}
# The project's settings and URLs name the upper apps as strings by design.
PROJECT_MODULES = {"studio.settings", "studio.urls"}
URL_NAME = re.compile(r"^([a-z_]+):[\w-]+$")
TEMPLATE_NAME = re.compile(r"^([a-z_]+)/[\w/.-]+\.(?:html|txt)$")
TEMPLATE_URL = re.compile(r"\{%\s*url\s+['\"]([a-z_]+):")
TEMPLATE_USE = re.compile(r"\{%\s*(?:include|extends)\s+['\"]([a-z_]+)/")


def upward_names(names: set[str], own: int) -> list[str]:
    """URL names and template folders among `names` that belong to a layer above `own`."""
    wrong = []
    for namespace in names:
        owner = NAMESPACES.get(namespace)
        if owner and namespace not in PUBLIC_PAGES and LAYERS.index(owner) > own:
            wrong.append(f"URL namespace {namespace}")
    return wrong


def test_the_name_checks_see_urls_and_templates():
    text = "{% url 'dashboard:home' %}{% include \"payments/x.html\" %}{% url 'guides:list' %}"
    assert set(TEMPLATE_URL.findall(text)) == {"dashboard", "guides"}
    assert TEMPLATE_USE.findall(text) == ["payments"]
    assert upward_names({"dashboard", "guides"}, LAYERS.index("bookings")) == [
        "URL namespace dashboard"
    ]
    assert URL_NAME.match("payments:deposit") and TEMPLATE_NAME.match("dashboard/home.html")


def test_no_module_names_a_url_or_template_of_a_layer_above():
    wrong = []
    for module, path, _ in modules():
        own = layer(module)
        if module in PROJECT_MODULES or own is None:
            continue
        strings = {
            node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        namespaces = {m.group(1) for s in strings if (m := URL_NAME.match(s))}
        folders = {m.group(1) for s in strings if (m := TEMPLATE_NAME.match(s))}
        wrong += [f"{path.relative_to(ROOT)} names {w}" for w in upward_names(namespaces, own)]
        wrong += [
            f"{path.relative_to(ROOT)} renders templates/{folder}/"
            for folder in sorted(folders)
            if folder in TEMPLATE_FOLDERS and LAYERS.index(TEMPLATE_FOLDERS[folder]) > own
        ]
    assert not wrong, "\n".join(wrong)


def test_no_template_names_a_url_or_template_of_a_layer_above():
    wrong = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        folder = path.relative_to(ROOT / "templates").parts[0]
        own = LAYERS.index(TEMPLATE_FOLDERS.get(folder, "studio"))
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        wrong += [f"{where} names {w}" for w in upward_names(set(TEMPLATE_URL.findall(text)), own)]
        wrong += [
            f"{where} uses templates/{used}/"
            for used in sorted(set(TEMPLATE_USE.findall(text)))
            if used in TEMPLATE_FOLDERS and LAYERS.index(TEMPLATE_FOLDERS[used]) > own
        ]
    assert not wrong, "\n".join(wrong)
