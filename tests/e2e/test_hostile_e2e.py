"""The hostile corpus through the real CLI and the sandbox: GitLab would run no quick action and
notify nobody but the people the bot means to address."""

import csv
from datetime import UTC

import pytest

from bots.sources.exports import read_csv
from tests.hostile.test_corpus import HOSTILE_TEXT, SAMPLE

pytestmark = pytest.mark.e2e
ADDRESSED = {"jordan.lee", "priya.shah", "sam.taylor", "lukas.weber", "sofia.rossi",
             "commercial-sa-amer", "commercial-sa-emea"}


def test_every_hostile_text_in_every_field_runs_nothing_and_mentions_nobody(env):
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, base = list(reader.fieldnames or []), next(iter(reader))
    rows = []
    for i, text in enumerate(HOSTILE_TEXT.values()):
        for j, field in enumerate(("Account Name", "Opportunity Name", "Why Now", "Use Cases",
                                   "Attendees", "Competitors", "Champion")):
            row = dict(base, **{field: text})
            id15 = f"006HX{i:05d}{j:05d}"
            row["Opportunity ID"] = id15
            rows.append(row)
    path = env.repo / "bots" / "data" / "sample_requests.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    source = read_csv(path, zone=UTC)  # as the shipped source reads it (timezone: UTC)
    assert len(source.requests) > 100  # most hostile rows are mirrored (inert), a few rejected
    result = env.run("run", "mirror")
    assert result.code in (0, 1), result.text
    assert len(env.sandbox.issues("commercial/triage")) == len(source.requests)
    rejected = {p.place for p in source.problems if not p.warning}
    assert rejected and len(source.requests) + len(rejected) == len(rows)  # each row mirrored or reported
    for problem in source.problems:
        assert str(problem) in result.out
    assert env.sandbox.log.quick_actions == []
    mentioned = {m["mention"].lstrip("@") for m in env.sandbox.log.mentions}
    assert mentioned <= ADDRESSED, mentioned
    assert env.sandbox.internal_errors == []
    env.sandbox.log.reset()
    again = env.run("run", "mirror")
    assert again.code == 1 and f"   0 action(s), {len(rejected)} failure(s), " in again.out, again.text
    assert env.writes() == 0
