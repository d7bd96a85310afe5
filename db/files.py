"""Files written beside the data: private creation, atomic replacement, and targets that must be refused.

Every file rentrack writes (an export, a rejects file, a backup, the copy made
before a migration) is written under a hidden temporary name in the target's
folder, mode 0600, and renamed over the target only when complete. The
temporary name carries the writer's process id, so a later run can tell the
leftovers of a killed writer from the work of a live one and delete them
(:func:`sweep_leftovers`): they hold full copies of the data.

A target that is not a regular file (a FIFO, ``/dev/stdout``, a terminal) is
written into directly: renaming over it would replace the device node.

:func:`check_target` refuses a target that is the database itself, one of
SQLite's files beside it (``-wal``, ``-shm``, ``-journal``), or a file being
read, compared by identity (device and inode, symlinks followed) where the
file exists and by resolved path where it does not yet.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

#: SQLite's files beside a database, by suffix.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


class UnsafeTarget(ValueError):
    """An output path that would overwrite the database or a file being read.

    Beside the message, what it is made of (for a layer that words it in the owner's language):
    *what* the file is, the *target*, the database's *companion* file it is (``-wal``...) or the
    *source* being read that it is.
    """

    def __init__(self, message: str, *, what: str = "", target: Path | None = None,
                 companion: str | None = None, source: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.what, self.target, self.companion, self.source = what, target, companion, source


def database_files(database: str | os.PathLike[str]) -> tuple[Path, ...]:
    """The database and SQLite's files beside it."""
    db = Path(database)
    return (db, *(db.with_name(db.name + suffix) for suffix in SQLITE_COMPANIONS))


def _resolved(path: Path) -> Path:
    return Path(os.path.normcase(os.path.realpath(path)))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether *a* and *b* name one file: the same inode where both exist, else the same resolved path."""
    pa, pb = Path(a), Path(b)
    try:
        return os.path.samefile(pa, pb)
    except OSError:
        return _resolved(pa) == _resolved(pb)


def check_target(
    target: str | os.PathLike[str],
    *,
    database: str | os.PathLike[str] | None = None,
    reading: Iterable[str | os.PathLike[str]] = (),
    what: str = "the output",
) -> None:
    """Refuse (:class:`UnsafeTarget`) a *target* that is the database, its SQLite files, or a file in *reading*."""
    t = Path(target)
    if database is not None:
        for protected in database_files(database):
            if same_file(t, protected):
                companion = None if protected == Path(database) else protected.name
                which = "the database" if companion is None else f"the database's {companion}"
                raise UnsafeTarget(f"{what} {t} is {which}; choose another file", what=what, target=t,
                                   companion=companion)
    for source in reading:
        if same_file(t, source):
            raise UnsafeTarget(f"{what} {t} is the file being read ({source}); choose another file", what=what,
                               target=t, source=source)


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_leftovers(target: str | os.PathLike[str], *, related: bool = False) -> list[Path]:
    """Delete the temporary files a killed writer of *target* left beside it; returns those deleted.

    Only files named as :func:`private_temp` names them for this target (with
    *related*, also for files whose names extend it, as the copies made before
    a migration extend the database's), whose process is no longer running,
    are touched, with SQLite's files beside them.
    """
    t = Path(target)
    extension = r"(?:\.[^/]+?)?" if related else ""
    pattern = re.compile(
        rf"^\.{re.escape(t.name)}{extension}\.(\d+)\.[0-9a-f]+\.tmp(?:-wal|-shm|-journal)?$"
    )
    removed: list[Path] = []
    try:
        entries = list(os.scandir(t.parent if str(t.parent) else "."))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if m is None or _pid_alive(int(m.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def private_temp(target: str | os.PathLike[str]) -> Path:
    """Create an empty private (0600) temporary file beside *target*, named for it and this process."""
    t = Path(target)
    t.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(t)
    while True:
        tmp = _temp_name(t)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp


@contextmanager
def private_folder(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """A private (0700) temporary folder inside *folder* (created if needed), deleted with what is left in it.

    Files finished in it are moved into *folder* with :func:`place` (a rename:
    the same filesystem). Named like :func:`private_temp`'s files, so a
    killed writer's folder is deleted by the next one.
    """
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    anchor = base / "rentrack-export"
    sweep_leftovers(anchor)
    while True:
        tmp = _temp_name(anchor)
        try:
            os.mkdir(tmp, 0o700)
            break
        except FileExistsError:
            continue
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def remove_temp(tmp: Path) -> None:
    """Delete a temporary file and any SQLite files beside it."""
    for path in database_files(tmp):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def is_special(target: str | os.PathLike[str]) -> bool:
    """Whether *target* is to be written into rather than replaced.

    So are an existing target that is not a regular file or folder (a FIFO, a
    device, a terminal) and any path under ``/dev`` or ``/proc`` (``/dev/stdout``
    is a link to the process's own output, whatever that is).
    """
    absolute = os.path.abspath(target)
    if absolute.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def final_target(target: str | os.PathLike[str]) -> Path:
    """The file a write to *target* replaces: a symlink is followed, so the link stays and its file changes."""
    return Path(os.path.realpath(target)) if os.path.islink(target) else Path(target)


def place(tmp: Path, target: str | os.PathLike[str]) -> None:
    """Rename the finished *tmp* over *target* (see :func:`final_target`), keeping an existing target's mode.

    A new file keeps the temporary file's mode, 0600.
    """
    t = final_target(target)
    try:
        os.chmod(tmp, os.stat(t).st_mode & 0o777)
    except FileNotFoundError:
        pass
    os.replace(tmp, t)


@contextmanager
def atomic_text(target: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream that becomes *target* only when the block ends without error.

    Written to a private temporary file beside *target*, flushed to disk, then
    renamed over it; on failure the temporary file is removed and *target* is
    untouched. A target that is not a regular file (FIFO, device) is written
    into directly.
    """
    if is_special(target):
        with open(target, "w", encoding=encoding, newline="") as fh:
            yield fh
        return
    final = final_target(target)
    tmp = private_temp(final)
    try:
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        place(tmp, final)
    except BaseException:
        remove_temp(tmp)
        raise


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make the renames in *folder* durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems refuse fsync on a folder
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
