"""The shape of the code: stages that do not loop, one spelling for shared facts.

These read the source as text and syntax trees, never run it: a rule broken anywhere in
``src/audit_docs`` fails here with the file and line to look at.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "audit_docs"


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"


def test_the_wordprocessingml_namespace_is_spelled_in_one_module() -> None:
    """Only audit_docs/ns.py holds the namespace URIs of WordprocessingML and Word 2010."""
    uris = (
        "schemas.openxmlformats.org/wordprocessingml/2006/main",
        "schemas.microsoft.com/office/word/2010/wordml",
        "schemas.openxmlformats.org/drawingml/2006/",
        "schemas.openxmlformats.org/officeDocument/2006/relationships",
    )
    spelled = [
        _where(path, node)
        for _, path, tree in _modules()
        if path.name != "ns.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str | bytes)
        and any(
            u in (node.value if isinstance(node.value, str) else node.value.decode("latin-1"))
            for u in uris
        )
    ]
    assert spelled == []


def _is_query(node: ast.AST) -> bool:
    """A call of execute(), named() or a fetch: what returns a store query's rows."""
    return isinstance(node, ast.Call) and (
        (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in {"execute", "fetchone", "fetchall"}
        )
        or (isinstance(node.func, ast.Name) and node.func.id == "named")
    )


def test_no_store_query_reads_a_row_by_position() -> None:
    """In store/, a query's rows are read by column name: no row[0], no tuple unpacking of
    its rows, no ``(n,) = ….fetchone()``."""
    found = []
    for _, path, tree in _modules():
        if path.parent.name != "store":
            continue
        rows_named = {"r", "row", "rows"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                positional = isinstance(node.slice.value, int)
                on_row = (
                    isinstance(node.value, ast.Name) and node.value.id in rows_named
                ) or _is_query(node.value)
                if positional and on_row:
                    found.append(_where(path, node))
            elif isinstance(node, ast.For | ast.comprehension):
                if isinstance(node.target, ast.Tuple) and _is_query(node.iter):
                    found.append(_where(path, node.target))
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Tuple)
                and _is_query(node.value)
            ):
                found.append(_where(path, node))
    assert found == []


def _imports(name: str, path: Path, tree: ast.Module, known: set[str]) -> Iterator[str]:
    """The modules of audit_docs that ``name`` imports when it runs (imports inside
    functions included; those under ``if TYPE_CHECKING:`` are for the type checker only)."""
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for child in ast.walk(stmt)
    }
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            module = target
            while module and module not in known:
                module = module.rpartition(".")[0]
            if module and module != name:
                yield module


def test_the_import_graph_has_no_cycle() -> None:
    """No module of audit_docs imports, however indirectly, a module that imports it back
    (deferred imports inside functions count: a loop through them is still a loop)."""
    modules = list(_modules())
    known = {name for name, _, _ in modules}
    graph = {name: set(_imports(name, path, tree, known)) for name, path, tree in modules}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_environment_is_read_in_one_module_and_written_nowhere() -> None:
    """Only workspace.py reads os.environ (or getenv); no module writes it. (Looking a program
    up on the PATH, as shutil.which does, is not configuration: read/word/doc_convert.py does
    that when no workspace named LibreOffice.)"""
    readers, writers = [], []
    for _, path, tree in _modules():
        for node in ast.walk(tree):
            text = ast.unparse(node) if isinstance(node, ast.Attribute | ast.Call) else ""
            if isinstance(node, ast.Attribute) and text in {"os.environ", "os.getenv"}:
                readers.append(path.name)
            if isinstance(node, ast.Call) and text.startswith(("os.putenv", "os.unsetenv")):
                writers.append(_where(path, node))
            if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                targets = (
                    node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                )
                writers += [
                    _where(path, node)
                    for t in targets
                    if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ"
                ]
            if isinstance(node, ast.Call) and ast.unparse(node.func).startswith(
                ("os.environ.pop", "os.environ.setdefault", "os.environ.update", "os.environ.clear")
            ):
                writers.append(_where(path, node))
    assert sorted(set(readers)) == ["workspace.py"]
    assert writers == []


#: string methods that take a text apart: a place is never read this way
_TEXT_TESTS = frozenset(
    {
        "startswith",
        "endswith",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "removeprefix",
        "removesuffix",
        "match",
        "fullmatch",
        "search",
        "findall",
    }
)


def _mentions_place_text(node: ast.AST) -> bool:
    """Does ``node`` hold a problem's place as text (``p.location``, ``p.field``,
    ``place.key()``)?"""
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in {"location", "field"}:
            return True
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr == "key"
            and not child.args
        ):
            return True
    return False


def test_a_place_is_never_read_back_from_its_text() -> None:
    """Outside the store's upgrade of old rows (store/place_columns.py), no module takes a
    problem's location text apart (startswith, split, a regular expression) or compares it
    with a text, and compute/ does not read it at all: they go by the typed place its reader
    made. The upgrade's parser is called from store/ only."""
    found = []
    for _, path, tree in _modules():
        if path.name == "place_columns.py" and path.parent.name == "store":
            continue
        for node in ast.walk(tree):
            # computations decide by the place's parts: they never even read its text
            if (
                path.parent.name == "compute"
                and isinstance(node, ast.Attribute)
                and node.attr in {"location", "field"}
            ):
                found.append(_where(path, node))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                takes_apart = node.func.attr in _TEXT_TESTS and (
                    _mentions_place_text(node.func.value)
                    or any(_mentions_place_text(a) for a in node.args)
                )
                if takes_apart:
                    found.append(_where(path, node))
            if isinstance(node, ast.Compare) and _mentions_place_text(node.left):
                compared = [node.left, *node.comparators]
                if any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in compared):
                    found.append(_where(path, node))
            if (
                isinstance(node, ast.Name | ast.Attribute)
                and (node.id if isinstance(node, ast.Name) else node.attr) == "place_from_key"
                and path.parent.name != "store"
            ):
                found.append(_where(path, node))
            if (
                isinstance(node, ast.ImportFrom)
                and any(a.name == "place_from_key" for a in node.names)
                and path.parent.name != "store"
            ):
                found.append(_where(path, node))
    assert found == []
