"""How much the store's safety costs on a big store: a backup, and the check before writing.

Builds a store from 5,000 generated forms (the same generator as ``make bench``), then times
the daily backup (SQLite's online backup API, ``store/backup.py``) and the integrity check a
writing command runs first (``PRAGMA quick_check``), and reports the store's and the backup's
sizes. Each time is the median of three.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_extract import WORK, generate

from audit_docs.store.backup import backup_folder, take_backup
from audit_docs.store.db import open_store

FORMS = 5000


def _median(seconds: list[float]) -> float:
    return statistics.median(seconds)


def main() -> int:
    inbox, store = WORK / f"inbox-backup-{FORMS}", WORK / f"backup-{FORMS}.sqlite"
    if not inbox.exists():
        generate(inbox / "forms", FORMS)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(backup_folder(store), ignore_errors=True)
    cli = Path(sys.executable).parent / "audit-docs"
    ingest = [str(cli), "ingest", "--inbox", str(inbox), "--store", str(store)]
    subprocess.run(ingest, stdout=subprocess.DEVNULL, check=True)
    conn = open_store(store)
    checks, copies = [], []
    for _ in range(3):
        start = time.perf_counter()
        conn.execute("PRAGMA quick_check").fetchall()
        checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        copy = take_backup(conn, store)
        copies.append(time.perf_counter() - start)
    conn.close()
    size = store.stat().st_size / 1e6
    print(f"\nStore of {FORMS} forms: {size:.1f} MB")
    print(
        f"  backup (online backup API): {_median(copies):.2f} s, {copy.stat().st_size / 1e6:.1f} MB"
    )
    print(f"  quick_check before writing: {_median(checks):.2f} s")
    shutil.rmtree(backup_folder(store), ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
