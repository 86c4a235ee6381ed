"""A settings file and its logo read as possibly tampered with: each fault one sentence
(issue 20: "Tracebacks left"), and [tools] soffice checked (issue 24)."""

from __future__ import annotations

import struct
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_docs.cli import main
from audit_docs.errors import UsageError
from audit_docs.settings import KEYS, MAX_LOGO_BYTES, MAX_SETTINGS_BYTES, load_settings
from tests.unprivileged import as_ordinary_user, reachable


def _png(width: int = 2, height: int = 2) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` (its pixels need not follow)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(2)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _settings_with_logo(folder: Path, logo: bytes, name: str = "logo.png") -> Path:
    (folder / name).write_bytes(logo)
    path = folder / "audit-docs.toml"
    path.write_text(f'[organisation]\nlogo = "{name}"\n', encoding="utf-8")
    return path


def _sentence(path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        load_settings(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.endswith("."), text
    return text


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
)


@pytest.mark.parametrize(
    ("logo", "said"),
    [
        (SVG, "is an SVG drawing"),
        (b"Northbridge Borough Council logo, see the shared drive", "is not a PNG, JPEG"),
        (b"", "is empty (0 bytes)"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "is damaged"),
        (_png(100_000, 100_000), "is 100,000 × 100,000 pixels"),
        (_png() + b"\x00" * MAX_LOGO_BYTES, "is larger than 5 MB"),
    ],
    ids=["svg", "text", "empty", "damaged", "pixel-bomb", "huge"],
)
def test_a_logo_that_is_not_a_usable_picture_is_one_sentence(
    tmp_path: Path, logo: bytes, said: str
) -> None:
    """SVG, text, empty, damaged, billions of pixels or over 5 MB: one sentence naming the
    logo and what to do, when the settings are read (before: UnrecognizedImageError when
    the report was being written, or the picture put on the cover)."""
    text = _sentence(_settings_with_logo(tmp_path, logo))
    assert said in text
    assert "logo.png" in text
    assert "save it as a PNG or JPEG picture" in text


def test_a_logo_judged_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    """A real PNG named logo.svg is accepted; an SVG named logo.png is not."""
    assert load_settings(_settings_with_logo(tmp_path, _png(), "logo.svg")).logo is not None
    assert "SVG" in _sentence(_settings_with_logo(tmp_path, SVG, "logo.png"))


def test_an_svg_logo_stops_the_report_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`annual-report` with an SVG logo: exit 2 and one sentence, before anything is read."""
    path = _settings_with_logo(tmp_path, SVG)
    status = main(
        ["annual-report", "--year", "2016", "--settings", str(path), "--inbox", str(tmp_path)]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("audit-docs: The logo ")
    assert "is an SVG drawing" in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_a_logo_that_cannot_be_opened_is_one_sentence() -> None:
    """A logo the user may not read: one sentence, exit 2 (before: PermissionError from
    deep in the report, after the ingest)."""
    with reachable() as root:
        logo = root / "logo.png"
        path = _settings_with_logo(root, _png())
        logo.chmod(0o000)
        run = as_ordinary_user(["annual-report", "--year", "2016", "--settings", str(path)])
    assert run.returncode == 2, run.stderr
    assert "The logo " in run.stderr
    assert "cannot be opened (permission denied)" in run.stderr
    assert "Traceback" not in run.stderr


def test_settings_nested_100000_deep_are_one_sentence(tmp_path: Path) -> None:
    """A TOML array nested 30,000 deep (60 KB, within the size limit) is one sentence on its
    depth, one nested 100,000 deep (200 KB) on its size (before: RecursionError)."""
    deep = tmp_path / "audit-docs.toml"
    depth = 30_000  # 60 KB: within the size limit, far past the parser's recursion limit
    deep.write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    assert deep.stat().st_size < MAX_SETTINGS_BYTES
    assert "nests brackets too deeply" in _sentence(deep)
    deeper = tmp_path / "deeper.toml"
    deeper.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert "is larger than 64 KB" in _sentence(deeper)


def test_a_huge_settings_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """A settings file of 20 MB is one sentence, read no further than the limit."""
    huge = tmp_path / "audit-docs.toml"
    huge.write_bytes(b"# " + b"x" * (20 * 1024 * 1024) + b"\n")
    assert "is larger than 64 KB, far larger than any settings file" in _sentence(huge)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_as_settings_give_settings_or_one_sentence(data: bytes) -> None:
    """Whatever bytes the settings file holds: settings, or a UsageError; nothing else."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "audit-docs.toml")
        path.write_bytes(data)
        said = ""
        try:
            load_settings(path)
        except UsageError as exc:
            said = str(exc)
        assert not said or said.startswith(("The settings file", "In the settings file"))


# --- [tools] soffice ----------------------------------------------------------------------------


def _tools(folder: Path, line: str) -> Path:
    path = folder / "audit-docs.toml"
    path.write_text(f"[tools]\n{line}\n", encoding="utf-8")
    return path


def test_the_soffice_setting_is_made_absolute_from_the_settings_folder(tmp_path: Path) -> None:
    """A relative path is taken from the settings file's folder, like the logo."""
    program = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"MZ")
    got = load_settings(_tools(tmp_path, 'soffice = "LibreOffice/program/soffice.exe"'))
    assert got.soffice == program
    assert got.soffice.is_absolute()


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('soffice = "tools/soffice"', "is not there; correct the path"),
        ('soffice = "run-me.sh"', "names run-me.sh, which is not LibreOffice's program"),
        ("soffice = 3", "should be the path of LibreOffice's program in quotes"),
        ('sofice = "soffice"', "“sofice” under [tools], which audit-docs does not know"),
    ],
)
def test_a_wrong_soffice_setting_is_one_sentence(tmp_path: Path, line: str, said: str) -> None:
    """A missing program, a program not named soffice or libreoffice, a number, a misspelt
    key: one sentence each."""
    (tmp_path / "run-me.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    assert said in _sentence(_tools(tmp_path, line))


_KNOWN_KEYS = sorted((table, key) for table, keys in KEYS.items() for key in keys)


@given(known=st.sampled_from(_KNOWN_KEYS))
def test_a_known_key_above_every_heading_is_sent_under_its_heading(known: tuple[str, str]) -> None:
    """``name = "…"`` written above ``[organisation]`` was "a key audit-docs does not know";
    the sentence now says which heading it belongs under."""
    table, key = known
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit-docs.toml"
        path.write_text(f"{key} = 1\n", encoding="utf-8")
        text = _sentence(path)
    assert "does not know" not in text, text
    assert f"“{key}” above every heading" in text, text
    assert f"put it under [{table}]" in text, text


@pytest.mark.parametrize("table", sorted(KEYS))
@pytest.mark.parametrize(
    "written", ["{t} = 5", '{t} = "x"', "[[{t}]]"], ids=["int", "str", "array"]
)
def test_a_known_heading_written_as_a_value_is_not_called_unknown(
    tmp_path: Path, table: str, written: str
) -> None:
    """``organisation = 5`` or ``[[organisation]]`` was "“organisation”, which audit-docs does
    not know" though it knows it; the sentence now says to write it as a heading."""
    path = tmp_path / "audit-docs.toml"
    path.write_text(written.format(t=table) + "\n", encoding="utf-8")
    text = _sentence(path)
    assert "does not know" not in text, text
    assert f"write [{table}] as a heading on a line of its own" in text, text
