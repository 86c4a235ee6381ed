"""LibreOffice run on hostile forms: no name taken as an option, no request sent, nothing left
running; and LibreOffice found where it is installed (issue 20, issue 24).

The tests that need LibreOffice are marked slow and skip without it; the tests of process
groups use a stand-in program (a Python script named soffice) that starts a child and
hangs, fails or is interrupted, so they need no LibreOffice.
"""

from __future__ import annotations

import http.server
import os
import signal
import socket
import stat
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit_docs.errors import UnreadableFile
from audit_docs.read.word import doc_convert
from audit_docs.read.word.doc_convert import InstallPlaces, find_soffice
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FileFailure, FormRecord
from tests.builders.wordform import build_form, example_spec
from tests.conftest import SESSION_MARK
from tests.office import SOFFICE, convert
from tests.processes import PROC, alive, still_alive_after, stray_processes

needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; these tests run it"
)
needs_groups = pytest.mark.skipif(
    not hasattr(os, "killpg") or not PROC.is_dir(),
    reason="the stand-in converter is a POSIX script watched through /proc",
)


def _strays() -> list[str]:
    """LibreOffice processes this test session started that still run (ended by the call)."""
    return stray_processes(f"{SESSION_MARK}={os.environ[SESSION_MARK]}".encode(), ("soffice",))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- a file name is never an option ---------------------------------------------------------


