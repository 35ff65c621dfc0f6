import pytest
import yaml

from eventcoder.errors import KnowledgeError
from eventcoder.knowledge.files import read_text, yaml_error


def test_unreadable_and_non_utf8_files_are_e003(tmp_path):
    with pytest.raises(KnowledgeError, match=r"^\[E003\] .*missing\.yaml"):
        read_text(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(KnowledgeError, match=r"^\[E003\]"):
        read_text(latin)


def test_yaml_errors_name_the_line():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a: 1\nb: [2\nc: 3\n")
    err = yaml_error(info.value, "bad.yaml")
    assert str(err).startswith("[E004] bad.yaml, line ") and err.code == "E004"
    assert str(err).split("line ")[1].split(":")[0] == str(info.value.problem_mark.line + 1)
