"""The whole rule catalogue the gate runs: appendix, scorecard and narrative rules."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from expectations.narrative_rules import narrative_rules
from expectations.rules import Rule, generic_rules, read_relations, relation_rules
from expectations.scorecard_rules import scorecard_rules


@lru_cache(maxsize=1)
def build_rules() -> tuple[Rule, ...]:
    return tuple(generic_rules() + relation_rules(read_relations()) + scorecard_rules() + narrative_rules())


def rules_version() -> str:
    """Changes whenever a rule changes, so the gate re-checks stored submissions."""
    digest = hashlib.sha256()
    for rule in build_rules():
        digest.update(f"{rule.rule_id}|{rule.severity}|{rule.sql}".encode())
    return digest.hexdigest()[:16]
