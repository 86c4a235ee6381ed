"""Whether the store is on a network drive, where SQLite's WAL mode does not work.

WAL keeps its index in shared memory beside the store, which processes on two computers
cannot share: on NFS, SMB/CIFS, 9p or sshfs a store in WAL mode can be corrupted. There the
store is opened with a rollback journal (``journal_mode=DELETE``), which works as long as the
file system's locks do, and the command says so once. What the platform offers is
detected, never assumed from its name: Linux's mount table (``/proc/self/mountinfo``), and
on Windows a UNC path (``\\\\server\\share``) or a drive that Windows reports as remote.
"""

from __future__ import annotations

import ctypes
import ntpath
import os
from collections.abc import Callable
from pathlib import Path

#: file system types (as Linux's mount table names them) that live on another computer
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ncpfs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
    }
)
#: GetDriveTypeW's answer for a network drive
DRIVE_REMOTE = 4
_MOUNTINFO = Path("/proc/self/mountinfo")


def _unescape(field: str) -> str:
    r"""A mount point as the table writes it (a space as \040) back to the path."""
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def mounted_type(path: str, mountinfo: str) -> str | None:
    """The file system type of the mount holding ``path`` (an absolute path with every link
    resolved), from the text of a Linux mount table; None when no mount holds it."""
    best, found = -1, None
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, after = left.split(), right.split()
        if not sep or len(fields) < 5 or not after:
            continue
        point = _unescape(fields[4])
        inside = point in ("/", path) or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), after[0]
    return found


def network_file_system(
    path: str, mountinfo: str | None = None, drive_type: Callable[[str], int] | None = None
) -> str | None:
    """What kind of network drive holds ``path``, in words, or None for a local disk.

    ``mountinfo`` is a Linux mount table's text, ``drive_type`` Windows' GetDriveTypeW; each
    is used when given (tests give made-up ones).
    """
    device = path.startswith(("\\\\?\\", "\\\\.\\"))  # \\?\C:\... or \\?\UNC\server\...
    if (path[4:8].upper() == "UNC\\") if device else path.startswith("\\\\"):
        return "a Windows network share"
    if drive_type is not None:
        drive = ntpath.splitdrive(path[4:] if device else path)[0]
        if drive and drive_type(drive + "\\") == DRIVE_REMOTE:
            return "a mapped network drive"
        return None
    if mountinfo is not None:
        kind = mounted_type(path, mountinfo)
        if kind in NETWORK_TYPES or (kind or "").startswith(("nfs", "fuse.sshfs")):
            return f"a network file system ({kind})"
    return None


def store_network(store: Path) -> str | None:
    """``network_file_system`` for the store's folder, with what this computer offers."""
    folder = os.path.realpath(store.parent if store.parent != Path() else Path.cwd())
    windll = getattr(ctypes, "windll", None)
    drive_type = windll.kernel32.GetDriveTypeW if windll is not None else None
    mountinfo = None
    if drive_type is None:
        try:
            mountinfo = _MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            mountinfo = None
    return network_file_system(folder, mountinfo, drive_type)
