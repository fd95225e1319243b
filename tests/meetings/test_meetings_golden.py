"""Every text the meetings bot writes, compared with its golden file (`UPDATE_GOLDEN=1` rewrites them)."""

from __future__ import annotations

from datetime import date

import pytest

from bots.meetings import agenda as ag
from bots.meetings.after import After, reminder
from bots.meetings.cadence import occurrence, rotation
from tests.factories import ROOT, config
from tests.golden_files import check, orphans
from tests.meetings.helpers import calendar, settings, spec

GOLDEN = ROOT / "tests" / "golden" / "meetings"
HOSTILE = "Pipe|Line <script>alert('x')</script> @all /close Eval"


def _agenda(kind: str, nominal: date, **kw) -> ag.Agenda:
    s = spec(kind)
    cal = calendar(s.region)
    o = occurrence(s, nominal, cal, "move")
    rot = rotation(s, nominal, settings().quarter_start_month) if kind == "global" else None
    others = (("AMER", calendar("AMER")),) if kind == "global" else ()
    return ag.Agenda(o, cal, others, rot, **kw)


REVIEWS = (ag.Listed(12, "Northwind — CI/CD consolidation",
                     "4-Proposal, Net ARR 120,000, presented by `@alex.kim`"),
           ag.Listed(7, HOSTILE, "3-Technical Evaluation, Net ARR 42,000, presented by `@lena.fischer`"))
TRIAGE = (ag.Listed(17, "SA Request: Kestrel Maschinenbau GmbH", "received Mon 2 Nov, 08:15 GMT"),
          ag.Listed(29, HOSTILE, "received Wed 18 Nov, 10:00 GMT"))
LABELS = ("triage::new", "region::EMEA")
AGENDAS = {
    "global-demo-jam": lambda: _agenda("global", date(2026, 11, 9)),
    "global-peer-review": lambda: _agenda("global", date(2026, 11, 23), reviews=REVIEWS),
    "global-peer-review-none": lambda: _agenda("global", date(2026, 11, 23)),
    "global-strategy": lambda: _agenda("global", date(2026, 12, 7)),
    "global-retrospective": lambda: _agenda("global", date(2027, 1, 18)),
    "amer-team-moved": lambda: _agenda("amer-team", date(2027, 1, 18)),  # Martin Luther King Jr. Day
    "emea-team": lambda: _agenda("emea-team", date(2026, 11, 30)),
    "manager-sync": lambda: _agenda("manager-sync", date(2026, 11, 24)),
    "emea-standup": lambda: _agenda("emea-standup", date(2026, 11, 30), triage=TRIAGE, triage_labels=LABELS),
    "emea-standup-empty": lambda: _agenda("emea-standup", date(2026, 11, 30), triage=(),
                                          triage_labels=LABELS),
    "emea-standup-long": lambda: _agenda("emea-standup", date(2026, 11, 30), triage=TRIAGE,
                                         triage_labels=LABELS, triage_more=12),
}


def _reminder() -> str:
    o = occurrence(spec("amer-team"), date(2026, 11, 23), calendar("AMER"), "move")
    env = After(o.end, "sa-triage-bot", o.end - o.end, ("maria.garcia",), calendar("AMER"))
    return reminder(o, env)


TEXTS = {
    **{f"agenda-{k}": (lambda f=f: ag.block(f(), settings())) for k, f in AGENDAS.items()},
    "description-global-demo-jam": lambda: ag.description(AGENDAS["global-demo-jam"](), settings()),
    "recording-reminder": _reminder,
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_text_matches_its_golden_file(name):
    check(GOLDEN, name, TEXTS[name]())


def test_every_golden_file_belongs_to_a_text():
    assert orphans(GOLDEN, set(TEXTS)) == set()


def test_titles_name_the_day_held_and_the_second_half():
    assert ag.title(AGENDAS["global-peer-review"]()) == "Global Team Meeting: Mon 23 Nov 2026 (Peer Review)"
    assert ag.title(AGENDAS["amer-team-moved"]()) == "AMER Regional Team Meeting: Tue 19 Jan 2027"


def test_untrusted_titles_are_inert_on_the_agenda():
    text = ag.block(AGENDAS["emea-standup"](), settings())
    assert "<script>" not in text and "@all" not in text and "\n/close" not in text
    assert config().regions["EMEA"].calendar.timezone == "Europe/London"
