"""Writes are paced under per-minute limits without sleeping more than needed."""

from bots import actions as a
from bots.pacing import Limits, WritePacer


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.t += s


def test_notes_are_paced_to_the_limit():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=60), clock=clock, sleep=clock.sleep)
    note = a.UpsertNote(1, "<!-- m -->", "b")
    for _ in range(150):
        pacer.before_write(note)
    # 150 notes at 60/min: the 61st and 121st must wait for the window -> about two minutes.
    assert 119 < clock.t < 121


def test_other_writes_are_not_slowed_by_the_note_limit():
    clock = FakeClock()
    pacer = WritePacer(Limits(notes_per_minute=1), clock=clock, sleep=clock.sleep)
    for _ in range(100):
        pacer.before_write(a.UpdateIssue(1, add_labels=("x",)))
    assert clock.t == 0


def test_no_limits_means_no_sleep():
    clock = FakeClock()
    pacer = WritePacer(clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        pacer.before_write(a.CreateIssue("k", "t", "d", ()))
    assert clock.t == 0
