"""Print the sha256 of the coder's JSONL output on the seed and dev gold articles (issue #10).

A restructure must leave these digests unchanged. Runs the installed `eventcoder` console script (the venv
next to this Python), one run per input file and per output variant:

- `code`: the default JSONL output;
- `code-all`: every modality and one-sided events (`--modality` x5, `--one-sided`), so more rules show;
- `quotes`: the quotation records.

Usage: .venv/bin/python tools/output_digest.py [--save DIR]   (DIR keeps each output for diffing)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

# ../shared beside a checkout, or ../../shared beside a worktree under wt/; EVENTCODER_SHARED overrides
_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("EVENTCODER_SHARED")
    or next((p for p in (_ROOT.parent / "shared", _ROOT.parent.parent / "shared") if p.is_dir()), "shared")
)
INPUTS = [
    "data/seed_article.jsonl",
    "data/dev_voa_articles.jsonl",
    "data/news_dev/tune.jsonl",
]
MODALITIES = ["asserted", "reported", "intended", "future", "hypothetical"]
ALL_MODALITIES = [arg for modality in MODALITIES for arg in ("--modality", modality)]
VARIANTS = {
    "code": ["code"],
    "code-all": ["code", *ALL_MODALITIES, "--one-sided"],
    "quotes": ["quotes"],
}


def main() -> int:
    """Run each variant on each input and print `sha256  variant  file  lines`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="Directory to keep each output in.")
    parser.add_argument("--shared", type=Path, default=SHARED, help="The shared folder holding data/.")
    args = parser.parse_args()
    cli = Path(sys.executable).parent / "eventcoder"
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    for variant, command in VARIANTS.items():
        for name in INPUTS:
            path = args.shared / name
            if not path.exists():
                print(f"missing {path}", file=sys.stderr)
                return 2
            done = subprocess.run([str(cli), *command, str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                print(done.stderr.decode(), file=sys.stderr)
                return 1
            if args.save:
                (args.save / f"{variant}__{path.stem}.jsonl").write_bytes(done.stdout)
            digest = hashlib.sha256(done.stdout).hexdigest()
            lines = done.stdout.count(b"\n")
            print(f"{digest}  {variant:8} {name}  {lines} lines", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
