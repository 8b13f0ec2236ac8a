"""Instructions per event of the text detectors, counted by Valgrind, for two or more revisions of the code.

Why: on a shared machine the wall-clock and CPU-time figures of bench/detectors_text.py move by 10-40% from one hour
to the next with the same code, so a speed change of a few percent cannot be told from them. The number of machine
instructions a run executes does not depend on the load: it is the same from run to run (hash seeds fixed), and it is
what this benchmark compares. It is a proxy (cache misses and branch mispredictions are not counted), so the gains it
shows are checked against bench/detectors_text.py's timings too.

How: each revision's `src/` is taken with `git archive` into a temporary folder; a child process imports aicident
from there (before bench/detectors_text.py puts the checkout's `src/` first on the path), builds the workload
(`hostile_2kb`: 2 KB inputs made of attacks, a leak in every answer; or the typical mix of `workload`), runs the
detectors over it once to warm their caches, then N more times with fresh detectors. Valgrind's cachegrind (no cache
simulation) counts the instructions of the child with N = 0 and with N = 2; the difference over 2 x events is the
count per event. The findings of each revision are compared as well: they must be the same.

Needs `valgrind` (Debian package). Usage:
    python bench/detectors_instructions.py --rev ef76079 --rev HEAD [--events 200] [--workload hostile_2kb]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DETECTORS = ("injection", "leak", "hallucination", "all")

CHILD = r"""
import dataclasses, hashlib, json, sys
src, which, passes, events, workload = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, src)
import aicident.detectors.hallucination, aicident.detectors.injection, aicident.detectors.leak  # from `src`
assert aicident.detectors.injection.__file__.startswith(src), aicident.detectors.injection.__file__
sys.path.insert(0, sys.argv[6])
import detectors_text as bench
from aicident.detectors.hallucination import HallucinationDetector
from aicident.detectors.injection import InjectionDetector
from aicident.detectors.leak import LeakDetector
made = {"injection": (InjectionDetector,), "leak": (LeakDetector,), "hallucination": (HallucinationDetector,),
        "all": (InjectionDetector, LeakDetector, HallucinationDetector)}[which]
chosen = bench.hostile_2kb(1000) if workload == "hostile_2kb" else bench.workload(1000)
evs = [e for e, _ in chosen][:events]
detectors = [make() for make in made]
digest = hashlib.sha256()
for e in evs:
    for d in detectors:
        for f in d.observe(e):
            digest.update(json.dumps(dataclasses.asdict(f), default=str, sort_keys=True).encode())
for _ in range(passes):
    detectors = [make() for make in made]
    for e in evs:
        for d in detectors:
            d.observe(e)
print(json.dumps({"findings": digest.hexdigest()}))
"""


def _count(src: Path, which: str, passes: int, events: int, workload: str) -> tuple[int, str]:
    """Instructions of one child run, and the digest of its findings."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONPATH", None)
    out = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-c",
            CHILD,
            str(src),
            which,
            str(passes),
            str(events),
            workload,
            str(ROOT / "bench"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    refs = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if refs is None:
        raise SystemExit(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(refs.group(1).replace(",", "")), json.loads(out.stdout.strip().splitlines()[-1])["findings"]


def _revision(rev: str, into: Path) -> tuple[str, Path]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", rev], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    folder = into / commit
    folder.mkdir()
    archive = subprocess.run(["git", "archive", commit, "src"], capture_output=True, check=True, cwd=ROOT).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return commit, folder / "src"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", action="append", required=True, help="a revision to count (give two or more)")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--workload", choices=("hostile_2kb", "typical"), default="hostile_2kb")
    parser.add_argument("--detectors", default=",".join(DETECTORS))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    detectors = [d for d in args.detectors.split(",") if d]
    with tempfile.TemporaryDirectory() as tmp:
        revisions = [_revision(rev, Path(tmp)) for rev in args.rev]
        jobs = [(commit, src, which, passes) for commit, src in revisions for which in detectors for passes in (0, 2)]
        with ThreadPoolExecutor(args.jobs) as pool:
            counted = dict(
                zip(
                    [(c, w, p) for c, _, w, p in jobs],
                    pool.map(lambda j: _count(j[1], j[2], j[3], args.events, args.workload), jobs),
                    strict=True,
                )
            )
    rows = {}
    for commit, _ in revisions:
        for which in detectors:
            (base, digest), (more, _) = counted[(commit, which, 0)], counted[(commit, which, 2)]
            rows.setdefault(which, {})[commit] = {"per_event": (more - base) // (2 * args.events), "findings": digest}
    same = {which: len({r["findings"] for r in by_rev.values()}) == 1 for which, by_rev in rows.items()}
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "workload": args.workload,
        "events": args.events,
        "revisions": [commit for commit, _ in revisions],
        "instructions_per_event": rows,
        "same_findings": same,
        "python": sys.version.split()[0],
    }
    first = revisions[0][0]
    lines = [
        "# Text detectors: instructions per event",
        "",
        f"Run: `{results['command']}` at {results['when']}, Python {results['python']}. Workload: {args.workload} "
        f"({args.events} events), Valgrind cachegrind, PYTHONHASHSEED=0; instructions per event = (a run with two "
        "more passes - a run with none) / (2 x events). The findings' digest of each revision must be the same.",
        "",
        "| detector | " + " | ".join(commit for commit, _ in revisions) + f" | change from {first} | same findings |",
        "|---|" + "---:|" * len(revisions) + "---:|---|",
    ]
    for which, by_rev in rows.items():
        counts = [by_rev[commit]["per_event"] for commit, _ in revisions]
        change = (counts[-1] - counts[0]) / counts[0] * 100
        lines.append(
            f"| {which} | "
            + " | ".join(f"{c:,}" for c in counts)
            + f" | {change:+.1f}% | {'yes' if same[which] else 'NO'} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "detectors_instructions.json").write_text(json.dumps(results, indent=2) + "\n")
    report = "\n".join(lines) + "\n"
    (RESULTS / "detectors_instructions.md").write_text(report)
    print(report)
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
