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
