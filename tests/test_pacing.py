"""Requests are paced under per-minute limits without sleeping more than needed, each in its bucket."""

import pytest

from bots.pacing import Limits, WritePacer, buckets_of

NOTE = ("POST", "/api/v4/projects/commercial%2Ftriage/issues/12/notes")
ISSUE = ("POST", "/api/v4/projects/commercial%2Ftriage/issues")


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.t += s


def send(pacer, request, took=0.0, status=201, headers=None, clock=None):
    pacer.before_request(*request)
    if clock is not None:
        clock.t += took
    pacer.after_response(*request, status, headers or {})


@pytest.mark.parametrize(("method", "path", "buckets"), [
    ("POST", NOTE[1], ("write", "note")),
    ("POST", "/api/v4/projects/5/merge_requests/3/discussions", ("write", "note")),
    ("POST", ISSUE[1], ("write", "issue")),
    ("POST", "/api/v4/projects/5/issues/", ("write", "issue")),
    ("PUT", "/api/v4/projects/5/issues/12/notes/7", ("write",)),
    ("PUT", "/api/v4/projects/5/issues/12", ("write",)),
    ("POST", "/api/v4/projects/5/labels", ("write",)),
    ("DELETE", "/api/v4/projects/5/labels/x", ("write",)),
    ("GET", NOTE[1], ()),
])
def test_each_request_counts_in_its_buckets(method, path, buckets):
    assert buckets_of(method, path) == buckets


def test_notes_are_paced_to_the_limit():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=60), clock=clock, sleep=clock.sleep)
    for _ in range(150):
        send(pacer, NOTE)
    # 150 notes at 60/min: the 61st and 121st must wait for the window -> about two minutes.
    assert 119 < clock.t < 121
    assert pacer.requests == {"note": 150, "write": 150}


def test_a_window_starts_when_the_answer_came_so_gitlab_counted_it_already():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=2, window=10), clock=clock, sleep=clock.sleep)
    send(pacer, NOTE, took=3, clock=clock)  # sent at 0, answered at 3
    send(pacer, NOTE, clock=clock)
    pacer.before_request(*NOTE)
    assert clock.t == pytest.approx(13.001)  # 10 s after the first answer, not after the first send


def test_issue_creates_and_the_notes_between_them_each_count():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=1, issues_per_minute=2), clock=clock, sleep=clock.sleep)
    for _ in range(2):  # an issue create with its needs-info note, as CreateIssue sends them
        send(pacer, ISSUE)
        send(pacer, NOTE)
    assert clock.t == pytest.approx(60.001)  # the second note waited for the first to leave the window
    assert pacer.requests == {"write": 4, "issue": 2, "note": 2}


def test_other_writes_are_not_slowed_by_the_note_limit():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=1), clock=clock, sleep=clock.sleep)
    for _ in range(100):
        send(pacer, ("PUT", "/api/v4/projects/5/issues/1"), status=200)
        send(pacer, ("GET", NOTE[1]), status=200)
    assert clock.t == 0 and pacer.requests == {"write": 100}  # seen, in the write bucket only


def test_no_limits_means_no_sleep():
    clock = FakeClock()
    pacer = WritePacer(clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        send(pacer, ISSUE)
    assert clock.t == 0 and pacer.requests == {"write": 1000, "issue": 1000}


def test_a_429_without_retry_after_backs_off_by_the_window_and_one_with_it_obeys():
    clock = FakeClock()
    pacer = WritePacer(Limits(window=60), clock=clock, sleep=clock.sleep)
    send(pacer, NOTE, status=429)
    assert [pacer.backoff(n) for n in range(1, 6)] == [7.5, 15, 30, 60, 60]
    assert pacer.wait_after_429(1) == 7.5 and pacer.slept == clock.t == 7.5
    send(pacer, NOTE, status=429, headers={"Retry-After": "3"})
    assert pacer.backoff(1) == pacer.backoff(4) == 3
    send(pacer, NOTE, status=429, headers={"Retry-After": "3600"})
    assert pacer.backoff(1) == 60  # never more than the window: by then GitLab's has rolled
    send(pacer, NOTE, status=429, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})
    assert pacer.backoff(2) == 15
    assert pacer.throttled == 4 and pacer.requests["note"] == 4
