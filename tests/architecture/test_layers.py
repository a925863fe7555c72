"""The layers of docs/architecture.md, checked on the source: every import in service/ and glossary/ (at the
top of a module or inside a function) must point down or sideways, never up."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CORES = ("glossary", "service.text", "service.memory", "service.quality", "service.formats", "service.align")
# What each layer may import from the project, and which third-party packages belong to the layers above it.
LAYERS = {
    "core": {
        "may": CORES,
        "not_packages": (
            "flask",
            "flask_wtf",
            "wtforms",
            "werkzeug",
            "sqlalchemy",
            "alembic",
            "click",
            "gunicorn",
            "psycopg",
        ),
    },
    "shared": {"may": (), "not_packages": ("flask", "sqlalchemy", "click")},
    "storage": {
        "may": (*CORES, "service.errors", "service.storage"),
        "not_packages": ("flask", "flask_wtf", "wtforms", "click", "gunicorn"),
    },
    "application": {
        "may": (*CORES, "service.errors", "service.config", "service.storage", "service.application"),
        "not_packages": ("flask", "flask_wtf", "wtforms", "click", "gunicorn"),
    },
    "http": {
        "may": (*CORES, "service.errors", "service.config", "service.application", "service.http"),
        "not_packages": ("click",),
    },
    "cli": {
        "may": (
            *CORES,
            "service.errors",
            "service.config",
            "service.application",
            "service.cli",
            "service.http.app",
            "service.http.wsgi",
        ),
        "not_packages": ("flask",),
    },
}


def layer_of(module: str) -> str:
    if module.startswith(CORES) and any(module == c or module.startswith(c + ".") for c in CORES):
        return "core"
    for prefix, layer in (
        ("service.storage", "storage"),
        ("service.application", "application"),
        ("service.http", "http"),
        ("service.cli", "cli"),
    ):
        if module == prefix or module.startswith(prefix + "."):
            return layer
    if module in ("service.errors", "service.config", "service"):
        return "shared"
    raise AssertionError(f"{module} belongs to no layer: add it to docs/architecture.md and to this test")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_module(node: ast.ImportFrom, path: Path) -> str:
    """The absolute name of the module a `from ... import` statement reads from."""
    if not node.level:
        return node.module or ""
    here = module_name(path)
    package = (here if path.name == "__init__.py" else here.rpartition(".")[0]).split(".")
    anchor = package[: len(package) - node.level + 1]
    return ".".join([*anchor, node.module] if node.module else anchor)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import statement, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = imported_module(node, path)
            found.append((node.lineno, base))
            # `from service.storage import segments` imports the submodule service.storage.segments
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*"]
    return found


def project_modules() -> set[str]:
    return {module_name(p) for top in ("service", "glossary") for p in (ROOT / top).rglob("*.py")}


SOURCES = sorted(
    p for top in ("service", "glossary") for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts
)


def allowed(importer_layer: str, target: str) -> bool:
    rule = LAYERS[importer_layer]
    return any(target == m or target.startswith(m + ".") for m in rule["may"])


def violations(path: Path, modules: set[str]) -> list[str]:
    layer = layer_of(module_name(path))
    problems = []
    for line, target in imports_of(path):
        top = target.split(".")[0]
        where = f"{path.relative_to(ROOT)}:{line}"
        if top in ("service", "glossary"):
            if target not in modules and target.rpartition(".")[0] in modules:
                continue  # `from pkg.module import name`: the name is not a module; its module was checked
            if target in ("service", "glossary"):
                continue
            if not allowed(layer, target):
                problems.append(f"{where}: the {layer} layer imports {target} ({layer_of(target)} layer)")
        elif top in LAYERS[layer]["not_packages"]:
            problems.append(f"{where}: the {layer} layer imports {top}, which belongs to a layer above it")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path):
    assert violations(path, project_modules()) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """A core importing the storage layer, or the HTTP layer importing storage, is reported."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    for name, body in (
        ("service/text/bad.py", "from service.storage import segments\n"),
        ("service/http/api/bad.py", "def f():\n    from service.storage.models import Segment\n"),
        ("service/memory/bad.py", "import flask\n"),
        ("service/text/good.py", "from service.text.offsets import OffsetMap\n"),
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    modules = {"service.storage", "service.storage.segments", "service.storage.models", "service.text.offsets"}
    assert violations(tmp_path / "service/text/bad.py", modules) == [
        "service/text/bad.py:1: the core layer imports service.storage (storage layer)",
        "service/text/bad.py:1: the core layer imports service.storage.segments (storage layer)",
    ]
    assert violations(tmp_path / "service/http/api/bad.py", modules) == [
        "service/http/api/bad.py:2: the http layer imports service.storage.models (storage layer)"
    ]
    assert violations(tmp_path / "service/memory/bad.py", modules) == [
        "service/memory/bad.py:1: the core layer imports flask, which belongs to a layer above it"
    ]
    assert violations(tmp_path / "service/text/good.py", modules) == []


def test_every_module_has_a_layer():
    for module in project_modules():
        if ".migrations" not in module:
            layer_of(module)


NAMED_TUPLE_API = {"_replace", "_asdict", "_fields", "_make"}  # public, despite the underscore


def private_uses(path: Path) -> list[str]:
    """Private names of another project module: `from m import _name`, or `m._name` on an imported module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    modules: dict[str, str] = {}  # local name -> project module
    problems = []
    for node in ast.walk(tree):
        source = imported_module(node, path) if isinstance(node, ast.ImportFrom) else ""
        if isinstance(node, ast.ImportFrom) and source.split(".")[0] in ("service", "glossary"):
            for alias in node.names:
                if alias.name.startswith("_") and source != here:
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {source}.{alias.name}")
                modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("service", "glossary"):
                    modules[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in NAMED_TUPLE_API
        ):
            problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: uses {modules[node.value.id]}.{node.attr}")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_of_another_module(path):
    assert private_uses(path) == []


def test_the_check_sees_a_private_name(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "service/text").mkdir(parents=True)
    (tmp_path / "service/text/priv.py").write_text(
        "from .offsets import OffsetMap, _helper\nfrom service.memory import index\n"
        "OffsetMap._trusted(1)\nindex._keys_at([])\nrow._replace(a=1)\n"
    )
    assert private_uses(tmp_path / "service/text/priv.py") == [
        "service/text/priv.py:1: imports service.text.offsets._helper",
        "service/text/priv.py:3: uses service.text.offsets.OffsetMap._trusted",
        "service/text/priv.py:4: uses service.memory.index._keys_at",
    ]
