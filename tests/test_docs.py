"""The documentation checked against the code, so that it cannot drift unnoticed.

- every route of the OpenAPI document is described in docs/api.md, and docs/api.md names no route the
  application does not serve;
- docs/cli.md holds the exact `--help` of every `yiku` command, and no section for a command that is gone;
- every benchmark workload has its row in docs/performance.md;
- every relative link in README.md and docs/*.md points at a file (and heading) that exists;
- every module or file path the docs name (`service/...`, `service.x.y`, `glossary/...`, a bare `name.py`)
  exists in the tree.

docs/cli.md is generated: `./scripts/docs` (or `.venv/bin/python tests/test_docs.py --write`) rewrites the
command sections from the live `--help` and keeps the text above them.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (./scripts/docs)
    sys.path.insert(0, str(ROOT))

import click  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

DOCS = ROOT / "docs"
API_DOC = DOCS / "api.md"
CLI_DOC = DOCS / "cli.md"
PERFORMANCE_DOC = DOCS / "performance.md"
MARKDOWN = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
REGENERATE = "./scripts/docs (or .venv/bin/python tests/test_docs.py --write)"


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ------------------------------------------------------------------ reading markdown

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


class Line(NamedTuple):
    number: int
    text: str
    fence: str | None  # None outside fenced blocks, else the block's info string ("" when it has none)
    block: int | None  # which fenced block, counted from 0


@cache
def _lines(path: Path) -> tuple[Line, ...]:
    """The lines of a markdown file, fence lines themselves left out."""
    out: list[Line] = []
    fence: str | None = None
    marker, blocks = "", 0
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _FENCE.match(text)
        if fence is None and m:
            fence, marker = m.group(2), m.group(1)
            continue
        if fence is not None and text.strip().startswith(marker) and not text.strip().strip(marker[0]):
            fence, blocks = None, blocks + 1
            continue
        out.append(Line(number, text, fence, blocks if fence is not None else None))
    return tuple(out)


def _code_spans(line: str) -> list[str]:
    return [m.group(2).strip() for m in _CODE_SPAN.finditer(line)]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _lines(path):
        m = _HEADING.match(line.text)
        if line.fence is None and m:
            slug = _slug(m.group(2))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(anchors)


# ------------------------------------------------------------------ 1. the API routes and docs/api.md
#
# docs/api.md names a route in a code span: `METHOD /api/v1/path`, several methods on one path joined with
# "|" (`GET|PUT|DELETE /api/v1/segments/{id}`), an optional query string after the path. Path parameters are
# written in braces; their names need not be OpenAPI's (`{id}` stands for `{term_id}`).

_METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS"
_ROUTE_SPAN = re.compile(rf"^((?:{_METHODS})(?:\|(?:{_METHODS}))*) (/[^\s?#]*)(?:\?\S*)?$")
_PATH_PARAM = re.compile(r"\{[^}/]*\}|<[^>/]*>")


def _route_key(method: str, path: str) -> str:
    return f"{method.upper()} {_PATH_PARAM.sub('{}', path)}"


def openapi_routes() -> list[str]:
    """`METHOD /path` for every operation of the OpenAPI document, in its order."""
    import service.http.api  # noqa: F401  (registers the routes)
    from service.http.api.openapi import build_document

    return [f"{method.upper()} {path}" for path, item in build_document()["paths"].items() for method in item]


def documented_routes() -> dict[str, list[tuple[int, str]]]:
    """Route key -> (line, code span) for each place in docs/api.md that names it."""
    found: dict[str, list[tuple[int, str]]] = {}
    for number, line, fence, _block in _lines(API_DOC):
        if fence is not None:
            continue
        for span in _code_spans(line):
            m = _ROUTE_SPAN.match(span)
            if m:
                for method in m.group(1).split("|"):
                    found.setdefault(_route_key(method, m.group(2)), []).append((number, span))
    return found


def served_routes(data_dir: Path) -> set[str]:
    """Every route the application answers, from its URL map (no database is touched)."""
    from service.application.runtime import Runtime
    from service.config import Settings
    from service.http.app import create_app

    settings = Settings(
        database_url=f"sqlite:///{data_dir / 'unused.db'}", data_dir=data_dir, secret_key="docs", testing=True
    )
    runtime = Runtime(settings)
    try:
        app = create_app(settings, runtime)
        return {
            _route_key(method, rule.rule)
            for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}
        }
    finally:
        runtime.db.dispose()


@pytest.mark.parametrize("route", openapi_routes())
def test_api_route_is_documented(route):
    method, path = route.split(" ", 1)
    if _route_key(method, path) not in documented_routes():
        pytest.fail(
            f"{route} is in the OpenAPI document but not in docs/api.md; describe it there as `{route}`", pytrace=False
        )


def test_api_doc_names_only_routes_that_exist(tmp_path):
    served = served_routes(tmp_path)
    stale = [
        f"docs/api.md:{number}: `{span}`" + (f" ({key.split()[0]})" if "|" in span.split()[0] else "")
        for key, places in documented_routes().items()
        if key not in served
        for number, span in places
    ]
    if stale:
        pytest.fail(
            "docs/api.md names routes the application does not serve:\n" + "\n".join(sorted(stale)), pytrace=False
        )


# ------------------------------------------------------------------ 2. the command line and docs/cli.md

CLI_WIDTH = 100
CLI_MARKER = (
    "<!-- Everything below is generated from `yiku ... --help` by ./scripts/docs; "
    "edit the commands' docstrings and option help in service/cli/ instead. -->"
)
CLI_INTRO = f"""# Command line (`yiku`)

