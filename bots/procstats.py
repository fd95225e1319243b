"""This process's own peak memory and CPU time, for the run report and the benchmarks.

Peak RSS comes from `VmHWM` in /proc/self/status: the high-water mark of this process's own
address space, which starts afresh at exec. `getrusage(RUSAGE_SELF).ru_maxrss` is only the
fallback where /proc is absent: on Linux it survives exec, so a child started by a large parent
reports the parent's peak (and RUSAGE_CHILDREN mixes every child). `rss_source` says which was used.
MB are MiB (2**20 bytes): /proc's "kB" are KiB.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # not on Windows
    resource = None  # type: ignore[assignment]

STATUS = Path("/proc/self/status")
MB = 1024 * 1024


def status_kib(name: str, status: Path | None = None) -> int | None:
    """A `Vm*` field of /proc/self/status (or `status`) in KiB, e.g. "VmHWM"; None when there is none."""
    try:
        text = (status or STATUS).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key == name:
            parts = value.split()
            if parts and parts[0].isdigit():
                return int(parts[0])
    return None


def peak_rss() -> tuple[float, str]:
    """This process's peak resident set size in MB, and where the figure comes from."""
    kib = status_kib("VmHWM")
    if kib is not None:
        return kib / 1024, "VmHWM"
    if resource is None:
        return 0.0, "none"
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Bytes on macOS, KiB on Linux and the BSDs.
    return (maxrss / MB if sys.platform == "darwin" else maxrss / 1024), "ru_maxrss"


def current_rss() -> float | None:
    """This process's resident set size now (`VmRSS`) in MB, or None without /proc."""
    kib = status_kib("VmRSS")
    return None if kib is None else kib / 1024


def cpu_times() -> tuple[float, float]:
    """User and system CPU seconds of this process so far (all its threads)."""
    if resource is None:
        return time.process_time(), 0.0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


@dataclass(frozen=True)
class ProcessStats:
    peak_rss_mb: float
    rss_source: str  # "VmHWM" (own address space), "ru_maxrss" (may include a parent's, see above)
    cpu_user_s: float
    cpu_sys_s: float

    @property
    def cpu_s(self) -> float:
        return self.cpu_user_s + self.cpu_sys_s

    def to_json(self) -> dict[str, Any]:
        return {"peak_rss_mb": round(self.peak_rss_mb, 1), "rss_source": self.rss_source,
                "cpu_s": round(self.cpu_s, 3), "cpu_user_s": round(self.cpu_user_s, 3),
                "cpu_sys_s": round(self.cpu_sys_s, 3)}


def process_stats() -> ProcessStats:
    """Peak RSS and CPU time of the calling process, as of now."""
    rss, source = peak_rss()
    user, system = cpu_times()
    return ProcessStats(rss, source, user, system)
