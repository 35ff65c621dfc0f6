"""/proc helpers for the benchmarks (Linux): the CPU time and command line of this process's descendants
(Ray's raylet, GCS, workers and actors; forked workers), which `resource` cannot see while they run."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> tuple[int, float, str] | None:
    """(parent pid, CPU seconds, command line) of a process, None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, cmd.strip()


def running(pid: int) -> bool:
    """Whether a process exists and is no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def descendants(root: int) -> dict[int, tuple[float, str]]:
    """(CPU seconds, command line) of every process descending from ``root``, by pid."""
    table: dict[int, tuple[int, float, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := proc_cpu(int(entry))) is not None:
            table[int(entry)] = info
    mine, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, cpu, cmd) in table.items():
            if ppid == parent and pid not in mine:
                mine[pid] = (cpu, cmd)
                frontier.append(pid)
    return mine
