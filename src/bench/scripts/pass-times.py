#!/usr/bin/env python3
"""The trading passes' times from a flight recording's xyz.halyrd.TradingPass events (`jfr print --json`).

Usage: pass-times.py EVENTS.json FROM_MS-TO_MS [FROM_MS-TO_MS ...]
Prints "p50 p99 n" (milliseconds) of the passes that began inside any of the windows (epoch milliseconds), or
"- - 0" when none did.
"""
import json
import re
import sys
from datetime import datetime


def millis(ts):  # "2026-11-30T12:52:35.123456789Z"
    m = re.match(r"(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$", ts)
    whole = datetime.fromisoformat(m.group(1) + "+00:00").timestamp() * 1000
    return whole + float("0." + (m.group(2) or "0")) * 1000


def duration(d):  # ISO-8601 duration, "PT0.012345S", "PT1M2.5S"
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$", d)
    return ((int(m.group(1) or 0) * 60 + int(m.group(2) or 0)) * 60 + float(m.group(3) or 0)) * 1000


events = json.load(open(sys.argv[1]))["recording"]["events"]
windows = [tuple(int(x) for x in w.split("-")) for w in sys.argv[2:]]
d = sorted(duration(e["values"]["duration"]) for e in events
           if any(lo <= millis(e["values"]["startTime"]) <= hi for lo, hi in windows))
if not d:
    print("- - 0")
else:
    print(f"{d[len(d) // 2]:.1f} {d[min(len(d) - 1, int(len(d) * 0.99))]:.1f} {len(d)}")
