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


def test_converted_verb_classes_choose_the_event_patterns(tmp_path):
    assert "patterns" not in pipeline_config(dict(DEFAULTS))["eventcoder_events"]  # the component's default
    path = tmp_path / "c.toml"
    path.write_text('[eventcoder]\nconverted_verbs = ["refine", "phrasal"]\n')
    assert pipeline_config(load_config(path))["eventcoder_events"]["patterns"] == "curated+refine,phrasal"
    with pytest.raises(ConfigError, match="Unknown value 'all' for converted_verbs"):
        pipeline_config({**DEFAULTS, "converted_verbs": ["all"]})


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


# one name for user actor dictionaries: actor_files (issue 11); the old names warn once -------------------


@pytest.fixture
def fresh_warnings(monkeypatch):
    import eventcoder.errors

    monkeypatch.setattr(eventcoder.errors, "_DEPRECATED_SEEN", set())


def test_actor_files_is_the_setting(tmp_path):
    path = tmp_path / "eventcoder.toml"
    path.write_text('[eventcoder]\nactor_files = ["mine.yaml"]\n', encoding="utf-8")
    assert load_config(path)["actor_files"] == ["mine.yaml"]
    assert "actors" not in DEFAULTS


def test_old_setting_name_warns_once(tmp_path, fresh_warnings):
    path = tmp_path / "eventcoder.toml"
    path.write_text('[eventcoder]\nactors = ["mine.yaml"]\n', encoding="utf-8")
    with pytest.warns(FutureWarning, match=r"\[W301\] setting 'actors' is deprecated: use 'actor_files'"):
        assert load_config(path)["actor_files"] == ["mine.yaml"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second load does not warn again
        assert load_config(path)["actor_files"] == ["mine.yaml"]
