"""The bots' sections of sa-triage.yml: each bot declares its own, the registry lists them, and a bot
finds its settings again by their class."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from bots import config as config_mod
from bots.config import ConfigSection, Declared
from bots.digest.settings import digest_settings
from bots.errors import ConfigError, ConfigErrors
from bots.jobs import SECTIONS, parse_config
from bots.labels import LabelSpec
from bots.mirror.settings import MirrorSettings, mirror_settings
from bots.react.settings import ReactSettings, react_settings
from bots.schema import Node
from bots.slo.settings import slo_settings
from bots.suggest.settings import suggest_settings
from tests.factories import ROOT, config

SHIPPED = (ROOT / "sa-triage.yml").read_text()


@dataclass(frozen=True)
class WidgetSettings:
    size: int = 1
    regions: frozenset[str] = frozenset()


def _read_widget(root: Node, declared: Declared) -> WidgetSettings:
    root.child("widget").keys({"size"})
    return WidgetSettings(root.child("widget").child("size").get(int, 1), declared.regions)


WIDGET = ConfigSection(("widget",), WidgetSettings, _read_widget,
                       labels=lambda: (LabelSpec("widget::big", "#abcdef", "A big widget"),))


def test_every_bot_finds_its_section_of_the_shipped_file():
    cfg = config()
    keys = ["mirror", "async_slack", "slo", "suggestions", "digest", "go_live", "handoff", "react",
            "meetings"]
    assert [section.key for section in SECTIONS] == keys
    assert list(cfg.sections) == keys
    assert react_settings(cfg) == ReactSettings(enabled=False)  # shipped off until setup made the hook
    assert mirror_settings(cfg).label == "sa-request" and suggest_settings(cfg).top == 3
    assert slo_settings(cfg).triage.business_days == 1 and digest_settings(cfg).label == "sa-digest"


def test_with_section_replaces_one_section_and_leaves_the_config_it_came_from():
    cfg = config()
    changed = cfg.with_section(replace(mirror_settings(cfg), label="other"))
    assert mirror_settings(changed).label == "other" and mirror_settings(cfg).label == "sa-request"
    assert changed.sections["slo"] is cfg.sections["slo"] and changed.regions is cfg.regions


def test_a_config_read_without_a_section_says_so():
    with pytest.raises(ConfigErrors) as e:  # nobody reads them
        config_mod.parse(SHIPPED, "sa-triage.yml", ROOT, sections=())
    assert [x.key_path for x in e.value.errors] == ["mirror", "async_slack", "slo", "react", "meetings"]
    bare = "\n".join(line for line in SHIPPED.split("\n\nmirror:")[0].splitlines())
    cfg = config_mod.parse(bare, "sa-triage.yml", ROOT, sections=())
    with pytest.raises(LookupError, match=r"^sa-triage.yml: no MirrorSettings section .*load_config"):
        mirror_settings(cfg)
    with pytest.raises(LookupError, match="no MirrorSettings section"):
        cfg.with_section(MirrorSettings())


def test_a_new_section_reads_its_key_with_what_the_file_declares_and_adds_its_labels():
    cfg = config_mod.parse(SHIPPED + "\nwidget: {size: 3}\n", "sa-triage.yml", ROOT,
                           sections=(*SECTIONS, WIDGET))
    assert cfg.section(WidgetSettings) == WidgetSettings(3, frozenset(cfg.regions))
    assert cfg.labels[-1] == LabelSpec("widget::big", "#ABCDEF", "A big widget")
    text = SHIPPED + "\nwidget: {size: 3, colour: red}\n"
    with pytest.raises(ConfigError, match=r"widget\.colour: unknown key \(did you mean 'size'\?|expected"):
        config_mod.parse(text, "sa-triage.yml", ROOT, sections=(*SECTIONS, WIDGET))
    with pytest.raises(ConfigError, match=r"sa-triage.yml: widget: unknown key"):
        parse_config(text, "sa-triage.yml", ROOT)  # the registry's sections: no widget


@pytest.mark.parametrize("extra", [
    ConfigSection(("mirror",), WidgetSettings, _read_widget),  # a key another section reads
    ConfigSection(("labels",), WidgetSettings, _read_widget),  # a key of the kernel
    ConfigSection(("widget",), MirrorSettings, lambda root, declared: MirrorSettings()),  # a class again
])
def test_sections_may_not_overlap(extra):
    with pytest.raises(ValueError, match="config sections overlap"):
        config_mod.parse(SHIPPED, "sa-triage.yml", ROOT, sections=(*SECTIONS, extra))
