"""Who approves an on-site request, and when a 👍 stops counting."""

from __future__ import annotations

from bots.forms.approvals import Role, evaluate, region_of
from tests.factories import config
from tests.forms.helpers import form_issue, thumbs

AMER = config().regions["AMER"]


def test_region_comes_from_one_region_label_else_the_author_else_none():
    cfg = config()
    assert region_of(form_issue(), cfg) == "AMER"  # jordan.lee's roster region
    assert region_of(form_issue(labels=("region::EMEA",)), cfg) == "EMEA"
    assert region_of(form_issue(labels=("region::EMEA", "region::AMER")), cfg) is None
    assert region_of(form_issue(labels=("region::APAC",)), cfg) == "AMER"  # not a configured region
    assert region_of(form_issue(author="outsider"), cfg) is None


def test_first_sight_records_the_current_fingerprint_and_keeps_it_for_the_same_award():
    first = evaluate(thumbs("maria.garcia"), AMER, {}, "fp1")
    assert first.record == {"maria.garcia": [100, "fp1"]}
    later = evaluate(thumbs("maria.garcia"), AMER, first.record, "fp2")
    assert later.record == {"maria.garcia": [100, "fp1"]}
    (manager, asm) = later.roles
    assert manager.role is Role.SA_MANAGER and manager.stale == ("maria.garcia",) and not manager.ok
    assert asm.role is Role.ASM and asm.candidates == ("tom.becker",) and not asm.stale
    assert later.stale and not later.approved


def test_a_new_award_approves_the_current_fields():
    again = evaluate(thumbs("maria.garcia", start=500), AMER, {"maria.garcia": [100, "fp1"]}, "fp2")
    assert again.record == {"maria.garcia": [500, "fp2"]} and again.roles[0].ok


def test_malformed_previous_records_are_ignored():
    for junk in ("x", [1], ["1", "fp"], [1, 2], None):
        result = evaluate(thumbs("tom.becker"), AMER, {"tom.becker": junk}, "fp")
        assert result.record == {"tom.becker": [100, "fp"]}


def test_only_thumbsup_by_username_counts_and_others_are_listed():
    awards = (*thumbs("Tom.Becker"), *thumbs("maria.garcia", name="heart", start=5),
              *thumbs("jordan.lee", start=9))
    result = evaluate(awards, AMER, {}, "fp")
    assert result.record == {"tom.becker": [100, "fp"]}
    assert result.ignored == ("jordan.lee",)


def test_no_region_means_no_approval():
    result = evaluate(thumbs("maria.garcia", "tom.becker"), None, {}, "fp")
    assert not result.approved and result.roles == () and result.record == {}
