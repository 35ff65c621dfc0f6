"""benchmarks/ablation.py: finds every rule tuple, switches one rule off and back, refuses check splits."""

from __future__ import annotations

from types import ModuleType

import pytest
from support import load_script

from eventcoder.components.events import argument_rules, arguments, rules

pytestmark = pytest.mark.issue(15)


@pytest.fixture(scope="module")
def ablation() -> ModuleType:
    return load_script("benchmarks/ablation.py")


def test_every_rule_tuple_is_found(ablation: ModuleType) -> None:
    found = {(module, name) for module, name, _ in ablation.rule_tuples()}
    assert {("rules", "SKIP_RULES"), ("rules", "TARGET_RULES"), ("argument_rules", "SUBJECT_RULES")} <= found
    assert ("modality", "LINK_RULES") in found


def test_a_rule_is_switched_off_wherever_its_tuple_is_used_and_back(ablation: ModuleType) -> None:
    before_target, before_verb = rules.TARGET_RULES, rules.VERB_RULES
    with ablation.without(rules.TARGET_RULES, rules.symmetric_partners):
        assert rules.symmetric_partners not in rules.TARGET_RULES
        assert rules.symmetric_partners not in rules.VERB_RULES[3]  # the tuple of tuples follows
        assert rules.verb_objects in rules.TARGET_RULES
    assert rules.TARGET_RULES is before_target and rules.VERB_RULES is before_verb
    with ablation.without(argument_rules.SUBJECT_RULES, argument_rules.control):
        assert argument_rules.control not in arguments.SUBJECT_RULES  # imported by name elsewhere
    assert argument_rules.control in arguments.SUBJECT_RULES


def test_check_splits_are_refused(ablation: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert ablation.main(["data/news_dev/check.jsonl"]) == 2
    assert "refused" in capsys.readouterr().out