@pytest.mark.slow
@needs_soffice
def test_an_option_like_name_converts_as_a_file_and_opens_no_listener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check .` in an inbox holding `--accept=socket,…;urp;.odt` reads it as a form; no
    port is opened and no soffice is left running (before: a UNO listener, left running)."""
    built = tmp_path / "built" / "audit.docx"
    built.parent.mkdir()
    built.write_bytes(build_form(example_spec(), "content-controls"))
    convert([built], "odt", built.parent, profile=tmp_path / "profile")
    port = _free_port()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = f"--accept=socket,host=127.0.0.1,port={port};urp;.odt"
    (inbox / name).write_bytes((built.parent / "audit.odt").read_bytes())
    monkeypatch.chdir(inbox)
    monkeypatch.setattr(doc_convert, "CONVERT_TIMEOUT_S", 60)
    try:
        result = read_form(Path(".") / name)
        opened = _listening(port)
    finally:
        left = _strays()
    assert not opened, f"LibreOffice listened on port {port}"
    assert left == []
    assert isinstance(result, FormRecord), result
    assert (result.source, result.converted_from) == (name, "odt")
    assert result.header["auditor"] == example_spec().header["auditor"]


# --- no request sent ---------------------------------------------------------------------------


def _odt_with_linked_picture(url: str) -> bytes:
    """An .odt whose only picture is linked from ``url`` (LibreOffice fetches it on loading)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
        ' office:version="1.2"><office:body><office:text><text:p>Case audit'
        '<draw:frame draw:name="p" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
        f'<draw:image xlink:href="{url}" xlink:type="simple" xlink:show="embed"'
        ' xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture
def requests_seen() -> Iterator[tuple[int, list[str]]]:
    """A web server on 127.0.0.1 recording the paths asked of it; stopped after the test."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.slow
@needs_soffice
def test_a_linked_picture_in_an_odt_form_is_never_fetched(
    tmp_path: Path, requests_seen: tuple[int, list[str]]
) -> None:
    """Reading an .odt with a picture linked from a web address sends no request to it
    (before: LibreOffice fetched it on every extract, check and ingest)."""
    port, seen = requests_seen
    form = tmp_path / "linked.odt"
    form.write_bytes(_odt_with_linked_picture(f"http://127.0.0.1:{port}/pixel.png"))
    result = read_form(form)
    time.sleep(0.5)  # a request sent at the last moment would still be recorded
    assert seen == []
    assert isinstance(result, FileFailure)
    assert result.reason == "not-this-form", result.error  # converted, read, not a form
    assert _strays() == []


def test_each_conversion_gets_a_profile_with_macros_off_links_never_updated_no_fetch(
    tmp_path: Path,
) -> None:
    """The fresh profile's settings file turns macros off (and never runs them), never
    updates links, and blocks linked pictures from untrusted places."""
    from lxml import etree

    url = doc_convert.write_profile(tmp_path / "profile")
    assert url == (tmp_path / "profile").resolve().as_uri()
    xcu = etree.parse(str(tmp_path / "profile" / "user" / "registrymodifications.xcu"))
    oor = "{http://openoffice.org/2001/registry}"
    got = {
        (item.get(f"{oor}path"), prop.get(f"{oor}name")): prop.findtext("value")
        for item in xcu.getroot()
        for prop in item
    }
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert got[(scripting, "MacroSecurityLevel")] == "3"
    assert got[(scripting, "DisableMacrosExecution")] == "true"
    assert got[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert got[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "0"
    assert got[("/org.openoffice.Office.Calc/Content/Update", "Link")] == "1"


# --- nothing left running -----------------------------------------------------------------------


def _stand_in(folder: Path, then: str) -> tuple[Path, Path]:
    """A program named soffice that starts a child (which sleeps) and then runs ``then``;
    and the file the child's process id is written to."""
    folder.mkdir(parents=True, exist_ok=True)
    pid_file = folder / "child.pid"
    program = folder / "soffice"
    program.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'])\n"
        f"pathlib.Path({str(pid_file)!r}).write_text(str(child.pid))\n"
        f"{then}\n",
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, pid_file


def _child(pid_file: Path) -> int:
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the stand-in converter never started its child"
        time.sleep(0.05)
    return int(pid_file.read_text())


def _doc(tmp_path: Path) -> Path:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    return path


@pytest.fixture
def stand_in_soffice(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The children the stand-ins started: each is killed after the test, whatever happens."""
    children: list[int] = []
    yield children
    for pid in children:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@needs_groups
@pytest.mark.parametrize(
    "then", ["import time; time.sleep(300)", "sys.exit(1)"], ids=["hangs", "fails"]
)
def test_a_converter_that_hangs_or_fails_is_ended_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in_soffice: list[int], then: str
) -> None:
    """On time-out or error the converter's whole process group ends, so no child of it
    (LibreOffice's soffice.bin) outlives the run (before: only the launcher was killed)."""
    program, pid_file = _stand_in(tmp_path / "bin", then)
    monkeypatch.setattr(doc_convert, "soffice", lambda: program)
    monkeypatch.setattr(doc_convert, "CONVERT_TIMEOUT_S", 3)
    with pytest.raises(UnreadableFile) as caught:
        doc_convert.doc_to_docx(_doc(tmp_path))
    stand_in_soffice.append(child := _child(pid_file))
    assert caught.value.reason == "doc-conversion-failed"
    assert still_alive_after({child}, 5) == set()


@needs_groups
def test_ctrl_c_during_a_conversion_ends_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in_soffice: list[int]
) -> None:
    """Ctrl-C while LibreOffice converts stops the run and ends the converter's process
    group with it (before: the launcher was killed, its children kept running)."""
    program, pid_file = _stand_in(tmp_path / "bin", "import time; time.sleep(300)")
    monkeypatch.setattr(doc_convert, "soffice", lambda: program)

    def press_ctrl_c() -> None:
        stand_in_soffice.append(_child(pid_file))
        os.kill(os.getpid(), signal.SIGINT)

    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    with pytest.raises(KeyboardInterrupt):
        doc_convert.doc_to_docx(_doc(tmp_path))
    presser.join()
    assert still_alive_after(set(stand_in_soffice), 5) == set()


# --- LibreOffice found where it is installed --------------------------------------------------


def _program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_libreoffice_is_found_on_the_path_first_in_path_order(tmp_path: Path) -> None:
    """The PATH's folders are searched in order, soffice before libreoffice in each."""
    _program(tmp_path / "third" / "soffice")
    second = _program(tmp_path / "second" / "libreoffice")
    (tmp_path / "first").mkdir()
    places = InstallPlaces(
        path=(tmp_path / "first", tmp_path / "second", tmp_path / "third"),
        program_files=(tmp_path / "pf",),
        applications=(tmp_path / "apps",),
    )
    assert find_soffice(None, places) == second
    both = _program(tmp_path / "second" / "soffice")
    assert find_soffice(None, places) == both


def test_libreoffice_is_found_in_program_files_then_applications(tmp_path: Path) -> None:
    """Not on the PATH: Program Files, then Program Files (x86), then macOS Applications."""
    places = InstallPlaces(
        path=(tmp_path / "bin",),
        program_files=(tmp_path / "Program Files", tmp_path / "Program Files (x86)"),
        applications=(tmp_path / "Applications",),
    )
    assert find_soffice(None, places) is None
    mac = _program(tmp_path / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    assert find_soffice(None, places) == mac
    x86 = _program(tmp_path / "Program Files (x86)/LibreOffice/program/soffice.exe")
    assert find_soffice(None, places) == x86
    pf = _program(tmp_path / "Program Files/LibreOffice/program/soffice.exe")
    assert find_soffice(None, places) == pf
    on_path = _program(tmp_path / "bin" / "soffice.exe")
    assert find_soffice(None, places) == on_path


def test_a_configured_program_wins_and_relative_places_never_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tools] soffice beats every place; a relative PATH entry (".", the folder a command
    runs from, perhaps the inbox) is never searched."""
    configured = _program(tmp_path / "custom" / "soffice")
    _program(tmp_path / "inbox" / "soffice")
    monkeypatch.chdir(tmp_path / "inbox")
    places = InstallPlaces(path=(Path("."), Path("")), program_files=(), applications=())
    assert find_soffice(None, places) is None
    assert find_soffice(configured, places) == configured
    assert find_soffice(tmp_path / "missing" / "soffice", places) is None


def test_program_files_are_read_from_the_environment_given() -> None:
    """%ProgramFiles% and %ProgramFiles(x86)% name the Windows folders, before the usual."""
    places = InstallPlaces.from_environment(
        {"PATH": os.pathsep.join(["/opt/bin", "", "/usr/bin"]), "ProgramFiles": "D:/Apps"}
    )
    assert places.path == (Path("/opt/bin"), Path("/usr/bin"))
    assert places.program_files[0] == Path("D:/Apps")
    assert Path("C:/Program Files (x86)") in places.program_files


@needs_groups
def test_the_program_in_the_settings_is_the_one_ingest_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tools] soffice in audit-docs.toml reaches the reader: a .doc in the inbox is given
    to that program (which here only leaves a mark)."""
    from audit_docs.cli import main

    mark = tmp_path / "ran"
    program = tmp_path / "LibreOffice" / "program" / "soffice"
    program.parent.mkdir(parents=True)
    program.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(doc_convert, "soffice", lambda: None)  # not found where usual
    (tmp_path / "audit-docs.toml").write_text(
        '[tools]\nsoffice = "LibreOffice/program/soffice"\n', encoding="utf-8"
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _doc(inbox)
    monkeypatch.chdir(tmp_path)
    status = main(["ingest", "--inbox", "inbox", "--store", "var/a.sqlite"])
    assert mark.exists()
    assert status == 1  # the stand-in converted nothing: the .doc is refused with a sentence


@needs_groups
def test_a_reader_killed_outright_takes_its_conversion_with_it(
    tmp_path: Path, stand_in_soffice: list[int]
) -> None:
    """A process converting a form that is killed with SIGKILL (a pool worker ended after
    a stop request) leaves no converter running and no private folder: its watcher ends the
    group and removes the folder (before: the converter and its children ran on, for ever
    when they hang)."""
    import subprocess

    program, pid_file = _stand_in(tmp_path / "bin", "import time; time.sleep(300)")
    doc = _doc(tmp_path)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, sys\n"
            "from audit_docs.read.word import doc_convert\n"
            f"doc_convert.soffice = lambda: pathlib.Path({str(program)!r})\n"
            f"doc_convert.doc_to_docx(pathlib.Path({str(doc)!r}))\n",
        ],
        env={
            **os.environ,
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src"),
            "TMPDIR": str(tmp_path / "temp"),
        },
    )
    (tmp_path / "temp").mkdir()
    try:
        stand_in_soffice.append(child := _child(pid_file))
        assert [p.name[:11] for p in (tmp_path / "temp").iterdir()] == ["audit-docs-"]
        reader.kill()
    finally:
        reader.kill()
        reader.wait(30)
    assert still_alive_after({child}, 10) == set()
    deadline = time.monotonic() + 10
    while list((tmp_path / "temp").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list((tmp_path / "temp").iterdir()) == []  # its private folder removed too
