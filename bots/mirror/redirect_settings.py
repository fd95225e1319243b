"""Async Slack support settings from `sa-triage.yml` (`async_slack:`), each with a default.

```yaml
async_slack:
  enabled: true
  label: async-slack
  channels: {AMER: "#cs-commercial-amer-support", EMEA: "#sa-commercial-emea-support"}
  engaged_meeting_types: [discovery, demo, technical-deep-dive, workshop]
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node
from bots.sources.vocab import MeetingType

# Handbook, "Async Slack support": "AMER: `#cs-commercial-amer-support`",
# "EMEA: `#sa-commercial-emea-support`".
DEFAULT_CHANNELS = (("AMER", "#cs-commercial-amer-support"), ("EMEA", "#sa-commercial-emea-support"))
# The SA activities the standard process serves (triage step 7: "discovery calls, demonstrations, or
# technical deep dives", and workshops): a request for one needs discovery or solutioning.
DEFAULT_ENGAGED = (MeetingType.DISCOVERY, MeetingType.DEMO, MeetingType.TECHNICAL_DEEP_DIVE,
                   MeetingType.WORKSHOP)
CHANNEL = re.compile(r"^#[a-z0-9][a-z0-9._-]{0,79}$")  # a Slack channel name: shown as is in the note


@dataclass(frozen=True)
class AsyncSlackSettings:
    enabled: bool = True
    label: str = "async-slack"
    channels: tuple[tuple[str, str], ...] = DEFAULT_CHANNELS  # region -> Slack channel
    engaged_meeting_types: tuple[MeetingType, ...] = DEFAULT_ENGAGED

    def channel(self, region: str) -> str | None:
        return dict(self.channels).get(region)


def async_slack_settings(cfg: Config) -> AsyncSlackSettings:
    return cfg.section(AsyncSlackSettings)


def parse_async_slack(node: Node, regions: frozenset[str]) -> AsyncSlackSettings:
    """`async_slack:` → settings; a channel of an undeclared region, or not a channel name, is an error."""
    d = AsyncSlackSettings()
    node.keys({"enabled", "label", "channels", "engaged_meeting_types"})
    return AsyncSlackSettings(node.typed("enabled", bool, d.enabled), node.field("label", _label, d.label),
                              node.field("channels", partial(_channels, regions=regions), d.channels),
                              node.field("engaged_meeting_types", _meeting_types, d.engaged_meeting_types))


def _label(node: Node) -> str:
    label = node.get(str, AsyncSlackSettings.label)
    if not label.strip():
        raise node.error("must not be blank")
    return label


def _channels(node: Node, regions: frozenset[str]) -> tuple[tuple[str, str], ...]:
    if node.value is None:
        return AsyncSlackSettings.channels
    return tuple((region, node.field(region, partial(_channel, region=region, regions=regions), ""))
                 for region, _ in node.items())


def _meeting_types(node: Node) -> tuple[MeetingType, ...]:
    if node.value is None:
        return AsyncSlackSettings.engaged_meeting_types
    found = (n.collect(partial(_meeting_type, n), None) for n in node.elements())
    return tuple(t for t in found if t is not None)


def _channel(node: Node, region: str, regions: frozenset[str]) -> str:
    if region not in regions:
        raise node.error(f"no region {region!r} under regions:")
    value = node.get(str, required=True).strip()
    if not CHANNEL.match(value):
        raise node.error(f"expected a Slack channel like '#cs-commercial-amer-support', got {value!r}")
    return value


def _meeting_type(node: Node) -> MeetingType:
    value = node.get(str, required=True)
    found = MeetingType.from_text(value)
    if found is None:
        kinds = ", ".join(m.value for m in MeetingType)
        raise node.error(f"expected a meeting type ({kinds}), got {value!r}")
    return found


def _read(root: Node, declared: Declared) -> AsyncSlackSettings:
    return parse_async_slack(root.child("async_slack"), declared.regions)


SECTION = ConfigSection(("async_slack",), AsyncSlackSettings, _read)
