"""bots.procstats measures the calling process itself, not a parent it was exec'd from."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bots import procstats
from bots.golive import Hold
from bots.runner import Runner

ROOT = Path(__file__).resolve().parents[1]
HELD_MB = 200

# The grandchild: what bots.procstats reports, next to the raw ru_maxrss it would have got instead.
_CHILD = ("import json, resource; from bots.procstats import process_stats; "
          "s = process_stats(); "
          "print(json.dumps({'peak_rss_mb': s.peak_rss_mb, 'rss_source': s.rss_source, "
          "'ru_maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
# The parent: holds HELD_MB of touched memory, then starts the child and passes its line on.
_PARENT = ("import subprocess, sys; from bots.procstats import peak_rss; "
           f"held = b'x' * ({HELD_MB} * 1024 * 1024); "
           "child = subprocess.run([sys.executable, '-c', sys.argv[1]], capture_output=True, text=True, "
           "check=True); "
           "print(peak_rss()[0]); print(child.stdout.strip())")


def _parent_and_child() -> tuple[float, dict[str, object]]:
    proc = subprocess.run([sys.executable, "-c", _PARENT, _CHILD], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=60)
    parent, child = proc.stdout.splitlines()
    return float(parent), json.loads(child)


@pytest.mark.skipif(not procstats.STATUS.exists(), reason="needs /proc (Linux)")
def test_a_child_of_a_large_parent_reports_its_own_peak_rss():
    parent_peak, child = _parent_and_child()
    assert parent_peak >= HELD_MB  # the parent really did hold the memory
    assert child["rss_source"] == "VmHWM"
    assert isinstance(child["peak_rss_mb"], float) and 1 < child["peak_rss_mb"] < 100, child
    # Why ru_maxrss is only the fallback: on Linux it survives exec and reports the parent's peak.
    if sys.platform == "linux":
        assert child["ru_maxrss_mb"] >= HELD_MB, child


def test_without_proc_it_falls_back_to_ru_maxrss_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(procstats, "STATUS", tmp_path / "absent")
    stats = procstats.process_stats()
    assert stats.rss_source == "ru_maxrss" and stats.peak_rss_mb > 1
    assert procstats.current_rss() is None


def test_status_fields_are_read_in_kib(tmp_path):
    status = tmp_path / "status"
    status.write_text("Name:\tpython3\nVmPeak:\t  300000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t 40960 kB\n")
    assert procstats.status_kib("VmHWM", status) == 51200
    assert procstats.status_kib("VmRSS", status) == 40960
    assert procstats.status_kib("VmSwap", status) is None


def test_cpu_is_user_plus_system_time_and_grows_with_work():
    before = procstats.process_stats()
    sum(i * i for i in range(300_000))
    after = procstats.process_stats()
    assert after.cpu_s == pytest.approx(after.cpu_user_s + after.cpu_sys_s)
    assert after.cpu_s >= before.cpu_s


def test_the_run_report_carries_the_process_figures(tmp_path):
    ctx = SimpleNamespace(now=datetime(2026, 11, 23, 15, tzinfo=UTC), hold=Hold(), state_key=b"")
    runner = Runner(gateway=SimpleNamespace(bot_username="bot"), ctx=ctx, out=None)  # type: ignore[arg-type]
    report = tmp_path / "report.json"
    runner.write_json(report, lambda text: text)
    process = json.loads(report.read_text())["process"]
    assert set(process) == {"peak_rss_mb", "rss_source", "cpu_s", "cpu_user_s", "cpu_sys_s"}
    assert process["rss_source"] in {"VmHWM", "ru_maxrss"} and process["peak_rss_mb"] > 1
    assert process["cpu_s"] > 0
