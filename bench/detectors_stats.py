#!/usr/bin/env python
"""Benchmark: the statistical detectors' false alarms per stream-day, detection delays, speed and memory, one core.

    .venv/bin/python bench/detectors_stats.py [--control-days 60] [--shift-days 3] [--events 1000000]

What it does:
  * pins the process to one CPU (sched_setaffinity) so the figures are one-core figures;
  * false alarms: runs bias, model degradation, vendor outage and complaint spikes (the hallucination detector's
    statistical part), each fresh with the configuration a plan gets by default, over `--control-days` stationary
    days of corpora/traffic.py's product_day (seeds 3001...: daily seasonality, surges, a small group, planned
    upgrades and silent same-quality snapshots) and over the shift days below; every finding that is not about an
    injected shift is false. Target: at most one false finding per 30 stream-days for each detector;
  * detection: every shift of corpora/traffic.py's SHIFTS on `--shift-days` days each (seeds 4001..., the time drawn
    between 08:00 and 16:00), caught when a finding on its dedup key comes within its window; the delay is from the
    shift's start to that finding. Target: every shift caught;
  * throughput: corpora/streams.py's mixed_stream (six feature/provider routes at 50 events/s of simulated time),
    generated in chunks outside the timed region; each detector alone and all together, timed with perf_counter
    (wall) and process_time (CPU). Target: >= 50,000 events per CPU-second together;
  * memory: tracemalloc over a slower mixed stream that outlasts the longest window; footprint() per detector;
  * writes bench/results/detectors_stats.{md,json} with the machine, the date and the load, prints the summary, and
    exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the stream generators are the checkout's corpora/ folder

from corpora import traffic  # noqa: E402
from corpora.streams import mixed_stream  # noqa: E402

THROUGHPUT_TARGET = 50_000.0  # events per CPU-second, all together
FALSE_PER_30_DAYS = 1.0
FACTORIES = traffic.DETECTORS
# Seeds no design choice was made on: a first run on 1001... and 2001... missed one refusal shift of three, the refusal
# drift's baseline margin was then chosen on simulated refusal streams, and the figures are from these fresh seeds.
CONTROL_SEEDS = 3001
SHIFT_SEEDS = 4001


# --- false alarms and detection --------------------------------------------------------------------------------------


def days(control_days: int, shift_days: int) -> list[dict]:
    """Every day's result, controls first; progress on stderr."""
    plans = [(CONTROL_SEEDS + i, None) for i in range(control_days)]
    seed = SHIFT_SEEDS
    for name in traffic.SHIFTS:
        for _ in range(shift_days):
            plans.append((seed, name))
            seed += 1
    results = []
    started = time.perf_counter()
    for n, (seed, shift) in enumerate(plans, start=1):
        day = traffic.product_day(seed, shift)
        result = traffic.run_day(day)
        results.append(
            {
                "seed": seed,
                "shift": shift,
                "events": result.events,
                "false": {k: list(v) for k, v in result.false.items()},
                "caught": result.caught,
                "delay_minutes": result.delay_minutes,
                "finding": result.finding,
                "shift_start": day.shift_start.isoformat() if day.shift_start else None,
                "upgrade": day.upgrade[0] if day.upgrade else None,
                "snapshot": day.snapshot[0] if day.snapshot else None,
                "surges": len(day.surges),
            }
        )
        print(
            f"  day {n}/{len(plans)} seed {seed} {shift or 'control'}: {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return results


def false_alarms(results: list[dict]) -> dict:
    stream_days = len(results)
    table = {}
    for name in FACTORIES:
        count = sum(len(r["false"][name]) for r in results)
        on_controls = sum(len(r["false"][name]) for r in results if r["shift"] is None)
        table[name] = {
            "false_findings": count,
            "on_control_days": on_controls,
            "stream_days": stream_days,
            "per_30_stream_days": round(30 * count / stream_days, 3),
            "target_met": 30 * count / stream_days <= FALSE_PER_30_DAYS,
            "titles": [t for r in results for t in r["false"][name]][:20],
        }
    return table


def detection(results: list[dict]) -> dict:
    table = {}
    for name, shift in traffic.SHIFTS.items():
        rows = [r for r in results if r["shift"] == name]
        delays = [r["delay_minutes"] for r in rows if r["caught"]]
        table[name] = {
            "category": shift.category,
            "dedup_key": shift.dedup_key,
            "lasts_minutes": shift.minutes,
            "window_minutes": shift.detect_within_minutes,
            "days": len(rows),
            "caught": len(delays),
            "delay_minutes": sorted(delays),
            "median_delay_minutes": round(statistics.median(delays), 1) if delays else None,
            "missed_seeds": [r["seed"] for r in rows if not r["caught"]],
        }
    return table


# --- throughput and memory -------------------------------------------------------------------------------------------


def chunks(seed: int, events: int, size: int):
    stream = mixed_stream(seed, events)
    while True:
        chunk = [event for _, event in zip(range(size), stream, strict=False)]
        if not chunk:
            return
        yield chunk


def throughput(seed: int, events: int, size: int) -> dict:
    """Events/s per detector alone and for all together; generation is not timed."""
    runs = {name: [factory()] for name, factory in FACTORIES.items()}
    runs["together"] = [factory() for factory in FACTORIES.values()]
    wall = dict.fromkeys(runs, 0.0)
    cpu = dict.fromkeys(runs, 0.0)
    count = 0
    for chunk in chunks(seed, events, size):
        count += len(chunk)
        for name, detectors in runs.items():
            observers = [d.observe for d in detectors]
            gc.collect()
            w, c = time.perf_counter(), time.process_time()
            for event in chunk:
                for observe in observers:
                    observe(event)
            wall[name] += time.perf_counter() - w
            cpu[name] += time.process_time() - c
    return {
        name: {
            "events": count,
            "seconds": round(wall[name], 3),
            "cpu_seconds": round(cpu[name], 3),
            "events_per_second": round(count / wall[name]),
            "events_per_cpu_second": round(count / cpu[name]),
            "microseconds_per_event": round(cpu[name] / count * 1e6, 3),
        }
        for name in runs
    }


def memory(seed: int, events: int, per_second: float) -> list[dict]:
    """Bytes held by the detectors (tracemalloc) and their footprint() at checkpoints through the stream."""
    marks = (1_000, 10_000, 30_000, 100_000, 200_000, 300_000, 450_000, 600_000, 1_000_000, events)
    checkpoints = sorted({c for c in marks if c <= events})
    gc.collect()
    tracemalloc.start()
    detectors = {name: factory() for name, factory in FACTORIES.items()}
    base = tracemalloc.get_traced_memory()[0]
    rows = []
    start = None
    for n, event in enumerate(mixed_stream(seed, events, per_second), start=1):
        for detector in detectors.values():
            detector.observe(event)
        start = start or event.time
        if n in checkpoints:
            event_time = event.time
            del event
            gc.collect()
            current, peak = tracemalloc.get_traced_memory()
            rows.append(
                {
                    "events": n,
                    "stream_hours": round((event_time - start).total_seconds() / 3600, 2),
                    "detector_bytes": current - base,
                    "peak_bytes": peak - base,
                    "footprint": {name: footprint(d) for name, d in detectors.items()},
                }
            )
    tracemalloc.stop()
    return rows


def footprint(detector) -> int:
    spikes = getattr(detector, "_spikes", None)  # the hallucination detector: its complaint counts
    return spikes.footprint() if spikes is not None else detector.footprint()


# --- report ----------------------------------------------------------------------------------------------------------


def render(result: dict) -> str:
    f, d, t = result["false_alarms"], result["detection"], result["throughput"]
    lines = [
        "# Statistical detectors benchmark",
        "",
        (
            f"{result['when']}, Python {result['python']}, {result['machine']}, pinned to CPU {result['cpu']} "
            f"(one core), load average {result['load_average']} at the start (a shared machine: wall-clock "
            f"figures are a floor). Command: `{result['command']}`. Data: generated by corpora/traffic.py and "
            "corpora/streams.py (our own streams, fixed seeds); detectors with a plan's default configuration."
        ),
        "",
        "## False findings per stream-day",
        "",
        (
            f"{result['stream_days']} stream-days: {result['control_days']} stationary days (seeds "
            f"{CONTROL_SEEDS}-{CONTROL_SEEDS + result['control_days'] - 1}; daily seasonality 0.3x-1.7x, 1-3 "
            "surges of 2-5x a day, a group of 0.3% among the applicants, a planned upgrade on half the days, a "
            "silent same-quality snapshot on some, a one-minute error blip ten minutes in on every seventh) and the "
            f"shift days below, {result['events']:,} events in all. A finding is false unless it is about the day's "
            "injected shift."
        ),
        "",
        "| detector | false findings | of them on control days | stream-days | per 30 stream-days | target <= 1 |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, row in f.items():
        lines.append(
            f"| {name} | {row['false_findings']} | {row['on_control_days']} | {row['stream_days']} | "
            f"{row['per_30_stream_days']} | {'met' if row['target_met'] else '**NOT met**'} |"
        )
    false_titles = [f"- {name}: {title}" for name, row in f.items() for title in row["titles"]]
    if false_titles:
        lines += ["", "The false findings:", "", *false_titles]
    lines += [
        "",
        "## Injected shifts: caught, and after how long",
        "",
        "| shift | category | lasts | window | caught | delays (minutes) | median |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for name, row in d.items():
        lasts = f"{row['lasts_minutes']:g} min" if row["lasts_minutes"] else "rest of day"
        lines.append(
            f"| {name} | {row['category']} | {lasts} | {row['window_minutes']:g} min | {row['caught']}/{row['days']} "
            f"| {', '.join(f'{x:g}' for x in row['delay_minutes'])} | {row['median_delay_minutes']} |"
        )
    lines += [
        "",
        "## Throughput (one core)",
        "",
        f"`mixed_stream(seed={result['seed']})`, {t['together']['events']:,} events, generated outside the timed "
        "region.",
        "",
        "| detector | events per CPU-second | events/s (wall) | µs per event (CPU) |",
        "|---|---:|---:|---:|",
    ]
    for name, row in t.items():
        lines.append(
            f"| {name} | {row['events_per_cpu_second']:,} | {row['events_per_second']:,} | "
            f"{row['microseconds_per_event']} |"
        )
    verdict = "met" if result["throughput_target_met"] else "**NOT met**"
    lines += [
        "",
        f"Target >= {THROUGHPUT_TARGET:,.0f} events per CPU-second together: {verdict}.",
        "",
        "## Memory (tracemalloc, detector state only)",
        "",
        f"`mixed_stream(seed={result['seed']}, per_second={result['memory_rate']:g})`, long enough to outlast the "
        "longest window (the complaint spikes' 24 h baseline and hour).",
        "",
        "| events read | stream hours | bytes held | peak bytes | " + " | ".join(FACTORIES) + " |",
        "|---:|---:|---:|---:|" + "---:|" * len(FACTORIES),
    ]
    for row in result["memory"]:
        sizes = " | ".join(f"{row['footprint'][name]:,}" for name in FACTORIES)
        lines.append(
            f"| {row['events']:,} | {row['stream_hours']} | {row['detector_bytes']:,} | {row['peak_bytes']:,} | "
            f"{sizes} |"
        )
    lines += [
        "",
        "The last columns are footprint(): values held (counters, samples, ids), bounded by the configuration "
        "(keys x windows x buckets x slots, reservoir sizes), not by the stream's length.",
        "",
        f"Targets: **{'all met' if result['targets_met'] else 'NOT all met'}**.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--control-days", type=int, default=60)
    parser.add_argument("--shift-days", type=int, default=3, help="days per injected shift")
    parser.add_argument("--events", type=int, default=1_000_000, help="events of the throughput run")
    parser.add_argument("--memory-events", type=int, default=600_000)
    parser.add_argument("--memory-rate", type=float, default=5.0, help="simulated events/s of the memory run")
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    load = [round(x, 2) for x in os.getloadavg()]
    results = days(args.control_days, args.shift_days)
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + f", {os.cpu_count()} CPUs",
        "cpu": cpu,
        "load_average": load,
        "command": "python bench/detectors_stats.py " + " ".join(sys.argv[1:]),
        "seed": args.seed,
        "control_days": args.control_days,
        "stream_days": len(results),
        "events": sum(r["events"] for r in results),
        "false_alarms": false_alarms(results),
        "detection": detection(results),
        "throughput": throughput(args.seed, args.events, args.chunk),
        "memory_rate": args.memory_rate,
        "memory": memory(args.seed, args.memory_events, args.memory_rate),
        "days": results,
    }
    result["throughput_target_met"] = result["throughput"]["together"]["events_per_cpu_second"] >= THROUGHPUT_TARGET
    result["targets_met"] = (
        result["throughput_target_met"]
        and all(row["target_met"] for row in result["false_alarms"].values())
        and all(row["caught"] == row["days"] for row in result["detection"].values())
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "detectors_stats.json").write_text(json.dumps(result, indent=2) + "\n")
    text = render(result)
    (args.out / "detectors_stats.md").write_text(text)
    print(text)
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
