import pytest

from eventcoder.config import DEFAULTS, load_config, pipeline_config
from eventcoder.errors import ConfigError


def test_defaults_without_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTCODER_CONFIG", raising=False)
    assert load_config() == DEFAULTS


def test_user_file_overrides_only_what_it_sets(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[eventcoder]\nkeep_negated = false\nbatch_size = 4\n")
    config = load_config(path)
    assert (config["keep_negated"], config["batch_size"], config["model"]) == (False, 4, DEFAULTS["model"])
    assert pipeline_config(config)["eventcoder_events"]["keep_negated"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[eventcoder]\nnope = 1\n", "unknown setting 'nope'"),
        ("[eventcoder]\nbatch_size = 'x'\n", "batch_size must be a int"),
        ("[eventcoder\n", "E302"),
    ],
)
def test_bad_files(tmp_path, body, message):
    path = tmp_path / "c.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_config(path)
