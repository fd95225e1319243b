"""Bot markers and hidden state: found, trusted only from the bot's own notes, rewritten in place."""

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime

from bots import markers
from bots.model import Note

T = datetime(2026, 11, 2, tzinfo=UTC)


def note(id_, author, body):
    return Note(id_, author, body, T, T)


def test_find_note_trusts_only_the_bot():
    m = markers.note_marker("needs-info")
    notes = [note(1, "mallory", m + "\nforged"), note(2, "bot", m + "\nreal"), note(3, "bot", "other")]
    assert markers.find_note(notes, m, "bot").id == 2
    assert markers.find_note(notes[:1], m, "bot") is None


def test_state_round_trip_and_comment_cannot_be_closed_early():
    state = {"clock": "2026-11-02T16:00:00+00:00", "evil": "--> /close"}
    body = markers.with_marker(markers.note_marker("slo", "triage"), "Visible", state)
    assert "-->" not in body.split("\n")[1][:-4]
    assert markers.read_state(note(1, "bot", body)) == state


def test_read_state_tolerates_garbage():
    assert markers.read_state(note(1, "bot", "<!-- sa-triage:state {nope} -->")) == {}
    assert markers.read_state(None) == {}


def test_replace_block_keeps_what_people_wrote():
    desc = "intro\n" + markers.owned_block("old") + "\n\n## Notes by the SA\nkeep me"
    out = markers.replace_block(desc, "new")
    assert "new" in out and "old" not in out
    assert out.startswith("intro\n") and out.endswith("keep me")
    assert markers.current_block(out) == markers.owned_block("new")


def test_replace_block_adds_one_when_missing():
    out = markers.replace_block("", "facts")
    assert markers.current_block(out) == markers.owned_block("facts")


def test_signed_state_verifies_and_rejects_forgery():
    key = markers.state_key("glpat-abc")
    comment = markers.signed_state_comment({"stage": "3", "x": "-->"}, key)
    assert markers.read_signed_state("text " + comment, key) == {"stage": "3", "x": "-->"}
    forged = comment.replace('"3"', '"4"')
    assert markers.read_signed_state(forged, key) is None
    assert markers.read_signed_state(comment, markers.state_key("other")) is None
    assert markers.read_signed_state("no state", key) is None


def test_without_signature_ignores_only_the_signature():
    a = markers.signed_state_comment({"a": 1}, markers.state_key("k1"))
    b = markers.signed_state_comment({"a": 1}, markers.state_key("k2"))
    assert a != b and markers.without_signature(a) == markers.without_signature(b)


def test_issue_key_is_read_only_inside_the_bot_block():
    from bots.model import Issue

    body = markers.owned_block(markers.issue_key_marker("006REAL") + "\nfacts")
    forged = markers.issue_key_marker("006FORGED") + "\n" + body
    issue = Issue(1, "t", forged, (), "opened", "bot", (), T, T)
    assert markers.find_issue_key(issue, "bot") == "006REAL"
    assert markers.find_issue_key(Issue(1, "t", markers.issue_key_marker("006X"), (), "opened", "bot",
                                        (), T, T), "bot") is None


def test_a_compacted_block_keeps_its_hidden_records_and_its_digest_and_drops_its_visible_lines():
    key = markers.state_key("t")
    content = "\n".join([markers.issue_key_marker("006X"), markers.signed_state_comment(
        {"plan": {"scm": "GitHub"}, "stage": "2-Scoping"}, key), "| **SCM** | GitHub |" * 40])
    slo = markers.signed_comment("slo", {"open": ["triage-breached"]}, key)
    text = markers.owned_block(content) + "\n" + slo + "\n\n### Agenda\n\nDemo of CI\n"
    lean = markers.compact(text)
    assert len(lean) < len(text) / 2 and "| **SCM** |" not in lean
    assert markers.block_digest(lean) == markers.block_digest(text) == markers.content_digest(content)
    assert markers.read_signed_state(markers.current_block(lean), key) == {
        "plan": {"scm": "GitHub"}, "stage": "2-Scoping"}
    assert markers.read_signed_comment(lean, "slo", key) == {"open": ["triage-breached"]}
    assert lean.endswith("\n### Agenda\n\nDemo of CI\n")  # people's text outside the block is kept
    assert markers.content_digest(content + " changed") != markers.block_digest(lean)


def test_a_block_signed_before_the_plan_was_recorded_is_kept_whole():
    key = markers.state_key("t")
    text = markers.owned_block(markers.signed_state_comment({"stage": "2-Scoping"}, key) + "\n| row |")
    assert markers.compact(text) == text
    assert markers.compact("no block at all") == "no block at all"


def test_bot_boilerplate_outside_the_block_is_left_out_of_the_snapshot_only_while_unchanged():
    key = markers.state_key("t")
    block = markers.owned_block(markers.signed_state_comment({"plan": {}}, key) + "\n| row |")
    questions = "### The 4 Questions\n\n- [ ] #1 Is the Command Plan complete?"
    lean = markers.compact(block + "\n\n" + questions + "\n", (questions,))
    assert "4 Questions" not in lean and lean.isascii()
    ticked = block + "\n\n" + questions.replace("[ ]", "[x]") + "\n"  # a person's edit: kept whole
    assert "[x] #1" in markers.compact(ticked, (questions,))


def _by_pattern(text: str, key: bytes) -> dict[str, object] | None:
    """What the reader of the first release returned: the lazy record regex, then the signature."""
    at = text.find("<!-- sa-triage:row {")
    m = re.compile(r"<!-- sa-triage:row (\{.*?\}) sig=([0-9a-f]{32}) -->", re.S).search(text, at) \
        if at >= 0 else None
    if m is None:
        return None
    sig = hmac.new(key, b"row:" + m.group(1).encode(), hashlib.sha256).hexdigest()[:32]
    if key != markers.UNVERIFIED_KEY and sig != m.group(2):
        return None
    try:
        value = json.loads(m.group(1))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def test_a_signed_record_is_read_where_the_lazy_record_pattern_matches_it():
    key = markers.state_key("t")
    good = markers.signed_comment("row", {"d": "x} sig=" + "a" * 32, "n": 1}, key)
    zeros = "<!-- sa-triage:row {} sig=" + "0" * 32 + " -->"
    texts = [good, "x\n" + good + "\n" + good.replace('"n":1', '"n":2'), good.replace(" -->", "-->"),
             good.replace("sig=", "sig=A"), good[:-4], zeros, zeros + good, "<!-- sa-triage:row {",
             '<!-- sa-triage:row {"a":1} sig=' + "0" * 31 + " --> } sig=" + "f" * 32 + " -->",
             "<!-- sa-triage:row {} sig=" + "0" * 32 + " -->}" + " sig=" + "1" * 32 + " -->", "none"]
    assert markers.read_signed_comment(good, "row", key) == {"d": "x} sig=" + "a" * 32, "n": 1}
    for text in texts:
        for k in (key, markers.UNVERIFIED_KEY):
            assert markers.read_signed_comment(text, "row", k) == _by_pattern(text, k), text


def test_hidden_lines_are_the_lines_that_start_with_a_bot_marker():
    import random

    from bots.markers import hidden_lines
    rng = random.Random(7)
    parts = ["<!-- sa-triage:key 1 -->", "<!-- sa-triage:state {} sig=0 -->", "text", "",
             " <!-- sa-triage:x -->", "a<!-- sa-triage:y -->", "<!-- sa-triage:", "<!-- other -->"]
    for _ in range(2000):
        text = "\n".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        assert hidden_lines(text) == [x for x in text.split("\n") if x.startswith("<!-- sa-triage:")], text
