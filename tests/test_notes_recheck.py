"""The ledger's notes-recheck record: what it covers, how a run leaves it (bots/notes_recheck.py)."""

from __future__ import annotations

import pytest

from bots import markers
from bots.notes_recheck import EVERY, KIND, MAX_IIDS, NONE, Recheck, after_run, comment, read

KEY = markers.state_key("secret")


def test_a_record_reads_back_and_one_signed_with_another_key_or_none_covers_every_issue():
    some = Recheck(False, frozenset({3, 7}))
    assert read(f"text\n{comment(some, KEY)}\n", KEY) == some
    assert read(comment(NONE, KEY), KEY) == NONE and read(comment(EVERY, KEY), KEY) == EVERY
    assert read(comment(some, markers.state_key("other")), KEY) == EVERY  # forged or foreign
    assert read("a ledger written before this record", KEY) == EVERY
    forged = markers.signed_comment(KIND, {"v": 2, "all": False, "iids": []}, KEY)
    assert read(forged, KEY) == EVERY  # a version it does not know


def test_covers_and_merging():
    some = Recheck(False, frozenset({3}))
    assert some.covers(3) and not some.covers(4) and EVERY.covers(4) and not NONE.covers(4)
    assert some.with_issues(frozenset({4})) == Recheck(False, frozenset({3, 4}))
    assert some.with_issues(None) == EVERY and EVERY.with_issues(frozenset({1})) == EVERY
    assert NONE.with_issues(frozenset(range(MAX_IIDS + 1))) == EVERY
    assert some.describe() == "#3" and EVERY.describe() == "every issue" and NONE.describe() == "none"


@pytest.mark.parametrize(("snapshot", "fresh", "unsettled", "settles", "left"), [
    # not settling: what was there, and this run's own
    (NONE, Recheck(False, frozenset({1})), frozenset({2}), False, Recheck(False, frozenset({1, 2}))),
    (NONE, NONE, None, False, EVERY),
    # settling: what the snapshot showed goes; what came after it stays
    (Recheck(False, frozenset({1})), Recheck(False, frozenset({1, 5})), frozenset(), True,
     Recheck(False, frozenset({5}))),
    (EVERY, EVERY, frozenset({2}), True, Recheck(False, frozenset({2}))),
    (NONE, EVERY, frozenset(), True, EVERY),  # recorded after the snapshot (a lock cleared since)
    (EVERY, Recheck(False, frozenset({4})), frozenset(), True, Recheck(False, frozenset({4}))),
    (NONE, NONE, None, True, EVERY),  # the run died mid-plan
])
def test_after_run(snapshot, fresh, unsettled, settles, left):
    assert after_run(snapshot, fresh, unsettled, settles=settles) == left
