"""Atomic file output: an output file is either whole or absent, never half-written or emptied early.

Every command that writes a file writes a temporary file next to it (``.NAME.XXXX.tmp.SUFFIX``, same
folder, so the final rename is atomic) and renames it over the target only once everything is written and
flushed to disk. A bad option, a failed run, Ctrl-C, a full disk or ``kill -9`` leave an existing file
untouched (a killed run may leave its hidden temporary file behind; nothing reads it).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import ConfigError, Errors


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp(target: Path) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    # mkstemp makes the file private (0600): give it the mode a new file would have, or the old file's mode.
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    os.chmod(name, mode)
    return fd, Path(name)


def _commit(temp: Path, target: Path) -> None:
    os.replace(temp, target)
    try:  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, on any error it is removed.

    For writers that take a file name (Parquet, GraphML, matplotlib). The temporary name keeps the suffix.

    Raises:
        OSError: the folder cannot be written (raised before anything is produced).
    """
    target = Path(path).expanduser()
    fd, temp = _temp(target)
    os.close(fd)
    try:
        yield temp
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        _commit(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on success it replaces ``path``, on any error it is removed.

    ``mode`` is ``"w"`` or ``"wb"``; ``kwargs`` go to :func:`open` (encoding, newline).
    """
    target = Path(path).expanduser()
    fd, temp = _temp(target)
    try:
        with open(fd, mode, **kwargs) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        _commit(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def same_file(a: str | Path, b: str | Path) -> bool:
    """True if two paths name the same existing file (through links, ``..`` or case-insensitive systems)."""
    try:
        return os.path.samefile(Path(a).expanduser(), Path(b).expanduser())
    except (OSError, ValueError):
        return False


def check_not_input(output: str | Path, inputs: Iterable[str | Path], what: str = "an input") -> None:
    """Refuse an output path that is one of the inputs (it would be replaced by the output).

    Raises:
        ConfigError: [E305] naming the path.
    """
    for name in inputs:
        if str(name) != "-" and same_file(output, name):
            raise ConfigError(Errors.E305.format(path=output, what=what))
