"""The Ray Data engine (``eventcoder code --engine ray``): code a corpus on a Ray cluster or locally.

``ray.data`` reads the inputs (JSONL lines, Parquet rows, one article per .txt file), ``map_batches`` sends
them to a pool of actors that each build the pipeline once (from the recipe ``build_nlp`` leaves in
``nlp.meta``) and code them with :func:`eventcoder.driver.iter_results`, the local engine's function, so a
record is the same whichever engine made it. Articles and results cross the cluster as JSON strings, never
Docs. Results come back to the driver in input order (``preserve_order``) as CodedArticle or Failure, so
every writer of the local engine (JSONL, CSV, Parquet, the store) works unchanged.

Needs the optional dependency ``ray[data]`` (``pip install 'eventcoder[ray]'``); on a cluster every node needs
eventcoder, the spaCy model package and the same input paths (shared file system or object store).

One difference from the local reader: Ray reads lines in parallel and knows no line numbers, so a JSONL line
without an ``id`` gets ``<file stem>-<sha1 of the line>``, not ``<file stem>-<line number>``, and a line that
cannot be read fails as ``<path>#<sha1 of the line>``, not ``<path>:<line number>``.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from eventcoder.config import BATCH_SIZE
from eventcoder.errors import ArticleError, ConfigError, Errors
from eventcoder.records import Article, CodedArticle, Failure

Result = CodedArticle | Failure
SUFFIXES = (".jsonl", ".parquet", ".txt")
ACTORS = 2  # Ray actors when the caller names no count


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as err:
        raise ConfigError(Errors.E309.format(reason=err)) from None
    return ray


def _files(inputs: Sequence[str]) -> dict[str, list[str]]:
    """Input files by suffix; folders are searched (sorted) for .jsonl, .parquet and .txt files."""
    found: dict[str, list[str]] = {s: [] for s in SUFFIXES}
    for name in inputs:
        path = Path(name)
        paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in paths:
            if p.suffix.lower() in found:
                found[p.suffix.lower()].append(str(p.resolve()))
            elif not path.is_dir():
                raise ConfigError(
                    Errors.E303.format(
                        value=p.suffix or name, name="--engine ray input", expected="jsonl, parquet, txt"
                    )
                )
    return found


def to_items(batch: dict[str, Any], default_date: str | None) -> list[Article | Failure]:
    """Articles (or read failures) from rows: ``line`` (JSONL), ``bytes`` (.txt) or Parquet columns."""
    from eventcoder.io.inputs import _jsonl_lines, article_from_dict

    paths = [str(p) for p in batch["path"]]
    items: list[Article | Failure] = []
    for n, name in enumerate(paths):
        stem = Path(name).stem
        try:
            if "line" in batch:
                line = str(batch["line"][n])
                digest = hashlib.sha1(line.encode("utf-8")).hexdigest()[:12]
                default = f"{stem}-{digest}"
                for r in _jsonl_lines([line], name, default, default_date):
                    if isinstance(r, Failure):  # "<path>#<sha1>", not "<path>:1" (Ray knows no line numbers)
                        where = f"{name}#{digest}"
                        message = r.message.replace(f"{name}:1", where)
                        items.append(r.model_copy(update={"article_id": where, "message": message}))
                    else:
                        fixed = r.id == f"{default}-1"
                        items.append(r.model_copy(update={"id": default}) if fixed else r)
            elif "bytes" in batch:
                raw = bytes(batch["bytes"][n])
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ArticleError(Errors.E102.format(where=name)) from None
                if not text.strip():
                    raise ArticleError(Errors.E101.format(where=name))
                items.append(Article(id=stem, text=text, date=default_date))
            else:
                row = {k: _plain(v[n]) for k, v in batch.items() if k != "path"}
                items.append(
                    article_from_dict(
                        row, where=f"{name} row", default_id=f"{stem}-{n}", default_date=default_date
                    )
                )
        except ArticleError as err:
            items.append(Failure.from_exception(name, "read", err))
    return items


def _plain(value: Any) -> Any:
    """A numpy scalar or array as the Python value article_from_dict expects."""
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def to_keyed(batch: dict[str, Any], default_date: str | None, exclude: Any = None) -> dict[str, list[Any]]:
    """Rows as items (JSON) with their keys: ``content_hash`` and ``input_hash`` ("" for a read failure).

    ``exclude``: hashes (content or input) whose articles are dropped here, before any actor codes them (an
    ingest's stored articles and failed inputs)."""
    columns: dict[str, list[Any]] = {"item": [], "failed": [], "content_hash": [], "input_hash": []}
    for item in to_items(batch, default_date):
        keys = ("", "") if isinstance(item, Failure) else (item.content_hash, item.input_hash)
        if exclude and (keys[0] in exclude or keys[1] in exclude):
            continue
        columns["item"].append(item.model_dump_json())
        columns["failed"].append(isinstance(item, Failure))
        columns["content_hash"].append(keys[0])
        columns["input_hash"].append(keys[1])
    return columns


class Coder:
    """A Ray actor: builds the pipeline once, codes batches of items into JSON results (keys passed on)."""

    # gc.freeze() once the pipeline is built: the actor's full garbage collections (its first batch sets one
    # off) no longer walk the pipeline's objects, as in a forked worker (parallel.FREEZE). The actor lives
    # for one run and the pipeline as long as the actor, so nothing frozen needs collecting.
    FREEZE = True

    def __init__(self, recipe: dict[str, Any], batch_size: int) -> None:
        from eventcoder.parallel import build_from_recipe

        self.nlp = build_from_recipe(recipe)
        self.batch_size = batch_size
        if self.FREEZE:
            gc.freeze()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        from eventcoder.driver import iter_results

        items = [
            (Failure if failed else Article).model_validate_json(str(item))
            for item, failed in zip(batch["item"], batch["failed"], strict=True)
        ]
        kinds, payloads = [], []
        for result in iter_results(items, self.nlp, batch_size=self.batch_size):  # one per item, in order
            kinds.append("failure" if isinstance(result, Failure) else "coded")
            payloads.append(result.model_dump_json())
        keys = {k: [str(v) for v in batch[k]] for k in ("content_hash", "input_hash")}
        return {"kind": kinds, "result": payloads, **keys}


def iter_ray(
    inputs: Sequence[str],
    recipe: dict[str, Any],
    *,
    address: str | None = None,
    actors: int = ACTORS,
    batch_size: int = BATCH_SIZE,
    default_date: str | None = None,
) -> Iterator[Result]:
    """Code the inputs with Ray Data; one CodedArticle or Failure per input row, in input order.

    ``address``: an existing cluster (``ray://host:10001`` or ``auto``); None starts Ray locally with
    ``actors`` + 1 CPUs. ``actors``: size of the actor pool (one pipeline each).

    Raises:
        ConfigError: [E309] Ray is not installed; [E303] an input that is not .jsonl, .parquet or .txt.
    """
    keyed = iter_ray_keyed(
        inputs, recipe, address=address, actors=actors, batch_size=batch_size, default_date=default_date
    )
    return (result for result, _, _ in keyed)


def iter_ray_keyed(
    inputs: Sequence[str],
    recipe: dict[str, Any],
    *,
    address: str | None = None,
    actors: int = ACTORS,
    batch_size: int = BATCH_SIZE,
    default_date: str | None = None,
    exclude: Collection[str] = (),
) -> Iterator[tuple[Result, str, str]]:
    """As :func:`iter_ray`, each result with its article's content and input hash ("" for a read failure).

    ``exclude``: content or input hashes whose articles are dropped before coding (not yielded).
    """
    ray = _ray()  # errors (no Ray, a bad input) are raised here, before anything runs
    files = _files(inputs)
    return _run(ray, files, recipe, address, actors, batch_size, default_date, frozenset(exclude))


def iter_keys(
    inputs: Sequence[str],
    *,
    address: str | None = None,
    actors: int = ACTORS,
    default_date: str | None = None,
) -> Iterator[tuple[str, str]]:
    """(content hash, input hash) of every input row ("" for a read failure), read by Ray Data, not coded.

    An ingest asks the store which of them are stored or failed, and excludes those from coding.
    """
    ray = _ray()
    files = _files(inputs)
    _start(ray, address, actors)
    for dataset in _datasets(ray, files):
        keyed = dataset.map_batches(to_keyed, fn_args=(default_date,), batch_format="numpy")
        for batch in keyed.iter_batches(batch_size=1024, batch_format="numpy"):
            for content, given in zip(batch["content_hash"], batch["input_hash"], strict=True):
                yield str(content), str(given)


def _start(ray: Any, address: str | None, actors: int) -> None:
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # not a line per dataset run on stderr
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        # one CPU per actor and one for the read tasks (actors holding every CPU would starve them)
        ray.init(num_cpus=actors + 1, include_dashboard=False, log_to_driver=False)


def _datasets(ray: Any, files: dict[str, list[str]]) -> list[Any]:
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    datasets = []
    if files[".jsonl"]:
        lines = ray.data.read_text(files[".jsonl"], include_paths=True)
        datasets.append(lines.map_batches(_rename_text, batch_format="pyarrow"))
    if files[".parquet"]:
        datasets.append(ray.data.read_parquet(files[".parquet"], include_paths=True))
    if files[".txt"]:
        datasets.append(ray.data.read_binary_files(files[".txt"], include_paths=True))
    return datasets


def _run(
    ray: Any,
    files: dict[str, list[str]],
    recipe: dict[str, Any],
    address: str | None,
    actors: int,
    batch_size: int,
    default_date: str | None,
    exclude: frozenset[str],
) -> Iterator[tuple[Result, str, str]]:
    _start(ray, address, actors)
    for dataset in _datasets(ray, files):
        keyed = dataset.map_batches(to_keyed, fn_args=(default_date, exclude or None), batch_format="numpy")
        # blocks of one batch each (streaming, order kept): a file read as one block would feed one actor only
        keyed = keyed.repartition(target_num_rows_per_block=batch_size)
        coded = keyed.map_batches(
            Coder,
            fn_constructor_args=(recipe, batch_size),
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
        )
        for row in coded.iter_rows():
            kind, payload = row["kind"], row["result"]
            result = (
                Failure.model_validate_json(payload)
                if kind == "failure"
                else CodedArticle.model_validate_json(payload)
            )
            yield result, str(row["content_hash"]), str(row["input_hash"])


def _rename_text(table: Any) -> Any:
    """read_text names the line ``text``; call it ``line`` (a JSONL line, not an article's text)."""
    return table.rename_columns(["line" if c == "text" else c for c in table.column_names])
