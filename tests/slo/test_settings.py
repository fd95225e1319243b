"""`slo:` in sa-triage.yml: defaults for everything, errors naming the key path, unknown keys errors too."""

import re

import pytest

from bots.config import Config
from bots.errors import ConfigError, ConfigErrors
from bots.jobs import parse_config
from bots.slo.rules import default_settings, levels, slo_labels
from bots.slo.settings import slo_settings
from bots.sources.request import Segment, Stage
from tests.factories import ROOT

SHIPPED = (ROOT / "sa-triage.yml").read_text()


def parse(slo_yaml: str | None) -> Config:
    text = re.sub(r"\nslo:\n(  .*\n?)*", "\n", SHIPPED)
    if slo_yaml is not None:
        text += "\nslo:\n" + slo_yaml
    return parse_config(text, "sa-triage.yml", ROOT)


def test_absent_section_gives_the_handbook_defaults_and_the_shipped_file_spells_them_out():
    assert slo_settings(parse(None)) == default_settings()
    assert slo_settings(parse_config(SHIPPED, "sa-triage.yml", ROOT)) == default_settings()
    d = default_settings()
    assert d.tech_eval.days_for(Segment.FIRST_ORDER) == 15 and d.tech_eval.days_for(Segment.NAMED) == 30
    assert d.csm_transition.stages == (Stage.NEGOTIATING, Stage.AWAITING_SIGNATURE)
    assert (d.slack_channel.heads_up_days, d.slack_channel.overdue_days) == (80, 90)


def test_values_are_read():
    cfg = parse("  business_hours_only: false\n"
                "  triage: {business_days: 2, escalate_after_business_days: 3}\n"
                "  tech_eval: {days_before_close: {territory: 20}, warn_business_days: 3}\n"
                "  csm_transition: {stages: [Negotiating], enabled: false}\n")
    s = slo_settings(cfg)
    assert not s.business_hours_only
    assert (s.triage.business_days, s.triage.escalate_after_business_days) == (2, 3)
    assert s.tech_eval.days_for(Segment.TERRITORY) == 20 and s.tech_eval.days_for(Segment.NAMED) == 30
    assert s.csm_transition.stages == (Stage.NEGOTIATING,) and not s.csm_transition.enabled


@pytest.mark.parametrize(("yaml", "message"), [
    ("  triage: {business_days: 0}", "slo.triage.business_days: must be at least 1, got 0"),
    ("  tech_eval: {days_before_close: {named: thirty}}",
     "slo.tech_eval.days_before_close.named: expected an integer, got str 'thirty'"),
    ("  tech_eval: {complete_after_stage: 9}", "slo.tech_eval.complete_after_stage: expected a stage number"),
    ("  second_review: {skip_labels: [nope]}",
     "slo.second_review.skip_labels[0]: label 'nope' is not declared under labels"),
    ("  judgment: {regions: [APAC]}", "slo.judgment.regions[0]: unknown region 'APAC'"),
    ("  csm_transition: {stages: [Signed]}", "slo.csm_transition.stages[0]: unknown stage 'Signed'"),
    ("  slack_channel: {heads_up_days: 90}",
     "slo.slack_channel.heads_up_days: must be less than overdue_days"),
    ("  slack_channel: {label: form::nope}",
     "slo.slack_channel.label: label 'form::nope' is not declared under labels"),
    ("  meeting_prep: {deadline_business_days: 3}",
     "slo.meeting_prep.remind_business_days: must not be less than deadline_business_days"),
    ("  follow_up: {heading: '  '}", "slo.follow_up.heading: must not be empty"),
    ("  meeting_prep: {objectives_heading: ''}", "slo.meeting_prep.objectives_heading: must not be empty"),
    ("  ae_contact: {contacted_list: triage::contacted}",
     "slo.ae_contact.contacted_list: label 'triage::contacted' is not declared under labels"),
    ("  form_triage: {label: form::nope}",
     "slo.form_triage.label: label 'form::nope' is not declared under labels"),
    ("  form_triage: {escalate_after_business_days: 0}",
     "slo.form_triage.escalate_after_business_days: must be at least 1, got 0"),
    ("  triage: [1, 2]", "slo.triage: expected a mapping"),
])
def test_errors_name_the_file_and_key_path(yaml, message):
    with pytest.raises(ConfigError) as e:
        parse(yaml + "\n")
    assert str(e.value).startswith("sa-triage.yml: " + message)


def test_unknown_keys_are_errors_with_the_closest_key_all_at_once():
    with pytest.raises(ConfigError) as e:
        parse("  triage: {buisness_days: 2}\n  tech_evall: {}\n")
    assert sorted(str(x) for x in ConfigErrors.of(e.value)) == [
        "sa-triage.yml: slo.tech_evall: unknown key (did you mean 'tech_eval'?)",
        "sa-triage.yml: slo.triage.buisness_days: unknown key (did you mean 'business_days'?)",
    ]


def test_every_label_the_engine_sets_or_reads_is_declared_so_setup_creates_it():
    cfg = parse_config(SHIPPED, "sa-triage.yml", ROOT)
    declared = cfg.label_names()
    assert slo_labels() <= declared, slo_labels() - declared
    assert slo_settings(cfg).labels_used() <= declared
    assert len({x.label for x in levels().values()}) == len(levels())


def test_the_rules_declare_their_labels_and_an_entry_in_the_file_restyles_one():
    shipped = parse_config(SHIPPED, "sa-triage.yml", ROOT)
    specs = {x.name: x for x in shipped.labels}
    assert (specs["slo::triage-breached"].color, specs["csm-introduced"].description) == (
        "#8B0000", "Customer introduced to a Customer Success Manager")
    entry = '  - {name: "slo::triage-breached", color: "#000000"}\n'
    restyled = SHIPPED.replace("labels:\n", "labels:\n" + entry, 1)
    cfg = parse_config(restyled, "sa-triage.yml", ROOT)
    assert [x.color for x in cfg.labels if x.name == "slo::triage-breached"] == ["#000000"]
    assert len(cfg.labels) == len(shipped.labels)


def test_objectives_null_asks_for_none_and_absent_asks_for_the_default_heading():
    def heading(yaml: str) -> str | None:
        return slo_settings(parse(f"  meeting_prep: {yaml}\n")).meeting_prep.objectives_heading

    assert heading("{objectives_heading: null}") is None
    assert heading("{}") == "Objectives" and heading("{objectives_heading: Goals}") == "Goals"
