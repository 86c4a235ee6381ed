"""What the operating system reports, as one sentence for a QA officer.

The CLI catches OSError at its edge and prints ``describe_os_error`` instead of a traceback:
a full disk, a folder that is a file, a file that is a folder, no permission, a path too
long. Each sentence names the file or folder and the next step.
"""

from __future__ import annotations

import errno


def describe_os_error(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "a file audit-docs needed"
    code = exc.errno
    if code in {errno.ENOSPC, errno.EDQUOT}:
        return (
            f"The disk holding {where} is full; free some space and run the command again "
            "(files finished before are kept, and the previous documents are untouched)."
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"audit-docs is not allowed to use {where}; ask IT for permission to read and write "
            "there, or choose another folder (--inbox, --outbox, --store, --output)."
        )
    if code == errno.EROFS:
        return (
            f"{where} is on a read-only drive; choose a folder you can write in (--outbox, "
            "--store, --output)."
        )
    if code in {errno.ENOTDIR, errno.EEXIST}:
        return (
            f"{where} is not a folder (a file has that name, or a name in its path is a file); "
            "rename or move that file, or choose another folder."
        )
    if code == errno.EISDIR:
        return f"{where} is a folder, not a file; give the path of a file inside it."
    if code == errno.ENAMETOOLONG:
        return (
            f"The path {where} is longer than the system allows; use a folder nearer the top "
            "of the drive, or shorter folder names."
        )
    if code == errno.ENOENT:
        return f"{where} does not exist; check the path and run the command again."
    reason = exc.strerror or "an error from the system"
    return f"{where} could not be used ({reason.lower()}); check the drive and run again."