`./scripts/serve` installs the `yiku` command into the project's virtualenv: `.venv/bin/yiku`.
Commands that use the database use the one `DATABASE_URL` names; by default the SQLite file
`yiku.db` in `YIKU_DATA_DIR` (`./var`).

Each section below is the command's `--help`. The sections are generated: after changing a
command, run `./scripts/docs`; `tests/test_docs.py` fails while this file and the commands differ.

{CLI_MARKER}
"""


def cli_commands() -> list[tuple[str, ...]]:
    """The path of every visible command of `yiku`, groups before their subcommands, by name."""
    from service.cli import main

    def walk(command: click.Command, path: tuple[str, ...]):
        yield path
        if isinstance(command, click.Group):
            ctx = click.Context(command, info_name=path[-1] if path else "yiku")
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    yield from walk(sub, path + (name,))

    return list(walk(main, ()))


def cli_help(path: tuple[str, ...]) -> str:
    from service.cli import main

    result = CliRunner().invoke(main, [*path, "--help"], prog_name="yiku", terminal_width=CLI_WIDTH)
    assert result.exit_code == 0, result.output
    return result.output


def cli_title(path: tuple[str, ...]) -> str:
    return " ".join(("yiku", *path))


def cli_section(path: tuple[str, ...]) -> str:
    return f"## `{cli_title(path)}`\n\n```\n{cli_help(path).rstrip()}\n```\n"


def render_cli_doc(current: str | None) -> str:
    """docs/cli.md with every command section regenerated; the text above the marker is kept."""
    head = CLI_INTRO
    if current and CLI_MARKER in current:
        head = current.split(CLI_MARKER, 1)[0] + CLI_MARKER + "\n"
    return head + "".join("\n" + cli_section(path) for path in cli_commands())


def _cli_doc() -> str:
    return CLI_DOC.read_text(encoding="utf-8") if CLI_DOC.exists() else ""


@pytest.mark.parametrize("path", cli_commands(), ids=cli_title)
def test_cli_help_is_in_docs(path):
    if cli_section(path) not in _cli_doc():
        pytest.fail(
            f"docs/cli.md does not hold the current `{cli_title(path)} --help`; regenerate it with {REGENERATE}",
            pytrace=False,
        )


def test_cli_doc_is_the_generated_text():
    live = {cli_title(path) for path in cli_commands()}
    text = _cli_doc()
    if CLI_MARKER not in text:
        pytest.fail(f"docs/cli.md lacks its generation marker; regenerate it with {REGENERATE}", pytrace=False)
    stale = [title for title in re.findall(r"^## `(yiku[^`]*)`", text, re.M) if title not in live]
    if stale:
        pytest.fail(
            f"docs/cli.md documents commands that are gone: {stale}; regenerate it with {REGENERATE}", pytrace=False
        )
    if text != render_cli_doc(text):
        pytest.fail(f"docs/cli.md differs from the generated text; regenerate it with {REGENERATE}", pytrace=False)


# ------------------------------------------------------------------ 3. benchmark workloads and docs/performance.md
#
# docs/performance.md has one table row per workload whose first cell is the workload's name in backticks.

_WORKLOAD_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|", re.M)


def workload_names() -> list[str]:
    from scripts.benchmarks.registry import WORKLOADS

    return [workload.name for workload in WORKLOADS]


@pytest.mark.parametrize("name", workload_names())
def test_workload_is_documented(name):
    rows = _WORKLOAD_ROW.findall(PERFORMANCE_DOC.read_text(encoding="utf-8"))
    if name not in rows:
        pytest.fail(
            f"benchmark workload {name!r} has no row | `{name}` | ... | in docs/performance.md "
            "(the table of what is measured)",
            pytrace=False,
        )


def test_performance_doc_names_only_live_workloads():
    rows = _WORKLOAD_ROW.findall(PERFORMANCE_DOC.read_text(encoding="utf-8"))
    stale = sorted(set(rows) - set(workload_names()))
    if stale:
        pytest.fail(f"docs/performance.md has rows for workloads that no longer exist: {stale}", pytrace=False)


# ------------------------------------------------------------------ 4. links

_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _links(path: Path) -> list[tuple[int, str]]:
    out = []
    for number, line, fence, _block in _lines(path):
        if fence is not None:
            continue
        text = _CODE_SPAN.sub("", line)
        out += [(number, m.group(1)) for m in _LINK.finditer(text)]
        m = _LINK_DEFINITION.match(text)
        if m:
            out.append((number, m.group(1)))
    return out


def _broken_link(source: Path, target: str) -> str | None:
    if _SCHEME.match(target):
        return None
    file_part, _, anchor = target.partition("#")
    linked = source if not file_part else (source.parent / unquote(file_part)).resolve()
    if not linked.exists():
        return f"{target}: no such file"
    if anchor and linked.suffix == ".md" and unquote(anchor).lower() not in _anchors(linked):
        return f"{target}: no heading with anchor #{anchor} in {_rel(linked)}"
    return None


@pytest.mark.parametrize("doc", MARKDOWN, ids=_rel)
def test_relative_links_resolve(doc):
    broken = [f"{_rel(doc)}:{n}: {problem}" for n, target in _links(doc) if (problem := _broken_link(doc, target))]
    if broken:
        pytest.fail("broken links:\n" + "\n".join(broken), pytrace=False)


def test_readme_links_every_doc():
    linked = {
        (ROOT / unquote(t.partition("#")[0])).resolve() for _n, t in _links(ROOT / "README.md") if not _SCHEME.match(t)
    }
    missing = [_rel(doc) for doc in MARKDOWN[1:] if doc.resolve() not in linked]
    if missing:
        pytest.fail(f"README.md's documentation list does not link {missing}", pytrace=False)


# ------------------------------------------------------------------ 5. module and file paths named in the docs
#
# Checked: paths from the repository root (`service/http/api/`, `glossary/data/starter.csv`, `tests/data/x.*`);
# dotted module names with an optional attribute (`service.text.pipeline.process`); directory trees in fenced
# blocks (`dir/` entries nest by indentation); and bare `name.py` names: under a heading that names a package in
# backticks (`service/text`, `service.memory`) a bare name is a module of that package, elsewhere a file of that
# name must exist somewhere in the tree. Name a module of another package by its full path.

_ROOTS = "service|glossary|scripts|tests|docs"
_SLASH_PATH = re.compile(rf"(?<![\w/.~-])(?:\./)?((?:{_ROOTS})/[\w./*-]*)")
_DOTTED = re.compile(r"(?<![\w/.~-])((?:service|glossary|scripts|tests)(?:\.[A-Za-z_]\w*)+)")
_BARE_PY = re.compile(r"(?<![\w/.~-])([A-Za-z_]\w*\.py)\b(?![/\w])")
_FILE_SUFFIXES = {
    "md",
    "py",
    "csv",
    "json",
    "jsonl",
    "txt",
    "tmx",
    "tbx",
    "toml",
    "html",
    "css",
    "js",
    "db",
    "sh",
    "png",
    "xml",
    "ini",
    "cfg",
    "yml",
    "yaml",
}
_TREE_ENTRY = re.compile(r"^( *)([\w.-]+/|[\w.-]+\.py(?:, [\w.-]+\.py)*)(?=\s{2,}|\s*$)")
_SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "var",
    "bench-results",
    "test-artifacts",
    ".pytest_cache",
}


@lru_cache(maxsize=1)
def _basenames() -> frozenset[str]:
    names = set()
    for _dir, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        names.update(files)
    return frozenset(names)


def _slash_path_problem(path: str) -> str | None:
    path = path.rstrip(".,;:")
    if "*" in path:
        return None if any(ROOT.glob(path)) else f"{path} matches no file"
    return None if (ROOT / path).exists() else f"{path} does not exist"


def _dotted_problem(name: str) -> str | None:
    parts = name.split(".")
    if parts[-1] in _FILE_SUFFIXES:
        return None  # a file name such as glossary.md, not a module
    here, found = ROOT, 0
    for part in parts:
        if (here / part).is_dir():
            here, found = here / part, found + 1
        elif (here / f"{part}.py").is_file():
            found += 1
            break
        else:
            break
    if found < min(2, len(parts)):
        return f"{name}: no module {'.'.join(parts[: found + 1])}"
    if found == len(parts):
        return None
    module_name = ".".join(parts[:found])
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        return f"{name}: importing {module_name} fails ({type(exc).__name__}: {exc})"
    if not hasattr(module, parts[found]):
        return f"{name}: no module or attribute {parts[found]} in {module_name}"
    return None


def _package_of(span: str) -> Path | None:
    candidate = span.strip().rstrip("/")
    if "/" not in candidate:
        candidate = candidate.replace(".", "/")
    path = ROOT / candidate
    return path if re.fullmatch(rf"(?:{_ROOTS})(?:/[\w-]+)*", candidate) and path.is_dir() else None


def _tree_problems(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A directory tree in a fenced block: `dir/` entries nest by indentation, `name.py` entries are files."""
    problems = []
    stack: list[tuple[int, Path]] = []
    for number, line in block:
        m = _TREE_ENTRY.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else ROOT
        for entry in m.group(2).split(", "):
            path = parent / entry.rstrip("/")
            if not path.exists():
                problems.append((number, f"{_rel(path)}{'/' if entry.endswith('/') else ''} does not exist"))
            if entry.endswith("/"):
                stack.append((indent, path))
    return problems


