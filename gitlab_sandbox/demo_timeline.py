"""The demo's six weeks of history, as plain data: the extra sample requests that arrived, and what the
team did with each (who triaged it, when, where it went, when its opportunity closed). Seeded, so the
same history every run; pure (the simulation in demo_history.py plays it against the sandbox)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bots.config import Person
from bots.sources.sfid import checksum

WEEKS = 6
SEED = 20261012
ACCOUNTS = ("Alder", "Basalt", "Corvid", "Driftwood", "Ember", "Fernhill", "Gullwing", "Hawthorn", "Inlet",
            "Juniper", "Kelp", "Larch", "Marlin", "Nettle", "Osprey", "Pumice", "Quartz", "Rowan", "Sorrel",
            "Tamarack", "Umber", "Vetch", "Willet", "Yarrow", "Zephyr")
SUFFIXES = ("Systems", "Logistics", "Health", "Retail", "Games", "Energy", "Insurance", "Media")
OFFSETS = {"AMER": 14, "EMEA": 9}  # the regions' mornings, in UTC hours
AES = {"AMER": ("Jordan Lee", "jordan.lee@example.com"), "EMEA": ("Lukas Weber", "lukas.weber@example.com")}


@dataclass(frozen=True)
class Fate:
    """What the team does with one request (times in UTC; None: not (yet) by the demo's now)."""

    opportunity: str  # the export's Opportunity ID (15 or 18 characters)
    region: str
    entered: datetime
    sa: str | None = None
    triaged: datetime | None = None  # assigned to `sa` (and moved off triage::new)
    review_first: bool = False  # discussed in triage::in-review before it is assigned
    engaged: datetime | None = None  # moved to triage::engaged
    followed_up: datetime | None = None  # follow-up documented after the meeting
    closed: datetime | None = None  # the opportunity closed (won) in Salesforce
    meeting: datetime | None = None
    # Left out of the export in this window (deleted in Salesforce, then restored from its recycle
    # bin): the mirror closes its issue after `mirror.missing_runs` runs and reopens it when it is back.
    gone: tuple[datetime, datetime] | None = None
    dismissed: datetime | None = None  # its SA closed the issue (a duplicate), the opportunity stays open
    stages: tuple[tuple[datetime, str], ...] = ()  # the opportunity's stage changes in Salesforce


def parse_time(text: str) -> datetime | None:
    """An export time (ISO 8601 or `11/06/2026 10:15 AM`, UTC), or None when neither."""
    try:
        at = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            at = datetime.strptime(text.strip(), "%m/%d/%Y %I:%M %p")
        except ValueError:
            return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _business_days(start: datetime, end: datetime) -> list[datetime]:
    days, at = [], start
    while at < end:
        if at.weekday() < 5:
            days.append(at)
        at += timedelta(days=1)
    return days


def generated_rows(template: dict[str, str], start: datetime, now: datetime,
                   rng: random.Random) -> list[dict[str, str]]:
    """Extra requests, two or three a week per region, from `start` to a week before `now`."""
    out = []
    for n, day in enumerate(_business_days(start, now - timedelta(days=7))):
        for region in ("AMER", "EMEA"):
            if rng.random() > 0.5:
                continue
            at = day.replace(hour=OFFSETS[region] + rng.randrange(0, 6), minute=rng.choice((0, 15, 30, 45)))
            id15 = "0068X00002" + f"{region[0]}{n:02d}{rng.randrange(100):02d}"
            name = f"{rng.choice(ACCOUNTS)} {rng.choice(SUFFIXES)}"
            owner, email = AES[region]
            meeting = at + timedelta(days=rng.randrange(4, 9), hours=rng.choice((0, 2, 4)))
            row = dict(template)
            row.update({"Opportunity ID": id15 + checksum(id15),
                        "Opportunity URL": f"https://example.lightning.force.com/lightning/r/Opportunity/{id15}/view",
                        "Account Name": name, "Opportunity Name": f"{name.split()[0]} - Platform Evaluation",
                        "Opportunity Owner": owner, "Owner Email": email, "Region": region,
                        "Segment": rng.choice(("Mid-Market First Order", "Named", "Territory")),
                        "Stage": rng.choice(("2-Scoping", "3-Technical Evaluation", "4-Proposal")),
                        "Close Date": (at + timedelta(days=rng.randrange(45, 90))).date().isoformat(),
                        "SA Request Date": at.isoformat().replace("+00:00", "Z"),
                        "Meeting Date": meeting.isoformat().replace("+00:00", "Z"),
                        "Fast Track": "No", "SA Request Status": "Open", "Named Account": ""})
            out.append(row)
    return out


def _delay(rng: random.Random) -> timedelta:
    """How long triage takes: mostly within hours, sometimes the next day, now and then late."""
    roll = rng.random()
    if roll < 0.65:
        return timedelta(hours=rng.uniform(0.5, 5))
    return timedelta(hours=rng.uniform(18, 26) if roll < 0.88 else rng.uniform(40, 75))


def fates(rows: Sequence[dict[str, str]], roster: Sequence[Person], now: datetime,
          rng: random.Random) -> list[Fate]:
    """What happens to each request: triaged (by the region's SA with the fewest open requests), then
    engaged, followed up after the meeting, and for about half, closed; the last days' stay waiting."""
    load: dict[str, int] = {p.username: 0 for p in roster if p.role == "sa"}
    out = []
    for row in sorted(rows, key=lambda r: parse_time(r["SA Request Date"]) or now):
        entered = parse_time(row["SA Request Date"])
        region = row.get("Region", "").strip()
        sas = [p.username for p in roster if p.role == "sa" and p.region == region]
        if entered is None or not sas or not row.get("Opportunity ID"):
            continue
        meeting = parse_time(row.get("Meeting Date", ""))
        triaged = entered + _delay(rng)
        if triaged >= now or (now - entered < timedelta(days=4) and rng.random() < 0.6):
            out.append(Fate(row["Opportunity ID"], region, entered, meeting=meeting))
            continue
        sa = min(sas, key=lambda u: (load[u], rng.random()))
        load[sa] += 1
        engaged = triaged + timedelta(hours=rng.uniform(20, 60))
        followed = meeting + timedelta(hours=rng.uniform(1, 20)) if meeting and rng.random() < 0.85 else None
        closed = (meeting or engaged) + timedelta(days=rng.uniform(3, 12)) if rng.random() < 0.55 else None
        if closed and closed < now:
            load[sa] -= 1
        out.append(Fate(row["Opportunity ID"], region, entered, sa, triaged, rng.random() < 0.25,
                        engaged if rng.random() < 0.7 else None, followed, closed, meeting))
    return out


def gone_and_dismissed(fs: Sequence[Fate], start: datetime, now: datetime) -> list[Fate]:
    """One triaged request leaves the export for a business day and comes back; another's issue is
    closed by its SA while the opportunity stays open. Chosen without the seeded draws, so the rest
    of the history is what it would be without them."""
    out, gone, dismissed = list(fs), None, None
    for n, f in enumerate(out):
        if f.triaged is None or f.closed is not None:
            continue
        day = (max(f.triaged, start) + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
        if gone is None and day.weekday() < 4 and day + timedelta(days=2) < now:
            gone = n
            out[n] = replace(f, gone=(day, day + timedelta(days=1)))
        elif dismissed is None and f.triaged + timedelta(hours=2) < now:
            dismissed = n
            out[n] = replace(f, dismissed=f.triaged + timedelta(hours=2), engaged=None, followed_up=None)
    return out


STAGES = ("2-Scoping", "3-Technical Evaluation", "4-Proposal", "5-Negotiating")


def progressed(fs: Sequence[Fate], rows: Sequence[dict[str, str]], start: datetime,
               now: datetime) -> list[Fate]:
    """One Named request (any stage is in its engagement model) moves on twice in Salesforce, 2
    and 4 days after it arrived or the history began: the mirror's "changed" notes. Chosen without
    the seeded draws."""
    by_id = {r["Opportunity ID"]: r for r in rows}
    out = list(fs)
    for n, f in enumerate(out):
        row = by_id.get(f.opportunity, {})
        stage = row.get("Stage", "")
        if row.get("Segment") != "Named" or f.gone or f.dismissed or stage not in STAGES[:2]:
            continue
        base = max(f.entered, start)
        times = [_weekday((base + timedelta(days=d)).replace(hour=9, minute=30)) for d in (2, 4)]
        if times[-1] + timedelta(days=1) >= min(now, f.closed or now):
            continue
        later = STAGES[STAGES.index(stage) + 1:][:2]
        out[n] = replace(f, stages=tuple(zip(times, later, strict=True)))
        break
    return out


def _weekday(at: datetime) -> datetime:
    while at.weekday() >= 5:
        at += timedelta(days=1)
    return at

