"""What form and tracker definitions share: loading their YAML, and checking its values.

A council may edit these files, so every check says which file and which key is wrong.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from audit_docs.errors import DefinitionError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUOTE_IT = "write yes, no, on and off in quotes: unquoted, YAML reads them as true or false"


def load_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_bytes(), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path.name}: not valid YAML ({exc})") from exc


def bundled(folder: str) -> list[Path]:
    """The YAML files shipped in ``audit_docs/read/<folder>``, in file-name order."""
    entries = resources.files("audit_docs.read").joinpath(folder).iterdir()
    return [
        Path(str(e))
        for e in sorted(entries, key=lambda e: e.name)
        if e.name.endswith((".yaml", ".yml"))
    ]


def need(data: dict[str, Any], name: str, where: str) -> Any:
    if name not in data or data[name] in (None, ""):
        raise DefinitionError(f"{where}: '{name}' is missing")
    return data[name]


def strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        raise DefinitionError(f"{where}: {value!r} holds true or false; {QUOTE_IT}")
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise DefinitionError(f"{where}: expected a list of texts, found {value!r}")
    return tuple(str(v) for v in value)
