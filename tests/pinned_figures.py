"""The figures JSON of the demo and of a generated three-year store, as the CLI writes them.

``tests/test_pinned_figures.py`` compares them with the copies kept in ``tests/data/pinned/``,
so that a reshaping of the code (issue 19: one publishing pipeline) is shown to change no
figure. When a change is *meant* to change the figures, write the copies again with
``python -m tests.pinned_figures`` and read the diff before committing it.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

from audit_docs.cli import main
from tests.builders.years import three_year_inbox

ROOT = Path(__file__).parents[1]
PINNED = Path(__file__).parent / "data" / "pinned"
#: a store's pseudonym key is random: its case pseudonyms are numbered by first appearance
_PSEUDONYM = re.compile(r"Case [0-9A-Z]{4}-[0-9A-Z]{2}")


def _run(args: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    if code != 0:
        raise AssertionError(f"audit-docs {' '.join(args)} exited {code}")


def _stable(text: str) -> str:
    seen: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"Case #{len(seen) + 1}")

    return _PSEUDONYM.sub(number, text)


def figures(scratch: Path) -> dict[str, str]:
    """name -> the figures JSON, pseudonyms numbered, for every pinned document."""
    out: dict[str, str] = {}
    demo = ["--inbox", str(ROOT / "examples" / "inbox"), "--store", str(scratch / "demo.sqlite")]
    demo += [
        "--outbox",
        str(scratch / "demo"),
        "--settings",
        str(ROOT / "examples" / "audit-docs.toml"),
    ]
    _run(["annual-report", "--year", "2016", *demo])
    _run(["guidance", "--from", "2016-04-01", "--to", "2017-03-31", *demo])
    for path in sorted((scratch / "demo").glob("*.json")):
        out[f"demo-{path.name}"] = _stable(path.read_text(encoding="utf-8"))
    three_year_inbox(scratch / "years")
    years = ["--inbox", str(scratch / "years"), "--store", str(scratch / "years.sqlite")]
    years += ["--outbox", str(scratch / "years-out")]
    for year in ("2015", "2016", "2017"):
        _run(["annual-report", "--year", year, *years])
    _run(["guidance", "--from", "2015-04-01", "--to", "2018-03-31", *years])
    for path in sorted((scratch / "years-out").glob("*.json")):
        out[f"years-{path.name}"] = _stable(path.read_text(encoding="utf-8"))
    return out


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        made = figures(Path(tmp))
    PINNED.mkdir(parents=True, exist_ok=True)
    for old in PINNED.glob("*.json"):
        old.unlink()
    for name, text in made.items():
        (PINNED / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {PINNED / name}\n")
