"""Resident memory and CPU time of running processes, read from ``/proc`` (Linux)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

_PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (children, grandchildren, ...)."""
    found = [pid]
    index = 0
    while index < len(found):
        current = found[index]
        index += 1
        for task in (_PROC / str(current) / "task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            found.extend(int(child) for child in children if int(child) not in found)
    return found


def vm_rss_kib(pid: int) -> Optional[int]:
    """``VmRSS`` of one process in KiB (None when it is gone)."""
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return 0


def tree_rss_mib(pid: int) -> Optional[float]:
    """Resident memory of a process and its descendants, in MiB (None when it is gone)."""
    sizes = [vm_rss_kib(p) for p in descendants(pid)]
    known = [s for s in sizes if s is not None]
    return sum(known) / 1024 if known else None


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time consumed so far by the given processes."""
    total = 0
    for pid in pids:
        try:
            fields = (_PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / _TICKS


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its descendants, in seconds."""
    return cpu_seconds(descendants(pid))


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from ``/proc/stat``.

    Busy is everything except idle and I/O wait; the difference of two readings over a
    wall-clock interval gives how many cores were in use, by anyone.
    """
    fields = [int(value) for value in (_PROC / "stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])
    return (total - idle) / _TICKS, total / _TICKS


def own_cpu_seconds() -> float:
    """CPU time of this process (the benchmark client) so far."""
    times = os.times()
    return times.user + times.system
