"""A store that travels safely: copied with ``audit-docs backup``, never left with the
leftovers of an interrupted creation, and opened on a network drive in a mode that works."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit_docs.cli import main
from audit_docs.jobs.backup import backup
from audit_docs.store import db
from audit_docs.store.network import network_file_system
from tests.builders.wordform import write_copies
from tests.test_store_safety import _started, _stored, _whole_files_only
from tests.unprivileged import SRC

# --- leftovers of an interrupted creation -------------------------------------------------------

#: creates a store, and is killed just before linking it into place
_KILLED_CREATING = """
import os, sys
from pathlib import Path
from audit_docs.store import db
db.os.link = lambda *args: os._exit(9)
db.open_store(Path(sys.argv[1]))
"""


def test_the_leftovers_of_a_creation_killed_midway_are_removed_on_the_next_run(
    tmp_path: Path,
) -> None:
    """Issue 20: a kill during store creation left .NAME.sqlite.new-PID files for good."""
    store = tmp_path / "var" / "audits.sqlite"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_CREATING, str(store)],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=60,
        check=False,
    )
    assert killed.returncode == 9
    left = sorted(p.name for p in store.parent.iterdir())
    assert left
    assert all(name.startswith(".audits.sqlite.new-") for name in left), left
    for path in store.parent.iterdir():  # a minute ago: no creation takes that long
        os.utime(path, (time.time() - 120, time.time() - 120))
    write_copies(tmp_path / "inbox", 1)
    assert main(["ingest", "--inbox", str(tmp_path / "inbox"), "--store", str(store)]) == 0
    assert sorted(p.name for p in store.parent.iterdir() if p.name.startswith(".")) == []


def test_a_creation_under_way_is_left_alone(tmp_path: Path) -> None:
    """Only files of a process no longer running, or older than an hour, are removed."""
    store = tmp_path / "audits.sqlite"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    live, dead = os.getppid(), gone.pid  # (this process's own id is the new store's)
    names = {
        f".audits.sqlite.new-{live}": 0,  # a running process, a moment ago: under way
        f".audits.sqlite.new-{live}-wal": 0,
        f".audits.sqlite.new-{dead}": 120,  # its process is gone
        f".audits.sqlite.new-{dead}-shm": 120,
        f".audits.sqlite.new-{live}0": 7200,  # two hours old: whoever has that id now
        ".audits.sqlite.new-notes.txt": 7200,  # not ours
        ".other.sqlite.new-1": 7200,
    }
    for name, age in names.items():
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (time.time() - age, time.time() - age))
    db.open_store(store).close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == sorted(
        [
            ".audits.sqlite.new-notes.txt",
            f".audits.sqlite.new-{live}",
            f".audits.sqlite.new-{live}-wal",
            ".other.sqlite.new-1",
        ]
    )


# --- backup -----------------------------------------------------------------------------------


def test_backup_copies_the_store_whole_into_a_file_or_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``audit-docs backup DEST`` writes a checked copy and says what it holds."""
    inbox, store = tmp_path / "inbox", tmp_path / "var" / "audits.sqlite"
    write_copies(inbox, 3)
    assert main(["ingest", "--inbox", str(inbox), "--store", str(store)]) == 0
    (tmp_path / "usb").mkdir()
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "usb"), "--store", str(store)]) == 0
    said = capsys.readouterr().out
    copy = tmp_path / "usb" / "audits.sqlite"
    assert said == (
        f"Copied the audit store {store} to {copy}: 3 audits from 3 files, checked whole. Open "
        "or move the copy as it is; it needs no other file beside it.\n"
    )
    assert _whole_files_only(copy) == 3
    assert main(["backup", str(store), "--store", str(store)]) == 2
    assert "is the store itself" in capsys.readouterr().err


def test_a_backup_taken_during_an_ingest_holds_every_file_committed_whole(
    tmp_path: Path,
) -> None:
    """Issue 20: ``cp`` of the store during an ingest held 32 of 300 audits (the WAL file was
    not copied); a backup holds every file committed when it was taken, each whole."""
    store = tmp_path / "s.sqlite"
    process = _started(store, 300)
    taken: list[tuple[int, Path]] = []
    try:
        while process.poll() is None and len(taken) < 5:
            committed = _stored(store)
            taken.append(
                (committed, backup(store, tmp_path / f"copy-{len(taken)}.sqlite", io.StringIO()))
            )
    finally:
        process.communicate(timeout=300)
    assert process.returncode == 0
    assert taken
    for committed, copy in taken:
        assert _whole_files_only(copy) >= committed
    assert _whole_files_only(store) == 300


# --- network drives -----------------------------------------------------------------------------

_MOUNTS = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:40 / /mnt/share rw,relatime shared:20 - nfs4 server:/export rw,vers=4.2
41 40 8:2 / /mnt/share/local rw,relatime shared:21 - ext4 /dev/sdb1 rw
42 22 0:42 / /srv/team\\040files rw,relatime - cifs //nas/team rw
43 22 0:43 / /home/qa/remote rw,nosuid - fuse.sshfs qa@host:/data rw
44 22 0:44 / /mnt/host rw - 9p hostshare rw
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/var/lib/audits", None),
        ("/mnt/share", "a network file system (nfs4)"),
        ("/mnt/share/qa/var", "a network file system (nfs4)"),
        ("/mnt/share/local/var", None),  # a local disk mounted inside the share
        ("/mnt/shared/var", None),  # only a name that starts alike
        ("/srv/team files/qa", "a network file system (cifs)"),
        ("/home/qa/remote/var", "a network file system (fuse.sshfs)"),
        ("/mnt/host/var", "a network file system (9p)"),
    ],
)
def test_a_network_file_system_is_found_in_the_mount_table(path: str, expected: str | None) -> None:
    """The mount holding the folder decides, the longest mount point first."""
    assert network_file_system(path, _MOUNTS) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("\\\\nas\\qa\\var", "a Windows network share"),
        ("\\\\?\\UNC\\nas\\qa\\var", "a Windows network share"),
        ("\\\\?\\C:\\qa\\var", None),
        ("C:\\Users\\qa\\var", None),
        ("Z:\\qa\\var", "a mapped network drive"),
    ],
)
def test_a_windows_share_or_mapped_drive_is_found(path: str, expected: str | None) -> None:
    """A UNC path is a share; a drive letter is what Windows says of it (Z: remote here)."""
    kinds = {"C:\\": 3, "Z:\\": 4}
    assert network_file_system(path, None, lambda root: kinds[root.upper()]) == expected


def test_a_store_on_a_network_drive_is_opened_with_a_rollback_journal_and_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """WAL does not work over NFS or SMB: the store is used in DELETE mode, and said so once."""
    monkeypatch.setattr(db, "store_network", lambda path: "a network file system (nfs4)")
    db._say_once.cache_clear()
    store = tmp_path / "audits.sqlite"
    for _ in range(2):
        conn = db.open_store(store, writing=True)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
    assert capsys.readouterr().err == (
        f"audit-docs: the audit store {store} is on a network file system (nfs4), where "
        "SQLite's WAL mode does not work, so it is used with a rollback journal instead: let "
        "one audit-docs at a time use it. A store on this computer's own disk is safer and "
        "faster; copy it there with `audit-docs backup DEST` and give that path with --store.\n"
    )
    assert not (tmp_path / "audits.sqlite-wal").exists()


def test_a_store_on_a_local_disk_stays_in_wal_mode(tmp_path: Path) -> None:
    """This machine's temporary folder is local: WAL, as before."""
    conn = db.open_store(tmp_path / "audits.sqlite")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
