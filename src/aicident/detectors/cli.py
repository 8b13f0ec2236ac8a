"""`aicident scan FILE` and `aicident detectors eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from aicident.console import emit_json
from aicident.detectors.evaluation import CORPORA_VARIABLE, corpora_module, injection_summary
from aicident.detectors.events import parse_event
from aicident.detectors.sample import CORPORA_HELP, register_sample
from aicident.errors import InvalidInput
from aicident.runtime import plan_in_force
from aicident.settings import Settings

detectors = typer.Typer(
    no_args_is_help=True,
    help="The detectors: evaluate them on their corpora; write sample logs to scan. The corpora are not installed "
    "with the package: they are the corpora/ folder of a checkout of the repository (see --corpora).",
)
register_sample(detectors)


def _read(file: Path, show_progress: bool):
    """Events from a JSONL file, with a progress bar on long files when a person is watching."""
    size = file.stat().st_size
    with (
        file.open("rb") as handle,
        typer.progressbar(length=size, label="scanning", file=sys.stderr, hidden=not show_progress) as bar,
    ):
        for number, line in enumerate(handle, start=1):
            bar.update(len(line))
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except ValueError as error:
                raise InvalidInput(f"{file}:{number} is not JSON: {error}") from None
            yield parse_event(document, f"{file}:{number}")


def register(app: typer.Typer) -> None:
    @app.command()
    def scan(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Interaction events, one JSON a line."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Run every detector over a log file, offline, and print the findings it would raise."""
        from aicident.detectors.registry import DetectorSet, build  # compiling the rules: only when scanning

        plan = plan_in_force(Settings.from_env())
        engine = DetectorSet(build(plan.detectors))
        show = sys.stderr.isatty() and file.stat().st_size > 1_000_000
        groups: dict[str, dict] = {}
        read = [0]

        def found():
            for event in _read(file, show):
                read[0] += 1
                yield from engine.observe([event])
            yield from engine.flush()  # detectors that judge in the background (a local model): wait for them

        for finding in found():
            group = groups.setdefault(
                finding.dedup_key,
                {
                    "category": finding.category,
                    "detector": finding.detector,
                    "title": finding.title,
                    "severity": finding.severity,
                    "feature": finding.feature,
                    "first_at": finding.time.isoformat(),
                    "occurrences": 0,
                    "resolved": False,
                    "evidence": {"event_ids": [], "excerpt": finding.evidence.excerpt},
                },
            )
            if str(finding.action) == "resolve":
                group["resolved"] = True
                continue
            group["occurrences"] += 1
            group["last_at"] = finding.time.isoformat()
            ids = group["evidence"]["event_ids"]
            ids.extend(i for i in finding.evidence.event_ids if i not in ids and len(ids) < 10)
        events = read[0]
        engine.close()
        # As the server's routing does: the findings of one category about one feature make one incident.
        incidents: dict[tuple[str, str], list[dict]] = {}
        for group in groups.values():
            incidents.setdefault((group["category"], group["feature"]), []).append(group)
        result = {
            "events": events,
            "incidents": len(incidents),
            "findings": list(groups.values()),
            "incident_groups": [
                {"category": c, "feature": f, "findings": len(g), "occurrences": sum(x["occurrences"] for x in g)}
                for (c, f), g in incidents.items()
            ],
        }
        if as_json:
            emit_json(result)
            return
        typer.echo(f"{events} events scanned: {len(incidents)} incident(s) would be opened or updated")
        for (category, feature), incident_groups in incidents.items():
            typer.echo(f"- {category} on {feature}:")
            for g in incident_groups:
                state = " (resolved later)" if g["resolved"] else ""
                typer.echo(f"    {g['severity']:<8} x{g['occurrences']:<5} {g['title']}{state}")
                typer.echo(
                    f"      evidence: events {', '.join(g['evidence']['event_ids'][:5])}"
                    + (f"; {g['evidence']['excerpt'][:120]}" if g["evidence"]["excerpt"] else "")
                )

    app.add_typer(detectors, name="detectors")


@detectors.command("eval")
def evaluate(
    as_json: bool = typer.Option(False, "--json"),
    seed: int = typer.Option(7, "--seed", help="Seed of the generated corpora."),
    corpora: Path | None = typer.Option(None, "--corpora", envvar=CORPORA_VARIABLE, help=CORPORA_HELP),
) -> None:
    """Precision, recall and F1 of every detector on the test split of our own corpora (never used in training), and prompt
    injection's recall per attack family and share flagged per negative class.

    The labelled corpora are the corpora/ folder of a checkout of the repository, not part of the installed package
    (see --corpora).
    """
    text, streams = corpora_module("text", corpora), corpora_module("streams", corpora)
    rows = text.evaluate(seed) + streams.evaluate(seed)
    if as_json:
        emit_json(
            [
                {
                    **vars(r),
                    "precision": r.precision,
                    "recall": r.recall,
                    "f1": r.f1,
                    "false_positive_rate": r.false_positive_rate,
                }
                for r in rows
            ]
        )
        return
    typer.echo(
        f"{'detector':<28} {'category':<19} {'TP':>6} {'FP':>5} {'FN':>5} {'TN':>6} "
        f"{'precision':>9} {'recall':>7} {'F1':>6} {'FPR':>6}"
    )
    for r in rows:
        typer.echo(
            f"{r.detector:<28} {r.category:<19} {r.true_positives:>6} {r.false_positives:>5} "
            f"{r.false_negatives:>5} {r.true_negatives:>6} {r.precision:>9.3f} {r.recall:>7.3f} "
            f"{r.f1:>6.3f} {r.false_positive_rate:>6.3f}"
        )
    typer.echo("")
    for line in injection_summary(rows):
        typer.echo(line)