def path_problems(doc: Path) -> list[str]:
    problems: list[tuple[int, str]] = []
    headings: list[tuple[int, Path | None]] = []
    blocks: dict[int, list[tuple[int, str]]] = {}
    for number, line, fence, block in _lines(doc):
        for m in _SLASH_PATH.finditer(line):
            if problem := _slash_path_problem(m.group(1)):
                problems.append((number, problem))
        for m in _DOTTED.finditer(line):
            if problem := _dotted_problem(m.group(1)):
                problems.append((number, problem))
        if fence is not None:
            if fence in ("", "text"):
                blocks.setdefault(block, []).append((number, line))
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            while headings and headings[-1][0] >= level:
                headings.pop()
            named = [p for span in _code_spans(heading.group(2)) if (p := _package_of(span))]
            headings.append((level, named[0] if named else None))
        scope = next((package for _level, package in reversed(headings) if package is not None), None)
        for m in _BARE_PY.finditer(line):
            name = m.group(1)
            if scope is not None and not (scope / name).is_file():
                problems.append((number, f"{name}: no module {name} in {_rel(scope)}/"))
            elif scope is None and name not in _basenames():
                problems.append((number, f"{name}: no file of that name in the tree"))
    for lines in blocks.values():
        if re.match(r"^[\w.-]+/(\s|$)", next((text for _n, text in lines if text.strip()), "")):
            problems += _tree_problems(lines)
    return [f"{_rel(doc)}:{number}: {problem}" for number, problem in sorted(problems)]


@pytest.mark.parametrize("doc", MARKDOWN, ids=_rel)
def test_named_paths_exist(doc):
    problems = path_problems(doc)
    if problems:
        pytest.fail("paths and modules named in the docs that do not exist:\n" + "\n".join(problems), pytrace=False)


# ------------------------------------------------------------------ regeneration


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(f"usage: {sys.argv[0]} --write   (rewrites docs/cli.md from the live `yiku --help`)", file=sys.stderr)
        return 2
    current = _cli_doc() or None
    new = render_cli_doc(current)
    if new == current:
        print("docs/cli.md is up to date")
    else:
        CLI_DOC.write_text(new, encoding="utf-8")
        print(f"wrote docs/cli.md ({len(cli_commands())} commands)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
