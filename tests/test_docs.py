"""Everything a user can call is documented in the README."""

import re
from pathlib import Path

from eventcoder.cli import app
from eventcoder.config import SETTINGS
from eventcoder.pipeline import COMPONENTS
from eventcoder.records import EventRecord

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    names = [c.name or c.callback.__name__.rstrip("_") for c in app.registered_commands]
    missing = [n for n in names if f"eventcoder {n}" not in README]
    assert not missing


def test_every_setting_is_in_the_readme():
    assert not [s.name for s in SETTINGS if not re.search(rf"^{s.name} = ", README, re.M)]


def test_every_component_and_record_field_is_in_the_readme():
    assert not [name for name, _ in COMPONENTS if name not in README]
    assert not [f for f in EventRecord.model_fields if f"`{f}`" not in README]


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    assert "eventcoder code examples/" in blocks[0]
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert blocks[1] in ci


def test_ci_lints_before_the_tests():
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    readme_command = re.findall(r"```bash\n(.*?)\n```", README, re.S)[1]
    lint = [ci.index(f".venv/bin/{tool}") for tool in ("ruff check", "ruff format --check", "mypy")]
    assert max(lint) < ci.index(readme_command)


def test_readme_folder_map_matches_the_tree():
    """The developer section's map names every package folder, and every path it names exists (#10)."""
    root = Path(__file__).parent.parent
    section = README[README.index("## Development") :]
    block = re.findall(r"```\n(.*?)\n```", section, re.S)[0]
    entries: list[list[str]] = []  # [folder, description]; an indented line continues the one above
    for line in block.splitlines():
        if line[:1].isspace():
            entries[-1][1] += " " + line.strip()
        else:
            folder, _, text = line.partition(" ")
            entries.append([folder, text])
    named = [folder for folder, _ in entries]
    assert [p for p in named if not (root / p).is_dir()] == []
    packages = sorted(f"{p.parent.relative_to(root)}/" for p in (root / "eventcoder").rglob("__init__.py"))
    assert [p for p in packages if p not in named] == []
    for folder, text in entries:
        files = [w.strip(",;:()") for w in text.split() if w.strip(",;:()").endswith(".py")]
        assert [f for f in files if not (root / folder / f).exists()] == [], folder
