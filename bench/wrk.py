"""Driving wrk (with bench/wrk.lua) and reading what it reports."""

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.endpoints import Load

SCRIPT = Path(__file__).resolve().parent / "wrk.lua"


@dataclass(frozen=True)
class Measurement:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # connect, read, write, timeout, and answers of 400 and more
    requests: int
    bytes_per_request: int


def run_wrk(base_url: str, load: Load, seconds: int, connections: int) -> Measurement:
    """One wrk run with one thread, bounded: wrk is killed if it overruns by 30 s."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as paths:
        paths.write("\n".join(load.paths) + "\n")
    env = dict(
        os.environ,
        BENCH_METHOD=load.method,
        BENCH_PATHS=paths.name,
        BENCH_BODY=load.body,
        BENCH_CONTENT_TYPE=load.content_type,
        BENCH_TOKEN=load.token,
    )
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(SCRIPT), base_url]
    try:
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=seconds + 30, check=True
        )
    finally:
        os.unlink(paths.name)
    return parse(result.stdout)


def parse(output: str) -> Measurement:
    """The BENCH_JSON line wrk.lua prints at the end (latencies in microseconds)."""
    found = re.search(r"^BENCH_JSON (.*)$", output, re.MULTILINE)
    if not found:
        raise ValueError(f"no BENCH_JSON line in wrk's output:\n{output}")
    raw = json.loads(found.group(1))
    seconds = raw["duration_us"] / 1e6
    return Measurement(
        rps=round(raw["requests"] / seconds, 1),
        p50_ms=round(raw["latency_us"]["p50"] / 1000, 2),
        p99_ms=round(raw["latency_us"]["p99"] / 1000, 2),
        errors=sum(raw["errors"].values()),
        requests=raw["requests"],
        bytes_per_request=round(raw["bytes"] / max(raw["requests"], 1)),
    )
